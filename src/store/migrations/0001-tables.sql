-- 0001-tables.sql: the replica's first schema: one table per entity, settings, sync state.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- A replica file holds the records one user may see, each in its entity's table, plus what
-- the sync model needs to merge them (src/core/saha-record.h) and a few profile settings.
-- Migrations are applied in order by PRAGMA user_version, each in one transaction
-- (saha-store.c); a file never goes back to an older version.
--
-- ENTITY TABLES
--
-- Every table is named after its entity and has:
--
--   * one real, typed column per schema field, holding the field's SHOWN value (for a field
--     in conflict, the candidate with the greatest dot, the same on every replica):
--       INTEGER  INTEGER, MONEY (minor units), DECIMAL (scaled by 10^places), BOOLEAN (0/1),
--                as saha_field_canonical_to_int64() gives them, so sums and ranges are exact;
--       TEXT     everything else in canonical form (text, timestamps as UTC ISO 8601, dates,
--                enums, comma separated lists, references as the target's id).
--     NULL means unset. These columns exist for queries, sorting and outside tools; they
--     are derived from "registers" and rewritten whenever it changes.
--   * id          the record's UUID, unique; the rowid links the full-text index (0002).
--   * vv          the version vector, JSON {"replica": counter, ...}.
--   * registers   every field's candidates, JSON {"field": [candidate, ...], ...}. A candidate
--                 is [value, r, counter], where r indexes the replica ids of vv in sorted
--                 order (every candidate's dot is covered by vv, so its replica is always
--                 there) and value is the canonical string or null; or just [r, counter]
--                 when the field's column is TEXT and value is the shown value, which the
--                 column holds exactly. A record not in conflict so stores each value once.
--   * deleted     1 when the record is a tombstone (the shown value of the deleted register;
--                 a deleted register in conflict shows the record as live).
--   * conflicted  1 when a live record has a field in conflict; a tombstone's conflicts no
--                 longer matter to anybody.
--   * dirty       1 while the record has local changes the server has not accepted.
--   * changes     a counter bumped by every local write. The sync engine reads it with the
--                 record it pushes and clears dirty only if it is unchanged when the answer
--                 comes back, so an edit made while a push was in flight is pushed again.
--
-- There are deliberately NO foreign key constraints between entity tables. Pulls from the
-- server are not in causal order (a page may hold an order whose customer comes in a later
-- page, or a child of a record that is then revoked), and a record may reference one this
-- user cannot see. The store checks references on LOCAL writes instead: the referenced
-- record must be present and not deleted (saha-store-record.c).
--
-- Indexes: a *_dirty and a *_conflicted partial index per table keep "what must be pushed"
-- and "what is in conflict" proportional to their answer, not to the table; each reference
-- column has an index so a parent's children are found without a scan; name and number
-- columns have indexes for the default list order and lookups by people. The name indexes
-- start with deleted so that a page of live records in name order, at any offset, is read
-- from the index alone, and a broad search can walk them in order (saha-store-query.c).

CREATE TABLE customer (
  id                  TEXT    NOT NULL PRIMARY KEY,
  "name"              TEXT,
  "kind"              TEXT,
  "code"              TEXT,
  "tax_id"            TEXT,
  "phone"             TEXT,
  "email"             TEXT,
  "address"           TEXT,
  "district"          TEXT,
  "city"              TEXT,
  "country"           TEXT,
  "lat"               INTEGER,
  "lon"               INTEGER,
  "assigned_to"       TEXT,
  "credit_limit"      INTEGER,
  "currency"          TEXT,
  "preferred_channel" TEXT,
  "contact_from"      TEXT,
  "contact_to"        TEXT,
  "opt_out"           TEXT,
  "language"          TEXT,
  "notes"             TEXT,
  vv                  TEXT    NOT NULL,
  registers           TEXT    NOT NULL,
  deleted             INTEGER NOT NULL DEFAULT 0,
  conflicted          INTEGER NOT NULL DEFAULT 0,
  dirty               INTEGER NOT NULL DEFAULT 0,
  changes             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX customer_name ON customer (deleted, "name", id);
CREATE INDEX customer_code ON customer ("code");
CREATE INDEX customer_assigned_to ON customer ("assigned_to");
CREATE INDEX customer_dirty ON customer (dirty) WHERE dirty = 1;
CREATE INDEX customer_conflicted ON customer (conflicted) WHERE conflicted = 1;

CREATE TABLE contact (
  id                  TEXT    NOT NULL PRIMARY KEY,
  "customer"          TEXT,
  "name"              TEXT,
  "role"              TEXT,
  "phone"             TEXT,
  "email"             TEXT,
  "preferred_channel" TEXT,
  "opt_out"           TEXT,
  vv                  TEXT    NOT NULL,
  registers           TEXT    NOT NULL,
  deleted             INTEGER NOT NULL DEFAULT 0,
  conflicted          INTEGER NOT NULL DEFAULT 0,
  dirty               INTEGER NOT NULL DEFAULT 0,
  changes             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contact_customer ON contact ("customer");
CREATE INDEX contact_name ON contact (deleted, "name", id);
CREATE INDEX contact_dirty ON contact (dirty) WHERE dirty = 1;
CREATE INDEX contact_conflicted ON contact (conflicted) WHERE conflicted = 1;

CREATE TABLE product (
  id                  TEXT    NOT NULL PRIMARY KEY,
  "sku"               TEXT,
  "name"              TEXT,
  "unit"              TEXT,
  "unit_price"        INTEGER,
  "cost_price"        INTEGER,
  "vat_rate"          TEXT,
  "category"          TEXT,
  "active"            INTEGER,
  vv                  TEXT    NOT NULL,
  registers           TEXT    NOT NULL,
  deleted             INTEGER NOT NULL DEFAULT 0,
  conflicted          INTEGER NOT NULL DEFAULT 0,
  dirty               INTEGER NOT NULL DEFAULT 0,
  changes             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX product_name ON product (deleted, "name", id);
CREATE INDEX product_sku ON product ("sku");
CREATE INDEX product_dirty ON product (dirty) WHERE dirty = 1;
CREATE INDEX product_conflicted ON product (conflicted) WHERE conflicted = 1;

CREATE TABLE "order" (
  id                  TEXT    NOT NULL PRIMARY KEY,
  "number"            TEXT,
  "customer"          TEXT,
  "status"            TEXT,
  "ordered_at"        TEXT,
  "delivery_date"     TEXT,
  "currency"          TEXT,
  "notes"             TEXT,
  "created_by"        TEXT,
  vv                  TEXT    NOT NULL,
  registers           TEXT    NOT NULL,
  deleted             INTEGER NOT NULL DEFAULT 0,
  conflicted          INTEGER NOT NULL DEFAULT 0,
  dirty               INTEGER NOT NULL DEFAULT 0,
  changes             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX order_number ON "order" ("number");
CREATE INDEX order_customer ON "order" ("customer");
CREATE INDEX order_dirty ON "order" (dirty) WHERE dirty = 1;
CREATE INDEX order_conflicted ON "order" (conflicted) WHERE conflicted = 1;

CREATE TABLE order_line (
  id                  TEXT    NOT NULL PRIMARY KEY,
  "order"             TEXT,
  "product"           TEXT,
  "quantity"          INTEGER,
  "unit_price"        INTEGER,
  "discount_pct"      INTEGER,
  "vat_rate"          TEXT,
  vv                  TEXT    NOT NULL,
  registers           TEXT    NOT NULL,
  deleted             INTEGER NOT NULL DEFAULT 0,
  conflicted          INTEGER NOT NULL DEFAULT 0,
  dirty               INTEGER NOT NULL DEFAULT 0,
  changes             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX order_line_order ON order_line ("order");
CREATE INDEX order_line_product ON order_line ("product");
CREATE INDEX order_line_dirty ON order_line (dirty) WHERE dirty = 1;
CREATE INDEX order_line_conflicted ON order_line (conflicted) WHERE conflicted = 1;

CREATE TABLE service_call (
  id                  TEXT    NOT NULL PRIMARY KEY,
  "number"            TEXT,
  "customer"          TEXT,
  "product"           TEXT,
  "priority"          TEXT,
  "status"            TEXT,
  "problem"           TEXT,
  "assigned_to"       TEXT,
  "scheduled_at"      TEXT,
  "started_at"        TEXT,
  "resolved_at"       TEXT,
  "closed_at"         TEXT,
  "resolution"        TEXT,
  "labour_minutes"    INTEGER,
  "signature"         TEXT,
  "signed_by"         TEXT,
  vv                  TEXT    NOT NULL,
  registers           TEXT    NOT NULL,
  deleted             INTEGER NOT NULL DEFAULT 0,
  conflicted          INTEGER NOT NULL DEFAULT 0,
  dirty               INTEGER NOT NULL DEFAULT 0,
  changes             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX service_call_number ON service_call ("number");
CREATE INDEX service_call_customer ON service_call ("customer");
CREATE INDEX service_call_product ON service_call ("product");
CREATE INDEX service_call_assigned_to ON service_call ("assigned_to", "status");
CREATE INDEX service_call_dirty ON service_call (dirty) WHERE dirty = 1;
CREATE INDEX service_call_conflicted ON service_call (conflicted) WHERE conflicted = 1;

CREATE TABLE service_part (
  id                  TEXT    NOT NULL PRIMARY KEY,
  "service_call"      TEXT,
  "product"           TEXT,
  "quantity"          INTEGER,
  "unit_price"        INTEGER,
  vv                  TEXT    NOT NULL,
  registers           TEXT    NOT NULL,
  deleted             INTEGER NOT NULL DEFAULT 0,
  conflicted          INTEGER NOT NULL DEFAULT 0,
  dirty               INTEGER NOT NULL DEFAULT 0,
  changes             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX service_part_service_call ON service_part ("service_call");
CREATE INDEX service_part_product ON service_part ("product");
CREATE INDEX service_part_dirty ON service_part (dirty) WHERE dirty = 1;
CREATE INDEX service_part_conflicted ON service_part (conflicted) WHERE conflicted = 1;

CREATE TABLE visit (
  id                  TEXT    NOT NULL PRIMARY KEY,
  "customer"          TEXT,
  "user"              TEXT,
  "purpose"           TEXT,
  "check_in_at"       TEXT,
  "check_out_at"      TEXT,
  "lat"               INTEGER,
  "lon"               INTEGER,
  "outcome"           TEXT,
  "order"             TEXT,
  "service_call"      TEXT,
  "notes"             TEXT,
  vv                  TEXT    NOT NULL,
  registers           TEXT    NOT NULL,
  deleted             INTEGER NOT NULL DEFAULT 0,
  conflicted          INTEGER NOT NULL DEFAULT 0,
  dirty               INTEGER NOT NULL DEFAULT 0,
  changes             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX visit_customer ON visit ("customer", "check_in_at");
CREATE INDEX visit_order ON visit ("order");
CREATE INDEX visit_service_call ON visit ("service_call");
CREATE INDEX visit_dirty ON visit (dirty) WHERE dirty = 1;
CREATE INDEX visit_conflicted ON visit (conflicted) WHERE conflicted = 1;

CREATE TABLE note (
  id                  TEXT    NOT NULL PRIMARY KEY,
  "customer"          TEXT,
  "channel"           TEXT,
  "direction"         TEXT,
  "summary"           TEXT,
  "at"                TEXT,
  "by"                TEXT,
  "status"            TEXT,
  vv                  TEXT    NOT NULL,
  registers           TEXT    NOT NULL,
  deleted             INTEGER NOT NULL DEFAULT 0,
  conflicted          INTEGER NOT NULL DEFAULT 0,
  dirty               INTEGER NOT NULL DEFAULT 0,
  changes             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX note_customer ON note ("customer", "at");
CREATE INDEX note_dirty ON note (dirty) WHERE dirty = 1;
CREATE INDEX note_conflicted ON note (conflicted) WHERE conflicted = 1;

-- REPLICA
--
-- Exactly one row (the CHECK keeps it so): this file's replica id, made at random when the
-- file is created, and the replica-wide dot counter. Every local write takes counter + 1
-- as its dot (saha_store_next_counter()), so the counter is strictly increasing and the
-- highest dot this replica ever gave is one number. number_seq is the sequence of the
-- human order and service call numbers made offline ("<code>-<year>-<seq>").
CREATE TABLE replica (
  one          INTEGER NOT NULL PRIMARY KEY CHECK (one = 1),
  replica_id   TEXT    NOT NULL,
  counter      INTEGER NOT NULL DEFAULT 0 CHECK (counter >= 0),
  number_seq   INTEGER NOT NULL DEFAULT 0 CHECK (number_seq >= 0)
);

-- SETTING
--
-- Profile-wide key/value settings (server URL, user, user_code, cursor, last_sync ...);
-- saha_store_get_setting()/saha_store_set_setting(). An unset key has no row.
CREATE TABLE setting (
  key          TEXT    NOT NULL PRIMARY KEY,
  value        TEXT    NOT NULL
) WITHOUT ROWID;

-- PUSH_REJECTION
--
-- Filled by the sync engine: one row per record whose last push the server refused (no
-- permission, invalid value), with the server's stable code and message, so that nothing
-- is dropped silently. A later accepted push of the record deletes its row. The status
-- counts its rows as "rejected".
CREATE TABLE push_rejection (
  entity       TEXT    NOT NULL,
  id           TEXT    NOT NULL,
  code         TEXT    NOT NULL,
  message      TEXT    NOT NULL,
  at           TEXT    NOT NULL,
  PRIMARY KEY (entity, id)
) WITHOUT ROWID;
