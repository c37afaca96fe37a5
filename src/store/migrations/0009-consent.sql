-- 0008-consent.sql: a person's consents, and the records erased with a person (KVKK).
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- CONSENT
--
-- One statement of consent given or withdrawn by a customer (contact NULL) or by one of its
-- contact persons, for one purpose (src/core/saha-schema.c). Statements are added, not
-- rewritten: for a purpose, the latest by "at" that applies to a person decides
-- (src/core/saha-consent.c), and campaigns leave out whoever withdrew the channel's
-- marketing purpose or processing (saha-store-analytics.c). A consent is in its customer's
-- scope on the server, like a note.
--
-- consent_customer finds a customer's consents (campaigns, the 360° page) without a scan;
-- consent_contact those of a contact person.
CREATE TABLE consent (
  id                  TEXT    NOT NULL PRIMARY KEY,
  "customer"          TEXT,
  "contact"           TEXT,
  "purpose"           TEXT,
  "state"             TEXT,
  "at"                TEXT,
  "method"            TEXT,
  "recorded_by"       TEXT,
  "notes"             TEXT,
  vv                  TEXT    NOT NULL,
  registers           TEXT    NOT NULL,
  deleted             INTEGER NOT NULL DEFAULT 0,
  conflicted          INTEGER NOT NULL DEFAULT 0,
  dirty               INTEGER NOT NULL DEFAULT 0,
  changes             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX consent_customer ON consent ("customer", deleted);
CREATE INDEX consent_contact ON consent ("contact");
CREATE INDEX consent_dirty ON consent (dirty) WHERE dirty = 1;
CREATE INDEX consent_conflicted ON consent (conflicted) WHERE conflicted = 1;

-- ERASED
--
-- Every record the server said was erased with a person's data (docs/security.md), by
-- entity and id only. Pulls list every erased record on every page; a record listed here
-- for the first time has its local row, set-aside edits and refused push dropped before
-- the page's blanked state is taken (saha_store_sync_erase()), and is never dropped again.
CREATE TABLE erased (
  entity       TEXT    NOT NULL,
  id           TEXT    NOT NULL,
  PRIMARY KEY (entity, id)
) WITHOUT ROWID;
