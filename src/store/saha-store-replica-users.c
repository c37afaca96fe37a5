/* saha-store-replica-users.c: which user each replica id belongs to, for naming who wrote
 * a conflict's candidates.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-private.h"

/**
 * saha_store_set_replica_users:
 * @self: a store
 * @pairs: (element-type utf8): replica id, user name, replica id, user name, ...
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Records which user each replica id belongs to, as the server lists them; rows are added
 * or renamed, never removed.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_set_replica_users (SahaStore  *self,
                              GPtrArray  *pairs,
                              GError    **error)
{
  gboolean own, ok = FALSE;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (pairs != NULL && pairs->len % 2 == 0, FALSE);

  if (!saha_store_write_begin (self, &own, error))
    return FALSE;
  {
    g_autoptr(SahaStoreStmt) insert = NULL;

    /* Rows are only added or renamed, never removed: a replica id that signed in once
     * keeps its user for the history it wrote, even after the server forgot the token. */
    insert = saha_store_prepare (self,
                                 "INSERT INTO replica_user (replica_id, user) VALUES (?, ?)"
                                 " ON CONFLICT (replica_id) DO UPDATE SET user = excluded.user",
                                 error);
    if (insert == NULL)
      goto out;
    for (guint i = 0; i < pairs->len; i += 2)
      {
        sqlite3_bind_text (insert, 1, g_ptr_array_index (pairs, i), -1, SQLITE_STATIC);
        sqlite3_bind_text (insert, 2, g_ptr_array_index (pairs, i + 1), -1, SQLITE_STATIC);
        if (sqlite3_step (insert) != SQLITE_DONE)
          {
            saha_store_set_sqlite_error (self, error, "saving who each device belongs to");
            goto out;
          }
        sqlite3_reset (insert);
      }
    ok = TRUE;
  }
out:
  return saha_store_write_end (self, own, ok, ok ? error : NULL);
}

/**
 * saha_store_get_replica_user:
 * @self: a store
 * @replica_id: (nullable): a replica id
 *
 * Returns: (transfer full) (nullable): the user name of @replica_id (the signed-in user for
 *   this replica's own), or %NULL when the server never named it
 */
char *
saha_store_get_replica_user (SahaStore  *self,
                             const char *replica_id)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);

  if (replica_id == NULL)
    return NULL;
  if (g_strcmp0 (replica_id, saha_store_get_replica_id (self)) == 0)
    {
      char *user = saha_store_get_setting (self, "user");

      if (user != NULL)
        return user;
    }
  stmt = saha_store_prepare (self, "SELECT user FROM replica_user WHERE replica_id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, replica_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}
