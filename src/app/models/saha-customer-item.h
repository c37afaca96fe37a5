/* saha-customer-item.h: SahaCustomerItem, one customer as a row of a list shows it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "saha-core.h"

G_BEGIN_DECLS

#define SAHA_TYPE_CUSTOMER_ITEM (saha_customer_item_get_type ())
G_DECLARE_FINAL_TYPE (SahaCustomerItem, saha_customer_item, SAHA, CUSTOMER_ITEM, GObject)

/* Copies the few fields a row shows; the record is not kept. */
SahaCustomerItem *saha_customer_item_new          (const SahaRecord *record);
/* An item whose row is still being read; saha_customer_item_update() fills it. */
SahaCustomerItem *saha_customer_item_new_pending  (void);
/* Takes the row's fields from @record, notifying the properties that changed. */
void              saha_customer_item_update       (SahaCustomerItem *self,
                                                   const SahaRecord *record);
/* FALSE while the row is still being read. */
gboolean          saha_customer_item_get_loaded   (SahaCustomerItem *self);

const char       *saha_customer_item_get_id       (SahaCustomerItem *self);
const char       *saha_customer_item_get_name     (SahaCustomerItem *self);
const char       *saha_customer_item_get_city     (SahaCustomerItem *self);
const char       *saha_customer_item_get_phone    (SahaCustomerItem *self);
const char       *saha_customer_item_get_assigned_to (SahaCustomerItem *self);
/* "District, City" or whichever of the two is known, for the row's second line. */
const char       *saha_customer_item_get_place    (SahaCustomerItem *self);
/* The translated name of the customer's RFM segment for the row's badge; "" for none. */
const char       *saha_customer_item_get_segment  (SahaCustomerItem *self);
void              saha_customer_item_set_segment  (SahaCustomerItem *self,
                                                   const char       *label);

G_END_DECLS
