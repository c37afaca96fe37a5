/* saha-server-http.c: the /v1/ JSON API on a SoupServer, with DB work on a thread pool.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <libsoup/soup.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "saha-server-auth.h"
#include "saha-server-clock.h"
#include "saha-server-error.h"
#include "saha-server-handler.h"
#include "saha-server-http.h"
#include "saha-server-retention.h"
#include "saha-server-routes.h"
#include "saha-server-storage.h"
#include "saha-server-sync.h"

/* Push answers are kept this long for replays. */
#define BATCH_ANSWER_TTL (30 * 24 * 3600)

typedef struct
{
  const SahaServerConfig *config;
  SahaServerStorageTarget target;
  SoupServer             *server;
  GThreadPool            *pool;
  GMainLoop              *loop;
  SahaServerLoginLimiter *limiter;
  char                   *epoch;
  guint                   in_flight;
  gboolean                stopping;
} SahaServerHttp;


/* A request handed to a worker thread, and its answer handed back. */
typedef struct
{
  SahaServerHttp    *http;
  SoupServerMessage *msg;     /* NULL for the periodic purge */
  SahaServerRoute              route;
  GBytes            *body;
  char              *authorization;
  char              *address;
  char              *cursor;
  char              *limit;
  char              *form;
  char              *own;
  char              *acked;
  char              *entity;
  char              *id;
  guint              status;
  char              *response;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->msg);
  g_clear_pointer (&job->body, g_bytes_unref);
  g_free (job->authorization);
  g_free (job->address);
  g_free (job->cursor);
  g_free (job->limit);
  g_free (job->form);
  g_free (job->own);
  g_free (job->acked);
  g_free (job->entity);
  g_free (job->id);
  g_free (job->response);
  g_free (job);
}

/* Each worker thread owns one storage connection, closed when the thread ends. */
static GPrivate worker_storage = G_PRIVATE_INIT ((GDestroyNotify) saha_server_storage_close);

static void
job_fail (Job          *job,
          const GError *error)
{
  g_free (job->response);
  job->response = saha_server_error_answer (error, &job->status);
}

static char *
node_to_text (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static gboolean
job_complete (gpointer data)
{
  Job *job = data;

  if (job->msg != NULL)
    {
      soup_server_message_set_status (job->msg, job->status, NULL);
      soup_server_message_set_response (job->msg, "application/json", SOUP_MEMORY_TAKE,
                                        g_steal_pointer (&job->response),
                                        job->response != NULL ? strlen (job->response) : 0);
      soup_server_message_unpause (job->msg);
    }
  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
run_purge (SahaServerHttp    *http,
           SahaServerStorage *storage)
{
  g_autoptr(GError) error = NULL;
  gint64 now = saha_server_now ();
  gint64 purged = saha_server_storage_purge (storage, now - http->config->device_stale,
                                             now - BATCH_ANSWER_TTL, &error);
  gint64 days;

  if (purged < 0)
    g_warning ("Tombstone purge failed: %s", error->message);
  else if (purged > 0)
    g_message ("Purged %" G_GINT64_FORMAT " tombstones", purged);

  /* Retention (docs/security.md) runs on the same timer. */
  g_clear_error (&error);
  days = saha_server_retention_days (storage);
  if (days > 0)
    {
      g_autoptr(SahaServerRetention) retention = saha_server_retention_run (storage, days, now,
                                                                            FALSE, &error);

      if (retention == NULL)
        g_warning ("Retention failed: %s", error->message);
    }
}

static void
worker (gpointer data,
        gpointer user_data)
{
  Job *job = data;
  SahaServerHttp *http = user_data;
  SahaServerStorage *storage = g_private_get (&worker_storage);
  g_autoptr(GError) error = NULL;

  if (storage == NULL)
    {
      storage = saha_server_storage_connect (&http->target, &error);
      if (storage == NULL)
        {
          job_fail (job, error);
          g_main_context_invoke (NULL, job_complete, job);
          return;
        }
      g_private_set (&worker_storage, storage);
    }

  if (job->msg == NULL)
    run_purge (http, storage);
  else
    {
      gsize length;
      const char *body = g_bytes_get_data (job->body, &length);
      SahaServerRequest request = {
        .route = job->route,
        .authorization = job->authorization,
        .address = job->address,
        .cursor = job->cursor,
        .limit = job->limit,
        .form = job->form,
        .own = job->own,
        .acked = job->acked,
        .entity = job->entity,
        .id = job->id,
        .body = body,
        .length = length,
      };

      job->response = saha_server_handle (storage, http->limiter, http->config->token_ttl,
                                          &request, &job->status);
    }
  g_main_context_invoke (NULL, job_complete, job);
}

static void
respond_now (SoupServerMessage *msg,
             guint              status,
             char              *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, json, strlen (json));
}

static void
respond_error (SoupServerMessage *msg,
               SahaServerError    code,
               const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (SAHA_SERVER_ERROR, code, message);
  guint status;
  char *json = saha_server_error_answer (error, &status);

  respond_now (msg, status, json);
}

static void
too_large (SoupServerMessage *msg,
           SahaServerRoute              route)
{
  g_autofree char *message = g_strdup_printf ("The body is over the limit of %zu bytes for this request.",
                                              saha_server_route_body_limit (route));

  respond_error (msg, SAHA_SERVER_ERROR_TOO_LARGE, message);
  /* Do not read (or keep the connection for) the rest of an oversized body. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
}

/* How long a refused connection's incoming bytes are still read, and dropped, after the
 * answer: closing a socket with unread bytes sends a reset, and a reset can make the
 * client's system discard the answer before the client has read it (the "lingering close"
 * of web servers). Bounded, so that a client cannot hold the connection this way. */
#define LINGER_MS 2000

/* A connection taken from libsoup to answer 413 and close without reading the body. */
typedef struct
{
  GIOStream    *stream;
  GSocket      *socket;
  GCancellable *cancellable;
  guint         linger_source;
  char         *answer;
  char          drain[65536];
} Refusal;

static void
refusal_free (Refusal *refusal)
{
  g_clear_handle_id (&refusal->linger_source, g_source_remove);
  /* Closes the descriptor now: the stream (and libsoup's socket it keeps) may be freed later. */
  g_socket_close (refusal->socket, NULL);
  g_object_unref (refusal->socket);
  g_object_unref (refusal->stream);
  g_object_unref (refusal->cancellable);
  g_free (refusal->answer);
  g_free (refusal);
}

static gboolean
linger_over (gpointer user_data)
{
  Refusal *refusal = user_data;

  refusal->linger_source = 0;
  g_cancellable_cancel (refusal->cancellable);
  return G_SOURCE_REMOVE;
}

static void
drained (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Refusal *refusal = user_data;

  /* Until the client closes, fails, or the linger time is over (the read is cancelled). */
  if (g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL) > 0)
    g_input_stream_read_async (G_INPUT_STREAM (source), refusal->drain, sizeof refusal->drain,
                               G_PRIORITY_LOW, refusal->cancellable, drained, refusal);
  else
    refusal_free (refusal);
}

static void
refusal_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Refusal *refusal = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      refusal_free (refusal);
      return;
    }
  /* The client reads the answer, then the end of the stream, at once; what it still sends
   * is dropped for a moment before the socket is closed. */
  g_socket_shutdown (refusal->socket, FALSE, TRUE, NULL);
  refusal->linger_source = g_timeout_add (LINGER_MS, linger_over, refusal);
  g_input_stream_read_async (g_io_stream_get_input_stream (refusal->stream), refusal->drain,
                             sizeof refusal->drain, G_PRIORITY_LOW, refusal->cancellable,
                             drained, refusal);
}

/* Answers 413 and closes the connection without reading the rest of the body. libsoup 3.2
 * has no way to skip a request body: once a handler has set an answer it still reads all
 * the announced bytes before it writes it, so a client could keep a connection busy for as
 * long as it takes to send them. The connection is taken from libsoup instead, which from
 * here on no longer touches @msg's socket, and answered here. */
static void
refuse_too_large (SoupServerMessage *msg,
                  SahaServerRoute              route)
{
  g_autofree char *message = g_strdup_printf ("The body is over the limit of %zu bytes for this request.",
                                              saha_server_route_body_limit (route));
  g_autoptr(GError) error = g_error_new_literal (SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_TOO_LARGE,
                                                 message);
  g_autofree char *json = saha_server_error_json (saha_server_error_wire_code (error), message);
  guint status = saha_server_error_http_status (error);
  GSocket *socket = soup_server_message_get_socket (msg);
  Refusal *refusal;

  if (socket == NULL)
    return;
  refusal = g_new0 (Refusal, 1);
  refusal->socket = g_object_ref (socket);
  refusal->stream = soup_server_message_steal_connection (msg);
  if (refusal->stream == NULL)
    {
      g_object_unref (refusal->socket);
      g_free (refusal);
      return;
    }
  refusal->cancellable = g_cancellable_new ();
  refusal->answer = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                                     "Server: saha-server/" PACKAGE_VERSION "\r\n"
                                     "Content-Type: application/json\r\n"
                                     "Content-Length: %zu\r\n"
                                     "Connection: close\r\n"
                                     "\r\n"
                                     "%s",
                                     status, soup_status_get_phrase (status), strlen (json), json);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (refusal->stream),
                                   refusal->answer, strlen (refusal->answer), G_PRIORITY_DEFAULT,
                                   refusal->cancellable, refusal_written, refusal);
}

/* A chunked body is measured as it arrives: once over the limit, it is refused at once, and
 * what came of it is dropped, so that one request can neither fill the memory nor hold the
 * connection. */
static void
chunk_arrived (SoupServerMessage *msg,
               GBytes            *chunk,
               gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  SahaServerRoute route = GPOINTER_TO_INT (user_data);

  if (body->length > (goffset) saha_server_route_body_limit (route))
    {
      g_signal_handlers_disconnect_by_func (msg, chunk_arrived, user_data);
      soup_message_body_set_accumulate (body, FALSE);
      soup_message_body_truncate (body);
      refuse_too_large (msg, route);
    }
}

/* Runs once the headers are in, before the body is read: a body announced as too large
 * is refused without reading any of it. */
static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  gboolean known;
  SahaServerRoute route = saha_server_route_find (path, soup_server_message_get_method (msg), &known);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && (guint64) soup_message_headers_get_content_length (headers) > saha_server_route_body_limit (route))
    refuse_too_large (msg, route);
  else if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    g_signal_connect (msg, "got-chunk", G_CALLBACK (chunk_arrived), GINT_TO_POINTER (route));
}

/* libsoup 3.2 (3.2.3 in Debian 12) keeps one reference too many to every socket it accepts:
 * listen_watch() in soup-listener.c never drops the one g_socket_accept() returned (later
 * libsoup drops it). Every connection then leaks its GSocket, about 350 bytes of heap that
 * memcheck reports and the load benchmark saw as a server heap growing with the number of
 * connections (docs/reliability.md, "Load"): with one connection per request, 350 MB
 * after a million requests.
 *
 * The first message of a connection is started right after the accept, before libsoup
 * wraps the socket in a GSocketConnection: then the socket has one reference (the
 * SoupServerConnection's), or two with the leak. The extra one is dropped there, once per
 * socket (marked with qdata), and only on libsoup 3.2 with exactly that count, so that a
 * fixed libsoup (or a backported fix) is left alone. */
static void
drop_leaked_socket_reference (SoupServerMessage *msg)
{
  GSocket *socket;

  if (soup_get_major_version () != 3 || soup_get_minor_version () != 2)
    return;
  socket = soup_server_message_get_socket (msg);
  if (socket == NULL
      || g_object_get_qdata (G_OBJECT (socket), g_quark_from_static_string ("saha-accept-reference")) != NULL)
    return;
  g_object_set_qdata (G_OBJECT (socket), g_quark_from_static_string ("saha-accept-reference"),
                      GINT_TO_POINTER (TRUE));
  if (g_atomic_int_get (&G_OBJECT (socket)->ref_count) == 2)
    g_object_unref (socket);
}

/* libsoup 3.2 (Debian 12) never frees a kept-alive connection that the client closes
 * while it is idle: its socket stays open in CLOSE_WAIT, one per client connection, until
 * the server runs out of file descriptors (GNOME/libsoup commit d20c6601, fixed in 3.3).
 * A connection the server closes after its answer is freed; this runs for every request,
 * also those libsoup answers itself (a request it cannot parse). */
static void
request_started (SoupServer        *server,
                 SoupServerMessage *msg,
                 gpointer           user_data)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");
  drop_leaked_socket_reference (msg);
}

static void
message_finished (SoupServerMessage *msg,
                  SahaServerHttp    *http)
{
  g_signal_handlers_disconnect_by_data (msg, http);
  http->in_flight--;
  if (http->stopping && http->in_flight == 0)
    g_main_loop_quit (http->loop);
}

/* Who sent the request, for the failed-login limiter and the audit: the peer, or, when the
 * peer is a proxy named by --trusted-proxy, the last address of X-Forwarded-For (the one
 * that proxy appended; earlier ones are the client's own say and prove nothing). Behind
 * HAProxy every request comes from the proxy's address, so without this one client's
 * failed sign-ins would lock every other client out. */
static char *
client_address (SahaServerHttp    *http,
                SoupServerMessage *msg)
{
  const char *peer = soup_server_message_get_remote_host (msg);
  const char *forwarded;
  const char *last;
  g_autofree char *candidate = NULL;

  if (peer == NULL)
    return g_strdup ("unknown");
  if (http->config->trusted_proxies == NULL
      || !g_strv_contains ((const char * const *) http->config->trusted_proxies, peer))
    return g_strdup (peer);
  forwarded = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                             "X-Forwarded-For");
  if (forwarded == NULL)
    return g_strdup (peer);
  last = strrchr (forwarded, ',');
  candidate = g_strstrip (g_strdup (last != NULL ? last + 1 : forwarded));
  if (!g_hostname_is_ip_address (candidate))
    return g_strdup (peer);
  return g_steal_pointer (&candidate);
}

static void
request_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  SahaServerHttp *http = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  SahaServerRoute route;
  Job *job;

  http->in_flight++;
  g_signal_connect (msg, "finished", G_CALLBACK (message_finished), http);

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (!saha_server_request_check (path, soup_server_message_get_method (msg),
                                  g_uri_get_query (soup_server_message_get_uri (msg)),
                                  g_bytes_get_size (body), &route, &error))
    {
      if (g_error_matches (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_TOO_LARGE))
        too_large (msg, route);
      else
        respond_error (msg, error->code, error->message);
      return;
    }

  if (route == SAHA_SERVER_ROUTE_HEALTH)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, "ok");
      json_builder_set_member_name (builder, "version");
      json_builder_add_string_value (builder, PACKAGE_VERSION);
      json_builder_set_member_name (builder, "epoch");
      json_builder_add_string_value (builder, http->epoch);
      json_builder_end_object (builder);
      respond_now (msg, 200, node_to_text (builder));
      return;
    }

  job = g_new0 (Job, 1);
  job->http = http;
  job->msg = g_object_ref (msg);
  job->route = route;
  job->body = g_steal_pointer (&body);
  job->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  job->address = client_address (http, msg);
  if (query != NULL)
    {
      job->cursor = g_strdup (g_hash_table_lookup (query, "cursor"));
      job->limit = g_strdup (g_hash_table_lookup (query, "limit"));
      job->form = g_strdup (g_hash_table_lookup (query, "form"));
      job->own = g_strdup (g_hash_table_lookup (query, "own"));
      job->acked = g_strdup (g_hash_table_lookup (query, "acked"));
      job->entity = g_strdup (g_hash_table_lookup (query, "entity"));
      job->id = g_strdup (g_hash_table_lookup (query, "id"));
    }
  soup_server_message_pause (msg);
  g_thread_pool_push (http->pool, job, NULL);
}

static gboolean
purge_tick (gpointer user_data)
{
  SahaServerHttp *http = user_data;
  Job *job = g_new0 (Job, 1);

  job->http = http;
  g_thread_pool_push (http->pool, job, NULL);
  return G_SOURCE_CONTINUE;
}

#ifdef __GLIBC__
/* glibc keeps what a thread freed in that thread's arena (the main loop's and one per
 * worker) for reuse; a burst of large requests (a pull page, a push batch) leaves each
 * arena at its high-water mark for good. Measured under load (docs/reliability.md,
 * "Load"): 3-5 MB of live heap in 9-11 MB held, the held part rising in steps with each
 * new peak. Giving the free pages back every few seconds keeps the resident heap at what
 * is in use. A trim takes about 0.3 ms at these sizes (49 ms at worst, measured with 100
 * clients on 2 loaded cores, while it waited for the workers' arenas). */
static gboolean
trim_heap (gpointer user_data)
{
  malloc_trim (0);
  return G_SOURCE_CONTINUE;
}
#endif

static gboolean
stop_waiting (gpointer user_data)
{
  SahaServerHttp *http = user_data;

  g_warning ("Stopping with %u request(s) still in flight", http->in_flight);
  g_main_loop_quit (http->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
stop_signal (gpointer user_data)
{
  SahaServerHttp *http = user_data;
  GSList *listeners;

  if (http->stopping)
    return G_SOURCE_CONTINUE;
  g_message ("Stopping: finishing %u request(s) in flight", http->in_flight);
  http->stopping = TRUE;
  /* Stop accepting by closing the listening sockets only: soup_server_disconnect() would
   * also drop the connections whose requests are in flight. */
  listeners = soup_server_get_listeners (http->server);
  for (GSList *l = listeners; l != NULL; l = l->next)
    g_socket_close (l->data, NULL);
  g_slist_free (listeners);
  if (http->in_flight == 0)
    g_main_loop_quit (http->loop);
  else
    g_timeout_add_seconds (30, stop_waiting, http);
  return G_SOURCE_CONTINUE;
}

/* HOST:PORT, HOST an IP address (IPv6 in brackets) or "localhost". */
static GInetAddress *
parse_listen (const char  *listen,
              char       **host,
              guint16     *port,
              GError     **error)
{
  const char *colon = strrchr (listen, ':');
  g_autofree char *name = NULL;
  guint64 number;
  GInetAddress *address;

  if (colon == NULL
      || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &number, NULL))
    goto bad;
  name = g_strndup (listen, colon - listen);
  if (name[0] == '[' && name[strlen (name) - 1] == ']')
    {
      char *inner = g_strndup (name + 1, strlen (name) - 2);
      g_free (name);
      name = inner;
    }
  if (g_strcmp0 (name, "localhost") == 0)
    address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    address = g_inet_address_new_from_string (name);
  if (address == NULL)
    goto bad;
  *host = g_steal_pointer (&name);
  *port = (guint16) number;
  return address;

bad:
  g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
               "--listen %s: expected HOST:PORT with an IP address (or localhost) and a port",
               listen);
  return NULL;
}

int
saha_server_http_run (const SahaServerConfig *config)
{
  SahaServerHttp http = {
    .config = config,
    .target = { .data_dir = config->data_dir, .database = config->database },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autofree char *host = NULL;
  guint16 port = 0;
  gboolean tls = config->tls_cert != NULL;
  GSList *listeners;
  guint purge_source;
  guint trim_source = 0;

  if ((config->tls_cert == NULL) != (config->tls_key == NULL))
    {
      g_printerr ("saha-server: --tls-cert and --tls-key go together\n");
      return 2;
    }
  address = parse_listen (config->listen, &host, &port, &error);
  if (address == NULL)
    {
      g_printerr ("saha-server: %s\n", error->message);
      return 2;
    }
  if (!tls && !config->insecure && !g_inet_address_get_is_loopback (address))
    {
      g_printerr ("saha-server: refusing plain HTTP on %s, which is not a loopback address: "
                  "give --tls-cert and --tls-key, or --insecure behind a TLS proxy\n", host);
      return 2;
    }

  /* Creates the data directory and its epoch, and purges tombstones, before serving. */
  {
    g_autoptr(SahaServerStorage) storage = saha_server_storage_connect (&http.target, &error);

    if (storage == NULL)
      {
        g_printerr ("saha-server: %s\n", error->message);
        return 1;
      }
    http.epoch = g_strdup (saha_server_storage_get_epoch (storage));
    run_purge (&http, storage);
  }

  http.limiter = saha_server_login_limiter_new (config->max_failed_logins_per_user,
                                                config->max_failed_logins_per_address);
  http.server = soup_server_new ("server-header", "saha-server/" PACKAGE_VERSION, NULL);
  if (tls)
    {
      g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_files (config->tls_cert,
                                                                                 config->tls_key,
                                                                                 &error);
      if (certificate == NULL)
        {
          g_printerr ("saha-server: cannot load the TLS certificate: %s\n", error->message);
          return 1;
        }
      soup_server_set_tls_certificate (http.server, certificate);
    }
  g_signal_connect (http.server, "request-started", G_CALLBACK (request_started), NULL);
  soup_server_add_early_handler (http.server, NULL, early_handler, &http, NULL);
  soup_server_add_handler (http.server, NULL, request_handler, &http, NULL);

  http.pool = g_thread_pool_new (worker, &http, (int) config->workers, FALSE, &error);
  if (http.pool == NULL)
    {
      g_printerr ("saha-server: %s\n", error->message);
      return 1;
    }

  socket_address = g_inet_socket_address_new (address, port);
  if (!soup_server_listen (http.server, socket_address, tls ? SOUP_SERVER_LISTEN_HTTPS : 0, &error))
    {
      g_printerr ("saha-server: cannot listen on %s: %s\n", config->listen, error->message);
      return 1;
    }
  listeners = soup_server_get_listeners (http.server);
  if (listeners != NULL)
    {
      g_autoptr(GSocketAddress) local = g_socket_get_local_address (listeners->data, NULL);

      if (local != NULL)
        port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
    }
  g_slist_free (listeners);

  http.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, stop_signal, &http);
  g_unix_signal_add (SIGINT, stop_signal, &http);
  purge_source = g_timeout_add_seconds (MAX (config->purge_interval, 1), purge_tick, &http);
#ifdef __GLIBC__
  trim_source = g_timeout_add_seconds (5, trim_heap, NULL);
#endif

  g_print ("listening on %s://%s%s%s:%u\n", tls ? "https" : "http",
           strchr (host, ':') != NULL ? "[" : "", host,
           strchr (host, ':') != NULL ? "]" : "", port);
  fflush (stdout);

  g_main_loop_run (http.loop);

  g_source_remove (purge_source);
  g_clear_handle_id (&trim_source, g_source_remove);
  /* Waits for queued work (a purge) to finish; their answers are no longer sent. */
  g_thread_pool_free (http.pool, FALSE, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  {
    g_autoptr(SahaServerStorage) storage = saha_server_storage_connect (&http.target, &error);

    if (storage != NULL)
      saha_server_storage_checkpoint (storage);
    else
      g_warning ("Cannot checkpoint: %s", error->message);
  }
  soup_server_disconnect (http.server);
  g_clear_object (&http.server);
  g_main_loop_unref (http.loop);
  saha_server_login_limiter_free (http.limiter);
  g_free (http.epoch);
  return 0;
}
