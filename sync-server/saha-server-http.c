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
#include "saha-server-error.h"
#include "saha-server-http.h"
#include "saha-server-routes.h"
#include "saha-server-storage.h"
#include "saha-server-sync.h"

/* Push answers are kept this long for replays. */
#define BATCH_ANSWER_TTL (30 * 24 * 3600)

typedef struct
{
  const SahaServerConfig *config;
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
  g_free (job->response);
  g_free (job);
}

/* Each worker thread owns one storage connection, closed when the thread ends. */
static GPrivate worker_storage = G_PRIVATE_INIT ((GDestroyNotify) saha_server_storage_close);

static char *
error_json (const char *code,
            const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
job_fail (Job          *job,
          const GError *error)
{
  job->status = saha_server_error_http_status (error);
  g_free (job->response);
  if (job->status == 500)
    {
      /* Storage details are for the log, not for the client. */
      g_warning ("Request failed: %s", error->message);
      job->response = error_json ("internal", "The server failed; nothing was changed. Try again later.");
    }
  else
    job->response = error_json (saha_server_error_wire_code (error), error->message);
}

static char *
node_to_text (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static void
add_user_members (JsonBuilder          *builder,
                  const SahaServerUser *user)
{
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, user->name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, saha_server_role_to_string (user->role));
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, user->code);
}

static char *
iso_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* A hash to verify against when the user does not exist, so that the answer takes as
 * long as for a wrong password and user names cannot be probed by timing. */
static const char *
dummy_password_hash (void)
{
  static gsize once;
  static char *hash;

  if (g_once_init_enter (&once))
    {
      hash = saha_server_password_hash ("no such user", NULL);
      g_once_init_leave (&once, 1);
    }
  return hash;
}

typedef struct
{
  char    *user;
  char    *password;
  char    *replica_id;
  guint64  replica_counter;
} LoginRequest;

static void
login_request_clear (LoginRequest *request)
{
  g_free (request->user);
  if (request->password != NULL)
    memset (request->password, 0, strlen (request->password));
  g_free (request->password);
  g_free (request->replica_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LoginRequest, login_request_clear)

static gboolean
parse_login (GBytes        *body,
             LoginRequest  *request,
             GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  static const char * const members[] = { "user", "password", "replica_id", "replica_counter" };
  gsize length;
  const char *data = g_bytes_get_data (body, &length);
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *node;

  if (length == 0 || !g_utf8_validate (data, length, NULL))
    goto invalid;
  /* Before the parser, which recurses per level. */
  if (!saha_json_check_bounds (data, length, &saha_json_bounds_default, &local_error))
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_BODY,
                   "The login body is refused: %s", local_error->message);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, data, length, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto invalid;
  object = json_node_get_object (json_parser_get_root (parser));
  {
    g_autoptr(GList) names = json_object_get_members (object);
    for (GList *l = names; l != NULL; l = l->next)
      if (!g_strv_contains (members, l->data))
        goto invalid;
  }
  for (guint i = 0; i < 3; i++)
    {
      node = json_object_get_member (object, members[i]);
      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
          || json_node_get_value_type (node) != G_TYPE_STRING)
        goto invalid;
    }
  node = json_object_get_member (object, "replica_counter");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < 0)
    goto invalid;
  if (!saha_replica_id_is_valid (json_object_get_string_member (object, "replica_id")))
    goto invalid;

  request->user = g_strdup (json_object_get_string_member (object, "user"));
  request->password = g_strdup (json_object_get_string_member (object, "password"));
  request->replica_id = g_strdup (json_object_get_string_member (object, "replica_id"));
  request->replica_counter = (guint64) json_node_get_int (node);
  return TRUE;

invalid:
  g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_BODY,
               "The login body must be a JSON object with the strings \"user\", \"password\" "
               "and \"replica_id\" (a replica id) and the integer \"replica_counter\" >= 0, "
               "and nothing else");
  return FALSE;
}

static char *
handle_login (SahaServerHttp     *http,
              SahaServerStorage  *storage,
              Job                *job,
              GError            **error)
{
  g_auto(LoginRequest) request = { 0 };
  g_autoptr(SahaServerUser) user = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *expires = NULL;
  GError *local_error = NULL;
  gboolean verified;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 expires_at = now + http->config->token_ttl;

  if (!parse_login (job->body, &request, error))
    return NULL;
  if (!saha_server_login_limiter_allowed (http->limiter, request.user, job->address))
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_RATE_LIMITED,
                   "Too many failed sign-ins; wait a minute and try again.");
      return NULL;
    }

  user = saha_server_storage_user_lookup (storage, request.user, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  verified = saha_server_password_verify (user != NULL ? user->password_hash : dummy_password_hash (),
                                          request.password);
  if (!verified || user == NULL || user->disabled)
    {
      if (!verified || user == NULL)
        saha_server_login_limiter_failed (http->limiter, request.user, job->address);
      g_message ("Failed sign-in for \"%s\" from %s", request.user, job->address);
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_UNAUTHORIZED,
                   "Wrong user name or password, or the account is disabled.");
      return NULL;
    }

  if (!saha_server_storage_begin (storage, TRUE, error))
    return NULL;
  if (saha_server_storage_replica_get_counter (storage, request.replica_id) > request.replica_counter)
    {
      saha_server_storage_rollback (storage);
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_REPLICA_REUSED,
                   "Replica %s has been seen with higher counters: this replica file is a "
                   "restored or copied one and must take a new replica id",
                   request.replica_id);
      return NULL;
    }
  token = saha_server_token_new (&token_hash);
  if (!saha_server_storage_replica_raise_counter (storage, request.replica_id,
                                                  request.replica_counter, error)
      || !saha_server_storage_token_add (storage, token_hash, user->id, request.replica_id,
                                         expires_at, error)
      || !saha_server_storage_device_seen (storage, request.replica_id, user->id, -1, now, error)
      || !saha_server_storage_commit (storage, error))
    {
      saha_server_storage_rollback (storage);
      return NULL;
    }

  expires = iso_time (expires_at);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires);
  json_builder_set_member_name (builder, "user");
  json_builder_begin_object (builder);
  add_user_members (builder, user);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "epoch");
  json_builder_add_string_value (builder, saha_server_storage_get_epoch (storage));
  json_builder_end_object (builder);
  return node_to_text (builder);
}

static char *
handle_users (SahaServerStorage  *storage,
              GError            **error)
{
  g_autoptr(GPtrArray) users = saha_server_storage_user_list (storage, TRUE, error);
  g_autoptr(JsonBuilder) builder = NULL;

  if (users == NULL)
    return NULL;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    {
      json_builder_begin_object (builder);
      add_user_members (builder, g_ptr_array_index (users, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return node_to_text (builder);
}

static char *
handle_authenticated (SahaServerStorage  *storage,
                      Job                *job,
                      GError            **error)
{
  g_autoptr(SahaServerUser) user = NULL;
  g_autofree char *replica_id = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  user = saha_server_authenticate (storage, job->authorization, &replica_id, error);
  if (user == NULL)
    return NULL;

  switch (job->route)
    {
    case SAHA_SERVER_ROUTE_LOGOUT:
      {
        g_autofree char *hash = saha_server_token_hash (g_strchug (job->authorization + 7));

        if (!saha_server_storage_token_delete (storage, hash, error))
          return NULL;
        return g_strdup ("{}");
      }
    case SAHA_SERVER_ROUTE_ME:
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      add_user_members (builder, user);
      json_builder_end_object (builder);
      return node_to_text (builder);
    case SAHA_SERVER_ROUTE_USERS:
      return handle_users (storage, error);
    case SAHA_SERVER_ROUTE_PULL:
      return saha_server_sync_pull_form (storage, user, replica_id, job->cursor, job->limit,
                                         job->form, job->own, error);
    case SAHA_SERVER_ROUTE_PUSH:
      {
        gsize length;
        const char *data = g_bytes_get_data (job->body, &length);

        return saha_server_sync_push (storage, user, data != NULL ? data : "", length, error);
      }
    case SAHA_SERVER_ROUTE_NONE:
    case SAHA_SERVER_ROUTE_HEALTH:
    case SAHA_SERVER_ROUTE_LOGIN:
    default:
      g_assert_not_reached ();
    }
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
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 purged = saha_server_storage_purge (storage, now - http->config->device_stale,
                                             now - BATCH_ANSWER_TTL, &error);

  if (purged < 0)
    g_warning ("Tombstone purge failed: %s", error->message);
  else if (purged > 0)
    g_message ("Purged %" G_GINT64_FORMAT " tombstones", purged);
}

static void
worker (gpointer data,
        gpointer user_data)
{
  Job *job = data;
  SahaServerHttp *http = user_data;
  SahaServerStorage *storage = g_private_get (&worker_storage);
  g_autoptr(GError) error = NULL;
  char *response = NULL;

  if (storage == NULL)
    {
      storage = saha_server_storage_open (http->config->data_dir, &error);
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
  else if (job->route == SAHA_SERVER_ROUTE_LOGIN)
    response = handle_login (http, storage, job, &error);
  else
    response = handle_authenticated (storage, job, &error);

  if (job->msg != NULL)
    {
      if (response != NULL)
        {
          job->status = 200;
          job->response = response;
        }
      else
        job_fail (job, error);
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

  respond_now (msg, saha_server_error_http_status (error),
               error_json (saha_server_error_wire_code (error), message));
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
  g_autofree char *json = error_json (saha_server_error_wire_code (error), message);
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
  gboolean known;
  SahaServerRoute route = saha_server_route_find (path, soup_server_message_get_method (msg), &known);
  Job *job;

  http->in_flight++;
  g_signal_connect (msg, "finished", G_CALLBACK (message_finished), http);

  if (route == SAHA_SERVER_ROUTE_NONE)
    {
      if (known)
        respond_error (msg, SAHA_SERVER_ERROR_METHOD_NOT_ALLOWED, "This method is not allowed here.");
      else
        respond_error (msg, SAHA_SERVER_ERROR_NOT_FOUND, "No such endpoint.");
      return;
    }

  /* The parsed query is C strings: "cursor=%00" would decode to the empty cursor (a full
   * pull) instead of the 400 that a malformed cursor gets. No parameter holds a NUL. */
  if (g_uri_get_query (soup_server_message_get_uri (msg)) != NULL
      && strstr (g_uri_get_query (soup_server_message_get_uri (msg)), "%00") != NULL)
    {
      respond_error (msg, SAHA_SERVER_ERROR_INVALID_REQUEST,
                     "A query parameter contains a NUL character.");
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  if (g_bytes_get_size (body) > saha_server_route_body_limit (route))
    {
      too_large (msg, route);
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
  job->address = g_strdup (soup_server_message_get_remote_host (msg));
  if (job->address == NULL)
    job->address = g_strdup ("unknown");
  if (query != NULL)
    {
      job->cursor = g_strdup (g_hash_table_lookup (query, "cursor"));
      job->limit = g_strdup (g_hash_table_lookup (query, "limit"));
      job->form = g_strdup (g_hash_table_lookup (query, "form"));
      job->own = g_strdup (g_hash_table_lookup (query, "own"));
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
  SahaServerHttp http = { .config = config };
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
    g_autoptr(SahaServerStorage) storage = saha_server_storage_open (config->data_dir, &error);

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
    g_autoptr(SahaServerStorage) storage = saha_server_storage_open (config->data_dir, &error);

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
