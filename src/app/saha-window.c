/* saha-window.c: SahaWindow, the main window: sign-in or the sidebar of pages.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-sync.h"

#include "saha-campaign-page.h"
#include "saha-conflicts-page.h"
#include "saha-customers-view.h"
#include "saha-dispatch-board.h"
#include "saha-kb-page.h"
#include "saha-order-list-view.h"
#include "saha-page.h"
#include "saha-profitability-page.h"
#include "saha-section-page.h"
#include "saha-service-call-list-view.h"
#include "saha-sign-in-page.h"
#include "saha-sync-runner.h"
#include "saha-sync-status.h"
#include "saha-task-dialog.h"
#include "saha-task-list-page.h"
#include "saha-task-reminders.h"
#include "saha-today-view.h"
#include "saha-visit-list-view.h"
#include "saha-visit-review.h"
#include "saha-window.h"
#include "saha-toasts.h"

struct _SahaWindow
{
  AdwApplicationWindow  parent_instance;

  SahaStore            *store;
  GSettings            *settings;
  SahaSyncRunner       *sync_runner;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *mode_stack;
  AdwStatusPage        *error_page;
  SahaSignInPage       *sign_in_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  SahaSyncStatus       *sync_status;
  GtkWidget            *sync_button;
  GtkListBox           *sidebar_list;
  GtkLabel             *conflicts_count_label;
  GtkStack             *content_stack;   /* of SahaPage: the window knows none of them */
  GtkWidget            *visit_review_row;
  GtkWidget            *profitability_row;
  GtkWidget            *dispatch_row;
  SahaTaskReminders    *task_reminders;

  /* The store's "changed" emissions of one commit are answered once. */
  guint                 batch_idle;
  gboolean              pushed_in_batch;
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

/* The conflicts badge in the sidebar: two indexed counts, cheap enough for every change. */
static void
update_conflicts_badge (SahaWindow *self)
{
  SahaStoreStatus status = { 0 };
  g_autoptr(GError) error = NULL;

  if (!saha_store_get_status (self->store, &status, &error))
    g_warning ("Cannot read the replica's status: %s", error->message);

  /* The Conflicts page lists refused pushes and set-aside edits too: all wait for a
   * person. */
  if (status.conflicts + status.rejected + status.set_aside_only > 0)
    {
      g_autofree char *badge = g_strdup_printf ("%u", status.conflicts + status.rejected
                                                      + status.set_aside_only);

      gtk_label_set_label (self->conflicts_count_label, badge);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_count_label),
                          status.conflicts + status.rejected + status.set_aside_only > 0);

  saha_store_status_clear (&status);
}

static gboolean
batch_over (gpointer user_data)
{
  SahaWindow *self = user_data;

  self->batch_idle = 0;
  self->pushed_in_batch = FALSE;
  return G_SOURCE_REMOVE;
}

/* The store announces each entity a commit wrote; the pages listen for themselves. The
 * window keeps only its own, once for the emissions of a commit (connected before the
 * pages, it is done before they re-read): the badge, the reminders and the push. */
static void
on_store_changed (SahaWindow *self,
                  const char *entity,
                  gboolean    by_this_connection)
{
  /* A write of this app is pushed some seconds later (a burst of edits goes out as one
   * push); what a sync worker or saha-cli wrote is not this app's to push. */
  if (by_this_connection && !self->pushed_in_batch && self->sync_runner != NULL)
    {
      saha_sync_runner_notify_local_change (self->sync_runner);
      self->pushed_in_batch = TRUE;
    }
  if (self->batch_idle != 0)
    return;
  /* A task may have come, gone, been done or moved to another time. */
  if (self->task_reminders != NULL)
    saha_task_reminders_refresh (self->task_reminders);
  update_conflicts_badge (self);
  self->batch_idle = g_idle_add (batch_over, self);
}

static void
on_sync_finished (SahaWindow     *self,
                  SahaSyncResult *result,
                  const GError   *error,
                  gboolean        manual)
{
  g_autofree char *message = NULL;

  /* An admin marked this device lost: the engine has deleted the replica and the
   * token; the sign-in page says why, and offers no offline work on what is gone. */
  if (result == NULL && g_error_matches (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_DEVICE_WIPED))
    {
      saha_window_show_sign_in (self, error->message);
      saha_sign_in_page_set_can_work_offline (self->sign_in_page, FALSE);
      return;
    }
  if (result == NULL)
    {
      if (g_error_matches (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_NETWORK))
        message = g_strdup (_("Server unreachable — working offline"));
      else if (g_error_matches (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_AUTH))
        message = g_strdup (_("Not synced: sign in again."));
      else
        message = g_strdup_printf (_("Not synced: %s"), error->message);
    }
  /* A sync nobody asked for speaks only when it brought or sent something. */
  else if (manual || result->pushed > 0 || result->pulled > 0)
    {
      message = g_strdup_printf (_("Synced: %u sent, %u received"),
                                 result->pushed, result->pulled);
    }

  if (message != NULL)
    saha_window_add_toast (self, adw_toast_new (message));
  /* What the sync wrote (refusals too) is announced now rather than at the next poll. */
  saha_store_poll_changes (self->store);
}

/* Pulled pages landed (at most once a second): the store announces them now rather than
 * at its next look at the data version. */
static void
on_replica_changed (SahaWindow *self)
{
  saha_store_poll_changes (self->store);
}

static void
on_sync_running_changed (SahaWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync",
                                 !saha_sync_runner_get_running (self->sync_runner));
}

static void
start_sync_runner (SahaWindow *self)
{
  if (self->sync_runner != NULL)
    return;

  self->sync_runner = saha_sync_runner_new (self->store, self->settings);
  g_signal_connect_object (self->sync_runner, "finished", G_CALLBACK (on_sync_finished), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync_runner, "replica-changed",
                           G_CALLBACK (on_replica_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync_runner, "notify::running",
                           G_CALLBACK (on_sync_running_changed), self, G_CONNECT_SWAPPED);
  saha_sync_status_set_runner (self->sync_status, self->sync_runner);
}

/* Reviewing everyone's visits is office work; the login stores the role. */
static void
show_visit_review (SahaWindow *self)
{
  g_autofree char *role = saha_store_get_setting (self->store, "user_role");
  gboolean office = g_strcmp0 (role, "office") == 0 || g_strcmp0 (role, "admin") == 0;

  gtk_widget_set_visible (self->visit_review_row, office);
  /* What each customer earns or costs is the office's business too. */
  gtk_widget_set_visible (self->profitability_row, office);
  /* Dispatching calls is the office's too. Like every page, these read when shown. */
  gtk_widget_set_visible (self->dispatch_row, office);
}

/* Every page of the stack gets the store and follows the leaflet's folding; each reads
 * when it is shown and again when the store announces a change to what it shows. */
static void
show_pages (SahaWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->content_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!SAHA_IS_PAGE (child))
        continue;
      /* Shown again after a sign-in: the user and role may be another's, and each page
       * takes them from the store as it is set. */
      if (saha_page_get_store (SAHA_PAGE (child)) == self->store)
        saha_page_set_store (SAHA_PAGE (child), NULL);
      saha_page_set_store (SAHA_PAGE (child), self->store);
      if (g_object_get_data (G_OBJECT (child), "saha-narrow-bound") == NULL)
        {
          g_object_bind_property (self->leaflet, "folded", child, "narrow",
                                  G_BINDING_SYNC_CREATE);
          g_object_set_data (G_OBJECT (child), "saha-narrow-bound", GINT_TO_POINTER (TRUE));
        }
    }
  show_visit_review (self);
  /* Reminders read the replica alone: offline too, and at every start. */
  if (self->task_reminders == NULL)
    self->task_reminders = saha_task_reminders_new (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                                    self->store);
  start_sync_runner (self);
  update_conflicts_badge (self);
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
  gtk_widget_activate_action (gtk_stack_get_visible_child (self->content_stack),
                              "customers.focus-search", NULL);
}

/* Alt+1…6: a sidebar page by its name, from anywhere in the window. */
static void
show_page_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SahaWindow *self = SAHA_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "pages") != 0)
    return;

  saha_window_show_page (self, g_variant_get_string (parameter, NULL));
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
}

static void
sync_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SahaWindow *self = SAHA_WINDOW (widget);

  if (self->store == NULL)
    return;

  start_sync_runner (self);
  if (!saha_sync_runner_sync_now (self->sync_runner))
    {
      saha_sign_in_page_setup (self->sign_in_page, saha_store_get_path (self->store),
                               g_settings_get_string (self->settings, "server-url"));
      gtk_stack_set_visible_child_name (self->mode_stack, "sign-in");
    }
}

void
saha_window_show_sign_in (SahaWindow *self,
                          const char *error)
{
  g_autofree char *server_url = NULL;

  g_return_if_fail (SAHA_IS_WINDOW (self));
  g_return_if_fail (self->store != NULL);

  server_url = saha_store_get_setting (self->store, "server_url");
  if (server_url == NULL || *server_url == '\0')
    {
      g_free (server_url);
      server_url = g_settings_get_string (self->settings, "server-url");
    }
  saha_sign_in_page_setup (self->sign_in_page, saha_store_get_path (self->store), server_url);
  saha_sign_in_page_set_can_work_offline (self->sign_in_page,
                                          count_records (self, "customer", NULL, 0) > 0);
  saha_sign_in_page_show_error (self->sign_in_page, error);
  gtk_stack_set_visible_child_name (self->mode_stack, "sign-in");
  if (self->sync_runner != NULL)
    saha_sync_runner_refresh_status (self->sync_runner);
}

void
saha_window_notify_local_change (SahaWindow *self)
{
  g_return_if_fail (SAHA_IS_WINDOW (self));

  if (self->sync_runner == NULL)
    return;

  saha_sync_runner_notify_local_change (self->sync_runner);
  update_conflicts_badge (self);
}

void
saha_window_add_toast (SahaWindow *self,
                       AdwToast   *toast)
{
  g_return_if_fail (SAHA_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  /* One at a time, whoever shows it (saha-toasts.c). */
  saha_toasts_show (self->toast_overlay, toast);
}

SahaSyncRunner *
saha_window_get_sync_runner (SahaWindow *self)
{
  g_return_val_if_fail (SAHA_IS_WINDOW (self), NULL);
  return self->sync_runner;
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

/* The customer page, the Today page and the visit editor open orders, calls, visits and
 * tasks on their own pages through "win." actions: the window shows the page and hands
 * the parameter to the page's own action. */
static const struct
{
  const char *window_action;
  const char *page;
  const char *page_action;
} page_actions[] = {
  { "win.new-order",        "orders",        "orders.new-for" },
  { "win.open-order",       "orders",        "orders.open" },
  { "win.new-service-call", "service-calls", "calls.new-for" },
  { "win.open-service-call", "service-calls", "calls.open" },
  { "win.log-visit",        "visits",        "visits.log" },
  { "win.open-visit",       "visits",        "visits.open" },
  { "win.open-task",        "tasks",         "tasks.open" },
};

static void
page_action_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SahaWindow *self = SAHA_WINDOW (widget);

  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    if (g_str_equal (page_actions[i].window_action, action_name))
      {
        saha_window_show_page (self, page_actions[i].page);
        adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
        gtk_widget_activate_action_variant (gtk_stack_get_child_by_name (self->content_stack,
                                                                        page_actions[i].page),
                                            page_actions[i].page_action, parameter);
        return;
      }
}

/* A customer's 360° page, from anywhere ("win.open-customer"). */
static void
open_customer_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SahaWindow *self = SAHA_WINDOW (widget);

  saha_window_show_page (self, "customers");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
  gtk_widget_activate_action_variant (gtk_stack_get_child_by_name (self->content_stack,
                                                                  "customers"),
                                      "customers.open", parameter);
}

/* An order or a call opened from a customer's 360° page: its Back returns there. The
 * parameter is (entity, id, customer id); the page's own action gets (id, customer id). */
static void
open_from_customer_activated (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  SahaWindow *self = SAHA_WINDOW (widget);
  const char *entity, *id, *customer_id;
  const char *page, *page_action;

  g_variant_get (parameter, "(&s&s&s)", &entity, &id, &customer_id);
  if (g_str_equal (entity, "order"))
    page = "orders", page_action = "orders.open-from-customer";
  else if (g_str_equal (entity, "service_call"))
    page = "service-calls", page_action = "calls.open-from-customer";
  else
    return;
  saha_window_show_page (self, page);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
  gtk_widget_activate_action (gtk_stack_get_child_by_name (self->content_stack, page),
                              page_action, "(ss)", id, customer_id);
}

/* A page wrote and wants the counts now ("win.wrote"); the store's announcement would
 * come an idle later. */
static void
wrote_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  saha_window_notify_local_change (SAHA_WINDOW (widget));
}

/* A toast of the parameter, for any widget of the window ("win.toast"). */
static void
toast_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  /* A toast's title is markup: the text is shown as it is. */
  g_autofree char *escaped = g_markup_escape_text (g_variant_get_string (parameter, NULL), -1);

  saha_window_add_toast (SAHA_WINDOW (widget), adw_toast_new (escaped));
}

/* A new task about the customer of the parameter ("" for none), from the 360° page. */
static void
new_task_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SahaWindow *self = SAHA_WINDOW (widget);
  const char *customer_id = g_variant_get_string (parameter, NULL);
  SahaTaskDialog *dialog;

  if (self->store == NULL)
    return;
  dialog = saha_task_dialog_new (GTK_WINDOW (self), self->store,
                                 *customer_id != '\0' ? customer_id : NULL, NULL, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
saha_window_sync_at_launch (SahaWindow *self)
{
  g_return_if_fail (SAHA_IS_WINDOW (self));

  if (self->sync_runner == NULL
      || g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "pages") != 0)
    return;
  saha_sync_runner_sync_if_online (self->sync_runner);
}

void
saha_window_open_task (SahaWindow *self,
                       const char *id)
{
  g_return_if_fail (SAHA_IS_WINDOW (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->mode_stack), "pages") != 0)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-task", "s", id);
}

static void
saha_window_dispose (GObject *object)
{
  SahaWindow *self = SAHA_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SAHA_TYPE_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->sync_runner);
  g_clear_object (&self->task_reminders);
  g_clear_handle_id (&self->batch_idle, g_source_remove);

  G_OBJECT_CLASS (saha_window_parent_class)->dispose (object);
}

static const char * const named_children[] = {
  "customers_row", "today_page", "customers_view", "orders_page", "service_calls_page",
  "visits_page", "conflicts_page", "visit_review", "profitability_page", "campaign_page",
  "kb_page", "dispatch_board", "tasks_page",
};

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
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_activated);
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    gtk_widget_class_install_action (widget_class, page_actions[i].window_action, "s",
                                     page_action_activated);
  gtk_widget_class_install_action (widget_class, "win.open-customer", "s",
                                   open_customer_activated);
  gtk_widget_class_install_action (widget_class, "win.open-from-customer", "(sss)",
                                   open_from_customer_activated);
  gtk_widget_class_install_action (widget_class, "win.new-task", "s", new_task_activated);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_activated);
  gtk_widget_class_install_action (widget_class, "win.wrote", NULL, wrote_activated);

  g_type_ensure (SAHA_TYPE_CUSTOMERS_VIEW);
  g_type_ensure (SAHA_TYPE_SECTION_PAGE);
  g_type_ensure (SAHA_TYPE_SIGN_IN_PAGE);
  g_type_ensure (SAHA_TYPE_TODAY_VIEW);
  g_type_ensure (SAHA_TYPE_ORDER_LIST_VIEW);
  g_type_ensure (SAHA_TYPE_SERVICE_CALL_LIST_VIEW);
  g_type_ensure (SAHA_TYPE_VISIT_LIST_VIEW);
  g_type_ensure (SAHA_TYPE_SYNC_STATUS);
  g_type_ensure (SAHA_TYPE_CONFLICTS_PAGE);
  g_type_ensure (SAHA_TYPE_VISIT_REVIEW);
  g_type_ensure (SAHA_TYPE_PROFITABILITY_PAGE);
  g_type_ensure (SAHA_TYPE_CAMPAIGN_PAGE);
  g_type_ensure (SAHA_TYPE_KB_PAGE);
  g_type_ensure (SAHA_TYPE_DISPATCH_BOARD);
  g_type_ensure (SAHA_TYPE_TASK_LIST_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sahacrm/Saha/saha-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, sync_status);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, conflicts_count_label);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, visit_review_row);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, profitability_row);
  gtk_widget_class_bind_template_child (widget_class, SahaWindow, dispatch_row);
  /* The pages and rows by their ids, for gtk_widget_get_template_child() (tests, tools);
   * the window itself keeps none of them. */
  for (guint i = 0; i < G_N_ELEMENTS (named_children); i++)
    gtk_widget_class_bind_template_child_full (widget_class, named_children[i], FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_done);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
}

static void
saha_window_init (SahaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SahaWindow *
saha_window_new (SahaApplication *application,
                 SahaStore       *store,
                 const GError    *error)
{
  SahaWindow *self;
  g_autofree char *user = NULL;
  g_autofree char *server_url = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (store != NULL || error != NULL, NULL);

  self = g_object_new (SAHA_TYPE_WINDOW, "application", application, NULL);
  g_object_get (application, "settings", &self->settings, NULL);
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
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed), self,
                           G_CONNECT_SWAPPED);
  /* Another process's writes (saha-cli, a sync worker) are seen within a second. */
  saha_store_watch_changes (store, 0);
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
