/* test-service-calls.c: the service call page: the status steps offered and the times they
 * stamp, labour and parts, the signature's strokes kept and read back, the PDF report, and
 * the technician's Today list.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-service-call-list-view.h"
#include "saha-service-call-page.h"
#include "saha-service-call-workflow.h"
#include "saha-signature-pad.h"
#include "saha-today-view.h"

#include "fieldwork-test.h"

static SahaServiceCallListView *
calls_view (Fixture *fixture)
{
  GObject *view = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW,
                                                 "service_calls_page");

  g_assert_true (SAHA_IS_SERVICE_CALL_LIST_VIEW (view));
  return SAHA_SERVICE_CALL_LIST_VIEW (view);
}

static SahaServiceCallPage *
open_call (Fixture    *fixture,
           const char *call_id)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-service-call", "s", call_id);
  return saha_service_call_list_view_get_page (calls_view (fixture));
}

static char *
offered (SahaServiceCallPage *page)
{
  g_auto(GStrv) statuses = saha_service_call_page_dup_offered (page);

  return g_strjoinv (",", statuses);
}

/* Each status offers exactly its valid next steps, as buttons. */
static void
test_offered_transitions (Fixture       *fixture,
                          gconstpointer  user_data)
{
  static const struct
  {
    const char *status;
    const char *offered;
  } cases[] = {
    { "new", "assigned,cancelled" },
    { "assigned", "travelling,cancelled" },
    { "travelling", "on_site,cancelled" },
    { "on_site", "resolved,cancelled" },
    { "resolved", "closed" },
    { "closed", "" },
    { "cancelled", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = store_test_create (fixture->store, "service_call",
                                    "customer", fixture->customer_id,
                                    "status", cases[i].status, "assigned_to", "ayse",
                                    "problem", "Pano sigortası atıyor", NULL);
      SahaServiceCallPage *page = open_call (fixture, id);
      g_autofree char *shown = offered (page);

      g_test_message ("status %s", cases[i].status);
      g_assert_cmpstr (saha_service_call_page_get_call_id (page), ==, id);
      g_assert_cmpstr (shown, ==, cases[i].offered);
      g_assert_cmpuint (count_named (page, "move-cancelled"), ==,
                        saha_service_call_status_is_open (cases[i].status) ? 1 : 0);
    }

  /* A step that is not offered is refused even when asked for directly. */
  {
    g_autofree char *id = store_test_create (fixture->store, "service_call",
                                  "customer", fixture->customer_id, "status", "new", NULL);
    SahaServiceCallPage *page = open_call (fixture, id);
    g_autoptr(SahaRecord) call = NULL;

    g_assert_false (saha_service_call_page_move_to (page, "closed"));
    g_assert_true (gtk_widget_get_visible (find_named (page, "message", 0)));
    call = saha_store_get (fixture->store, "service_call", id, NULL);
    g_assert_cmpstr (saha_record_get (call, "status"), ==, "new");
  }
}

static void
assert_stamped_between (SahaStore  *store,
                        const char *id,
                        const char *field,
                        GDateTime  *before)
{
  g_autoptr(SahaRecord) call = saha_store_get (store, "service_call", id, NULL);
  g_autoptr(GDateTime) after = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) stamp = NULL;

  g_assert_nonnull (saha_record_get (call, field));
  stamp = g_date_time_new_from_iso8601 (saha_record_get (call, field), NULL);
  g_assert_nonnull (stamp);
  /* ISO 8601 stamps keep whole seconds. */
  g_assert_cmpint (g_date_time_to_unix (stamp), >=, g_date_time_to_unix (before));
  g_assert_cmpint (g_date_time_to_unix (stamp), <=, g_date_time_to_unix (after));
}

static const char *
status_of (SahaStore  *store,
           const char *id)
{
  static char status[32];
  g_autoptr(SahaRecord) call = saha_store_get (store, "service_call", id, NULL);

  g_strlcpy (status, saha_record_get (call, "status"), sizeof status);
  return status;
}

/* The whole day of one call, pressing the buttons a technician presses. */
static void
test_workflow_stamps (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *id = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                                "status", "new", "problem", "Pano sigortası atıyor",
                                "assigned_to", "ayse", NULL);
  SahaServiceCallPage *page = open_call (fixture, id);
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(SahaRecord) call = NULL;
  g_autoptr(SahaRecord) part = NULL;
  GtkWidget *labour;

  g_signal_emit_by_name (find_named (page, "move-assigned", 0), "clicked");
  g_assert_cmpstr (status_of (fixture->store, id), ==, "assigned");
  g_signal_emit_by_name (find_named (page, "move-travelling", 0), "clicked");
  g_assert_cmpstr (status_of (fixture->store, id), ==, "travelling");
  call = saha_store_get (fixture->store, "service_call", id, NULL);
  g_assert_null (saha_record_get (call, "started_at"));
  g_clear_pointer (&call, saha_record_unref);
  /* Setting out is stamped, and the page says since when. */
  assert_stamped_between (fixture->store, id, "travel_started_at", before);
  g_assert_cmpstr (adw_action_row_get_subtitle (find_named (page, "travel-started", 0)), !=, "—");

  g_signal_emit_by_name (find_named (page, "move-on_site", 0), "clicked");
  g_assert_cmpstr (status_of (fixture->store, id), ==, "on_site");
  assert_stamped_between (fixture->store, id, "started_at", before);

  /* Resolving needs the resolution written; the page says so under it. */
  g_signal_emit_by_name (find_named (page, "move-resolved", 0), "clicked");
  g_assert_cmpstr (status_of (fixture->store, id), ==, "on_site");
  g_assert_true (gtk_widget_get_visible (find_named (page, "resolution-error", 0)));

  /* Minutes that are not a number are marked, and nothing is written. */
  labour = find_named (page, "labour-minutes", 0);
  gtk_editable_set_text (GTK_EDITABLE (labour), "kırk");
  g_assert_false (saha_service_call_page_save (page));
  g_assert_true (gtk_widget_has_css_class (labour, "error"));
  g_assert_true (gtk_widget_get_visible (find_named (page, "labour-error", 0)));

  gtk_editable_set_text (GTK_EDITABLE (labour), "45");
  set_text_view (page, "resolution", "Kaçak akım rölesi değiştirildi, pano test edildi.");
  search_and_pick (page, "product-search", "product-results", "SIG");
  set_entry (page, "part-quantity", 0, "2");
  g_signal_emit_by_name (find_named (page, "move-resolved", 0), "clicked");
  g_assert_cmpstr (status_of (fixture->store, id), ==, "resolved");
  assert_stamped_between (fixture->store, id, "resolved_at", before);
  call = saha_store_get (fixture->store, "service_call", id, NULL);
  g_assert_cmpstr (saha_record_get (call, "labour_minutes"), ==, "45");
  g_assert_cmpstr (saha_record_get (call, "resolution"), ==,
                   "Kaçak akım rölesi değiştirildi, pano test edildi.");
  g_assert_null (saha_record_get (call, "closed_at"));
  part = only_record (fixture->store, "service_part", "service_call", id);
  g_assert_cmpstr (saha_record_get (part, "product"), ==, fixture->fuse_id);
  g_assert_cmpstr (saha_record_get (part, "quantity"), ==, "2");
  g_assert_cmpstr (saha_record_get (part, "unit_price"), ==, "100.00");

  g_signal_emit_by_name (find_named (page, "move-closed", 0), "clicked");
  g_assert_cmpstr (status_of (fixture->store, id), ==, "closed");
  assert_stamped_between (fixture->store, id, "closed_at", before);
  g_assert_cmpuint (count_named (page, "move-closed"), ==, 0);
  g_assert_false (gtk_widget_is_sensitive (find_named (page, "labour-minutes", 0)));
}


static gpointer
first_of_type (GtkWidget *widget,
               GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gpointer found = first_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first day on a call: the product being serviced, Call and Navigate for the
 * customer, the labour error gone as soon as the minutes are right, parts in the order
 * added, the number readable in the title, and another call opened at its top. */
static void
test_first_day (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *id = store_test_create (fixture->store, "service_call", "number",
                                           "DTEC-2026-004217", "customer", fixture->customer_id,
                                           "product", fixture->fuse_id, "status", "on_site",
                                           "problem", "Pano sigortası atıyor",
                                           "assigned_to", "ayse", NULL);
  g_autofree char *other_customer = store_test_create (fixture->store, "customer", "name",
                                                       "Kuzey Tekstil", "kind", "company", "lat", "38.4192",
                                                       "lon", "27.1287", NULL);
  g_autofree char *other = store_test_create (fixture->store, "service_call", "number",
                                              "DTEC-2026-004218", "customer", other_customer,
                                              "status", "on_site", "assigned_to", "ayse", NULL);
  const char *skus[] = { "VID-M6", "SIG-16", "KBL-25" };
  SahaServiceCallPage *page = open_call (fixture, id);
  GtkWidget *labour, *scroller;
  AdwWindowTitle *title;
  GtkAdjustment *adjustment;

  /* The product and the customer's ways of reach. */
  g_assert_cmpstr (adw_action_row_get_subtitle (find_named (page, "product", 0)), ==,
                   "SIG-16 · Otomatik sigorta 16 A");
  g_assert_true (gtk_widget_is_sensitive (find_named (page, "call-customer", 0)));
  g_assert_cmpstr (g_object_get_data (find_named (page, "call-customer", 0), "uri"), ==,
                   "tel:+902325550101");
  g_assert_cmpstr (g_object_get_data (find_named (page, "navigate", 0), "uri"), ==,
                   "https://www.openstreetmap.org/search?query="
                   "Kaz%C4%B1m%20Dirik%20Mah.%20372.%20Sok.%20No%205%2C%20%C4%B0zmir");
  /* The header says the number first, so a narrow one ellipsizes nothing of it. */
  title = first_of_type (GTK_WIDGET (page), ADW_TYPE_WINDOW_TITLE);
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "DTEC-2026-004217");

  /* The labour error goes as soon as the minutes read right, before any save. */
  labour = find_named (page, "labour-minutes", 0);
  gtk_editable_set_text (GTK_EDITABLE (labour), "kırk");
  g_assert_false (saha_service_call_page_save (page));
  g_assert_true (gtk_widget_get_visible (find_named (page, "labour-error", 0)));
  gtk_editable_set_text (GTK_EDITABLE (labour), "40");
  g_assert_false (gtk_widget_get_visible (find_named (page, "labour-error", 0)));
  g_assert_false (gtk_widget_has_css_class (labour, "error"));

  /* Parts stay in the order they were added, saved and opened again. */
  for (guint i = 0; i < G_N_ELEMENTS (skus); i++)
    search_and_pick (page, "product-search", "product-results", skus[i]);
  g_assert_true (saha_service_call_page_save (page));
  for (guint round = 0; round < 2; round++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (skus); i++)
        g_assert_true (g_str_has_prefix (label_text (page, "part-title", i), skus[i]));
      page = open_call (fixture, other);
      page = open_call (fixture, id);
    }

  /* Scrolled down on one call, the next opens at its top. */
  scroller = gtk_widget_get_ancestor (labour, GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  iterate (200);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
  page = open_call (fixture, other);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  /* The other customer has a position: Navigate opens it; no phone, no Call. */
  g_assert_cmpstr (g_object_get_data (find_named (page, "navigate", 0), "uri"), ==,
                   "geo:38.4192,27.1287");
  g_assert_false (gtk_widget_is_sensitive (find_named (page, "call-customer", 0)));
  g_assert_cmpstr (adw_action_row_get_subtitle (find_named (page, "product", 0)), ==, "—");
}

/* Strokes set on the pad are saved as compact text and come back the same. */
static void
test_signature_round_trip (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *id = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                                "status", "on_site", "assigned_to", "ayse", NULL);
  SahaServiceCallPage *page = open_call (fixture, id);
  SahaSignaturePad *pad = saha_service_call_page_get_signature_pad (page);
  static const double first[] = { 40, 150, 80, 60, 120, 140, 160, 70, 200, 150 };
  static const double second[] = { 260, 120, 300, 100, 340, 118.6, 380, 102, 560, 110 };
  g_autofree char *saved = NULL;
  g_autofree char *reloaded = NULL;
  g_autoptr(SahaRecord) call = NULL;
  g_autoptr(GError) error = NULL;

  saha_signature_pad_add_stroke (pad, first, G_N_ELEMENTS (first) / 2);
  saha_signature_pad_add_stroke (pad, second, G_N_ELEMENTS (second) / 2);
  g_assert_cmpuint (saha_signature_pad_get_n_strokes (pad), ==, 2);
  saved = saha_signature_pad_dup_strokes (pad, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, ==, "{\"v\":1,\"w\":600,\"h\":200,\"strokes\":"
                              "[[40,150,80,60,120,140,160,70,200,150],"
                              "[260,120,300,100,340,119,380,102,560,110]]}");

  /* A signature without the signer's name is not taken. */
  g_assert_false (saha_service_call_page_save (page));
  g_assert_true (gtk_widget_get_visible (find_named (page, "signature-error", 0)));
  set_entry (page, "signed-by", 0, "Hülya Işık");
  g_assert_true (saha_service_call_page_save (page));

  call = saha_store_get (fixture->store, "service_call", id, NULL);
  g_assert_cmpstr (saha_record_get (call, "signature"), ==, saved);
  g_assert_cmpstr (saha_record_get (call, "signed_by"), ==, "Hülya Işık");

  /* Opening another call and coming back reads the strokes from the replica. */
  {
    g_autofree char *other = store_test_create (fixture->store, "service_call",
                                     "customer", fixture->customer_id, NULL);

    open_call (fixture, other);
    g_assert_cmpuint (saha_signature_pad_get_n_strokes (pad), ==, 0);
  }
  open_call (fixture, id);
  g_assert_cmpuint (saha_signature_pad_get_n_strokes (pad), ==, 2);
  reloaded = saha_signature_pad_dup_strokes (pad, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reloaded, ==, saved);

  /* Damaged text is refused with a reason, and the pad keeps what it had. */
  g_assert_false (saha_signature_pad_set_strokes (pad, "{\"v\":1,\"strokes\":[[1,2,3]]}",
                                                  &error));
  g_assert_error (error, SAHA_SIGNATURE_ERROR, SAHA_SIGNATURE_ERROR_INVALID);
  g_assert_cmpuint (saha_signature_pad_get_n_strokes (pad), ==, 2);
}

static gboolean
file_contains (const char *data,
               gsize       length,
               const char *needle)
{
  gsize n = strlen (needle);

  /* The PDF's streams hold NUL bytes, which string functions would stop at. */
  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The report is a real PDF with the call in it. */
static void
test_report_pdf (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *id = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                                "status", "resolved", "assigned_to", "ayse",
                                "problem", "Pano sigortası atıyor",
                                "scheduled_at", "2026-11-25T07:30:00Z",
                                "started_at", "2026-11-25T08:05:00Z",
                                "resolved_at", "2026-11-25T09:10:00Z",
                                "labour_minutes", "65",
                                "resolution", "Kaçak akım rölesi değiştirildi",
                                "signature", "{\"v\":1,\"w\":600,\"h\":200,\"strokes\":"
                                             "[[40,150,80,60,120,140,160,70,200,150]]}",
                                "signed_by", "Hülya Işık", NULL);
  g_autoptr(SahaRecord) call = saha_store_get (fixture->store, "service_call", id, NULL);
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "report.pdf", NULL);
  g_autofree char *data = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *gs = g_find_program_in_path ("gs");
  SahaServiceCallPage *page;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_free (store_test_create (fixture->store, "service_part", "service_call", id,
                  "product", fixture->fuse_id, "quantity", "1", "unit_price", "100.00", NULL));
  g_free (store_test_create (fixture->store, "service_part", "service_call", id,
                             "product", fixture->cable_id, "quantity", "2.5",
                             "unit_price", "12.99", NULL));
  g_assert_true (g_mkdir_with_parents (g_get_user_cache_dir (), 0700) == 0);

  /* Labour at the preferences' hourly rate. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.sahacrm.Saha");

    g_assert_true (g_settings_set_string (settings, "hourly-rate", "850.00"));
  }
  page = open_call (fixture, id);
  g_assert_true (saha_service_call_page_write_report (page, path, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 4000);
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  g_assert_true (file_contains (data, length, "%EOF"));

  /* The text read back by poppler, or else by Ghostscript: both parse the whole file. */
  if (pdftotext != NULL || gs != NULL)
    {
      const char *poppler_argv[] = { pdftotext, "-enc", "UTF-8", path, "-", NULL };
      const char *gs_argv[] = { gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                                "-sDEVICE=txtwrite", "-sOutputFile=-", path, NULL };
      const char **argv = pdftotext != NULL ? poppler_argv : gs_argv;
      g_autofree char *text = NULL;
      int wait_status = 0;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                   &text, NULL, &wait_status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
      g_assert_nonnull (strstr (text, saha_record_get (call, "number")));
      g_assert_nonnull (strstr (text, "Kaçak akım rölesi değiştirildi"));
      g_assert_nonnull (strstr (text, "Hülya Işık"));
      /* The parts used, each with its name, quantity and amount (issue 14). */
      g_assert_nonnull (strstr (text, "Parts and labour"));
      g_assert_nonnull (strstr (text, "Otomatik sigorta 16 A"));
      g_assert_nonnull (strstr (text, "NYA kablo 2,5 mm², 2.5 m × ₺12.99"));
      g_assert_nonnull (strstr (text, "₺32.48"));
      /* In the order they were added. */
      g_assert_true (strstr (text, "Otomatik sigorta 16 A") < strstr (text, "NYA kablo 2,5 mm²"));
      /* Labour at ₺850.00 an hour (Preferences: the server gave no company rate): 65
       * minutes are ₺920.83; VAT 10% of 100.00, 20% of 32.48 (6.50) and 20% of the labour
       * (184.17); the customer pays 1,253.98. */
      g_assert_nonnull (strstr (text, "Labour, 65 minutes at ₺850.00 an hour"));
      g_assert_nonnull (strstr (text, "₺920.83"));
      g_assert_nonnull (strstr (text, "₺200.67"));
      g_assert_nonnull (strstr (text, "Grand total"));
      g_assert_nonnull (strstr (text, "₺1,253.98"));
    }
  else
    g_test_message ("neither pdftotext nor gs is installed; the PDF's text is not read back");

  /* A path that cannot be written is an error, not a silent nothing. */
  g_assert_false (saha_service_call_page_write_report (page, "/nonexistent-dir/report.pdf",
                                                       &error));
  g_assert_nonnull (error);
}

/* The PDF's text as Ghostscript reads it back (gs is installed by tools/install-deps). */
static char *
pdf_text (const char *path)
{
  g_autofree char *gs = g_find_program_in_path ("gs");
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  int wait_status = 0;

  g_assert_nonnull (gs);
  {
    const char *argv[] = { gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=txtwrite",
                           "-sOutputFile=-", path, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &text, NULL, &wait_status, &error));
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  g_test_message ("%s", text);
  return text;
}

/* The report a customer is handed: the company's name and tax number at the top (the
 * server's setting, kept from the last sync), the technician's full name, each part on
 * its own line, labour at the hourly rate, VAT by each part's rate and the labour's, the
 * grand total, in the customer's language whatever the interface speaks. */
static void
test_report_company_totals_language (Fixture       *fixture,
                                     gconstpointer  user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "report-tr.pdf", NULL);
  g_autofree char *en_path = g_build_filename (g_get_user_cache_dir (), "report-en.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *en_text = NULL;
  g_autoptr(GError) error = NULL;
  const char *interface_language = g_getenv ("LANGUAGE");
  SahaServiceCallPage *page;
  SahaFieldInput turkish[] = { { "language", "tr" } };
  SahaFieldInput english[] = { { "language", "en" } };

  g_assert_true (saha_store_set_setting (fixture->store, "company",
                                         "{\"name\":\"Ekin Teknik Servis Ltd. Şti.\","
                                         "\"address\":\"Barbaros Bulvarı 12\\nBeşiktaş / İstanbul\","
                                         "\"tax_office\":\"Beşiktaş\",\"tax_id\":\"7350012345\","
                                         "\"labour_rate\":\"850.00\",\"labour_vat\":\"20\"}",
                                         &error));
  g_assert_no_error (error);
  g_assert_true (saha_store_set_setting (fixture->store, "users_cache",
                                         "{\"users\":[{\"name\":\"ayse\",\"role\":\"tech\","
                                         "\"code\":\"AYSE\",\"full_name\":\"Ayşe Yılmaz\"}]}",
                                         &error));
  g_assert_no_error (error);
  id = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                          "status", "resolved", "assigned_to", "ayse",
                          "problem", "Pano sigortası atıyor", "labour_minutes", "65",
                          "resolution", "Sigorta değiştirildi", NULL);
  /* 100.00 at 10 % VAT (the fuse's rate) and 65 minutes at 850.00 an hour = 920.83 at
   * 20 %: net 1,020.83, VAT 10.00 + 184.17 = 194.17, grand total 1,215.00. */
  g_free (store_test_create (fixture->store, "service_part", "service_call", id,
                             "product", fixture->fuse_id, "quantity", "1", "unit_price", "100.00",
                             NULL));
  g_assert_true (g_mkdir_with_parents (g_get_user_cache_dir (), 0700) == 0);

  /* The customer reads Turkish; the interface speaks English. */
  g_setenv ("LANGUAGE", "en", TRUE);
  g_assert_true (saha_store_update (fixture->store, "customer", fixture->customer_id, turkish,
                                    1, &error));
  g_assert_no_error (error);
  page = open_call (fixture, id);
  g_assert_true (saha_service_call_page_write_report (page, path, &error));
  g_assert_no_error (error);
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, "Ekin Teknik Servis Ltd. Şti."));
  g_assert_nonnull (strstr (text, "7350012345"));
  g_assert_nonnull (strstr (text, "Ayşe Yılmaz"));
  g_assert_nonnull (strstr (text, "SIG-16 Otomatik sigorta 16 A"));
  g_assert_nonnull (strstr (text, "920,83 ₺"));
  g_assert_nonnull (strstr (text, "194,17 ₺"));
  g_assert_nonnull (strstr (text, "1.215,00 ₺"));
  g_assert_nonnull (strstr (text, "Genel toplam"));
  g_assert_null (strstr (text, "Grand total"));
  /* The interface itself still speaks English afterwards. */
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "en");
  g_assert_cmpstr (_("Grand total"), ==, "Grand total");

  /* An English-speaking customer gets English amounts and words. */
  g_assert_true (saha_store_update (fixture->store, "customer", fixture->customer_id, english,
                                    1, &error));
  g_assert_no_error (error);
  g_assert_true (saha_service_call_page_write_report (page, en_path, &error));
  g_assert_no_error (error);
  en_text = pdf_text (en_path);
  g_assert_nonnull (strstr (en_text, "Grand total"));
  g_assert_nonnull (strstr (en_text, "1,215.00"));
  g_assert_nonnull (strstr (en_text, "Ayşe Yılmaz"));

  if (interface_language != NULL)
    g_setenv ("LANGUAGE", interface_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* Today lists the signed-in technician's open calls and today's, earliest first. */
static void
test_today (Fixture       *fixture,
            gconstpointer  user_data)
{
  GObject *today = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW,
                                                  "today_page");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) noon = g_date_time_new_local (g_date_time_get_year (now),
                                                     g_date_time_get_month (now),
                                                     g_date_time_get_day_of_month (now),
                                                     12, 0, 0);
  g_autoptr(GDateTime) morning = g_date_time_add_hours (noon, -3);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (noon, -1);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (noon, 1);
  g_autoptr(GDateTime) noon_utc = g_date_time_to_utc (noon);
  g_autoptr(GDateTime) morning_utc = g_date_time_to_utc (morning);
  g_autoptr(GDateTime) yesterday_utc = g_date_time_to_utc (yesterday);
  g_autoptr(GDateTime) tomorrow_utc = g_date_time_to_utc (tomorrow);
  g_autofree char *at_noon = g_date_time_format_iso8601 (noon_utc);
  g_autofree char *at_morning = g_date_time_format_iso8601 (morning_utc);
  g_autofree char *at_yesterday = g_date_time_format_iso8601 (yesterday_utc);
  g_autofree char *at_tomorrow = g_date_time_format_iso8601 (tomorrow_utc);
  g_autofree char *open_tomorrow = NULL, *closed_today = NULL, *open_morning = NULL;
  g_auto(GStrv) ids = NULL;

  open_tomorrow = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                          "status", "assigned", "assigned_to", "ayse",
                          "scheduled_at", at_tomorrow, NULL);
  closed_today = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                         "status", "closed", "assigned_to", "ayse",
                         "scheduled_at", at_noon, NULL);
  open_morning = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                         "status", "travelling", "assigned_to", "ayse",
                         "scheduled_at", at_morning, NULL);
  g_free (store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                  "status", "closed", "assigned_to", "ayse", "scheduled_at", at_yesterday, NULL));
  g_free (store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                  "status", "assigned", "assigned_to", "mehmet", "scheduled_at", at_noon, NULL));

  saha_today_view_reload (SAHA_TODAY_VIEW (today));
  WAIT_FOR (!saha_today_view_get_loading (SAHA_TODAY_VIEW (today)));
  ids = saha_today_view_dup_call_ids (SAHA_TODAY_VIEW (today));
  /* Closed calls are left out, even today's (tests/app/test-today.c has the groups). */
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpstr (ids[0], ==, open_morning);
  g_assert_cmpstr (ids[1], ==, open_tomorrow);
  g_assert_false (g_strv_contains ((const char * const *) ids, closed_today));

  /* A row opens its call on the Service calls page. */
  g_signal_emit_by_name (find_named (today, "today-calls", 0), "row-activated",
                         gtk_widget_get_first_child (find_named (today, "today-calls", 0)));
  g_assert_cmpstr (saha_service_call_page_get_call_id (
                     saha_service_call_list_view_get_page (calls_view (fixture))), ==,
                   open_morning);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fieldwork_test_init (&argc, &argv);

  g_test_add ("/app/service-calls/offered-transitions", Fixture, NULL,
              fixture_set_up, test_offered_transitions, fixture_tear_down);
  g_test_add ("/app/service-calls/workflow-stamps", Fixture, NULL,
              fixture_set_up, test_workflow_stamps, fixture_tear_down);
  g_test_add ("/app/service-calls/signature-round-trip", Fixture, NULL,
              fixture_set_up, test_signature_round_trip, fixture_tear_down);
  g_test_add ("/app/service-calls/report-pdf", Fixture, NULL,
              fixture_set_up, test_report_pdf, fixture_tear_down);
  g_test_add ("/app/service-calls/report-company-totals-language", Fixture, NULL,
              fixture_set_up, test_report_company_totals_language, fixture_tear_down);
  g_test_add ("/app/service-calls/first-day", Fixture, NULL,
              fixture_set_up, test_first_day, fixture_tear_down);
  g_test_add ("/app/service-calls/today", Fixture, NULL,
              fixture_set_up, test_today, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
