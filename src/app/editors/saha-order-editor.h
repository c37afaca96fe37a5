/* saha-order-editor.h: SahaOrderEditor, where an order is taken from the offline catalogue.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_ORDER_EDITOR (saha_order_editor_get_type ())
G_DECLARE_FINAL_TYPE (SahaOrderEditor, saha_order_editor, SAHA, ORDER_EDITOR, GtkWidget)

GtkWidget  *saha_order_editor_new            (void);
void        saha_order_editor_set_store      (SahaOrderEditor *self,
                                              SahaStore       *store);
/* Starts a new draft order, for @customer_id when not NULL. */
void        saha_order_editor_new_order      (SahaOrderEditor *self,
                                              const char      *customer_id);
gboolean    saha_order_editor_load_order     (SahaOrderEditor *self,
                                              const char      *order_id,
                                              GError         **error);
/* The order shown, NULL for a new order not saved yet. */
const char *saha_order_editor_get_order_id   (SahaOrderEditor *self);
const char *saha_order_editor_get_customer_id (SahaOrderEditor *self);
/* Adds a line for @product_id with the product's price and VAT, quantity 1. */
gboolean    saha_order_editor_add_product    (SahaOrderEditor *self,
                                              const char      *product_id,
                                              GError         **error);
guint       saha_order_editor_get_n_lines    (SahaOrderEditor *self);

/* Cancels the order with @reason, as the cancel dialog's confirmation does. */
gboolean saha_order_editor_cancel (SahaOrderEditor *self,
                                   const char      *reason);

G_END_DECLS
