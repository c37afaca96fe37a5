/* saha-order-line-row.c: SahaOrderLineRow, one line of an order as it is typed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-core.h"
#include "saha-money-display.h"
#include "saha-order-line-row.h"

const char * const saha_order_line_vat_rates[] = { "0", "1", "10", "20", NULL };

struct _SahaOrderLineRow
{
  SahaProductRow  parent_instance;

  GtkWidget      *total_label;
  GtkWidget      *quantity_entry;
  GtkWidget      *price_entry;
  GtkWidget      *discount_entry;
  GtkWidget      *vat_dropdown;
};

G_DEFINE_FINAL_TYPE (SahaOrderLineRow, saha_order_line_row, SAHA_TYPE_PRODUCT_ROW)

/* How many decimals each field takes, and how many it always shows ("0.00" for money). */
#define QUANTITY_PLACES 3
#define PRICE_PLACES    2
#define DISCOUNT_PLACES 2

GtkWidget *
saha_order_line_row_new (const char *product_id,
                         const char *title)
{
  return g_object_new (SAHA_TYPE_ORDER_LINE_ROW, "product-id", product_id, "title", title,
                       NULL);
}

void
saha_order_line_row_set_values (SahaOrderLineRow *self,
                                gint64            quantity_milli,
                                gint64            unit_price_minor,
                                gint64            discount_bp,
                                const char       *vat_rate)
{
  guint vat_index = 3;

  g_return_if_fail (SAHA_IS_ORDER_LINE_ROW (self));

  for (guint i = 0; saha_order_line_vat_rates[i] != NULL; i++)
    if (g_strcmp0 (saha_order_line_vat_rates[i], vat_rate) == 0)
      vat_index = i;

  saha_product_row_set_scaled (self->quantity_entry, quantity_milli, QUANTITY_PLACES, 0);
  saha_product_row_set_scaled (self->price_entry, unit_price_minor, PRICE_PLACES, 2);
  saha_product_row_set_scaled (self->discount_entry, discount_bp, DISCOUNT_PLACES, 2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->vat_dropdown), vat_index);
}

void
saha_order_line_row_add_quantity (SahaOrderLineRow *self,
                                  gint64            quantity_milli)
{
  gint64 quantity;

  g_return_if_fail (SAHA_IS_ORDER_LINE_ROW (self));

  if (!saha_order_parse_decimal (gtk_editable_get_text (GTK_EDITABLE (self->quantity_entry)),
                                 QUANTITY_PLACES, &quantity, NULL)
      || quantity > G_MAXINT64 - quantity_milli)
    return;

  saha_product_row_set_scaled (self->quantity_entry, quantity + quantity_milli, QUANTITY_PLACES, 0);
}

gboolean
saha_order_line_row_validate (SahaOrderLineRow   *self,
                              SahaOrderLineInput *input)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  struct {
    GtkWidget  *entry;
    guint       places;
    gint64     *value;
    const char *label;
  } fields[] = {
    { self->quantity_entry, QUANTITY_PLACES, &input->quantity_milli, N_("Quantity") },
    { self->price_entry, PRICE_PLACES, &input->unit_price_minor, N_("Unit price") },
    { self->discount_entry, DISCOUNT_PLACES, &input->discount_bp, N_("Discount") },
  };
  guint vat = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->vat_dropdown));
  gboolean valid;

  g_return_val_if_fail (SAHA_IS_ORDER_LINE_ROW (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *text = gtk_editable_get_text (GTK_EDITABLE (fields[i].entry));
      gboolean ok = saha_order_parse_decimal (text, fields[i].places, fields[i].value, &error);

      if (ok && fields[i].value == &input->quantity_milli && *fields[i].value == 0)
        {
          ok = FALSE;
          g_set_error_literal (&error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_INVALID,
                               _("Enter a quantity above zero"));
        }
      if (ok && fields[i].value == &input->discount_bp && *fields[i].value > 10000)
        {
          ok = FALSE;
          g_set_error_literal (&error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_INVALID,
                               _("A discount is at most 100%"));
        }

      saha_product_row_mark_field (fields[i].entry, !ok);
      if (!ok)
        {
          if (problems->len > 0)
            g_string_append (problems, "\n");
          /* Translators: "Quantity: Enter a number such as 2 or 2,5" */
          g_string_append_printf (problems, _("%s: %s"), _(fields[i].label), error->message);
        }
    }

  input->vat_percent = vat < G_N_ELEMENTS (saha_order_line_vat_rates) - 1
                       ? g_ascii_strtoll (saha_order_line_vat_rates[vat], NULL, 10) : 0;
  valid = problems->len == 0;

  if (valid)
    {
      SahaOrderAmounts amounts;
      g_autoptr(GError) error = NULL;

      if (saha_order_line_amounts (input, &amounts, &error))
        {
          g_autofree char *canonical = saha_money_format (amounts.gross);
          g_autofree char *text = saha_money_display (canonical, "TRY",
                                                      saha_money_style_default ());

          gtk_label_set_label (GTK_LABEL (self->total_label), text);
        }
      else
        {
          valid = FALSE;
          g_string_append (problems, error->message);
        }
    }
  if (!valid)
    gtk_label_set_label (GTK_LABEL (self->total_label), "—");

  saha_product_row_show_problems (SAHA_PRODUCT_ROW (self), problems->str);
  return valid;
}

static void
saha_order_line_row_class_init (SahaOrderLineRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  saha_product_row_class_set_template (widget_class, "/org/sahacrm/Saha/saha-order-line-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaOrderLineRow, total_label);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderLineRow, quantity_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderLineRow, price_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderLineRow, discount_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderLineRow, vat_dropdown);
}

static void
saha_order_line_row_init (SahaOrderLineRow *self)
{
  g_autoptr(GPtrArray) vat_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkStringList) vat_model = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* "%20" in Turkish, "20%" in English */
  for (guint i = 0; saha_order_line_vat_rates[i] != NULL; i++)
    g_ptr_array_add (vat_labels, saha_format_percent (saha_order_line_vat_rates[i],
                                                      saha_format_style_default ()));
  g_ptr_array_add (vat_labels, NULL);
  vat_model = gtk_string_list_new ((const char * const *) vat_labels->pdata);
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->vat_dropdown), G_LIST_MODEL (vat_model));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->vat_dropdown), 3);

  saha_product_row_echo_typed (self->quantity_entry, QUANTITY_PLACES, 0);
  saha_product_row_echo_typed (self->price_entry, PRICE_PLACES, 2);
  saha_product_row_echo_typed (self->discount_entry, DISCOUNT_PLACES, 2);
}
