/* test-pages-listen.c: every sidebar page is a SahaPage that reads in worker threads when
 * shown, and re-reads what another connection wrote (a sync worker, saha-cli) with nobody
 * pressing anything.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fieldwork-test.h"
#include "saha-customers-view.h"
#include "saha-order-list-view.h"
#include "saha-page.h"
#include "saha-task-list-page.h"
#include "saha-today-view.h"

static const char * const pages[] = {
  "today", "tasks", "customers", "orders", "service-calls", "visits", "visit-review",
  "dispatch", "profitability", "campaigns", "knowledge-base", "conflicts",
};

static void
office_set_up (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "replica.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *call = NULL;

  fixture->store = saha_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (saha_store_set_setting (fixture->store, "user", "ayse", &error));
  /* The office sees every page: visit review, dispatch, profitability. */
  g_assert_true (saha_store_set_setting (fixture->store, "user_role", "office", &error));
  g_assert_no_error (error);

  fixture->customer_id = store_test_create (fixture->store, "customer",
                                            "name", "Işık Elektrik", "kind", "company",
                                            "city", "İzmir", "assigned_to", "ayse", NULL);
  fixture->cable_id = store_test_create (fixture->store, "product", "sku", "KBL-25",
                                         "name", "NYA kablo 2,5 mm²", "unit_price", "12.99",
                                         "vat_rate", "20", NULL);
  g_free (store_test_create (fixture->store, "order", "customer", fixture->customer_id, NULL));
  call = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                            "problem", "Kombi arızası", "assigned_to", "ayse", NULL);
  g_free (store_test_create (fixture->store, "visit", "customer", fixture->customer_id,
                             "purpose", "service", NULL));
  g_free (store_test_create (fixture->store, "task", "title", "Teklifi ara",
                             "owner", "ayse", NULL));
  g_free (store_test_create (fixture->store, "campaign", "name", "Bahar", "channel", "sms",
                             "message", "Bakım indirimi", NULL));
  g_free (store_test_create (fixture->store, "kb_article", "title", "Kombi basıncı",
                             "body", "Basınç 1,5 bar olmalı.", NULL));

  fixture->window = saha_window_new (app, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static SahaPage *
page_named (Fixture    *fixture,
            const char *name)
{
  GtkStack *stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                              SAHA_TYPE_WINDOW,
                                                              "content_stack"));
  GtkWidget *page = gtk_stack_get_child_by_name (stack, name);

  g_assert_true (SAHA_IS_PAGE (page));
  return SAHA_PAGE (page);
}

static gboolean
page_loading (SahaPage *page)
{
  gboolean loading = saha_page_get_loading (page);

  if (SAHA_IS_TODAY_VIEW (page))
    loading |= saha_today_view_get_loading (SAHA_TODAY_VIEW (page));
  if (SAHA_IS_ORDER_LIST_VIEW (page))
    loading |= saha_order_list_view_get_loading (SAHA_ORDER_LIST_VIEW (page));
  return loading;
}

/* Shows @name and lets its read (in a worker) and what follows land. */
static SahaPage *
show (Fixture    *fixture,
      const char *name)
{
  SahaPage *page = page_named (fixture, name);

  saha_window_show_page (fixture->window, name);
  WAIT_FOR (!saha_page_get_stale (page) && !page_loading (page));
  iterate (300);
  return page;
}

/* Showing each page reads nothing on the UI thread: the statements counted on the
 * window's connection while the main loop runs stay at 0. Each page is shown once fresh and once after a change
 * made it stale, and every page is a SahaPage with the window's store. */
static void
test_pages_read_in_workers (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(SahaStore) other = NULL;
  g_autoptr(GError) error = NULL;

  show (fixture, "customers");
  iterate (500);

  /* The test's own calls (showing a page) run as the UI thread's: the statements they
   * cause count as the main loop's would. */
  g_assert_true (g_main_context_acquire (NULL));
  for (guint round = 0; round < 2; round++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        {
          SahaPage *page = page_named (fixture, pages[i]);
          guint statements;

          g_assert_true (saha_page_get_store (page) == fixture->store);
          saha_store_reset_main_thread_statements (fixture->store);
          show (fixture, pages[i]);
          statements = saha_store_get_main_thread_statements (fixture->store);
          if (statements != 0)
            g_error ("showing page %s ran %u statements on the UI thread (round %u)",
                     pages[i], statements, round);
        }

      /* Another connection writes every entity the pages show: each page is stale, and
       * the second round shows them again. */
      if (round == 0)
        {
          other = saha_store_open (saha_store_get_path (fixture->store), &error);
          g_assert_no_error (error);
          g_free (store_test_create (other, "customer", "name", "Başka Bağlantı",
                                     "kind", "person", NULL));
          WAIT_FOR (saha_page_get_stale (page_named (fixture, "orders")));
          /* The window's own answer to the change (the sidebar's count of conflicts,
           * the sync status: indexed counts on the UI thread) is not a page's show. */
          iterate (300);
        }
    }
  g_main_context_release (NULL);
}

/* The 360° page of a customer reads everything in one worker read (the record, its
 * lists, segment and campaigns, the contact persons, the consents that may switch the
 * Call/Message/E-mail buttons off, the signed-in user's role) and its consent statements
 * in another: nothing on the UI thread. Until the read lands no action acts on the
 * customer. */
/* Whether the page's button @id (bound to one of its actions) can be pressed: the
 * button follows whether its action is enabled. */
static gboolean
button_usable (SahaCustomerPage *page,
               const char       *id)
{
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                 SAHA_TYPE_CUSTOMER_PAGE, id));

  return gtk_widget_is_sensitive (button);
}

static void
test_customer_page (Fixture       *fixture,
                    gconstpointer  user_data)
{
  SahaCustomersView *view = SAHA_CUSTOMERS_VIEW (show (fixture, "customers"));
  SahaCustomerPage *page = saha_customers_view_get_page (view);
  guint statements;

  g_free (store_test_create (fixture->store, "note", "customer", fixture->customer_id,
                             "summary", "Aradı", NULL));
  {
    SahaFieldInput phone = { "phone", "+90 232 000 00 00" };

    g_assert_true (saha_store_update (fixture->store, "customer", fixture->customer_id, &phone,
                                      1, NULL));
  }
  iterate (300);
  g_assert_true (g_main_context_acquire (NULL));
  saha_store_reset_main_thread_statements (fixture->store);
  saha_customer_page_show_customer (page, fixture->store, fixture->customer_id);
  g_assert_true (saha_customer_page_get_loading (page));
  /* Call is not usable before the consent answer is known. */
  g_assert_false (button_usable (page, "call_button"));
  g_assert_false (button_usable (page, "email_button"));
  WAIT_FOR (!saha_customer_page_get_loading (page));
  iterate (100);
  statements = saha_store_get_main_thread_statements (fixture->store);
  g_main_context_release (NULL);
  g_test_message ("the customer page ran %u statements on the UI thread", statements);
  g_assert_cmpuint (statements, ==, 0);
  /* Once read, with a phone number and no consent withdrawn, Call can be pressed. */
  g_assert_true (button_usable (page, "call_button"));
  /* What the worker read is on the page. */
  g_assert_cmpstr (adw_preferences_group_get_description (
                     ADW_PREFERENCES_GROUP (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                           SAHA_TYPE_CUSTOMER_PAGE,
                                                                           "notes_group"))),
                   ==, "1 note");
}

/* A write by another connection (saha-cli, a sync worker) shows on the page on screen,
 * with nobody pressing Reload; a page not on screen is only marked stale, and reads when
 * shown. */
static void
test_other_writer_shows (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(SahaStore) other = NULL;
  g_autoptr(GError) error = NULL;
  SahaOrderListView *orders;
  SahaPage *tasks;
  guint before;

  orders = SAHA_ORDER_LIST_VIEW (show (fixture, "orders"));
  tasks = page_named (fixture, "tasks");
  before = saha_order_list_view_get_n_shown (orders);
  g_assert_cmpuint (before, ==, 1);

  other = saha_store_open (saha_store_get_path (fixture->store), &error);
  g_assert_no_error (error);
  g_free (store_test_create (other, "order", "customer", fixture->customer_id, NULL));
  WAIT_FOR (saha_order_list_view_get_n_shown (orders) == before + 1);

  /* Hidden pages wait: the tasks page is stale until shown. */
  g_free (store_test_create (other, "task", "title", "İkinci iş", "owner", "ayse", NULL));
  WAIT_FOR (saha_page_get_stale (tasks));
  g_assert_true (saha_page_get_stale (tasks));
  show (fixture, "tasks");
  g_assert_false (saha_page_get_stale (tasks));
  {
    g_auto(GStrv) ids = saha_task_list_page_dup_task_ids (SAHA_TASK_LIST_PAGE (tasks));

    g_assert_cmpuint (g_strv_length (ids), ==, 2);
  }
}

/* This window's own write (a page saving through the window's store) is announced too:
 * the orders page, on screen, lists an order made through the store with no call to
 * reload it. */
static void
test_own_write_shows (Fixture       *fixture,
                      gconstpointer  user_data)
{
  SahaOrderListView *orders = SAHA_ORDER_LIST_VIEW (show (fixture, "orders"));
  guint before = saha_order_list_view_get_n_shown (orders);

  g_free (store_test_create (fixture->store, "order", "customer", fixture->customer_id, NULL));
  WAIT_FOR (saha_order_list_view_get_n_shown (orders) == before + 1);
}

int
main (int   argc,
      char *argv[])
{
  fieldwork_test_init (&argc, &argv);

  g_test_add ("/app/pages-listen/read-in-workers", Fixture, NULL, office_set_up,
              test_pages_read_in_workers, fixture_tear_down);
  g_test_add ("/app/pages-listen/other-writer", Fixture, NULL, office_set_up,
              test_other_writer_shows, fixture_tear_down);
  g_test_add ("/app/pages-listen/customer-page", Fixture, NULL, office_set_up,
              test_customer_page, fixture_tear_down);
  g_test_add ("/app/pages-listen/own-write", Fixture, NULL, office_set_up,
              test_own_write_shows, fixture_tear_down);

  return g_test_run ();
}
