/* saha-order-list-view.c: SahaOrderListView, the Orders page: orders by status, page by
 * page, and the order editor.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-money-display.h"
#include "saha-order-list-view.h"
#include "saha-order-totals.h"
#include "saha-paged-list.h"


struct _SahaOrderListView
{
  SahaPage           parent_instance;

  SahaPagedList     *paged;

  GtkWidget         *stack;
  GtkWidget         *content_box;
  GtkWidget         *filter_bar;
  GtkWidget         *summary_label;
  GtkWidget         *status_dropdown;
  GtkWidget         *search_entry;
  GtkWidget         *empty_page;
  SahaOrderEditor   *editor;

  char              *return_customer;  /* the editor was opened from this customer's page */
};

G_DEFINE_FINAL_TYPE (SahaOrderListView, saha_order_list_view, SAHA_TYPE_PAGE)

/* The order's gross total from its lines, by the same rule as the editor. */
static char *
order_total (SahaStore  *store,
             SahaRecord *order)
{
  SahaFieldInput where[] = { { "order", saha_record_get_id (order) } };
  SahaQuery query = { .where = where, .n_where = 1 };
  g_autoptr(GPtrArray) lines = saha_store_list (store, "order_line", &query, NULL);
  g_autoptr(GArray) inputs = g_array_new (FALSE, TRUE, sizeof (SahaOrderLineInput));
  SahaOrderAmounts amounts;
  g_autofree char *canonical = NULL;

  if (lines == NULL)
    return g_strdup ("—");

  for (guint i = 0; i < lines->len; i++)
    {
      SahaRecord *line = g_ptr_array_index (lines, i);
      SahaOrderLineInput input = { 0, 0, 0, 0 };
      const char *value;

      if ((value = saha_record_get (line, "quantity")) != NULL)
        saha_order_parse_decimal (value, 3, &input.quantity_milli, NULL);
      if ((value = saha_record_get (line, "unit_price")) != NULL)
        saha_money_parse (value, &input.unit_price_minor, NULL);
      if ((value = saha_record_get (line, "discount_pct")) != NULL)
        saha_order_parse_decimal (value, 2, &input.discount_bp, NULL);
      if ((value = saha_record_get (line, "vat_rate")) != NULL)
        input.vat_percent = g_ascii_strtoll (value, NULL, 10);
      g_array_append_val (inputs, input);
    }

  if (!saha_order_total_amounts ((SahaOrderLineInput *) inputs->data, inputs->len,
                                 &amounts, NULL))
    return g_strdup ("—");

  canonical = saha_money_format (amounts.gross);
  return saha_money_display (canonical, saha_record_get (order, "currency"),
                             saha_money_style_default ());
}

static GtkWidget *
order_row (SahaRecord *order,
           const char *customer,
           const char *total)
{
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  g_autoptr(GDateTime) utc = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *status = gtk_label_new (saha_schema_choice_label ("order", "status",
                                                                saha_record_get (order, "status")));
  GtkWidget *amount = gtk_label_new (total);

  if (saha_record_get (order, "ordered_at") != NULL
      && (utc = g_date_time_new_from_iso8601 (saha_record_get (order, "ordered_at"),
                                              NULL)) != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);

      when = saha_format_date (local, saha_format_style_default ());
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), customer != NULL ? customer : "");
  subtitle = g_strdup_printf ("%s · %s",
                              saha_record_get (order, "number") != NULL
                              ? saha_record_get (order, "number") : "—",
                              when != NULL ? when : "—");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (status, "saha-status");
  gtk_widget_add_css_class (status, "dim-label");
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (amount, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "record-id",
                          g_strdup (saha_record_get_id (order)), g_free);
  return row;
}

static char *
order_summary (guint total)
{
  return g_strdup_printf (ngettext ("%u order", "%u orders", total), total);
}

/* The total takes a read of the order's lines, so the worker computes it with the page. */
static const SahaPagedListSpec order_list = {
  .table = "order",
  .order_by = "ordered_at",
  .detail = order_total,
  .build_row = order_row,
  .summary = order_summary,
};

gboolean
saha_order_list_view_get_loading (SahaOrderListView *self)
{
  g_return_val_if_fail (SAHA_IS_ORDER_LIST_VIEW (self), FALSE);
  return saha_paged_list_get_loading (self->paged);
}

static void
saha_order_list_view_reload_page (SahaPage *page)
{
  saha_paged_list_reload (SAHA_ORDER_LIST_VIEW (page)->paged);
}

void
saha_order_list_view_reload (SahaOrderListView *self)
{
  g_return_if_fail (SAHA_IS_ORDER_LIST_VIEW (self));
  saha_page_reload (SAHA_PAGE (self));
}

void
saha_order_list_view_set_status_filter (SahaOrderListView *self,
                                        const char        *status)
{
  g_return_if_fail (SAHA_IS_ORDER_LIST_VIEW (self));
  saha_paged_list_select_status (self->paged, status);
}

guint
saha_order_list_view_get_n_shown (SahaOrderListView *self)
{
  g_return_val_if_fail (SAHA_IS_ORDER_LIST_VIEW (self), 0);
  return saha_paged_list_get_n_shown (self->paged);
}

SahaOrderEditor *
saha_order_list_view_get_editor (SahaOrderListView *self)
{
  g_return_val_if_fail (SAHA_IS_ORDER_LIST_VIEW (self), NULL);
  return self->editor;
}

static void
saha_order_list_view_store_set (SahaPage *page)
{
  SahaOrderListView *self = SAHA_ORDER_LIST_VIEW (page);
  SahaStore *store = saha_page_get_store (page);

  saha_order_editor_set_store (self->editor, store);
  saha_paged_list_set_store (self->paged, store);
}

void
saha_order_list_view_new_order (SahaOrderListView *self,
                                const char        *customer_id)
{
  g_return_if_fail (SAHA_IS_ORDER_LIST_VIEW (self));

  saha_order_editor_new_order (self->editor, customer_id);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "editor");
  /* Started on a customer's page: Back returns there. */
  g_free (self->return_customer);
  self->return_customer = customer_id != NULL && *customer_id != '\0' ? g_strdup (customer_id)
                                                                        : NULL;
}

void
saha_order_list_view_open_order (SahaOrderListView *self,
                                 const char        *order_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SAHA_IS_ORDER_LIST_VIEW (self));

  g_clear_pointer (&self->return_customer, g_free);
  if (!saha_order_editor_load_order (self->editor, order_id, &error))
    {
      gtk_label_set_label (GTK_LABEL (self->summary_label), error->message);
      return;
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "editor");
}

void
saha_order_list_view_open_order_for_customer (SahaOrderListView *self,
                                              const char        *order_id,
                                              const char        *customer_id)
{
  g_return_if_fail (SAHA_IS_ORDER_LIST_VIEW (self));

  saha_order_list_view_open_order (self, order_id);
  self->return_customer = g_strdup (customer_id);
}

static void
on_row_activated (SahaOrderListView *self,
                  GtkListBoxRow     *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "record-id");

  if (id != NULL)
    saha_order_list_view_open_order (self, id);
}

static void
on_editor_done (SahaOrderListView *self)
{
  g_autofree char *customer_id = g_steal_pointer (&self->return_customer);

  saha_order_list_view_reload (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
  if (customer_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-customer", "s", customer_id);
}

static void
new_order_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  saha_order_list_view_new_order (SAHA_ORDER_LIST_VIEW (widget), NULL);
}

static void
more_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  saha_paged_list_append_page (SAHA_ORDER_LIST_VIEW (widget)->paged);
}

static void
saha_order_list_view_dispose (GObject *object)
{
  SahaOrderListView *self = SAHA_ORDER_LIST_VIEW (object);

  if (self->paged != NULL)
    saha_paged_list_cancel (self->paged);
  gtk_widget_dispose_template (GTK_WIDGET (self), SAHA_TYPE_ORDER_LIST_VIEW);
  g_clear_object (&self->paged);
  g_clear_pointer (&self->return_customer, g_free);

  G_OBJECT_CLASS (saha_order_list_view_parent_class)->dispose (object);
}

/* A new order for the customer of the parameter ("" for none): what the window's "win." actions of other pages open here. */
static void
orders_new_for_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  const char *arg = g_variant_get_string (parameter, NULL);

  saha_order_list_view_new_order (SAHA_ORDER_LIST_VIEW (widget), *arg != '\0' ? arg : NULL);
}

/* The order of the parameter: what the window's "win." actions of other pages open here. */
static void
orders_open_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  const char *arg = g_variant_get_string (parameter, NULL);

  saha_order_list_view_open_order (SAHA_ORDER_LIST_VIEW (widget), arg);
}

/* (id, customer id): an order opened from its customer's 360° page; Back returns there. */
static void
orders_open_from_customer_activated (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  const char *id, *customer_id;

  g_variant_get (parameter, "(&s&s)", &id, &customer_id);
  saha_order_list_view_open_order_for_customer (SAHA_ORDER_LIST_VIEW (widget), id, customer_id);
}

static void
saha_order_list_view_class_init (SahaOrderListViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SahaPageClass *page_class = SAHA_PAGE_CLASS (klass);

  object_class->dispose = saha_order_list_view_dispose;
  page_class->store_set = saha_order_list_view_store_set;
  page_class->reload = saha_order_list_view_reload_page;
  /* The orders, their lines' totals and their customers' names. */
  saha_page_class_set_entities (page_class, "order", "order_line", "customer", NULL);

  gtk_widget_class_install_action (widget_class, "orders.new", NULL, new_order_activated);
  gtk_widget_class_install_action (widget_class, "orders.more", NULL, more_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (SAHA_TYPE_ORDER_EDITOR);
  gtk_widget_class_install_action (widget_class, "orders.new-for", "s", orders_new_for_activated);
  gtk_widget_class_install_action (widget_class, "orders.open", "s", orders_open_activated);
  gtk_widget_class_install_action (widget_class, "orders.open-from-customer", "(ss)",
                                   orders_open_from_customer_activated);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-order-list-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaOrderListView, stack);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderListView, content_box);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderListView, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderListView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderListView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderListView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderListView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderListView, editor);
  gtk_widget_class_bind_template_callback (widget_class, on_editor_done);
}

static void
saha_order_list_view_init (SahaOrderListView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The paged list makes its own rows and "more" button: they go below the filter bar,
   * around the empty page. */
  self->paged = saha_paged_list_new (&order_list, self->summary_label, self->empty_page,
                                     "orders", "orders.more");
  saha_paged_list_bind_status_filter (self->paged, GTK_DROP_DOWN (self->status_dropdown),
                                      "order");
  saha_paged_list_bind_search (self->paged, GTK_SEARCH_ENTRY (self->search_entry));
  g_signal_connect_swapped (saha_paged_list_get_list (self->paged), "row-activated",
                            G_CALLBACK (on_row_activated), self);
  gtk_box_insert_child_after (GTK_BOX (self->content_box),
                              GTK_WIDGET (saha_paged_list_get_list (self->paged)),
                              self->filter_bar);
  gtk_box_append (GTK_BOX (self->content_box), saha_paged_list_get_more_button (self->paged));
}
