-- 0006-set-aside.sql: why edits were set aside and whose they are.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- REVOKED_PENDING (0003) holds every record whose local edits are set aside: not shown in
-- the entity tables and never pushed until they are given back (saha-store-set-aside.c).
--
--   reason   'revoked'       the record left the user's scope (reassigned) while it held
--                            edits; given back by itself when it returns in scope and
--                            merges without a new conflict, or by a retry.
--            'user_changed'  another user signed in on this replica while it held edits
--                            of the one before; given back only by a deliberate retry,
--                            which pushes them as the user signed in then.
--   made_by  the user signed in when the edits were made ('' when not known).
--
-- Rows set aside before this migration were set aside by a revocation, under the user
-- signed in now.
ALTER TABLE revoked_pending ADD COLUMN reason TEXT NOT NULL DEFAULT 'revoked';
ALTER TABLE revoked_pending ADD COLUMN made_by TEXT NOT NULL DEFAULT '';
UPDATE revoked_pending
   SET made_by = coalesce((SELECT value FROM setting WHERE key = 'user'), '');
