/* test-sync-import.c: saha-cli imports over synced replicas: conflicts kept, nothing pending
 * that did not change, and reads that go on while another process imports.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "sync-fixture.h"

typedef TestServerFixture Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = test_server_start_with_users ("rep-a", "rep", "office", "office", NULL);
}

static void
sync_ok (TestReplica *replica)
{
  g_autoptr(SahaSyncResult) result = test_replica_sync_ok (replica);
}

/* saha-cli --db @db ARGS... with its standard error too. */
static int
run_cli (const char  *db,
         char       **out,
         char       **err,
         ...) G_GNUC_NULL_TERMINATED;

static int
run_cli (const char  *db,
         char       **out,
         char       **err,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *arg;
  va_list args;

  g_assert_nonnull (g_getenv ("SAHA_CLI"));
  g_ptr_array_add (argv, (char *) g_getenv ("SAHA_CLI"));
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  g_test_message ("saha-cli %s: exit %d, %s", (char *) argv->pdata[3],
                  g_subprocess_get_exit_status (process), stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_exit_status (process);
}

static gint64
pending_of (TestReplica *replica)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run_cli (replica->path, &out, NULL, "status", "--json", NULL), ==, 0);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  return json_object_get_int_member (json_node_get_object (node), "pending");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The candidates of @field of the customer @id on @replica, sorted, joined by "|";
 * "" when the field is not in conflict. */
static char *
candidates_of (TestReplica *replica,
               const char  *id,
               const char  *field)
{
  g_autoptr(SahaRecord) record = test_replica_get (replica, "customer", id);
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  const SahaCandidate *candidates;
  guint n = 0;

  g_assert_nonnull (record);
  if (!saha_record_field_in_conflict (record, field))
    return g_strdup ("");
  candidates = saha_record_get_candidates (record, field, &n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (values, (gpointer) candidates[i].value);
  g_ptr_array_sort (values, compare_strings);
  g_ptr_array_add (values, NULL);
  return g_strjoinv ("|", (char **) values->pdata);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* The rep and the office change the same customer's phone at once; both sync: a real
 * conflict on the server and on both replicas. Then the rep exports the customer list to
 * CSV and imports it again: unchanged, then with only the city changed, then with the
 * conflicted phone changed. An import writes only the cells that differ from what the
 * replica shows, so the first changes nothing and leaves nothing pending, the second
 * writes the city alone, and the third is refused with the line of the row: only
 * "saha-cli resolve" chooses between candidates. */
static void
test_csv_keeps_conflict (Fixture       *fixture,
                         gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(GString) edited = NULL;
  const char *both = "+90 212 555 0101|+90 212 555 0199";

  id = test_replica_create (office, "customer", "name=Kuzey Gıda", "kind=company",
                            "assigned_to=rep-a", "city=Ankara", "phone=+90 212 555 0100", NULL);
  other = test_replica_create (office, "customer", "name=Akdeniz Ltd", "kind=company",
                               "assigned_to=rep-a", "city=Antalya", NULL);
  sync_ok (office);
  sync_ok (rep);

  test_replica_set (rep, "customer", id, "phone=+90 212 555 0101", NULL);
  test_replica_set (office, "customer", id, "phone=+90 212 555 0199", NULL);
  sync_ok (rep);
  sync_ok (office);
  sync_ok (rep);

  g_assert_cmpint (pending_of (rep), ==, 0);
  before = candidates_of (rep, id, "phone");
  g_assert_cmpstr (before, ==, both);

  g_assert_cmpint (run_cli (rep->path, &csv, NULL, "export-csv", "customer", NULL), ==, 0);
  path = write_file (rep->dir, "customers.csv", csv);

  /* unchanged: nothing written, nothing pending, the conflict still there */
  g_assert_cmpint (run_cli (rep->path, &out, NULL, "import", "customer", path, NULL), ==, 0);
  g_assert_cmpint (pending_of (rep), ==, 0);
  after = candidates_of (rep, id, "phone");
  g_assert_cmpstr (after, ==, both);
  g_clear_pointer (&after, g_free);

  /* only the city changed: the city is written, the phone's candidates stay */
  edited = g_string_new (csv);
  g_assert_cmpuint (g_string_replace (edited, ",Ankara,", ",Eskişehir,", 0), ==, 1);
  g_free (path);
  path = write_file (rep->dir, "city.csv", edited->str);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (rep->path, &out, NULL, "import", "customer", path, NULL), ==, 0);
  g_assert_cmpint (pending_of (rep), ==, 1);
  record = test_replica_get (rep, "customer", id);
  g_assert_cmpstr (saha_record_get (record, "city"), ==, "Eskişehir");
  g_clear_pointer (&record, saha_record_unref);
  after = candidates_of (rep, id, "phone");
  g_assert_cmpstr (after, ==, both);
  g_clear_pointer (&after, g_free);

  /* and that survives the sync: the server keeps the conflict too */
  sync_ok (rep);
  sync_ok (office);
  after = candidates_of (office, id, "phone");
  g_assert_cmpstr (after, ==, both);
  g_clear_pointer (&after, g_free);
  record = test_replica_get (office, "customer", id);
  g_assert_cmpstr (saha_record_get (record, "city"), ==, "Eskişehir");
  g_clear_pointer (&record, saha_record_unref);

  /* the conflicted phone changed in the file: refused with the row's line, nothing
   * written (the other row's change neither) */
  {
    g_autofree char *shown = NULL;
    g_autofree char *line = NULL;
    g_auto(GStrv) lines = NULL;
    guint row_line = 0;

    record = test_replica_get (rep, "customer", id);
    shown = g_strdup (saha_record_get (record, "phone"));
    g_clear_pointer (&record, saha_record_unref);
    g_string_assign (edited, csv);
    g_assert_cmpuint (g_string_replace (edited, shown, "+90 212 555 0777", 0), ==, 1);
    g_assert_cmpuint (g_string_replace (edited, ",Antalya,", ",Alanya,", 0), ==, 1);
    lines = g_strsplit (edited->str, "\r\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], id) != NULL)
        row_line = i + 1;
    g_assert_cmpuint (row_line, >, 1);
    line = g_strdup_printf ("line %u: ", row_line);

    g_free (path);
    path = write_file (rep->dir, "phone.csv", edited->str);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (run_cli (rep->path, &out, &err, "import", "customer", path, NULL), ==, 3);
    g_assert_nonnull (strstr (err, line));
    g_assert_nonnull (strstr (err, "phone"));
    g_assert_nonnull (strstr (err, "conflict"));
    g_assert_nonnull (strstr (err, "saha-cli resolve"));
    g_assert_cmpint (pending_of (rep), ==, 0);
    after = candidates_of (rep, id, "phone");
    g_assert_cmpstr (after, ==, both);
    g_clear_pointer (&after, g_free);
    record = test_replica_get (rep, "customer", other);
    g_assert_cmpstr (saha_record_get (record, "city"), ==, "Antalya");
    g_clear_pointer (&record, saha_record_unref);
  }

  test_replica_free (office);
  test_replica_free (rep);
}

/* The same over `import --json`: an export of a replica holding the same conflict (the
 * office's) merges into the rep's replica without choosing, and unchanged it leaves
 * nothing pending. */
static void
test_json_keeps_conflict (Fixture       *fixture,
                          gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  g_autofree char *id = NULL;
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *after = NULL;
  const char *both = "+90 212 555 0101|+90 212 555 0199";

  id = test_replica_create (office, "customer", "name=Kuzey Gıda", "kind=company",
                            "assigned_to=rep-a", "city=Ankara", NULL);
  sync_ok (office);
  sync_ok (rep);
  test_replica_set (rep, "customer", id, "phone=+90 212 555 0101", NULL);
  test_replica_set (office, "customer", id, "phone=+90 212 555 0199", NULL);
  sync_ok (rep);
  sync_ok (office);
  sync_ok (rep);
  g_assert_cmpint (pending_of (rep), ==, 0);

  /* its own export, and the office's */
  g_assert_cmpint (run_cli (rep->path, &json, NULL, "export", "--json", NULL), ==, 0);
  path = write_file (rep->dir, "rep.json", json);
  g_assert_cmpint (run_cli (rep->path, &out, NULL, "import", "--json", path, NULL), ==, 0);
  g_assert_true (g_str_has_suffix (g_strchomp (out), ", 0 changed"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&json, g_free);
  g_clear_pointer (&path, g_free);

  g_assert_cmpint (run_cli (office->path, &json, NULL, "export", "--json", NULL), ==, 0);
  path = write_file (rep->dir, "office.json", json);
  g_assert_cmpint (run_cli (rep->path, &out, NULL, "import", "--json", path, NULL), ==, 0);
  g_assert_cmpint (pending_of (rep), ==, 0);
  after = candidates_of (rep, id, "phone");
  g_assert_cmpstr (after, ==, both);

  test_replica_free (office);
  test_replica_free (rep);
}

/* Whether another connection holds the write lock of @db now (BEGIN IMMEDIATE cannot
 * start at once). */
static gboolean
write_lock_held (sqlite3 *db)
{
  int rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

  if (rc == SQLITE_OK)
    {
      g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
      return FALSE;
    }
  g_assert_cmpint (rc & 0xff, ==, SQLITE_BUSY);
  return TRUE;
}

/* While one saha-cli imports 300,000 rows in one transaction, others read the same
 * replica: opening a replica for reading writes nothing, so "get", "list --search" and
 * "status" answer at once (WAL readers) instead of failing after 5 s with "making the
 * replica id: database is locked". A writer started meanwhile waits for the import and
 * then writes. */
static void
test_reads_during_import (void)
{
  g_autofree char *dir = g_dir_make_tmp ("saha-import-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "replica.db", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "big.csv", NULL);
  g_autofree char *id = NULL;
  g_autofree char *out = NULL;
  g_autofree char *import_out = NULL;
  g_autofree char *import_err = NULL;
  g_autoptr(GString) csv = g_string_new ("name,kind,city\n");
  g_autoptr(GSubprocess) import = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  guint n = MAX (2000, (guint) (300000 * test_scale ()));
  g_autofree char *imported = g_strdup_printf ("Imported %u rows\n", n);
  sqlite3 *probe = NULL;
  guint reads = 0;

  g_assert_nonnull (dir);
  g_assert_cmpint (run_cli (db, &id, NULL, "create", "customer", "name=Okuma Ltd", "kind=company",
                            NULL), ==, 0);
  g_strchomp (id);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (csv, "Toplu Müşteri %06u,company,Ankara\n", i);
  g_file_set_contents (csv_path, csv->str, csv->len, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open_v2 (db, &probe, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  import = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                             &error, g_getenv ("SAHA_CLI"), "--db", db, "import", "customer",
                             csv_path, NULL);
  g_assert_no_error (error);

  /* Until the import holds the write lock (it parses the file first). */
  while (!write_lock_held (probe))
    {
      g_main_context_iteration (NULL, FALSE);
      g_assert_nonnull (g_subprocess_get_identifier (import));
      g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 120);
      g_usleep (10000);
    }
  g_test_message ("the import holds the write lock after %.1f s", g_timer_elapsed (timer, NULL));

  /* Reads, as long as the import writes (at least one round). */
  do
    {
      g_autofree char *got = NULL;
      g_autofree char *found = NULL;
      g_autofree char *err = NULL;

      g_timer_start (timer);
      g_assert_cmpint (run_cli (db, &got, &err, "get", "customer", id, NULL), ==, 0);
      g_assert_nonnull (strstr (got, "name: Okuma Ltd"));
      g_assert_cmpint (run_cli (db, &found, NULL, "list", "customer", "--search", "okuma", NULL),
                       ==, 0);
      g_assert_nonnull (strstr (found, id));
      g_clear_pointer (&found, g_free);
      g_assert_cmpint (run_cli (db, &found, NULL, "status", NULL), ==, 0);
      g_test_message ("three reads in %.2f s", g_timer_elapsed (timer, NULL));
      reads++;
    }
  while (write_lock_held (probe) && reads < 3);
  g_test_message ("%u rounds of reads while the import wrote", reads);

  /* A write meanwhile waits for the import, then is written. */
  if (write_lock_held (probe))
    {
      writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("SAHA_CLI"),
                                 "--db", db, "set", "customer", id, "city=Van", NULL);
      g_assert_no_error (error);
    }

  g_subprocess_communicate_utf8 (import, NULL, NULL, &import_out, &import_err, &error);
  g_assert_no_error (error);
  g_test_message ("import: %s%s", import_out, import_err);
  g_assert_cmpint (g_subprocess_get_exit_status (import), ==, 0);
  g_assert_cmpstr (import_out, ==, imported);

  if (writer != NULL)
    {
      g_subprocess_wait (writer, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (writer), ==, 0);
      g_assert_cmpint (run_cli (db, &out, NULL, "get", "customer", id, NULL), ==, 0);
      g_assert_nonnull (strstr (out, "\ncity: Van\n"));
    }

  sqlite3_close (probe);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/sync/import/" path, Fixture, NULL, fixture_setup, func, test_server_fixture_teardown)

  ADD ("csv-keeps-conflict", test_csv_keeps_conflict);
  ADD ("json-keeps-conflict", test_json_keeps_conflict);
  g_test_add_func ("/sync/import/reads-during-import", test_reads_during_import);

  return g_test_run ();
}
