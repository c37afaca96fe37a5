/* saha-store-private.h: what the store's own files (and the sync engine's store half) share.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "saha-store.h"

G_BEGIN_DECLS

/* The connection; only for files under src/store. */
sqlite3      *saha_store_get_db          (SahaStore    *self);

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

/* Removes a record's row and index entries for good (revocation, full re-sync). */
gboolean      saha_store_remove_record   (SahaStore    *self,
                                          const char   *entity,
                                          const char   *id,
                                          GError      **error);

/* The next value of the replica-wide dot counter (stored; strictly increasing). */
guint64       saha_store_next_counter    (SahaStore    *self,
                                          GError      **error);

/* Runs @sql (no parameters, no rows) e.g. "SAVEPOINT x". */
gboolean      saha_store_exec            (SahaStore    *self,
                                          const char   *sql,
                                          GError      **error);

G_END_DECLS
