/* saha-store-reader.c: runs a read of the replica in a worker thread, on a SahaStore of
 * its own opened on the same file, and hands the result back to the main context.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-reader.h"

/*
 * Each read opens its own connection and closes it when done. Keeping connections per
 * worker thread would save the open (about a millisecond: WAL mode, the schema already
 * migrated) but would hold the replica open after the window that asked is gone, which
 * signing out with "remove the data" must not find.
 */
typedef struct
{
  char              *path;
  SahaStoreReadFunc  func;
  gpointer           data;
  GDestroyNotify     data_free;
  GDestroyNotify     result_free;
} Read;

static void
read_free (Read *read)
{
  if (read->data_free != NULL && read->data != NULL)
    read->data_free (read->data);
  g_free (read->path);
  g_free (read);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Read *read = task_data;
  g_autoptr(SahaStore) store = NULL;
  GError *error = NULL;
  gpointer result;

  if (g_task_return_error_if_cancelled (task))
    return;

  store = saha_store_open (read->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A cancelled read stops inside SQLite instead of running its query to the end. */
  saha_store_set_cancellable (store, cancellable);
  result = read->func (store, read->data, cancellable, &error);
  saha_store_set_cancellable (store, NULL);
  if (result == NULL && g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (&error);
      g_task_return_error_if_cancelled (task);
    }
  else if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, read->result_free);
}

/**
 * saha_store_read_async:
 * @source_object: (nullable) (type GObject): the source object of the result, kept alive
 *   until @callback ran
 * @store: the caller's store; only its path is used
 * @func: (scope async): the read, run in a worker thread on a store of its own
 * @data: (nullable): passed to @func
 * @data_free: (nullable): frees @data when the read is done
 * @result_free: (nullable): frees @func's result when nobody takes it
 * @cancellable: (nullable): cancels the read
 * @callback: called on the calling thread's main context when the read is done
 * @user_data: passed to @callback
 *
 * Runs a read of the replica in a worker thread on a SahaStore of its own opened on
 * @store's path, since SQLite connections are not shared across threads.
 */
void
saha_store_read_async (gpointer             source_object,
                       SahaStore           *store,
                       SahaStoreReadFunc    func,
                       gpointer             data,
                       GDestroyNotify       data_free,
                       GDestroyNotify       result_free,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Read *read;

  g_return_if_fail (SAHA_IS_STORE (store));
  g_return_if_fail (func != NULL);

  read = g_new0 (Read, 1);
  read->path = g_strdup (saha_store_get_path (store));
  read->func = func;
  read->data = data;
  read->data_free = data_free;
  read->result_free = result_free;

  task = g_task_new (source_object, cancellable, callback, user_data);
  g_task_set_source_tag (task, saha_store_read_async);
  g_task_set_task_data (task, read, (GDestroyNotify) read_free);
  /* A cancelled read answers "cancelled" even when its query already finished. */
  g_task_set_check_cancellable (task, TRUE);
  g_task_run_in_thread (task, read_thread);
}

/**
 * saha_store_read_finish:
 * @result: the result given to the callback of saha_store_read_async()
 * @error: return location for the read's error, or %G_IO_ERROR_CANCELLED when it was
 *   cancelled
 *
 * Returns: (transfer full) (nullable): what the read function returned, or %NULL with
 *   @error set
 */
gpointer
saha_store_read_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * saha_store_read_restart:
 * @cancellable: (inout): the cancellable of the read in flight, or %NULL
 *
 * Cancels *@cancellable, if any, and replaces it with a new one, so that the next read
 * supersedes the one in flight.
 *
 * Returns: (transfer none): the new cancellable, owned by *@cancellable
 */
GCancellable *
saha_store_read_restart (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    {
      g_cancellable_cancel (*cancellable);
      g_object_unref (*cancellable);
    }
  *cancellable = g_cancellable_new ();
  return *cancellable;
}
