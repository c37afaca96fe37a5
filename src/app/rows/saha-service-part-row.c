/* saha-service-part-row.c: SahaServicePartRow, one part fitted on a service call, as typed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-core.h"
#include "saha-service-part-row.h"

struct _SahaServicePartRow
{
  SahaProductRow  parent_instance;

  GtkWidget      *quantity_entry;
  GtkWidget      *price_entry;
};

G_DEFINE_FINAL_TYPE (SahaServicePartRow, saha_service_part_row, SAHA_TYPE_PRODUCT_ROW)

GtkWidget *
saha_service_part_row_new (const char *product_id,
                           const char *title)
{
  return g_object_new (SAHA_TYPE_SERVICE_PART_ROW, "product-id", product_id, "title", title,
                       NULL);
}

void
saha_service_part_row_set_values (SahaServicePartRow *self,
                                  gint64              quantity_milli,
                                  gint64              price_minor)
{
  g_return_if_fail (SAHA_IS_SERVICE_PART_ROW (self));

  saha_product_row_set_scaled (self->quantity_entry, quantity_milli, 3, 0);
  saha_product_row_set_scaled (self->price_entry, price_minor, 2, 2);
}

gboolean
saha_service_part_row_validate (SahaServicePartRow *self,
                                gint64             *quantity_milli,
                                gint64             *price_minor)
{
  g_autoptr(GError) quantity_error = NULL;
  g_autoptr(GError) price_error = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);

  g_return_val_if_fail (SAHA_IS_SERVICE_PART_ROW (self), FALSE);

  if (saha_order_parse_decimal (gtk_editable_get_text (GTK_EDITABLE (self->quantity_entry)),
                                3, quantity_milli, &quantity_error)
      && *quantity_milli == 0)
    g_set_error_literal (&quantity_error, SAHA_ORDER_TOTALS_ERROR,
                         SAHA_ORDER_TOTALS_ERROR_INVALID, _("Enter a quantity above zero"));
  saha_order_parse_decimal (gtk_editable_get_text (GTK_EDITABLE (self->price_entry)), 2,
                            price_minor, &price_error);

  if (quantity_error != NULL)
    g_string_append_printf (problems, _("%s: %s"), _("Quantity"), quantity_error->message);
  if (price_error != NULL)
    g_string_append_printf (problems, "%s" "%s", problems->len > 0 ? "\n" : "",
                            price_error->message);

  saha_product_row_mark_field (self->quantity_entry, quantity_error != NULL);
  saha_product_row_mark_field (self->price_entry, price_error != NULL);
  saha_product_row_show_problems (SAHA_PRODUCT_ROW (self), problems->str);

  return problems->len == 0;
}

static void
saha_service_part_row_class_init (SahaServicePartRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  saha_product_row_class_set_template (widget_class,
                                       "/org/sahacrm/Saha/saha-service-part-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaServicePartRow, quantity_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaServicePartRow, price_entry);
}

static void
saha_service_part_row_init (SahaServicePartRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  saha_product_row_echo_typed (self->quantity_entry, 3, 0);
  saha_product_row_echo_typed (self->price_entry, 2, 2);
}
