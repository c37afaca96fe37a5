/* test-postgresql-fixture.c: tests/test-postgresql.h starts a private PostgreSQL 15 that
 * answers on its Unix socket only, and leaves nothing behind when stopped; the
 * PostgreSQL schema migrations apply on it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "test-postgresql.h"

/* psql's answer to @sql on the cluster (psql runs as the test's user: the socket takes
 * "trust" from anyone on this machine who can reach it). */
static char *
psql (SahaTestPostgresql *pg,
      const char         *sql)
{
  g_autofree char *program = saha_test_postgresql_program ("psql");
  const char *argv[] = { program, "-X", "-A", "-t", "-d", pg->conninfo, "-c", sql, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  char *out = NULL;

  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  return g_strstrip (out);
}

static void
test_start_stop (void)
{
  SahaTestPostgresql pg;
  g_autoptr(GError) error = NULL;
  g_autofree char *version = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *dir = NULL;

  g_assert_true (saha_test_postgresql_start (&pg, &error));
  g_assert_no_error (error);
  version = psql (&pg, "SHOW server_version_num");
  g_assert_true (g_str_has_prefix (version, "15"));
  /* No TCP port. */
  listen = psql (&pg, "SHOW listen_addresses");
  g_assert_cmpstr (listen, ==, "");
  g_free (psql (&pg, "CREATE TABLE t (x int); INSERT INTO t VALUES (1)"));
  dir = g_strdup (pg.dir);
  saha_test_postgresql_stop (&pg);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* psql -f @path in one transaction; whether it succeeded (stderr is left to the log). */
static gboolean
psql_file (SahaTestPostgresql *pg,
           const char         *path)
{
  g_autofree char *program = saha_test_postgresql_program ("psql");
  const char *argv[] = { program, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-d", pg->conninfo,
                         "-f", path, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);

  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  return g_subprocess_get_successful (process);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The PostgreSQL migrations of sync-server/migrations/postgresql/ apply in order on a real
 * PostgreSQL 15, and the audit trail they make refuses deletes. */
static void
test_migrations (void)
{
  SahaTestPostgresql pg;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (SAHA_SERVER_MIGRATIONS_PG, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tables = NULL;
  g_autofree char *history = NULL;
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".sql"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_assert_cmpuint (names->len, >=, 1);

  g_assert_true (saha_test_postgresql_start (&pg, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (SAHA_SERVER_MIGRATIONS_PG, names->pdata[i], NULL);

      g_assert_cmpuint (strtoul (names->pdata[i], NULL, 10), ==, i + 1);
      g_assert_true (psql_file (&pg, path));
    }
  tables = psql (&pg, "SELECT count (*) FROM information_schema.tables WHERE table_schema = 'public'");
  g_assert_cmpstr (tables, ==, "15");
  history = psql (&pg, "SELECT length (run) FROM history WHERE after_seq = 0");
  g_assert_cmpstr (history, ==, "16");
  g_free (psql (&pg, "INSERT INTO audit (at, entity, id, field) VALUES (1, 'customer', 'c1', 'name')"));
  {
    g_autofree char *path = g_build_filename (pg.dir, "delete.sql", NULL);

    g_assert_true (g_file_set_contents (path, "DELETE FROM audit;", -1, NULL));
    g_assert_false (psql_file (&pg, path));
  }
  g_clear_pointer (&tables, g_free);
  tables = psql (&pg, "SELECT count (*) FROM audit");
  g_assert_cmpstr (tables, ==, "1");
  saha_test_postgresql_stop (&pg);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/postgresql-fixture", test_start_stop);
  g_test_add_func ("/server/postgresql-migrations", test_migrations);
  return g_test_run ();
}
