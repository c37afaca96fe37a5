-- 0003-sync.sql: records set aside by the sync engine when they left the user's scope.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- REVOKED_PENDING
--
-- When a pull revokes a record (it was reassigned and is no longer the user's to see) that
-- still has local edits the server did not accept, the sync engine (saha-store-sync.c)
-- moves its whole state here, as the codec's JSON with registers, and removes it from its
-- entity table, so the replica only shows what the user may see and yet nothing the user
-- wrote is thrown away. Status lists these rows; office staff can merge a state back
-- (saha_store_merge) on a replica that may see it. One row per record; a second
-- revocation of the same record replaces the row with the newer state.
CREATE TABLE revoked_pending (
  entity       TEXT    NOT NULL,
  id           TEXT    NOT NULL,
  state        TEXT    NOT NULL,
  at           TEXT    NOT NULL,
  PRIMARY KEY (entity, id)
) WITHOUT ROWID;
