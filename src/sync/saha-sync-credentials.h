/* saha-sync-credentials.h: where a profile's bearer token lives (the token file or the
 * desktop's secret service), moving it there, clearing it, and signing out of the server.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SAHA_SYNC_TOKEN_NONE,     /* not signed in */
  SAHA_SYNC_TOKEN_FILE,     /* "<replica>.token", mode 0600 (saha-cli login, tests) */
  SAHA_SYNC_TOKEN_KEYRING,  /* the secret service (libsecret), signed in from the app */
} SahaSyncTokenPlace;

/*
 * Whether a secret service (GNOME Keyring, KWallet...) owns org.freedesktop.secrets on
 * the session bus right now. It is never started for the question: a CLI run from cron
 * or a test under dbus-run-session gets FALSE at once and keeps using the token file.
 * Always FALSE in a build without libsecret.
 */
gboolean            saha_sync_credentials_keyring_available (void);

/* Where the token of the replica at @db_path is; the file wins when both exist. Blocking
 * (a D-Bus round trip when the secret service runs). */
SahaSyncTokenPlace  saha_sync_credentials_locate      (const char    *db_path);

/* The token document (the token file's JSON) kept in the secret service for @db_path,
 * or NULL. Blocking. */
char               *saha_sync_credentials_keyring_lookup (const char    *db_path,
                                                          GCancellable  *cancellable,
                                                          GError       **error);

/*
 * After saha_sync_login() wrote the token file: when a secret service runs, stores the
 * token document there and removes the file, so the token is no longer a plain file in
 * the profile. Returns the place the token ends up in; SAHA_SYNC_TOKEN_FILE when no
 * secret service runs or it refused (the file is then kept, *error says why). Blocking.
 */
SahaSyncTokenPlace  saha_sync_credentials_move_to_keyring (const char    *db_path,
                                                           GCancellable  *cancellable,
                                                           GError       **error);

/* Removes the token of @db_path from the file and from the secret service. Blocking. */
gboolean            saha_sync_credentials_clear       (const char    *db_path,
                                                       GCancellable  *cancellable,
                                                       GError       **error);

/*
 * Signs the replica at @db_path out: revokes the token on the server (POST /v1/logout,
 * one attempt, best effort: signing out offline must still work; *server_told, may be
 * NULL, says whether the server revoked it), then saha_sync_credentials_clear(). FALSE
 * only when the token could not be removed locally. Blocking; run it in a worker thread.
 */
gboolean            saha_sync_logout                  (const char    *db_path,
                                                       gboolean      *server_told,
                                                       GCancellable  *cancellable,
                                                       GError       **error);

/*
 * A lost device's wipe: removes the token (file and secret service entry), then the
 * replica file @db_path with its -wal, -shm and -journal files. No connection to the
 * file may be open. Missing files are not an error; FALSE when one could not be
 * removed. Blocking.
 */
gboolean            saha_sync_wipe_replica            (const char    *db_path,
                                                       GError       **error);

G_END_DECLS
