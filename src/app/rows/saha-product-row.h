/* saha-product-row.h: SahaProductRow, the base of a list row that types one product's
 * figures (an order's line, a service call's part).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SAHA_TYPE_PRODUCT_ROW (saha_product_row_get_type ())
G_DECLARE_DERIVABLE_TYPE (SahaProductRow, saha_product_row, SAHA, PRODUCT_ROW, GtkListBoxRow)

struct _SahaProductRowClass
{
  GtkListBoxRowClass parent_class;
};

const char *saha_product_row_get_product_id (SahaProductRow *self);
/* The saved record the row stands for (an order_line, a service_part); NULL until saved. */
const char *saha_product_row_get_record_id  (SahaProductRow *self);
void        saha_product_row_set_record_id  (SahaProductRow *self,
                                             const char     *record_id);

/* For the subclasses. */

/* Sets the subclass's template from @resource and binds what every product row's template
 * has: the "error_label" child and the "on_field_changed" and "on_remove_clicked"
 * callbacks (they emit "changed" and "remove"). */
void        saha_product_row_class_set_template (GtkWidgetClass *widget_class,
                                                 const char     *resource);
/* Writes the typed number in @entry back the language's way once the person leaves it or
 * presses Enter: @places decimals, at least @min_places shown. */
void        saha_product_row_echo_typed     (GtkWidget      *entry,
                                             guint           places,
                                             guint           min_places);
/* Shows @value (scaled by 10^@places) in @entry, written the interface language's way. */
void        saha_product_row_set_scaled     (GtkWidget      *entry,
                                             gint64          value,
                                             guint           places,
                                             guint           min_places);
/* Marks @entry as wrong, or clears the mark. */
void        saha_product_row_mark_field     (GtkWidget      *entry,
                                             gboolean        has_error);
/* Says @problems under the row; an empty text hides the line. */
void        saha_product_row_show_problems  (SahaProductRow *self,
                                             const char     *problems);

G_END_DECLS
