/* saha-server-handler.h: what the server answers to each /v1/ request, apart from the
 * HTTP layer (saha-server-http.c), so that the request fuzzer runs the same code.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "saha-server-auth.h"
#include "saha-server-routes.h"
#include "saha-server-storage.h"

G_BEGIN_DECLS

/* One request as the HTTP layer read it; every string may be NULL. */
typedef struct
{
  SahaServerRoute  route;
  const char      *authorization;   /* the Authorization header */
  const char      *address;         /* the client's address, for the login limiter */
  const char      *cursor;          /* query parameters */
  const char      *limit;
  const char      *form;
  const char      *own;
  const char      *acked;           /* with own: the file's replica_counter_acked */
  const char      *entity;          /* /v1/history: the record */
  const char      *id;
  const char      *body;
  gsize            length;
} SahaServerRequest;

/* The checks made before a request is queued: a known route and method, no NUL in the
 * query, the body under the route's limit. FALSE with the error to answer otherwise. */
gboolean saha_server_request_check (const char       *path,
                                    const char       *method,
                                    const char       *raw_query,
                                    gsize             body_length,
                                    SahaServerRoute  *route,
                                    GError          **error);

/* The answer to @request (any route but NONE and HEALTH), run on a worker thread with its
 * storage connection: the JSON text, and its HTTP status in *status. */
char    *saha_server_handle        (SahaServerStorage       *storage,
                                    SahaServerLoginLimiter  *limiter,
                                    gint64                   token_ttl,
                                    const SahaServerRequest *request,
                                    guint                   *status);

/* The JSON error answer for @error and its status (a 500 is logged, its details kept
 * from the client). */
char    *saha_server_error_answer  (const GError            *error,
                                    guint                   *status);
char    *saha_server_error_json    (const char              *code,
                                    const char              *message);

G_END_DECLS
