/* test-postgresql-fixture.c: tests/test-postgresql.h starts a private PostgreSQL 15 that
 * answers on its Unix socket only, and leaves nothing behind when stopped.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/postgresql-fixture", test_start_stop);
  return g_test_run ();
}
