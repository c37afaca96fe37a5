/* saha-service-call-list-view.c: SahaServiceCallListView, the Service calls page: calls by
 * status, page by page, and the call page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-service-call-list-view.h"
#include "saha-window.h"
#include "saha-service-call-row.h"
#include "saha-store-reader.h"

#define PAGE_SIZE 50

static const char * const status_values[] = {
  NULL, "new", "assigned", "travelling", "on_site", "resolved", "closed", "cancelled",
};

struct _SahaServiceCallListView
{
  GtkWidget            parent_instance;

  SahaStore           *store;
  gboolean             narrow;
  guint                n_shown;
  const char          *status_filter;
  GCancellable        *read_cancellable;   /* the page read in flight */

  GtkWidget           *stack;
  GtkWidget           *status_dropdown;
  GtkWidget           *summary_label;
  GtkListBox          *list;
  GtkWidget           *more_button;
  SahaServiceCallPage *page;
};

G_DEFINE_FINAL_TYPE (SahaServiceCallListView, saha_service_call_list_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *status;   /* static */
  guint       offset;
} PageQuery;

/* One page of calls read in the worker, with each call's customer name. */
typedef struct
{
  GPtrArray *calls;
  GPtrArray *customers;   /* char *, NULL when unknown */
  guint      total;
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->calls, g_ptr_array_unref);
  g_clear_pointer (&page->customers, g_ptr_array_unref);
  g_free (page);
}

static gpointer
read_page (SahaStore     *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  PageQuery *page_query = data;
  SahaFieldInput where[] = { { "status", page_query->status } };
  SahaQuery query = {
    .where = where,
    .n_where = page_query->status != NULL ? 1 : 0,
    .order_by = "scheduled_at",
    .descending = TRUE,
    .limit = PAGE_SIZE,
    .offset = page_query->offset,
  };
  Page *page = g_new0 (Page, 1);

  page->calls = saha_store_list (store, "service_call", &query, error);
  if (page->calls == NULL
      || !saha_store_count (store, "service_call", &query, &page->total, error))
    {
      page_free (page);
      return NULL;
    }

  page->customers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < page->calls->len; i++)
    {
      g_autoptr(SahaRecord) customer =
        saha_store_get (store, "customer",
                        saha_record_get (g_ptr_array_index (page->calls, i), "customer"), NULL);

      g_ptr_array_add (page->customers,
                       customer != NULL ? g_strdup (saha_record_get (customer, "name")) : NULL);
    }

  return page;
}

static void
page_read (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SahaServiceCallListView *self = SAHA_SERVICE_CALL_LIST_VIEW (object);
  g_autoptr(GError) error = NULL;
  Page *page = saha_store_read_finish (result, &error);
  g_autofree char *summary = NULL;

  /* Superseded by a newer read (a reload, another filter): that one fills the list. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->read_cancellable);
  if (page == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->summary_label), error->message);
      return;
    }

  for (guint i = 0; i < page->calls->len; i++)
    gtk_list_box_append (self->list,
                         saha_service_call_row_new_for_customer (g_ptr_array_index (page->calls, i),
                                                                 g_ptr_array_index (page->customers, i)));

  self->n_shown += page->calls->len;
  summary = g_strdup_printf (ngettext ("%u service call", "%u service calls", page->total),
                             page->total);
  gtk_label_set_label (GTK_LABEL (self->summary_label), summary);
  gtk_widget_set_visible (self->more_button, self->n_shown < page->total);
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->n_shown > 0);
  page_free (page);
}

/* Reads the page after the rows shown in a worker thread, superseding a read in flight. */
static void
append_page (SahaServiceCallListView *self)
{
  PageQuery *query = g_new0 (PageQuery, 1);

  query->status = self->status_filter;
  query->offset = self->n_shown;
  saha_store_read_async (self, self->store, read_page, query, g_free,
                         (GDestroyNotify) page_free,
                         saha_store_read_restart (&self->read_cancellable),
                         page_read, NULL);
}

gboolean
saha_service_call_list_view_get_loading (SahaServiceCallListView *self)
{
  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self), FALSE);
  return self->read_cancellable != NULL;
}

void
saha_service_call_list_view_reload (SahaServiceCallListView *self)
{
  GtkWidget *child;

  g_return_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_shown = 0;
  if (self->store != NULL)
    append_page (self);
}

static void
on_status_selected (SahaServiceCallListView *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->status_dropdown));

  self->status_filter = selected < G_N_ELEMENTS (status_values) ? status_values[selected] : NULL;
  saha_service_call_list_view_reload (self);
}

void
saha_service_call_list_view_set_status_filter (SahaServiceCallListView *self,
                                               const char              *status)
{
  g_return_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self));

  for (guint i = 0; i < G_N_ELEMENTS (status_values); i++)
    if (g_strcmp0 (status_values[i], status) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->status_dropdown), i);
}

guint
saha_service_call_list_view_get_n_shown (SahaServiceCallListView *self)
{
  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self), 0);
  return self->n_shown;
}

SahaServiceCallPage *
saha_service_call_list_view_get_page (SahaServiceCallListView *self)
{
  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self), NULL);
  return self->page;
}

void
saha_service_call_list_view_set_store (SahaServiceCallListView *self,
                                       SahaStore               *store)
{
  g_return_if_fail (SAHA_IS_SERVICE_CALL_LIST_VIEW (self));

  g_set_object (&self->store, store);
  saha_service_call_page_set_store (self->page, store);
  saha_service_call_list_view_reload (self);
}

void
saha_service_call_list_view_open_call (SahaServiceCallListView *self,
                                       const char              *call_id)
{
  g_autoptr(GError) error = NULL;

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
  saha_service_call_list_view_reload (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
}

static void
more_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  append_page (SAHA_SERVICE_CALL_LIST_VIEW (widget));
}

/* A write went to the replica: the window re-reads its counts and schedules a sync. */
static void
on_saved (SahaServiceCallListView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (SAHA_IS_WINDOW (root))
    saha_window_notify_local_change (SAHA_WINDOW (root));
}

static void
saha_service_call_list_view_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  SahaServiceCallListView *self = SAHA_SERVICE_CALL_LIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_NARROW:
      if (self->narrow != g_value_get_boolean (value))
        {
          self->narrow = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_service_call_list_view_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  SahaServiceCallListView *self = SAHA_SERVICE_CALL_LIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_service_call_list_view_dispose (GObject *object)
{
  SahaServiceCallListView *self = SAHA_SERVICE_CALL_LIST_VIEW (object);

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_service_call_list_view_parent_class)->dispose (object);
}

static void
saha_service_call_list_view_class_init (SahaServiceCallListViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = saha_service_call_list_view_set_property;
  object_class->get_property = saha_service_call_list_view_get_property;
  object_class->dispose = saha_service_call_list_view_dispose;

  /* TRUE when the sidebar is folded away: the header offers a way back to it. */
  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "calls.more", NULL, more_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
saha_service_call_list_view_init (SahaServiceCallListView *self)
{
  const char *filters[] = {
    _("All statuses"), C_("service call status", "New"), C_("service call status", "Assigned"),
    C_("service call status", "Travelling"), C_("service call status", "On site"),
    C_("service call status", "Resolved"), C_("service call status", "Closed"),
    C_("service call status", "Cancelled"), NULL,
  };
  GtkWidget *page, *header, *back, *scrolled, *clamp, *box, *bar;

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
  self->status_dropdown = gtk_drop_down_new_from_strings (filters);
  gtk_widget_set_name (self->status_dropdown, "status-filter");
  gtk_widget_set_tooltip_text (self->status_dropdown, _("Show calls with this status"));
  gtk_box_append (GTK_BOX (bar), self->summary_label);
  gtk_box_append (GTK_BOX (bar), self->status_dropdown);
  gtk_box_append (GTK_BOX (box), bar);
  g_signal_connect_swapped (self->status_dropdown, "notify::selected",
                            G_CALLBACK (on_status_selected), self);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->list), "calls");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));

  self->more_button = gtk_button_new_with_mnemonic (_("Show _More"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->more_button), "calls.more");
  gtk_widget_set_halign (self->more_button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->more_button, FALSE);
  gtk_box_append (GTK_BOX (box), self->more_button);

  gtk_stack_add_named (GTK_STACK (self->stack), page, "list");

  self->page = SAHA_SERVICE_CALL_PAGE (saha_service_call_page_new ());
  g_signal_connect_swapped (self->page, "done", G_CALLBACK (on_page_done), self);
  g_signal_connect_swapped (self->page, "saved", G_CALLBACK (on_saved), self);
  gtk_stack_add_named (GTK_STACK (self->stack), GTK_WIDGET (self->page), "call");
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
}
