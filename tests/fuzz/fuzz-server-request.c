/* fuzz-server-request.c: fuzzes the server's request handling from the raw request on:
 * libsoup's request line and header parser (the one SoupServer uses), the URI and query
 * as SoupServer derives them, routing, the bearer token check, the pull parameters and
 * the push body, against a fresh fixture database per input.
 *
 * The input is one or more HTTP/1.1 requests (request line, headers, a blank line, the
 * body) separated by a line "%%", run in order on the same database, so a push can be
 * followed by the pull or the replay that sees it.
 *
 * The dispatch of saha-server-http.c runs on worker threads with a SoupServerMessage and
 * is not callable alone; this harness mirrors its routing table and body limits, and
 * calls the same functions it calls (saha_server_authenticate, saha_server_sync_pull,
 * saha_server_sync_push, the error mapping). Login is left out: its parser is private to
 * saha-server-http.c and its password check is argon2, too slow to fuzz.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <saha-core.h>
#include <string.h>

#include "fuzz-server-fixture.h"
#include "saha-fuzz.h"
#include "saha-server-auth.h"
#include "saha-server-error.h"
#include "saha-server-routes.h"
#include "saha-server-sync.h"



/* What the worker thread answers for an authenticated route; NULL with @error set for
 * an error answer. */
static char *
handle_authenticated (SahaServerStorage *storage,
                      SahaServerRoute              route,
                      const char        *authorization,
                      GHashTable        *query,
                      const char        *body,
                      gsize              length,
                      GError           **error)
{
  g_autoptr(SahaServerUser) user = NULL;
  g_autofree char *replica_id = NULL;

  user = saha_server_authenticate (storage, authorization, &replica_id, error);
  if (user == NULL)
    return NULL;
  g_assert_nonnull (replica_id);

  switch (route)
    {
    case SAHA_SERVER_ROUTE_LOGOUT:
      {
        g_autofree char *copy = g_strdup (authorization);
        g_autofree char *hash = saha_server_token_hash (g_strchug (copy + 7));

        if (!saha_server_storage_token_delete (storage, hash, error))
          return NULL;
        return g_strdup ("{}");
      }
    case SAHA_SERVER_ROUTE_ME:
      return g_strdup_printf ("{\"name\":\"%s\"}", user->name);
    case SAHA_SERVER_ROUTE_USERS:
      {
        g_autoptr(GPtrArray) users = saha_server_storage_user_list (storage, TRUE, error);

        return users != NULL ? g_strdup ("{}") : NULL;
      }
    case SAHA_SERVER_ROUTE_PULL:
      return saha_server_sync_pull (storage, user, replica_id,
                                    query != NULL ? g_hash_table_lookup (query, "cursor") : NULL,
                                    query != NULL ? g_hash_table_lookup (query, "limit") : NULL,
                                    error);
    case SAHA_SERVER_ROUTE_PUSH:
      return saha_server_sync_push (storage, user, body, length, error);
    case SAHA_SERVER_ROUTE_NONE:
    case SAHA_SERVER_ROUTE_HEALTH:
    case SAHA_SERVER_ROUTE_LOGIN:
    default:
      g_assert_not_reached ();
    }
}

static void
run_request (SahaServerStorage *storage,
             const char        *request,
             gsize              length)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) query = NULL;
  g_autofree char *method = NULL;
  g_autofree char *target = NULL;
  g_autofree char *url = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *body = NULL;
  const char *end;
  gsize head_length, body_length;
  SahaServerRoute route;

  /* The head ends at the first blank line; what follows is the body. */
  end = g_strstr_len (request, length, "\r\n\r\n");
  if (end != NULL)
    head_length = end + 4 - request;
  else if ((end = g_strstr_len (request, length, "\n\n")) != NULL)
    head_length = end + 2 - request;
  else
    head_length = length;
  body_length = length - head_length;
  body = g_malloc (body_length + 1);
  memcpy (body, request + head_length, body_length);
  body[body_length] = '\0';

  if (head_length > G_MAXINT
      || soup_headers_parse_request (request, (int) head_length, headers, &method, &target,
                                     NULL) != SOUP_STATUS_OK)
    return;

  /* As SoupServer does: a target is either absolute or a path on this server. */
  if (*target == '/')
    {
      url = g_strconcat ("http://127.0.0.1:8443", target, NULL);
      uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
    }
  else
    uri = g_uri_parse (target, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    return;
  if (g_uri_get_query (uri) != NULL)
    query = soup_form_decode (g_uri_get_query (uri));

  route = saha_server_route_find (g_uri_get_path (uri), method, NULL);
  if (route == SAHA_SERVER_ROUTE_NONE || route == SAHA_SERVER_ROUTE_HEALTH || route == SAHA_SERVER_ROUTE_LOGIN)
    return;
  if (body_length > saha_server_route_body_limit (route))
    return;

  answer = handle_authenticated (storage, route,
                                 soup_message_headers_get_one (headers, "Authorization"),
                                 query, body, body_length, &error);
  if (g_getenv ("SAHA_FUZZ_VERBOSE") != NULL)
    g_printerr ("%s %s: %s\n", method, target, answer != NULL ? answer : error->message);
  if (answer == NULL)
    {
      guint status;

      g_assert_nonnull (error);
      status = saha_server_error_http_status (error);
      /* A client cannot make the server fail: any 5xx is a bug. */
      g_assert_cmpuint (status, >=, 400);
      g_assert_cmpuint (status, <, 500);
      g_assert_nonnull (saha_server_error_wire_code (error));
    }
  else
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_no_error (error);
      g_assert_true (json_parser_load_from_data (parser, answer, -1, &error));
      g_assert_no_error (error);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  SahaServerStorage *storage = saha_fuzz_server_open ();
  const char *rest = (const char *) data;
  gsize left = size;

  while (TRUE)
    {
      const char *separator = g_strstr_len (rest, left, "\n%%\n");
      gsize length = separator != NULL ? (gsize) (separator - rest) : left;

      run_request (storage, rest, length);
      if (separator == NULL)
        break;
      left -= length + 4;
      rest = separator + 4;
    }

  saha_fuzz_server_close (storage);
  return 0;
}
