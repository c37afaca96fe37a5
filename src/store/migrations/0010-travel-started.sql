-- 0010-travel-started.sql: when the technician set out for a service call.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- SERVICE_CALL.TRAVEL_STARTED_AT
--
-- Stamped, like started_at, resolved_at and closed_at, by the move that sets its status
-- (travelling; src/core/saha-service-call-workflow.c), so the service call page can say
-- since when the technician is on the way. UTC ISO 8601 like the other stamps; calls that
-- travelled before this column existed keep it NULL.
ALTER TABLE service_call ADD COLUMN "travel_started_at" TEXT;
