/* test-customer-summary.c: one customer's 360° read in one call, and a GCancellable that
 * stops a read inside SQLite.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-customer-summary.h"
#include "store-test.h"

static void
test_summary (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(SahaCustomerSummary) summary = NULL;
  g_autoptr(SahaCustomerSummary) deleted = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ayse = store_test_create (store, "customer", "name", "Ayşe", "kind", "person",
                                             "address", "Kazım Dirik Mah. 5", NULL);
  g_autofree char *bora = store_test_create (store, "customer", "name", "Bora", "kind", "person", NULL);
  g_autofree char *gone = store_test_create (store, "customer", "name", "Giden", "kind", "person", NULL);
  const char *statuses[] = { "draft", "confirmed", "confirmed", "delivered", "cancelled" };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *at = g_strdup_printf ("2026-0%u-01T10:00:00Z", i + 1);

      g_free (store_test_create (store, "order", "customer", ayse, "status", statuses[i],
                                 "ordered_at", at, NULL));
    }
  g_free (store_test_create (store, "order", "customer", bora, "status", "confirmed", NULL));
  g_free (store_test_create (store, "service_call", "customer", ayse, "problem", "Arıza", NULL));
  g_free (store_test_create (store, "note", "customer", ayse, "summary", "Aradı",
                             "at", "2026-03-01T09:00:00Z", NULL));
  g_free (store_test_create (store, "note", "customer", ayse, "summary", "Şikâyet",
                             "channel", "complaint", "at", "2026-04-01T09:00:00Z", NULL));
  g_free (store_test_create (store, "campaign", "name", "Herkese", "channel", "visit", NULL));
  g_assert_true (saha_store_delete (store, "customer", gone, &error));

  summary = saha_store_customer_summary_sync (store, ayse, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saha_record_get (summary->customer, "name"), ==, "Ayşe");
  g_assert_cmpuint (saha_customer_summary_count (summary, "order", NULL), ==, 5);
  g_assert_cmpuint (saha_customer_summary_count (summary, "order", "confirmed"), ==, 2);
  g_assert_cmpuint (saha_customer_summary_count (summary, "order", "quote"), ==, 0);
  g_assert_cmpuint (saha_customer_summary_count (summary, "service_call", NULL), ==, 1);
  g_assert_cmpuint (saha_customer_summary_count (summary, "visit", NULL), ==, 0);
  g_assert_cmpuint (saha_customer_summary_count (summary, "note", NULL), ==, 2);
  /* The three most recent orders, newest first. */
  orders = saha_customer_summary_dup_recent (summary, "order");
  g_assert_cmpuint (orders->len, ==, 3);
  g_assert_cmpstr (saha_record_get (orders->pdata[0], "status"), ==, "cancelled");
  g_assert_cmpstr (saha_record_get (orders->pdata[2], "status"), ==, "confirmed");
  notes = saha_customer_summary_dup_recent (summary, "note");
  g_assert_cmpstr (saha_record_get (notes->pdata[0], "summary"), ==, "Şikâyet");
  /* Three qualifying orders: a segment; a campaign for everyone by visit. */
  g_assert_cmpuint (summary->rfm->frequency, ==, 3);
  g_assert_cmpint (summary->rfm->segment, !=, SAHA_SEGMENT_NONE);
  g_assert_cmpuint (summary->campaigns->len, ==, 1);

  /* A deleted customer: the tombstone, and nothing more. */
  deleted = saha_store_customer_summary_sync (store, gone, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (saha_record_is_deleted (deleted->customer));
  g_assert_null (deleted->campaigns);
  g_clear_pointer (&deleted, saha_customer_summary_free);
  /* One the replica never held. */
  deleted = saha_store_customer_summary_sync (store, "no-such-id", 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (deleted->customer);
}

static void
test_cancelled_before (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ayse = store_test_create (store, "customer", "name", "Ayşe", "kind", "person", NULL);

  g_cancellable_cancel (cancellable);
  g_assert_null (saha_store_customer_summary_sync (store, ayse, 10, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gpointer
cancel_soon (gpointer data)
{
  g_usleep (100 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

/* A statement that would run for minutes stops soon after the cancellable is cancelled
 * from another thread; the connection then works on, without the cancellable. */
static void
test_interrupts_sqlite (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start;
  int rc;
  guint count = 0;

  saha_store_set_cancellable (store, cancellable);
  g_assert_true (saha_store_count (store, "customer", NULL, &count, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_prepare_v2 (saha_store_get_db (store),
                                       "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL "
                                       "SELECT i + 1 FROM n WHERE i < 10000000000) "
                                       "SELECT count(*) FROM n", -1, &stmt, NULL), ==, SQLITE_OK);
  thread = g_thread_new ("cancel", cancel_soon, cancellable);
  start = g_get_monotonic_time ();
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  g_assert_cmpint (rc, ==, SQLITE_INTERRUPT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  /* Cancelled: a read of more than a few rows stops with the store's error... */
  saha_store_set_cancellable (store, NULL);
  g_assert_true (saha_store_begin (store, &error));
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *name = g_strdup_printf ("Müşteri %u", i);

      g_free (store_test_create (store, "customer", "name", name, "kind", "person", NULL));
    }
  g_assert_true (saha_store_commit (store, &error));
  saha_store_set_cancellable (store, cancellable);
  g_assert_null (saha_store_list (store, "customer", NULL, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_DATABASE);
  g_clear_error (&error);
  /* ...until the cancellable is taken away. */
  saha_store_set_cancellable (store, NULL);
  g_assert_true (saha_store_count (store, "customer", NULL, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 300);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/customer-summary/summary", test_summary);
  g_test_add_func ("/store/customer-summary/cancelled-before", test_cancelled_before);
  g_test_add_func ("/store/customer-summary/interrupts-sqlite", test_interrupts_sqlite);

  return g_test_run ();
}
