/* test-cancel.c: cancelling a service call or an order asks first and keeps the reason;
 * the office reopens a cancelled call, a rep cannot (issue 13).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-order-editor.h"
#include "saha-order-list-view.h"
#include "saha-service-call-list-view.h"
#include "saha-service-call-page.h"

#include "fieldwork-test.h"

static GtkWidget *
find_toplevel_named (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (window), name) == 0 && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static SahaServiceCallPage *
open_call (Fixture    *fixture,
           const char *call_id)
{
  GObject *view = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW,
                                                 "service_calls_page");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-service-call", "s", call_id);
  return saha_service_call_list_view_get_page (SAHA_SERVICE_CALL_LIST_VIEW (view));
}

/* Writes @reason in the open cancel dialog and answers it with @response. */
static void
answer_cancel_dialog (const char *reason,
                      const char *response)
{
  GtkWidget *dialog = find_toplevel_named ("cancel-dialog");

  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                           "cancel-record"));
  set_entry (dialog, "cancel-reason", 0, reason);
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog),
                                                          "cancel-record"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate (20);
}

static void
set_role (Fixture    *fixture,
          const char *role)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (saha_store_set_setting (fixture->store, "user_role", role, &error));
  g_assert_no_error (error);
}

static void
test_cancel_call (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *id = store_test_create (fixture->store, "service_call",
                                           "customer", fixture->customer_id,
                                           "problem", "Sigorta atıyor", "status", "assigned",
                                           "assigned_to", "ayse", NULL);
  SahaServiceCallPage *page;
  g_autoptr(SahaRecord) call = NULL;
  g_autoptr(GError) error = NULL;

  set_role (fixture, "office");
  page = open_call (fixture, id);

  /* Kept: nothing changes. */
  g_signal_emit_by_name (find_named (page, "move-cancelled", 0), "clicked");
  iterate (20);
  answer_cancel_dialog ("Yanlışlıkla", "keep");
  call = saha_store_get (fixture->store, "service_call", id, &error);
  g_assert_cmpstr (saha_record_get (call, "status"), ==, "assigned");
  g_clear_pointer (&call, saha_record_unref);

  g_signal_emit_by_name (find_named (page, "move-cancelled", 0), "clicked");
  iterate (20);
  answer_cancel_dialog ("Müşteri arızayı kendisi giderdi", "cancel-record");
  call = saha_store_get (fixture->store, "service_call", id, &error);
  g_assert_cmpstr (saha_record_get (call, "status"), ==, "cancelled");
  g_assert_cmpstr (saha_record_get (call, "cancel_reason"), ==, "Müşteri arızayı kendisi giderdi");
  g_clear_pointer (&call, saha_record_unref);

  /* The office reopens it. */
  g_assert_cmpuint (count_named (page, "move-new"), ==, 1);
  g_signal_emit_by_name (find_named (page, "move-new", 0), "clicked");
  iterate (20);
  call = saha_store_get (fixture->store, "service_call", id, &error);
  g_assert_cmpstr (saha_record_get (call, "status"), ==, "new");
  g_clear_pointer (&call, saha_record_unref);

  /* A rep is not offered the reopening of a cancelled call. */
  g_assert_true (saha_service_call_page_cancel (page, "Tekrar iptal"));
  set_role (fixture, "rep");
  page = open_call (fixture, id);
  g_assert_cmpuint (count_named (page, "move-new"), ==, 0);
  g_assert_false (saha_service_call_page_move_to (page, "new"));
}

static void
test_cancel_order (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *id = store_test_create (fixture->store, "order", "customer", fixture->customer_id,
                                           "status", "confirmed", NULL);
  GObject *view = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW,
                                                 "orders_page");
  SahaOrderEditor *editor;
  g_autoptr(SahaRecord) order = NULL;
  g_autoptr(GError) error = NULL;

  g_free (store_test_create (fixture->store, "order_line", "order", id, "product", fixture->fuse_id,
                             "quantity", "1", "unit_price", "100.00", NULL));
  saha_order_list_view_open_order (SAHA_ORDER_LIST_VIEW (view), id);
  editor = saha_order_list_view_get_editor (SAHA_ORDER_LIST_VIEW (view));
  iterate (20);

  /* A confirmed order has no Confirm menu: its header offers the cancellation. */
  g_assert_true (gtk_widget_get_visible (find_named (editor, "cancel-order", 0)));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel-order", NULL);
  iterate (20);
  answer_cancel_dialog ("Müşteri vazgeçti", "cancel-record");
  order = saha_store_get (fixture->store, "order", id, &error);
  g_assert_cmpstr (saha_record_get (order, "status"), ==, "cancelled");
  g_assert_cmpstr (saha_record_get (order, "cancel_reason"), ==, "Müşteri vazgeçti");

  /* A cancelled order is not cancelled again. */
  g_assert_false (gtk_widget_get_visible (find_named (editor, "cancel-order", 0)));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.cancel-order", NULL)
                  && find_toplevel_named ("cancel-dialog") != NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fieldwork_test_init (&argc, &argv);

  g_test_add ("/app/cancel/service-call", Fixture, NULL, fixture_set_up, test_cancel_call,
              fixture_tear_down);
  g_test_add ("/app/cancel/order", Fixture, NULL, fixture_set_up, test_cancel_order,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
