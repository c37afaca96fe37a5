/* saha-server-http.h: the /v1/ JSON API on a SoupServer, with DB work on a thread pool.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char   *data_dir;
  char   *database;          /* a libpq connection string, or NULL: SQLite in data_dir */
  char   *listen;            /* HOST:PORT */
  char   *tls_cert;
  char   *tls_key;
  gboolean insecure;
  gint64  token_ttl;         /* seconds */
  gint64  device_stale;      /* seconds a device may stay unseen and still hold tombstones */
  guint   purge_interval;    /* seconds */
  guint   max_failed_logins_per_user;
  guint   max_failed_logins_per_address;
  guint   workers;
  char  **trusted_proxies;   /* peers whose X-Forwarded-For names the client (NULL: none) */
} SahaServerConfig;

/* Runs the server until SIGTERM or SIGINT; returns the exit status. */
int saha_server_http_run (const SahaServerConfig *config);

G_END_DECLS
