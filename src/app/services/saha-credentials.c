/* saha-credentials.c: the app's side of a profile's sign-in token: keeping it in the
 * secret service after signing in, and signing out (token, server, and the replica).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "saha-store.h"
#include "saha-sync.h"
#include "saha-sync-credentials.h"

#include "saha-credentials.h"

void
saha_credentials_keep_after_sign_in (const char   *db_path,
                                     GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (db_path != NULL);

  if (saha_sync_credentials_move_to_keyring (db_path, cancellable, &error)
      == SAHA_SYNC_TOKEN_KEYRING)
    g_debug ("The token of %s is kept in the secret service", db_path);
  else if (error != NULL)
    g_message ("The token of %s stays in its file: %s", db_path, error->message);
}

gboolean
saha_credentials_remove_replica (const char  *db_path,
                                 GError     **error)
{
  static const char * const suffixes[] = { "-wal", "-shm", "" };

  g_return_val_if_fail (db_path != NULL, FALSE);

  /* The WAL before the database: a crash in between leaves a database that is whole
   * as of its last checkpoint rather than a WAL that belongs to no database. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);

      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot remove %s: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }
    }

  return TRUE;
}

typedef struct
{
  char     *db_path;
  gboolean  remove_replica;
} SignOut;

static void
sign_out_free (SignOut *sign_out)
{
  g_free (sign_out->db_path);
  g_free (sign_out);
}

static void
sign_out_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SignOut *sign_out = task_data;
  GError *error = NULL;

  gboolean server_told = FALSE;

  if (!saha_sync_logout (sign_out->db_path, &server_told, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_debug ("Signed out of %s (server told: %s)", sign_out->db_path,
           server_told ? "yes" : "no");

  if (sign_out->remove_replica)
    {
      if (!saha_credentials_remove_replica (sign_out->db_path, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  else
    {
      /* Signed out, but the records stay: the profile opens on the sign-in page (which
       * offers to go on offline) and the sync runner stops, both keyed on "user". */
      g_autoptr(SahaStore) store = saha_store_open (sign_out->db_path, &error);

      if (store == NULL || !saha_store_set_setting (store, "user", "", &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

void
saha_credentials_sign_out_async (const char          *db_path,
                                 gboolean             remove_replica,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SignOut *sign_out;

  g_return_if_fail (db_path != NULL);

  sign_out = g_new0 (SignOut, 1);
  sign_out->db_path = g_strdup (db_path);
  sign_out->remove_replica = remove_replica;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, saha_credentials_sign_out_async);
  g_task_set_task_data (task, sign_out, (GDestroyNotify) sign_out_free);
  g_task_run_in_thread (task, sign_out_thread);
}

gboolean
saha_credentials_sign_out_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
