/* saha-store-reader.h: runs a read of the replica in a worker thread, on a SahaStore of
 * its own opened on the same file, and hands the result back to the main context.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "saha-store.h"

G_BEGIN_DECLS

/* Runs in a worker thread with @store, a connection used by this read only. Returns the
 * result (freed with the result_free given to saha_store_read_async() when unused), or
 * NULL with @error set. */
typedef gpointer (*SahaStoreReadFunc) (SahaStore     *store,
                                       gpointer       data,
                                       GCancellable  *cancellable,
                                       GError       **error);

/*
 * Reads with @func in a worker thread. @store gives the path only: it is the caller's,
 * used on the main thread, and SQLite connections are not shared across threads. The
 * callback runs on the calling thread's main context; a read cancelled through
 * @cancellable finishes with G_IO_ERROR_CANCELLED, so a list that asked again drops the
 * stale answer. @source_object is kept alive until the callback ran.
 */
void      saha_store_read_async  (gpointer             source_object,
                                  SahaStore           *store,
                                  SahaStoreReadFunc    func,
                                  gpointer             data,
                                  GDestroyNotify       data_free,
                                  GDestroyNotify       result_free,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gpointer  saha_store_read_finish (GAsyncResult        *result,
                                  GError             **error);

/* Cancels *@cancellable (if any) and replaces it with a new one: the next read
 * supersedes the one in flight. Returns the new one (owned by *@cancellable). */
GCancellable *saha_store_read_restart (GCancellable **cancellable);

G_END_DECLS
