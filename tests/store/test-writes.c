/* test-writes.c: local writes, remote states, conflicts and the replica file itself.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>

#include "store-test.h"

/* Everything a failed write must leave as it was: every entity's rows (tombstones and
 * sync state included), the counters and the search index. */
static char *
snapshot (SahaStore *store)
{
  const SahaEntityDef * const *entities;
  GString *out = g_string_new (NULL);
  guint n;

  entities = saha_schema_entities (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT group_concat (id || vv || registers || deleted || "
                                              "dirty || changes || conflicted, '|') FROM "
                                              "(SELECT * FROM \"%s\" ORDER BY id)",
                                              entities[i]->name);
      g_autofree char *csv = saha_store_export_csv (store, entities[i]->name, NULL);
      sqlite3_stmt *stmt = NULL;

      g_assert_nonnull (csv);
      g_string_append (out, csv);
      g_assert_cmpint (sqlite3_prepare_v2 (saha_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_string_append_printf (out, "%s\n", (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
    }

  g_string_append_printf (out, "counter %" G_GINT64_FORMAT " seq %" G_GINT64_FORMAT " search %" G_GINT64_FORMAT,
                          store_test_counter (store),
                          store_test_query_int (store, "SELECT number_seq FROM replica"),
                          store_test_query_int (store, "SELECT count(*) FROM customer_search"));
  return g_string_free (out, FALSE);
}

static gint64
row_int (SahaStore  *store,
         const char *entity,
         const char *id,
         const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM \"%s\" WHERE id = '%s'", column, entity, id);

  return store_test_query_int (store, sql);
}

static void
test_create (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gint64 before = store_test_counter (store);

  id = store_test_create (store, "customer", "name", "  Kaya Yapı  ", "kind", "company",
                          "credit_limit", "1250,5", "opt_out", "email, sms", NULL);
  g_assert_true (saha_id_is_valid (id));

  g_assert_cmpint (store_test_counter (store), ==, before + 1);
  g_assert_cmpint (row_int (store, "customer", id, "dirty"), ==, 1);
  g_assert_cmpint (row_int (store, "customer", id, "changes"), ==, 1);
  /* money in minor units in its real column */
  g_assert_cmpint (row_int (store, "customer", id, "credit_limit"), ==, 125050);

  record = saha_store_get (store, "customer", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saha_record_get (record, "name"), ==, "Kaya Yapı");
  g_assert_cmpstr (saha_record_get (record, "credit_limit"), ==, "1250.50");
  g_assert_cmpstr (saha_record_get (record, "opt_out"), ==, "sms,email");
  /* schema defaults */
  g_assert_cmpstr (saha_record_get (record, "country"), ==, "TR");
  g_assert_cmpstr (saha_record_get (record, "currency"), ==, "TRY");
  g_assert_cmpuint (saha_version_vector_get (saha_record_get_version_vector (record),
                                             saha_store_get_replica_id (store)), ==, before + 1);
}

static void
test_update_delete (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = store_test_create (store, "customer", "name", "Acme", "kind", "company", NULL);
  SahaFieldInput phone = { "phone", "+90 212 555 0101" };
  gint64 counter;
  guint count = 99;

  /* the sync engine accepted the create */
  g_assert_true (saha_store_exec (store, "UPDATE customer SET dirty = 0", NULL));
  counter = store_test_counter (store);

  g_assert_true (saha_store_update (store, "customer", id, &phone, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_test_counter (store), ==, counter + 1);
  g_assert_cmpint (row_int (store, "customer", id, "dirty"), ==, 1);
  g_assert_cmpint (row_int (store, "customer", id, "changes"), ==, 2);

  /* an unset value is a written register that reads back as unset */
  {
    g_autoptr(SahaRecord) unset = NULL;
    SahaFieldInput clear = { "phone", "" };

    g_assert_true (saha_store_update (store, "customer", id, &clear, 1, &error));
    unset = saha_store_get (store, "customer", id, &error);
    g_assert_true (saha_record_has_field (unset, "phone"));
    g_assert_null (saha_record_get (unset, "phone"));
    g_assert_cmpstr (saha_record_get (unset, "name"), ==, "Acme");
    counter++;
  }

  g_assert_true (saha_store_delete (store, "customer", id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (store_test_counter (store), ==, counter + 2);
  g_assert_cmpint (row_int (store, "customer", id, "changes"), ==, 4);
  g_assert_cmpint (row_int (store, "customer", id, "deleted"), ==, 1);

  /* the tombstone stays for sync, out of lists and search */
  record = saha_store_get (store, "customer", id, &error);
  g_assert_no_error (error);
  g_assert_true (saha_record_is_deleted (record));
  g_assert_true (saha_store_count (store, "customer", NULL, &count, &error));
  g_assert_cmpuint (count, ==, 0);
  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM customer_search"), ==, 0);
  {
    SahaQuery query = { .include_deleted = TRUE };

    g_assert_true (saha_store_count (store, "customer", &query, &count, &error));
    g_assert_cmpuint (count, ==, 1);
  }

  /* a second delete says the record is already deleted, not that there is none */
  g_assert_false (saha_store_delete (store, "customer", id, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "is already deleted"));
}

static void
assert_refused (SahaStore   *store,
                const char  *before,
                GError      *error,
                int          code)
{
  g_autofree char *after = snapshot (store);

  g_assert_error (error, SAHA_STORE_ERROR, code);
  g_test_message ("refused: %s", error->message);
  g_assert_cmpstr (after, ==, before);
}

static void
test_bad_input (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autofree char *customer = store_test_create (store, "customer", "name", "Acme", "kind", "company", NULL);
  g_autofree char *gone = store_test_create (store, "customer", "name", "Gone", "kind", "person", NULL);
  g_autofree char *before = NULL;
  g_autofree char *missing = saha_id_new ();

  g_assert_true (saha_store_delete (store, "customer", gone, NULL));
  before = snapshot (store);

  {
    g_autoptr(GError) error = NULL;
    SahaFieldInput in[] = { { "name", "X" }, { "kind", "company" }, { "colour", "red" } };

    g_assert_null (saha_store_create (store, "customer", in, G_N_ELEMENTS (in), &error));
    assert_refused (store, before, error, SAHA_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "colour"));
  }
  {
    g_autoptr(GError) error = NULL;
    SahaFieldInput in[] = { { "name", "X" }, { "kind", "robot" } };

    g_assert_null (saha_store_create (store, "customer", in, G_N_ELEMENTS (in), &error));
    assert_refused (store, before, error, SAHA_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "robot"));
  }
  {
    g_autoptr(GError) error = NULL;
    SahaFieldInput in[] = { { "name", "X" } };

    g_assert_null (saha_store_create (store, "customer", in, G_N_ELEMENTS (in), &error));
    assert_refused (store, before, error, SAHA_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "kind"));
  }
  {
    g_autoptr(GError) error = NULL;
    SahaFieldInput in[] = { { "customer", missing } };

    g_assert_null (saha_store_create (store, "order", in, G_N_ELEMENTS (in), &error));
    assert_refused (store, before, error, SAHA_STORE_ERROR_BAD_REFERENCE);
    g_assert_nonnull (strstr (error->message, "customer"));
    g_assert_nonnull (strstr (error->message, missing));
  }
  {
    g_autoptr(GError) error = NULL;
    SahaFieldInput in[] = { { "customer", gone } };

    g_assert_null (saha_store_create (store, "order", in, G_N_ELEMENTS (in), &error));
    assert_refused (store, before, error, SAHA_STORE_ERROR_BAD_REFERENCE);
  }
  {
    g_autoptr(GError) error = NULL;
    SahaFieldInput in[] = { { "name", "Back" } };

    g_assert_false (saha_store_update (store, "customer", gone, in, G_N_ELEMENTS (in), &error));
    assert_refused (store, before, error, SAHA_STORE_ERROR_NOT_FOUND);
  }
  {
    g_autoptr(GError) error = NULL;
    SahaFieldInput in[] = { { "name", "" } };

    g_assert_false (saha_store_update (store, "customer", customer, in, G_N_ELEMENTS (in), &error));
    assert_refused (store, before, error, SAHA_STORE_ERROR_INVALID);
  }
  {
    g_autoptr(GError) error = NULL;
    SahaFieldInput in[] = { { "name", "X" } };

    g_assert_null (saha_store_create (store, "spaceship", in, G_N_ELEMENTS (in), &error));
    assert_refused (store, before, error, SAHA_STORE_ERROR_INVALID);
  }
  {
    g_autoptr(GError) error = NULL;
    SahaFieldInput in[] = { { "name", "Twin" }, { "kind", "person" }, { "id", customer } };

    g_assert_null (saha_store_create (store, "customer", in, G_N_ELEMENTS (in), &error));
    assert_refused (store, before, error, SAHA_STORE_ERROR_INVALID);
  }
  {
    g_autoptr(GError) error = NULL;
    SahaFieldInput in[] = { { "phone", "+90 212 555 0101" } };

    g_assert_false (saha_store_resolve (store, "customer", customer, in, G_N_ELEMENTS (in), &error));
    assert_refused (store, before, error, SAHA_STORE_ERROR_NO_CONFLICT);
  }
}

static void
test_numbers (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autofree char *customer = store_test_create (store, "customer", "name", "Acme", "kind", "company", NULL);
  g_autofree char *order1 = store_test_create (store, "order", "customer", customer, NULL);
  g_autofree char *call = store_test_create (store, "service_call", "customer", customer, NULL);
  g_autofree char *order3 = NULL;
  g_autofree char *code = g_ascii_strup (saha_store_get_replica_id (store) + 2, 6);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expected1 = g_strdup_printf ("%s-%d-0001", code, g_date_time_get_year (now));
  g_autofree char *expected2 = g_strdup_printf ("%s-%d-0002", code, g_date_time_get_year (now));
  g_autofree char *expected3 = g_strdup_printf ("AY-%d-0003", g_date_time_get_year (now));
  g_autoptr(SahaRecord) r1 = saha_store_get (store, "order", order1, NULL);
  g_autoptr(SahaRecord) r2 = saha_store_get (store, "service_call", call, NULL);
  g_autoptr(SahaRecord) r3 = NULL;

  g_assert_cmpstr (saha_record_get (r1, "number"), ==, expected1);
  g_assert_cmpstr (saha_record_get (r1, "status"), ==, "draft");
  g_assert_cmpstr (saha_record_get (r2, "number"), ==, expected2);

  g_assert_true (saha_store_set_setting (store, "user_code", "AY", NULL));
  order3 = store_test_create (store, "order", "customer", customer, NULL);
  r3 = saha_store_get (store, "order", order3, NULL);
  g_assert_cmpstr (saha_record_get (r3, "number"), ==, expected3);
}

/* Two concurrent remote edits of the phone arrive merged: a conflict to show and resolve. */
static void
test_conflict (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autofree char *id = store_test_create (store, "customer", "name", "Acme", "kind", "company", NULL);
  g_autoptr(SahaRecord) base = saha_store_get (store, "customer", id, NULL);
  g_autoptr(SahaRecord) a = saha_record_copy (base);
  g_autoptr(SahaRecord) b = saha_record_copy (base);
  g_autoptr(SahaRecord) merged = NULL;
  g_autoptr(SahaRecord) resolved = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GError) error = NULL;
  const char *phone = "phone";
  const char *pa = "+90 212 555 0101", *pb = "+90 212 555 0199";
  SahaStoreStatus status;
  gint64 changes;

  g_assert_true (saha_store_exec (store, "UPDATE customer SET dirty = 0", NULL));
  changes = row_int (store, "customer", id, "changes");

  saha_record_write (a, "r-aaaa", 0, &phone, &pa, 1);
  saha_record_write (b, "r-bbbb", 0, &phone, &pb, 1);
  merged = saha_record_merge (a, b);
  g_assert_true (saha_record_field_in_conflict (merged, "phone"));

  /* as the sync engine applies a pull page */
  g_assert_true (saha_store_begin (store, &error));
  g_assert_true (saha_store_put_record (store, merged, FALSE, &error));
  g_assert_true (saha_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (row_int (store, "customer", id, "dirty"), ==, 0);
  g_assert_cmpint (row_int (store, "customer", id, "changes"), ==, changes);

  conflicts = saha_store_list_conflicts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (conflicts->len, ==, 1);
  g_assert_cmpstr (saha_record_get_id (conflicts->pdata[0]), ==, id);
  g_assert_true (saha_record_field_in_conflict (conflicts->pdata[0], "phone"));
  g_assert_true (saha_store_get_status (store, &status, &error));
  g_assert_cmpuint (status.conflicts, ==, 1);
  g_assert_cmpuint (status.pending, ==, 0);
  saha_store_status_clear (&status);

  {
    SahaFieldInput in[] = { { "name", "Acme 2" } };

    g_assert_false (saha_store_resolve (store, "customer", id, in, 1, &error));
    g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NO_CONFLICT);
    g_clear_error (&error);
  }
  {
    SahaFieldInput in[] = { { "phone", "+90 212 555 0150" } };

    g_assert_true (saha_store_resolve (store, "customer", id, in, 1, &error));
    g_assert_no_error (error);
  }

  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = saha_store_list_conflicts (store, &error);
  g_assert_cmpuint (conflicts->len, ==, 0);
  resolved = saha_store_get (store, "customer", id, &error);
  g_assert_cmpstr (saha_record_get (resolved, "phone"), ==, "+90 212 555 0150");
  g_assert_false (saha_record_has_conflicts (resolved));
  g_assert_cmpint (row_int (store, "customer", id, "dirty"), ==, 1);
  g_assert_cmpint (row_int (store, "customer", id, "changes"), ==, changes + 1);
  g_assert_cmpint (row_int (store, "customer", id, "conflicted"), ==, 0);
}

/* A tombstone from the server leaves the index; removal takes the row away for good. */
static void
test_remote_tombstone (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autofree char *id = store_test_create (store, "customer", "name", "Işık Ltd", "kind", "company", NULL);
  g_autoptr(SahaRecord) remote = saha_store_get (store, "customer", id, NULL);
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM customer_search"), ==, 1);
  saha_record_delete (remote, "server", 0);
  g_assert_true (saha_store_merge (store, remote, FALSE, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM customer_search"), ==, 0);
  g_assert_cmpint (row_int (store, "customer", id, "deleted"), ==, 1);

  /* merging the same state again changes nothing */
  g_assert_true (saha_store_merge (store, remote, FALSE, &changed, &error));
  g_assert_false (changed);

  g_assert_true (saha_store_remove_record (store, "customer", id, &error));
  g_assert_null (saha_store_get (store, "customer", id, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND);
}

/* A state from another replica's export: merged, validated, pending only when asked. */
static void
test_merge (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(SahaStore) other = store_test_open ("other.db");
  g_autofree char *id = store_test_create (other, "customer", "name", "Deniz", "kind", "person", NULL);
  g_autoptr(SahaRecord) state = saha_store_get (other, "customer", id, NULL);
  g_autoptr(SahaRecord) bad = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  gboolean changed = FALSE;

  g_assert_true (saha_store_merge (store, state, TRUE, &changed, &error));
  g_assert_no_error (error);
  g_assert_true (changed);
  g_assert_cmpint (row_int (store, "customer", id, "dirty"), ==, 1);
  /* merging is not a local write: this replica's counter did not move */
  g_assert_cmpint (store_test_counter (store), ==, 0);

  g_assert_true (saha_store_merge (store, state, TRUE, &changed, &error));
  g_assert_false (changed);

  /* a value that is not canonical is refused and nothing changes */
  bad = saha_record_copy (state);
  saha_record_add_candidate (bad, "credit_limit", "12,5", "r-other", 9);
  {
    g_autoptr(SahaVersionVector) vv = saha_version_vector_copy (saha_record_get_version_vector (bad));

    saha_version_vector_set (vv, "r-other", 9);
    saha_record_set_version_vector (bad, vv);
  }
  before = snapshot (store);
  g_assert_false (saha_store_merge (store, bad, TRUE, &changed, &error));
  assert_refused (store, before, error, SAHA_STORE_ERROR_INVALID);
}

static void
test_transaction (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GError) error = NULL;
  SahaFieldInput bad[] = { { "name", "X" }, { "kind", "robot" } };
  guint count = 99;

  g_assert_true (saha_store_begin (store, &error));
  g_free (store_test_create (store, "customer", "name", "A", "kind", "company", NULL));
  /* a failed write inside rolls back only itself */
  g_assert_null (saha_store_create (store, "customer", bad, G_N_ELEMENTS (bad), &error));
  g_clear_error (&error);
  g_free (store_test_create (store, "customer", "name", "B", "kind", "company", NULL));
  g_assert_true (saha_store_count (store, "customer", NULL, &count, &error));
  g_assert_cmpuint (count, ==, 2);
  saha_store_rollback (store);

  g_assert_true (saha_store_count (store, "customer", NULL, &count, &error));
  g_assert_cmpuint (count, ==, 0);
  g_assert_cmpint (store_test_counter (store), ==, 0);
}

static void
test_list_query (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "Delta", "Alfa", "Charlie", "Bravo", "Echo" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_free (store_test_create (store, "customer", "name", names[i], "kind", i % 2 ? "person" : "company",
                               "credit_limit", i < 2 ? "100" : "250.00", NULL));

  {
    SahaQuery query = { .limit = 2, .offset = 1 };

    records = saha_store_list (store, "customer", &query, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (records->len, ==, 2);
    g_assert_cmpstr (saha_record_get (records->pdata[0], "name"), ==, "Bravo");
    g_assert_cmpstr (saha_record_get (records->pdata[1], "name"), ==, "Charlie");
    g_clear_pointer (&records, g_ptr_array_unref);
  }
  {
    /* where values are normalized like writes: "250" is 25000 minor units */
    SahaFieldInput where[] = { { "credit_limit", "250" }, { "kind", "company" } };
    SahaQuery query = { .where = where, .n_where = 2, .descending = TRUE };

    records = saha_store_list (store, "customer", &query, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (records->len, ==, 2);
    g_assert_cmpstr (saha_record_get (records->pdata[0], "name"), ==, "Echo");
    g_assert_cmpstr (saha_record_get (records->pdata[1], "name"), ==, "Charlie");
    g_clear_pointer (&records, g_ptr_array_unref);
  }
  {
    SahaFieldInput where[] = { { "kind", "robot" } };
    SahaQuery query = { .where = where, .n_where = 1 };

    g_assert_null (saha_store_list (store, "customer", &query, &error));
    g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);
  }
}

static void
test_file_mode (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autofree char *wal = g_strconcat (saha_store_get_path (store), "-wal", NULL);
  GStatBuf st;

  g_free (store_test_create (store, "customer", "name", "A", "kind", "company", NULL));
  g_assert_cmpint (g_stat (saha_store_get_path (store), &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_replica_id (void)
{
  g_autoptr(SahaStore) one = store_test_open ("one.db");
  g_autoptr(SahaStore) two = store_test_open ("two.db");
  g_autofree char *first = g_strdup (saha_store_get_replica_id (one));
  g_autoptr(GRegex) shape = g_regex_new ("^r-[0-9a-f]{16}$", 0, 0, NULL);

  g_assert_true (g_regex_match (shape, first, 0, NULL));
  g_assert_true (saha_replica_id_is_valid (first));
  g_assert_cmpstr (first, !=, saha_store_get_replica_id (two));

  g_clear_object (&one);
  one = store_test_open ("one.db");
  g_assert_cmpstr (first, ==, saha_store_get_replica_id (one));
}

static void
test_settings_status (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  SahaStoreStatus status;

  g_assert_null (saha_store_get_setting (store, "server_url"));
  g_assert_true (saha_store_set_setting (store, "server_url", "https://saha.example", &error));
  url = saha_store_get_setting (store, "server_url");
  g_assert_cmpstr (url, ==, "https://saha.example");
  g_assert_true (saha_store_set_setting (store, "server_url", NULL, &error));
  g_assert_null (saha_store_get_setting (store, "server_url"));

  g_free (store_test_create (store, "customer", "name", "A", "kind", "company", NULL));
  g_free (store_test_create (store, "product", "sku", "P-1", "name", "Vida", NULL));
  g_assert_true (saha_store_set_setting (store, "last_sync", "2026-11-25T08:00:00Z", &error));
  g_assert_true (saha_store_exec (store, "INSERT INTO push_rejection VALUES "
                                         "('customer', 'x', 'forbidden', 'no', '2026-11-25T08:00:00Z')", &error));
  g_assert_true (saha_store_get_status (store, &status, &error));
  g_assert_cmpuint (status.pending, ==, 2);
  g_assert_cmpuint (status.conflicts, ==, 0);
  g_assert_cmpuint (status.rejected, ==, 1);
  g_assert_cmpstr (status.last_sync, ==, "2026-11-25T08:00:00Z");
  saha_store_status_clear (&status);
}

static void
test_default_path (void)
{
  g_autofree char *path = saha_store_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (path, "/saha/default/replica.db"));
  store = saha_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/writes/create", test_create);
  g_test_add_func ("/store/writes/update-delete", test_update_delete);
  g_test_add_func ("/store/writes/bad-input-changes-nothing", test_bad_input);
  g_test_add_func ("/store/writes/human-numbers", test_numbers);
  g_test_add_func ("/store/writes/conflict-resolve", test_conflict);
  g_test_add_func ("/store/writes/remote-tombstone", test_remote_tombstone);
  g_test_add_func ("/store/writes/transaction", test_transaction);
  g_test_add_func ("/store/writes/merge", test_merge);
  g_test_add_func ("/store/query/list", test_list_query);
  g_test_add_func ("/store/file/mode-0600", test_file_mode);
  g_test_add_func ("/store/file/replica-id", test_replica_id);
  g_test_add_func ("/store/file/settings-status", test_settings_status);
  g_test_add_func ("/store/file/default-path", test_default_path);

  return g_test_run ();
}
