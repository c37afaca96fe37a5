/* test-reach-out.c: Call, SMS and e-mail on a computer with no app for them show what to
 * dial, with a Copy button and the customer's preferred hours; with contact persons,
 * whom to call is asked first; in both languages (runs under Xvfb).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "saha-application.h"
#include "saha-reach-out.h"
#include "../test-create.h"

static SahaApplication *app;

typedef struct
{
  SahaStore *store;
  GtkWidget *window;
  char      *customer_id;
} Fixture;

static void
use_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, g_str_equal (language, "tr") ? "tr_TR.UTF-8" : "en_US.UTF-8");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "replica.db", NULL);
  g_autoptr(GError) error = NULL;

  fixture->store = saha_store_open (path, &error);
  g_assert_no_error (error);
  fixture->customer_id = store_test_create (fixture->store, "customer", "name", "Deniz Turizm",
                                            "kind", "company", "phone", "0212 555 01 02",
                                            "email", "info@deniz.example",
                                            "contact_from", "09:00", "contact_to", "17:30", NULL);
  fixture->window = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->customer_id, g_free);
  use_language ("en");
}

static AdwMessageDialog *
find_dialog (const char *name)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (window)
          && g_strcmp0 (gtk_widget_get_name (window), name) == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* With SAHA_SCREENSHOT_DIR set, @widget's window as drawn now goes to NAME.png there, to be
 * looked at (not compared). */
static void
maybe_save_png (GtkWidget  *widget,
                const char *name)
{
  const char *dir = g_getenv ("SAHA_SCREENSHOT_DIR");
  GtkWidget *window;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  GtkSnapshot *snapshot;
  gint64 until;

  if (dir == NULL)
    return;
  window = GTK_WIDGET (gtk_widget_get_root (widget));
  until = g_get_monotonic_time () + 500 * 1000;
  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window),
                          gtk_widget_get_height (window));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                        &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (window),
                                                             gtk_widget_get_height (window)));
  file = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, file));
}

static void
reach (Fixture          *fixture,
       SahaReachChannel  channel)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaRecord) customer = saha_store_get (fixture->store, "customer",
                                                   fixture->customer_id, &error);

  g_assert_no_error (error);
  saha_reach_out (fixture->window, fixture->store, customer, channel);
}

static char *
clipboard_text (GtkWidget *widget)
{
  GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (widget));
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  return g_value_dup_string (&value);
}

/* No app for tel: the number, the hours and a Copy button, not GTK's "Operation not
 * supported". */
static void
test_call_without_app (Fixture       *fixture,
                       gconstpointer  user_data)
{
  AdwMessageDialog *dialog;
  GtkWidget *address;
  g_autofree char *copied = NULL;

  reach (fixture, SAHA_REACH_CALL);
  dialog = find_dialog ("no-app-dialog");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "No App for Calls");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "This computer cannot place calls. Call Deniz Turizm from your phone:");
  address = find_named (GTK_WIDGET (dialog), "no-app-address");
  g_assert_nonnull (address);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (address)), ==,
                   "0212 555 01 02\nPreferred hours: 09:00–17:30");
  g_assert_true (adw_message_dialog_has_response (dialog, "copy"));
  maybe_save_png (GTK_WIDGET (dialog), "no-app-call-en");
  adw_message_dialog_response (dialog, "copy");
  copied = clipboard_text (GTK_WIDGET (dialog));
  g_assert_cmpstr (copied, ==, "0212 555 01 02");
  gtk_window_destroy (GTK_WINDOW (dialog));

  reach (fixture, SAHA_REACH_EMAIL);
  dialog = find_dialog ("no-app-dialog");
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "No App for E-mail");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_named (GTK_WIDGET (dialog), "no-app-address"))),
                   ==, "info@deniz.example");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* With contact persons, whom to call is asked; the chosen one's number is shown. A
 * person who opted out of calls is not offered. */
static void
test_choose_contact (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *ayse = NULL;
  g_autofree char *mehmet = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *row;

  ayse = store_test_create (fixture->store, "contact", "customer", fixture->customer_id,
                            "name", "Ayşe Kaya", "role", "Satın alma", "phone", "0532 111 22 33",
                            NULL);
  mehmet = store_test_create (fixture->store, "contact", "customer", fixture->customer_id,
                              "name", "Mehmet Öz", "phone", "0533 444 55 66",
                              "opt_out", "phone", NULL);

  reach (fixture, SAHA_REACH_CALL);
  g_assert_null (find_dialog ("no-app-dialog"));
  dialog = find_dialog ("reach-whom-dialog");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Whom to Call?");
  row = find_named (GTK_WIDGET (dialog), "reach-person:0");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Deniz Turizm");
  row = find_named (GTK_WIDGET (dialog), "reach-person:1");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Ayşe Kaya");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Satın alma · 0532 111 22 33");
  g_assert_null (find_named (GTK_WIDGET (dialog), "reach-person:2"));
  maybe_save_png (GTK_WIDGET (dialog), "reach-whom-en");

  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  dialog = find_dialog ("no-app-dialog");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "This computer cannot place calls. Call Ayşe Kaya from your phone:");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_named (GTK_WIDGET (dialog), "no-app-address"))),
                   ==, "0532 111 22 33\nPreferred hours: 09:00–17:30");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_turkish (Fixture       *fixture,
              gconstpointer  user_data)
{
  AdwMessageDialog *dialog;

  use_language ("tr");
  reach (fixture, SAHA_REACH_CALL);
  dialog = find_dialog ("no-app-dialog");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Arama yapacak uygulama yok");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "Bu bilgisayardan arama yapılamıyor. Deniz Turizm için telefonunuzdan şu "
                   "numarayı arayın:");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find_named (GTK_WIDGET (dialog), "no-app-address"))),
                   ==, "0212 555 01 02\nTercih ettiği saatler: 09:00–17:30");
  maybe_save_png (GTK_WIDGET (dialog), "no-app-call-tr");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  saha_application_setup_i18n ();
  use_language ("en");
  gtk_init ();
  adw_init ();

  app = saha_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add ("/app/reach-out/call-without-app", Fixture, NULL,
              fixture_set_up, test_call_without_app, fixture_tear_down);
  g_test_add ("/app/reach-out/choose-contact", Fixture, NULL,
              fixture_set_up, test_choose_contact, fixture_tear_down);
  g_test_add ("/app/reach-out/turkish", Fixture, NULL,
              fixture_set_up, test_turkish, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
