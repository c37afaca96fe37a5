/* saha-order-editor.c: SahaOrderEditor, where an order is taken from the offline catalogue.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "saha-cancel-dialog.h"
#include "saha-cross-sell-panel.h"
#include "saha-list-box.h"
#include "saha-money-display.h"
#include "saha-editor-page.h"
#include "saha-order-editor.h"
#include "saha-order-line-row.h"
#include "saha-store-saves.h"
#include "saha-order-totals.h"
#include "saha-record-picker.h"

struct _SahaOrderEditor
{
  SahaEditorPage    parent_instance;

  SahaStore       *store;
  char            *order_id;
  char            *customer_id;
  char            *status;
  GPtrArray       *lines;          /* SahaOrderLineRow*, in the order shown; the list owns them */
  GPtrArray       *removed_lines;  /* ids of saved lines the person removed */
  gboolean         save_refused;   /* the banner says what to correct before saving */

  AdwWindowTitle  *window_title;
  GtkWidget       *confirm_button;
  GtkWidget       *cancel_button;
  GtkWidget       *content_box;
  AdwActionRow    *customer_row;
  GtkWidget       *customer_error;
  SahaRecordPicker *customer_picker;
  GtkWidget       *catalogue_group;
  SahaRecordPicker *product_picker;
  SahaCrossSellPanel *cross_sell;
  GtkListBox      *lines_list;
  GtkWidget       *lines_error;
  GtkWidget       *net_label;
  GtkWidget       *vat_label;
  GtkWidget       *gross_label;
};

G_DEFINE_FINAL_TYPE (SahaOrderEditor, saha_order_editor, SAHA_TYPE_EDITOR_PAGE)

/* The message line under the header is SahaEditorPage's. */
#define show_message(self, message, is_error) \
  saha_editor_page_show_message (SAHA_EDITOR_PAGE (self), (message), (is_error))

static char *
money_text (gint64 minor)
{
  g_autofree char *canonical = saha_money_format (minor);

  return saha_money_display (canonical, "TRY", saha_money_style_default ());
}

static void
update_totals (SahaOrderEditor *self)
{
  g_autoptr(GArray) inputs = g_array_new (FALSE, FALSE, sizeof (SahaOrderLineInput));
  SahaOrderAmounts amounts = { 0, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *net = NULL, *vat = NULL, *gross = NULL;
  guint n_invalid = 0;

  for (guint i = 0; i < self->lines->len; i++)
    {
      SahaOrderLineInput input = { 0 };

      if (saha_order_line_row_validate (g_ptr_array_index (self->lines, i), &input))
        g_array_append_val (inputs, input);
      else
        n_invalid++;
    }

  if (!saha_order_total_amounts ((SahaOrderLineInput *) inputs->data, inputs->len,
                                 &amounts, &error))
    {
      gtk_label_set_label (GTK_LABEL (self->lines_error), error->message);
      gtk_widget_set_visible (self->lines_error, TRUE);
      amounts = (SahaOrderAmounts) { 0, 0, 0 };
    }
  else if (n_invalid > 0)
    {
      g_autofree char *text =
        g_strdup_printf (ngettext ("%u line has a mistake and is left out of the totals",
                                   "%u lines have mistakes and are left out of the totals",
                                   n_invalid), n_invalid);

      gtk_label_set_label (GTK_LABEL (self->lines_error), text);
      gtk_widget_set_visible (self->lines_error, TRUE);
    }
  else
    gtk_widget_set_visible (self->lines_error, FALSE);

  net = money_text (amounts.net);
  vat = money_text (amounts.vat);
  gross = money_text (amounts.gross);
  gtk_label_set_label (GTK_LABEL (self->net_label), net);
  gtk_label_set_label (GTK_LABEL (self->vat_label), vat);
  gtk_label_set_label (GTK_LABEL (self->gross_label), gross);
}

/* The suggestions follow the customer and the products in the order. */
static void
update_suggestions (SahaOrderEditor *self)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new ();

  for (guint i = 0; i < self->lines->len; i++)
    g_ptr_array_add (products, (gpointer) saha_product_row_get_product_id (
                                 g_ptr_array_index (self->lines, i)));
  saha_cross_sell_panel_update (self->cross_sell, self->customer_id,
                                (const char * const *) products->pdata, products->len);
}

/* What keeps the order from being saved, marked on the fields; FALSE when nothing does. */
static gboolean
find_problems (SahaOrderEditor *self)
{
  gboolean problems = FALSE;

  update_totals (self);
  gtk_widget_set_visible (self->customer_error, self->customer_id == NULL);
  if (self->customer_id == NULL)
    problems = TRUE;
  if (gtk_widget_get_visible (self->lines_error))
    problems = TRUE;
  if (self->lines->len == 0)
    {
      gtk_label_set_label (GTK_LABEL (self->lines_error),
                           _("Add at least one product from the catalogue"));
      gtk_widget_set_visible (self->lines_error, TRUE);
      problems = TRUE;
    }

  return problems;
}

/* After each edit: the totals follow, an old "saved" note goes, and a refused save's
 * banner goes as soon as nothing marked is left to correct. */
static void
on_edited (SahaOrderEditor *self)
{
  if (self->save_refused)
    {
      if (!find_problems (self))
        {
          self->save_refused = FALSE;
          show_message (self, NULL, FALSE);
        }
    }
  else
    {
      show_message (self, NULL, FALSE);
      update_totals (self);
    }
}

static void
on_remove_line (SahaOrderEditor  *self,
                SahaOrderLineRow *row)
{
  const char *line_id = saha_product_row_get_record_id (SAHA_PRODUCT_ROW (row));

  if (line_id != NULL)
    g_ptr_array_add (self->removed_lines, g_strdup (line_id));
  g_ptr_array_remove (self->lines, row);
  gtk_list_box_remove (self->lines_list, GTK_WIDGET (row));
  on_edited (self);
  update_suggestions (self);
}

static void
add_line (SahaOrderEditor *self,
          const char      *line_id,
          SahaRecord      *product,
          gint64           quantity_milli,
          gint64           unit_price_minor,
          gint64           discount_bp,
          const char      *vat_rate)
{
  g_autofree char *title = g_strdup_printf ("%s · %s", saha_record_get (product, "sku"),
                                            saha_record_get (product, "name"));
  GtkWidget *row = saha_order_line_row_new (saha_record_get_id (product), title);

  saha_product_row_set_record_id (SAHA_PRODUCT_ROW (row), line_id);
  saha_order_line_row_set_values (SAHA_ORDER_LINE_ROW (row), quantity_milli, unit_price_minor,
                                  discount_bp, vat_rate);
  gtk_list_box_append (self->lines_list, row);
  g_ptr_array_add (self->lines, row);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_edited), self);
  g_signal_connect_swapped (row, "remove", G_CALLBACK (on_remove_line), self);

  on_edited (self);
  update_suggestions (self);
}

/* The line of @product_id already in the order, if any. */
static SahaOrderLineRow *
find_line (SahaOrderEditor *self,
           const char      *product_id)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      SahaOrderLineRow *row = g_ptr_array_index (self->lines, i);

      if (g_strcmp0 (saha_product_row_get_product_id (SAHA_PRODUCT_ROW (row)), product_id)
          == 0)
        return row;
    }

  return NULL;
}

gboolean
saha_order_editor_add_product (SahaOrderEditor  *self,
                               const char       *product_id,
                               GError          **error)
{
  g_autoptr(SahaRecord) product = NULL;
  SahaOrderLineRow *line;
  gint64 price = 0;
  const char *unit_price;

  g_return_val_if_fail (SAHA_IS_ORDER_EDITOR (self), FALSE);

  /* The same product picked again is one more of it, not a second line. */
  if ((line = find_line (self, product_id)) != NULL)
    {
      saha_order_line_row_add_quantity (line, 1000);
      return TRUE;
    }

  product = saha_store_get (self->store, "product", product_id, error);
  if (product == NULL)
    return FALSE;

  unit_price = saha_record_get (product, "unit_price");
  if (unit_price != NULL && !saha_money_parse (unit_price, &price, error))
    return FALSE;

  add_line (self, NULL, product, 1000, price, 0,
            saha_record_get (product, "vat_rate") != NULL
            ? saha_record_get (product, "vat_rate") : "20");
  return TRUE;
}

guint
saha_order_editor_get_n_lines (SahaOrderEditor *self)
{
  g_return_val_if_fail (SAHA_IS_ORDER_EDITOR (self), 0);

  return self->lines->len;
}

static void
set_customer (SahaOrderEditor *self,
              const char      *customer_id)
{
  g_autoptr(SahaRecord) customer = NULL;

  g_free (self->customer_id);
  self->customer_id = g_strdup (customer_id);

  if (customer_id != NULL)
    customer = saha_store_get (self->store, "customer", customer_id, NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row),
                                 customer != NULL ? saha_record_get (customer, "name")
                                                  : _("No customer chosen"));
  adw_action_row_set_subtitle (self->customer_row,
                               customer != NULL ? saha_record_get (customer, "city") : NULL);
  if (customer != NULL)
    gtk_widget_set_visible (self->customer_error, FALSE);
  on_edited (self);
  update_suggestions (self);
}

static void
on_customer_picked (SahaOrderEditor *self,
                    const char      *customer_id)
{
  set_customer (self, customer_id);
}

/* A match of the catalogue search or a suggestion. */
static void
on_product_picked (SahaOrderEditor *self,
                   const char      *product_id)
{
  g_autoptr(GError) error = NULL;

  if (!saha_order_editor_add_product (self, product_id, &error))
    show_message (self, error->message, TRUE);
}

static void
update_for_status (SahaOrderEditor *self)
{
  const char *status = self->status != NULL ? self->status : "draft";
  gboolean editable = g_str_equal (status, "draft") || g_str_equal (status, "quote");
  g_autofree char *title = NULL;
  g_autoptr(SahaRecord) order = NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save-draft",
                                 g_str_equal (status, "draft"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save-quote", editable);
  gtk_widget_set_visible (self->confirm_button, editable);
  gtk_widget_set_sensitive (self->content_box, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.cancel-order",
                                 self->order_id != NULL
                                 && g_strv_contains (saha_order_next_statuses (status),
                                                     "cancelled"));
  /* Drafts and quotes cancel from Confirm's menu; a confirmed order from the header. */
  gtk_widget_set_visible (self->cancel_button, !editable && self->order_id != NULL
                          && g_strv_contains (saha_order_next_statuses (status), "cancelled"));

  if (self->order_id != NULL)
    order = saha_store_get (self->store, "order", self->order_id, NULL);
  if (order != NULL)
    title = g_strdup_printf (_("Order %s"), saha_record_get (order, "number"));
  adw_window_title_set_title (self->window_title, title != NULL ? title : _("New Order"));
  adw_window_title_set_subtitle (self->window_title,
                                 saha_schema_choice_label ("order", "status", status));
}

static void
reset (SahaOrderEditor *self)
{
  g_ptr_array_set_size (self->lines, 0);
  saha_list_box_remove_all (self->lines_list);
  self->save_refused = FALSE;
  g_ptr_array_set_size (self->removed_lines, 0);
  g_clear_pointer (&self->order_id, g_free);
  g_free (self->status);
  self->status = g_strdup ("draft");
  saha_record_picker_clear (self->customer_picker);
  saha_record_picker_clear (self->product_picker);
  gtk_widget_set_visible (self->customer_error, FALSE);
  show_message (self, NULL, FALSE);
}

void
saha_order_editor_new_order (SahaOrderEditor *self,
                             const char      *customer_id)
{
  g_return_if_fail (SAHA_IS_ORDER_EDITOR (self));
  g_return_if_fail (self->store != NULL);

  reset (self);
  set_customer (self, customer_id);
  update_for_status (self);
  update_totals (self);
}

gboolean
saha_order_editor_load_order (SahaOrderEditor  *self,
                              const char       *order_id,
                              GError          **error)
{
  g_autoptr(SahaRecord) order = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  SahaFieldInput where[] = { { "order", order_id } };
  /* The lines in the order they were added. */
  SahaQuery query = { .where = where, .n_where = 1, .order_by = "rowid" };

  g_return_val_if_fail (SAHA_IS_ORDER_EDITOR (self), FALSE);

  order = saha_store_get (self->store, "order", order_id, error);
  if (order == NULL)
    return FALSE;
  lines = saha_store_list (self->store, "order_line", &query, error);
  if (lines == NULL)
    return FALSE;

  reset (self);
  self->order_id = g_strdup (order_id);
  g_free (self->status);
  self->status = g_strdup (saha_record_get (order, "status"));
  set_customer (self, saha_record_get (order, "customer"));

  for (guint i = 0; i < lines->len; i++)
    {
      SahaRecord *record = g_ptr_array_index (lines, i);
      g_autoptr(SahaRecord) product = NULL;
      gint64 quantity = 0, price = 0, discount = 0;
      const char *value;

      product = saha_store_get (self->store, "product", saha_record_get (record, "product"),
                                error);
      if (product == NULL)
        return FALSE;
      if ((value = saha_record_get (record, "quantity")) != NULL)
        saha_order_parse_decimal (value, 3, &quantity, NULL);
      if ((value = saha_record_get (record, "unit_price")) != NULL)
        saha_money_parse (value, &price, NULL);
      if ((value = saha_record_get (record, "discount_pct")) != NULL)
        saha_order_parse_decimal (value, 2, &discount, NULL);
      add_line (self, saha_record_get_id (record), product, quantity, price, discount,
                saha_record_get (record, "vat_rate"));
    }

  update_for_status (self);
  update_totals (self);
  return TRUE;
}

/* Hands the order as typed to the store, which saves it in one transaction; the lines
 * just created get their ids, so the next save updates them. */
static gboolean
write_order (SahaOrderEditor  *self,
             const char       *status,
             GError          **error)
{
  g_autofree char *user = saha_store_get_setting (self->store, "user");
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (SahaOrderLineSave));
  g_autoptr(GPtrArray) removed = g_ptr_array_new ();
  g_autofree char *order_id = NULL;
  g_auto(GStrv) line_ids = NULL;

  for (guint i = 0; i < self->lines->len; i++)
    {
      SahaOrderLineRow *row = g_ptr_array_index (self->lines, i);
      SahaOrderLineSave save = { saha_product_row_get_record_id (SAHA_PRODUCT_ROW (row)),
                                 saha_product_row_get_product_id (SAHA_PRODUCT_ROW (row)),
                                 { 0 } };

      saha_order_line_row_validate (row, &save.input);
      g_array_append_val (lines, save);
    }
  for (guint i = 0; i < self->removed_lines->len; i++)
    g_ptr_array_add (removed, g_ptr_array_index (self->removed_lines, i));
  g_ptr_array_add (removed, NULL);

  if (!saha_store_save_order (self->store, self->order_id, self->customer_id, status, user,
                              (SahaOrderLineSave *) lines->data, lines->len,
                              (const char * const *) removed->pdata, &order_id, &line_ids,
                              error))
    return FALSE;

  for (guint i = 0; i < self->lines->len && line_ids[i] != NULL; i++)
    {
      SahaOrderLineRow *row = g_ptr_array_index (self->lines, i);

      if (saha_product_row_get_record_id (SAHA_PRODUCT_ROW (row)) == NULL)
        saha_product_row_set_record_id (SAHA_PRODUCT_ROW (row), line_ids[i]);
    }
  g_free (self->order_id);
  self->order_id = g_steal_pointer (&order_id);
  return TRUE;
}

static void
save (SahaOrderEditor *self,
      const char      *status)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *order_id = NULL;

  if (find_problems (self))
    {
      self->save_refused = TRUE;
      show_message (self, _("The order is not saved: correct the marked fields first."), TRUE);
      return;
    }

  if (!write_order (self, status, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The order is not saved: %s"),
                                                  error->message);

      show_message (self, message, TRUE);
      return;
    }

  /* The lines keep their place on screen; the ones just created now have ids, so the
   * next save updates them. */
  g_ptr_array_set_size (self->removed_lines, 0);
  self->save_refused = FALSE;
  g_free (self->status);
  self->status = g_strdup (status);
  update_for_status (self);
  order_id = g_strdup (self->order_id);
  show_message (self,
                g_str_equal (status, "confirmed") ? _("The order is confirmed.")
                : g_str_equal (status, "quote") ? _("Saved as a quote.")
                : _("Saved as a draft."), FALSE);

  saha_editor_page_saved (SAHA_EDITOR_PAGE (self), order_id);
}

static void
save_draft_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  save (SAHA_ORDER_EDITOR (widget), "draft");
}

static void
save_quote_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  save (SAHA_ORDER_EDITOR (widget), "quote");
}

static void
confirm_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  save (SAHA_ORDER_EDITOR (widget), "confirmed");
}

gboolean
saha_order_editor_cancel (SahaOrderEditor *self,
                          const char      *reason)
{
  SahaFieldInput inputs[] = { { "status", "cancelled" }, { "cancel_reason", reason } };
  g_autoptr(GError) error = NULL;
  g_autofree char *order_id = NULL;

  g_return_val_if_fail (SAHA_IS_ORDER_EDITOR (self), FALSE);
  g_return_val_if_fail (reason != NULL && *reason != '\0', FALSE);

  if (self->order_id == NULL
      || !saha_store_update (self->store, "order", self->order_id, inputs,
                             G_N_ELEMENTS (inputs), &error))
    {
      g_autofree char *message = g_strdup_printf (_("The order is not cancelled: %s"),
                                                  error != NULL ? error->message : "");

      show_message (self, message, TRUE);
      return FALSE;
    }

  g_free (self->status);
  self->status = g_strdup ("cancelled");
  update_for_status (self);
  show_message (self, _("The order is cancelled."), FALSE);
  order_id = g_strdup (self->order_id);
  saha_editor_page_saved (SAHA_EDITOR_PAGE (self), order_id);
  return TRUE;
}

static void
on_cancel_confirmed (SahaOrderEditor *self,
                     const char      *reason)
{
  saha_order_editor_cancel (self, reason);
}

/* Cancelling asks first, and why. */
static void
cancel_order_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SahaOrderEditor *self = SAHA_ORDER_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(SahaRecord) order = NULL;
  SahaCancelDialog *dialog;

  if (self->order_id == NULL)
    return;
  order = saha_store_get (self->store, "order", self->order_id, NULL);
  dialog = saha_cancel_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, "order",
                                   order != NULL ? saha_record_get (order, "number") : NULL);
  g_signal_connect_object (dialog, "confirmed", G_CALLBACK (on_cancel_confirmed), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
saha_order_editor_set_store (SahaOrderEditor *self,
                             SahaStore       *store)
{
  g_return_if_fail (SAHA_IS_ORDER_EDITOR (self));

  g_set_object (&self->store, store);
  saha_record_picker_set_store (self->customer_picker, store);
  saha_record_picker_set_store (self->product_picker, store);
  saha_cross_sell_panel_set_store (self->cross_sell, store);
}

const char *
saha_order_editor_get_order_id (SahaOrderEditor *self)
{
  g_return_val_if_fail (SAHA_IS_ORDER_EDITOR (self), NULL);
  return self->order_id;
}

const char *
saha_order_editor_get_customer_id (SahaOrderEditor *self)
{
  g_return_val_if_fail (SAHA_IS_ORDER_EDITOR (self), NULL);
  return self->customer_id;
}

GtkWidget *
saha_order_editor_new (void)
{
  return g_object_new (SAHA_TYPE_ORDER_EDITOR, NULL);
}

static void
saha_order_editor_finalize (GObject *object)
{
  SahaOrderEditor *self = SAHA_ORDER_EDITOR (object);

  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->removed_lines, g_ptr_array_unref);
  g_clear_pointer (&self->order_id, g_free);
  g_clear_pointer (&self->customer_id, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_order_editor_parent_class)->finalize (object);
}

static void
saha_order_editor_class_init (SahaOrderEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = saha_order_editor_finalize;

  gtk_widget_class_install_action (widget_class, "editor.save-draft", NULL,
                                   save_draft_activated);
  gtk_widget_class_install_action (widget_class, "editor.save-quote", NULL,
                                   save_quote_activated);
  gtk_widget_class_install_action (widget_class, "editor.confirm", NULL, confirm_activated);
  gtk_widget_class_install_action (widget_class, "editor.cancel-order", NULL,
                                   cancel_order_activated);

  g_type_ensure (SAHA_TYPE_RECORD_PICKER);
  g_type_ensure (SAHA_TYPE_CROSS_SELL_PANEL);
  saha_editor_page_class_set_template (widget_class,
                                       "/org/sahacrm/Saha/saha-order-editor.ui",
                                       "editor.back");
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, content_box);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, customer_row);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, customer_error);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, customer_picker);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, catalogue_group);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, product_picker);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, cross_sell);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, lines_list);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, lines_error);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, net_label);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, vat_label);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderEditor, gross_label);
  gtk_widget_class_bind_template_callback (widget_class, on_customer_picked);
  gtk_widget_class_bind_template_callback (widget_class, on_product_picked);
}

static void
saha_order_editor_init (SahaOrderEditor *self)
{
  self->lines = g_ptr_array_new ();
  self->removed_lines = g_ptr_array_new_with_free_func (g_free);
  self->status = g_strdup ("draft");

  gtk_widget_init_template (GTK_WIDGET (self));
  update_for_status (self);
}
