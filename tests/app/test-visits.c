/* test-visits.c: checking in and out of a visit writes the visit record, and an order
 * taken while checked in is linked to it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-customer-note-dialog.h"
#include "saha-customer-page.h"
#include "saha-customers-view.h"
#include "saha-order-list-view.h"
#include "saha-service-call-list-view.h"
#include "saha-visit-editor.h"
#include "saha-visit-list-view.h"

#include "fieldwork-test.h"

static SahaVisitListView *
visits_view (Fixture *fixture)
{
  GObject *view = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW,
                                                 "visits_page");

  g_assert_true (SAHA_IS_VISIT_LIST_VIEW (view));
  return SAHA_VISIT_LIST_VIEW (view);
}

static void
test_check_in_out (Fixture       *fixture,
                   gconstpointer  user_data)
{
  SahaVisitEditor *editor = saha_visit_list_view_get_editor (visits_view (fixture));
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(SahaRecord) visit = NULL;
  g_autofree char *visit_id = NULL;
  GObject *orders;
  SahaOrderEditor *order_editor;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.log-visit", "s",
                              fixture->customer_id);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (editor)));
  g_assert_null (saha_visit_editor_get_visit_id (editor));

  /* A latitude out of range is explained and nothing is written. */
  set_entry (editor, "latitude", 0, "95");
  set_entry (editor, "longitude", 0, "27,1428");
  g_assert_false (saha_visit_editor_check_in (editor));
  g_assert_true (gtk_widget_has_css_class (find_named (editor, "latitude", 0), "error"));
  g_assert_true (gtk_widget_get_visible (find_named (editor, "location-error", 0)));
  g_assert_cmpuint (count_records (fixture->store, "visit", NULL, NULL), ==, 0);

  set_entry (editor, "latitude", 0, "38,4237");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_named (editor, "purpose", 0)), 0);
  gtk_widget_activate_action (GTK_WIDGET (editor), "visit.check-in", NULL);
  visit_id = g_strdup (saha_visit_editor_get_visit_id (editor));
  g_assert_nonnull (visit_id);
  visit = only_record (fixture->store, "visit", NULL, NULL);
  g_assert_cmpstr (saha_record_get_id (visit), ==, visit_id);
  g_assert_cmpstr (saha_record_get (visit, "customer"), ==, fixture->customer_id);
  g_assert_cmpstr (saha_record_get (visit, "user"), ==, "ayse");
  g_assert_cmpstr (saha_record_get (visit, "purpose"), ==, "sales");
  g_assert_cmpstr (saha_record_get (visit, "lat"), ==, "38.4237");
  g_assert_cmpstr (saha_record_get (visit, "lon"), ==, "27.1428");
  g_assert_nonnull (saha_record_get (visit, "check_in_at"));
  g_assert_null (saha_record_get (visit, "check_out_at"));
  {
    g_autoptr(GDateTime) in = g_date_time_new_from_iso8601 (saha_record_get (visit, "check_in_at"),
                                                            NULL);

    g_assert_cmpint (g_date_time_to_unix (in), >=, g_date_time_to_unix (before));
  }

  /* "Log visit" again while checked in shows the same visit, not a second one. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.log-visit", "s",
                              fixture->customer_id);
  g_assert_cmpstr (saha_visit_editor_get_visit_id (editor), ==, visit_id);

  /* An order taken now belongs to the visit. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-order", "s",
                              fixture->customer_id);
  orders = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW,
                                          "orders_page");
  order_editor = saha_order_list_view_get_editor (SAHA_ORDER_LIST_VIEW (orders));
  search_and_pick (order_editor, "product-search", "product-results", "kablo");
  gtk_widget_activate_action (GTK_WIDGET (order_editor), "editor.save-draft", NULL);
  g_assert_nonnull (saha_order_editor_get_order_id (order_editor));
  g_clear_pointer (&visit, saha_record_unref);
  visit = saha_store_get (fixture->store, "visit", visit_id, NULL);
  g_assert_cmpstr (saha_record_get (visit, "order"), ==,
                   saha_order_editor_get_order_id (order_editor));

  /* Check out with the outcome. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.log-visit", "s",
                              fixture->customer_id);
  set_text_view (editor, "outcome", "Kablo siparişi alındı; pano teklifi gelecek hafta.");
  gtk_widget_activate_action (GTK_WIDGET (editor), "visit.check-out", NULL);
  g_clear_pointer (&visit, saha_record_unref);
  visit = saha_store_get (fixture->store, "visit", visit_id, NULL);
  g_assert_nonnull (saha_record_get (visit, "check_out_at"));
  g_assert_cmpstr (saha_record_get (visit, "outcome"), ==,
                   "Kablo siparişi alındı; pano teklifi gelecek hafta.");
  g_assert_false (saha_visit_editor_check_out (editor));

  /* Checked out, the next "Log visit" starts a new visit. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.log-visit", "s",
                              fixture->customer_id);
  g_assert_null (saha_visit_editor_get_visit_id (editor));

  gtk_widget_activate_action (GTK_WIDGET (editor), "visit.back", NULL);
  WAIT_FOR (!saha_visit_list_view_get_loading (visits_view (fixture)));
  g_assert_cmpuint (saha_visit_list_view_get_n_shown (visits_view (fixture)), ==, 1);
}

/* No location at all is fine: the field is optional. */
static void
test_check_in_without_location (Fixture       *fixture,
                                gconstpointer  user_data)
{
  SahaVisitEditor *editor = saha_visit_list_view_get_editor (visits_view (fixture));
  g_autoptr(SahaRecord) visit = NULL;

  saha_visit_list_view_log_visit (visits_view (fixture), fixture->customer_id);
  g_assert_true (saha_visit_editor_check_in (editor));
  visit = only_record (fixture->store, "visit", NULL, NULL);
  g_assert_null (saha_record_get (visit, "lat"));
  g_assert_null (saha_record_get (visit, "lon"));
}

static SahaCustomerNoteDialog *
find_note_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SAHA_IS_CUSTOMER_NOTE_DIALOG (window))
        return SAHA_CUSTOMER_NOTE_DIALOG (window);
    }
  return NULL;
}

/* The customer page's quick actions open the real editors with the customer chosen. */
static void
test_customer_quick_actions (Fixture       *fixture,
                             gconstpointer  user_data)
{
  GObject *customers = gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                      SAHA_TYPE_WINDOW, "customers_view");
  SahaCustomerPage *page = saha_customers_view_get_page (SAHA_CUSTOMERS_VIEW (customers));
  GObject *orders = gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                   SAHA_TYPE_WINDOW, "orders_page");
  GObject *calls = gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                  SAHA_TYPE_WINDOW, "service_calls_page");
  SahaServiceCallPage *call_page;
  SahaCustomerNoteDialog *dialog;
  g_autoptr(SahaRecord) call = NULL;
  g_autoptr(SahaRecord) note = NULL;
  g_autofree char *note_id = NULL;

  saha_customer_page_show_customer (page, fixture->store, fixture->customer_id);
  WAIT_FOR (!saha_customer_page_get_loading (page));

  g_signal_emit_by_name (find_named (page, "new-order", 0), "clicked");
  g_assert_cmpstr (saha_order_editor_get_customer_id (
                     saha_order_list_view_get_editor (SAHA_ORDER_LIST_VIEW (orders))), ==,
                   fixture->customer_id);

  g_signal_emit_by_name (find_named (page, "log-visit", 0), "clicked");
  g_assert_true (gtk_widget_get_mapped (
                   GTK_WIDGET (saha_visit_list_view_get_editor (visits_view (fixture)))));

  /* A new call needs its problem described; then it is the signed-in technician's. */
  g_signal_emit_by_name (find_named (page, "new-service-call", 0), "clicked");
  call_page = saha_service_call_list_view_get_page (SAHA_SERVICE_CALL_LIST_VIEW (calls));
  g_assert_null (saha_service_call_page_get_call_id (call_page));
  g_assert_false (saha_service_call_page_save (call_page));
  g_assert_true (gtk_widget_get_visible (find_named (call_page, "message", 0)));
  g_assert_cmpuint (count_records (fixture->store, "service_call", NULL, NULL), ==, 0);
  set_text_view (call_page, "problem", "Jeneratör çalışmıyor");
  g_assert_true (saha_service_call_page_save (call_page));
  call = only_record (fixture->store, "service_call", NULL, NULL);
  g_assert_cmpstr (saha_service_call_page_get_call_id (call_page), ==, saha_record_get_id (call));
  g_assert_cmpstr (saha_record_get (call, "customer"), ==, fixture->customer_id);
  g_assert_cmpstr (saha_record_get (call, "problem"), ==, "Jeneratör çalışmıyor");
  g_assert_cmpstr (saha_record_get (call, "assigned_to"), ==, "ayse");
  g_assert_cmpstr (saha_record_get (call, "status"), ==, "assigned");
  g_assert_nonnull (saha_record_get (call, "number"));

  /* A note: "Add" is off until something is written. */
  g_signal_emit_by_name (find_named (page, "add-note", 0), "clicked");
  dialog = find_note_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  g_assert_null (saha_customer_note_dialog_save (dialog));
  g_assert_true (gtk_widget_get_visible (find_named (dialog, "note-error", 0)));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_named (dialog, "note-channel", 0)), 4);
  set_text_view (dialog, "note-summary", "Faturadaki KDV oranı yanlış");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "add"));
  note_id = saha_customer_note_dialog_save (dialog);
  g_assert_nonnull (note_id);
  note = saha_store_get (fixture->store, "note", note_id, NULL);
  g_assert_cmpstr (saha_record_get (note, "customer"), ==, fixture->customer_id);
  g_assert_cmpstr (saha_record_get (note, "channel"), ==, "complaint");
  g_assert_cmpstr (saha_record_get (note, "direction"), ==, "in");
  g_assert_cmpstr (saha_record_get (note, "status"), ==, "open");
  g_assert_cmpstr (saha_record_get (note, "by"), ==, "ayse");
  g_assert_cmpstr (saha_record_get (note, "summary"), ==, "Faturadaki KDV oranı yanlış");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fieldwork_test_init (&argc, &argv);

  g_test_add ("/app/visits/check-in-out", Fixture, NULL,
              fixture_set_up, test_check_in_out, fixture_tear_down);
  g_test_add ("/app/visits/check-in-without-location", Fixture, NULL,
              fixture_set_up, test_check_in_without_location, fixture_tear_down);
  g_test_add ("/app/customer-page/quick-actions", Fixture, NULL,
              fixture_set_up, test_customer_quick_actions, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
