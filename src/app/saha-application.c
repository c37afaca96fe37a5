/* saha-application.c: SahaApplication, the application object that opens the replica.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "saha-store.h"

#include "saha-application.h"
#include "saha-preferences-window.h"
#include "saha-window.h"

struct _SahaApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *db_path;   /* from --db, or NULL */
};

G_DEFINE_FINAL_TYPE (SahaApplication, saha_application, ADW_TYPE_APPLICATION)

void
saha_application_setup_i18n (void)
{
  const char *localedir = g_getenv ("SAHA_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
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

static void
saha_application_activate (GApplication *application)
{
  SahaApplication *self = SAHA_APPLICATION (application);
  GtkWindow *window;
  g_autofree char *path = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GError) error = NULL;

  window = gtk_application_get_active_window (GTK_APPLICATION (application));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  path = saha_application_dup_db_path (self);
  store = saha_store_open (path, &error);
  if (store == NULL)
    g_warning ("Cannot open the replica %s: %s", path, error->message);

  window = GTK_WINDOW (saha_window_new (self, store, error));
  gtk_window_present (window);
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

  preferences = saha_preferences_window_new (self->settings);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
};

static void
saha_application_startup (GApplication *application)
{
  SahaApplication *self = SAHA_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *sync_accels[] = { "<Control>r", NULL };

  G_APPLICATION_CLASS (saha_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.sync", sync_accels);
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

  app_class->handle_local_options = saha_application_handle_local_options;
  app_class->startup = saha_application_startup;
  app_class->activate = saha_application_activate;
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
