/* saha-application.c: SahaApplication, the application object that opens the replica.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>
#include <sqlite3.h>

#include "saha-store.h"
#include "saha-store-sync.h"

#include "saha-application.h"
#include "saha-credentials.h"
#include "saha-preferences-window.h"
#include "saha-window.h"

struct _SahaApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *db_path;   /* from --db, or NULL */
};

G_DEFINE_FINAL_TYPE (SahaApplication, saha_application, ADW_TYPE_APPLICATION)

enum {
  SIGNED_OUT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_SETTINGS,
};

void
saha_application_setup_i18n (void)
{
  const char *localedir = g_getenv ("SAHA_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* The translations of the first language the user asked for that is not English. */
static char *
missing_translations (const char *localedir)
{
  const char * const *languages = g_get_language_names ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *mo = NULL;

      if (g_str_equal (languages[i], "C") || g_str_equal (languages[i], "POSIX")
          || g_str_has_prefix (languages[i], "en"))
        return NULL;
      if (strchr (languages[i], '.') != NULL || strchr (languages[i], '@') != NULL)
        continue;
      mo = g_build_filename (localedir, languages[i], "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
      if (g_file_test (mo, G_FILE_TEST_EXISTS))
        return NULL;
    }
  /* Translators: the folder where the translations were looked for */
  return g_strdup_printf (_("Saha’s translations are not installed in %s: the interface "
                            "is in English. From a build tree, run it inside "
                            "“meson devenv -C build”."), localedir);
}

gboolean
saha_application_check_setup (char   **warning,
                              GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  const char *localedir = g_getenv ("SAHA_LOCALEDIR");

  g_return_val_if_fail (warning != NULL && *warning == NULL, FALSE);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   /* Translators: the settings schema's id */
                   _("Saha’s settings schema %s is not installed. Install Saha "
                     "(“meson install”), or run it from a build tree inside "
                     "“meson devenv -C build”, which points GSETTINGS_SCHEMA_DIR at the "
                     "build’s compiled schema."), APPLICATION_ID);
      return FALSE;
    }

  *warning = missing_translations (localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  return TRUE;
}

SahaApplication *
saha_application_new (void)
{
  return g_object_new (SAHA_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/sahacrm/Saha",
                       NULL);
}

GSettings *
saha_application_get_settings (SahaApplication *self)
{
  g_return_val_if_fail (SAHA_IS_APPLICATION (self), NULL);

  return self->settings;
}

char *
saha_application_dup_db_path (SahaApplication *self)
{
  const char *env;

  g_return_val_if_fail (SAHA_IS_APPLICATION (self), NULL);

  if (self->db_path != NULL)
    return g_strdup (self->db_path);

  env = g_getenv ("SAHA_DB");
  if (env != NULL && *env != '\0')
    return g_strdup (env);

  return saha_store_default_path ();
}

static int
saha_application_handle_local_options (GApplication *application,
                                       GVariantDict *options)
{
  SahaApplication *self = SAHA_APPLICATION (application);
  g_autofree char *db = NULL;

  if (g_variant_dict_lookup (options, "db", "^ay", &db))
    {
      /* A relative path means the one the person typed it from, not the app's. */
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (db);

      g_free (self->db_path);
      self->db_path = g_file_get_path (file);
    }

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("saha %s\n", PACKAGE_VERSION);
      return 0;
    }

  return G_APPLICATION_CLASS (saha_application_parent_class)->handle_local_options (application,
                                                                                    options);
}

static SahaWindow *
open_window (SahaApplication *self,
             const char      *path)
{
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  SahaWindow *window;

  store = saha_store_open (path, &error);
  if (store == NULL)
    g_warning ("Cannot open the replica %s: %s", path, error->message);

  window = saha_window_new (self, store, error);
  gtk_window_present (GTK_WINDOW (window));
  /* The day starts from what the server has now, when it can be reached. */
  saha_window_sync_at_launch (window);
  return window;
}

static void
saha_application_activate (GApplication *application)
{
  SahaApplication *self = SAHA_APPLICATION (application);
  GtkWindow *window;
  g_autofree char *path = NULL;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  path = saha_application_dup_db_path (self);
  open_window (self, path);
}

/* Signing out -------------------------------------------------------------------------- */

typedef struct
{
  SahaApplication *app;
  SahaWindow      *window;      /* NULL once closed for removing the replica */
  char            *db_path;
  gboolean         remove_replica;
} SignOut;

static void
sign_out_free (SignOut *sign_out)
{
  g_clear_object (&sign_out->app);
  g_clear_object (&sign_out->window);
  g_free (sign_out->db_path);
  g_free (sign_out);
}

static void
sign_out_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  SignOut *sign_out = user_data;
  g_autoptr(GError) error = NULL;
  gboolean done = saha_credentials_sign_out_finish (result, &error);

  if (!done)
    g_warning ("Signing out of %s failed: %s", sign_out->db_path, error->message);

  if (sign_out->remove_replica)
    {
      /* A new, empty replica at the same place: the profile stays where saha-cli looks. */
      open_window (sign_out->app, sign_out->db_path);
      g_application_release (G_APPLICATION (sign_out->app));
    }
  /* The window may have been closed while the sign-out ran. */
  else if (saha_window_get_store (sign_out->window) != NULL)
    {
      saha_window_show_sign_in (sign_out->window, done ? NULL : error->message);
    }

  g_signal_emit (sign_out->app, signals[SIGNED_OUT], 0, done);
  sign_out_free (sign_out);
}

static void
sign_out_response (AdwMessageDialog *dialog,
                   const char       *response,
                   gpointer          user_data)
{
  SahaApplication *self = user_data;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  SahaWindow *window;
  SignOut *sign_out;

  if (g_strcmp0 (response, "keep") != 0 && g_strcmp0 (response, "remove") != 0)
    return;
  if (!SAHA_IS_WINDOW (parent))
    return;
  window = SAHA_WINDOW (parent);

  sign_out = g_new0 (SignOut, 1);
  sign_out->app = g_object_ref (self);
  sign_out->db_path = g_strdup (saha_store_get_path (saha_window_get_store (window)));
  sign_out->remove_replica = g_strcmp0 (response, "remove") == 0;

  if (sign_out->remove_replica)
    {
      /* Nothing may hold the file open while it goes: the window's pages, their worker
       * connections and the sync runner (cancelled) all go with the window. The
       * application is held so that closing its last window does not quit it. */
      g_application_hold (G_APPLICATION (self));
      /* The dialog closes after this handler and would then reach for its parent. */
      gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
      gtk_window_destroy (GTK_WINDOW (window));
    }
  else
    sign_out->window = g_object_ref (window);

  saha_credentials_sign_out_async (sign_out->db_path, sign_out->remove_replica, NULL,
                                   sign_out_done, sign_out);
}

static void
sign_out_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  SahaApplication *self = user_data;
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  SahaStoreStatus status = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint n_unsynced;

  if (!SAHA_IS_WINDOW (active) || saha_window_get_store (SAHA_WINDOW (active)) == NULL)
    return;

  /* A few indexed counts: quick enough for the main loop, and the number has to be the
   * one of this moment, not of the last sync. */
  if (!saha_store_get_status (saha_window_get_store (SAHA_WINDOW (active)), &status, &error))
    {
      g_warning ("Cannot read the replica's status: %s", error->message);
      return;
    }

  /* Edits set aside (another user's, or of records that left the scope) are lost too. */
  n_unsynced = status.pending + saha_store_sync_count_revoked (saha_window_get_store (SAHA_WINDOW (active)),
                                                               NULL);
  if (n_unsynced > 0)
    body = g_strdup_printf (ngettext ("Also remove this device’s copy of the data? "
                                      "Changes not yet synced (%u) will be lost.",
                                      "Also remove this device’s copy of the data? "
                                      "Changes not yet synced (%u) will be lost.",
                                      n_unsynced),
                            n_unsynced);
  else
    body = g_strdup (_("Also remove this device’s copy of the data? "
                       "Every change has been synced (0 waiting)."));
  saha_store_status_clear (&status);

  dialog = adw_message_dialog_new (active, _("Sign Out?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("Sign Out and _Remove Data"),
                                    "keep", _("Sign Out and _Keep Data"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* Keeping is what loses nothing, so Enter does that. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* The window is found again through the dialog, whose transient parent it is: a
   * reference held here would keep the window, and its replica connections, alive after
   * it is closed for removing the replica. */
  g_signal_connect (dialog, "response", G_CALLBACK (sign_out_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SahaApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing (rather than g_application_quit) lets each window save its size. */
  for (GList *l = windows; l != NULL; )
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  SahaApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Saha developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-icon", APPLICATION_ID,
                        "application-name", _("Saha"),
                        "developer-name", _("The Saha developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Customers, orders and service calls, offline in the field"),
                        "website", "https://github.com/sahacrm/saha",
                        "issue-url", "https://github.com/sahacrm/saha/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one per line, shown in the About window */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  SahaApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  SahaPreferencesWindow *preferences;
  SahaStore *store = NULL;

  if (SAHA_IS_WINDOW (parent))
    store = saha_window_get_store (SAHA_WINDOW (parent));
  preferences = saha_preferences_window_new (self->settings, store);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* A task reminder was clicked: the task on the Tasks page. */
static void
open_task_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  SahaApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!SAHA_IS_WINDOW (window))
    {
      g_application_activate (G_APPLICATION (self));
      window = gtk_application_get_active_window (GTK_APPLICATION (self));
    }
  if (!SAHA_IS_WINDOW (window))
    return;
  gtk_window_present (window);
  saha_window_open_task (SAHA_WINDOW (window), g_variant_get_string (parameter, NULL));
}

static const GActionEntry app_actions[] = {
  { "open-task", open_task_activated, "s" },
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "sign-out", sign_out_activated },
};

/*
 * Every icon-only button needs a tooltip for people who see it and an accessible label
 * for people who hear it; both say the same. The tooltip is written where the button is
 * made, and this hook gives a mapped icon-only button (or menu button) that tooltip as
 * its accessible label, so no page can forget one (tests/app/test-shell.c checks both).
 */
static gboolean
label_icon_button (GSignalInvocationHint *hint,
                   guint                  n_params,
                   const GValue          *params,
                   gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&params[0]);
  const char *tooltip;
  gboolean icon_only;

  if (GTK_IS_BUTTON (widget))
    icon_only = gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL
                || GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (widget)));
  else if (GTK_IS_MENU_BUTTON (widget))
    icon_only = gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL;
  else
    return TRUE;

  tooltip = gtk_widget_get_tooltip_text (widget);
  if (icon_only && tooltip != NULL
      && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "saha-accessible-label"), tooltip) != 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      g_object_set_data_full (G_OBJECT (widget), "saha-accessible-label", g_strdup (tooltip),
                              g_free);
    }

  return TRUE;
}

/* The style chosen in Preferences, or the system's. */
static void
apply_color_scheme (SahaApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme color_scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    color_scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    color_scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), color_scheme);
}

static void
saha_application_startup (GApplication *application)
{
  SahaApplication *self = SAHA_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *sync_accels[] = { "<Control>r", NULL };
  static const char *new_order_accels[] = { "<Control>n", NULL };
  static const char * const sidebar_pages[] = {
    "today", "customers", "orders", "service-calls", "visits", "conflicts",
  };

  G_APPLICATION_CLASS (saha_application_parent_class)->startup (application);

  apply_color_scheme (self);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);

  /* Signals exist once their class does; GtkWidget's lives as long as the process. */
  g_type_class_ref (GTK_TYPE_WIDGET);
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                              label_icon_button, NULL, NULL);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.sync", sync_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-order('')",
                                         new_order_accels);
  /* Alt+1…6 in the sidebar's order; listed in gtk/help-overlay.ui. */
  for (guint i = 0; i < G_N_ELEMENTS (sidebar_pages); i++)
    {
      g_autofree char *detailed = g_strdup_printf ("win.show-page('%s')", sidebar_pages[i]);
      g_autofree char *accel = g_strdup_printf ("<Alt>%u", i + 1);
      const char *accels[] = { accel, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (self), detailed, accels);
    }
}

static void
saha_application_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, SAHA_APPLICATION (object)->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_application_finalize (GObject *object)
{
  SahaApplication *self = SAHA_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->db_path, g_free);

  G_OBJECT_CLASS (saha_application_parent_class)->finalize (object);
}

static void
saha_application_class_init (SahaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = saha_application_finalize;
  object_class->get_property = saha_application_get_property;

  /* The app's GSettings, for its windows (which read it by name, not by this class). */
  g_object_class_install_property (object_class, PROP_SETTINGS,
                                   g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /* The store maps the replica on every connection (PRAGMA mmap_size, for searches on
   * the server and the CLI), and every page a connection touches through the map stays
   * in the process's RSS: the sync thread writing a 100,000-customer replica grew the
   * app past 800 MB, and a launch on 10,000 held 180 MB of the file. Here pages are read
   * into the connections' bounded caches instead. Only possible before the first
   * connection opens (the app opens none before its class exists); later it fails and
   * the store's setting stands. */
  if (sqlite3_config (SQLITE_CONFIG_MMAP_SIZE, (sqlite3_int64) 0, (sqlite3_int64) 0) != SQLITE_OK)
    g_debug ("SQLite already initialized: the replica stays memory-mapped");

  app_class->handle_local_options = saha_application_handle_local_options;
  app_class->startup = saha_application_startup;
  app_class->activate = saha_application_activate;

  /* A sign-out finished (TRUE) or failed (FALSE) and its window shows what follows. */
  signals[SIGNED_OUT] = g_signal_new ("signed-out", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
saha_application_init (SahaApplication *self)
{
  static const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the replica FILE instead of the default profile's"), N_("FILE") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  self->settings = g_settings_new (APPLICATION_ID);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
}
