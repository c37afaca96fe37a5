/* saha-customer-page.h: SahaCustomerPage, everything about one customer on one page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_CUSTOMER_PAGE (saha_customer_page_get_type ())
G_DECLARE_FINAL_TYPE (SahaCustomerPage, saha_customer_page, SAHA, CUSTOMER_PAGE, GtkWidget)

/* Reads the customer and its orders, calls, visits and notes from @store. */
void        saha_customer_page_show_customer (SahaCustomerPage *self,
                                              SahaStore        *store,
                                              const char       *id);
/* Reads the shown customer again (after a sync or an edit). */
void        saha_customer_page_reload        (SahaCustomerPage *self);
/* Whether the customer's lists, segment and campaigns are being read (in a worker). */
gboolean    saha_customer_page_get_loading   (SahaCustomerPage *self);
/* The id of the customer shown, or NULL. */
const char *saha_customer_page_get_customer_id (SahaCustomerPage *self);

G_END_DECLS
