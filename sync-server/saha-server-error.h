/* saha-server-error.h: the server's error domain; each code is one wire error of docs/protocol.md.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SAHA_SERVER_ERROR (saha_server_error_quark ())

typedef enum
{
  SAHA_SERVER_ERROR_INVALID_BODY,
  SAHA_SERVER_ERROR_INVALID_REQUEST,
  SAHA_SERVER_ERROR_UNAUTHORIZED,
  SAHA_SERVER_ERROR_FORBIDDEN,
  SAHA_SERVER_ERROR_NOT_FOUND,
  SAHA_SERVER_ERROR_METHOD_NOT_ALLOWED,
  SAHA_SERVER_ERROR_RESYNC_REQUIRED,
  SAHA_SERVER_ERROR_REPLICA_REUSED,
  SAHA_SERVER_ERROR_TOO_LARGE,
  SAHA_SERVER_ERROR_RATE_LIMITED,
  SAHA_SERVER_ERROR_INTERNAL,
  SAHA_SERVER_ERROR_EXISTS,       /* admin commands: the user already exists */
  SAHA_SERVER_ERROR_HISTORY_DIVERGED,
  SAHA_SERVER_ERROR_MISSING_REFERENCE, /* per record: a reference to a record the server lacks */
  SAHA_SERVER_ERROR_DEVICE_WIPED, /* the replica (or its token) was marked lost */
  SAHA_SERVER_ERROR_UNAVAILABLE,  /* the database cannot be reached now: retry */
} SahaServerError;

GQuark      saha_server_error_quark       (void);

/* The HTTP status and the stable wire code ("invalid_body", ...) of an error of any domain:
 * errors of other domains are "internal". */
guint       saha_server_error_http_status (const GError *error);
const char *saha_server_error_wire_code   (const GError *error);

G_END_DECLS
