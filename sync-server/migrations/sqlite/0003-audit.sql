-- 0003-audit.sql: the append-only audit trail, wiped devices and their tokens.
-- SPDX-License-Identifier: GPL-3.0-or-later
-- IF NOT EXISTS: a database adopted from before the numbering may hold them already.
CREATE TABLE IF NOT EXISTS audit (
  n INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user TEXT,
  device TEXT,
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  field TEXT NOT NULL,
  old TEXT,
  new TEXT);
CREATE INDEX IF NOT EXISTS audit_by_record ON audit (id);
CREATE INDEX IF NOT EXISTS audit_by_user ON audit (user, at);
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_rewrite
  BEFORE UPDATE OF n, at, user, device, entity, id, field ON audit
  BEGIN SELECT RAISE (ABORT, 'the audit trail is append-only'); END;
CREATE TABLE IF NOT EXISTS wiped (
  replica_id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL,
  wiped_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS wiped_tokens (
  hash TEXT PRIMARY KEY,
  replica_id TEXT NOT NULL) WITHOUT ROWID;
