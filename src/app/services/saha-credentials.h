/* saha-credentials.h: the app's side of a profile's sign-in token: keeping it in the
 * secret service after signing in, and signing out (token, server, and the replica).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * Called in the sign-in worker thread after saha_sync_login() wrote the token file: when
 * a secret service runs, the token moves there and the file goes (see docs/sync.md);
 * otherwise the file stays, mode 0600. A secret service that refuses is no reason to
 * fail a sign-in: the file then stays and the refusal is logged.
 */
void      saha_credentials_keep_after_sign_in (const char          *db_path,
                                               GCancellable        *cancellable);

/*
 * Signs the replica at @db_path out, in a worker thread: tells the server (best effort),
 * removes the token from the file and the secret service, and then either removes the
 * replica file with its -wal and -shm (@remove_replica), or keeps it and marks it signed
 * out (its "user" setting emptied), so that it opens on the sign-in page.
 *
 * With @remove_replica nothing may hold the replica open any more: close the window (and
 * its stores) first.
 */
void      saha_credentials_sign_out_async    (const char          *db_path,
                                              gboolean             remove_replica,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  saha_credentials_sign_out_finish   (GAsyncResult        *result,
                                              GError             **error);

/* Removes the replica file at @db_path and its -wal and -shm files; missing ones are no
 * error. Blocking. */
gboolean  saha_credentials_remove_replica    (const char          *db_path,
                                              GError             **error);

G_END_DECLS
