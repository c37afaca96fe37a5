/* test-server.c: saha-server end to end: the real binary on 127.0.0.1:0, a libsoup client.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <saha-core.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "test-backend.h"

/* A running saha-server on its own data directory. */
typedef struct
{
  char        *dir;
  char        *data;
  char        *database;   /* SAHA_TEST_BACKEND=postgresql: the database's name */
  GSubprocess *process;
  char        *base_url;
  SoupSession *session;
} Server;

/* A server left behind by a failed test dies with the test. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocessLauncher *
launcher_new (const char * const *env)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                             | G_SUBPROCESS_FLAGS_STDIN_PIPE);

  /* The smallest argon2id limits keep the suite fast; production uses interactive. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "SAHA_SERVER_PWHASH", "min", TRUE);
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  return launcher;
}

/* SAHA_SERVER_TEST_WRAPPER="valgrind --error-exitcode=99 -q" runs every saha-server
 * under that command: an error there fails the test through the exit status. */
static void
add_command (GPtrArray *argv)
{
  const char *wrapper = g_getenv ("SAHA_SERVER_TEST_WRAPPER");

  if (wrapper != NULL && *wrapper != '\0')
    {
      g_auto(GStrv) words = g_strsplit (wrapper, " ", -1);

      for (guint i = 0; words[i] != NULL; i++)
        if (*words[i] != '\0')
          g_ptr_array_add (argv, g_strdup (words[i]));
    }
  g_ptr_array_add (argv, g_strdup (SAHA_SERVER_PATH));
}

/* --data DIR, or --database CONNINFO on the PostgreSQL run (tests/test-backend.h). */
static void
add_storage_args (GPtrArray *argv,
                  Server    *server)
{
  if (server->database != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--database"));
      g_ptr_array_add (argv, saha_test_backend_conninfo (server->database));
    }
  else
    {
      g_ptr_array_add (argv, g_strdup ("--data"));
      g_ptr_array_add (argv, g_strdup (server->data));
    }
}

/* Runs `saha-server --data DIR ARGS...` with @input on stdin; returns its exit status. */
static int
admin (Server      *server,
       const char  *input,
       char       **output,
       ...)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *arg;
  va_list args;

  add_command (argv);
  add_storage_args (argv, server);
  va_start (args, output);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (output != NULL)
    *output = g_steal_pointer (&out);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

static void
add_user (Server     *server,
          const char *name,
          const char *role,
          const char *password)
{
  g_autofree char *input = g_strdup_printf ("%s\n", password);

  g_assert_cmpint (admin (server, input, NULL, "user", "add", name, "--role", role,
                          "--password-stdin", NULL), ==, 0);
}

static void
server_init (Server *server)
{
  g_autoptr(GError) error = NULL;

  memset (server, 0, sizeof *server);
  server->dir = g_dir_make_tmp ("saha-server-test-XXXXXX", &error);
  g_assert_no_error (error);
  server->data = g_build_filename (server->dir, "data", NULL);
  if (saha_test_backend_is_postgresql ())
    server->database = saha_test_backend_create_database (NULL);
  server->session = soup_session_new ();
}

static void
server_start (Server             *server,
              const char * const *env)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new (env);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *line = NULL;

  add_command (argv);
  add_storage_args (argv, server);
  g_ptr_array_add (argv, g_strdup ("--listen"));
  g_ptr_array_add (argv, g_strdup ("127.0.0.1:0"));
  g_ptr_array_add (argv, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
  g_assert_false (g_str_has_suffix (line, ":0"));
  server->base_url = g_strdup (line + strlen ("listening on "));
}

/* SIGTERM; returns the exit status. */
static int
server_stop (Server *server)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  status = g_subprocess_get_exit_status (server->process);
  g_clear_object (&server->process);
  g_clear_pointer (&server->base_url, g_free);
  return status;
}

static void
server_clear (Server *server)
{
  if (server->process != NULL)
    g_assert_cmpint (server_stop (server), ==, 0);
  g_clear_object (&server->session);
  if (server->dir != NULL)
    {
      g_autofree char *db = g_build_filename (server->data, "server.db", NULL);
      g_autofree char *wal = g_strconcat (db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (server->data);
      g_rmdir (server->dir);
    }
  if (server->database != NULL)
    saha_test_backend_drop_database (server->database);
  g_free (server->database);
  g_free (server->dir);
  g_free (server->data);
}

/* One HTTP exchange; returns the parsed JSON answer (NULL for an empty body). */
static JsonNode *
request (Server     *server,
         const char *method,
         const char *path,
         const char *token,
         const char *body,
         gsize       body_length,
         guint      *status)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const char *data;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_length ? body_length : strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  data = g_bytes_get_data (answer, &length);
  if (length == 0)
    return NULL;
  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* Asserts an error answer: the status and the stable code. */
static void
assert_error (JsonNode   *node,
              guint       status,
              guint       expected_status,
              const char *code)
{
  JsonObject *error;

  g_assert_cmpuint (status, ==, expected_status);
  g_assert_nonnull (node);
  error = json_object_get_object_member (json_node_get_object (node), "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_true (strlen (json_object_get_string_member (error, "message")) > 0);
}

static char *
login_body (const char *user,
            const char *password,
            const char *replica,
            guint64     counter)
{
  return g_strdup_printf ("{\"user\":\"%s\",\"password\":\"%s\",\"replica_id\":\"%s\","
                          "\"replica_counter\":%" G_GUINT64_FORMAT "}",
                          user, password, replica, counter);
}

static char *
login (Server     *server,
       const char *user,
       const char *password,
       const char *replica)
{
  g_autofree char *body = login_body (user, password, replica, 0);
  g_autoptr(JsonNode) node = NULL;
  guint status;

  node = request (server, "POST", "/v1/login", NULL, body, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "token"));
}

/* A server with the rep "ayse" and the office user "kemal", both signed in (replicas
 * r-ayse and r-kemal). */
static void
start_rep_and_office (Server  *server,
                      char   **rep_token,
                      char   **office_token)
{
  server_init (server);
  add_user (server, "ayse", "rep", "pw");
  add_user (server, "kemal", "office", "pw");
  server_start (server, NULL);
  *rep_token = login (server, "ayse", "pw", "r-ayse");
  *office_token = login (server, "kemal", "pw", "r-kemal");
}

/* Builds a record written on @replica with NULL-terminated field/value pairs. */
static SahaRecord *
make_record (const char *entity,
             const char *id,
             const char *replica,
             guint64     counter,
             ...)
{
  g_autoptr(SahaRecord) record = saha_record_new (saha_schema_lookup (entity), id);
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  const char *field;
  va_list args;

  va_start (args, counter);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (fields, (char *) field);
      g_ptr_array_add (values, va_arg (args, char *));
    }
  va_end (args);
  saha_record_write (record, replica, counter, (const char * const *) fields->pdata,
                     (const char * const *) values->pdata, fields->len);
  return g_steal_pointer (&record);
}

/* Pushes @records (NULL-terminated) as one batch; returns the answer's results. */
static JsonNode *
push_batch (Server     *server,
            const char *token,
            const char *batch_id,
            const char *replica,
            guint64     counter,
            guint      *status,
            ...)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  SahaRecord *record;
  va_list args;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "batch_id");
  json_builder_add_string_value (builder, batch_id);
  json_builder_set_member_name (builder, "replica_id");
  json_builder_add_string_value (builder, replica);
  json_builder_set_member_name (builder, "replica_counter");
  json_builder_add_int_value (builder, (gint64) counter);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  va_start (args, status);
  while ((record = va_arg (args, SahaRecord *)) != NULL)
    json_builder_add_value (builder, saha_record_to_json (record, SAHA_CODEC_REGISTERS));
  va_end (args);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  return request (server, "POST", "/v1/push", token, body, 0, status);
}

static const char *
result_status (JsonNode *answer,
               guint     index,
               const char **code)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (answer), "results");
  JsonObject *result = json_array_get_object_element (results, index);

  if (code != NULL)
    *code = json_object_has_member (result, "code")
            ? json_object_get_string_member (result, "code") : NULL;
  return json_object_get_string_member (result, "status");
}

/* Everything a user receives pulling from @cursor (NULL: the start) to the end. The
 * hash maps "entity/id" -> the record's JSON object (a ref on @root_nodes keeps them). */
typedef struct
{
  GHashTable *changes;    /* "entity/id" -> JsonObject * */
  GHashTable *revoked;    /* "entity/id" -> "" */
  char       *cursor;
  GPtrArray  *pages;
} Pulled;

static void
pulled_clear (Pulled *pulled)
{
  g_clear_pointer (&pulled->changes, g_hash_table_unref);
  g_clear_pointer (&pulled->revoked, g_hash_table_unref);
  g_clear_pointer (&pulled->pages, g_ptr_array_unref);
  g_clear_pointer (&pulled->cursor, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pulled, pulled_clear)

static void
pull_all (Server     *server,
          const char *token,
          const char *cursor,
          guint       limit,
          Pulled     *pulled)
{
  gboolean more = TRUE;

  pulled->changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pulled->revoked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pulled->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  pulled->cursor = g_strdup (cursor != NULL ? cursor : "");
  while (more)
    {
      g_autofree char *escaped = g_uri_escape_string (pulled->cursor, NULL, TRUE);
      g_autofree char *path = g_strdup_printf ("/v1/pull?cursor=%s&limit=%u", escaped, limit);
      JsonNode *node;
      JsonObject *page;
      JsonArray *changes, *revoked;
      guint status;

      node = request (server, "GET", path, token, NULL, 0, &status);
      g_assert_cmpuint (status, ==, 200);
      g_ptr_array_add (pulled->pages, node);
      page = json_node_get_object (node);
      changes = json_object_get_array_member (page, "changes");
      revoked = json_object_get_array_member (page, "revoked");
      g_assert_cmpuint (json_array_get_length (changes), <=, limit);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *record = json_array_get_object_element (changes, i);
          char *key = g_strdup_printf ("%s/%s", json_object_get_string_member (record, "entity"),
                                       json_object_get_string_member (record, "id"));
          g_assert_true (json_object_has_member (record, "registers"));
          g_hash_table_remove (pulled->revoked, key);
          g_hash_table_insert (pulled->changes, key, record);
        }
      for (guint i = 0; i < json_array_get_length (revoked); i++)
        {
          JsonObject *item = json_array_get_object_element (revoked, i);
          char *key = g_strdup_printf ("%s/%s", json_object_get_string_member (item, "entity"),
                                       json_object_get_string_member (item, "id"));
          g_hash_table_remove (pulled->changes, key);
          g_hash_table_insert (pulled->revoked, key, (char *) "");
        }
      g_free (pulled->cursor);
      pulled->cursor = g_strdup (json_object_get_string_member (page, "cursor"));
      more = json_object_get_boolean_member (page, "more");
      if (!more)
        g_assert_cmpint (json_object_get_int_member (page, "remaining"), ==, 0);
    }
}

static gboolean
pulled_has (Pulled     *pulled,
            const char *entity,
            const char *id)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", entity, id);

  return g_hash_table_contains (pulled->changes, key);
}

static gboolean
pulled_revoked (Pulled     *pulled,
                const char *entity,
                const char *id)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", entity, id);

  return g_hash_table_contains (pulled->revoked, key);
}

static const char *
pulled_field (Pulled     *pulled,
              const char *entity,
              const char *id,
              const char *field)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", entity, id);
  JsonObject *record = g_hash_table_lookup (pulled->changes, key);
  JsonObject *fields;

  g_assert_nonnull (record);
  fields = json_object_get_object_member (record, "fields");
  if (json_object_get_null_member (fields, field))
    return NULL;
  return json_object_get_string_member (fields, field);
}

/* Tests */

static void
test_health (void)
{
  Server server;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *mode = NULL;
  GStatBuf st;
  guint status;

  server_init (&server);
  server_start (&server, NULL);
  node = request (&server, "GET", "/v1/health", NULL, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "status"), ==, "ok");
  g_assert_cmpuint (strlen (json_object_get_string_member (json_node_get_object (node), "epoch")), >, 0);

  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "GET", "/v1/nothing-here", NULL, NULL, 0, &status);
  assert_error (node, status, 404, "not_found");
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "GET", "/v1/push", "x", NULL, 0, &status);
  assert_error (node, status, 405, "method_not_allowed");

  /* The customer file is private to the server's user (SQLite: PostgreSQL keeps its
   * files itself). */
  if (server.database == NULL)
    {
      g_autofree char *db = g_build_filename (server.data, "server.db", NULL);

      g_assert_cmpint (g_stat (server.data, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0700);
      g_assert_cmpint (g_stat (db, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }

  /* SIGTERM: a clean exit. */
  g_assert_cmpint (server_stop (&server), ==, 0);
  server_clear (&server);
}

static void
test_login (void)
{
  Server server;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *body = NULL;
  g_autofree char *output = NULL;
  JsonObject *object;
  guint status;

  server_init (&server);
  add_user (&server, "ayse", "rep", "s3cret");
  add_user (&server, "mehmet", "tech", "pw-mehmet");
  add_user (&server, "kemal", "office", "pw-kemal");
  /* The same user twice is refused. */
  g_assert_cmpint (admin (&server, "x\n", NULL, "user", "add", "ayse", "--role", "rep",
                          "--password-stdin", NULL), !=, 0);
  g_assert_cmpint (admin (&server, NULL, &output, "user", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (output, "ayse\trep\t"));
  g_assert_nonnull (strstr (output, "kemal\toffice\t"));
  server_start (&server, NULL);

  body = login_body ("ayse", "s3cret", "r-ayse1", 0);
  node = request (&server, "POST", "/v1/login", NULL, body, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  object = json_node_get_object (node);
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "token")), >=, 40);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "user"), "role"), ==, "rep");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "user"), "code"), ==, "AYSE");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "expires_at"), "Z"));

  /* Wrong password and unknown user: the same 401. */
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&node, json_node_unref);
  body = login_body ("mehmet", "wrong", "r-mehmet1", 0);
  node = request (&server, "POST", "/v1/login", NULL, body, 0, &status);
  assert_error (node, status, 401, "unauthorized");
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&node, json_node_unref);
  body = login_body ("nobody", "wrong", "r-x", 0);
  node = request (&server, "POST", "/v1/login", NULL, body, 0, &status);
  assert_error (node, status, 401, "unauthorized");

  /* Malformed login bodies. */
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "POST", "/v1/login", NULL, "{\"user\":\"ayse\"}", 0, &status);
  assert_error (node, status, 400, "invalid_body");
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "POST", "/v1/login", NULL,
                  "{\"user\":\"ayse\",\"password\":\"s3cret\",\"replica_id\":\"r-a\",\"replica_counter\":\"0\"}",
                  0, &status);
  assert_error (node, status, 400, "invalid_body");

  /* A disabled user cannot sign in, with the right password. */
  g_assert_cmpint (admin (&server, NULL, NULL, "user", "disable", "kemal", NULL), ==, 0);
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&node, json_node_unref);
  body = login_body ("kemal", "pw-kemal", "r-kemal1", 0);
  node = request (&server, "POST", "/v1/login", NULL, body, 0, &status);
  assert_error (node, status, 401, "unauthorized");

  /* Rate limit: five failures for mehmet in a minute (one above), then even the right
   * password is refused. */
  for (guint i = 0; i < 4; i++)
    {
      g_clear_pointer (&body, g_free);
      g_clear_pointer (&node, json_node_unref);
      body = login_body ("mehmet", "wrong", "r-mehmet1", 0);
      node = request (&server, "POST", "/v1/login", NULL, body, 0, &status);
      assert_error (node, status, 401, "unauthorized");
    }
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&node, json_node_unref);
  body = login_body ("mehmet", "pw-mehmet", "r-mehmet1", 0);
  node = request (&server, "POST", "/v1/login", NULL, body, 0, &status);
  assert_error (node, status, 429, "rate_limited");
  /* Another user is not held back by mehmet's failures. */
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&node, json_node_unref);
  body = login_body ("ayse", "s3cret", "r-ayse2", 0);
  node = request (&server, "POST", "/v1/login", NULL, body, 0, &status);
  g_assert_cmpuint (status, ==, 200);

  /* A replica seen with counter 7 that claims 3: a restored copy, which is signed in
   * under a fresh replica id the server issues (no longer 409 replica_reused). */
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&node, json_node_unref);
  body = login_body ("ayse", "s3cret", "r-ayse3", 7);
  node = request (&server, "POST", "/v1/login", NULL, body, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "replica_id"), ==,
                   "r-ayse3");
  g_clear_pointer (&body, g_free);
  g_clear_pointer (&node, json_node_unref);
  body = login_body ("ayse", "s3cret", "r-ayse3", 3);
  node = request (&server, "POST", "/v1/login", NULL, body, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "replica_id"), !=,
                   "r-ayse3");

  server_clear (&server);
}

static void
test_tokens (void)
{
  Server server;
  const char * const env[] = { "SAHA_SERVER_TOKEN_TTL", "2", NULL };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token2 = NULL;
  g_autofree char *token3 = NULL;
  guint status;

  server_init (&server);
  add_user (&server, "ayse", "rep", "s3cret");
  server_start (&server, env);

  node = request (&server, "GET", "/v1/me", NULL, NULL, 0, &status);
  assert_error (node, status, 401, "unauthorized");
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "GET", "/v1/me", "not-a-token", NULL, 0, &status);
  assert_error (node, status, 401, "unauthorized");

  token = login (&server, "ayse", "s3cret", "r-t1");
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "GET", "/v1/me", token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "name"), ==, "ayse");
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "GET", "/v1/users", token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (node), "users")), ==, 1);

  /* Revoked by the admin command. */
  token2 = login (&server, "ayse", "s3cret", "r-t2");
  g_assert_cmpint (admin (&server, NULL, NULL, "user", "revoke-tokens", "ayse", NULL), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "GET", "/v1/pull?cursor=", token2, NULL, 0, &status);
  assert_error (node, status, 401, "unauthorized");

  /* Logout revokes the token used. */
  token3 = login (&server, "ayse", "s3cret", "r-t3");
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "POST", "/v1/logout", token3, "{}", 0, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "GET", "/v1/me", token3, NULL, 0, &status);
  assert_error (node, status, 401, "unauthorized");

  /* Expired: the lifetime is two seconds here. */
  g_clear_pointer (&token, g_free);
  token = login (&server, "ayse", "s3cret", "r-t4");
  g_usleep (3 * G_USEC_PER_SEC);
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "GET", "/v1/me", token, NULL, 0, &status);
  assert_error (node, status, 401, "unauthorized");

  server_clear (&server);
}

static void
test_push_pull (void)
{
  Server server;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) replay = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *token = NULL;
  g_autofree char *office = NULL;
  g_autofree char *customer_id = saha_id_new ();
  g_autofree char *contact_id = saha_id_new ();
  g_autofree char *order_id = saha_id_new ();
  g_autofree char *line_id = saha_id_new ();
  g_autofree char *product_id = saha_id_new ();
  g_autofree char *answer_text = NULL;
  g_autofree char *replay_text = NULL;
  g_autoptr(SahaRecord) customer = NULL;
  g_autoptr(SahaRecord) contact = NULL;
  g_autoptr(SahaRecord) order = NULL;
  g_autoptr(SahaRecord) line = NULL;
  g_autoptr(SahaRecord) product = NULL;
  g_autoptr(SahaRecord) edit = NULL;
  g_auto(Pulled) first = { 0 };
  g_auto(Pulled) second = { 0 };
  g_auto(Pulled) third = { 0 };
  const char *code;
  guint status;

  start_rep_and_office (&server, &token, &office);

  product = make_record ("product", product_id, "r-kemal", 1, "sku", "P-1", "name", "Kombi", "unit_price", "1250.50", "vat_rate", "20", NULL);
  answer = push_batch (&server, office, "b-office-1", "r-kemal", 1, &status, product, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (result_status (answer, 0, NULL), ==, "ok");
  g_clear_pointer (&answer, json_node_unref);

  /* Children first in the batch: the server orders parents first. */
  customer = make_record ("customer", customer_id, "r-ayse", 1, "name", "Işık Ltd", "kind", "company", "assigned_to", "ayse", "city", "İzmir", NULL);
  contact = make_record ("contact", contact_id, "r-ayse", 2, "customer", customer_id, "name", "Zeynep", NULL);
  order = make_record ("order", order_id, "r-ayse", 3, "customer", customer_id, "status", "draft", NULL);
  line = make_record ("order_line", line_id, "r-ayse", 4, "order", order_id, "product", product_id, "quantity", "2.5", NULL);
  answer = push_batch (&server, token, "b-ayse-1", "r-ayse", 4, &status, line, contact, order, customer, NULL);
  g_assert_cmpuint (status, ==, 200);
  answer_text = json_to_string (answer, FALSE);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (result_status (answer, i, &code), ==, "ok");
  /* Results in the order sent. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (json_node_get_object (answer), "results"), 0), "entity"), ==, "order_line");

  pull_all (&server, token, NULL, 2, &first);
  g_assert_cmpuint (g_hash_table_size (first.changes), ==, 5);
  g_assert_cmpuint (first.pages->len, >=, 3);
  g_assert_cmpstr (pulled_field (&first, "customer", customer_id, "name"), ==, "Işık Ltd");
  g_assert_cmpstr (pulled_field (&first, "order_line", line_id, "quantity"), ==, "2.5");
  g_assert_true (pulled_has (&first, "product", product_id));

  /* Replaying the batch (after the record changed meanwhile) gives the stored answer and
   * changes nothing. */
  edit = make_record ("customer", customer_id, "r-kemal", 2, "phone", "+90 232 555 0101", NULL);
  g_clear_pointer (&node, json_node_unref);
  node = push_batch (&server, office, "b-office-2", "r-kemal", 2, &status, edit, NULL);
  g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");
  pull_all (&server, token, first.cursor, 100, &second);
  g_assert_cmpuint (g_hash_table_size (second.changes), ==, 1);
  g_assert_cmpstr (pulled_field (&second, "customer", customer_id, "phone"), ==, "+90 232 555 0101");
  /* Disjoint edits merged: the name from ayse stays. */
  g_assert_cmpstr (pulled_field (&second, "customer", customer_id, "name"), ==, "Işık Ltd");

  replay = push_batch (&server, token, "b-ayse-1", "r-ayse", 4, &status, line, contact, order, customer, NULL);
  g_assert_cmpuint (status, ==, 200);
  replay_text = json_to_string (replay, FALSE);
  g_assert_cmpstr (replay_text, ==, answer_text);
  pull_all (&server, token, second.cursor, 100, &third);
  g_assert_cmpuint (g_hash_table_size (third.changes), ==, 0);

  /* A batch from a replica that claims a counter below what it already sent. */
  g_clear_pointer (&node, json_node_unref);
  node = push_batch (&server, token, "b-ayse-2", "r-ayse", 2, &status, NULL);
  assert_error (node, status, 409, "replica_reused");

  /* A record missing a required field is refused, and not stored. */
  {
    g_autofree char *bad_id = saha_id_new ();
    g_autoptr(SahaRecord) bad = make_record ("note", bad_id, "r-ayse", 5, "customer", customer_id, "channel", "call", NULL);
    g_auto(Pulled) after = { 0 };

    g_clear_pointer (&node, json_node_unref);
    node = push_batch (&server, token, "b-ayse-3", "r-ayse", 5, &status, bad, NULL);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (result_status (node, 0, &code), ==, "refused");
    g_assert_cmpstr (code, ==, "invalid");
    pull_all (&server, office, third.cursor, 100, &after);
    g_assert_false (pulled_has (&after, "note", bad_id));
  }

  /* Cursors of another database, or malformed ones. */
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "GET", "/v1/pull?cursor=0123456789abcdef:5", token, NULL, 0, &status);
  assert_error (node, status, 409, "resync_required");
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "GET", "/v1/pull?cursor=garbage", token, NULL, 0, &status);
  assert_error (node, status, 400, "invalid_request");
  /* A cursor that does not name its change (the old two-part form), or names one the
   * server's history does not hold (another run's tag, a seq beyond the last). */
  {
    g_auto(GStrv) parts = g_strsplit (third.cursor, ":", 3);
    g_autofree char *two_part = g_strdup_printf ("/v1/pull?cursor=%s:%s", parts[0], parts[1]);
    g_autofree char *other_tag = g_strdup_printf ("/v1/pull?cursor=%s:%s:0123abcd", parts[0],
                                                  parts[1]);
    g_autofree char *beyond = g_strdup_printf ("/v1/pull?cursor=%s:%" G_GINT64_FORMAT ":%s",
                                               parts[0], g_ascii_strtoll (parts[1], NULL, 10) + 1000,
                                               parts[2]);

    g_assert_nonnull (parts[2]);
    g_clear_pointer (&node, json_node_unref);
    node = request (&server, "GET", two_part, token, NULL, 0, &status);
    assert_error (node, status, 409, "history_diverged");
    g_clear_pointer (&node, json_node_unref);
    node = request (&server, "GET", other_tag, token, NULL, 0, &status);
    assert_error (node, status, 409, "history_diverged");
    g_clear_pointer (&node, json_node_unref);
    node = request (&server, "GET", beyond, token, NULL, 0, &status);
    assert_error (node, status, 409, "history_diverged");
  }
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "GET", "/v1/pull?cursor=&limit=0", token, NULL, 0, &status);
  assert_error (node, status, 400, "invalid_request");

  server_clear (&server);
}

/* The compact pull form and push answers without the echo of an unchanged record. */
static void
test_compact_forms (void)
{
  Server server;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autofree char *token = NULL;
  g_autofree char *office = NULL;
  g_autofree char *customer_id = saha_id_new ();
  g_autoptr(SahaRecord) customer = NULL;
  g_autoptr(SahaRecord) edit = NULL;
  g_autoptr(SahaRecord) merged = NULL;
  g_autoptr(SahaRecord) pulled = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result;
  JsonArray *changes;
  guint status;

  start_rep_and_office (&server, &token, &office);

  /* A new record merges to exactly what was sent: no record in the answer. */
  customer = make_record ("customer", customer_id, "r-ayse", 1, "name", "Işık Ltd", "kind", "company", "assigned_to", "ayse", NULL);
  answer = push_batch (&server, token, "b-compact-1", "r-ayse", 1, &status, customer, NULL);
  g_assert_cmpuint (status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (answer), "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "ok");
  g_assert_false (json_object_has_member (result, "record"));
  g_clear_pointer (&answer, json_node_unref);

  /* An edit from a replica that has not seen ayse's write: the merge differs from what
   * was sent, so the merged record comes back, with both writes. */
  edit = make_record ("customer", customer_id, "r-kemal", 1, "phone", "+90 232 555 0101", NULL);
  answer = push_batch (&server, office, "b-compact-2", "r-kemal", 1, &status, edit, NULL);
  g_assert_cmpuint (status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (answer), "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "ok");
  g_assert_true (json_object_has_member (result, "record"));
  merged = saha_record_from_json (json_object_get_member (result, "record"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saha_record_get (merged, "name"), ==, "Işık Ltd");
  g_assert_cmpstr (saha_record_get (merged, "phone"), ==, "+90 232 555 0101");

  /* form=compact: entity, id, vv and the registers (the single-candidate ones sharing the
   * most common dot as "values" under "dot"), decoding to the same state, and the
   * server's proof of that state. Here ayse's write and kemal's each hold a dot of their
   * own, and "deleted" has both. */
  page = request (&server, "GET", "/v1/pull?cursor=&form=compact", office, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  changes = json_object_get_array_member (json_node_get_object (page), "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, 1);
  {
    JsonObject *record = json_array_get_object_element (changes, 0);

    g_assert_cmpuint (json_object_get_size (record), ==, 7);
    g_assert_cmpuint (strlen (json_object_get_string_member (record, "proof")), ==, 22);
    g_assert_true (json_object_has_member (record, "dot"));
    g_assert_true (json_object_has_member (record, "values"));
    g_assert_true (json_object_has_member (record, "registers"));
    g_assert_false (json_object_has_member (record, "fields"));
    pulled = saha_record_from_json (json_array_get_element (changes, 0), &error);
    g_assert_no_error (error);
    g_assert_true (saha_record_equal (pulled, merged));
  }
  g_clear_pointer (&page, json_node_unref);

  /* The default (and form=full) keeps the derived members. */
  page = request (&server, "GET", "/v1/pull?cursor=&form=full", office, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  changes = json_object_get_array_member (json_node_get_object (page), "changes");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (changes, 0), "fields"), "phone"), ==, "+90 232 555 0101");
  g_clear_pointer (&page, json_node_unref);

  page = request (&server, "GET", "/v1/pull?cursor=&form=tiny", office, NULL, 0, &status);
  assert_error (page, status, 400, "invalid_request");

  server_clear (&server);
}

/* ?own=REPLICA passes over the records whose current state that replica's push stored:
 * it holds them. Anyone else's pull, and a later change by someone else, still send them. */
static void
test_own_pushes (void)
{
  Server server;
  g_autofree char *token = NULL;
  g_autofree char *office = NULL;
  g_autofree char *first_id = saha_id_new ();
  g_autofree char *second_id = saha_id_new ();
  g_autofree char *path = NULL;
  g_autoptr(SahaRecord) first = NULL;
  g_autoptr(SahaRecord) second = NULL;
  g_autoptr(SahaRecord) edit = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) page = NULL;
  JsonArray *changes;
  guint status;

  start_rep_and_office (&server, &token, &office);

  first = make_record ("customer", first_id, "r-ayse", 1, "name", "Birinci", "kind", "company", "assigned_to", "ayse", NULL);
  second = make_record ("customer", second_id, "r-ayse", 2, "name", "İkinci", "kind", "company", "assigned_to", "ayse", NULL);
  answer = push_batch (&server, token, "b-own-1", "r-ayse", 2, &status, first, second, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&answer, json_node_unref);

  /* ayse's own pull passes over both, and its cursor still covers them. */
  page = request (&server, "GET", "/v1/pull?cursor=&form=compact&own=r-ayse", token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (page), "changes")), ==, 0);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (page), "more"));
  path = g_strdup_printf ("/v1/pull?cursor=%s&form=compact&own=r-ayse",
                          json_object_get_string_member (json_node_get_object (page), "cursor"));
  g_clear_pointer (&page, json_node_unref);

  /* Without own, or another replica's: both come. */
  page = request (&server, "GET", "/v1/pull?cursor=&form=compact", token, NULL, 0, &status);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (page), "changes")), ==, 2);
  g_clear_pointer (&page, json_node_unref);
  page = request (&server, "GET", "/v1/pull?cursor=&own=r-kemal", office, NULL, 0, &status);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (page), "changes")), ==, 2);
  g_clear_pointer (&page, json_node_unref);

  /* The office edits the second: ayse's next pull brings that one, merged. */
  edit = make_record ("customer", second_id, "r-kemal", 1, "phone", "+90 232 555 0101", NULL);
  answer = push_batch (&server, office, "b-own-2", "r-kemal", 1, &status, edit, NULL);
  g_assert_cmpuint (status, ==, 200);
  page = request (&server, "GET", path, token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  changes = json_object_get_array_member (json_node_get_object (page), "changes");
  g_assert_cmpuint (json_array_get_length (changes), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 0), "id"), ==, second_id);
  g_clear_pointer (&page, json_node_unref);

  page = request (&server, "GET", "/v1/pull?cursor=&own=not%20a%20replica", token, NULL, 0, &status);
  assert_error (page, status, 400, "invalid_request");

  server_clear (&server);
}

static void
test_invalid_bodies (void)
{
  Server server;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *token = NULL;
  g_autofree char *id = saha_id_new ();
  g_autofree char *big = NULL;
  g_autofree char *unknown_field = NULL;
  g_auto(Pulled) pulled = { 0 };
  guint status;
  const char *bodies[] = {
    "{ not json",
    "[]",
    "{\"batch_id\":\"b1\",\"replica_id\":\"r-a\",\"replica_counter\":1}",
    "{\"batch_id\":7,\"replica_id\":\"r-a\",\"replica_counter\":1,\"records\":[]}",
    "{\"batch_id\":\"b1\",\"replica_id\":\"r-a\",\"replica_counter\":\"1\",\"records\":[]}",
    "{\"batch_id\":\"b1\",\"replica_id\":\"r-a\",\"replica_counter\":1,\"records\":[],\"extra\":1}",
    "{\"batch_id\":\"b1\",\"replica_id\":\"r-a\",\"replica_counter\":1,\"records\":[{\"entity\":\"customer\"}]}",
  };

  server_init (&server);
  add_user (&server, "kemal", "office", "pw");
  server_start (&server, NULL);
  token = login (&server, "kemal", "pw", "r-a");

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_clear_pointer (&node, json_node_unref);
      node = request (&server, "POST", "/v1/push", token, bodies[i], 0, &status);
      assert_error (node, status, 400, "invalid_body");
    }

  /* A valid record next to one with an unknown field: the whole batch is refused. */
  {
    g_autoptr(SahaRecord) customer = make_record ("customer", id, "r-a", 1, "name", "Acme", "kind", "company", NULL);
    g_autoptr(JsonNode) record = saha_record_to_json (customer, SAHA_CODEC_REGISTERS);
    g_autofree char *text = json_to_string (record, FALSE);
    g_autofree char *tampered = NULL;
    char *at = strstr (text, "\"registers\":{");

    g_assert_nonnull (at);
    at += strlen ("\"registers\":{");
    tampered = g_strdup_printf ("%.*s\"shoe_size\":[{\"value\":\"42\",\"dot\":[\"r-a\",1]}],%s",
                                (int) (at - text), text, at);
    unknown_field = g_strdup_printf ("{\"batch_id\":\"b2\",\"replica_id\":\"r-a\",\"replica_counter\":1,"
                                     "\"records\":[%s,%s]}", text, tampered);
    g_clear_pointer (&node, json_node_unref);
    node = request (&server, "POST", "/v1/push", token, unknown_field, 0, &status);
    assert_error (node, status, 400, "invalid_body");
  }

  /* Over 16 MiB: refused before the body is read. */
  big = g_malloc (17 * 1024 * 1024);
  memset (big, ' ', 17 * 1024 * 1024);
  big[0] = '{';
  big[17 * 1024 * 1024 - 1] = '}';
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "POST", "/v1/push", token, big, 17 * 1024 * 1024, &status);
  assert_error (node, status, 413, "too_large");
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "POST", "/v1/login", NULL, big, 100 * 1024, &status);
  assert_error (node, status, 413, "too_large");

  /* Nothing was stored, and the batch ids were not used up. */
  pull_all (&server, token, NULL, 100, &pulled);
  g_assert_cmpuint (g_hash_table_size (pulled.changes), ==, 0);
  {
    g_autoptr(SahaRecord) customer = make_record ("customer", id, "r-a", 1, "name", "Acme", "kind", "company", NULL);
    g_clear_pointer (&node, json_node_unref);
    node = push_batch (&server, token, "b2", "r-a", 1, &status, customer, NULL);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");
  }

  server_clear (&server);
}

static void
test_scope (void)
{
  Server server;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *ayse = NULL;
  g_autofree char *burak = NULL;
  g_autofree char *kemal = NULL;
  g_autofree char *mehmet = NULL;
  g_autofree char *c_ayse = saha_id_new ();
  g_autofree char *c_burak = saha_id_new ();
  g_autofree char *contact_burak = saha_id_new ();
  g_autofree char *order_burak = saha_id_new ();
  g_autofree char *line_burak = saha_id_new ();
  g_autofree char *call_burak = saha_id_new ();
  g_autofree char *part_burak = saha_id_new ();
  g_autofree char *product_id = saha_id_new ();
  g_autofree char *intruder_id = saha_id_new ();
  g_autofree char *c_other = saha_id_new ();
  g_autoptr(SahaRecord) product = NULL;
  g_autoptr(SahaRecord) customer_ayse = NULL;
  g_autoptr(SahaRecord) customer_burak = NULL;
  g_autoptr(SahaRecord) contact = NULL;
  g_autoptr(SahaRecord) order = NULL;
  g_autoptr(SahaRecord) line = NULL;
  g_autoptr(SahaRecord) call = NULL;
  g_autoptr(SahaRecord) part = NULL;
  g_auto(Pulled) ayse_before = { 0 };
  g_auto(Pulled) burak_before = { 0 };
  g_auto(Pulled) tech_view = { 0 };
  g_auto(Pulled) ayse_after = { 0 };
  g_auto(Pulled) burak_after = { 0 };
  const char *code;
  guint status;

  server_init (&server);
  add_user (&server, "ayse", "rep", "pw");
  add_user (&server, "burak", "rep", "pw");
  add_user (&server, "kemal", "office", "pw");
  add_user (&server, "mehmet", "tech", "pw");
  server_start (&server, NULL);
  ayse = login (&server, "ayse", "pw", "r-ayse");
  burak = login (&server, "burak", "pw", "r-burak");
  kemal = login (&server, "kemal", "pw", "r-kemal");
  mehmet = login (&server, "mehmet", "pw", "r-mehmet");

  product = make_record ("product", product_id, "r-kemal", 1, "sku", "P-1", "name", "Kombi", NULL);
  customer_ayse = make_record ("customer", c_ayse, "r-ayse", 1, "name", "Ayşe'nin Müşterisi", "kind", "company", "assigned_to", "ayse", NULL);
  customer_burak = make_record ("customer", c_burak, "r-burak", 1, "name", "Burak Gıda", "kind", "company", "assigned_to", "burak", NULL);
  contact = make_record ("contact", contact_burak, "r-burak", 2, "customer", c_burak, "name", "Ali", NULL);
  order = make_record ("order", order_burak, "r-burak", 3, "customer", c_burak, NULL);
  line = make_record ("order_line", line_burak, "r-burak", 4, "order", order_burak, "product", product_id, "quantity", "1", NULL);

  node = push_batch (&server, kemal, "k1", "r-kemal", 1, &status, product, NULL);
  g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");
  g_clear_pointer (&node, json_node_unref);
  node = push_batch (&server, ayse, "a1", "r-ayse", 1, &status, customer_ayse, NULL);
  g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");
  g_clear_pointer (&node, json_node_unref);
  node = push_batch (&server, burak, "b1", "r-burak", 4, &status, customer_burak, contact, order, line, NULL);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (result_status (node, i, NULL), ==, "ok");

  /* Reps may not touch the catalogue, nor create customers for someone else. */
  {
    g_autoptr(SahaRecord) price = make_record ("product", product_id, "r-ayse", 2, "unit_price", "1.00", NULL);
    g_autoptr(SahaRecord) for_burak = make_record ("customer", c_other, "r-ayse", 3, "name", "X", "kind", "person", "assigned_to", "burak", NULL);

    g_clear_pointer (&node, json_node_unref);
    node = push_batch (&server, ayse, "a2", "r-ayse", 3, &status, price, for_burak, NULL);
    g_assert_cmpstr (result_status (node, 0, &code), ==, "refused");
    g_assert_cmpstr (code, ==, "forbidden");
    g_assert_cmpstr (result_status (node, 1, &code), ==, "refused");
    g_assert_cmpstr (code, ==, "forbidden");
  }

  /* Ayşe cannot edit Burak's customer, add a contact under it, edit his order line, or
   * reassign her own customer. */
  {
    g_autoptr(SahaRecord) edit = make_record ("customer", c_burak, "r-ayse", 4, "phone", "+90 212 555 0000", NULL);
    g_autoptr(SahaRecord) intruder = make_record ("contact", intruder_id, "r-ayse", 5, "customer", c_burak, "name", "Sneaky", NULL);
    g_autoptr(SahaRecord) line_edit = make_record ("order_line", line_burak, "r-ayse", 6, "quantity", "99", NULL);
    g_autoptr(SahaRecord) reassign = saha_record_copy (customer_ayse);
    const char *field = "assigned_to";
    const char *value = "burak";

    saha_record_write (reassign, "r-ayse", 7, &field, &value, 1);
    g_clear_pointer (&node, json_node_unref);
    node = push_batch (&server, ayse, "a3", "r-ayse", 7, &status, edit, intruder, line_edit, reassign, NULL);
    g_assert_cmpuint (status, ==, 200);
    for (guint i = 0; i < 4; i++)
      {
        g_assert_cmpstr (result_status (node, i, &code), ==, "refused");
        g_assert_cmpstr (code, ==, "forbidden");
        /* A refusal carries no record: nothing of Burak's leaks back. */
        g_assert_false (json_object_has_member (json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "results"), i), "record"));
      }
  }

  /* A service call on Burak's customer, assigned to the technician. */
  call = make_record ("service_call", call_burak, "r-kemal", 2, "customer", c_burak, "assigned_to", "mehmet", "status", "assigned", "problem", "Kombi su akıtıyor", NULL);
  part = make_record ("service_part", part_burak, "r-kemal", 3, "service_call", call_burak, "product", product_id, "quantity", "1", NULL);
  g_clear_pointer (&node, json_node_unref);
  node = push_batch (&server, kemal, "k2", "r-kemal", 3, &status, call, part, NULL);
  g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");
  g_assert_cmpstr (result_status (node, 1, NULL), ==, "ok");

  pull_all (&server, ayse, NULL, 1000, &ayse_before);
  pull_all (&server, burak, NULL, 3, &burak_before);
  pull_all (&server, mehmet, NULL, 1000, &tech_view);
  g_assert_true (pulled_has (&ayse_before, "customer", c_ayse));
  g_assert_true (pulled_has (&ayse_before, "product", product_id));
  g_assert_false (pulled_has (&ayse_before, "customer", c_burak));
  g_assert_false (pulled_has (&ayse_before, "contact", contact_burak));
  g_assert_false (pulled_has (&ayse_before, "order_line", line_burak));
  g_assert_false (pulled_has (&ayse_before, "service_call", call_burak));
  g_assert_false (pulled_has (&ayse_before, "contact", intruder_id));
  g_assert_cmpuint (g_hash_table_size (ayse_before.changes), ==, 2);
  g_assert_true (pulled_has (&burak_before, "customer", c_burak));
  g_assert_true (pulled_has (&burak_before, "order_line", line_burak));
  g_assert_true (pulled_has (&burak_before, "service_part", part_burak));
  g_assert_false (pulled_has (&burak_before, "customer", c_ayse));
  g_assert_null (pulled_field (&burak_before, "customer", c_burak, "phone"));
  /* The technician: the call, its part, its customer; not the customer's orders. */
  g_assert_true (pulled_has (&tech_view, "service_call", call_burak));
  g_assert_true (pulled_has (&tech_view, "service_part", part_burak));
  g_assert_true (pulled_has (&tech_view, "customer", c_burak));
  g_assert_false (pulled_has (&tech_view, "order", order_burak));
  g_assert_false (pulled_has (&tech_view, "contact", contact_burak));
  g_assert_false (pulled_has (&tech_view, "customer", c_ayse));

  /* The technician works on the call, but may not reassign it. */
  {
    g_autoptr(SahaRecord) progress = saha_record_copy (call);
    g_autoptr(SahaRecord) handoff = NULL;
    const char *fields[] = { "status", "labour_minutes" };
    const char *values[] = { "on_site", "45" };
    const char *field = "assigned_to";
    const char *value = "ayse";

    saha_record_write (progress, "r-mehmet", 1, fields, values, 2);
    handoff = saha_record_copy (progress);
    saha_record_write (handoff, "r-mehmet", 2, &field, &value, 1);
    g_clear_pointer (&node, json_node_unref);
    node = push_batch (&server, mehmet, "m1", "r-mehmet", 1, &status, progress, NULL);
    g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");
    g_clear_pointer (&node, json_node_unref);
    node = push_batch (&server, mehmet, "m2", "r-mehmet", 2, &status, handoff, NULL);
    g_assert_cmpstr (result_status (node, 0, &code), ==, "refused");
    g_assert_cmpstr (code, ==, "forbidden");
  }

  /* The office reassigns Burak's customer to Ayşe. */
  {
    g_autoptr(SahaRecord) reassign = saha_record_copy (customer_burak);
    const char *field = "assigned_to";
    const char *value = "ayse";

    saha_record_write (reassign, "r-kemal", 4, &field, &value, 1);
    g_clear_pointer (&node, json_node_unref);
    node = push_batch (&server, kemal, "k3", "r-kemal", 4, &status, reassign, NULL);
    g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");
  }

  pull_all (&server, burak, burak_before.cursor, 1000, &burak_after);
  g_assert_true (pulled_revoked (&burak_after, "customer", c_burak));
  g_assert_true (pulled_revoked (&burak_after, "contact", contact_burak));
  g_assert_true (pulled_revoked (&burak_after, "order", order_burak));
  g_assert_true (pulled_revoked (&burak_after, "order_line", line_burak));
  g_assert_true (pulled_revoked (&burak_after, "service_call", call_burak));
  g_assert_true (pulled_revoked (&burak_after, "service_part", part_burak));
  g_assert_cmpuint (g_hash_table_size (burak_after.changes), ==, 0);

  /* Ayşe's next pull delivers the customer with its children, although their last
   * edits are older than her cursor. */
  pull_all (&server, ayse, ayse_before.cursor, 2, &ayse_after);
  g_assert_true (pulled_has (&ayse_after, "customer", c_burak));
  g_assert_cmpstr (pulled_field (&ayse_after, "customer", c_burak, "assigned_to"), ==, "ayse");
  g_assert_true (pulled_has (&ayse_after, "contact", contact_burak));
  g_assert_true (pulled_has (&ayse_after, "order", order_burak));
  g_assert_true (pulled_has (&ayse_after, "order_line", line_burak));
  g_assert_true (pulled_has (&ayse_after, "service_call", call_burak));
  g_assert_true (pulled_has (&ayse_after, "service_part", part_burak));
  g_assert_cmpuint (g_hash_table_size (ayse_after.revoked), ==, 0);

  /* Now Ayşe may edit it (a form saving every field rewrites assigned_to with the value
   * it has: not a reassignment), and Burak may not. */
  {
    g_autoptr(SahaRecord) resave = make_record ("customer", c_burak, "r-ayse", 9, "phone", "+90 232 444 1212", "assigned_to", "ayse", NULL);

    g_autoptr(SahaRecord) ayse_edit = make_record ("contact", contact_burak, "r-ayse", 8, "role", "Satın alma", NULL);
    g_autoptr(SahaRecord) burak_edit = make_record ("contact", contact_burak, "r-burak", 5, "role", "Patron", NULL);

    g_clear_pointer (&node, json_node_unref);
    node = push_batch (&server, ayse, "a4", "r-ayse", 9, &status, ayse_edit, resave, NULL);
    g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");
    g_assert_cmpstr (result_status (node, 1, NULL), ==, "ok");
    g_clear_pointer (&node, json_node_unref);
    node = push_batch (&server, burak, "b2", "r-burak", 5, &status, burak_edit, NULL);
    g_assert_cmpstr (result_status (node, 0, &code), ==, "refused");
    g_assert_cmpstr (code, ==, "forbidden");
  }

  server_clear (&server);
}

/* Knowledge base articles and campaigns: everyone receives them, only the office writes
 * them; a technician links the article that solved their call. */
static void
test_scope_crm (void)
{
  Server server;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *ayse = NULL;
  g_autofree char *mehmet = NULL;
  g_autofree char *kemal = NULL;
  g_autofree char *article_id = saha_id_new ();
  g_autofree char *campaign_id = saha_id_new ();
  g_autofree char *rogue_article = saha_id_new ();
  g_autofree char *rogue_campaign = saha_id_new ();
  g_autofree char *customer_id = saha_id_new ();
  g_autofree char *call_id = saha_id_new ();
  g_autoptr(SahaRecord) article = NULL;
  g_autoptr(SahaRecord) campaign = NULL;
  g_autoptr(SahaRecord) customer = NULL;
  g_autoptr(SahaRecord) call = NULL;
  g_auto(Pulled) rep_view = { 0 };
  g_auto(Pulled) tech_view = { 0 };
  const char *code;
  guint status;

  server_init (&server);
  add_user (&server, "ayse", "rep", "pw");
  add_user (&server, "mehmet", "tech", "pw");
  add_user (&server, "kemal", "office", "pw");
  server_start (&server, NULL);
  ayse = login (&server, "ayse", "pw", "r-ayse");
  mehmet = login (&server, "mehmet", "pw", "r-mehmet");
  kemal = login (&server, "kemal", "pw", "r-kemal");

  article = make_record ("kb_article", article_id, "r-kemal", 1, "title", "Kombi su akıtıyor",
                         "body", "Contayı değiştirin.", NULL);
  campaign = make_record ("campaign", campaign_id, "r-kemal", 2, "name", "Bahar", "channel", "sms",
                          "segment", "loyal", "status", "draft", NULL);
  customer = make_record ("customer", customer_id, "r-kemal", 3, "name", "Burak Gıda", "kind",
                          "company", "assigned_to", "ayse", NULL);
  call = make_record ("service_call", call_id, "r-kemal", 4, "customer", customer_id,
                      "assigned_to", "mehmet", "problem", "Su akıtıyor", NULL);
  node = push_batch (&server, kemal, "k1", "r-kemal", 4, &status, article, campaign, customer,
                     call, NULL);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (result_status (node, i, NULL), ==, "ok");

  /* A rep and a technician may neither create nor edit articles and campaigns. */
  {
    g_autoptr(SahaRecord) new_article = make_record ("kb_article", rogue_article, "r-ayse", 1,
                                                     "title", "Benim", "body", "Metin", NULL);
    g_autoptr(SahaRecord) new_campaign = make_record ("campaign", rogue_campaign, "r-ayse", 2,
                                                      "name", "Benim", "channel", "email", NULL);
    g_autoptr(SahaRecord) edit_article = saha_record_copy (article);
    g_autoptr(SahaRecord) edit_campaign = saha_record_copy (campaign);
    const char *field = "status";
    const char *value = "active";
    const char *title = "title";
    const char *changed = "Değişti";

    saha_record_write (edit_campaign, "r-ayse", 3, &field, &value, 1);
    saha_record_write (edit_article, "r-ayse", 4, &title, &changed, 1);
    g_clear_pointer (&node, json_node_unref);
    node = push_batch (&server, ayse, "a1", "r-ayse", 4, &status, new_article, new_campaign,
                       edit_campaign, edit_article, NULL);
    g_assert_cmpuint (status, ==, 200);
    for (guint i = 0; i < 4; i++)
      {
        g_assert_cmpstr (result_status (node, i, &code), ==, "refused");
        g_assert_cmpstr (code, ==, "forbidden");
      }

    saha_record_write (edit_article, "r-mehmet", 1, &title, &changed, 1);
    g_clear_pointer (&node, json_node_unref);
    node = push_batch (&server, mehmet, "m1", "r-mehmet", 1, &status, edit_article, NULL);
    g_assert_cmpstr (result_status (node, 0, &code), ==, "refused");
    g_assert_cmpstr (code, ==, "forbidden");
  }

  /* The technician links the article that solved their call. */
  {
    g_autoptr(SahaRecord) solved = saha_record_copy (call);
    const char *fields[] = { "kb_article", "status" };
    const char *values[] = { article_id, "resolved" };

    saha_record_write (solved, "r-mehmet", 2, fields, values, 2);
    g_clear_pointer (&node, json_node_unref);
    node = push_batch (&server, mehmet, "m2", "r-mehmet", 2, &status, solved, NULL);
    g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");
  }

  /* Both receive the office's article and campaign unchanged, and none of the refused. */
  pull_all (&server, ayse, NULL, 1000, &rep_view);
  pull_all (&server, mehmet, NULL, 1000, &tech_view);
  g_assert_true (pulled_has (&rep_view, "kb_article", article_id));
  g_assert_true (pulled_has (&rep_view, "campaign", campaign_id));
  g_assert_true (pulled_has (&tech_view, "kb_article", article_id));
  g_assert_true (pulled_has (&tech_view, "campaign", campaign_id));
  g_assert_false (pulled_has (&rep_view, "kb_article", rogue_article));
  g_assert_false (pulled_has (&rep_view, "campaign", rogue_campaign));
  g_assert_cmpstr (pulled_field (&rep_view, "kb_article", article_id, "title"), ==, "Kombi su akıtıyor");
  g_assert_cmpstr (pulled_field (&tech_view, "campaign", campaign_id, "status"), ==, "draft");
  g_assert_cmpstr (pulled_field (&tech_view, "service_call", call_id, "kb_article"), ==, article_id);

  server_clear (&server);
}

/* A child the office pushes before its parent is kept, then follows the parent's scope.
 * A field user's child of a record the server does not have is refused (issue 11: an
 * orphan call assigned to its pusher, adopted by someone else's customer, would have
 * delivered that customer), and accepted once the parent is there. */
static void
test_orphans (void)
{
  Server server;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *ayse = NULL;
  g_autofree char *burak = NULL;
  g_autofree char *kemal = NULL;
  g_autofree char *theirs = saha_id_new ();
  g_autofree char *mine = saha_id_new ();
  g_autofree char *contact_id = saha_id_new ();
  g_autofree char *order_id = saha_id_new ();
  g_autofree char *call_id = saha_id_new ();
  g_autoptr(SahaRecord) contact = NULL;
  g_autoptr(SahaRecord) order = NULL;
  g_autoptr(SahaRecord) call = NULL;
  g_autoptr(SahaRecord) their_customer = NULL;
  g_autoptr(SahaRecord) my_customer = NULL;
  g_auto(Pulled) ayse_first = { 0 };
  g_auto(Pulled) ayse_second = { 0 };
  g_auto(Pulled) burak_view = { 0 };
  const char *code = NULL;
  guint status;

  server_init (&server);
  add_user (&server, "ayse", "rep", "pw");
  add_user (&server, "burak", "rep", "pw");
  add_user (&server, "kemal", "office", "pw");
  server_start (&server, NULL);
  ayse = login (&server, "ayse", "pw", "r-ayse");
  burak = login (&server, "burak", "pw", "r-burak");
  kemal = login (&server, "kemal", "pw", "r-kemal");

  /* Ayşe's children of customers the server does not have, among them a call assigned
   * to herself: refused, naming the field. */
  call = make_record ("service_call", call_id, "r-ayse", 1, "customer", theirs, "assigned_to", "ayse", NULL);
  order = make_record ("order", order_id, "r-ayse", 2, "customer", mine, NULL);
  node = push_batch (&server, ayse, "a1", "r-ayse", 2, &status, call, order, NULL);
  g_assert_cmpstr (result_status (node, 0, &code), ==, "refused");
  g_assert_cmpstr (code, ==, "missing_reference");
  g_assert_cmpstr (result_status (node, 1, &code), ==, "refused");
  g_assert_cmpstr (code, ==, "missing_reference");
  g_assert_nonnull (strstr (json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (json_node_get_object (node),
                                                                   "results"), 1),
      "message"), "\"customer\""));
  pull_all (&server, ayse, NULL, 100, &ayse_first);
  g_assert_false (pulled_has (&ayse_first, "service_call", call_id));
  g_assert_false (pulled_has (&ayse_first, "order", order_id));

  /* The office's orphan is kept until its parent comes. */
  contact = make_record ("contact", contact_id, "r-kemal", 1, "customer", theirs, "name", "Early", NULL);
  g_clear_pointer (&node, json_node_unref);
  node = push_batch (&server, kemal, "k1", "r-kemal", 1, &status, contact, NULL);
  g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");

  /* The parents arrive: one is Burak's customer, the other Ayşe's. */
  their_customer = make_record ("customer", theirs, "r-kemal", 2, "name", "Burak'ın", "kind", "company", "assigned_to", "burak", NULL);
  g_clear_pointer (&node, json_node_unref);
  node = push_batch (&server, kemal, "k2", "r-kemal", 2, &status, their_customer, NULL);
  g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");
  my_customer = make_record ("customer", mine, "r-ayse", 3, "name", "Ayşe'nin", "kind", "person", "assigned_to", "ayse", NULL);
  g_clear_pointer (&node, json_node_unref);
  node = push_batch (&server, ayse, "a2", "r-ayse", 3, &status, my_customer, NULL);
  g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");

  /* Retried, Ayşe's order under her customer goes in; the call under Burak's does not. */
  g_clear_pointer (&node, json_node_unref);
  node = push_batch (&server, ayse, "a3", "r-ayse", 3, &status, call, order, NULL);
  g_assert_cmpstr (result_status (node, 0, &code), ==, "refused");
  g_assert_cmpstr (code, ==, "forbidden");
  g_assert_cmpstr (result_status (node, 1, NULL), ==, "ok");

  pull_all (&server, ayse, ayse_first.cursor, 100, &ayse_second);
  g_assert_true (pulled_has (&ayse_second, "customer", mine));
  g_assert_true (pulled_has (&ayse_second, "order", order_id));
  g_assert_false (pulled_has (&ayse_second, "customer", theirs));
  g_assert_false (pulled_has (&ayse_second, "contact", contact_id));
  pull_all (&server, burak, NULL, 100, &burak_view);
  g_assert_true (pulled_has (&burak_view, "customer", theirs));
  g_assert_true (pulled_has (&burak_view, "contact", contact_id));
  g_assert_false (pulled_has (&burak_view, "order", order_id));
  g_assert_false (pulled_has (&burak_view, "service_call", call_id));

  server_clear (&server);
}

static void
test_purge (void)
{
  Server server;
  const char * const env[] = { "SAHA_SERVER_DEVICE_STALE", "1", NULL };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *token = NULL;
  g_autofree char *id = saha_id_new ();
  g_autoptr(SahaRecord) customer = NULL;
  g_auto(Pulled) first = { 0 };
  g_auto(Pulled) fresh = { 0 };
  guint status;

  server_init (&server);
  add_user (&server, "kemal", "office", "pw");
  server_start (&server, env);
  token = login (&server, "kemal", "pw", "r-k");
  customer = make_record ("customer", id, "r-k", 1, "name", "Gone", "kind", "person", NULL);
  node = push_batch (&server, token, "k1", "r-k", 1, &status, customer, NULL);
  g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");
  pull_all (&server, token, NULL, 100, &first);
  saha_record_delete (customer, "r-k", 2);
  g_clear_pointer (&node, json_node_unref);
  node = push_batch (&server, token, "k2", "r-k", 2, &status, customer, NULL);
  g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");

  /* The device goes unseen for longer than the (tiny) horizon; the restart purges the
   * tombstone, and the old cursor must re-sync. */
  g_usleep (2 * G_USEC_PER_SEC);
  g_assert_cmpint (server_stop (&server), ==, 0);
  server_start (&server, env);
  g_clear_pointer (&node, json_node_unref);
  {
    g_autofree char *path = g_strdup_printf ("/v1/pull?cursor=%s", first.cursor);
    node = request (&server, "GET", path, token, NULL, 0, &status);
    assert_error (node, status, 409, "resync_required");
  }
  pull_all (&server, token, NULL, 100, &fresh);
  g_assert_false (pulled_has (&fresh, "customer", id));

  /* A device that was away past the horizon and edited the record meanwhile: with the
   * tombstone gone nothing tells its edit from a new record, and the edit is kept (the
   * record comes back with that device's state) rather than dropped. docs/protocol.md,
   * Tombstones. */
  {
    g_autoptr(SahaRecord) away = make_record ("customer", id, "r-k", 1, "name", "Gone", "kind", "person", NULL);
    g_autofree char *away_token = login (&server, "kemal", "pw", "r-away");
    const char *phone[] = { "phone" };
    const char *phone_value[] = { "+90 212 555 0101" };
    g_auto(Pulled) after = { 0 };
    g_autofree char *key = g_strdup_printf ("customer/%s", id);
    JsonObject *fields;

    saha_record_write (away, "r-away", 1, phone, phone_value, 1);
    g_clear_pointer (&node, json_node_unref);
    node = push_batch (&server, away_token, "a1", "r-away", 1, &status, away, NULL);
    g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");
    pull_all (&server, token, NULL, 100, &after);
    g_assert_true (pulled_has (&after, "customer", id));
    fields = json_object_get_object_member (g_hash_table_lookup (after.changes, key), "fields");
    g_assert_cmpstr (json_object_get_string_member (fields, "phone"), ==, "+90 212 555 0101");
  }

  server_clear (&server);
}

static void
test_demo (void)
{
  Server server;
  g_autofree char *token = NULL;
  g_autofree char *office = NULL;
  g_autofree char *output = NULL;
  g_auto(Pulled) rep = { 0 };
  g_auto(Pulled) all = { 0 };
  GHashTableIter iter;
  gpointer key, value;
  guint rep_customers = 0, all_customers = 0, products = 0;
  g_autoptr(GHashTable) statuses = g_hash_table_new (g_str_hash, g_str_equal);

  server_init (&server);
  g_assert_cmpint (admin (&server, NULL, NULL, "demo", "--customers", "120", NULL), ==, 0);
  /* Once per data directory. */
  g_assert_cmpint (admin (&server, NULL, NULL, "demo", NULL), !=, 0);
  g_assert_cmpint (admin (&server, NULL, &output, "user", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (output, "demo-rep\trep\tDREP"));
  g_assert_nonnull (strstr (output, "demo-admin\tadmin"));
  server_start (&server, NULL);

  token = login (&server, "demo-rep", "demo", "r-demo-rep");
  office = login (&server, "demo-office", "demo", "r-demo-office");
  pull_all (&server, token, NULL, 1000, &rep);
  /* Pages: a cursor from before the start-up purge must stay valid. */
  pull_all (&server, office, NULL, 200, &all);

  g_hash_table_iter_init (&iter, all.changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonObject *fields = json_object_get_object_member (value, "fields");

      if (g_str_has_prefix (key, "customer/"))
        all_customers++;
      if (g_str_has_prefix (key, "product/"))
        products++;
      if (g_str_has_prefix (key, "order/"))
        g_hash_table_add (statuses, (gpointer) json_object_get_string_member (fields, "status"));
    }
  g_assert_cmpuint (all_customers, ==, 120);
  g_assert_cmpuint (products, >=, 50);
  /* Orders in every status. */
  g_assert_cmpuint (g_hash_table_size (statuses), ==, 5);

  g_hash_table_iter_init (&iter, rep.changes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonObject *fields = json_object_get_object_member (value, "fields");

      if (g_str_has_prefix (key, "customer/"))
        {
          rep_customers++;
          g_assert_cmpstr (json_object_get_string_member (fields, "assigned_to"), ==, "demo-rep");
        }
      else if (json_object_has_member (fields, "customer")
               && !g_str_has_prefix (key, "service_call/"))
        {
          /* Every child the rep receives belongs to one of the rep's customers. */
          g_autofree char *parent = g_strdup_printf ("customer/%s", json_object_get_string_member (fields, "customer"));
          JsonObject *customer = g_hash_table_lookup (rep.changes, parent);

          g_assert_nonnull (customer);
          g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (customer, "fields"), "assigned_to"), ==, "demo-rep");
        }
    }
  g_assert_cmpuint (rep_customers, >, 0);
  g_assert_cmpuint (rep_customers, <, all_customers / 4);

  server_clear (&server);
}

/* A push of one customer whose name is @name_json, written into the JSON text as it is
 * (escapes included), so that the exact bytes of the request are in the test. */
static JsonNode *
push_raw_name (Server     *server,
               const char *token,
               const char *batch_id,
               const char *id,
               const char *name_json,
               guint      *status)
{
  g_autoptr(SahaRecord) customer = make_record ("customer", id, "r-kemal", 1, "name", "PLACEHOLDER",
                                                "kind", "company", NULL);
  g_autoptr(JsonNode) record = saha_record_to_json (customer, SAHA_CODEC_REGISTERS);
  g_autofree char *text = json_to_string (record, FALSE);
  g_autofree char *body = NULL;
  /* the register, which decoding reads (the "fields" copy is ignored) */
  char *at = g_strrstr (text, "\"PLACEHOLDER\"");

  g_assert_nonnull (at);
  body = g_strdup_printf ("{\"batch_id\":\"%s\",\"replica_id\":\"r-kemal\",\"replica_counter\":1,"
                          "\"records\":[%.*s%s%s]}", batch_id, (int) (at - text), text, name_json,
                          at + strlen ("\"PLACEHOLDER\""));
  g_test_message ("push %s", body);
  return request (server, "POST", "/v1/push", token, body, 0, status);
}

/* A NUL (\u0000) or another control character inside a pushed string is refused with a
 * reason that names it, never stored cut short at the NUL (json-glib hands strings over
 * as C strings, so "Acme\u0000 Evil" arrived as "Acme" and was "stored unchanged"). */
static void
test_control_characters (void)
{
  Server server;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) health = NULL;
  g_autofree char *rep_token = NULL;
  g_autofree char *token = NULL;
  g_autofree char *id = saha_id_new ();
  g_auto(Pulled) pulled = { 0 };
  g_auto(Pulled) after = { 0 };
  const char *refused[] = {
    "\"Acme\\u0000 Evil\"",
    "\"\\u0000\"",
    "\"Acme\\u0001\"",
    "\"Acme\\u001b[31m\"",
    "\"Acme\\u007f\"",
    "\"Acme\\u0085\"",
    "\"Acme\\tLtd\"",
    "\"Acme\\nLtd\"",
  };
  guint status;

  start_rep_and_office (&server, &rep_token, &token);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *batch = g_strdup_printf ("nul-%u", i);
      const char *message;

      g_clear_pointer (&node, json_node_unref);
      node = push_raw_name (&server, token, batch, id, refused[i], &status);
      assert_error (node, status, 400, "invalid_body");
      message = json_object_get_string_member (json_object_get_object_member (
                  json_node_get_object (node), "error"), "message");
      g_test_message ("%s -> %s", refused[i], message);
      g_assert_true (strstr (message, "NUL") != NULL || strstr (message, "control character") != NULL
                     || strstr (message, "single line") != NULL);

      g_clear_pointer (&health, json_node_unref);
      health = request (&server, "GET", "/v1/health", NULL, NULL, 0, &status);
      g_assert_cmpuint (status, ==, 200);
    }
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (
                      json_node_get_object (node), "error"), "message"), "name"));

  /* Nothing was stored, cut short or otherwise. */
  pull_all (&server, token, NULL, 100, &pulled);
  g_assert_cmpuint (g_hash_table_size (pulled.changes), ==, 0);

  /* An escaped backslash before "u0000" is text, not a NUL; a multi-line field takes tabs
   * and line breaks. */
  g_clear_pointer (&node, json_node_unref);
  node = push_raw_name (&server, token, "ok-1", id, "\"C:\\\\u0000 Ltd\"", &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (result_status (node, 0, NULL), ==, "ok");
  pull_all (&server, token, NULL, 100, &after);
  g_assert_cmpstr (pulled_field (&after, "customer", id, "name"), ==, "C:\\u0000 Ltd");

  server_clear (&server);
}

/* The company a service report names and the users' full names: set by the administrator
 * (checked, nothing stored when a value is wrong), delivered to every signed-in device. */
static void
test_company_and_full_names (void)
{
  Server server;
  g_autofree char *output = NULL;
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *company;
  JsonArray *users;
  guint status;
  gboolean found = FALSE;

  server_init (&server);
  g_assert_cmpint (admin (&server, "pw\n", NULL, "user", "add", "ayse", "--role", "tech",
                          "--full-name", "Ayşe Yılmaz", "--password-stdin", NULL), ==, 0);
  add_user (&server, "kemal", "office", "pw-kemal");
  g_assert_cmpint (admin (&server, NULL, NULL, "user", "set", "kemal", "--full-name",
                          "Kemal Öztürk", NULL), ==, 0);
  /* A line break is not a name. */
  g_assert_cmpint (admin (&server, NULL, NULL, "user", "set", "kemal", "--full-name",
                          "Kemal\nÖztürk", NULL), ==, 2);
  g_assert_cmpint (admin (&server, NULL, NULL, "company", "set", "name=Demo Teknik A.Ş.",
                          "labour_rate=850,5", "labour_vat=20", "tax_id=7350012345", NULL), ==, 0);
  /* A wrong value refuses the whole command: the name is not changed either. */
  g_assert_cmpint (admin (&server, NULL, NULL, "company", "set", "name=Other",
                          "labour_vat=18", NULL), ==, 2);
  g_assert_cmpint (admin (&server, NULL, NULL, "company", "set", "colour=blue", NULL), ==, 2);
  g_assert_cmpint (admin (&server, NULL, NULL, "company", "set", "labour_rate=a lot", NULL), ==, 2);
  g_assert_cmpint (admin (&server, NULL, &output, "company", "show", NULL), ==, 0);
  g_assert_nonnull (strstr (output, "name\tDemo Teknik A.Ş.\n"));
  g_assert_nonnull (strstr (output, "labour_rate\t850.50\n"));
  g_assert_cmpint (admin (&server, NULL, NULL, "company", "set", "tax_id=", NULL), ==, 0);

  server_start (&server, NULL);
  /* Not for strangers. */
  node = request (&server, "GET", "/v1/company", NULL, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 401);
  g_clear_pointer (&node, json_node_unref);

  token = login (&server, "ayse", "pw", "r-ayse1");
  node = request (&server, "GET", "/v1/company", token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  company = json_object_get_object_member (json_node_get_object (node), "company");
  g_assert_cmpstr (json_object_get_string_member (company, "name"), ==, "Demo Teknik A.Ş.");
  g_assert_cmpstr (json_object_get_string_member (company, "labour_rate"), ==, "850.50");
  g_assert_cmpstr (json_object_get_string_member (company, "labour_vat"), ==, "20");
  g_assert_false (json_object_has_member (company, "tax_id"));
  g_clear_pointer (&node, json_node_unref);

  node = request (&server, "GET", "/v1/users", token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  users = json_object_get_array_member (json_node_get_object (node), "users");
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);

      if (g_strcmp0 (json_object_get_string_member (user, "name"), "kemal") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (user, "full_name"), ==, "Kemal Öztürk");
          found = TRUE;
        }
    }
  g_assert_true (found);
  server_clear (&server);
}

/* Runs saha-server with exactly @args (no storage option added); returns its exit status
 * and *err its standard error. */
static int
run_bare (char              **err,
          const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  add_command (argv);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

/* --data or --database, exactly one; a connection string with a password in it is
 * refused before anything is opened (a command line is visible to every user). */
static void
test_storage_options (void)
{
  const char *neither[] = { "user", "list", NULL };
  const char *both[] = { "--data", "/nonexistent/saha", "--database", "dbname=saha", "user",
                         "list", NULL };
  const char *password[] = { "--database", "host=/nonexistent dbname=saha password=s3cret",
                             "user", "list", NULL };
  const char *url_password[] = { "--database", "postgresql://saha:s3cret@db.invalid/saha",
                                 "user", "list", NULL };
  const char *garbage[] = { "--database", "host='unterminated", "user", "list", NULL };
  const char *unreachable[] = { "--database", "host=/nonexistent/socket-dir dbname=saha",
                                "user", "list", NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (run_bare (&err, neither), ==, 2);
  g_assert_nonnull (strstr (err, "--data DIR"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_bare (&err, both), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_bare (&err, password), ==, 2);
  g_assert_nonnull (strstr (err, "PGPASSWORD"));
  g_assert_null (strstr (err, "s3cret"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_bare (&err, url_password), ==, 2);
  g_assert_nonnull (strstr (err, "PGPASSWORD"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_bare (&err, garbage), ==, 2);
  g_assert_nonnull (strstr (err, "not a PostgreSQL connection string"));
  g_clear_pointer (&err, g_free);
  /* A database that cannot be reached: a clear error, exit 1. */
  g_assert_cmpint (run_bare (&err, unreachable), ==, 1);
  g_assert_nonnull (strstr (err, "Cannot connect to the database"));
}

/* PostgreSQL: the database stops under a running server: requests are answered 503
 * unavailable (the client retries), none is taken for a wrong password or a missing
 * token; when it is back, the same server answers again on new connections. */
static void
test_database_lost (void)
{
  Server server;
  g_autofree char *rep_token = NULL;
  g_autofree char *office_token = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status;

  start_rep_and_office (&server, &rep_token, &office_token);
  node = request (&server, "GET", "/v1/pull?cursor=", rep_token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);

  saha_test_backend_set_running (FALSE);
  for (guint i = 0; i < 3; i++)
    {
      g_clear_pointer (&node, json_node_unref);
      node = request (&server, "GET", "/v1/pull?cursor=", rep_token, NULL, 0, &status);
      assert_error (node, status, 503, "unavailable");
    }
  body = login_body ("ayse", "pw", "r-ayse2", 0);
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "POST", "/v1/login", NULL, body, 0, &status);
  assert_error (node, status, 503, "unavailable");
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "POST", "/v1/push", office_token,
                  "{\"replica_id\":\"r-kemal\",\"replica_counter\":0,\"batch_id\":\"b1\",\"records\":[]}",
                  0, &status);
  assert_error (node, status, 503, "unavailable");

  saha_test_backend_set_running (TRUE);
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "GET", "/v1/pull?cursor=", rep_token, NULL, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&node, json_node_unref);
  node = request (&server, "POST", "/v1/login", NULL, body, 0, &status);
  g_assert_cmpuint (status, ==, 200);
  server_clear (&server);
}

int
main (int   argc,
      char *argv[])
{
  /* Loopback needs no proxy; the GNOME proxy module would need GSettings schemas, which
   * the isolated test directories do not hold. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/health", test_health);
  g_test_add_func ("/server/login", test_login);
  g_test_add_func ("/server/tokens", test_tokens);
  g_test_add_func ("/server/push-pull", test_push_pull);
  g_test_add_func ("/server/compact-forms", test_compact_forms);
  g_test_add_func ("/server/own-pushes", test_own_pushes);
  g_test_add_func ("/server/invalid-bodies", test_invalid_bodies);
  g_test_add_func ("/server/scope", test_scope);
  g_test_add_func ("/server/scope-crm", test_scope_crm);
  g_test_add_func ("/server/orphans", test_orphans);
  g_test_add_func ("/server/purge", test_purge);
  g_test_add_func ("/server/demo", test_demo);
  g_test_add_func ("/server/control-characters", test_control_characters);
  g_test_add_func ("/server/company-and-full-names", test_company_and_full_names);
  g_test_add_func ("/server/storage-options", test_storage_options);
  /* Only with saha-server on PostgreSQL (the server-postgresql run). */
  if (saha_test_backend_is_postgresql ())
    g_test_add_func ("/server/database-lost", test_database_lost);

  return g_test_run ();
}
