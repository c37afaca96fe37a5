/* test-postgresql.h: a private PostgreSQL 15 for one test, in a temporary directory.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <pwd.h>
#include <unistd.h>

/*
 * saha_test_postgresql_start () runs initdb and the postgres server on a Unix socket in
 * the cluster's own directory (no TCP port at all, fsync off); _stop () stops it and
 * removes the directory. PostgreSQL refuses to run as root: as root, the cluster belongs
 * to the unprivileged user saha-test that tools/install-deps creates, and every
 * PostgreSQL program runs through runuser. SAHA_PG_BINDIR overrides where initdb and
 * pg_ctl are (Debian 12: /usr/lib/postgresql/15/bin). The database "saha" of the
 * superuser "saha" is made empty; conninfo is the libpq connection string for it.
 */
typedef struct
{
  char *dir;        /* the temporary directory, 0711 */
  char *cluster;    /* dir/cluster: data, socket and log, 0700, the cluster's user's */
  char *conninfo;   /* "host=CLUSTER user=saha dbname=saha" */
  GSubprocess *watchdog;  /* stops the cluster if the test dies first */
} SahaTestPostgresql;

#define SAHA_TEST_POSTGRESQL_USER "saha-test"

static inline char *
saha_test_postgresql_program (const char *name)
{
  const char *bindir = g_getenv ("SAHA_PG_BINDIR");

  return g_build_filename (bindir != NULL ? bindir : "/usr/lib/postgresql/15/bin", name, NULL);
}

/* Runs a PostgreSQL program (argv[0] a program name) as the cluster's user; FALSE with
 * the program's output on failure. */
static inline gboolean
saha_test_postgresql_run (const char * const  *args,
                          GError             **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *out = NULL;

  if (geteuid () == 0)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup (SAHA_TEST_POSTGRESQL_USER));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, saha_test_postgresql_program (args[0]));
  for (guint i = 1; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE,
                               error);
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, error))
    return FALSE;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed: %s", args[0], out);
      return FALSE;
    }
  return TRUE;
}

static inline gboolean
saha_test_postgresql_start (SahaTestPostgresql  *pg,
                            GError             **error)
{
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  g_autofree char *options = NULL;

  memset (pg, 0, sizeof *pg);
  pg->dir = g_dir_make_tmp ("saha-pg-XXXXXX", error);
  if (pg->dir == NULL)
    return FALSE;
  pg->cluster = g_build_filename (pg->dir, "cluster", NULL);
  pg->conninfo = g_strdup_printf ("host=%s user=saha dbname=saha", pg->cluster);
  if (g_chmod (pg->dir, 0711) != 0 || g_mkdir (pg->cluster, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot make %s", pg->cluster);
      return FALSE;
    }
  if (geteuid () == 0)
    {
      struct passwd *user = getpwnam (SAHA_TEST_POSTGRESQL_USER);

      if (user == NULL || chown (pg->cluster, user->pw_uid, user->pw_gid) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "No user %s to run PostgreSQL as (tools/install-deps makes it)",
                       SAHA_TEST_POSTGRESQL_USER);
          return FALSE;
        }
    }
  data = g_build_filename (pg->cluster, "data", NULL);
  log = g_build_filename (pg->cluster, "log", NULL);
  options = g_strdup_printf ("-c listen_addresses= -k %s -c fsync=off"
                             " -c synchronous_commit=off -c full_page_writes=off", pg->cluster);
  {
    const char *initdb[] = { "initdb", "-D", data, "-A", "trust", "-U", "saha", "-E", "UTF8",
                             "--locale=C.UTF-8", "--no-sync", NULL };
    const char *start[] = { "pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "start", NULL };
    const char *createdb[] = { "createdb", "-h", pg->cluster, "-U", "saha", "saha", NULL };

    g_autofree char *pg_ctl = saha_test_postgresql_program ("pg_ctl");
    g_autofree char *quoted_data = g_shell_quote (data);
    g_autofree char *quoted_dir = g_shell_quote (pg->dir);
    g_autofree char *script = NULL;

    /* A test that fails an assertion never calls _stop (): a shell waiting for the test's
     * process to end stops the cluster and removes it then. */
    script = g_strdup_printf ("while kill -0 %d 2>/dev/null; do sleep 1; done;"
                              " %s %s -D %s -m immediate -w stop >/dev/null 2>&1; rm -rf %s",
                              (int) getpid (),
                              geteuid () == 0 ? "runuser -u " SAHA_TEST_POSTGRESQL_USER " --" : "",
                              pg_ctl, quoted_data, quoted_dir);
    pg->watchdog = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, error, "sh", "-c", script, NULL);
    return pg->watchdog != NULL && saha_test_postgresql_run (initdb, error)
           && saha_test_postgresql_run (start, error)
           && saha_test_postgresql_run (createdb, error);
  }
}

/* Stops the cluster (when running) and removes its directory. */
static inline void
saha_test_postgresql_stop (SahaTestPostgresql *pg)
{
  if (pg->dir == NULL)
    return;
  {
    g_autofree char *data = g_build_filename (pg->cluster, "data", NULL);
    g_autofree char *pid = g_build_filename (data, "postmaster.pid", NULL);
    const char *stop[] = { "pg_ctl", "-D", data, "-m", "fast", "-w", "stop", NULL };
    const char *rm[] = { "rm", "-rf", pg->dir, NULL };
    g_autoptr(GError) error = NULL;

    if (g_file_test (pid, G_FILE_TEST_EXISTS) && !saha_test_postgresql_run (stop, &error))
      g_warning ("%s", error->message);
    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
  if (pg->watchdog != NULL)
    g_subprocess_force_exit (pg->watchdog);
  g_clear_object (&pg->watchdog);
  g_clear_pointer (&pg->dir, g_free);
  g_clear_pointer (&pg->cluster, g_free);
  g_clear_pointer (&pg->conninfo, g_free);
}
