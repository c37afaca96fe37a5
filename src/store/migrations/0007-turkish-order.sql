-- 0007-turkish-order.sql: the name indexes in Turkish alphabetical order.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- Lists sorted by name (customers, contacts, products, campaigns, and everything read
-- from them: pickers, campaign members, CSV exports, saha-cli list) follow the Turkish
-- alphabet, A B C Ç D E F G Ğ H I İ J K L M N O Ö P R S Ş T U Ü V Y Z, case ignored the
-- Turkish way (src/core/saha-collation.h). SQLite compares with the collation
-- saha_turkish, which is saha_collation_compare_len() registered on every connection
-- before the migrations run (configure_connection() in saha-store.c).
--
-- Invariant: each <entity>_name index holds (deleted, name in saha_turkish order, id),
-- the order in which saha_store_list() pages by name ("ORDER BY name COLLATE
-- saha_turkish, id"), so a page is read from the index instead of sorting the table; a
-- broad search walks the same index (docs/store.md).
--
-- A connection without the collation (the sqlite3 shell) can read these tables, but
-- cannot write them or use these indexes: "no such collation sequence: saha_turkish".
DROP INDEX customer_name;
CREATE INDEX customer_name ON customer (deleted, "name" COLLATE saha_turkish, id);
DROP INDEX contact_name;
CREATE INDEX contact_name ON contact (deleted, "name" COLLATE saha_turkish, id);
DROP INDEX product_name;
CREATE INDEX product_name ON product (deleted, "name" COLLATE saha_turkish, id);
DROP INDEX campaign_name;
CREATE INDEX campaign_name ON campaign (deleted, "name" COLLATE saha_turkish, id);
