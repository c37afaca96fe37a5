/* saha-sync.h: the public header of libsaha-sync, the client side of the sync protocol.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "saha-sync-engine.h"

G_BEGIN_DECLS

#define SAHA_SYNC_ERROR (saha_sync_error_quark ())

typedef enum
{
  SAHA_SYNC_ERROR_NETWORK,        /* the server could not be reached (after the retries) */
  SAHA_SYNC_ERROR_AUTH,           /* not signed in, wrong password, expired or revoked token */
  SAHA_SYNC_ERROR_SERVER,         /* the server answered with an error (500, 400, 429 ...) */
  SAHA_SYNC_ERROR_PROTOCOL,       /* an answer that does not follow docs/protocol.md */
  SAHA_SYNC_ERROR_REPLICA_REUSED, /* the replica id was taken again after a new id */
  SAHA_SYNC_ERROR_RESYNC,         /* the server asked for a re-sync during a re-sync */
  SAHA_SYNC_ERROR_DEVICE_WIPED,   /* an admin marked this device lost (410 device_wiped): the
                                   * engine has deleted the replica, its token and keyring
                                   * entry (saha_sync_wipe_replica) */
} SahaSyncError;

GQuark   saha_sync_error_quark  (void);

/*
 * Signs the replica at @db_path in to @server_url (e.g. "http://127.0.0.1:8080").
 *
 * Stores the server URL, the user name, role and code ("user_code", used by the store for
 * human numbers) and the server epoch in the replica's settings, and the bearer token in
 * "<replica file>.token" beside the replica, created with mode 0600 (readable by the user
 * only; a later version of the app keeps it in libsecret instead). The token file also
 * names the replica id and the replica file's inode it was issued for, so a replica file
 * copied or restored under an existing profile is noticed before it pushes.
 *
 * Signing in as another user or to another server resets the pull cursor: the next sync
 * is a full one. Blocking; call it from a worker thread in a GUI.
 */
gboolean saha_sync_login        (const char    *db_path,
                                 const char    *server_url,
                                 const char    *user,
                                 const char    *password,
                                 GCancellable  *cancellable,
                                 GError       **error);

/* The token file of the replica at @db_path. */
char    *saha_sync_token_path   (const char    *db_path);

G_END_DECLS
