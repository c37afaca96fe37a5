/* saha-customers-view.h: SahaCustomersView, the searchable customer list beside the
 * selected customer's page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-page.h"

#include "saha-customer-list-model.h"
#include "saha-customer-page.h"
#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_CUSTOMERS_VIEW (saha_customers_view_get_type ())
G_DECLARE_FINAL_TYPE (SahaCustomersView, saha_customers_view, SAHA, CUSTOMERS_VIEW, SahaPage)

SahaCustomerListModel *saha_customers_view_get_model   (SahaCustomersView *self);
SahaCustomerPage      *saha_customers_view_get_page    (SahaCustomersView *self);
GtkSearchEntry        *saha_customers_view_get_search_entry (SahaCustomersView *self);
/* Opens the customer at @position of the list, as a click on its row does. */
void                   saha_customers_view_open        (SahaCustomersView *self,
                                                        guint              position);
/* Opens the customer @id's page, wherever it is in the list (from Today, a call, an
 * order). */
void                   saha_customers_view_open_customer (SahaCustomersView *self,
                                                          const char        *id);
/* Reads the list again after the replica changed. */
void                   saha_customers_view_reload      (SahaCustomersView *self);
/* Only the list's rows, while a sync lands pages: segments and the open customer wait
 * for a saha_customers_view_reload() when it ends (their queries are the costly ones). */
void                   saha_customers_view_reload_rows (SahaCustomersView *self);

G_END_DECLS
