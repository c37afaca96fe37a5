-- 0008-workday.sql: tasks, cancellation reasons, who each replica belongs to.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- TASK
--
-- A follow-up for one person (src/core/saha-schema.c, docs/crm.md "Tasks"), a table of the
-- shape 0001-tables.sql describes. A task with a customer is in that customer's scope and
-- in its owner's; one without a customer only in its owner's and its creator's
-- (sync-server/saha-server-sync.c). It is done when done_at is set.
--
-- task_owner_due answers "my open tasks, soonest first" (Today, reminders) from the index;
-- task_related finds the follow-up of a record, so that a complaint note never gets a
-- second one (saha-store-record.c).
CREATE TABLE task (
  id                  TEXT    NOT NULL PRIMARY KEY,
  "title"             TEXT,
  "customer"          TEXT,
  "owner"             TEXT,
  "due_at"            TEXT,
  "related_entity"    TEXT,
  "related_id"        TEXT,
  "done_at"           TEXT,
  "done_by"           TEXT,
  "notes"             TEXT,
  vv                  TEXT    NOT NULL,
  registers           TEXT    NOT NULL,
  deleted             INTEGER NOT NULL DEFAULT 0,
  conflicted          INTEGER NOT NULL DEFAULT 0,
  dirty               INTEGER NOT NULL DEFAULT 0,
  changes             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX task_customer ON task ("customer");
CREATE INDEX task_owner_due ON task ("owner", deleted, "done_at", "due_at");
CREATE INDEX task_related ON task ("related_id", "related_entity");
CREATE INDEX task_dirty ON task (dirty) WHERE dirty = 1;
CREATE INDEX task_conflicted ON task (conflicted) WHERE conflicted = 1;

-- Searchable fields title and notes, folded as 0002-search.sql explains.
CREATE VIRTUAL TABLE task_search USING fts5 (
  tr, ascii,
  tokenize = "unicode61 remove_diacritics 0",
  detail = column,
  columnsize = 0,
  prefix = '2'
);

-- ORDER_SEARCH, SERVICE_CALL_SEARCH
--
-- The orders and service calls lists search their number (and a call's problem) here,
-- folded as 0002-search.sql explains, and their customer's name through customer_search
-- (saha-store-query.c), so a renamed customer is found under its new name at once.
CREATE VIRTUAL TABLE order_search USING fts5 (
  tr, ascii,
  tokenize = "unicode61 remove_diacritics 0",
  detail = column,
  columnsize = 0,
  prefix = '2'
);

CREATE VIRTUAL TABLE service_call_search USING fts5 (
  tr, ascii,
  tokenize = "unicode61 remove_diacritics 0",
  detail = column,
  columnsize = 0,
  prefix = '2'
);

INSERT INTO order_search (rowid, tr, ascii)
  SELECT rowid, saha_fold_turkish (coalesce ("number", '')),
         saha_fold_ascii (coalesce ("number", ''))
  FROM "order" WHERE deleted = 0;

INSERT INTO service_call_search (rowid, tr, ascii)
  SELECT rowid,
         saha_fold_turkish (concat_searchable),
         saha_fold_ascii (concat_searchable)
  FROM (SELECT rowid,
               trim (coalesce ("number", '') || ' ' || coalesce ("problem", ''))
                 AS concat_searchable
        FROM service_call WHERE deleted = 0);

-- CANCEL_REASON
--
-- Why a service call or an order was cancelled. Existing records have none (NULL, an unset
-- field; their registers need no entry).
ALTER TABLE service_call ADD COLUMN "cancel_reason" TEXT;
ALTER TABLE "order" ADD COLUMN "cancel_reason" TEXT;

-- REPLICA_USER
--
-- Which user each replica id belongs to, as the server last told it (GET /v1/users), so
-- that conflicts and a record's history name the person who wrote a candidate, offline
-- too. full_name is NULL when the server has none. A replica id the server did not list
-- has no row and is shown as "another device".
CREATE TABLE replica_user (
  replica_id   TEXT    NOT NULL PRIMARY KEY,
  user         TEXT    NOT NULL,
  full_name    TEXT
) WITHOUT ROWID;
