-- 0002-user-full-name.sql: a user's full name, for what people read (the technician on a
-- service report, who changed a record); the login name stays the key (SQLite: 0005).
-- SPDX-License-Identifier: GPL-3.0-or-later
ALTER TABLE users ADD COLUMN full_name TEXT;
