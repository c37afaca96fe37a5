/* store-test.h: what the store tests share: opening a fresh replica, reading its counters.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-store-private.h"
#include "../test-create.h"

/* A new replica file in the test's private data directory (G_TEST_OPTION_ISOLATE_DIRS). */
static inline SahaStore *
store_test_open (const char *name)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
  g_autoptr(GError) error = NULL;
  SahaStore *store;

  store = saha_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* One integer from a query without parameters. */
static inline gint64
store_test_query_int (SahaStore  *store,
                      const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (saha_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static inline gint64
store_test_counter (SahaStore *store)
{
  return store_test_query_int (store, "SELECT counter FROM replica");
}

