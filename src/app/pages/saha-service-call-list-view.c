/* saha-service-call-list-view.c: SahaServiceCallListView, the Service calls page: calls by
 * status, page by page, and the call page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-paged-list.h"
#include "saha-service-call-list-view.h"
#include "saha-service-call-row.h"


struct _SahaServiceCallListView
{
  SahaPage             parent_instance;

  SahaPagedList       *paged;

  GtkWidget           *stack;
  GtkWidget           *summary_label;
  SahaServiceCallPage *page;

  char                *return_customer;  /* the call was opened from this customer's page */
};

G_DEFINE_FINAL_TYPE (SahaServiceCallListView, saha_service_call_list_view, SAHA_TYPE_PAGE)

static GtkWidget *
call_row (SahaRecord *call,
          const char *customer,
          const char *detail)
{
  return saha_service_call_row_new_for_customer (call, customer);
}

static char *
call_summary (guint total)
{
  return g_strdup_printf (ngettext ("%u service call", "%u service calls", total), total);
}

static const SahaPagedListSpec call_list = {
  .table = "service_call",
  .order_by = "scheduled_at",
  .build_row = call_row,
  .summary = call_summary,
};

gboolean
saha_service_call_list_view_get_loading (SahaServiceCallListView *self)
{
  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self), FALSE);
  return saha_paged_list_get_loading (self->paged);
}

static void
saha_service_call_list_view_reload_page (SahaPage *page)
{
  saha_paged_list_reload (SAHA_SERVICE_CALL_LIST_VIEW (page)->paged);
}

void
saha_service_call_list_view_reload (SahaServiceCallListView *self)
{
  g_return_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self));
  saha_page_reload (SAHA_PAGE (self));
}

void
saha_service_call_list_view_set_status_filter (SahaServiceCallListView *self,
                                               const char              *status)
{
  g_return_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self));
  saha_paged_list_select_status (self->paged, status);
}

guint
saha_service_call_list_view_get_n_shown (SahaServiceCallListView *self)
{
  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self), 0);
  return saha_paged_list_get_n_shown (self->paged);
}

SahaServiceCallPage *
saha_service_call_list_view_get_page (SahaServiceCallListView *self)
{
  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self), NULL);
  return self->page;
}

static void
saha_service_call_list_view_store_set (SahaPage *page)
{
  SahaServiceCallListView *self = SAHA_SERVICE_CALL_LIST_VIEW (page);
  SahaStore *store = saha_page_get_store (page);

  saha_service_call_page_set_store (self->page, store);
  saha_paged_list_set_store (self->paged, store);
}

void
saha_service_call_list_view_open_call (SahaServiceCallListView *self,
                                       const char              *call_id)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->return_customer, g_free);
  g_return_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self));

  if (!saha_service_call_page_load_call (self->page, call_id, &error))
    {
      gtk_label_set_label (GTK_LABEL (self->summary_label), error->message);
      return;
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "call");
}

void
saha_service_call_list_view_new_call (SahaServiceCallListView *self,
                                      const char              *customer_id)
{
  g_return_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self));

  saha_service_call_page_new_call (self->page, customer_id);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "call");
  /* Started on a customer's page: Back returns there. */
  g_free (self->return_customer);
  self->return_customer = customer_id != NULL && *customer_id != '\0' ? g_strdup (customer_id)
                                                                        : NULL;
}

void
saha_service_call_list_view_open_call_for_customer (SahaServiceCallListView *self,
                                                    const char              *call_id,
                                                    const char              *customer_id)
{
  g_return_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self));

  saha_service_call_list_view_open_call (self, call_id);
  self->return_customer = g_strdup (customer_id);
}

static void
on_row_activated (SahaServiceCallListView *self,
                  GtkListBoxRow           *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "record-id");

  if (id != NULL)
    saha_service_call_list_view_open_call (self, id);
}

static void
on_page_done (SahaServiceCallListView *self)
{
  g_autofree char *customer_id = g_steal_pointer (&self->return_customer);

  saha_service_call_list_view_reload (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
  if (customer_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-customer", "s", customer_id);
}

static void
more_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  saha_paged_list_append_page (SAHA_SERVICE_CALL_LIST_VIEW (widget)->paged);
}

static void
saha_service_call_list_view_dispose (GObject *object)
{
  SahaServiceCallListView *self = SAHA_SERVICE_CALL_LIST_VIEW (object);

  if (self->paged != NULL)
    saha_paged_list_cancel (self->paged);
  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_object (&self->paged);
  g_clear_pointer (&self->return_customer, g_free);

  G_OBJECT_CLASS (saha_service_call_list_view_parent_class)->dispose (object);
}

/* A new call for the customer of the parameter: what the window's "win." actions of other pages open here. */
static void
calls_new_for_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  const char *arg = g_variant_get_string (parameter, NULL);

  saha_service_call_list_view_new_call (SAHA_SERVICE_CALL_LIST_VIEW (widget), arg);
}

/* The call of the parameter: what the window's "win." actions of other pages open here. */
static void
calls_open_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  const char *arg = g_variant_get_string (parameter, NULL);

  saha_service_call_list_view_open_call (SAHA_SERVICE_CALL_LIST_VIEW (widget), arg);
}

/* (id, customer id): a call opened from its customer's 360° page; Back returns there. */
static void
calls_open_from_customer_activated (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  const char *id, *customer_id;

  g_variant_get (parameter, "(&s&s)", &id, &customer_id);
  saha_service_call_list_view_open_call_for_customer (SAHA_SERVICE_CALL_LIST_VIEW (widget), id,
                                                      customer_id);
}

static void
saha_service_call_list_view_class_init (SahaServiceCallListViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SahaPageClass *page_class = SAHA_PAGE_CLASS (klass);

  object_class->dispose = saha_service_call_list_view_dispose;
  page_class->store_set = saha_service_call_list_view_store_set;
  page_class->reload = saha_service_call_list_view_reload_page;
  /* The calls and their customers' names. */
  saha_page_class_set_entities (page_class, "service_call", "customer", NULL);
  gtk_widget_class_install_action (widget_class, "calls.new-for", "s", calls_new_for_activated);
  gtk_widget_class_install_action (widget_class, "calls.open", "s", calls_open_activated);
  gtk_widget_class_install_action (widget_class, "calls.open-from-customer", "(ss)",
                                   calls_open_from_customer_activated);

  gtk_widget_class_install_action (widget_class, "calls.more", NULL, more_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
saha_service_call_list_view_init (SahaServiceCallListView *self)
{
  GtkWidget *page, *header, *back, *scrolled, *clamp, *box, *bar, *status_dropdown, *search;

  self->stack = gtk_stack_new ();
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Service Calls"), NULL));
  back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_widget_set_tooltip_text (back, _("Back"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "win.show-sidebar");
  g_object_bind_property (self, "narrow", back, "visible", G_BINDING_SYNC_CREATE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  gtk_box_append (GTK_BOX (page), header);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (page), scrolled);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  gtk_widget_set_margin_top (clamp, 18);
  gtk_widget_set_margin_bottom (clamp, 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->summary_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->summary_label), 0);
  gtk_widget_set_hexpand (self->summary_label, TRUE);
  gtk_widget_add_css_class (self->summary_label, "heading");
  status_dropdown = gtk_drop_down_new (NULL, NULL);
  gtk_widget_set_name (status_dropdown, "status-filter");
  gtk_widget_set_tooltip_text (status_dropdown, _("Show calls with this status"));
  search = gtk_search_entry_new ();
  gtk_widget_set_name (search, "search");
  g_object_set (search, "placeholder-text", _("Number, customer or problem"), NULL);
  gtk_box_append (GTK_BOX (bar), self->summary_label);
  gtk_box_append (GTK_BOX (bar), status_dropdown);
  /* The search has a row of its own, so that the page fits 360 px. */
  gtk_box_append (GTK_BOX (box), search);
  gtk_box_append (GTK_BOX (box), bar);

  self->paged = saha_paged_list_new (&call_list, self->summary_label, NULL,
                                     "calls", "calls.more");
  saha_paged_list_bind_status_filter (self->paged, GTK_DROP_DOWN (status_dropdown),
                                      "service_call");
  saha_paged_list_bind_search (self->paged, GTK_SEARCH_ENTRY (search));
  g_signal_connect_swapped (saha_paged_list_get_list (self->paged), "row-activated",
                            G_CALLBACK (on_row_activated), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (saha_paged_list_get_list (self->paged)));
  gtk_box_append (GTK_BOX (box), saha_paged_list_get_more_button (self->paged));

  gtk_stack_add_named (GTK_STACK (self->stack), page, "list");

  self->page = SAHA_SERVICE_CALL_PAGE (saha_service_call_page_new ());
  g_signal_connect_swapped (self->page, "done", G_CALLBACK (on_page_done), self);
  gtk_stack_add_named (GTK_STACK (self->stack), GTK_WIDGET (self->page), "call");
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
}
