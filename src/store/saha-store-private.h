/* saha-store-private.h: what the store's own files (and the sync engine's store half) share.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "saha-store.h"
#include "saha-store-analytics.h"

G_BEGIN_DECLS

/* The connection; only for files under src/store. */
sqlite3      *saha_store_get_db          (SahaStore    *self);
/* The store's JSON parser, for decoding stored states (its root lasts until the next load). */
JsonParser   *saha_store_get_parser      (SahaStore    *self);

/* A statement prepared once per connection and cached by its SQL text; reset and with its
 * bindings cleared before it is returned. Owned by the store. */
sqlite3_stmt *saha_store_prepare         (SahaStore    *self,
                                          const char   *sql,
                                          GError      **error);

/* Sets *error from the connection's last error, naming what was being done. */
void          saha_store_set_sqlite_error (SahaStore   *self,
                                           GError     **error,
                                           const char  *doing);

/* Writes @record's whole state into its entity's row (shown values into the real
 * columns, registers and version vector, the deleted flag, the full-text index),
 * creating the row if needed. @dirty TRUE marks it pending and bumps its local change
 * counter; FALSE leaves the dirty flag and counter as they are. Call inside a
 * transaction or savepoint. */
gboolean      saha_store_put_record      (SahaStore    *self,
                                          SahaRecord   *record,
                                          gboolean      dirty,
                                          GError      **error);

/* saha_store_put_record() for a row known to be new (@is_new: an INSERT rather than an
 * upsert, which a create of many records makes measurably faster). */
gboolean      saha_store_put_record_full (SahaStore    *self,
                                          SahaRecord   *record,
                                          gboolean      dirty,
                                          gboolean      is_new,
                                          GError      **error);

/* "SELECT deleted FROM <entity> WHERE id = ?": whether a row (live or deleted) exists. */
const char   *saha_store_row_exists_sql  (const SahaEntityDef *def);

/* Removes a record's row and index entries for good (revocation, full re-sync). */
gboolean      saha_store_remove_record   (SahaStore    *self,
                                          const char   *entity,
                                          const char   *id,
                                          GError      **error);

/* The next human number for an order or a service call (docs/store.md). */
char         *saha_store_make_number     (SahaStore    *self,
                                          GError      **error);

/* The next value of the replica-wide dot counter (stored; strictly increasing). */
guint64       saha_store_next_counter    (SahaStore    *self,
                                          GError      **error);
/* The same, and above @floor: a write to a record takes a counter above the record's
 * own entry for this replica, whatever a restored or copied file's counter says. */
guint64       saha_store_next_counter_above (SahaStore  *self,
                                             guint64     floor,
                                             GError    **error);
/* A dot of this replica's id up to @seen came from elsewhere (a pulled record): the
 * counter never goes below it, so no dot is issued twice (docs/sync.md). */
gboolean      saha_store_raise_counter   (SahaStore    *self,
                                          guint64       seen,
                                          GError      **error);

/* Runs @sql (no parameters, no rows) e.g. "SAVEPOINT x". */
gboolean      saha_store_exec            (SahaStore    *self,
                                          const char   *sql,
                                          GError      **error);

/* A cached statement that is reset when it goes out of scope, so that no finished or
 * abandoned SELECT keeps a read transaction (and an old WAL snapshot) open:
 *   g_autoptr(SahaStoreStmt) stmt = saha_store_prepare (self, "SELECT ...", error); */
typedef sqlite3_stmt SahaStoreStmt;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaStoreStmt, sqlite3_reset)

/* One local write: BEGIN IMMEDIATE when no transaction is open (*own_transaction = TRUE),
 * else a savepoint. saha_store_write_end() commits/releases when @ok, else rolls back only
 * what the write did. */
gboolean      saha_store_write_begin     (SahaStore    *self,
                                          gboolean     *own_transaction,
                                          GError      **error);
gboolean      saha_store_write_end       (SahaStore    *self,
                                          gboolean      own_transaction,
                                          gboolean      ok,
                                          GError      **error);

/* The schema's entity @entity; NULL with SAHA_STORE_ERROR_INVALID (the core's message)
 * for a name it does not know. */
const SahaEntityDef *saha_store_lookup_entity (const char  *entity,
                                               GError     **error);

/* The record @id of @entity as stored, tombstones included; NULL with *error unset when
 * the replica never held it. */
SahaRecord   *saha_store_lookup          (SahaStore    *self,
                                          const SahaEntityDef *entity,
                                          const char   *id,
                                          GError      **error);

/* The columns a row must be read with for saha_store_record_from_row(), for a table
 * aliased "t": "t.id, t.vv, t.registers, t.<field>..." in schema order. */
const char   *saha_store_row_columns     (const SahaEntityDef *entity);

/* Decodes a row of @entity read with saha_store_row_columns() starting at @column. */
SahaRecord   *saha_store_record_from_row (SahaStore    *self,
                                          const SahaEntityDef *entity,
                                          sqlite3_stmt *stmt,
                                          int           column,
                                          GError      **error);

/* Steps @stmt, whose rows are @entity's read with saha_store_row_columns() from column 0,
 * to its end and appends each record to @records; %FALSE with @error set when a row
 * cannot be decoded or SQLite fails (@doing says what it was doing). */
gboolean      saha_store_add_records_from_rows (SahaStore           *self,
                                                const SahaEntityDef *entity,
                                                sqlite3_stmt        *stmt,
                                                GPtrArray           *records,
                                                const char          *doing,
                                                GError             **error);

/* Queues a full-text row change (@tr and @ascii taken; @tr NULL removes the row) to be
 * written when the transaction commits through saha_store_commit() or a write's own
 * transaction ends; saha_store_flush_search() writes the queue now. A transaction that
 * touches records must therefore end with saha_store_commit()/saha_store_rollback(), not
 * a bare "COMMIT". */
void          saha_store_queue_search    (SahaStore           *self,
                                          const SahaEntityDef *entity,
                                          gint64               rowid,
                                          char                *tr,
                                          char                *ascii);
gboolean      saha_store_flush_search    (SahaStore           *self,
                                          GError             **error);

/* TRUE when @entity has a full-text table (migration 0002). */
gboolean      saha_store_entity_is_searchable (SahaStore           *self,
                                               const SahaEntityDef *entity);

/* The schema version this build migrates to, and (for tests) a file left at an older
 * @version, as an older Saha would have made it. */
guint         saha_store_latest_version  (void);
gboolean      saha_store_build_at_version (const char  *path,
                                           guint        version,
                                           GError     **error);

/* The FTS5 query for @search, as saha_store_list() filters with it: every token a prefix,
 * in the column of its folding. NULL when the search has no tokens (it filters nothing). */
char         *saha_store_match_expression (const char *search);

/* Whether @search has words that are more than letters and digits; then
 * saha_store_append_search_literals() appends " AND instr (TABLE.column, ?) > 0" for each,
 * TABLE being the alias of the entity's "_search" table in @sql: such a word must appear
 * as typed (folded) in the record's searchable text, so the search is taken literally. */
gboolean      saha_store_search_has_literals    (const char *search);
void          saha_store_append_search_literals (const char *search,
                                                 const char *table,
                                                 GString    *sql,
                                                 GPtrArray  *bindings);

/* Values for a statement's "?" parameters, in order: text or 64-bit integers. */
GPtrArray    *saha_store_bindings_new     (void);
/* Adds @text (taken). */
void          saha_store_bind_text_value  (GPtrArray            *bindings,
                                           char                 *text);
/* Binds them all to @stmt, from parameter 1. */
void          saha_store_bind_all         (sqlite3_stmt         *stmt,
                                           GPtrArray            *bindings);
/* Runs @sql, a "SELECT count(*) ..." with @bindings, into *count; %FALSE with @error set
 * (saying it was @doing) when SQLite fails. */
gboolean      saha_store_count_bound      (SahaStore            *self,
                                           const char           *sql,
                                           GPtrArray            *bindings,
                                           guint                *count,
                                           const char           *doing,
                                           GError              **error);
/* " AND t.<field> = ?" for each filter of @wheres on @def's table (aliased t), the values
 * normalized as the schema says and added to @bindings; an unknown field or a value that
 * does not validate is SAHA_STORE_ERROR_INVALID. */
gboolean      saha_store_append_where     (const SahaEntityDef  *def,
                                           const SahaFieldInput *wheres,
                                           guint                 n_where,
                                           GString              *sql,
                                           GPtrArray            *bindings,
                                           GError              **error);

/* RFM values of one customer with qualifying orders (name NULL; pointers valid during the
 * call only); FALSE with @error stops the walk. */
typedef gboolean (*SahaStoreRfmFunc) (const SahaCustomerRfm  *rfm,
                                      gpointer                user_data,
                                      GError                **error);
/* Every live customer with qualifying orders, in no particular order, without reading
 * names or the customers who never ordered (all of those are in segment "none"). */
gboolean      saha_store_each_customer_rfm (SahaStore         *self,
                                            GDateTime         *now,
                                            SahaStoreRfmFunc   func,
                                            gpointer           user_data,
                                            GError           **error);

G_END_DECLS
