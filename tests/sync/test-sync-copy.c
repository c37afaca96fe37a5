/* test-sync-copy.c: `saha-server copy` moves a SQLite server to PostgreSQL; its devices
 * keep syncing from their cursors, signed in as they were.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-sync-private.h"
#include "sync-fixture.h"
#include "test-backend.h"

/* Runs saha-server ARGS...; returns its exit status, *out its standard output. */
static int
server_run (char **out,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_strdup (g_getenv ("SAHA_SERVER")));
  va_start (args, out);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, &err, &error);
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("saha-server: %s", err);
  return g_subprocess_get_exit_status (process);
}

static void
test_copy_to_postgresql (void)
{
  TestServer *server = test_server_start_with_users ("rep-a", "rep", "office", "office", NULL);
  TestReplica *rep = test_replica_new (server, "rep-a");
  TestReplica *office = test_replica_new (server, "office");
  g_autofree char *database = saha_test_backend_create_database (NULL);
  g_autofree char *conninfo = saha_test_backend_conninfo (database);
  g_autofree char *from = g_strdup_printf ("--from-data=%s", server->data_dir);
  g_autofree char *to = g_strdup_printf ("--to-database=%s", conninfo);
  g_autofree char *database_option = g_strdup_printf ("--database=%s", conninfo);
  g_autofree char *cursor_before = NULL;
  g_autofree char *out = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *later = NULL;
  g_autofree char *offline = NULL;
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  /* A server with history: customers, edits, a deletion, devices with cursors. */
  test_replica_create_many (office, 30, "Firma", "rep-a", ids);
  test_replica_sync_ok (office);
  test_replica_sync_ok (rep);
  customer = g_strdup (ids->pdata[0]);
  test_replica_set (rep, "customer", customer, "notes=before the move", NULL);
  g_assert_true (saha_store_delete (office->store, "customer", ids->pdata[1], NULL));
  test_replica_sync_ok (rep);
  test_replica_sync_ok (office);
  test_replica_sync_ok (rep);
  cursor_before = saha_store_get_setting (rep->store, "cursor");
  g_assert_nonnull (cursor_before);

  /* Edits made while the server moves. */
  offline = test_replica_create (rep, "customer", "name=Yeni Firma", "kind=company",
                                 "assigned_to=rep-a", NULL);

  test_server_stop (server, FALSE);
  /* Refused: a password on the command line. */
  {
    g_autofree char *with_password = g_strdup_printf ("--to-database=%s password=x", conninfo);

    g_assert_cmpint (server_run (NULL, "copy", from, with_password, NULL), ==, 2);
  }
  g_assert_cmpint (server_run (&out, "copy", from, to, NULL), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "records: 30\n"));
  g_assert_nonnull (strstr (out, "users: 2\n"));
  g_assert_nonnull (strstr (out, "the counts match"));
  /* Only into an empty database: a second copy changes nothing. */
  g_assert_cmpint (server_run (NULL, "copy", from, to, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (server_run (&out, database_option, "user", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "rep-a\trep\t"));

  /* The same URL, now PostgreSQL behind it: the devices sync on, signed in as they
   * were, from their cursors (no re-sync: the epoch and the history are the copied). */
  server->database = g_strdup (database);
  test_server_restart (server);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (rep);
    g_autofree char *cursor_after = saha_store_get_setting (rep->store, "cursor");

    g_assert_null (saha_store_get_setting (rep->store, "resync"));
    g_assert_cmpstr (cursor_after, !=, cursor_before);
    g_auto(GStrv) before = g_strsplit (cursor_before, ":", -1);
    g_auto(GStrv) after = g_strsplit (cursor_after, ":", -1);

    /* The same epoch: the copied one. */
    g_assert_cmpstr (after[0], ==, before[0]);
    g_assert_cmpint (g_ascii_strtoll (after[1], NULL, 10), >, g_ascii_strtoll (before[1], NULL, 10));
  }
  test_replica_sync_ok (office);
  record = test_replica_get (office, "customer", offline);
  g_assert_nonnull (record);
  g_clear_pointer (&record, saha_record_unref);
  record = test_replica_get (office, "customer", customer);
  g_assert_cmpstr (saha_record_get (record, "notes"), ==, "before the move");
  g_clear_pointer (&record, saha_record_unref);

  /* And new changes flow both ways. */
  test_replica_set (office, "customer", customer, "notes=after the move", NULL);
  later = test_replica_create (office, "customer", "name=Sonraki", "kind=company",
                               "assigned_to=rep-a", NULL);
  test_replica_sync_ok (office);
  test_replica_sync_ok (rep);
  record = test_replica_get (rep, "customer", customer);
  g_assert_cmpstr (saha_record_get (record, "notes"), ==, "after the move");
  test_replica_assert_converged (rep);
  test_replica_assert_converged (office);

  test_replica_free (rep);
  test_replica_free (office);
  test_server_free (server);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sync/copy/sqlite-to-postgresql", test_copy_to_postgresql);

  return g_test_run ();
}
