-- 0004-history-start.sql: the first history segment. Every seq handed out before the
-- history table existed belongs to one segment of an unknown run (cursors of the old
-- two-part form never name it); a new database starts with that segment empty.
-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO history (after_seq, run)
  SELECT 0, lower (hex (randomblob (8))) WHERE NOT EXISTS (SELECT 1 FROM history);
