/* test-backend.h: which storage backend the server tests run saha-server on.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdlib.h>

#include "test-postgresql.h"

/*
 * The same test executables run on both backends (tests/server and tests/sync register
 * some of them a second time with SAHA_TEST_BACKEND=postgresql). On SQLite a server gets
 * a data directory (--data DIR); on PostgreSQL the test process starts one private
 * cluster (tests/test-postgresql.h) the first time it needs one, and each server gets a
 * new database of its own on it (--database CONNINFO). The cluster is stopped when the
 * test process exits (its watchdog also when it dies).
 */

static inline gboolean
saha_test_backend_is_postgresql (void)
{
  return g_strcmp0 (g_getenv ("SAHA_TEST_BACKEND"), "postgresql") == 0;
}

/* The process's cluster is kept by whichever file of the test started it; the others
 * find its directory in the environment (each file including this header has its own
 * copy of these statics). */
#define SAHA_TEST_BACKEND_CLUSTER_ENV "SAHA_TEST_PG_CLUSTER"

static SahaTestPostgresql saha_test_backend_pg;
static gboolean saha_test_backend_pg_running;

static inline void
saha_test_backend_stop_cluster (void)
{
  if (saha_test_backend_pg_running)
    saha_test_postgresql_stop (&saha_test_backend_pg);
  saha_test_backend_pg_running = FALSE;
}

/* The directory of the process's cluster (socket, data, log), started when first asked
 * for. */
static inline const char *
saha_test_backend_cluster (void)
{
  const char *dir = g_getenv (SAHA_TEST_BACKEND_CLUSTER_ENV);

  if (dir == NULL)
    {
      GError *error = NULL;

      if (!saha_test_postgresql_start (&saha_test_backend_pg, &error))
        g_error ("Cannot start the test's PostgreSQL: %s", error->message);
      saha_test_backend_pg_running = TRUE;
      atexit (saha_test_backend_stop_cluster);
      g_setenv (SAHA_TEST_BACKEND_CLUSTER_ENV, saha_test_backend_pg.cluster, TRUE);
      dir = g_getenv (SAHA_TEST_BACKEND_CLUSTER_ENV);
    }
  return dir;
}

/* The connection string of database @name on the cluster. */
static inline char *
saha_test_backend_conninfo (const char *name)
{
  return g_strdup_printf ("host=%s user=saha dbname=%s", saha_test_backend_cluster (), name);
}

/* A new database on the cluster: empty, or a copy of @template (a database nobody is
 * connected to) when not NULL. Returns its name. */
static inline char *
saha_test_backend_create_database (const char *template_name)
{
  const char *cluster = saha_test_backend_cluster ();
  char *name = g_strdup_printf ("saha_%08x%08x", g_random_int (), g_random_int ());
  GError *error = NULL;
  const char *plain[] = { "createdb", "-h", cluster, "-U", "saha", name, NULL };
  const char *copy[] = { "createdb", "-h", cluster, "-U", "saha", "-T", template_name, name,
                         NULL };

  if (!saha_test_postgresql_run (template_name != NULL ? copy : plain, &error))
    g_error ("createdb: %s", error->message);
  return name;
}

static inline void
saha_test_backend_drop_database (const char *name)
{
  const char *argv[] = { "dropdb", "-h", saha_test_backend_cluster (), "-U", "saha", "--force",
                         name, NULL };
  GError *error = NULL;

  if (!saha_test_postgresql_run (argv, &error))
    g_error ("dropdb: %s", error->message);
}

/* Stops (@running FALSE: pg_ctl stop -m fast, every connection cut) or starts again the
 * test's cluster, as a database outage. */
static inline void
saha_test_backend_set_running (gboolean running)
{
  const char *cluster = saha_test_backend_cluster ();
  char *data = g_build_filename (cluster, "data", NULL);
  char *log = g_build_filename (cluster, "log", NULL);
  char *options = g_strdup_printf ("-c listen_addresses= -k %s -c fsync=off"
                                   " -c synchronous_commit=off -c full_page_writes=off",
                                   cluster);
  const char *stop[] = { "pg_ctl", "-D", data, "-m", "fast", "-w", "stop", NULL };
  const char *start[] = { "pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "start", NULL };
  GError *error = NULL;

  if (!saha_test_postgresql_run (running ? start : stop, &error))
    g_error ("pg_ctl: %s", error->message);
  g_free (data);
  g_free (log);
  g_free (options);
}
