/* sync-fixture.c: a real saha-server on loopback and real client replicas, for sync tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "saha-sync-private.h"
#include "sync-fixture.h"
#include "test-backend.h"

static const char *
server_binary (void)
{
  const char *path = g_getenv ("SAHA_SERVER");

  g_assert_nonnull (path);
  return path;
}

void
test_replica_create_many (TestReplica *replica,
                          guint        n,
                          const char  *prefix,
                          const char  *assigned_to,
                          GPtrArray   *ids)
{
  g_autoptr(GError) error = NULL;

  saha_store_begin (replica->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %05u", prefix, i);
      SahaFieldInput inputs[] = {
        { "name", name }, { "kind", "company" }, { "assigned_to", assigned_to },
        { "city", "Bursa" },
      };
      char *id = saha_store_create (replica->store, "customer", inputs, G_N_ELEMENTS (inputs),
                                    &error);

      g_assert_no_error (error);
      if (ids != NULL)
        g_ptr_array_add (ids, id);
      else
        g_free (id);
    }
  saha_store_commit (replica->store, &error);
  g_assert_no_error (error);
}

double
test_scale (void)
{
  const char *scale = g_getenv ("SAHA_TEST_SCALE");
  double factor = scale != NULL ? g_ascii_strtod (scale, NULL) : 1.0;

  return factor > 0.0 ? factor : 1.0;
}

void
test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          test_remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* A test that aborts must not leave its server behind (it would also keep the test
 * harness's pipes open). */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* --data DIR, or --database CONNINFO on the PostgreSQL runs (tests/test-backend.h). */
static void
add_storage_args (GPtrArray  *argv,
                  TestServer *server)
{
  if (server->database != NULL)
    {
      g_ptr_array_add (argv, g_strdup ("--database"));
      g_ptr_array_add (argv, saha_test_backend_conninfo (server->database));
    }
  else
    {
      g_ptr_array_add (argv, g_strdup ("--data"));
      g_ptr_array_add (argv, g_strdup (server->data_dir));
    }
}

char *
test_server_storage_option (TestServer *server)
{
  if (server->database != NULL)
    {
      g_autofree char *conninfo = saha_test_backend_conninfo (server->database);

      return g_strdup_printf ("--database=%s", conninfo);
    }
  return g_strdup_printf ("--data=%s", server->data_dir);
}

static void
server_launch (TestServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", server->port);
  g_autoptr(GDataInputStream) lines = NULL;

  for (guint attempt = 0; ; attempt++)
    {
      g_autofree char *line = NULL;

      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (argv, g_strdup (server_binary ()));
      add_storage_args (argv, server);
      g_ptr_array_add (argv, g_strdup ("--listen"));
      g_ptr_array_add (argv, g_strdup (listen));
      g_ptr_array_add (argv, NULL);
      g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
      server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                      &error);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
      while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
        {
          if (g_str_has_prefix (line, "listening on "))
            break;
          g_clear_pointer (&line, g_free);
        }
      if (line != NULL)
        {
          const char *colon = strrchr (line, ':');

          g_clear_pointer (&server->url, g_free);
          server->url = g_strdup (line + strlen ("listening on "));
          g_assert_nonnull (colon);
          server->port = (guint16) g_ascii_strtoull (colon + 1, NULL, 10);
          g_assert_cmpuint (server->port, >, 0);
          return;
        }
      /* A restart on the same port can race the old socket's release. */
      g_subprocess_wait (server->process, NULL, NULL);
      g_clear_object (&server->process);
      g_clear_object (&lines);
      g_assert_cmpuint (attempt, <, 20);
      g_usleep (100000);
    }
}

TestServer *
test_server_start (const char *data_dir,
                   guint16     port)
{
  TestServer *server = g_new0 (TestServer, 1);
  g_autoptr(GError) error = NULL;

  if (data_dir != NULL)
    server->data_dir = g_strdup (data_dir);
  else
    {
      server->data_dir = g_dir_make_tmp ("saha-server-XXXXXX", &error);
      g_assert_no_error (error);
    }
  if (saha_test_backend_is_postgresql ())
    server->database = saha_test_backend_create_database (NULL);
  server->port = port;
  server_launch (server);
  return server;
}

TestServer *
test_server_start_beside (TestServer *first)
{
  TestServer *server = g_new0 (TestServer, 1);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (first->database);
  server->data_dir = g_dir_make_tmp ("saha-server-XXXXXX", &error);
  g_assert_no_error (error);
  server->database = g_strdup (first->database);
  server->shares_database = TRUE;
  server_launch (server);
  return server;
}

char *
test_server_backup (TestServer *server)
{
  if (server->database != NULL)
    return saha_test_backend_create_database (server->database);
  {
    g_autofree char *copy = g_strconcat (server->data_dir, ".backup", NULL);
    const char *argv[] = { "cp", "-a", server->data_dir, copy, NULL };
    g_autoptr(GError) error = NULL;
    int status = 0;

    test_remove_tree (copy);
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                  &status, &error);
    g_assert_no_error (error);
    g_spawn_check_wait_status (status, &error);
    g_assert_no_error (error);
    return g_steal_pointer (&copy);
  }
}

void
test_server_restore_backup (TestServer *server,
                            const char *backup)
{
  if (server->database != NULL)
    {
      saha_test_backend_drop_database (server->database);
      g_free (server->database);
      server->database = saha_test_backend_create_database (backup);
      return;
    }
  {
    const char *argv[] = { "cp", "-a", backup, server->data_dir, NULL };
    g_autoptr(GError) error = NULL;
    int status = 0;

    test_remove_tree (server->data_dir);
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                  &status, &error);
    g_assert_no_error (error);
    g_spawn_check_wait_status (status, &error);
    g_assert_no_error (error);
  }
}

void
test_server_backup_free (TestServer *server,
                         char       *backup)
{
  if (server->database != NULL)
    saha_test_backend_drop_database (backup);
  else
    test_remove_tree (backup);
  g_free (backup);
}

void
test_server_use_new_storage (TestServer *server)
{
  g_autoptr(GError) error = NULL;

  test_remove_tree (server->data_dir);
  g_free (server->data_dir);
  server->data_dir = g_dir_make_tmp ("saha-server-XXXXXX", &error);
  g_assert_no_error (error);
  if (server->database != NULL)
    {
      saha_test_backend_drop_database (server->database);
      g_free (server->database);
      server->database = saha_test_backend_create_database (NULL);
    }
}

void
test_server_admin (TestServer *server,
                   const char *stdin_text,
                   ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_strdup (server_binary ()));
  add_storage_args (argv, server);
  va_start (args, stdin_text);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("saha-server admin command failed: %s", err);
}

int
test_server_run (TestServer  *server,
                 char       **out,
                 ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (char *) server_binary ());
  g_ptr_array_add (argv, (char *) "--data");
  g_ptr_array_add (argv, server->data_dir);
  va_start (args, out);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, &err_text, &error);
  g_assert_no_error (error);
  if (err_text != NULL && *err_text != '\0')
    g_test_message ("saha-server: %s", err_text);
  return g_subprocess_get_exit_status (process);
}

void
test_server_set_clock (TestServer *server,
                       gint64      seconds)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, seconds);

  g_setenv ("SAHA_SERVER_CLOCK_OFFSET", text, TRUE);
  test_server_restart (server);
}

void
test_files_containing (const char *dir,
                       const char *needle,
                       GPtrArray  *found)
{
  const char *argv[] = { "grep", "-r", "-a", "-l", "-i", "-F", "-e", needle, dir, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  /* grep exits 0 when it found, 1 when it did not, 2 on trouble. */
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) <= 1);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (found, g_strdup_printf ("%s in %s", needle, lines[i]));
}

void
test_server_add_user (TestServer *server,
                      const char *name,
                      const char *role)
{
  g_autofree char *password = g_strdup_printf ("%s-pw\n", name);

  test_server_admin (server, password, "user", "add", name, "--role", role,
                     "--password-stdin", NULL);
}

TestServer *
test_server_start_with_users (const char *name,
                              const char *role,
                              ...)
{
  TestServer *server = test_server_start (NULL, 0);
  va_list args;

  va_start (args, role);
  while (name != NULL)
    {
      test_server_add_user (server, name, role);
      name = va_arg (args, const char *);
      role = name != NULL ? va_arg (args, const char *) : NULL;
    }
  va_end (args);
  return server;
}

void
test_server_fixture_teardown (TestServerFixture *fixture,
                              gconstpointer      data)
{
  test_server_free (fixture->server);
}

void
test_server_stop (TestServer *server,
                  gboolean    hard)
{
  if (server->process == NULL)
    return;
  if (hard)
    g_subprocess_force_exit (server->process);
  else
    g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

void
test_server_restart (TestServer *server)
{
  test_server_stop (server, TRUE);
  server_launch (server);
}

void
test_server_free (TestServer *server)
{
  test_server_stop (server, FALSE);
  test_remove_tree (server->data_dir);
  if (server->database != NULL && !server->shares_database)
    saha_test_backend_drop_database (server->database);
  g_free (server->database);
  g_free (server->data_dir);
  g_free (server->url);
  g_free (server);
}

TestReplica *
test_replica_new (TestServer *server,
                  const char *user)
{
  TestReplica *replica = g_new0 (TestReplica, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_strdup_printf ("%s-pw", user);

  replica->dir = g_dir_make_tmp ("saha-replica-XXXXXX", &error);
  g_assert_no_error (error);
  replica->path = g_build_filename (replica->dir, "replica.db", NULL);
  replica->user = g_strdup (user);
  replica->server = server;
  replica->store = saha_store_open (replica->path, &error);
  g_assert_no_error (error);
  saha_sync_login (replica->path, server->url, user, password, NULL, &error);
  g_assert_no_error (error);
  return replica;
}

void
test_replica_free (TestReplica *replica)
{
  g_clear_object (&replica->store);
  test_remove_tree (replica->dir);
  g_free (replica->dir);
  g_free (replica->path);
  g_free (replica->user);
  g_free (replica);
}

void
test_replica_reopen (TestReplica *replica)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&replica->store);
  replica->store = saha_store_open (replica->path, &error);
  g_assert_no_error (error);
}

SahaSyncResult *
test_replica_sync (TestReplica  *replica,
                   GError      **error)
{
  g_autoptr(SahaSyncEngine) engine = saha_sync_engine_new (replica->path);

  g_object_set (engine, "retry-delay-ms", 50, NULL);
  return saha_sync_engine_sync (engine, NULL, error);
}

SahaSyncResult *
test_replica_sync_ok (TestReplica *replica)
{
  g_autoptr(GError) error = NULL;
  SahaSyncResult *result = test_replica_sync (replica, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static GArray *
collect_inputs (va_list args)
{
  GArray *inputs = g_array_new (FALSE, TRUE, sizeof (SahaFieldInput));
  const char *arg;

  while ((arg = va_arg (args, const char *)) != NULL)
    {
      const char *eq = strchr (arg, '=');
      SahaFieldInput input;

      g_assert_nonnull (eq);
      input.name = g_strndup (arg, eq - arg);
      input.value = eq + 1;
      g_array_append_val (inputs, input);
    }
  return inputs;
}

static void
free_inputs (GArray *inputs)
{
  for (guint i = 0; i < inputs->len; i++)
    g_free ((char *) g_array_index (inputs, SahaFieldInput, i).name);
  g_array_unref (inputs);
}

char *
test_replica_create (TestReplica *replica,
                     const char  *entity,
                     ...)
{
  g_autoptr(GError) error = NULL;
  GArray *inputs;
  char *id;
  va_list args;

  va_start (args, entity);
  inputs = collect_inputs (args);
  va_end (args);
  id = saha_store_create (replica->store, entity, (SahaFieldInput *) inputs->data,
                          inputs->len, &error);
  free_inputs (inputs);
  g_assert_no_error (error);
  return id;
}

void
test_replica_set (TestReplica *replica,
                  const char  *entity,
                  const char  *id,
                  ...)
{
  g_autoptr(GError) error = NULL;
  GArray *inputs;
  va_list args;

  va_start (args, id);
  inputs = collect_inputs (args);
  va_end (args);
  saha_store_update (replica->store, entity, id, (SahaFieldInput *) inputs->data,
                     inputs->len, &error);
  free_inputs (inputs);
  g_assert_no_error (error);
}

SahaRecord *
test_replica_get (TestReplica *replica,
                  const char  *entity,
                  const char  *id)
{
  g_autoptr(GError) error = NULL;
  SahaRecord *record = saha_store_get (replica->store, entity, id, &error);

  if (record == NULL)
    g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND);
  return record;
}

static char *
record_key (SahaRecord *record)
{
  return g_strdup_printf ("%s/%s", saha_record_get_entity (record)->name,
                          saha_record_get_id (record));
}

GHashTable *
test_replica_all (TestReplica *replica)
{
  GHashTable *all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) saha_record_unref);
  const SahaEntityDef * const *entities;
  guint n_entities = 0;
  SahaQuery query = { .include_deleted = TRUE };

  entities = saha_schema_entities (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = saha_store_list (replica->store, entities[i]->name,
                                                      &query, &error);

      g_assert_no_error (error);
      for (guint j = 0; j < records->len; j++)
        g_hash_table_insert (all, record_key (records->pdata[j]),
                             saha_record_ref (records->pdata[j]));
    }
  return all;
}

GHashTable *
test_server_view (TestServer *server,
                  const char *user)
{
  GHashTable *all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) saha_record_unref);
  g_autoptr(SahaSyncClient) anonymous = saha_sync_client_new (server->url, NULL, 3, 100);
  g_autoptr(SahaSyncClient) client = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *replica_id = saha_sync_new_replica_id ();
  g_autofree char *body_text = g_strdup_printf ("{\"user\":\"%s\",\"password\":\"%s-pw\","
                                                "\"replica_id\":\"%s\",\"replica_counter\":0}",
                                                user, user, replica_id);
  g_autoptr(GBytes) body = g_bytes_new (body_text, strlen (body_text));
  g_autofree char *cursor = g_strdup ("");

  answer = saha_sync_client_request (anonymous, "POST", "/v1/login", body, NULL, NULL, &error);
  g_assert_no_error (error);
  client = saha_sync_client_new (server->url,
                                 json_object_get_string_member (json_node_get_object (answer),
                                                                "token"), 3, 100);
  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/v1/pull?cursor=%s&limit=5000", cursor);
      g_autoptr(JsonNode) page = saha_sync_client_request (client, "GET", path, NULL, NULL,
                                                           NULL, &error);
      JsonArray *changes;

      g_assert_no_error (error);
      changes = json_object_get_array_member (json_node_get_object (page), "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          SahaRecord *record = saha_record_from_json (json_array_get_element (changes, i), &error);

          g_assert_no_error (error);
          g_hash_table_insert (all, record_key (record), record);
        }
      g_free (cursor);
      cursor = g_uri_escape_string (json_object_get_string_member (json_node_get_object (page),
                                                                   "cursor"), NULL, FALSE);
      if (!json_object_get_boolean_member (json_node_get_object (page), "more"))
        break;
    }
  return all;
}

int
test_run_cli (const char  *db,
              const char  *stdin_text,
              char       **out,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  const char *cli = g_getenv ("SAHA_CLI");
  const char *arg;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, out);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &stdout_text, NULL, &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  return g_subprocess_get_exit_status (process);
}

void
test_replica_assert_converged (TestReplica *replica)
{
  g_autoptr(GHashTable) mine = test_replica_all (replica);
  g_autoptr(GHashTable) view = test_server_view (replica->server, replica->user);
  g_autoptr(GError) error = NULL;
  SahaStoreStatus status = { 0 };
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, view);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SahaRecord *local = g_hash_table_lookup (mine, key);

      if (local == NULL)
        g_error ("%s: the replica lacks %s", replica->path, (char *) key);
      if (!saha_record_equal (local, value))
        {
          g_autoptr(JsonNode) a = saha_record_to_json (local, SAHA_CODEC_REGISTERS);
          g_autoptr(JsonNode) b = saha_record_to_json (value, SAHA_CODEC_REGISTERS);
          g_autofree char *a_text = saha_json_to_string (a, FALSE);
          g_autofree char *b_text = saha_json_to_string (b, FALSE);

          g_error ("%s: %s differs:\n  replica %s\n  server  %s", replica->path,
                   (char *) key, a_text, b_text);
        }
    }
  g_assert_cmpuint (g_hash_table_size (mine), ==, g_hash_table_size (view));

  saha_store_get_status (replica->store, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status.pending, ==, 0);
  saha_store_status_clear (&status);
}
