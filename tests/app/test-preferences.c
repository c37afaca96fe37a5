/* test-preferences.c: Preferences show the server the profile is signed in to, and a
 * colour scheme chosen there restyles the application at once, in both languages (runs
 * under Xvfb).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "saha-application.h"
#include "saha-preferences-window.h"
#include "saha-store.h"

static SahaApplication *app;

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

static SahaStore *
signed_in_store (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "replica.db", NULL);
  g_autoptr(GError) error = NULL;
  SahaStore *store = saha_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (saha_store_set_setting (store, "server_url", "https://saha.example.com", &error));
  g_assert_true (saha_store_set_setting (store, "user", "demo-rep", &error));
  g_assert_no_error (error);
  return store;
}

static void
use_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  setlocale (LC_ALL, g_str_equal (language, "tr") ? "tr_TR.UTF-8" : "en_US.UTF-8");
}

/* Signed in: the server and the user are shown, the address offered at sign-in is not
 * (changing it would change nothing). */
static void
test_signed_in (void)
{
  g_autoptr(SahaStore) store = signed_in_store ();
  GSettings *settings = saha_application_get_settings (app);
  SahaPreferencesWindow *window = saha_preferences_window_new (settings, store);
  GtkWidget *row;

  use_language ("en");
  gtk_window_present (GTK_WINDOW (window));
  row = find_named (GTK_WIDGET (window), "signed-in-server");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Signed in to");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "https://saha.example.com as demo-rep");
  maybe_save_png (GTK_WIDGET (window), "preferences-en");
  gtk_window_destroy (GTK_WINDOW (window));

  /* Not signed in (no replica yet): the address to offer is what is shown. */
  window = saha_preferences_window_new (settings, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_false (gtk_widget_get_visible (find_named (GTK_WIDGET (window), "signed-in-server")));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_color_scheme (void)
{
  GSettings *settings = saha_application_get_settings (app);
  AdwStyleManager *style = adw_style_manager_get_default ();
  SahaPreferencesWindow *window = saha_preferences_window_new (settings, NULL);
  AdwComboRow *row;

  use_language ("en");
  gtk_window_present (GTK_WINDOW (window));
  row = ADW_COMBO_ROW (find_named (GTK_WIDGET (window), "color-scheme"));
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);

  adw_combo_row_set_selected (row, 2);
  g_assert_true (adw_style_manager_get_dark (style));
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  adw_combo_row_set_selected (row, 1);
  g_assert_false (adw_style_manager_get_dark (style));
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_destroy (GTK_WINDOW (window));

  /* Kept for the next launch, and shown as chosen when Preferences open again. */
  {
    g_autofree char *kept = g_settings_get_string (settings, "color-scheme");

    g_assert_cmpstr (kept, ==, "light");
  }
  window = saha_preferences_window_new (settings, NULL);
  row = ADW_COMBO_ROW (find_named (GTK_WIDGET (window), "color-scheme"));
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 1);
  adw_combo_row_set_selected (row, 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The same in Turkish. */
static void
test_turkish (void)
{
  g_autoptr(SahaStore) store = signed_in_store ();
  GSettings *settings = saha_application_get_settings (app);
  SahaPreferencesWindow *window;
  GtkWidget *row;
  AdwComboRow *style;
  GListModel *labels;

  use_language ("tr");
  window = saha_preferences_window_new (settings, store);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Tercihler");
  row = find_named (GTK_WIDGET (window), "signed-in-server");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "Oturum açılan sunucu");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "https://saha.example.com (kullanıcı: demo-rep)");
  style = ADW_COMBO_ROW (find_named (GTK_WIDGET (window), "color-scheme"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (style)), ==, "Renk düzeni");
  labels = adw_combo_row_get_model (style);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 0), ==, "Sistemle aynı");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 1), ==, "Açık");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), 2), ==, "Koyu");
  maybe_save_png (GTK_WIDGET (window), "preferences-tr");
  gtk_window_destroy (GTK_WINDOW (window));
  use_language ("en");
}

/* GTK tells an SVG icon by the MIME database, which isolated directories would hide. */
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
  saha_application_setup_i18n ();
  use_language ("en");
  gtk_init ();
  adw_init ();

  app = saha_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/app/preferences/signed-in", test_signed_in);
  g_test_add_func ("/app/preferences/color-scheme", test_color_scheme);
  g_test_add_func ("/app/preferences/turkish", test_turkish);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
