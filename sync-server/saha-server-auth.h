/* saha-server-auth.h: passwords, bearer tokens and the failed-login limiter.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "saha-server-storage.h"

G_BEGIN_DECLS

/* Initializes libsodium; FALSE when it cannot run. */
gboolean saha_server_auth_init          (void);

/* argon2id (crypto_pwhash_str, interactive limits). Slow and memory hungry on purpose:
 * call from worker threads only. SAHA_SERVER_PWHASH=min in the environment selects the
 * smallest limits, for the test suite. */
char    *saha_server_password_hash      (const char *password,
                                         GError    **error);
gboolean saha_server_password_verify    (const char *hash,
                                         const char *password);
/* Reads a password from standard input: the first line, without its line end. */
char    *saha_server_password_read_stdin (GError   **error);

/* A new random token (32 bytes, base64url without padding) and the hex hash kept of it. */
char    *saha_server_token_new          (char      **token_hash);
/* A fresh replica id ("r-" and 16 random hex digits), issued by sign-in and
 * POST /v1/replica to a replica file that must not go on with its own. */
char    *saha_server_replica_id_new     (void);
char    *saha_server_token_hash         (const char *token);

/* The user behind "Authorization: Bearer <token>", or an UNAUTHORIZED error for a
 * missing, unknown, expired or revoked token or a disabled user. */
SahaServerUser *saha_server_authenticate (SahaServerStorage  *storage,
                                          const char         *authorization,
                                          char              **replica_id,
                                          GError            **error);

/* A user code: upper-case letters made from the name ("demo-rep" -> "DREP"), made
 * unique against the users already stored. */
char    *saha_server_user_code_for      (SahaServerStorage *storage,
                                         const char        *name);

/* Failed logins: at most @max_per_user per user and @max_per_address per address in a
 * sliding minute. Thread-safe. */
typedef struct _SahaServerLoginLimiter SahaServerLoginLimiter;

SahaServerLoginLimiter *saha_server_login_limiter_new     (guint                   max_per_user,
                                                           guint                   max_per_address);
void                    saha_server_login_limiter_free    (SahaServerLoginLimiter *self);
gboolean                saha_server_login_limiter_allowed (SahaServerLoginLimiter *self,
                                                           const char             *user,
                                                           const char             *address);
void                    saha_server_login_limiter_failed  (SahaServerLoginLimiter *self,
                                                           const char             *user,
                                                           const char             *address);
/* For tests: the sliding window (a minute by default), and how many users and addresses
 * the limiter holds failures of (each is dropped at most two windows after its last). */
void                    saha_server_login_limiter_set_window (SahaServerLoginLimiter *self,
                                                              gint64                  window_usec);
guint                   saha_server_login_limiter_get_size (SahaServerLoginLimiter *self);

G_END_DECLS
