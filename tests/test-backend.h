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

static SahaTestPostgresql saha_test_backend_pg;
static gboolean saha_test_backend_pg_running;

static inline void
saha_test_backend_stop_cluster (void)
{
  if (saha_test_backend_pg_running)
    saha_test_postgresql_stop (&saha_test_backend_pg);
  saha_test_backend_pg_running = FALSE;
}

/* The process's cluster, started when first asked for. */
static inline SahaTestPostgresql *
saha_test_backend_cluster (void)
{
  if (!saha_test_backend_pg_running)
    {
      GError *error = NULL;

      if (!saha_test_postgresql_start (&saha_test_backend_pg, &error))
        g_error ("Cannot start the test's PostgreSQL: %s", error->message);
      saha_test_backend_pg_running = TRUE;
      atexit (saha_test_backend_stop_cluster);
    }
  return &saha_test_backend_pg;
}

/* The connection string of database @name on the cluster. */
static inline char *
saha_test_backend_conninfo (const char *name)
{
  return g_strdup_printf ("host=%s user=saha dbname=%s", saha_test_backend_cluster ()->cluster,
                          name);
}

/* A new database on the cluster: empty, or a copy of @template (a database nobody is
 * connected to) when not NULL. Returns its name. */
static inline char *
saha_test_backend_create_database (const char *template_name)
{
  static guint made;
  SahaTestPostgresql *pg = saha_test_backend_cluster ();
  char *name = g_strdup_printf ("saha_%d_%u", (int) getpid (), ++made);
  GError *error = NULL;
  const char *plain[] = { "createdb", "-h", pg->cluster, "-U", "saha", name, NULL };
  const char *copy[] = { "createdb", "-h", pg->cluster, "-U", "saha", "-T", template_name,
                         name, NULL };

  if (!saha_test_postgresql_run (template_name != NULL ? copy : plain, &error))
    g_error ("createdb: %s", error->message);
  return name;
}

static inline void
saha_test_backend_drop_database (const char *name)
{
  SahaTestPostgresql *pg = saha_test_backend_cluster ();
  const char *argv[] = { "dropdb", "-h", pg->cluster, "-U", "saha", "--force", name, NULL };
  GError *error = NULL;

  if (!saha_test_postgresql_run (argv, &error))
    g_error ("dropdb: %s", error->message);
}
