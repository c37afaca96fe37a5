-- 0002-pushed-by.sql: the replica whose push stored a record's current state (NULL: any
-- other write, sent to everyone); pull ?own=REPLICA passes over those records.
-- SPDX-License-Identifier: GPL-3.0-or-later
ALTER TABLE records ADD COLUMN pushed_by TEXT;
