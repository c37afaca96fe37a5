/* store-test.h: what the store tests share: opening a fresh replica, reading its counters.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-store-private.h"

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

static inline char *
store_test_create (SahaStore  *store,
                   const char *entity,
                   ...)
{
  g_autoptr(GArray) inputs = g_array_new (FALSE, TRUE, sizeof (SahaFieldInput));
  g_autoptr(GError) error = NULL;
  const char *name;
  char *id;
  va_list args;

  va_start (args, entity);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      SahaFieldInput input = { name, va_arg (args, const char *) };

      g_array_append_val (inputs, input);
    }
  va_end (args);

  id = saha_store_create (store, entity, (SahaFieldInput *) inputs->data, inputs->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}
