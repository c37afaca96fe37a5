/* test-changes.c: the store announces what changed ("changed::ENTITY"), after the commit,
 * for its own writes and, through the data version, for another connection's; and counts
 * the statements run on the UI thread.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store-test.h"

typedef struct
{
  GPtrArray *entities;      /* names, in emission order */
  GArray    *by_this;       /* gboolean for each */
} Heard;

static void
on_changed (SahaStore  *store,
            const char *entity,
            gboolean    by_this_connection,
            Heard      *heard)
{
  g_ptr_array_add (heard->entities, g_strdup (entity));
  g_array_append_val (heard->by_this, by_this_connection);
}

static void
heard_init (Heard *heard)
{
  heard->entities = g_ptr_array_new_with_free_func (g_free);
  heard->by_this = g_array_new (FALSE, FALSE, sizeof (gboolean));
}

static void
heard_clear (Heard *heard)
{
  g_ptr_array_set_size (heard->entities, 0);
  g_array_set_size (heard->by_this, 0);
}

static void
heard_free (Heard *heard)
{
  g_ptr_array_unref (heard->entities);
  g_array_unref (heard->by_this);
}

static guint
heard_count (Heard      *heard,
             const char *entity)
{
  guint n = 0;

  for (guint i = 0; i < heard->entities->len; i++)
    n += g_strcmp0 (heard->entities->pdata[i], entity) == 0;
  return n;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Three creates in one transaction: one "changed::customer", after the commit, none
 * before; a handler for orders hears nothing. */
static void
test_own_commit (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL, *c = NULL;
  Heard all, customers, orders;

  heard_init (&all);
  heard_init (&customers);
  heard_init (&orders);
  iterate ();
  g_signal_connect (store, "changed", G_CALLBACK (on_changed), &all);
  g_signal_connect (store, "changed::customer", G_CALLBACK (on_changed), &customers);
  g_signal_connect (store, "changed::order", G_CALLBACK (on_changed), &orders);

  g_assert_true (saha_store_begin (store, &error));
  a = store_test_create (store, "customer", "name", "Ayşe", "kind", "person", NULL);
  b = store_test_create (store, "customer", "name", "Bora", "kind", "person", NULL);
  iterate ();
  g_assert_cmpuint (all.entities->len, ==, 0);   /* not before the commit */
  c = store_test_create (store, "customer", "name", "Cem", "kind", "person", NULL);
  g_assert_true (saha_store_commit (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (all.entities->len, ==, 0);   /* on the main context, not in the call */
  iterate ();

  g_assert_cmpuint (customers.entities->len, ==, 1);
  g_assert_cmpstr (customers.entities->pdata[0], ==, "customer");
  g_assert_true (g_array_index (customers.by_this, gboolean, 0));
  g_assert_cmpuint (orders.entities->len, ==, 0);
  g_assert_cmpuint (heard_count (&all, "customer"), ==, 1);

  /* A write of its own transaction: its entities alone. */
  heard_clear (&all);
  heard_clear (&customers);
  g_free (store_test_create (store, "order", "customer", a, NULL));
  iterate ();
  g_assert_cmpuint (heard_count (&all, "order"), ==, 1);
  g_assert_cmpuint (customers.entities->len, ==, 0);
  g_assert_cmpuint (orders.entities->len, ==, 1);

  heard_free (&all);
  heard_free (&customers);
  heard_free (&orders);
}

/* A write that fails or a transaction rolled back announces nothing. */
static void
test_rollback_is_silent (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GError) error = NULL;
  SahaFieldInput bad[] = { { "name", "X" }, { "kind", "no-such-kind" } };
  g_autofree char *id = NULL;
  Heard heard;

  heard_init (&heard);
  iterate ();
  g_signal_connect (store, "changed", G_CALLBACK (on_changed), &heard);

  g_assert_true (saha_store_begin (store, &error));
  g_free (store_test_create (store, "customer", "name", "Ayşe", "kind", "person", NULL));
  saha_store_rollback (store);
  id = saha_store_create (store, "customer", bad, G_N_ELEMENTS (bad), &error);
  g_assert_null (id);
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);
  iterate ();
  g_assert_cmpuint (heard.entities->len, ==, 0);

  heard_free (&heard);
}

/* Another connection on the same file (a sync worker, saha-cli): its commit is seen
 * through the data version, by a poll now or by the watch on the main loop; this
 * connection's own commits do not look like another's. */
static void
test_other_connection (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(SahaStore) other = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  Heard heard;

  heard_init (&heard);
  other = saha_store_open (saha_store_get_path (store), &error);
  g_assert_no_error (error);
  iterate ();
  g_signal_connect (store, "changed::customer", G_CALLBACK (on_changed), &heard);

  g_assert_false (saha_store_poll_changes (store));
  g_free (store_test_create (store, "customer", "name", "Own", "kind", "person", NULL));
  iterate ();
  heard_clear (&heard);
  g_assert_false (saha_store_poll_changes (store));   /* its own write: not another's */
  g_assert_cmpuint (heard.entities->len, ==, 0);

  g_free (store_test_create (other, "customer", "name", "Elsewhere", "kind", "person", NULL));
  g_assert_true (saha_store_poll_changes (store));
  g_assert_cmpuint (heard.entities->len, ==, 1);
  g_assert_false (g_array_index (heard.by_this, gboolean, 0));
  g_assert_false (saha_store_poll_changes (store));   /* seen once */

  /* The watch polls on the main loop. */
  heard_clear (&heard);
  saha_store_watch_changes (store, 20);
  g_free (store_test_create (other, "customer", "name", "Later", "kind", "person", NULL));
  start = g_get_monotonic_time ();
  while (heard.entities->len == 0 && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (heard.entities->len, ==, 1);
  g_assert_false (g_array_index (heard.by_this, gboolean, 0));

  heard_free (&heard);
}

/* A watching store learns what this process's other connections (a sync worker, a page's
 * read keeping a setting) wrote: a setting alone announces nothing, a customer announces
 * customers alone. A store that does not watch names every entity. */
static void
test_in_process_connection (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(SahaStore) other = NULL;
  g_autoptr(SahaStore) bystander = NULL;
  g_autoptr(GError) error = NULL;
  Heard heard, everything;

  heard_init (&heard);
  heard_init (&everything);
  other = saha_store_open (saha_store_get_path (store), &error);
  g_assert_no_error (error);
  bystander = saha_store_open (saha_store_get_path (store), &error);
  g_assert_no_error (error);
  saha_store_watch_changes (store, 60000);
  iterate ();
  g_signal_connect (store, "changed", G_CALLBACK (on_changed), &heard);
  g_signal_connect (bystander, "changed", G_CALLBACK (on_changed), &everything);

  g_assert_true (saha_store_set_setting (other, "today_seen", "{}", &error));
  g_assert_true (saha_store_poll_changes (store));
  g_assert_cmpuint (heard.entities->len, ==, 0);
  g_assert_true (saha_store_poll_changes (bystander));
  g_assert_cmpuint (heard_count (&everything, "customer"), ==, 1);
  g_assert_cmpuint (heard_count (&everything, "order"), ==, 1);

  g_free (store_test_create (other, "customer", "name", "Aynı Süreç", "kind", "person", NULL));
  g_assert_true (saha_store_poll_changes (store));
  g_assert_cmpuint (heard.entities->len, ==, 1);
  g_assert_cmpstr (heard.entities->pdata[0], ==, "customer");
  g_assert_false (g_array_index (heard.by_this, gboolean, 0));

  heard_free (&heard);
  heard_free (&everything);
}

/* The store's emission waits for the main loop; a store dropped before then emits
 * nothing and nothing crashes. */
static void
test_dropped_before_emission (void)
{
  SahaStore *store = store_test_open ("replica.db");
  Heard heard;

  heard_init (&heard);
  g_signal_connect (store, "changed", G_CALLBACK (on_changed), &heard);
  g_free (store_test_create (store, "customer", "name", "Gone", "kind", "person", NULL));
  g_object_unref (store);
  iterate ();
  g_assert_cmpuint (heard.entities->len, ==, 0);
  heard_free (&heard);
}

/* Statements are counted while the thread owns the default main context (the UI thread
 * in its main loop), not otherwise, and the data version polls are not. */
static void
test_main_thread_statements (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GError) error = NULL;
  guint count = 0;

  saha_store_reset_main_thread_statements (store);
  g_assert_true (saha_store_count (store, "customer", NULL, &count, &error));
  g_assert_cmpuint (saha_store_get_main_thread_statements (store), ==, 0);

  g_assert_true (g_main_context_acquire (g_main_context_default ()));
  saha_store_poll_changes (store);
  g_assert_cmpuint (saha_store_get_main_thread_statements (store), ==, 0);
  g_assert_true (saha_store_count (store, "customer", NULL, &count, &error));
  g_assert_cmpuint (saha_store_get_main_thread_statements (store), ==, 1);
  g_free (store_test_create (store, "customer", "name", "Counted", "kind", "person", NULL));
  g_assert_cmpuint (saha_store_get_main_thread_statements (store), >, 1);
  g_main_context_release (g_main_context_default ());

  saha_store_reset_main_thread_statements (store);
  g_assert_cmpuint (saha_store_get_main_thread_statements (store), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/changes/own-commit", test_own_commit);
  g_test_add_func ("/store/changes/rollback-is-silent", test_rollback_is_silent);
  g_test_add_func ("/store/changes/other-connection", test_other_connection);
  g_test_add_func ("/store/changes/in-process-connection", test_in_process_connection);
  g_test_add_func ("/store/changes/dropped-before-emission", test_dropped_before_emission);
  g_test_add_func ("/store/changes/main-thread-statements", test_main_thread_statements);

  return g_test_run ();
}
