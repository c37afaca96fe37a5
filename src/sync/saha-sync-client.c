/* saha-sync-client.c: JSON over libsoup 3 with bounded, backed-off retries.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <saha-core.h>

#include "saha-sync.h"
#include "saha-sync-client.h"

struct _SahaSyncClient
{
  SoupSession *session;
  char        *base_url;
  char        *authorization;
  guint        max_attempts;
  guint        retry_delay_ms;
};

/**
 * saha_sync_client_new:
 * @base_url: the server, "http://host:port" with no trailing path
 * @token: (nullable): the bearer token sent with each request
 * @max_attempts: how often one request is tried when the network fails or the server
 *   answers 5xx
 * @retry_delay_ms: the first delay between attempts; it grows exponentially
 *
 * A client is used from one thread.
 *
 * Returns: (transfer full): the client; free with saha_sync_client_free()
 */
SahaSyncClient *
saha_sync_client_new (const char *base_url,
                      const char *token,
                      guint       max_attempts,
                      guint       retry_delay_ms)
{
  SahaSyncClient *client = g_new0 (SahaSyncClient, 1);
  gsize len = strlen (base_url);

  while (len > 0 && base_url[len - 1] == '/')
    len--;
  client->base_url = g_strndup (base_url, len);
  client->authorization = token != NULL ? g_strconcat ("Bearer ", token, NULL) : NULL;
  client->max_attempts = MAX (max_attempts, 1);
  client->retry_delay_ms = retry_delay_ms;
  /* A stalled server must not hang a sync forever; a pull page of 5000 records is well
   * under a megabyte, so 60 s is generous. */
  client->session = soup_session_new_with_options ("timeout", 60,
                                                   "idle-timeout", 30,
                                                   "user-agent", "saha/" PACKAGE_VERSION,
                                                   NULL);
  return client;
}

/**
 * saha_sync_client_free:
 * @client: (nullable): a client
 *
 * Frees @client and its HTTP session.
 */
void
saha_sync_client_free (SahaSyncClient *client)
{
  if (client == NULL)
    return;
  g_clear_object (&client->session);
  g_free (client->base_url);
  g_free (client->authorization);
  g_free (client);
}

static JsonNode *
parse_json (GBytes  *bytes,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);
  JsonNode *root;

  /* A server (or something posing as one) is not trusted with the parser's recursion. */
  if (!saha_json_check_bounds (data != NULL ? data : "", size, &saha_json_bounds_default, error)
      || !json_parser_load_from_data (parser, data != NULL ? data : "", size, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                   _("The server's answer is not a JSON object"));
      return NULL;
    }
  /* The tree is reference counted: it outlives the parser. */
  return json_node_ref (root);
}

static void
set_error_from_answer (guint          status,
                       GBytes        *bytes,
                       char         **error_code,
                       GError       **error)
{
  g_autoptr(JsonNode) root = parse_json (bytes, NULL);
  const char *code = NULL;
  const char *message = NULL;
  int domain_code;

  if (root != NULL)
    {
      JsonObject *object = json_node_get_object (root);
      JsonObject *err = saha_json_get_object (object, "error");

      if (err != NULL)
        {
          code = saha_json_get_string (err, "code", NULL);
          message = saha_json_get_string (err, "message", NULL);
        }
    }
  if (error_code != NULL)
    *error_code = g_strdup (code);

  if (g_strcmp0 (code, "device_wiped") == 0)
    domain_code = SAHA_SYNC_ERROR_DEVICE_WIPED;
  else if (status == SOUP_STATUS_UNAUTHORIZED)
    domain_code = SAHA_SYNC_ERROR_AUTH;
  else if (code == NULL)
    domain_code = SAHA_SYNC_ERROR_PROTOCOL;
  else
    domain_code = SAHA_SYNC_ERROR_SERVER;

  if (message != NULL)
    g_set_error (error, SAHA_SYNC_ERROR, domain_code, "%s (%s)", message, code);
  else
    g_set_error (error, SAHA_SYNC_ERROR, domain_code,
                 _("The server answered HTTP %u"), status);
}

static gboolean
sleep_cancellable (guint         ms,
                   GCancellable *cancellable)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  /* Short naps so that a cancel is noticed quickly. */
  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN ((gint64) 20000, end - g_get_monotonic_time ()));
    }
  return TRUE;
}

/**
 * saha_sync_client_request:
 * @client: a client
 * @method: the HTTP method, "GET" or "POST"
 * @path: the request's path and query, "/v1/pull?..."
 * @body: (nullable): a JSON document to send, %NULL for none
 * @error_code: (out) (optional) (transfer full) (nullable): the protocol's stable code of
 *   an error answer ("resync_required", "replica_reused" ...)
 * @cancellable: (nullable): cancels the request and its retries
 * @error: return location for a #SAHA_SYNC_ERROR: %SAHA_SYNC_ERROR_NETWORK when the server
 *   could not be reached after the retries, %SAHA_SYNC_ERROR_AUTH for 401,
 *   %SAHA_SYNC_ERROR_SERVER or %SAHA_SYNC_ERROR_PROTOCOL for other error answers
 *
 * Sends one request of the protocol, retrying network failures and 5xx answers with
 * exponential backoff (every request may be repeated safely). Blocks the calling thread.
 *
 * Returns: (transfer full) (nullable): the root of the JSON answer of a 2xx status, or
 *   %NULL with @error set
 */
JsonNode *
saha_sync_client_request (SahaSyncClient *client,
                          const char     *method,
                          const char     *path,
                          GBytes         *body,
                          char          **error_code,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autofree char *uri = g_strconcat (client->base_url, path, NULL);
  g_autoptr(GError) last_error = NULL;
  guint delay = client->retry_delay_ms;

  if (error_code != NULL)
    *error_code = NULL;

  for (guint attempt = 1; attempt <= client->max_attempts; attempt++)
    {
      g_autoptr(SoupMessage) msg = NULL;
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) local_error = NULL;
      guint status;

      if (attempt > 1)
        {
          g_debug ("Retrying %s %s (attempt %u) in %u ms: %s", method, path, attempt,
                   delay, last_error->message);
          if (!sleep_cancellable (delay, cancellable))
            break;
          delay *= 2;
        }

      msg = soup_message_new (method, uri);
      if (msg == NULL)
        {
          g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_NETWORK,
                       _("“%s” is not a valid server address"), client->base_url);
          return NULL;
        }
      if (client->authorization != NULL)
        soup_message_headers_replace (soup_message_get_request_headers (msg),
                                      "Authorization", client->authorization);
      if (body != NULL)
        soup_message_set_request_body_from_bytes (msg, "application/json", body);

      answer = soup_session_send_and_read (client->session, msg, cancellable, &local_error);
      if (answer == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          g_clear_error (&last_error);
          last_error = g_error_new (SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_NETWORK,
                                    _("Cannot reach the server at %s: %s"),
                                    client->base_url, local_error->message);
          continue;
        }

      status = soup_message_get_status (msg);
      if (SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          gint64 parse_start = g_get_monotonic_time ();
          JsonNode *root = parse_json (answer, &local_error);

          g_debug ("%s %s: %" G_GSIZE_FORMAT " bytes parsed in %.1f ms", method, path,
                   g_bytes_get_size (answer), (g_get_monotonic_time () - parse_start) / 1000.0);

          if (root == NULL)
            {
              /* A cut connection can leave a truncated body behind a 200. */
              g_clear_error (&last_error);
              last_error = g_error_new (SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_NETWORK,
                                        _("Incomplete answer from %s: %s"),
                                        client->base_url, local_error->message);
              continue;
            }
          return root;
        }

      g_clear_error (&last_error);
      set_error_from_answer (status, answer, error_code, &last_error);
      if (status >= 500)
        {
          if (error_code != NULL)
            g_clear_pointer (error_code, g_free);
          continue;
        }
      g_propagate_error (error, g_steal_pointer (&last_error));
      return NULL;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  g_propagate_error (error, g_steal_pointer (&last_error));
  return NULL;
}
