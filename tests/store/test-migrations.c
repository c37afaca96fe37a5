/* test-migrations.c: the replica schema from empty and from every older version to the latest.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store-test.h"

#define CUSTOMER_ID "0b6f8c52-3a1e-4c8e-9a53-2f3c1d9e7a10"

static gint64
user_version (SahaStore *store)
{
  return store_test_query_int (store, "PRAGMA user_version");
}

static void
test_fresh_and_reopen (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autofree char *replica = g_strdup (saha_store_get_replica_id (store));
  g_autofree char *id = store_test_create (store, "customer", "name", "Acme", "kind", "company", NULL);
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (saha_store_latest_version (), >=, 2);
  g_assert_cmpint (user_version (store), ==, saha_store_latest_version ());

  g_clear_object (&store);
  store = store_test_open ("replica.db");
  g_assert_cmpint (user_version (store), ==, saha_store_latest_version ());
  g_assert_cmpstr (saha_store_get_replica_id (store), ==, replica);
  g_assert_cmpint (store_test_counter (store), ==, 1);
  record = saha_store_get (store, "customer", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saha_record_get (record, "name"), ==, "Acme");
}

static int
collate_turkish (void       *data,
                 int         a_length,
                 const void *a,
                 int         b_length,
                 const void *b)
{
  return saha_collation_compare_len (a, a_length, b, b_length);
}

/* A customer written straight into a file at version k, as that version's Saha would
 * have stored it (the 0001 columns have not changed since). */
static void
put_old_customer (const char *path,
                  guint       version)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* from 0007 on, the name indexes are in Turkish order, as that Saha registered it */
  g_assert_cmpint (sqlite3_create_collation_v2 (db, SAHA_COLLATION_NAME, SQLITE_UTF8, NULL,
                                                collate_turkish, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO customer (id, \"name\", \"kind\", \"city\", vv, registers, dirty, changes) "
                                 "VALUES ('" CUSTOMER_ID "', 'Işıklar Ticaret', 'company', 'İSTANBUL', "
                                 "'{\"r-old\":2}', "
                                 "'{\"name\":[[\"Işıklar Ticaret\",0,1]],\"kind\":[[\"company\",0,1]],"
                                 "\"city\":[[\"İSTANBUL\",0,2]],\"deleted\":[[\"false\",0,2]]}', 1, 2);"
                                 "UPDATE replica SET counter = 2;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  /* from 0002 on, that Saha indexed it too */
  if (version >= 2)
    g_assert_cmpint (sqlite3_exec (db,
                                   "INSERT INTO customer_search (rowid, tr, ascii) "
                                   "SELECT rowid, 'ışıklar ticaret istanbul', 'isiklar ticaret istanbul' "
                                   "FROM customer",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_upgrade_every_version (void)
{
  guint latest = saha_store_latest_version ();

  for (guint k = 1; k < latest; k++)
    {
      g_autofree char *name = g_strdup_printf ("v%u.db", k);
      g_autofree char *path = g_build_filename (g_get_user_data_dir (), name, NULL);
      g_autoptr(SahaStore) store = NULL;
      g_autoptr(SahaRecord) record = NULL;
      g_autoptr(GPtrArray) found = NULL;
      g_autoptr(GError) error = NULL;
      SahaQuery query = { .search = "istan" };

      g_test_message ("from version %u to %u", k, latest);
      g_assert_true (saha_store_build_at_version (path, k, &error));
      g_assert_no_error (error);
      put_old_customer (path, k);

      store = saha_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (user_version (store), ==, latest);

      record = saha_store_get (store, "customer", CUSTOMER_ID, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (saha_record_get (record, "name"), ==, "Işıklar Ticaret");
      g_assert_cmpstr (saha_record_get (record, "city"), ==, "İSTANBUL");
      g_assert_cmpint (store_test_counter (store), ==, 2);

      /* records older than the search index are indexed by its migration */
      found = saha_store_list (store, "customer", &query, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (found->len, ==, 1);

      /* and the file goes on working: the next local write takes counter 3 */
      {
        SahaFieldInput in = { "phone", "+90 212 555 0101" };

        g_assert_true (saha_store_update (store, "customer", CUSTOMER_ID, &in, 1, &error));
        g_assert_cmpint (store_test_counter (store), ==, 3);
      }
    }
}

static void
test_too_new (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "new.db", NULL);
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %u", saha_store_latest_version () + 1);
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_true (saha_store_build_at_version (path, saha_store_latest_version (), &error));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = saha_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_TOO_NEW);
}

/* Every schema field has a column of the type the store binds, and every entity with
 * searchable fields a search table: the schema table and the migrations agree. */
static void
test_columns_match_schema (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  const SahaEntityDef * const *entities;
  guint n;

  entities = saha_schema_entities (&n);
  for (guint i = 0; i < n; i++)
    {
      const SahaEntityDef *def = entities[i];
      gboolean searchable = FALSE;

      for (guint f = 0; f < def->n_fields; f++)
        {
          const SahaFieldDef *field = &def->fields[f];
          g_autofree char *sql = g_strdup_printf ("SELECT type = '%s' FROM pragma_table_info ('%s') "
                                                  "WHERE name = '%s'",
                                                  (field->type == SAHA_FIELD_INTEGER ||
                                                   field->type == SAHA_FIELD_DECIMAL ||
                                                   field->type == SAHA_FIELD_MONEY ||
                                                   field->type == SAHA_FIELD_BOOLEAN) ? "INTEGER" : "TEXT",
                                                  def->name, field->name);

          g_test_message ("%s.%s", def->name, field->name);
          g_assert_cmpint (store_test_query_int (store, sql), ==, 1);
          searchable |= (field->flags & SAHA_FIELD_FLAG_SEARCHABLE) != 0;
        }

      g_assert_cmpint (saha_store_entity_is_searchable (store, def), ==, searchable);

      /* a broad search walks "<entity>_name" (saha-store-query.c) */
      if (searchable && saha_entity_def_field_index (def, "name") >= 0)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT group_concat (name) FROM pragma_index_info ('%s_name')",
                                                  def->name);
          sqlite3_stmt *stmt = NULL;

          g_assert_cmpint (sqlite3_prepare_v2 (saha_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
          g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
          g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "deleted,name,id");
          sqlite3_finalize (stmt);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/migrations/fresh-and-reopen", test_fresh_and_reopen);
  g_test_add_func ("/store/migrations/upgrade-every-version", test_upgrade_every_version);
  g_test_add_func ("/store/migrations/too-new", test_too_new);
  g_test_add_func ("/store/migrations/columns-match-schema", test_columns_match_schema);

  return g_test_run ();
}
