/* saha-order-list-view.h: SahaOrderListView, the Orders page: orders by status, page by
 * page, and the order editor.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-page.h"

#include "saha-order-editor.h"
#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_ORDER_LIST_VIEW (saha_order_list_view_get_type ())
G_DECLARE_FINAL_TYPE (SahaOrderListView, saha_order_list_view, SAHA, ORDER_LIST_VIEW, SahaPage)

void             saha_order_list_view_reload      (SahaOrderListView *self);
/* Opens the editor on a new order, for @customer_id when not NULL. */
void             saha_order_list_view_new_order   (SahaOrderListView *self,
                                                   const char        *customer_id);
void             saha_order_list_view_open_order  (SahaOrderListView *self,
                                                   const char        *order_id);
/* Opens the order from @customer_id's 360° page: the editor's Back returns to that page
 * (as after saha_order_list_view_new_order() with a customer). */
void             saha_order_list_view_open_order_for_customer (SahaOrderListView *self,
                                                               const char        *order_id,
                                                               const char        *customer_id);
/* NULL shows every status. */
void             saha_order_list_view_set_status_filter (SahaOrderListView *self,
                                                         const char        *status);
/* How many orders the list shows now (one page more each "Show more"). */
guint            saha_order_list_view_get_n_shown (SahaOrderListView *self);
SahaOrderEditor *saha_order_list_view_get_editor  (SahaOrderListView *self);
/* TRUE while a page is being read in the worker thread. */
gboolean         saha_order_list_view_get_loading (SahaOrderListView *self);

G_END_DECLS
