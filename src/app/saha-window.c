/* saha-window.c: SahaWindow, the main window: sign-in or the sidebar of pages.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#ifdef HAVE_SAHA_SYNC
#include "saha-sync.h"
#endif

#include "saha-customers-view.h"
#include "saha-section-page.h"
#include "saha-sign-in-page.h"
#include "saha-window.h"

struct _SahaWindow
{
  AdwApplicationWindow  parent_instance;

  SahaStore            *store;
  GSettings            *settings;
#ifdef HAVE_SAHA_SYNC
  SahaSyncEngine       *sync_engine;
#endif

  AdwToastOverlay      *toast_overlay;
  GtkStack             *mode_stack;
  AdwStatusPage        *error_page;
  SahaSignInPage       *sign_in_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  AdwWindowTitle       *sidebar_title;
  GtkListBox           *sidebar_list;
  GtkListBoxRow        *customers_row;
  GtkLabel             *conflicts_count_label;
  GtkStack             *content_stack;
  SahaSectionPage      *today_page;
  SahaCustomersView    *customers_view;
  SahaSectionPage      *orders_page;
  SahaSectionPage      *service_calls_page;
  SahaSectionPage      *visits_page;
  SahaSectionPage      *conflicts_page;
};

G_DEFINE_FINAL_TYPE (SahaWindow, saha_window, ADW_TYPE_APPLICATION_WINDOW)

static guint
count_records (SahaWindow           *self,
               const char           *entity,
               const SahaFieldInput *where,
               guint                 n_where)
{
  SahaQuery query = { .where = where, .n_where = n_where };
  guint count = 0;
  g_autoptr(GError) error = NULL;

  if (!saha_store_count (self->store, entity, &query, &count, &error))
    g_warning ("Cannot count %s records: %s", entity, error->message);

  return count;
}

/* The pages this version does not edit yet say what the replica holds and how to work
 * with it meanwhile, rather than pretending. */
static void
update_section_pages (SahaWindow *self)
{
  g_autofree char *user = saha_store_get_setting (self->store, "user");
  SahaStoreStatus status = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n;

  if (user != NULL && *user != '\0')
    {
      SahaFieldInput mine[] = { { "assigned_to", user } };

      n = count_records (self, "service_call", mine, G_N_ELEMENTS (mine));
      text = g_strdup_printf (ngettext ("%u service call assigned to you",
                                        "%u service calls assigned to you", n), n);
    }
  else
    {
      n = count_records (self, "service_call", NULL, 0);
      text = g_strdup_printf (ngettext ("%u service call", "%u service calls", n), n);
    }
  saha_section_page_set_status (self->today_page, text,
                                _("A day plan of your calls and visits comes in a later "
                                  "version. Open a customer to see their calls."));
  g_clear_pointer (&text, g_free);

  n = count_records (self, "order", NULL, 0);
  text = g_strdup_printf (ngettext ("%u order", "%u orders", n), n);
  saha_section_page_set_status (self->orders_page, text,
                                _("Taking orders in the app comes in a later version. "
                                  "A customer’s orders are listed on their page; "
                                  "create orders with saha-cli meanwhile."));
  g_clear_pointer (&text, g_free);

  n = count_records (self, "service_call", NULL, 0);
  text = g_strdup_printf (ngettext ("%u service call", "%u service calls", n), n);
  saha_section_page_set_status (self->service_calls_page, text,
                                _("Working on calls in the app comes in a later version. "
                                  "A customer’s calls are listed on their page; "
                                  "update calls with saha-cli meanwhile."));
  g_clear_pointer (&text, g_free);

  n = count_records (self, "visit", NULL, 0);
  text = g_strdup_printf (ngettext ("%u visit", "%u visits", n), n);
  saha_section_page_set_status (self->visits_page, text,
                                _("Logging visits in the app comes in a later version. "
                                  "A customer’s visits are listed on their page; "
                                  "log visits with saha-cli meanwhile."));
  g_clear_pointer (&text, g_free);

  if (!saha_store_get_status (self->store, &status, &error))
    g_warning ("Cannot read the replica's status: %s", error->message);

  if (status.conflicts > 0)
    {
      g_autofree char *badge = g_strdup_printf ("%u", status.conflicts);

      gtk_label_set_label (self->conflicts_count_label, badge);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_count_label), status.conflicts > 0);

  text = g_strdup_printf (ngettext ("%u record in conflict", "%u records in conflict",
                                    status.conflicts), status.conflicts);
  saha_section_page_set_status (self->conflicts_page, text,
                                status.conflicts > 0
                                ? _("Two people changed the same field before syncing. "
                                    "Until this page can resolve them, list them with "
                                    "“saha-cli conflicts” and pick a value with "
                                    "“saha-cli resolve”.")
                                : _("Edits made on two devices at once that need a person "
                                    "to choose between them are listed here."));

  saha_store_status_clear (&status);
}

static void
update_subtitle (SahaWindow *self)
{
  g_autofree char *user = saha_store_get_setting (self->store, "user");

  adw_window_title_set_subtitle (self->sidebar_title,
                                 user != NULL && *user != '\0' ? user : _("Offline"));
}

static void
show_pages (SahaWindow *self)
{
  saha_customers_view_set_store (self->customers_view, self->store);
  update_section_pages (self);
  update_subtitle (self);
  gtk_stack_set_visible_child_name (self->mode_stack, "pages");
  saha_window_show_page (self, "customers");
}

static void
on_sign_in_done (SahaWindow *self,
                 gboolean    signed_in)
{
  show_pages (self);
  if (signed_in)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.sync", NULL);
}

static void
on_sidebar_row_activated (SahaWindow    *self,
                          GtkListBoxRow *row)
{
  gtk_stack_set_visible_child_name (self->content_stack, gtk_widget_get_name (GTK_WIDGET (row)));
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
}

void
saha_window_show_page (SahaWindow *self,
                       const char *name)
{
  g_return_if_fail (SAHA_IS_WINDOW (self));

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
        {
          gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
          gtk_stack_set_visible_child_name (self->content_stack, name);
          return;
        }
    }

  g_critical ("No page named %s", name);
}

static void
show_sidebar_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SahaWindow *self = SAHA_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
search_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SahaWindow *self = SAHA_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "pages") != 0)
    return;

  saha_window_show_page (self, "customers");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
  gtk_widget_activate_action (GTK_WIDGET (self->customers_view), "customers.focus-search",
                              NULL);
}

#ifdef HAVE_SAHA_SYNC
static void
sync_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SahaWindow) self = user_data;
  g_autoptr(SahaSyncResult) sync_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", TRUE);

  sync_result = saha_sync_engine_sync_finish (SAHA_SYNC_ENGINE (object), result, &error);
  if (sync_result == NULL)
    {
      if (g_error_matches (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_NETWORK))
        message = g_strdup (_("Not synced: the server cannot be reached. Your changes are kept."));
      else if (g_error_matches (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_AUTH))
        message = g_strdup (_("Not synced: sign in again."));
      else
        message = g_strdup_printf (_("Not synced: %s"), error->message);
    }
  else
    {
      message = g_strdup_printf (_("Synced: %u sent, %u received"),
                                 sync_result->pushed, sync_result->pulled);
      saha_customers_view_reload (self->customers_view);
      update_section_pages (self);
    }

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}
#endif

static void
sync_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
#ifdef HAVE_SAHA_SYNC
  SahaWindow *self = SAHA_WINDOW (widget);
  g_autofree char *user = saha_store_get_setting (self->store, "user");

  if (user == NULL || *user == '\0')
    {
      saha_sign_in_page_setup (self->sign_in_page, saha_store_get_path (self->store),
                               g_settings_get_string (self->settings, "server-url"));
      gtk_stack_set_visible_child_name (self->mode_stack, "sign-in");
      return;
    }

  if (self->sync_engine == NULL)
    self->sync_engine = saha_sync_engine_new (saha_store_get_path (self->store));

  gtk_widget_action_set_enabled (widget, "win.sync", FALSE);
  saha_sync_engine_sync_async (self->sync_engine, NULL, sync_done, g_object_ref (self));
#endif
}

static void
save_window_state (SahaWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
saha_window_close_request (GtkWindow *window)
{
  save_window_state (SAHA_WINDOW (window));

  return GTK_WINDOW_CLASS (saha_window_parent_class)->close_request (window);
}

SahaStore *
saha_window_get_store (SahaWindow *self)
{
  g_return_val_if_fail (SAHA_IS_WINDOW (self), NULL);
  return self->store;
}

const char *
saha_window_get_mode (SahaWindow *self)
{
  g_return_val_if_fail (SAHA_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->mode_stack);
}

static void
saha_window_dispose (GObject *object)
{
  SahaWindow *self = SAHA_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SAHA_TYPE_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
#ifdef HAVE_SAHA_SYNC
  g_clear_object (&self->sync_engine);
#endif

  G_OBJECT_CLASS (saha_window_parent_class)->dispose (object);
}

static void
saha_window_class_init (SahaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = saha_window_dispose;
  window_class->close_request = saha_window_close_request;

  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL,
                                   show_sidebar_activated);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_activated);

  g_type_ensure (SAHA_TYPE_CUSTOMERS_VIEW);
  g_type_ensure (SAHA_TYPE_SECTION_PAGE);
  g_type_ensure (SAHA_TYPE_SIGN_IN_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sahacrm/Saha/saha-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, customers_row);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, conflicts_count_label);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, today_page);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, customers_view);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, orders_page);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, service_calls_page);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, visits_page);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, conflicts_page);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_done);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
}

static void
saha_window_init (SahaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

#ifndef HAVE_SAHA_SYNC
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync", FALSE);
#endif
}

SahaWindow *
saha_window_new (SahaApplication *application,
                 SahaStore       *store,
                 const GError    *error)
{
  SahaWindow *self;
  g_autofree char *user = NULL;
  g_autofree char *server_url = NULL;

  g_return_val_if_fail (SAHA_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (store != NULL || error != NULL, NULL);

  self = g_object_new (SAHA_TYPE_WINDOW, "application", application, NULL);
  self->settings = g_object_ref (saha_application_get_settings (application));
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (store == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->mode_stack, "error");
      return self;
    }

  self->store = g_object_ref (store);
  user = saha_store_get_setting (store, "user");
  if (user == NULL || *user == '\0')
    {
      /* A replica that was never signed in may still hold records (imported, or
       * restored from a backup); those can be worked on offline. */
      g_autofree char *stored_url = saha_store_get_setting (store, "server_url");

      server_url = stored_url != NULL ? g_steal_pointer (&stored_url)
                                      : g_settings_get_string (self->settings, "server-url");
      saha_sign_in_page_setup (self->sign_in_page, saha_store_get_path (store), server_url);
      saha_sign_in_page_set_can_work_offline (self->sign_in_page,
                                              count_records (self, "customer", NULL, 0) > 0);
      gtk_stack_set_visible_child_name (self->mode_stack, "sign-in");
      return self;
    }

  show_pages (self);
  return self;
}
