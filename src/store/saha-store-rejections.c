/* saha-store-rejections.c: what a person may do with a push the server refused: discard it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-private.h"
#include "saha-store-rejections.h"

static gboolean
has_rejection (SahaStore   *self,
               const char  *entity,
               const char  *id,
               gboolean    *found,
               GError     **error)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;
  int rc;

  stmt = saha_store_prepare (self, "SELECT 1 FROM push_rejection WHERE entity = ? AND id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      saha_store_set_sqlite_error (self, error, "reading a push rejection");
      return FALSE;
    }
  *found = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
remove_rejection (SahaStore   *self,
                  const char  *entity,
                  const char  *id,
                  GError     **error)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;

  stmt = saha_store_prepare (self, "DELETE FROM push_rejection WHERE entity = ? AND id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      saha_store_set_sqlite_error (self, error, "removing a push rejection");
      return FALSE;
    }
  return TRUE;
}

/**
 * saha_store_discard_rejected:
 * @self: a replica
 * @entity: the refused record's entity
 * @id: its id
 * @error: where a failure is told
 *
 * Drops the local state of a refused record and makes the next sync a full re-sync, so
 * the server's state of it comes back (see the header).
 *
 * Returns: TRUE when the record was discarded.
 */
gboolean
saha_store_discard_rejected (SahaStore   *self,
                             const char  *entity,
                             const char  *id,
                             GError     **error)
{
  gboolean own_transaction = FALSE;
  gboolean found = FALSE;
  gboolean ok;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL && id != NULL, FALSE);

  if (!saha_store_write_begin (self, &own_transaction, error))
    return FALSE;

  ok = has_rejection (self, entity, id, &found, error);
  if (ok && !found)
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND,
                   "%s %s has no refused push to discard", entity, id);
      ok = FALSE;
    }

  /* The cursor is replica-wide: only a pull from the start brings back a record the
   * server changed long ago, so the record is forgotten and the pull starts over. */
  ok = ok
       && saha_store_remove_record (self, entity, id, error)
       && remove_rejection (self, entity, id, error)
       && saha_store_set_setting (self, "resync", "1", error)
       && saha_store_set_setting (self, "cursor", "", error);

  return saha_store_write_end (self, own_transaction, ok, error) && ok;
}
