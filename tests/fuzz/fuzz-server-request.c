/* fuzz-server-request.c: fuzzes the server's request handling from the raw request on:
 * libsoup's request line and header parser (the one SoupServer uses), the URI and query
 * as SoupServer derives them, routing, the bearer token check, the pull parameters and
 * the push body, against a fresh fixture database per input.
 *
 * The input is one or more HTTP/1.1 requests (request line, headers, a blank line, the
 * body) separated by a line "%%", run in order on the same database, so a push can be
 * followed by the pull or the replay that sees it.
 *
 * Everything after the socket is the server's own code: the checks saha-server-http.c
 * makes before queueing a request (saha_server_request_check: route, method, a NUL in
 * the query, the body limit) and what its worker threads run (saha_server_handle: the
 * login with its body parser, limiter and argon2 check at the smallest limits, the token
 * check, /v1/me, /v1/users, pull, push, logout, the error answers). Only libsoup's socket
 * handling and the thread pool are left out. Every answer must be JSON and no status 5xx.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <saha-core.h>
#include <string.h>

#include "fuzz-server-fixture.h"
#include "saha-fuzz.h"
#include "saha-server-auth.h"
#include "saha-server-error.h"
#include "saha-server-handler.h"

/* One failed-login limiter for the process, as the server has. */
static SahaServerLoginLimiter *
limiter (void)
{
  static SahaServerLoginLimiter *limiter;

  if (limiter == NULL)
    {
      /* Sign-ins hash with argon2's smallest limits, as the tests' servers do. */
      g_setenv ("SAHA_SERVER_PWHASH", "min", TRUE);
      limiter = saha_server_login_limiter_new (5, 20);
    }
  return limiter;
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
  guint status;

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

  if (!saha_server_request_check (g_uri_get_path (uri), method, g_uri_get_query (uri),
                                  body_length, &route, &error))
    answer = saha_server_error_answer (error, &status);
  else if (route == SAHA_SERVER_ROUTE_HEALTH)
    return;
  else
    {
      SahaServerRequest parsed = {
        .route = route,
        .authorization = soup_message_headers_get_one (headers, "Authorization"),
        .address = "127.0.0.1",
        .cursor = query != NULL ? g_hash_table_lookup (query, "cursor") : NULL,
        .limit = query != NULL ? g_hash_table_lookup (query, "limit") : NULL,
        .form = query != NULL ? g_hash_table_lookup (query, "form") : NULL,
        .own = query != NULL ? g_hash_table_lookup (query, "own") : NULL,
        .body = body,
        .length = body_length,
      };

      answer = saha_server_handle (storage, limiter (), 3600, &parsed, &status);
    }
  if (g_getenv ("SAHA_FUZZ_VERBOSE") != NULL)
    g_printerr ("%s %s: %u %s\n", method, target, status, answer);

  /* A client cannot make the server fail: any 5xx is a bug. Every answer is JSON. */
  g_assert_cmpuint (status, <, 500);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) parse_error = NULL;

    g_assert_true (json_parser_load_from_data (parser, answer, -1, &parse_error));
    g_assert_no_error (parse_error);
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
