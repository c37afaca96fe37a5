/* test-kvkk.c: the customer page's KVKK parts (issue 16) against a real saha-server on
 * loopback, under Xvfb: the Consent section and its dialog, a campaign's reason for a
 * withdrawn consent, and for office users the record's history, the person's export and
 * erasure behind a confirmation that names what it blanks.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-application.h"
#include "saha-campaign-page.h"
#include "saha-conflicts-page.h"
#include "saha-consent-dialog.h"
#include "saha-customer-page.h"
#include "saha-customers-view.h"
#include "saha-personal-data-section.h"
#include "saha-record-history-dialog.h"
#include "saha-sync-runner.h"
#include "saha-window.h"
#include "sync-fixture.h"

static SahaApplication *app;

typedef struct
{
  TestServer       *server;
  TestReplica      *office;
  SahaWindow       *window;
  SahaCustomerPage *page;
  char             *customer;
  char             *contact;
} Fixture;

static void
collect (GtkWidget  *widget,
         const char *name,
         GType       type,
         GPtrArray  *found)
{
  if ((name != NULL && g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
      || (name == NULL && g_type_is_a (G_OBJECT_TYPE (widget), type)))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, name, type, found);
}

static gpointer
find_named (gpointer    root,
            const char *name,
            guint       index)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (GTK_WIDGET (root), name, G_TYPE_INVALID, found);
  if (index >= found->len)
    g_error ("no widget %s #%u (found %u)", name, index, found->len);
  return g_ptr_array_index (found, index);
}

static guint
count_named (gpointer    root,
             const char *name)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (GTK_WIDGET (root), name, G_TYPE_INVALID, found);
  return found->len;
}

static gpointer
find_type (gpointer root,
           GType    type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (GTK_WIDGET (root), NULL, type, found);
  g_assert_cmpuint (found->len, >=, 1);
  return g_ptr_array_index (found, 0);
}

static GtkWidget *
find_toplevel_named (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      /* A dialog answered earlier may linger, hidden. */
      if (g_strcmp0 (gtk_widget_get_name (window), name) == 0 && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static void
iterate (guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

#define WAIT_FOR(condition) \
  G_STMT_START { \
    gint64 wait_deadline_ = g_get_monotonic_time () + 15 * G_USEC_PER_SEC; \
    while (!(condition) && g_get_monotonic_time () < wait_deadline_) \
      { \
        if (!g_main_context_iteration (NULL, FALSE)) \
          g_usleep (1000); \
      } \
    g_assert_true (condition); \
  } G_STMT_END

/* Where screenshots go when SAHA_TEST_SCREENSHOTS names a directory (looked at by a
 * person; the test does not compare them). */
static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("SAHA_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GskRenderer) renderer = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;
  iterate (300);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gsk_cairo_renderer_new ();
  g_assert_true (gsk_renderer_realize (renderer, NULL, NULL));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_renderer_unrealize (renderer);
  path = g_strdup_printf ("%s/%s-%s.png", dir, name,
                          g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "en");
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *customer_arg = NULL;
  g_autoptr(SahaSyncResult) result = NULL;
  SahaCustomersView *view;

  fixture->server = test_server_start_with_users ("office", "office", "rep-a", "rep", NULL);
  fixture->office = test_replica_new (fixture->server, "office");
  fixture->customer = test_replica_create (fixture->office, "customer", "name=Ayşe Yılmaz",
                                           "kind=person", "phone=+90 532 111 22 33",
                                           "email=ayse@example.com", "city=İzmir",
                                           "assigned_to=rep-a", NULL);
  customer_arg = g_strdup_printf ("customer=%s", fixture->customer);
  fixture->contact = test_replica_create (fixture->office, "contact", customer_arg,
                                          "name=Mehmet Yılmaz", "phone=+90 532 444 55 66",
                                          NULL);
  g_free (test_replica_create (fixture->office, "note", customer_arg,
                               "summary=Kombi sesi şikayeti", NULL));
  g_free (test_replica_create (fixture->office, "note", customer_arg,
                               "summary=Fatura sorusu", NULL));
  g_free (test_replica_create (fixture->office, "visit", customer_arg, "purpose=service",
                               "notes=Ayşe Hanım evdeydi", NULL));
  g_free (test_replica_create (fixture->office, "service_call", customer_arg,
                               "problem=Kombi su kaçırıyor", "signed_by=Ayşe Yılmaz",
                               "signature=M 1 1 L 5 5", NULL));
  g_free (test_replica_create (fixture->office, "service_call", customer_arg,
                               "problem=Bakım", NULL));
  result = test_replica_sync_ok (fixture->office);

  fixture->window = saha_window_new (app, fixture->office->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1100, 900);
  gtk_window_present (GTK_WINDOW (fixture->window));
  saha_window_show_page (fixture->window, "customers");
  view = find_type (fixture->window, SAHA_TYPE_CUSTOMERS_VIEW);
  fixture->page = saha_customers_view_get_page (view);
  saha_customer_page_show_customer (fixture->page, fixture->office->store, fixture->customer);
  WAIT_FOR (!saha_customer_page_get_loading (fixture->page));
  iterate (100);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  iterate (50);
  test_replica_free (fixture->office);
  test_server_free (fixture->server);
  g_free (fixture->customer);
  g_free (fixture->contact);
}

static gboolean
action_enabled (gpointer    widget,
                const char *action)
{
  GtkWidget *button = NULL;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (widget), NULL, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), action) == 0)
      button = g_ptr_array_index (buttons, i);
  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

static GtkWidget *
sms_button (gpointer page)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (page), NULL, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)),
                   "customer.sms") == 0)
      return g_ptr_array_index (buttons, i);
  g_assert_not_reached ();
}

/* Answers @dialog as a click on the button would; a click also closes it. */
static void
respond (GtkWidget  *dialog,
         const char *response)
{
  g_object_ref (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

static SahaConsentDialog *
open_consent_dialog (Fixture *fixture)
{
  GtkWidget *dialog;

  g_signal_emit_by_name (find_named (fixture->page, "record-consent", 0), "clicked");
  iterate (50);
  dialog = find_toplevel_named ("consent-dialog");
  g_assert_nonnull (dialog);
  return SAHA_CONSENT_DIALOG (dialog);
}

static void
choose (gpointer    dialog,
        const char *name,
        guint       index)
{
  gtk_drop_down_set_selected (GTK_DROP_DOWN (find_named (dialog, name, 0)), index);
}

/* The Consent section lists nothing, then what the dialog records (a contact person's
 * withdrawal of SMS marketing, then the customer's), newest first, with person, method
 * and recorder; the record is a synced consent record; the campaign page shows the
 * withdrawal as the reason a customer is left out. */
static void
test_consent (Fixture       *fixture,
              gconstpointer  user_data)
{
  SahaConsentDialog *dialog;
  g_autofree char *id = NULL;
  g_autofree char *customer_consent = NULL;
  g_autofree char *campaign = NULL;
  g_autoptr(SahaRecord) record = NULL;
  GtkWidget *row;
  SahaCampaignPage *campaigns;
  const char *reason;

  /* The section reads its statements on a worker. */
  WAIT_FOR (count_named (fixture->page, "no-consent") == 1);
  g_assert_cmpuint (count_named (fixture->page, "consent"), ==, 0);

  dialog = open_consent_dialog (fixture);
  screenshot (GTK_WIDGET (dialog), "kvkk-consent-dialog");
  choose (dialog, "consent-person", 1);       /* Mehmet Yılmaz (contact person) */
  choose (dialog, "consent-purpose", 1);      /* marketing_sms */
  choose (dialog, "consent-state", 1);        /* withdrawn */
  choose (dialog, "consent-method", 1);       /* phone */
  gtk_editable_set_text (GTK_EDITABLE (find_named (dialog, "consent-notes", 0)),
                         "Called to say no more texts");
  id = saha_consent_dialog_save (dialog);
  g_assert_nonnull (id);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate (50);

  record = saha_store_get (fixture->office->store, "consent", id, NULL);
  g_assert_nonnull (record);
  g_assert_cmpstr (saha_record_get (record, "customer"), ==, fixture->customer);
  g_assert_cmpstr (saha_record_get (record, "contact"), ==, fixture->contact);
  g_assert_cmpstr (saha_record_get (record, "purpose"), ==, "marketing_sms");
  g_assert_cmpstr (saha_record_get (record, "state"), ==, "withdrawn");
  g_assert_cmpstr (saha_record_get (record, "method"), ==, "phone");
  g_assert_cmpstr (saha_record_get (record, "recorded_by"), ==, "office");
  g_assert_nonnull (saha_record_get (record, "at"));

  WAIT_FOR (count_named (fixture->page, "consent") == 1);
  /* The page's own read (Call, Message and E-mail wait for its consent answer) may land
   * after the section has shown the statement. */
  WAIT_FOR (!saha_customer_page_get_loading (fixture->page));
  g_assert_cmpuint (count_named (fixture->page, "no-consent"), ==, 0);
  /* The contact person's SMS button is off, saying why; the customer's is still on. */
  g_assert_false (gtk_widget_get_sensitive (find_named (fixture->page, "contact-sms", 0)));
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (find_named (fixture->page,
                                                                            "contact-sms", 0)),
                                   "Consent withdrawn: Marketing SMS, "));
  g_assert_true (gtk_widget_get_sensitive (find_named (fixture->page, "contact-phone", 0)));
  g_assert_true (action_enabled (fixture->page, "customer.sms"));
  row = find_named (fixture->page, "consent", 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Marketing SMS: Withdrawn");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "Contact person Mehmet Yılmaz"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "By phone"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            "recorded by office"));

  /* The customer's own withdrawal, a second later: it comes first. */
  g_usleep (1100 * 1000);
  dialog = open_consent_dialog (fixture);
  choose (dialog, "consent-person", 0);
  choose (dialog, "consent-purpose", 1);
  choose (dialog, "consent-state", 1);
  choose (dialog, "consent-method", 0);       /* signed form */
  customer_consent = saha_consent_dialog_save (dialog);
  g_assert_nonnull (customer_consent);
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_FOR (count_named (fixture->page, "consent") == 2);
  WAIT_FOR (!saha_customer_page_get_loading (fixture->page));
  row = find_named (fixture->page, "consent", 0);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "The customer"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Signed form"));
  screenshot (find_named (fixture->page, "consent-section", 0), "kvkk-consent-section");
  /* Now the customer's own SMS button is off too, and says why; calls stay possible. */
  g_assert_false (action_enabled (fixture->page, "customer.sms"));
  g_assert_true (action_enabled (fixture->page, "customer.call"));
  g_assert_true (g_str_has_prefix (gtk_widget_get_tooltip_text (sms_button (fixture->page)),
                                   "Consent withdrawn: Marketing SMS, "));

  /* Both reach the server. */
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (fixture->office);
    g_assert_cmpuint (result->pushed, ==, 2);
  }

  /* An SMS campaign to İzmir leaves the customer out, saying which statement. */
  campaign = test_replica_create (fixture->office, "campaign", "name=Bahar bakımı",
                                  "city=izmir", "channel=sms", "message=Bakım indirimi", NULL);
  campaigns = find_type (fixture->window, SAHA_TYPE_CAMPAIGN_PAGE);
  saha_window_show_page (fixture->window, "campaigns");
  saha_campaign_page_reload (campaigns);
  saha_campaign_page_open (campaigns, campaign);
  WAIT_FOR (!saha_page_get_loading (SAHA_PAGE (campaigns))
            && count_named (campaigns, "excluded") > 0);
  g_assert_cmpuint (count_named (campaigns, "member"), ==, 0);
  row = find_named (campaigns, "excluded", 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Ayşe Yılmaz");
  reason = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_test_message ("reason: %s", reason);
  g_assert_true (g_str_has_prefix (reason, "Consent withdrawn: Marketing SMS, "));
  screenshot (gtk_widget_get_parent (row), "kvkk-campaign-reason");
}

static gboolean
has_entry (GtkWidget  *dialog,
           const char *title_part,
           const char *subtitle_prefix)
{
  for (guint i = 0; i < count_named (dialog, "history-entry"); i++)
    {
      GtkWidget *row = find_named (dialog, "history-entry", i);

      if (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title_part) != NULL
          && g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                               subtitle_prefix))
        return TRUE;
    }
  return FALSE;
}

/* Office sees the Personal Data section, a field user does not; its history button shows
 * who changed the phone and when, from the server's audit trail. */
static void
test_history (Fixture       *fixture,
              gconstpointer  user_data)
{
  GtkWidget *section = find_named (fixture->page, "personal-data-section", 0);
  GtkWidget *dialog;
  g_autoptr(GError) error = NULL;

  g_assert_true (gtk_widget_get_visible (section));
  g_assert_true (saha_store_set_setting (fixture->office->store, "user_role", "rep", &error));
  saha_customer_page_reload (fixture->page);
  WAIT_FOR (!saha_customer_page_get_loading (fixture->page));
  g_assert_false (gtk_widget_get_visible (section));
  g_assert_true (saha_store_set_setting (fixture->office->store, "user_role", "office", &error));
  saha_customer_page_reload (fixture->page);
  WAIT_FOR (!saha_customer_page_get_loading (fixture->page));
  g_assert_true (gtk_widget_get_visible (section));
  screenshot (section, "kvkk-personal-data-section");

  test_replica_set (fixture->office, "customer", fixture->customer, "phone=+90 532 999 88 77",
                    NULL);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (fixture->office);
  }

  g_signal_emit_by_name (find_named (section, "record-history", 0), "clicked");
  iterate (50);
  dialog = find_toplevel_named ("record-history-dialog");
  g_assert_nonnull (dialog);
  WAIT_FOR (!saha_record_history_dialog_get_loading (SAHA_RECORD_HISTORY_DIALOG (dialog)));
  g_assert_cmpuint (count_named (dialog, "history-entry"), >=, 3);
  for (guint i = 0; i < count_named (dialog, "history-entry"); i++)
    g_test_message ("%s | %s",
                    adw_preferences_row_get_title (find_named (dialog, "history-entry", i)),
                    adw_action_row_get_subtitle (find_named (dialog, "history-entry", i)));
  /* Newest first: the reading of the history itself, then the phone change. */
  g_assert_cmpstr (adw_preferences_row_get_title (find_named (dialog, "history-entry", 0)), ==,
                   "Viewed this history");
  g_assert_true (has_entry (dialog, "Phone: +90 532 111 22 33 → +90 532 999 88 77", "office · "));
  g_assert_true (has_entry (dialog, "Name: — → Ayşe Yılmaz", "office · "));
  screenshot (dialog, "kvkk-record-history");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Offline, the dialog says the history is not available, and why. */
  test_server_stop (fixture->server, FALSE);
  g_signal_emit_by_name (find_named (section, "record-history", 0), "clicked");
  iterate (50);
  dialog = find_toplevel_named ("record-history-dialog");
  g_assert_nonnull (dialog);
  WAIT_FOR (!saha_record_history_dialog_get_loading (SAHA_RECORD_HISTORY_DIALOG (dialog)));
  g_assert_cmpuint (count_named (dialog, "history-entry"), ==, 0);
  g_assert_cmpstr (adw_status_page_get_title (find_named (dialog, "history-status", 0)), ==,
                   "History Not Available");
  g_test_message ("offline: %s",
                  adw_status_page_get_description (find_named (dialog, "history-status", 0)));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A conflict card says who wrote each value and, for the office, when the server accepted
 * it (the audit trail): the rep changed the phone on their phone, the office changed it
 * too before hearing of it. */
static void
test_conflict_times (Fixture       *fixture,
                     gconstpointer  user_data)
{
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  SahaConflictsPage *conflicts;
  GtkWidget *label = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = saha_format_date (now, saha_format_style_default ());

  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (rep);
  }
  test_replica_set (rep, "customer", fixture->customer, "phone=+90 532 777 00 00", NULL);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (rep);
  }
  test_replica_set (fixture->office, "customer", fixture->customer, "phone=+90 532 888 00 00",
                    NULL);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (fixture->office);

    g_assert_cmpuint (result->conflicts, >=, 1);
  }

  saha_window_show_page (fixture->window, "conflicts");
  conflicts = find_type (fixture->window, SAHA_TYPE_CONFLICTS_PAGE);
  saha_conflicts_page_reload (conflicts);
  iterate (50);
  WAIT_FOR (!saha_page_get_loading (SAHA_PAGE (conflicts)));
  for (guint n = 0; n < 2; n++)
    {
      g_autofree char *name = g_strdup_printf ("holders:%s:phone:%u", fixture->customer, n);
      GtkWidget *candidate = find_named (conflicts, name, 0);

      g_test_message ("%s", gtk_label_get_label (GTK_LABEL (candidate)));
      if (strstr (gtk_label_get_label (GTK_LABEL (candidate)), "rep-a") != NULL)
        label = candidate;
    }
  g_assert_nonnull (label);
  /* "Written by rep-a, <date and time>": the server's time of the rep's push. */
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (label)), "Written by rep-a, "));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), today));
  screenshot (GTK_WIDGET (conflicts), "conflict-times");

  /* A field user's device does not read the trail: who, without when. */
  g_assert_true (saha_store_set_setting (fixture->office->store, "user_role", "rep", NULL));
  saha_conflicts_page_reload (conflicts);
  iterate (50);
  WAIT_FOR (!saha_page_get_loading (SAHA_PAGE (conflicts)));
  {
    g_autofree char *name = NULL;
    gboolean found = FALSE;

    for (guint n = 0; n < 2; n++)
      {
        GtkWidget *candidate;

        g_free (name);
        name = g_strdup_printf ("holders:%s:phone:%u", fixture->customer, n);
        candidate = find_named (conflicts, name, 0);
        if (g_strcmp0 (gtk_label_get_label (GTK_LABEL (candidate)), "Written by rep-a") == 0)
          found = TRUE;
      }
    g_assert_true (found);
  }
  test_replica_free (rep);
}

/* "Export…" writes the JSON document and the PDF. */
static void
test_export (Fixture       *fixture,
             gconstpointer  user_data)
{
  SahaPersonalDataSection *section = find_named (fixture->page, "personal-data-section", 0);
  g_autofree char *pdf = g_build_filename (g_get_user_data_dir (), "ayse.pdf", NULL);
  g_autofree char *json = g_build_filename (g_get_user_data_dir (), "ayse.json", NULL);
  g_autofree char *json_text = NULL;
  g_autofree char *pdf_text = NULL;
  gsize pdf_length = 0;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  saha_personal_data_section_export_to (section, pdf);
  g_assert_true (saha_personal_data_section_get_busy (section));
  WAIT_FOR (!saha_personal_data_section_get_busy (section));
  g_assert_cmpstr (saha_personal_data_section_get_last_message (section), ==,
                   "Exported to ayse.pdf and ayse.json");
  g_assert_true (g_file_get_contents (json, &json_text, NULL, NULL));
  g_assert_nonnull (strstr (json_text, "Ayşe Yılmaz"));
  g_assert_nonnull (strstr (json_text, "Mehmet Yılmaz"));
  g_assert_nonnull (strstr (json_text, "\"audit\""));
  g_assert_true (g_file_get_contents (pdf, &pdf_text, &pdf_length, NULL));
  g_assert_cmpuint (pdf_length, >, 1000);
  g_assert_true (g_str_has_prefix (pdf_text, "%PDF-"));
}

static gboolean
customer_erased (Fixture *fixture)
{
  g_autoptr(SahaRecord) record = saha_store_get (fixture->office->store, "customer",
                                                 fixture->customer, NULL);

  return record != NULL && saha_record_is_deleted (record)
         && g_strcmp0 (saha_record_get (record, "name"), "erased") == 0;
}

/* "Erase…" asks first, naming what it blanks; cancelling changes nothing; erasing asks
 * the server, then syncs, and the page has no customer left to show. */
static void
test_erase (Fixture       *fixture,
            gconstpointer  user_data)
{
  SahaPersonalDataSection *section = find_named (fixture->page, "personal-data-section", 0);
  SahaSyncRunner *runner = saha_window_get_sync_runner (fixture->window);
  g_autofree char *what = saha_personal_data_section_describe_erasure (section);
  GtkWidget *dialog;

  g_assert_cmpstr (what, ==, "1 contact person, 2 notes, 1 visit and 1 signature");

  g_signal_emit_by_name (find_named (section, "erase-personal-data", 0), "clicked");
  iterate (50);
  dialog = find_toplevel_named ("erase-dialog");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Erase Ayşe Yılmaz's Personal Data?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), what));
  screenshot (dialog, "kvkk-erase-dialog");
  respond (dialog, "cancel");
  iterate (50);
  g_assert_false (saha_personal_data_section_get_busy (section));
  g_assert_false (customer_erased (fixture));

  saha_personal_data_section_ask_erase (section);
  iterate (50);
  dialog = find_toplevel_named ("erase-dialog");
  g_assert_nonnull (dialog);
  respond (dialog, "erase");
  g_assert_true (saha_personal_data_section_get_busy (section));
  WAIT_FOR (!saha_personal_data_section_get_busy (section));
  g_test_message ("%s", saha_personal_data_section_get_last_message (section));
  g_assert_true (g_str_has_prefix (saha_personal_data_section_get_last_message (section),
                                   "Personal data erased"));
  /* The window syncs: the replica takes the blanked record. */
  WAIT_FOR (customer_erased (fixture) && !saha_sync_runner_get_running (runner));
  /* The window re-reads the page after its sync: no customer is left to show. */
  WAIT_FOR (saha_customer_page_get_customer_id (fixture->page) == NULL);
  {
    g_autoptr(SahaRecord) contact = saha_store_get (fixture->office->store, "contact",
                                                    fixture->contact, NULL);
    g_assert_true (contact == NULL || g_strcmp0 (saha_record_get (contact, "name"), "erased") == 0);
  }
}

static gboolean
contact_erased (Fixture *fixture)
{
  g_autoptr(SahaRecord) record = saha_store_get (fixture->office->store, "contact",
                                                 fixture->contact, NULL);

  return record != NULL && saha_record_is_deleted (record)
         && g_strcmp0 (saha_record_get (record, "name"), "erased") == 0;
}

/* A contact person is erased from the delete question of the Contacts section (office
 * only), behind its own confirmation; the customer stays. */
static void
test_erase_contact (Fixture       *fixture,
                    gconstpointer  user_data)
{
  SahaSyncRunner *runner = saha_window_get_sync_runner (fixture->window);
  g_autofree char *customer_arg = g_strdup_printf ("customer=%s", fixture->customer);
  g_autofree char *contact_arg = g_strdup_printf ("contact=%s", fixture->contact);
  g_autoptr(SahaRecord) customer = NULL;
  GtkWidget *dialog;

  g_free (test_replica_create (fixture->office, "consent", customer_arg, contact_arg,
                               "purpose=marketing_phone", "state=given",
                               "at=2026-02-01T09:00:00Z", "notes=Mehmet Bey onayladı", NULL));
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (fixture->office);
  }
  saha_customer_page_reload (fixture->page);
  WAIT_FOR (!saha_customer_page_get_loading (fixture->page));

  g_signal_emit_by_name (find_named (fixture->page, "delete-contact", 0), "clicked");
  iterate (50);
  dialog = find_toplevel_named ("delete-contact-dialog");
  g_assert_nonnull (dialog);
  respond (dialog, "erase");
  iterate (50);
  dialog = find_toplevel_named ("erase-contact-dialog");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Erase Mehmet Yılmaz's Personal Data?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "1 consent statement"));
  screenshot (dialog, "kvkk-erase-contact-dialog");
  respond (dialog, "erase");
  WAIT_FOR (contact_erased (fixture) && !saha_sync_runner_get_running (runner));
  customer = saha_store_get (fixture->office->store, "customer", fixture->customer, NULL);
  g_assert_false (saha_record_is_deleted (customer));
  g_assert_cmpstr (saha_record_get (customer, "name"), ==, "Ayşe Yılmaz");

  /* A field user is not offered it. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *other = test_replica_create (fixture->office, "contact", customer_arg,
                                                  "name=Zeki Kalır", NULL);

    g_assert_true (saha_store_set_setting (fixture->office->store, "user_role", "rep", &error));
    saha_customer_page_reload (fixture->page);
    WAIT_FOR (!saha_customer_page_get_loading (fixture->page));
    g_signal_emit_by_name (find_named (fixture->page, "delete-contact", 0), "clicked");
    iterate (50);
    dialog = find_toplevel_named ("delete-contact-dialog");
    g_assert_nonnull (dialog);
    g_assert_false (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "erase"));
    respond (dialog, "cancel");
    iterate (50);
  }
}

/* A field user's erasure is refused by the server, and the section says why. */
static void
test_erase_refused (Fixture       *fixture,
                    gconstpointer  user_data)
{
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  SahaWindow *window;
  SahaCustomerPage *page;
  SahaPersonalDataSection *section;
  GtkWidget *dialog;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (rep);
  }
  /* Shown anyway (a replica whose role says office), the server still refuses. */
  g_assert_true (saha_store_set_setting (rep->store, "user_role", "office", &error));
  window = saha_window_new (app, rep->store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  page = saha_customers_view_get_page (find_type (window, SAHA_TYPE_CUSTOMERS_VIEW));
  saha_customer_page_show_customer (page, rep->store, fixture->customer);
  WAIT_FOR (!saha_customer_page_get_loading (page));
  section = find_named (page, "personal-data-section", 0);
  saha_personal_data_section_ask_erase (section);
  iterate (50);
  dialog = find_toplevel_named ("erase-dialog");
  respond (dialog, "erase");
  WAIT_FOR (!saha_personal_data_section_get_busy (section));
  g_test_message ("%s", saha_personal_data_section_get_last_message (section));
  g_assert_true (g_str_has_prefix (saha_personal_data_section_get_last_message (section),
                                   "Not erased: "));
  g_assert_false (customer_erased (fixture));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate (50);
  test_replica_free (rep);
}

/* G_TEST_OPTION_ISOLATE_DIRS points XDG_DATA_DIRS away from the MIME database that
 * GTK's icon loader needs (as in test-sync-status.c). */
static void
keep_mime_database (void)
{
  const char *data_dirs = g_getenv ("XDG_DATA_DIRS");
  g_auto(GStrv) dirs = g_strsplit (data_dirs != NULL && *data_dirs != '\0'
                                   ? data_dirs : "/usr/local/share:/usr/share", ":", -1);
  g_autoptr(GStrvBuilder) mime_dirs = g_strv_builder_new ();
  g_auto(GStrv) mime = NULL;

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (dirs[i], "mime", NULL);

      g_strv_builder_add (mime_dirs, dir);
    }
  mime = g_strv_builder_end (mime_dirs);
  g_content_type_set_mime_dirs ((const char * const *) mime);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  keep_mime_database ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  saha_application_setup_i18n ();
  /* Screenshots are taken in the language LANGUAGE names; the English texts the test
   * checks then do not hold, so a translated run only reports them. */
  if (g_getenv ("SAHA_TEST_SCREENSHOTS") == NULL)
    g_setenv ("LANGUAGE", "en", TRUE);
  else if (g_strcmp0 (g_getenv ("LANGUAGE"), "en") != 0)
    g_test_set_nonfatal_assertions ();
  gtk_init ();
  adw_init ();

  app = saha_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add ("/app/kvkk/consent", Fixture, NULL, fixture_set_up, test_consent,
              fixture_tear_down);
  g_test_add ("/app/kvkk/conflict-times", Fixture, NULL, fixture_set_up, test_conflict_times,
              fixture_tear_down);
  g_test_add ("/app/kvkk/history", Fixture, NULL, fixture_set_up, test_history,
              fixture_tear_down);
  g_test_add ("/app/kvkk/export", Fixture, NULL, fixture_set_up, test_export,
              fixture_tear_down);
  g_test_add ("/app/kvkk/erase", Fixture, NULL, fixture_set_up, test_erase,
              fixture_tear_down);
  g_test_add ("/app/kvkk/erase-contact", Fixture, NULL, fixture_set_up, test_erase_contact,
              fixture_tear_down);
  g_test_add ("/app/kvkk/erase-refused", Fixture, NULL, fixture_set_up, test_erase_refused,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
