/* saha-service-call-list-view.h: SahaServiceCallListView, the Service calls page: calls by
 * status, page by page, and the call page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-paged-page.h"

#include "saha-service-call-page.h"
#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_SERVICE_CALL_LIST_VIEW (saha_service_call_list_view_get_type ())
G_DECLARE_FINAL_TYPE (SahaServiceCallListView, saha_service_call_list_view, SAHA,
                      SERVICE_CALL_LIST_VIEW, SahaPagedPage)

void                 saha_service_call_list_view_reload     (SahaServiceCallListView *self);
void                 saha_service_call_list_view_open_call  (SahaServiceCallListView *self,
                                                             const char              *call_id);
/* Opens the call from @customer_id's 360° page: the page's Back returns there (as after
 * saha_service_call_list_view_new_call() with a customer). */
void                 saha_service_call_list_view_open_call_for_customer (SahaServiceCallListView *self,
                                                                         const char              *call_id,
                                                                         const char              *customer_id);
void                 saha_service_call_list_view_new_call   (SahaServiceCallListView *self,
                                                             const char              *customer_id);
/* NULL shows every status. */
void                 saha_service_call_list_view_set_status_filter (SahaServiceCallListView *self,
                                                                    const char              *status);
guint                saha_service_call_list_view_get_n_shown (SahaServiceCallListView *self);
SahaServiceCallPage *saha_service_call_list_view_get_page   (SahaServiceCallListView *self);

/* TRUE while a page is being read in the worker thread. */
gboolean saha_service_call_list_view_get_loading (SahaServiceCallListView *self);

G_END_DECLS
