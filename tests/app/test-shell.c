/* test-shell.c: the window as a whole: every icon-only button labelled for eyes and ears,
 * the keyboard shortcuts set and listed, and signing out (runs under Xvfb).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "fieldwork-test.h"
#include "saha-store-set-aside.h"

/* An icon-only button (or menu button) and what it lacks, for the failure message. */
static void
collect_unlabelled (GtkWidget *widget,
                    GString   *missing)
{
  gboolean icon_only = FALSE;

  /* The header bar's minimize, maximize and close buttons are GTK's own, labelled by it. */
  if (GTK_IS_WINDOW_CONTROLS (widget))
    return;

  if (GTK_IS_BUTTON (widget) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)))
    icon_only = gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL
                || GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (widget)));
  else if (GTK_IS_MENU_BUTTON (widget))
    icon_only = gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL;

  if (icon_only && gtk_widget_get_mapped (widget))
    {
      const char *icon = GTK_IS_MENU_BUTTON (widget)
                         ? gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget))
                         : gtk_button_get_icon_name (GTK_BUTTON (widget));
      GtkWidget *page = gtk_widget_get_ancestor (widget, GTK_TYPE_STACK);

      if (gtk_widget_get_tooltip_text (widget) == NULL)
        g_string_append_printf (missing, "\n  %s button (%s in %s) in %s: no tooltip",
                                icon != NULL ? icon : "image", G_OBJECT_TYPE_NAME (widget),
                                G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)),
                                page != NULL ? G_OBJECT_TYPE_NAME (gtk_widget_get_parent (page)) : "?");
      if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_string_append_printf (missing, "\n  %s button (%s): no accessible label",
                                icon != NULL ? icon : "image", G_OBJECT_TYPE_NAME (widget));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_unlabelled (child, missing);
}

static void
assert_buttons_labelled (Fixture    *fixture,
                         const char *where,
                         GString    *missing)
{
  g_autoptr(GString) found = g_string_new (NULL);

  iterate (50);
  collect_unlabelled (GTK_WIDGET (fixture->window), found);
  if (found->len > 0)
    g_string_append_printf (missing, "\n%s:%s", where, found->str);
}

static void
signed_in_set_up (Fixture       *fixture,
                  gconstpointer  user_data)
{
  fixture_set_up (fixture, user_data);
  /* fixture_set_up signs the replica in before the window opens: the pages show. */
  g_assert_cmpstr (saha_window_get_mode (fixture->window), ==, "pages");
}

/* Each page of the sidebar, and the editors they open, walked widget by widget. */
static void
test_icon_buttons_labelled (Fixture       *fixture,
                            gconstpointer  user_data)
{
  static const char * const pages[] = {
    "today", "customers", "orders", "service-calls", "visits", "conflicts",
  };
  g_autoptr(GString) missing = g_string_new (NULL);

  g_free (store_test_create (fixture->store, "order", "customer", fixture->customer_id, "status", "draft",
                  NULL));
  g_free (store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                  "status", "assigned", "assigned_to", "ayse", NULL));
  g_free (store_test_create (fixture->store, "visit", "customer", fixture->customer_id, "user", "ayse",
                  "check_in_at", "2026-11-20T09:00:00Z", NULL));
  saha_window_notify_local_change (fixture->window);

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      saha_window_show_page (fixture->window, pages[i]);
      assert_buttons_labelled (fixture, pages[i], missing);
    }

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-order", "s",
                              fixture->customer_id);
  assert_buttons_labelled (fixture, "order editor", missing);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-service-call", "s",
                              fixture->customer_id);
  assert_buttons_labelled (fixture, "service call page", missing);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.log-visit", "s",
                              fixture->customer_id);
  assert_buttons_labelled (fixture, "visit editor", missing);

  /* Narrow: the back buttons show. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 700);
  iterate (200);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", pages[i]);
      assert_buttons_labelled (fixture, pages[i], missing);
    }

  if (missing->len > 0)
    g_error ("Icon-only buttons without a tooltip or an accessible label:%s", missing->str);
}

/* Every shortcut has its accelerator set and is listed in the shortcuts window. */
static void
test_accelerators (Fixture       *fixture,
                   gconstpointer  user_data)
{
  static const struct
  {
    const char *action;
    const char *accel;
  } shortcuts[] = {
    { "win.search", "<Control>f" },
    { "win.new-order('')", "<Control>n" },
    { "win.sync", "<Control>r" },
    { "app.preferences", "<Control>comma" },
    { "app.quit", "<Control>q" },
    { "win.show-page('today')", "<Alt>1" },
    { "win.show-page('customers')", "<Alt>2" },
    { "win.show-page('orders')", "<Alt>3" },
    { "win.show-page('service-calls')", "<Alt>4" },
    { "win.show-page('visits')", "<Alt>5" },
    { "win.show-page('conflicts')", "<Alt>6" },
  };
  g_autoptr(GBytes) overlay = NULL;
  g_autofree char *overlay_text = NULL;
  g_auto(GStrv) help_accels = NULL;
  g_autoptr(GError) error = NULL;
  GtkStack *content;

  overlay = g_resources_lookup_data ("/org/sahacrm/Saha/gtk/help-overlay.ui", 0, &error);
  g_assert_no_error (error);
  overlay_text = g_strndup (g_bytes_get_data (overlay, NULL), g_bytes_get_size (overlay));

  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    shortcuts[i].action);
      g_autofree char *escaped = g_markup_escape_text (shortcuts[i].accel, -1);

      g_assert_cmpuint (g_strv_length (accels), ==, 1);
      g_assert_cmpstr (accels[0], ==, shortcuts[i].accel);
      /* Listed by its accelerator, or by its action for the ones taken from the app. */
      if (strstr (overlay_text, escaped) == NULL && strstr (overlay_text, shortcuts[i].action) == NULL)
        g_error ("%s (%s) is not in the shortcuts window", shortcuts[i].action, shortcuts[i].accel);
    }

  /* GtkApplication sets Ctrl+? for the shortcuts window itself. */
  help_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                       "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) help_accels, "<Control>question"));

  /* Alt+3 shows the Orders page. */
  content = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                     SAHA_TYPE_WINDOW, "content_stack"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page",
                                             "s", "orders"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content), ==, "orders");
}

/* Sign-out ------------------------------------------------------------------------------ */

static void
write_token_file (Fixture *fixture)
{
  g_autofree char *token_path = g_strconcat (saha_store_get_path (fixture->store), ".token",
                                             NULL);
  g_autoptr(GError) error = NULL;

  /* What saha-cli login leaves, with no server_url in the replica: no network here. */
  g_assert_true (g_file_set_contents_full (token_path,
                                           "{ \"token\": \"t\", \"user\": \"ayse\" }", -1,
                                           G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error));
  g_assert_no_error (error);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
            return ADW_MESSAGE_DIALOG (window);
        }
      g_main_context_iteration (NULL, FALSE);
    }

  g_error ("no sign-out dialog");
}

static void
on_signed_out (SahaApplication *application,
               gboolean         done,
               int             *result)
{
  *result = done ? 1 : 0;
}

/* Asks to sign out, checks the dialog names the changes waiting, answers @response and
 * waits for the sign-out to finish. */
static void
sign_out (Fixture    *fixture,
          const char *response,
          guint       pending)
{
  g_autofree char *count = g_strdup_printf ("(%u)", pending);
  AdwMessageDialog *dialog;
  int result = -1;
  gulong handler;

  handler = g_signal_connect (app, "signed-out", G_CALLBACK (on_signed_out), &result);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "sign-out", NULL);
  dialog = find_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), count));
  g_assert_true (adw_message_dialog_has_response (dialog, "keep"));
  g_assert_true (adw_message_dialog_has_response (dialog, "remove"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "remove"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);

  adw_message_dialog_response (dialog, response);
  WAIT_FOR (result != -1);
  g_signal_handler_disconnect (app, handler);
  g_assert_cmpint (result, ==, 1);
}

/* Another user's edits of a record the replica does not show, set aside. */
static void
set_aside_one (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "elsewhere.db", NULL);
  g_autoptr(SahaStore) elsewhere = NULL;
  g_autoptr(SahaRecord) state = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  elsewhere = saha_store_open (path, &error);
  g_assert_no_error (error);
  id = store_test_create (elsewhere, "customer", "name", "Deniz Turizm", "kind", "company", NULL);
  state = saha_store_get (elsewhere, "customer", id, &error);
  g_assert_no_error (error);
  g_assert_true (saha_store_sync_set_aside (fixture->store, state, "user_changed", "mehmet", &error));
  g_assert_no_error (error);
}

static void
test_sign_out_keep (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *path = g_strdup (saha_store_get_path (fixture->store));
  g_autofree char *token_path = g_strconcat (path, ".token", NULL);
  g_autofree char *user = NULL;

  write_token_file (fixture);
  /* fixture_set_up made two customers and three products, all waiting to be synced; a
   * sixth record holds edits set aside, which are not synced either. */
  set_aside_one (fixture);
  sign_out (fixture, "keep", 6);

  g_assert_false (g_file_test (token_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_records (fixture->store, "customer", NULL, NULL), ==, 2);
  user = saha_store_get_setting (fixture->store, "user");
  g_assert_cmpstr (user, ==, "");
  g_assert_cmpstr (saha_window_get_mode (fixture->window), ==, "sign-in");
}

static void
set_true (gboolean *flag)
{
  *flag = TRUE;
}

static void
test_sign_out_remove (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *path = g_strdup (saha_store_get_path (fixture->store));
  g_autofree char *token_path = g_strconcat (path, ".token", NULL);
  GtkWindow *window;
  gboolean destroyed = FALSE;

  write_token_file (fixture);
  /* The window holds the replica open; the test lets go of its own connection, as only
   * the window would hold one in the app. */
  g_signal_connect_swapped (fixture->window, "destroy", G_CALLBACK (set_true), &destroyed);
  g_clear_object (&fixture->store);
  sign_out (fixture, "remove", 5);

  g_assert_true (destroyed);
  g_assert_false (g_file_test (token_path, G_FILE_TEST_EXISTS));

  /* A new window on a new, empty replica at the same place, asking to sign in. */
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (SAHA_IS_WINDOW (window));
  fixture->window = SAHA_WINDOW (window);
  fixture->store = g_object_ref (saha_window_get_store (fixture->window));
  g_assert_cmpstr (saha_store_get_path (fixture->store), ==, path);
  g_assert_cmpstr (saha_window_get_mode (fixture->window), ==, "sign-in");
  g_assert_cmpuint (count_records (fixture->store, "customer", NULL, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fieldwork_test_init (&argc, &argv);

  g_test_add ("/app/shell/icon-buttons-labelled", Fixture, NULL,
              signed_in_set_up, test_icon_buttons_labelled, fixture_tear_down);
  g_test_add ("/app/shell/accelerators", Fixture, NULL,
              signed_in_set_up, test_accelerators, fixture_tear_down);
  g_test_add ("/app/shell/sign-out-keep", Fixture, NULL,
              signed_in_set_up, test_sign_out_keep, fixture_tear_down);
  g_test_add ("/app/shell/sign-out-remove", Fixture, NULL,
              signed_in_set_up, test_sign_out_remove, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
