/* test-server-migrations.c: saha-server's numbered schema migrations on real data
 * directories: a database made before the numbering (and one older still) is upgraded
 * and keeps serving its data, a new one starts at the newest version, and one from a
 * newer server is refused unchanged.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/prctl.h>

typedef struct
{
  char *dir;
  char *data;
  char *db;
} Data;

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
data_init (Data *data)
{
  g_autoptr(GError) error = NULL;

  data->dir = g_dir_make_tmp ("saha-migrations-XXXXXX", &error);
  g_assert_no_error (error);
  data->data = g_build_filename (data->dir, "data", NULL);
  data->db = g_build_filename (data->data, "server.db", NULL);
}

static void
data_clear (Data *data)
{
  g_autofree char *wal = g_strconcat (data->db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (data->db, "-shm", NULL);

  g_unlink (data->db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (data->data);
  g_rmdir (data->dir);
  g_free (data->dir);
  g_free (data->data);
  g_free (data->db);
}

/* Runs sqlite3 statements @sql on the data directory's database. */
static void
sql_exec (Data       *data,
          const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (data->db, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (db);
}

/* The first column of the first row of @sql, as text (NULL: no row). */
static char *
sql_text (Data       *data,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (data->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* The old database of tests/server/data, as the server left it. */
static void
load_legacy (Data *data)
{
  g_autofree char *path = g_build_filename (SAHA_TEST_DATA, "server-before-migrations.sql", NULL);
  g_autofree char *dump = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &dump, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (data->data, 0700), ==, 0);
  sql_exec (data, dump);
  sql_exec (data, "PRAGMA journal_mode = WAL");
}

/* The number of migration files in the source tree: the newest schema version. */
static char *
latest_version (void)
{
  g_autoptr(GDir) dir = g_dir_open (SAHA_SERVER_MIGRATIONS, 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".sql"))
      count++;
  g_assert_cmpuint (count, >=, 4);
  return g_strdup_printf ("%u", count);
}

static GSubprocess *
spawn (Data        *data,
       GError     **error,
       ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "SAHA_SERVER_PWHASH", "min", TRUE);
  g_ptr_array_add (argv, (gpointer) SAHA_SERVER_PATH);
  g_ptr_array_add (argv, (gpointer) "--data");
  g_ptr_array_add (argv, data->data);
  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  return g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
}

/* `saha-server --data DIR user list`: its exit status, standard output and error. */
static int
user_list (Data  *data,
           char **out,
           char **err)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = spawn (data, &error, "user", "list", NULL);

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static JsonObject *
request (SoupSession *session,
         const char  *base,
         const char  *method,
         const char  *path,
         const char  *token,
         const char  *body)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (token != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Serves the data directory, signs in as @user (password "demo") and pulls everything:
 * returns the set of "entity/id" pulled. */
static GHashTable *
serve_and_pull (Data       *data,
                const char *user)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = spawn (data, &error, "--listen", "127.0.0.1:0", NULL);
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(JsonObject) login = NULL;
  g_autofree char *line = NULL;
  g_autofree char *body = NULL;
  g_autofree char *cursor = g_strdup ("");
  GHashTable *pulled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *base;
  gboolean more = TRUE;

  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on "));
  base = line + strlen ("listening on ");

  body = g_strdup_printf ("{\"user\":\"%s\",\"password\":\"demo\",\"replica_id\":\"r-%s\","
                          "\"replica_counter\":0}", user, user);
  login = request (session, base, "POST", "/v1/login", NULL, body);
  while (more)
    {
      g_autofree char *escaped = g_uri_escape_string (cursor, NULL, TRUE);
      g_autofree char *path = g_strdup_printf ("/v1/pull?cursor=%s&limit=20", escaped);
      g_autoptr(JsonObject) page = request (session, base, "GET", path,
                                            json_object_get_string_member (login, "token"), NULL);
      JsonArray *changes = json_object_get_array_member (page, "changes");

      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *record = json_array_get_object_element (changes, i);

          g_hash_table_add (pulled, g_strdup_printf ("%s/%s",
                                                     json_object_get_string_member (record, "entity"),
                                                     json_object_get_string_member (record, "id")));
        }
      g_free (cursor);
      cursor = g_strdup (json_object_get_string_member (page, "cursor"));
      more = json_object_get_boolean_member (page, "more");
    }

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server));
  g_assert_cmpint (g_subprocess_get_exit_status (server), ==, 0);
  return pulled;
}

/* What the old database held is still there after the upgrade: every user, and every
 * record for the office. */
static void
assert_upgraded (Data *data)
{
  g_autofree char *latest = latest_version ();
  g_autofree char *version = NULL;
  g_autofree char *records = NULL;
  g_autofree char *out = NULL;
  g_autofree char *pushed_by = NULL;
  g_autoptr(GHashTable) pulled = NULL;

  records = sql_text (data, "SELECT count(*) FROM records");
  g_assert_cmpstr (records, ==, "75");
  g_assert_cmpint (user_list (data, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "legacy-rep\trep\tLREP"));
  g_assert_nonnull (strstr (out, "demo-office\toffice"));
  version = sql_text (data, "SELECT value FROM meta WHERE key = 'schema_version'");
  g_assert_cmpstr (version, ==, latest);
  pushed_by = sql_text (data, "SELECT count(*) FROM pragma_table_info ('records') WHERE name = 'pushed_by'");
  g_assert_cmpstr (pushed_by, ==, "1");

  pulled = serve_and_pull (data, "demo-office");
  g_assert_cmpuint (g_hash_table_size (pulled), ==, 75);
  g_clear_pointer (&records, g_free);
  records = sql_text (data, "SELECT count(*) FROM records");
  g_assert_cmpstr (records, ==, "75");
}

static void
test_before_numbering (void)
{
  Data data;

  data_init (&data);
  load_legacy (&data);
  g_assert_null (sql_text (&data, "SELECT value FROM meta WHERE key = 'schema_version'"));
  assert_upgraded (&data);
  /* Opening again changes nothing. */
  assert_upgraded (&data);
  data_clear (&data);
}

/* A database older still: records without pushed_by, no audit trail, no history. */
static void
test_before_pushed_by (void)
{
  Data data;
  g_autofree char *history = NULL;

  data_init (&data);
  load_legacy (&data);
  sql_exec (&data, "ALTER TABLE records DROP COLUMN pushed_by; DROP TABLE audit;"
            " DROP TABLE wiped; DROP TABLE wiped_tokens; DROP TABLE history");
  assert_upgraded (&data);
  history = sql_text (&data, "SELECT count(*) FROM history");
  g_assert_cmpstr (history, !=, "0");
  data_clear (&data);
}

static void
test_new_database (void)
{
  Data data;
  g_autofree char *latest = latest_version ();
  g_autofree char *version = NULL;
  g_autofree char *out = NULL;

  data_init (&data);
  g_assert_cmpint (user_list (&data, &out, NULL), ==, 0);
  version = sql_text (&data, "SELECT value FROM meta WHERE key = 'schema_version'");
  g_assert_cmpstr (version, ==, latest);
  g_assert_nonnull (sql_text (&data, "SELECT value FROM meta WHERE key = 'epoch'"));
  data_clear (&data);
}

/* A database a newer saha-server migrated is refused with a clear message, unchanged. */
static void
test_newer_database (void)
{
  Data data;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *version = NULL;
  g_autofree char *tables = NULL;
  g_autofree char *tables_after = NULL;

  data_init (&data);
  load_legacy (&data);
  sql_exec (&data, "INSERT INTO meta (key, value) VALUES ('schema_version', '9999');"
            " DROP TABLE wiped");
  tables = sql_text (&data, "SELECT group_concat (name) FROM sqlite_master");
  g_assert_cmpint (user_list (&data, &out, &err), !=, 0);
  g_assert_nonnull (strstr (err, "schema version 9999, newer than this saha-server knows"));
  version = sql_text (&data, "SELECT value FROM meta WHERE key = 'schema_version'");
  g_assert_cmpstr (version, ==, "9999");
  tables_after = sql_text (&data, "SELECT group_concat (name) FROM sqlite_master");
  g_assert_cmpstr (tables_after, ==, tables);
  data_clear (&data);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server-migrations/before-numbering", test_before_numbering);
  g_test_add_func ("/server-migrations/before-pushed-by", test_before_pushed_by);
  g_test_add_func ("/server-migrations/new-database", test_new_database);
  g_test_add_func ("/server-migrations/newer-database", test_newer_database);

  return g_test_run ();
}
