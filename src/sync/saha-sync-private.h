/* saha-sync-private.h: what the files of libsaha-sync share: the token file, new replica ids.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-store.h"
#include "saha-sync.h"
#include "saha-sync-client.h"

G_BEGIN_DECLS

/* The token file: { "token", "expires_at", "user", "server", "replica_id", "inode" }. */
typedef struct
{
  char    *token;
  char    *replica_id;   /* the replica the token was issued to */
  guint64  inode;        /* the replica file's inode then (0: unknown) */
} SahaSyncToken;

void      saha_sync_token_clear      (SahaSyncToken  *token);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SahaSyncToken, saha_sync_token_clear)
/* FALSE with SAHA_SYNC_ERROR_AUTH when there is no token file (never signed in). */
gboolean  saha_sync_token_load       (const char     *db_path,
                                      SahaSyncToken  *token,
                                      GError        **error);
/* Opens the replica at @db_path into *store and gives a client for the server it is
 * signed in to, with its token; %NULL with SAHA_SYNC_ERROR_AUTH when it is not signed in. */
SahaSyncClient *saha_sync_client_for_replica (const char      *db_path,
                                              guint            max_attempts,
                                              guint            retry_delay_ms,
                                              SahaStore      **store,
                                              GError         **error);
/* The server said the device was marked lost (SAHA_SYNC_ERROR_DEVICE_WIPED): removes the
 * replica at @db_path, which the caller has closed, with its token and keyring entry
 * (saha_sync_wipe_replica()), and sets @error to say that it did or what failed. */
void            saha_sync_wipe_lost_device   (const char      *db_path,
                                              GError         **error);
/* Writes the token file atomically with mode 0600. */
gboolean  saha_sync_token_save       (const char     *db_path,
                                      const char     *token,
                                      const char     *expires_at,
                                      const char     *user,
                                      const char     *server,
                                      const char     *replica_id,
                                      GError        **error);
/* The inode of the file at @path, 0 when it cannot be read. */
guint64   saha_sync_file_inode       (const char     *path);

/* A fresh random replica id ("r-" and 16 hex digits). */
char     *saha_sync_new_replica_id   (void);

/* The replica's id is taken (restored or copied file): gives it @new_id, re-writing its
 * pending edits newer than replica_counter_acked under it
 * (saha_store_sync_change_replica_id()), reopens *store and writes the token file for the
 * new id: @token (bound to @new_id by the server; back into the secret service when it
 * was kept there), or, NULL, the current token if there is a file. */
gboolean  saha_sync_take_new_replica_id (SahaStore      **store,
                                         const char      *new_id,
                                         const char      *token,
                                         const char      *expires_at,
                                         GError         **error);

/* POST /v1/replica with @client's token: a fresh id issued by the server and a token bound
 * to it, taken with saha_sync_take_new_replica_id(); *new_token (may be NULL) gets the
 * token. */
gboolean  saha_sync_renew_replica       (SahaStore      **store,
                                         SahaSyncClient  *client,
                                         char           **new_token,
                                         GCancellable    *cancellable,
                                         GError         **error);

/* The replica's replica_counter_acked setting (0 when unset). */
guint64   saha_sync_get_acked           (SahaStore       *store);

/* GET /v1/users through @client: keeps the list in the replica for offline pickers and
 * which user each replica id belongs to (saha_store_set_replica_users()). Returns the
 * users (SahaSyncUser *). */
GPtrArray *saha_sync_users_refresh   (SahaStore       *store,
                                      SahaSyncClient  *client,
                                      GCancellable    *cancellable,
                                      GError         **error);

G_END_DECLS
