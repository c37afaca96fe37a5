-- 0011-day-plan.sql: what a day is planned with: a call's expected duration, a quote's end.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- SERVICE_CALL.EXPECTED_MINUTES
--
-- How long the office expects the call to take on site, in whole minutes (1 to 1440), set
-- in the dispatch dialog and in New Service Call. The dispatch board draws the call that
-- long and adds it to the technician's load (saha-store-dispatch.c); NULL, a call counts
-- as the board's default length (docs/crm.md "Dispatch"). Calls from before this column
-- keep it NULL.
ALTER TABLE service_call ADD COLUMN "expected_minutes" INTEGER;

-- ORDER.VALID_UNTIL
--
-- The last day (YYYY-MM-DD) a quote holds. The rep's Today lists quotes ending within a
-- week (saha-store-today.c); a quote without it holds 30 days from ordered_at.
ALTER TABLE "order" ADD COLUMN "valid_until" TEXT;
