/* saha-server-routes.c: the /v1/ API's routes and body limits.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-server-routes.h"

static const struct
{
  const char      *path;
  const char      *method;
  SahaServerRoute  route;
} routes[] = {
  { "/v1/health", "GET",  SAHA_SERVER_ROUTE_HEALTH },
  { "/v1/login",  "POST", SAHA_SERVER_ROUTE_LOGIN },
  { "/v1/logout", "POST", SAHA_SERVER_ROUTE_LOGOUT },
  { "/v1/me",     "GET",  SAHA_SERVER_ROUTE_ME },
  { "/v1/users",  "GET",  SAHA_SERVER_ROUTE_USERS },
  { "/v1/company", "GET", SAHA_SERVER_ROUTE_COMPANY },
  { "/v1/pull",   "GET",  SAHA_SERVER_ROUTE_PULL },
  { "/v1/push",   "POST", SAHA_SERVER_ROUTE_PUSH },
  { "/v1/replica", "POST", SAHA_SERVER_ROUTE_REPLICA },
  { "/v1/erase",  "POST", SAHA_SERVER_ROUTE_ERASE },
  { "/v1/export-person", "POST", SAHA_SERVER_ROUTE_EXPORT_PERSON },
  { "/v1/history", "GET", SAHA_SERVER_ROUTE_HISTORY },
};

SahaServerRoute
saha_server_route_find (const char *path,
                        const char *method,
                        gboolean   *path_known)
{
  if (path_known != NULL)
    *path_known = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (g_strcmp0 (path, routes[i].path) == 0)
      {
        if (path_known != NULL)
          *path_known = TRUE;
        if (g_strcmp0 (method, routes[i].method) == 0)
          return routes[i].route;
      }
  return SAHA_SERVER_ROUTE_NONE;
}

gsize
saha_server_route_body_limit (SahaServerRoute route)
{
  return route == SAHA_SERVER_ROUTE_PUSH ? SAHA_SERVER_MAX_PUSH_BODY : SAHA_SERVER_MAX_SMALL_BODY;
}
