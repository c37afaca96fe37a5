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

  set_entry (orders, "search", 0, "isik");
  iterate (400);   /* the search entry waits for a typing pause */
  WAIT_FOR (!saha_order_list_view_get_loading (orders));
  g_assert_cmpuint (saha_order_list_view_get_n_shown (orders), ==, 1);
  set_entry (orders, "search", 0, "AY-2026-0102");
  iterate (400);
  WAIT_FOR (!saha_order_list_view_get_loading (orders));
  g_assert_cmpuint (saha_order_list_view_get_n_shown (orders), ==, 1);
  set_entry (orders, "search", 0, "");
  iterate (400);
  WAIT_FOR (!saha_order_list_view_get_loading (orders));
  g_assert_cmpuint (saha_order_list_view_get_n_shown (orders), ==, 2);

  saha_window_show_page (fixture->window, "service-calls");
  saha_service_call_list_view_reload (calls);
  WAIT_FOR (!saha_service_call_list_view_get_loading (calls));
  g_assert_cmpuint (saha_service_call_list_view_get_n_shown (calls), ==, 2);
  set_entry (calls, "search", 0, "KOMBİ");
  iterate (400);
  WAIT_FOR (!saha_service_call_list_view_get_loading (calls));
  g_assert_cmpuint (saha_service_call_list_view_get_n_shown (calls), ==, 1);
  set_entry (calls, "search", 0, "şahin");
  iterate (400);
  WAIT_FOR (!saha_service_call_list_view_get_loading (calls));
  g_assert_cmpuint (saha_service_call_list_view_get_n_shown (calls), ==, 1);
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
