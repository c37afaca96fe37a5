/* saha-service-call-list-view.c: SahaServiceCallListView, the Service calls page: calls by
 * status, page by page, and the call page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-service-call-list-view.h"
#include "saha-service-call-row.h"

struct _SahaServiceCallListView
{
  SahaPagedPage        parent_instance;

  SahaServiceCallPage *page;

  char                *return_customer;  /* the call was opened from this customer's page */
};

G_DEFINE_FINAL_TYPE (SahaServiceCallListView, saha_service_call_list_view,
                     SAHA_TYPE_PAGED_PAGE)

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
  return saha_paged_page_get_loading (SAHA_PAGED_PAGE (self));
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
  saha_paged_list_select_status (saha_paged_page_get_paged (SAHA_PAGED_PAGE (self)), status);
}

guint
saha_service_call_list_view_get_n_shown (SahaServiceCallListView *self)
{
  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self), 0);
  return saha_paged_page_get_n_shown (SAHA_PAGED_PAGE (self));
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
  SAHA_PAGE_CLASS (saha_service_call_list_view_parent_class)->store_set (page);
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
      saha_paged_page_show_error (SAHA_PAGED_PAGE (self), error->message);
      return;
    }
  saha_paged_page_show_editor (SAHA_PAGED_PAGE (self));
}

void
saha_service_call_list_view_new_call (SahaServiceCallListView *self,
                                      const char              *customer_id)
{
  g_return_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self));

  saha_service_call_page_new_call (self->page, customer_id);
  saha_paged_page_show_editor (SAHA_PAGED_PAGE (self));
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
open_activated_row (SahaPagedPage *page,
                    const char    *id)
{
  saha_service_call_list_view_open_call (SAHA_SERVICE_CALL_LIST_VIEW (page), id);
}

static void
on_page_done (SahaServiceCallListView *self)
{
  g_autofree char *customer_id = g_steal_pointer (&self->return_customer);

  saha_paged_page_show_list (SAHA_PAGED_PAGE (self));
  if (customer_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-customer", "s", customer_id);
}

static void
saha_service_call_list_view_dispose (GObject *object)
{
  SahaServiceCallListView *self = SAHA_SERVICE_CALL_LIST_VIEW (object);

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
  SAHA_PAGED_PAGE_CLASS (klass)->open = open_activated_row;
  /* The calls and their customers' names. */
  saha_page_class_set_entities (page_class, "service_call", "customer", NULL);
  gtk_widget_class_install_action (widget_class, "calls.new-for", "s", calls_new_for_activated);
  gtk_widget_class_install_action (widget_class, "calls.open", "s", calls_open_activated);
  gtk_widget_class_install_action (widget_class, "calls.open-from-customer", "(ss)",
                                   calls_open_from_customer_activated);
  saha_paged_page_class_install_more_action (widget_class, "calls.more");
}

static void
saha_service_call_list_view_init (SahaServiceCallListView *self)
{
  SahaPagedPage *page = SAHA_PAGED_PAGE (self);
  GtkBox *top = saha_paged_page_build (page, _("Service Calls"), &call_list, "calls",
                                       "calls.more");
  GtkWidget *summary_label = saha_paged_page_get_summary_label (page);
  GtkWidget *bar, *status_dropdown, *search;

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_hexpand (summary_label, TRUE);
  status_dropdown = gtk_drop_down_new (NULL, NULL);
  gtk_widget_set_name (status_dropdown, "status-filter");
  gtk_widget_set_tooltip_text (status_dropdown, _("Show calls with this status"));
  search = gtk_search_entry_new ();
  gtk_widget_set_name (search, "search");
  g_object_set (search, "placeholder-text", _("Number, customer or problem"), NULL);
  gtk_box_append (GTK_BOX (bar), summary_label);
  gtk_box_append (GTK_BOX (bar), status_dropdown);
  /* The search has a row of its own, so that the page fits 360 px. */
  gtk_box_append (top, search);
  gtk_box_append (top, bar);

  saha_paged_list_bind_status_filter (saha_paged_page_get_paged (page),
                                      GTK_DROP_DOWN (status_dropdown), "service_call");
  saha_paged_list_bind_search (saha_paged_page_get_paged (page), GTK_SEARCH_ENTRY (search));

  self->page = SAHA_SERVICE_CALL_PAGE (saha_service_call_page_new ());
  g_signal_connect_swapped (self->page, "done", G_CALLBACK (on_page_done), self);
  saha_paged_page_set_editor (page, GTK_WIDGET (self->page), "call");
}
