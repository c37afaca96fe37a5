-- 0004-crm.sql: knowledge base articles, campaigns, and what the CRM analytics read fast.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- The two new entities have tables of the shape 0001-tables.sql describes (one shown-value
-- column per schema field, then the sync columns), and kb_article a full-text table like
-- those of 0002-search.sql; the store finds "<entity>_search" tables when it opens a file,
-- so saha_store_put_record() keeps this one too, and list --search works on it.
--
-- Neither entity has a parent: every user receives both, only office and admin write them
-- (sync-server/saha-server-sync.c). Segments, profitability, campaign members and an
-- article's solved count are always computed from the records (saha-store-analytics.c,
-- docs/crm.md), never stored, so nothing here can drift from the records it sums.

-- KB_ARTICLE
--
-- A fix-it article: title, body, the product it is about (optional) and free tags.
CREATE TABLE kb_article (
  id                  TEXT    NOT NULL PRIMARY KEY,
  "title"             TEXT,
  "body"              TEXT,
  "product"           TEXT,
  "tags"              TEXT,
  vv                  TEXT    NOT NULL,
  registers           TEXT    NOT NULL,
  deleted             INTEGER NOT NULL DEFAULT 0,
  conflicted          INTEGER NOT NULL DEFAULT 0,
  dirty               INTEGER NOT NULL DEFAULT 0,
  changes             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX kb_article_product ON kb_article ("product");
CREATE INDEX kb_article_dirty ON kb_article (dirty) WHERE dirty = 1;
CREATE INDEX kb_article_conflicted ON kb_article (conflicted) WHERE conflicted = 1;

-- Searchable fields title, body, tags, folded as 0002-search.sql explains.
CREATE VIRTUAL TABLE kb_article_search USING fts5 (
  tr, ascii,
  tokenize = "unicode61 remove_diacritics 0",
  detail = column,
  columnsize = 0,
  prefix = '2'
);

-- CAMPAIGN
--
-- A campaign's target (segment, city, bought / never bought product, last order before or
-- after a date), channel, message and status. Its member list is evaluated on demand.
CREATE TABLE campaign (
  id                  TEXT    NOT NULL PRIMARY KEY,
  "name"              TEXT,
  "segment"           TEXT,
  "city"              TEXT,
  "bought_product"    TEXT,
  "not_bought_product" TEXT,
  "last_order_before" TEXT,
  "last_order_after"  TEXT,
  "channel"           TEXT,
  "message"           TEXT,
  "status"            TEXT,
  vv                  TEXT    NOT NULL,
  registers           TEXT    NOT NULL,
  deleted             INTEGER NOT NULL DEFAULT 0,
  conflicted          INTEGER NOT NULL DEFAULT 0,
  dirty               INTEGER NOT NULL DEFAULT 0,
  changes             INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX campaign_name ON campaign (deleted, "name", id);
CREATE INDEX campaign_dirty ON campaign (dirty) WHERE dirty = 1;
CREATE INDEX campaign_conflicted ON campaign (conflicted) WHERE conflicted = 1;

-- SERVICE_CALL.KB_ARTICLE
--
-- The article that solved a call. Existing calls have none (NULL, an unset field; their
-- registers need no entry). The index makes an article's solved count one index range.
ALTER TABLE service_call ADD COLUMN "kb_article" TEXT;
CREATE INDEX service_call_kb_article ON service_call ("kb_article");

-- ORDER_LINE_SALE
--
-- Segments, profitability and cross-sell read every live line of the orders they look at.
-- With deleted, product, quantity, price and discount in the index, SQLite answers
-- "the live lines of order X" from index entries alone instead of also reading each
-- line's row, whose registers make it many times larger: in bench-crosssell over 100,000
-- lines, segments took 133 ms through order_line_order and a fraction of that through
-- this index. (A partial index WHERE deleted = 0 is not enough: SQLite 3.40 still reads
-- the row to test deleted, so it never counts as covering.)
CREATE INDEX order_line_sale ON order_line ("order", deleted, "product", "quantity",
                                             "unit_price", "discount_pct");

-- ORDER_STATUS
--
-- The analytics read only confirmed and delivered orders: this finds them with their
-- customer, date and id (for the join to their lines) without reading drafts, quotes,
-- cancelled orders or any order's row.
CREATE INDEX order_status ON "order" ("status", deleted, "customer", "ordered_at", id);
