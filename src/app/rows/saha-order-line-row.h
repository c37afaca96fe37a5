/* saha-order-line-row.h: SahaOrderLineRow, one line of an order as it is typed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-order-totals.h"
#include "saha-product-row.h"

G_BEGIN_DECLS

#define SAHA_TYPE_ORDER_LINE_ROW (saha_order_line_row_get_type ())
G_DECLARE_FINAL_TYPE (SahaOrderLineRow, saha_order_line_row, SAHA, ORDER_LINE_ROW, SahaProductRow)

/* VAT rates a line can take, as stored ("20"); the row's dropdown offers them in order. */
extern const char * const saha_order_line_vat_rates[];

GtkWidget  *saha_order_line_row_new          (const char       *product_id,
                                              const char       *title);
/* Fills the fields, written the interface language's way. */
void        saha_order_line_row_set_values   (SahaOrderLineRow *self,
                                              gint64            quantity_milli,
                                              gint64            unit_price_minor,
                                              gint64            discount_bp,
                                              const char       *vat_rate);
/* Adds @quantity_milli to the quantity (the same product picked again); a quantity that
 * does not read as a number is left for the person to correct. */
void        saha_order_line_row_add_quantity (SahaOrderLineRow *self,
                                              gint64            quantity_milli);
/* Reads the fields into @input, marks the wrong ones and says why under the line, and
 * shows the line's total; FALSE when a field is wrong. */
gboolean    saha_order_line_row_validate     (SahaOrderLineRow   *self,
                                              SahaOrderLineInput *input);

G_END_DECLS
