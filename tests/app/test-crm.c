/* test-crm.c: the CRM screens of issue 5: segment badges and filter, profitability, contact
 * preferences, campaigns, order suggestions and the knowledge base, on small fixtures
 * whose expected values are worked out by hand in the comments.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fieldwork-test.h"
#include "saha-campaign-page.h"
#include "saha-contact-policy.h"
#include "saha-customer-item.h"
#include "saha-customer-list-model.h"
#include "saha-customer-page.h"
#include "saha-customers-view.h"
#include "saha-kb-call-panel.h"
#include "saha-kb-page.h"
#include "saha-order-editor.h"
#include "saha-profitability-page.h"
#include "saha-store-analytics.h"
#include "saha-store-kb.h"

/*
 * Customers (all in İzmir):
 *   Ayşe Yılmaz   phone, one confirmed order today: 2 × Kombi (100.00, cost 60.00) and
 *                 1 × Filtre → segment new (R 5, F 1); revenue 200.00 + 10.00 = 210.00,
 *                 cost 120.00 + 4.00 = 124.00, profit 86.00.
 *   Bora Demir    phone, opted out of sms; one delivered order 400 days ago: 1 × Kombi and
 *                 1 × Filtre → lost (R 1); revenue 110.00, cost 64.00; a resolved call with
 *                 120 labour minutes at 50.00 an hour = 100.00 → profit 110 − 164 = −54.00.
 *   Cem Kaya      no phone, no order → no segment; profit 0.
 */
typedef struct
{
  SahaStore  *store;
  SahaWindow *window;
  char       *ayse_id;
  char       *bora_id;
  char       *cem_id;
  char       *kombi_id;
  char       *filtre_id;
  char       *call_id;
  char       *article_id;
} CrmFixture;

static char *
days_ago (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days);

  return g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");
}

static void
add_order (CrmFixture *fixture,
           const char *customer_id,
           const char *status,
           int         age_days,
           const char *kombi_quantity)
{
  g_autofree char *when = days_ago (age_days);
  g_autofree char *order = store_test_create (fixture->store, "order", "customer", customer_id,
                                   "status", status, "ordered_at", when, NULL);

  g_free (store_test_create (fixture->store, "order_line", "order", order, "product", fixture->kombi_id,
                  "quantity", kombi_quantity, "unit_price", "100.00", NULL));
  g_free (store_test_create (fixture->store, "order_line", "order", order, "product", fixture->filtre_id,
                  "quantity", "1", "unit_price", "10.00", NULL));
}

static void
crm_set_up (CrmFixture    *fixture,
            gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "replica.db", NULL);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *resolved = days_ago (10);

  fixture->store = saha_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (saha_store_set_setting (fixture->store, "user", "ayse", &error));
  g_assert_true (saha_store_set_setting (fixture->store, "user_role",
                                         user_data != NULL ? user_data : "office", &error));
  g_settings_set_string (settings, "hourly-rate", "50.00");

  fixture->kombi_id = store_test_create (fixture->store, "product", "sku", "KMB-24", "name", "Kombi 24 kW",
                              "unit_price", "100.00", "cost_price", "60.00", NULL);
  fixture->filtre_id = store_test_create (fixture->store, "product", "sku", "FLT-1", "name", "Filtre",
                               "unit_price", "10.00", "cost_price", "4.00", NULL);
  fixture->ayse_id = store_test_create (fixture->store, "customer", "name", "Ayşe Yılmaz", "kind", "person", "city", "İzmir",
                             "phone", "+90 532 000 00 01", "language", "tr", NULL);
  fixture->bora_id = store_test_create (fixture->store, "customer", "name", "Bora Demir", "kind", "person", "city", "İzmir",
                             "phone", "+90 532 000 00 02", "opt_out", "sms", NULL);
  fixture->cem_id = store_test_create (fixture->store, "customer", "name", "Cem Kaya", "kind", "person", "city", "İzmir",
                            NULL);
  add_order (fixture, fixture->ayse_id, "confirmed", 0, "2");
  add_order (fixture, fixture->bora_id, "delivered", 400, "1");
  fixture->article_id = store_test_create (fixture->store, "kb_article", "title", "Kombi basınç düşüyor",
                                "body", "Genleşme tankının basıncını ölçün.", "tags", "kombi",
                                "product", fixture->kombi_id, NULL);
  fixture->call_id = store_test_create (fixture->store, "service_call", "customer", fixture->bora_id,
                             "product", fixture->kombi_id, "problem", "Kombi basınç kaybediyor",
                             "status", "resolved", "resolved_at", resolved,
                             "labour_minutes", "120", NULL);

  fixture->window = saha_window_new (app, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
crm_tear_down (CrmFixture    *fixture,
               gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->store);
  g_free (fixture->ayse_id);
  g_free (fixture->bora_id);
  g_free (fixture->cem_id);
  g_free (fixture->kombi_id);
  g_free (fixture->filtre_id);
  g_free (fixture->call_id);
  g_free (fixture->article_id);
}

static void
collect_type (GtkWidget *widget,
              GType      type,
              GPtrArray *found)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_type (child, type, found);
}

static gpointer
find_type (gpointer root,
           GType    type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_type (GTK_WIDGET (root), type, found);
  g_assert_cmpuint (found->len, >=, 1);
  return g_ptr_array_index (found, 0);
}

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition condition,
            gpointer  data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
  iterate (50);
}

static gboolean
not_loading (gpointer object)
{
  gboolean loading = TRUE;

  g_object_get (object, "loading", &loading, NULL);
  return !loading;
}

static const char *
row_subtitle (gpointer row)
{
  return ADW_IS_ACTION_ROW (row) ? adw_action_row_get_subtitle (row)
                                 : adw_expander_row_get_subtitle (row);
}

/* --- contact policy (the hours alone: tests/core/test-contact-policy.c) --------------- */

static SahaRecord *
updated_customer (SahaStore  *store,
                  const char *id,
                  const char *field,
                  const char *value)
{
  SahaFieldInput inputs[] = { { field, value } };
  g_autoptr(GError) error = NULL;
  SahaRecord *record;

  g_assert_true (saha_store_update (store, "customer", id, inputs, 1, &error));
  g_assert_no_error (error);
  record = saha_store_get (store, "customer", id, &error);
  g_assert_no_error (error);
  return record;
}

static void
test_policy_check (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "policy.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = saha_store_open (path, &error);
  g_autofree char *id = store_test_create (store, "customer", "name", "Ayşe", "kind", "person", "contact_from", "09:00",
                                "contact_to", "17:30", "opt_out", "sms,email", NULL);
  g_autoptr(SahaRecord) no_phone = saha_store_get (store, "customer", id, &error);
  g_autoptr(SahaRecord) customer = updated_customer (store, id, "phone", "+90 532 000 00 01");
  g_autoptr(GDateTime) evening = g_date_time_new_local (2024, 3, 5, 21, 40, 0);
  g_autoptr(GDateTime) noon = g_date_time_new_local (2024, 3, 5, 12, 0, 0);
  g_autofree char *question = NULL;

  g_assert_cmpint (saha_contact_policy_check (no_phone, "phone", noon), ==, SAHA_CONTACT_NO_ADDRESS);
  g_assert_cmpint (saha_contact_policy_check (customer, "phone", noon), ==, SAHA_CONTACT_ALLOWED);
  g_assert_cmpint (saha_contact_policy_check (customer, "phone", evening), ==,
                   SAHA_CONTACT_OUTSIDE_HOURS);
  /* A message waits on the phone: only calls ask about the hours. */
  g_assert_cmpint (saha_contact_policy_check (customer, "sms", noon), ==, SAHA_CONTACT_OPTED_OUT);
  g_assert_cmpint (saha_contact_policy_check (customer, "email", noon), ==, SAHA_CONTACT_OPTED_OUT);
  g_assert_true (saha_contact_policy_opted_out ("phone, sms", "sms"));
  g_assert_false (saha_contact_policy_opted_out ("phone", "sms"));
  g_assert_false (saha_contact_policy_opted_out (NULL, "sms"));

  question = saha_contact_policy_dup_question (customer, evening);
  g_assert_cmpstr (question, ==,
                   "It’s 21:40, outside Ayşe’s preferred hours (09:00–17:30). Call anyway?");
}

/* --- segments ------------------------------------------------------------------------- */

static gboolean
model_settled (gpointer model)
{
  return !saha_customer_list_model_get_loading (model);
}

static void
test_segments (CrmFixture    *fixture,
               gconstpointer  user_data)
{
  SahaCustomersView *view = find_type (fixture->window, SAHA_TYPE_CUSTOMERS_VIEW);
  SahaCustomerListModel *model = saha_customers_view_get_model (view);
  g_autoptr(SahaCustomerItem) first = NULL;
  g_autoptr(SahaCustomerItem) second = NULL;
  g_autoptr(SahaCustomerItem) only = NULL;
  SahaCustomerPage *page;
  GtkLabel *badge;

  saha_window_show_page (fixture->window, "customers");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >=, 0);
  wait_until (model_settled, model);
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  wait_until (model_settled, model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  second = g_list_model_get_item (G_LIST_MODEL (model), 1);
  /* Sorted by name: Ayşe (new), Bora (lost), Cem (none). */
  g_assert_cmpstr (saha_customer_item_get_name (first), ==, "Ayşe Yılmaz");
  g_assert_cmpstr (saha_customer_item_get_segment (first), ==, "New");
  g_assert_cmpstr (saha_customer_item_get_segment (second), ==, "Lost");

  /* The filter: the dropdown's "Lost" is the 7th segment after "All segments". */
  saha_customer_list_model_set_segment (model, "lost");
  wait_until (model_settled, model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  only = g_list_model_get_item (G_LIST_MODEL (model), 0);
  wait_until (model_settled, model);
  g_assert_cmpstr (saha_customer_item_get_name (only), ==, "Bora Demir");
  saha_customer_list_model_set_search (model, "ayş");
  wait_until (model_settled, model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  saha_customer_list_model_set_segment (model, NULL);
  wait_until (model_settled, model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  /* The 360° page's badge. */
  page = saha_customers_view_get_page (view);
  saha_customer_page_show_customer (page, fixture->store, fixture->ayse_id);
  WAIT_FOR (!saha_customer_page_get_loading (page));
  badge = find_named (page, "segment-badge", 0);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (!gtk_widget_get_visible (GTK_WIDGET (badge)) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (badge)));
  g_assert_cmpstr (gtk_label_get_label (badge), ==, "New");
}

/* --- contact preferences on the 360° page --------------------------------------------- */

static GtkWidget *
find_toplevel_named (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (window), name) == 0)
        return window;
    }
  return NULL;
}

static void
test_out_of_hours (CrmFixture    *fixture,
                   gconstpointer  user_data)
{
  SahaCustomersView *view = find_type (fixture->window, SAHA_TYPE_CUSTOMERS_VIEW);
  SahaCustomerPage *page = saha_customers_view_get_page (view);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_hours (now, 2);
  g_autoptr(GDateTime) latest = g_date_time_add_hours (now, 3);
  g_autofree char *from = g_date_time_format (later, "%H:%M");
  g_autofree char *to = g_date_time_format (latest, "%H:%M");
  SahaFieldInput inputs[] = { { "contact_from", from }, { "contact_to", to } };
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  /* Two to three hours from now: now is outside, whatever the clock says. */
  g_assert_true (saha_store_update (fixture->store, "customer", fixture->ayse_id, inputs, 2, &error));
  g_assert_no_error (error);
  saha_customer_page_show_customer (page, fixture->store, fixture->bora_id);
  WAIT_FOR (!saha_customer_page_get_loading (page));
  /* Bora opted out of text messages: the action is off, and the button says why. */
  {
    g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
    GtkWidget *sms = NULL;

    collect_type (GTK_WIDGET (page), GTK_TYPE_BUTTON, buttons);
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)),
                     "customer.sms") == 0)
        sms = g_ptr_array_index (buttons, i);
    g_assert_nonnull (sms);
    g_assert_false (gtk_widget_is_sensitive (sms));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (sms), ==, "Does not want text messages");
  }
  g_assert_null (find_toplevel_named ("out-of-hours-dialog"));

  saha_customer_page_show_customer (page, fixture->store, fixture->ayse_id);
  WAIT_FOR (!saha_customer_page_get_loading (page));
  gtk_widget_activate_action (GTK_WIDGET (page), "customer.call", NULL);
  iterate (50);
  dialog = find_toplevel_named ("out-of-hours-dialog");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "outside Ayşe Yılmaz’s preferred hours"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* --- profitability -------------------------------------------------------------------- */

static void
test_profitability (CrmFixture    *fixture,
                    gconstpointer  user_data)
{
  SahaProfitabilityPage *page = find_type (fixture->window, SAHA_TYPE_PROFITABILITY_PAGE);
  GtkWidget *earner, *loser;

  saha_window_show_page (fixture->window, "profitability");
  saha_profitability_page_reload (page);
  wait_until (not_loading, page);

  /* Only Ayşe earned; Bora cost; Cem is neither. */
  g_assert_cmpuint (count_named (find_named (page, "earners", 0), "profit-row"), ==, 1);
  g_assert_cmpuint (count_named (find_named (page, "losers", 0), "profit-row"), ==, 1);
  earner = find_named (find_named (page, "earners", 0), "profit-row", 0);
  loser = find_named (find_named (page, "losers", 0), "profit-row", 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (earner)), ==, "Ayşe Yılmaz");
  g_assert_cmpstr (gtk_label_get_label (find_named (earner, "profit", 0)), ==, "₺86.00");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (loser)), ==, "Bora Demir");
  g_assert_cmpstr (gtk_label_get_label (find_named (loser, "profit", 0)), ==, "-₺54.00");
  g_assert_cmpstr (row_subtitle (loser), ==,
                   "Revenue ₺110.00 · cost ₺164.00 (service ₺100.00)");

  /* The last 30 days: Bora's order is out, his call (10 days ago) is in: −100.00. */
  {
    g_autofree char *from = days_ago (30);

    from[10] = '\0';
    gtk_editable_set_text (GTK_EDITABLE (find_named (page, "from", 0)), from);
  }
  saha_profitability_page_reload (page);
  wait_until (not_loading, page);
  loser = find_named (find_named (page, "losers", 0), "profit-row", 0);
  g_assert_cmpstr (gtk_label_get_label (find_named (loser, "profit", 0)), ==, "-₺100.00");
}

/* --- campaigns ------------------------------------------------------------------------ */

static void
test_campaign_members (CrmFixture    *fixture,
                       gconstpointer  user_data)
{
  SahaCampaignPage *page = find_type (fixture->window, SAHA_TYPE_CAMPAIGN_PAGE);
  g_autofree char *campaign = store_test_create (fixture->store, "campaign", "name", "Bahar bakımı",
                                      "city", "izmir", "channel", "sms",
                                      "message", "Kombi bakımı %20 indirimli", NULL);
  g_autofree char *csv_path = g_build_filename (g_get_user_data_dir (), "members.csv", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;

  saha_window_show_page (fixture->window, "campaigns");
  saha_campaign_page_reload (page);
  wait_until (not_loading, page);
  g_assert_cmpuint (count_named (page, "campaign"), ==, 1);
  saha_campaign_page_open (page, campaign);
  wait_until (not_loading, page);

  /* İzmir: all three. Ayşe gets it; Bora opted out of SMS; Cem has no phone. */
  g_assert_cmpuint (count_named (page, "member"), ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (find_named (page, "member", 0)), ==, "Ayşe Yılmaz");
  g_assert_cmpuint (count_named (page, "excluded"), ==, 2);
  g_assert_cmpstr (adw_preferences_row_get_title (find_named (page, "excluded", 0)), ==, "Bora Demir");
  g_assert_cmpstr (row_subtitle (find_named (page, "excluded", 0)), ==, "Opted out of this channel");
  g_assert_cmpstr (row_subtitle (find_named (page, "excluded", 1)), ==, "No phone number");

  g_assert_true (saha_campaign_page_write_csv (page, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_assert_cmpstr (csv, ==, "name,phone,email,language\r\nAyşe Yılmaz,+90 532 000 00 01,,tr\r\n");

  /* The office renames it; the target stays, and so do its members. */
  gtk_editable_set_text (GTK_EDITABLE (find_named (page, "campaign-name", 0)), "Bahar bakımı 2");
  g_assert_true (saha_campaign_page_save (page));
  wait_until (not_loading, page);
  g_assert_cmpuint (count_named (page, "member"), ==, 1);
}

static void
test_campaign_read_only (CrmFixture    *fixture,
                         gconstpointer  user_data)
{
  SahaCampaignPage *page = find_type (fixture->window, SAHA_TYPE_CAMPAIGN_PAGE);

  /* A technician sees campaigns but cannot make or change them. */
  g_assert_false (gtk_widget_is_sensitive (find_named (page, "campaign-name", 0)));
  g_assert_false (gtk_widget_get_visible (find_named (page, "campaign-save", 0)));
}

/* --- cross-sell ----------------------------------------------------------------------- */

static gboolean
has_suggestion (gpointer window)
{
  return count_named (window, "add-suggestion") > 0;
}

static void
test_suggestions (CrmFixture    *fixture,
                  gconstpointer  user_data)
{
  SahaOrderEditor *editor;
  g_autoptr(GError) error = NULL;

  /* A new order for Cem with a Kombi: the two past orders with a Kombi both had a Filtre. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-order", "s", fixture->cem_id);
  editor = find_type (fixture->window, SAHA_TYPE_ORDER_EDITOR);
  g_assert_true (saha_order_editor_add_product (editor, fixture->kombi_id, &error));
  g_assert_no_error (error);
  wait_until (has_suggestion, fixture->window);

  g_assert_cmpuint (count_named (fixture->window, "suggestion"), ==, 1);
  g_assert_cmpstr (adw_preferences_row_get_title (find_named (fixture->window, "suggestion", 0)),
                   ==, "FLT-1 · Filtre");
  g_assert_cmpstr (row_subtitle (find_named (fixture->window, "suggestion", 0)), ==,
                   "Bought together in 2 orders");

  /* One click adds the line; the Filtre is then in the order and no longer suggested. */
  g_signal_emit_by_name (find_named (fixture->window, "add-suggestion", 0), "clicked");
  g_assert_cmpuint (saha_order_editor_get_n_lines (editor), ==, 2);
  iterate (500);
  g_assert_cmpuint (count_named (fixture->window, "add-suggestion"), ==, 0);
}

/* --- knowledge base ------------------------------------------------------------------- */

static gboolean
panel_settled (gpointer panel)
{
  return !saha_kb_call_panel_get_loading (panel);
}

static void
test_kb (CrmFixture    *fixture,
         gconstpointer  user_data)
{
  SahaKbPage *page = find_type (fixture->window, SAHA_TYPE_KB_PAGE);
  SahaKbCallPanel *panel;
  guint solved = 99;
  g_autoptr(GError) error = NULL;

  /* Turkish-correct search: dotless ı and ş, typed either way. */
  saha_window_show_page (fixture->window, "knowledge-base");
  gtk_editable_set_text (GTK_EDITABLE (find_named (page, "kb-search", 0)), "BASINÇ");
  saha_kb_page_reload (page);
  wait_until (not_loading, page);
  g_assert_cmpuint (count_named (page, "kb-article"), ==, 1);
  g_assert_cmpstr (row_subtitle (find_named (page, "kb-article", 0)), ==, "Solved 0 calls · kombi");
  gtk_editable_set_text (GTK_EDITABLE (find_named (page, "kb-search", 0)), "basinc");
  saha_kb_page_reload (page);
  wait_until (not_loading, page);
  g_assert_cmpuint (count_named (page, "kb-article"), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (find_named (page, "kb-search", 0)), "vana");
  saha_kb_page_reload (page);
  wait_until (not_loading, page);
  g_assert_cmpuint (count_named (page, "kb-article"), ==, 0);

  /* The call page shows the article; the technician links it. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-service-call", "s",
                              fixture->call_id);
  panel = find_type (fixture->window, SAHA_TYPE_KB_CALL_PANEL);
  wait_until (panel_settled, panel);
  g_assert_cmpuint (count_named (panel, "kb-article"), ==, 1);
  g_assert_true (GTK_IS_BUTTON (find_named (panel, "kb-solved", 0)));
  g_signal_emit_by_name (find_named (panel, "kb-solved", 0), "clicked");
  wait_until (panel_settled, panel);

  g_assert_true (saha_store_kb_solved_count (fixture->store, fixture->article_id, &solved, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (solved, ==, 1);
  g_assert_true (GTK_IS_LABEL (find_named (panel, "kb-solved", 0)));
  g_assert_cmpstr (row_subtitle (find_named (panel, "kb-article", 0)), ==, "Solved 1 call");

  gtk_editable_set_text (GTK_EDITABLE (find_named (page, "kb-search", 0)), "kombi");
  saha_kb_page_reload (page);
  wait_until (not_loading, page);
  g_assert_cmpstr (row_subtitle (find_named (page, "kb-article", 0)), ==, "Solved 1 call · kombi");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fieldwork_test_init (&argc, &argv);

  g_test_add_func ("/app/crm/contact-policy/check", test_policy_check);
  g_test_add ("/app/crm/segments", CrmFixture, NULL, crm_set_up, test_segments, crm_tear_down);
  g_test_add ("/app/crm/out-of-hours", CrmFixture, NULL, crm_set_up, test_out_of_hours,
              crm_tear_down);
  g_test_add ("/app/crm/profitability", CrmFixture, NULL, crm_set_up, test_profitability,
              crm_tear_down);
  g_test_add ("/app/crm/campaign-members", CrmFixture, NULL, crm_set_up, test_campaign_members,
              crm_tear_down);
  g_test_add ("/app/crm/campaign-read-only", CrmFixture, "technician", crm_set_up,
              test_campaign_read_only, crm_tear_down);
  g_test_add ("/app/crm/suggestions", CrmFixture, NULL, crm_set_up, test_suggestions,
              crm_tear_down);
  g_test_add ("/app/crm/knowledge-base", CrmFixture, NULL, crm_set_up, test_kb, crm_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
