/* test-back-to-customer.c: an order or a service call opened from a customer's 360° page,
 * or started there, goes back to that customer with Back; opened from its list, Back
 * stays on the list.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fieldwork-test.h"
#include "saha-customer-page.h"
#include "saha-customers-view.h"
#include "saha-order-editor.h"
#include "saha-order-list-view.h"
#include "saha-service-call-list-view.h"
#include "saha-service-call-page.h"

static const char *
visible_page (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (
    GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW,
                                              "content_stack")));
}

static SahaCustomerPage *
customer_page (Fixture *fixture)
{
  SahaCustomersView *customers =
    SAHA_CUSTOMERS_VIEW (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                        SAHA_TYPE_WINDOW, "customers_view"));

  return saha_customers_view_get_page (customers);
}

static SahaOrderListView *
orders_page (Fixture *fixture)
{
  return SAHA_ORDER_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                              SAHA_TYPE_WINDOW, "orders_page"));
}

static SahaServiceCallListView *
calls_page (Fixture *fixture)
{
  return SAHA_SERVICE_CALL_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                     SAHA_TYPE_WINDOW,
                                                                     "service_calls_page"));
}

/* The customer's 360° page, with its orders and calls listed. */
static void
open_customer (Fixture *fixture)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-customer", "s",
                              fixture->customer_id);
  g_assert_cmpstr (visible_page (fixture), ==, "customers");
  WAIT_FOR (count_named (customer_page (fixture), "customer-order-row") == 1
            && count_named (customer_page (fixture), "customer-call-row") == 1);
  g_assert_cmpstr (saha_customer_page_get_customer_id (customer_page (fixture)), ==,
                   fixture->customer_id);
}

static void
test_back (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autofree char *order = store_test_create (fixture->store, "order", "customer",
                                              fixture->customer_id, "status", "draft", NULL);
  g_autofree char *call = store_test_create (fixture->store, "service_call", "customer",
                                             fixture->customer_id, "problem", "Sigorta atıyor",
                                             "assigned_to", "ayse", "status", "assigned", NULL);
  SahaOrderEditor *editor = saha_order_list_view_get_editor (orders_page (fixture));
  SahaServiceCallPage *call_page = saha_service_call_list_view_get_page (calls_page (fixture));

  /* The order's row on the 360° page opens it; Back returns to the customer. */
  open_customer (fixture);
  g_assert_true (gtk_widget_activate (find_named (customer_page (fixture), "customer-order-row", 0)));
  g_assert_cmpstr (visible_page (fixture), ==, "orders");
  g_assert_cmpstr (saha_order_editor_get_order_id (editor), ==, order);
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.back", NULL);
  g_assert_cmpstr (visible_page (fixture), ==, "customers");
  g_assert_cmpstr (saha_customer_page_get_customer_id (customer_page (fixture)), ==,
                   fixture->customer_id);

  /* The same for a call. */
  open_customer (fixture);
  g_assert_true (gtk_widget_activate (find_named (customer_page (fixture), "customer-call-row", 0)));
  g_assert_cmpstr (visible_page (fixture), ==, "service-calls");
  g_assert_cmpstr (saha_service_call_page_get_call_id (call_page), ==, call);
  gtk_widget_activate_action (GTK_WIDGET (call_page), "call.back", NULL);
  g_assert_cmpstr (visible_page (fixture), ==, "customers");

  /* A call started with the 360° page's quick action goes back there too. */
  open_customer (fixture);
  gtk_widget_activate_action (GTK_WIDGET (customer_page (fixture)), "customer.new-service-call",
                              NULL);
  g_assert_cmpstr (visible_page (fixture), ==, "service-calls");
  gtk_widget_activate_action (GTK_WIDGET (call_page), "call.back", NULL);
  g_assert_cmpstr (visible_page (fixture), ==, "customers");

  /* Opened from its own list, Back stays on the list. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-order", "s", order);
  g_assert_cmpstr (saha_order_editor_get_order_id (editor), ==, order);
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.back", NULL);
  g_assert_cmpstr (visible_page (fixture), ==, "orders");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fieldwork_test_init (&argc, &argv);

  g_test_add ("/app/back-to-customer", Fixture, NULL, fixture_set_up, test_back,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
