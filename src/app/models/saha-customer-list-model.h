/* saha-customer-list-model.h: SahaCustomerListModel, the replica's customers as a GListModel
 * that reads pages from SQLite on demand.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_CUSTOMER_LIST_MODEL (saha_customer_list_model_get_type ())
G_DECLARE_FINAL_TYPE (SahaCustomerListModel, saha_customer_list_model, SAHA, CUSTOMER_LIST_MODEL,
                      GObject)

/* Rows read from the store in one query. */
#define SAHA_CUSTOMER_LIST_PAGE_SIZE 100

SahaCustomerListModel *saha_customer_list_model_new             (SahaStore             *store);

SahaStore             *saha_customer_list_model_get_store       (SahaCustomerListModel *self);
/* Turkish-correct prefix search (the store's); NULL or "" shows every customer. */
const char            *saha_customer_list_model_get_search      (SahaCustomerListModel *self);
void                   saha_customer_list_model_set_search      (SahaCustomerListModel *self,
                                                                 const char            *search);
/* Only customers in this city; NULL for any. */
const char            *saha_customer_list_model_get_city        (SahaCustomerListModel *self);
void                   saha_customer_list_model_set_city        (SahaCustomerListModel *self,
                                                                 const char            *city);
/* Only customers assigned to this user name; NULL for anyone's. */
const char            *saha_customer_list_model_get_assigned_to (SahaCustomerListModel *self);
void                   saha_customer_list_model_set_assigned_to (SahaCustomerListModel *self,
                                                                 const char            *user);
/* Only customers in this RFM segment ("champions", "at_risk"… as in
 * saha_segment_to_string()); NULL for any. */
const char            *saha_customer_list_model_get_segment     (SahaCustomerListModel *self);
void                   saha_customer_list_model_set_segment     (SahaCustomerListModel *self,
                                                                 const char            *segment);

/* Reads the count and the segments again and forgets cached pages, after the replica
 * changed underneath (a sync, an edit). */
void                   saha_customer_list_model_reload          (SahaCustomerListModel *self);
/* The same without computing the segments again (every order of every customer: a
 * quarter of a second and more with 100,000 customers), while a sync lands pages every
 * second: rows show the segments of the last reload(), new customers none yet. */
void                   saha_customer_list_model_reload_rows     (SahaCustomerListModel *self);

/* TRUE while a count or a page is being read in the worker thread. Until the count
 * arrives n_items is the previous filter's; rows of a page not read yet are items whose
 * "loaded" is FALSE, filled in place when the page arrives. */
gboolean               saha_customer_list_model_get_loading     (SahaCustomerListModel *self);

/* The number of queries made so far, for tests that check paging stays lazy. */
guint                  saha_customer_list_model_get_n_queries   (SahaCustomerListModel *self);

G_END_DECLS
