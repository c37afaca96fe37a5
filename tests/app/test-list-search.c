/* test-list-search.c: the search entries of the Orders and Service calls pages find by
 * number, customer name (Turkish folding: "isik" and "IŞIK" find "Işık") and a call's problem
 * (issue 13).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-order-list-view.h"
#include "saha-service-call-list-view.h"

#include "fieldwork-test.h"

static gpointer
window_child (Fixture    *fixture,
              const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW, name);
}

static void
search_orders (SahaOrderListView *orders,
               const char        *text,
               guint              expected)
{
  set_entry (orders, "search", 0, text);
  WAIT_FOR (!saha_order_list_view_get_loading (orders)
            && saha_order_list_view_get_n_shown (orders) == expected);
}

static void
search_calls (SahaServiceCallListView *calls,
              const char              *text,
              guint                    expected)
{
  set_entry (calls, "search", 0, text);
  WAIT_FOR (!saha_service_call_list_view_get_loading (calls)
            && saha_service_call_list_view_get_n_shown (calls) == expected);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  SahaOrderListView *orders = window_child (fixture, "orders_page");
  SahaServiceCallListView *calls = window_child (fixture, "service_calls_page");
  g_autoptr(SahaRecord) sahin = only_record (fixture->store, "customer", "name", "Şahin Market");

  g_free (store_test_create (fixture->store, "order", "customer", fixture->customer_id,
                             "number", "AY-2026-0101", NULL));
  g_free (store_test_create (fixture->store, "order", "customer", saha_record_get_id (sahin),
                             "number", "AY-2026-0102", NULL));
  g_free (store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                             "number", "AY-2026-0201", "problem", "Pano sigortası atıyor", NULL));
  g_free (store_test_create (fixture->store, "service_call", "customer",
                             saha_record_get_id (sahin), "number", "AY-2026-0202",
                             "problem", "Kombi su kaçırıyor", NULL));

  saha_window_show_page (fixture->window, "orders");
  saha_order_list_view_reload (orders);
  WAIT_FOR (!saha_order_list_view_get_loading (orders));
  g_assert_cmpuint (saha_order_list_view_get_n_shown (orders), ==, 2);

  /* Each search shows another count than the one before, so that waiting for it cannot
   * stop at the previous search's rows. The entry waits for a pause in the typing. */
  search_orders (orders, "isik", 1);
  search_orders (orders, "", 2);
  search_orders (orders, "AY-2026-0102", 1);
  search_orders (orders, "", 2);
  search_orders (orders, "IŞIK", 1);

  saha_window_show_page (fixture->window, "service-calls");
  saha_service_call_list_view_reload (calls);
  WAIT_FOR (!saha_service_call_list_view_get_loading (calls));
  g_assert_cmpuint (saha_service_call_list_view_get_n_shown (calls), ==, 2);
  search_calls (calls, "KOMBİ", 1);
  search_calls (calls, "", 2);
  search_calls (calls, "şahin", 1);
  search_calls (calls, "", 2);
  search_calls (calls, "AY-2026-0201", 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fieldwork_test_init (&argc, &argv);

  g_test_add ("/app/list-search/orders-and-calls", Fixture, NULL, fixture_set_up, test_search,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
