/* test-csv.c: CSV import and export of a replica's records.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store-test.h"

static const char customers_csv[] =
  "name,kind,city,credit_limit,opt_out,phone\r\n"
  "Kaya Yapı,company,İstanbul,\"1250,50\",\"email, sms\",+90 212 555 0101\n"
  "\"Demir, Ahmet\",person,Ankara,,,\n"
  "\"Çok \"\"tırnaklı\"\" ad\",company,İzmir,10,visit,\n";

static void
test_round_trip (void)
{
  g_autoptr(SahaStore) store = store_test_open ("one.db");
  g_autoptr(SahaStore) fresh = store_test_open ("two.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint n_rows = 0;

  saha_store_import_csv (store, "customer", customers_csv, strlen (customers_csv), &n_rows, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows, ==, 3);

  exported = saha_store_export_csv (store, "customer", &error);
  g_assert_no_error (error);
  rows = saha_csv_parse (exported, strlen (exported), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4);
  {
    SahaCsvRow *header = rows->pdata[0];
    SahaCsvRow *first = rows->pdata[1];   /* sorted by name in Turkish order: Ç before D */

    g_assert_cmpstr (header->cells[0], ==, "id");
    g_assert_cmpstr (header->cells[1], ==, "name");
    g_assert_cmpstr (((SahaCsvRow *) rows->pdata[2])->cells[1], ==, "Demir, Ahmet");
    g_assert_cmpstr (first->cells[1], ==, "Çok \"tırnaklı\" ad");
  }
  g_assert_nonnull (strstr (exported, "1250.50"));
  g_assert_nonnull (strstr (exported, "sms,email"));

  /* into a fresh replica and out again: the same ids and shown values */
  g_assert_true (saha_store_import_csv (fresh, "customer", exported, strlen (exported), &n_rows, &error));
  g_assert_no_error (error);
  again = saha_store_export_csv (fresh, "customer", &error);
  g_assert_cmpstr (again, ==, exported);

  /* a row whose id exists updates that record */
  {
    SahaCsvRow *demir = rows->pdata[2];
    g_autofree char *update = g_strdup_printf ("id,city\n%s,Eskişehir\n", demir->cells[0]);
    g_autoptr(SahaRecord) record = NULL;
    guint count = 0;

    g_assert_true (saha_store_import_csv (fresh, "customer", update, strlen (update), &n_rows, &error));
    g_assert_no_error (error);
    record = saha_store_get (fresh, "customer", demir->cells[0], &error);
    g_assert_cmpstr (saha_record_get (record, "city"), ==, "Eskişehir");
    g_assert_cmpstr (saha_record_get (record, "name"), ==, "Demir, Ahmet");
    g_assert_true (saha_store_count (fresh, "customer", NULL, &count, &error));
    g_assert_cmpuint (count, ==, 3);
  }
}

static void
test_bad_row (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autofree char *customer = store_test_create (store, "customer", "name", "Acme", "kind", "company", NULL);
  g_autofree char *before = saha_store_export_csv (store, "order", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 counter = store_test_counter (store);
  guint n_rows = 42;

  csv = g_strdup_printf ("customer,status,notes\n"
                         "%s,draft,first\n"
                         "%s,quote,\"two\nlines\"\n"
                         "%s,confirmed,third\n"
                         "%s,delivered,fourth\n"
                         "%s,shipped,fifth\n"
                         "%s,draft,sixth\n",
                         customer, customer, customer, customer, customer, customer);

  g_assert_false (saha_store_import_csv (store, "order", csv, strlen (csv), &n_rows, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);
  g_test_message ("%s", error->message);
  /* the quoted newline makes the bad row start on line 7 */
  g_assert_true (g_str_has_prefix (error->message, "line 7: "));
  g_assert_nonnull (strstr (error->message, "shipped"));
  g_assert_cmpuint (n_rows, ==, 0);

  after = saha_store_export_csv (store, "order", NULL);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (store_test_counter (store), ==, counter);
  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM \"order\""), ==, 0);
  g_assert_cmpint (store_test_query_int (store, "SELECT number_seq FROM replica"), ==, 0);
  g_clear_error (&error);

  /* a reference to nothing, and an unknown column */
  {
    const char *dangling = "customer\n9d1f2b3c-1111-4222-8333-944455556666\n";
    const char *unknown = "customer,colour\n";

    g_assert_false (saha_store_import_csv (store, "order", dangling, strlen (dangling), NULL, &error));
    g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_BAD_REFERENCE);
    g_assert_true (g_str_has_prefix (error->message, "line 2: "));
    g_clear_error (&error);
    g_assert_false (saha_store_import_csv (store, "order", unknown, strlen (unknown), NULL, &error));
    g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "colour"));
  }
  g_assert_cmpint (store_test_counter (store), ==, counter);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/csv/round-trip", test_round_trip);
  g_test_add_func ("/store/csv/bad-row-changes-nothing", test_bad_row);

  return g_test_run ();
}
