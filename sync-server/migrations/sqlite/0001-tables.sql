-- 0001-tables.sql: the server's tables as they stood when migrations were numbered.
-- SPDX-License-Identifier: GPL-3.0-or-later
-- IF NOT EXISTS because a database made before the numbering (no schema_version in meta)
-- holds some or all of this already: it is adopted by running this file, then counted at
-- version 2 if records has pushed_by, else 1 (storage_migrate() in
-- saha-server-storage-sqlite.c). Later migrations need no IF NOT EXISTS.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  code TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  replica_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL) WITHOUT ROWID;
-- Revoking every token of a user.
CREATE INDEX IF NOT EXISTS tokens_by_user ON tokens (user_id);
CREATE TABLE IF NOT EXISTS records (
  seq INTEGER PRIMARY KEY,
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  parent_entity TEXT,
  parent_id TEXT,
  root TEXT,
  owner TEXT,
  assignee TEXT,
  deleted INTEGER NOT NULL,
  state TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS records_by_id ON records (entity, id);
-- Children of a record (scope changes cascade down), and customers seen through calls.
CREATE INDEX IF NOT EXISTS records_by_parent ON records (parent_id, entity);
-- A field user's pull: their customers' trees and their calls, in seq order.
CREATE INDEX IF NOT EXISTS records_by_owner ON records (owner, seq);
CREATE INDEX IF NOT EXISTS records_by_assignee ON records (assignee, seq)
  WHERE assignee IS NOT NULL;
-- The purge of tombstones.
CREATE INDEX IF NOT EXISTS records_tombstones ON records (seq) WHERE deleted;
-- Counting what is left after a pull page ("remaining", once per page): walking the
-- table itself reads every state (about 1 KB each) after the cursor; this index holds
-- the seqs alone, a hundredth of the pages.
CREATE INDEX IF NOT EXISTS records_by_seq ON records (seq);
CREATE TABLE IF NOT EXISTS revocations (
  user TEXT NOT NULL,
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (user, entity, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS revocations_by_seq ON revocations (user, seq);
CREATE TABLE IF NOT EXISTS replicas (
  replica_id TEXT PRIMARY KEY,
  counter INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS number_series (
  replica_id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL,
  series INTEGER NOT NULL,
  UNIQUE (user_id, series)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS numbers (
  entity TEXT NOT NULL,
  number TEXT NOT NULL,
  id TEXT NOT NULL,
  PRIMARY KEY (entity, number)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS devices (
  replica_id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL,
  acked_seq INTEGER NOT NULL,
  last_seen INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS batches (
  user_id INTEGER NOT NULL,
  batch_id TEXT NOT NULL,
  answer TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, batch_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS history (
  after_seq INTEGER PRIMARY KEY,
  run TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS erasures (
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  person TEXT NOT NULL,
  erased_at INTEGER NOT NULL,
  erased_by TEXT NOT NULL,
  PRIMARY KEY (entity, id)) WITHOUT ROWID;
