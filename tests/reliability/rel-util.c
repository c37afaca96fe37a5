/* rel-util.c: small checks shared by the reliability tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "rel-util.h"

gboolean
rel_long (void)
{
  return g_strcmp0 (g_getenv ("SAHA_RELIABILITY_LONG"), "1") == 0;
}

guint
rel_scale (guint short_n,
           guint long_n)
{
  return rel_long () ? long_n : short_n;
}

static int
collate_turkish (void       *user_data,
                 int         a_length,
                 const void *a,
                 int         b_length,
                 const void *b)
{
  return saha_collation_compare_len (a, a_length, b, b_length);
}

void
rel_assert_integrity (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  /* a replica's name indexes are in this order (0007-turkish-order.sql) */
  sqlite3_create_collation_v2 (db, SAHA_COLLATION_NAME, SQLITE_UTF8, NULL, collate_turkish, NULL);
  rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    g_error ("%s: integrity_check failed to run: %s", path, sqlite3_errmsg (db));
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    g_error ("%s: integrity_check: %s", path, sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

void
rel_replica_set_server (TestReplica *replica,
                        const char  *url)
{
  g_autoptr(GError) error = NULL;

  saha_store_set_setting (replica->store, "server_url", url, &error);
  g_assert_no_error (error);
}
