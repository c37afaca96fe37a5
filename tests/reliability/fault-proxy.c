/* fault-proxy.c: an HTTP proxy on loopback that breaks some of the exchanges it forwards.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each accepted connection carries one request: the proxy reads it whole, forces
 * "Connection: close" both ways, and then, by the connection's fault, forwards it, cuts
 * it, or answers in its place. Connections are handled in a GThreadedSocketService's
 * threads with blocking I/O; the accept loop runs in the proxy's own thread and context,
 * so a test can block its main thread in a synchronous sync.
 */
#define _GNU_SOURCE  /* memmem */
#include "config.h"

#include <string.h>

#include "fault-proxy.h"

/* No exchange in the tests takes longer; a stuck peer must not hang the suite. */
#define IO_TIMEOUT_S 20

struct _FaultProxy
{
  GThread                *thread;
  GMainContext           *context;
  GMainLoop              *loop;
  GSocketService         *service;
  char                   *url;
  guint                   upstream_port;   /* atomic */
  guint32                 seed;
  guint                   fault_percent;
  guint                   n_connections;   /* atomic */
  guint                   counts[FAULT_N_KINDS];  /* atomic */
  GMutex                  lock;
  GCond                   idle;
  guint                   in_flight;       /* under lock */
};

static const char * const kind_names[FAULT_N_KINDS] = {
  "none", "delay", "drop-request", "drop-upstream-body", "drop-answer", "truncate-answer",
  "garbage", "garbage-body", "wrong-status", "wrong-status-after",
};

const char *
fault_kind_name (FaultKind kind)
{
  g_return_val_if_fail (kind < FAULT_N_KINDS, NULL);
  return kind_names[kind];
}

typedef struct
{
  GString *head;         /* request line and headers, without Connection, with CRLFs */
  GBytes  *body;
} Request;

static void
request_clear (Request *request)
{
  if (request->head != NULL)
    g_string_free (request->head, TRUE);
  g_clear_pointer (&request->body, g_bytes_unref);
}

/* Reads one request; FALSE when the client closed or sent something this proxy does not
 * forward (the tests' client only sends Content-Length bodies). */
static gboolean
read_request (GDataInputStream *in,
              Request          *request)
{
  gsize content_length = 0;
  gboolean first = TRUE;

  request->head = g_string_new (NULL);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);
      gsize len;

      if (line == NULL)
        return FALSE;
      len = strlen (line);
      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';
      if (len == 0)
        {
          if (first)
            return FALSE;
          break;
        }
      first = FALSE;
      if (g_ascii_strncasecmp (line, "Connection:", 11) == 0
          || g_ascii_strncasecmp (line, "Keep-Alive:", 11) == 0)
        continue;
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        content_length = (gsize) g_ascii_strtoull (line + 15, NULL, 10);
      if (g_ascii_strncasecmp (line, "Transfer-Encoding:", 18) == 0)
        return FALSE;
      g_string_append_printf (request->head, "%s\r\n", line);
    }
  g_string_append (request->head, "Connection: close\r\n\r\n");

  if (content_length > 0)
    {
      g_autofree guint8 *data = g_malloc (content_length);
      gsize got = 0;

      if (!g_input_stream_read_all (G_INPUT_STREAM (in), data, content_length, &got, NULL, NULL)
          || got != content_length)
        return FALSE;
      request->body = g_bytes_new_take (g_steal_pointer (&data), content_length);
    }
  else
    request->body = g_bytes_new (NULL, 0);
  return TRUE;
}

static GSocketConnection *
connect_upstream (FaultProxy *proxy)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  GSocketConnection *connection;

  g_socket_client_set_timeout (client, IO_TIMEOUT_S);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1",
                                                (guint16) g_atomic_int_get (&proxy->upstream_port),
                                                NULL, NULL);
  return connection;
}

/* Sends the request upstream (all of it, or only @body_part bytes of the body before
 * closing) and reads the whole answer; NULL when the server could not be reached. */
static GByteArray *
forward (FaultProxy *proxy,
         Request    *request,
         gsize       body_part)
{
  g_autoptr(GSocketConnection) upstream = connect_upstream (proxy);
  GOutputStream *out;
  GInputStream *in;
  GByteArray *answer;
  gsize body_size;
  const guint8 *body = g_bytes_get_data (request->body, &body_size);
  guint8 buffer[16384];

  if (upstream == NULL)
    return NULL;
  out = g_io_stream_get_output_stream (G_IO_STREAM (upstream));
  in = g_io_stream_get_input_stream (G_IO_STREAM (upstream));
  if (!g_output_stream_write_all (out, request->head->str, request->head->len, NULL, NULL, NULL)
      || (body_size > 0
          && !g_output_stream_write_all (out, body, MIN (body_part, body_size), NULL, NULL, NULL)))
    return NULL;
  if (body_part < body_size)
    {
      g_io_stream_close (G_IO_STREAM (upstream), NULL, NULL);
      return NULL;
    }

  answer = g_byte_array_new ();
  for (;;)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        break;
      g_byte_array_append (answer, buffer, (guint) n);
    }
  g_io_stream_close (G_IO_STREAM (upstream), NULL, NULL);
  return answer;
}

static void
write_text (GOutputStream *out,
            const char    *text)
{
  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}

static void
write_status (GOutputStream *out,
              GRand         *rand)
{
  static const char * const statuses[] = {
    "500 Internal Server Error", "502 Bad Gateway", "503 Service Unavailable", "404 Not Found",
  };
  const char *status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];
  const char *body = "<html><body>proxy error</body></html>";
  g_autofree char *text = g_strdup_printf ("HTTP/1.1 %s\r\nContent-Type: text/html\r\n"
                                           "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                           status, strlen (body), body);

  write_text (out, text);
}

static FaultKind
draw_fault (FaultProxy *proxy,
            GRand      *rand)
{
  if ((guint) g_rand_int_range (rand, 0, 100) >= proxy->fault_percent)
    return FAULT_NONE;
  return (FaultKind) g_rand_int_range (rand, FAULT_NONE + 1, FAULT_N_KINDS);
}

static void
handle (FaultProxy        *proxy,
        GSocketConnection *connection)
{
  guint n = (guint) g_atomic_int_add (&proxy->n_connections, 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (proxy->seed ^ (n * 2654435761u));
  FaultKind kind = draw_fault (proxy, rand);
  g_autoptr(GDataInputStream) in = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GByteArray) answer = NULL;
  Request request = { 0 };
  gsize body_size;

  g_socket_set_timeout (g_socket_connection_get_socket (connection), IO_TIMEOUT_S);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  if (!read_request (in, &request))
    goto out;
  g_atomic_int_inc (&proxy->counts[kind]);
  body_size = g_bytes_get_size (request.body);

  switch (kind)
    {
    case FAULT_DROP_REQUEST:
      /* The request was read whole, but nothing reaches the server: to both ends this is
       * a connection lost while the body was on its way. */
      break;

    case FAULT_DROP_UPSTREAM_BODY:
      answer = forward (proxy, &request, body_size / 2);
      break;

    case FAULT_WRONG_STATUS:
      write_status (out, rand);
      break;

    case FAULT_GARBAGE:
      {
        guint8 junk[512];

        for (guint i = 0; i < sizeof junk; i++)
          junk[i] = (guint8) g_rand_int_range (rand, 0, 256);
        g_output_stream_write_all (out, junk, g_rand_int_range (rand, 1, sizeof junk),
                                   NULL, NULL, NULL);
      }
      break;

    case FAULT_GARBAGE_BODY:
      answer = forward (proxy, &request, body_size);
      write_text (out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                       "Content-Length: 20\r\nConnection: close\r\n\r\n{\"changes\": [1, 2, x");
      break;

    case FAULT_NONE:
    case FAULT_DELAY:
    case FAULT_DROP_ANSWER:
    case FAULT_TRUNCATE_ANSWER:
    case FAULT_WRONG_STATUS_AFTER:
    case FAULT_N_KINDS:
    default:
      if (kind == FAULT_DELAY)
        g_usleep ((gulong) g_rand_int_range (rand, 20, 300) * 1000);
      answer = forward (proxy, &request, body_size);
      if (answer == NULL || kind == FAULT_DROP_ANSWER)
        break;
      if (kind == FAULT_WRONG_STATUS_AFTER)
        write_status (out, rand);
      else if (kind == FAULT_TRUNCATE_ANSWER)
        {
          const guint8 *end = memmem (answer->data, answer->len, "\r\n\r\n", 4);
          gsize head = end != NULL ? (gsize) (end - answer->data) + 4 : 0;
          gsize keep = head + (answer->len - head) / 2;

          g_output_stream_write_all (out, answer->data, keep, NULL, NULL, NULL);
        }
      else
        g_output_stream_write_all (out, answer->data, answer->len, NULL, NULL, NULL);
      break;
    }

out:
  request_clear (&request);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static gboolean
on_run (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source,
        gpointer                user_data)
{
  FaultProxy *proxy = user_data;

  g_mutex_lock (&proxy->lock);
  proxy->in_flight++;
  g_mutex_unlock (&proxy->lock);

  handle (proxy, connection);

  g_mutex_lock (&proxy->lock);
  proxy->in_flight--;
  g_cond_broadcast (&proxy->idle);
  g_mutex_unlock (&proxy->lock);
  return TRUE;
}

static gpointer
proxy_thread (gpointer data)
{
  FaultProxy *proxy = data;

  g_main_context_push_thread_default (proxy->context);
  g_main_loop_run (proxy->loop);
  g_main_context_pop_thread_default (proxy->context);
  return NULL;
}

FaultProxy *
fault_proxy_new (guint16   upstream_port,
                 guint32   seed,
                 guint     fault_percent,
                 GError  **error)
{
  FaultProxy *proxy = g_new0 (FaultProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  g_mutex_init (&proxy->lock);
  g_cond_init (&proxy->idle);
  proxy->upstream_port = upstream_port;
  proxy->seed = seed;
  proxy->fault_percent = MIN (fault_percent, 100);
  proxy->context = g_main_context_new ();
  proxy->loop = g_main_loop_new (proxy->context, FALSE);

  /* The service starts accepting in the thread-default context when the address is added:
   * make that the proxy thread's context. */
  g_main_context_push_thread_default (proxy->context);
  proxy->service = g_threaded_socket_service_new (32);
  g_signal_connect (proxy->service, "run", G_CALLBACK (on_run), proxy);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->service), address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    {
      g_main_context_pop_thread_default (proxy->context);
      fault_proxy_free (proxy);
      return NULL;
    }
  g_socket_service_start (proxy->service);
  g_main_context_pop_thread_default (proxy->context);

  proxy->url = g_strdup_printf ("http://127.0.0.1:%u",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  proxy->thread = g_thread_new ("fault-proxy", proxy_thread, proxy);
  return proxy;
}

const char *
fault_proxy_get_url (FaultProxy *proxy)
{
  return proxy->url;
}

void
fault_proxy_set_upstream_port (FaultProxy *proxy,
                               guint16     upstream_port)
{
  g_atomic_int_set (&proxy->upstream_port, upstream_port);
}

guint
fault_proxy_count (FaultProxy *proxy,
                   FaultKind   kind)
{
  g_return_val_if_fail (kind < FAULT_N_KINDS, 0);
  return (guint) g_atomic_int_get (&proxy->counts[kind]);
}

static gboolean
quit_loop (gpointer data)
{
  FaultProxy *proxy = data;

  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_main_loop_quit (proxy->loop);
  return G_SOURCE_REMOVE;
}

void
fault_proxy_free (FaultProxy *proxy)
{
  if (proxy->thread != NULL)
    {
      g_main_context_invoke (proxy->context, quit_loop, proxy);
      g_thread_join (proxy->thread);
    }
  else if (proxy->service != NULL)
    g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));

  /* A connection accepted but not yet handed to a thread must not reach the freed proxy. */
  if (proxy->service != NULL)
    g_signal_handlers_disconnect_by_data (proxy->service, proxy);
  g_mutex_lock (&proxy->lock);
  while (proxy->in_flight > 0)
    g_cond_wait (&proxy->idle, &proxy->lock);
  g_mutex_unlock (&proxy->lock);

  g_clear_object (&proxy->service);
  g_clear_pointer (&proxy->loop, g_main_loop_unref);
  g_clear_pointer (&proxy->context, g_main_context_unref);
  g_mutex_clear (&proxy->lock);
  g_cond_clear (&proxy->idle);
  g_free (proxy->url);
  g_free (proxy);
}
