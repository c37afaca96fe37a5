-- 0002-search.sql: full-text indexes for Turkish-correct prefix search of customers and products.
-- SPDX-License-Identifier: GPL-3.0-or-later
--
-- One FTS5 table per entity with SEARCHABLE fields (src/core/saha-schema.c). Its rowid is
-- the rowid of the record's row in the entity table, and it holds two columns, each the
-- entity's searchable shown values joined by spaces and folded (src/core/saha-text.h):
--
--   tr     the Turkish folding: "IŞIK" -> "ışık", "İSTANBUL" -> "istanbul";
--   ascii  the ASCII folding:   "IŞIK" -> "isik", "ŞİRKET" -> "sirket".
--
-- A query in pure ASCII is matched against ascii, any other against tr, every token as a
-- prefix, so "istanbul" and "İst" both find "İSTANBUL" but "işık" never finds "ışık".
--
-- Invariant: a live record has exactly one row here and a tombstone none; both are kept by
-- saha_store_put_record() in the same transaction as the entity row. The folding happens
-- in C (saha_fold_turkish() and saha_fold_ascii() are those C functions, registered on
-- every connection), so the tokenizer must not fold again: unicode61 with diacritics kept
-- only splits on the same letter/digit boundaries as saha_text_query_tokens().
-- detail=column is enough for single-token prefix phrases restricted to one column and
-- keeps the index about half the size of detail=full; columnsize=0 drops the per-row
-- token counts, which only ranking would use. The 2-letter prefix index turns the
-- broadest prefixes into one lookup instead of a merge of every matching term; longer
-- prefixes match few enough terms (bench-store: a 3-letter index as well cost a tenth of
-- the insert rate and did not move the search p95; none at all took p95 from 3.8 ms to
-- 5.6 ms).

CREATE VIRTUAL TABLE customer_search USING fts5 (
  tr, ascii,
  tokenize = "unicode61 remove_diacritics 0",
  detail = column,
  columnsize = 0,
  prefix = '2'
);

CREATE VIRTUAL TABLE product_search USING fts5 (
  tr, ascii,
  tokenize = "unicode61 remove_diacritics 0",
  detail = column,
  columnsize = 0,
  prefix = '2'
);

-- Records already in the file when it is upgraded: index them the way
-- saha_store_put_record() does (searchable fields in schema order, joined by spaces).
INSERT INTO customer_search (rowid, tr, ascii)
  SELECT rowid,
         saha_fold_turkish (concat_searchable),
         saha_fold_ascii (concat_searchable)
  FROM (SELECT rowid,
               trim (coalesce ("name", '') || ' ' || coalesce ("code", '') || ' ' ||
                     coalesce ("phone", '') || ' ' || coalesce ("email", '') || ' ' ||
                     coalesce ("district", '') || ' ' || coalesce ("city", ''))
                 AS concat_searchable
        FROM customer WHERE deleted = 0);

INSERT INTO product_search (rowid, tr, ascii)
  SELECT rowid,
         saha_fold_turkish (concat_searchable),
         saha_fold_ascii (concat_searchable)
  FROM (SELECT rowid,
               trim (coalesce ("sku", '') || ' ' || coalesce ("name", '') || ' ' ||
                     coalesce ("category", ''))
                 AS concat_searchable
        FROM product WHERE deleted = 0);
