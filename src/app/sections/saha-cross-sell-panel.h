/* saha-cross-sell-panel.h: SahaCrossSellPanel, products to offer in the order being entered.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_CROSS_SELL_PANEL (saha_cross_sell_panel_get_type ())
G_DECLARE_FINAL_TYPE (SahaCrossSellPanel, saha_cross_sell_panel, SAHA, CROSS_SELL_PANEL, GtkWidget)

/* How many suggestions the panel shows. */
#define SAHA_CROSS_SELL_LIMIT 5

GtkWidget *saha_cross_sell_panel_new         (void);
void       saha_cross_sell_panel_set_store   (SahaCrossSellPanel *self,
                                              SahaStore          *store);
/* Suggests again for @customer_id (NULL: nothing to suggest) and the order's products,
 * in a worker thread; calls made in one main loop turn make one query. */
void       saha_cross_sell_panel_update      (SahaCrossSellPanel *self,
                                              const char         *customer_id,
                                              const char * const *product_ids,
                                              guint               n_products);
gboolean   saha_cross_sell_panel_get_loading (SahaCrossSellPanel *self);

G_END_DECLS
