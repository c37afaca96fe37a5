-- 0005-list-order.sql: indexes for the lists the app shows newest or soonest first.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The orders, service calls and visits lists page through live records by date
-- (saha_store_list with order_by ordered_at, scheduled_at or check_in_at, then id, like
-- customer_name for names). Without an index each page read the whole table through the
-- connection's page cache: with 100,000 customers, the four lists a launch fills took up to
-- 32 MB of cache each, and tens of milliseconds, to show 50 rows.
CREATE INDEX order_ordered_at ON "order" (deleted, "ordered_at", id);
CREATE INDEX service_call_scheduled_at ON service_call (deleted, "scheduled_at", id);
CREATE INDEX visit_check_in_at ON visit (deleted, "check_in_at", id);
