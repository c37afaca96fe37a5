/* saha-server-routes.h: the /v1/ API's routes and body limits, for the server and its fuzzer.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Bodies: POST /v1/push at most 16 MiB, every other body at most 64 KiB (docs/protocol.md). */
#define SAHA_SERVER_MAX_PUSH_BODY (16 * 1024 * 1024)
#define SAHA_SERVER_MAX_SMALL_BODY (64 * 1024)

typedef enum
{
  SAHA_SERVER_ROUTE_NONE,
  SAHA_SERVER_ROUTE_HEALTH,
  SAHA_SERVER_ROUTE_LOGIN,
  SAHA_SERVER_ROUTE_LOGOUT,
  SAHA_SERVER_ROUTE_ME,
  SAHA_SERVER_ROUTE_USERS,
  SAHA_SERVER_ROUTE_COMPANY,
  SAHA_SERVER_ROUTE_PULL,
  SAHA_SERVER_ROUTE_PUSH,
  SAHA_SERVER_ROUTE_REPLICA,
  SAHA_SERVER_ROUTE_ERASE,
  SAHA_SERVER_ROUTE_EXPORT_PERSON,
  SAHA_SERVER_ROUTE_HISTORY,
} SahaServerRoute;

/* The route of @method on @path; NONE when there is none. @path_known (may be NULL) says
 * whether the path exists with another method (405 rather than 404). */
SahaServerRoute saha_server_route_find       (const char      *path,
                                              const char      *method,
                                              gboolean        *path_known);
/* The largest body a request to @route may have. */
gsize           saha_server_route_body_limit (SahaServerRoute  route);

G_END_DECLS
