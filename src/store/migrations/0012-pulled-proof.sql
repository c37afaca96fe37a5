-- 0012-pulled-proof.sql: the server's proof of the last state pulled of each record: its
-- version vector and the MAC the server stored with it. Sent back with the record, it
-- lets a server restored from an older copy take back changes it once stored and forgot
-- (docs/sync.md, "A restored server").
-- SPDX-License-Identifier: GPL-3.0-or-later
CREATE TABLE pulled_proof (
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  vv TEXT NOT NULL,
  proof TEXT NOT NULL,
  PRIMARY KEY (entity, id)) WITHOUT ROWID;
