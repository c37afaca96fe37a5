/* saha-visit-list-view.h: SahaVisitListView, the Visits page: visits newest first, page by
 * page, and the visit editor.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-paged-page.h"

#include "saha-store.h"
#include "saha-visit-editor.h"

G_BEGIN_DECLS

#define SAHA_TYPE_VISIT_LIST_VIEW (saha_visit_list_view_get_type ())
G_DECLARE_FINAL_TYPE (SahaVisitListView, saha_visit_list_view, SAHA, VISIT_LIST_VIEW,
                      SahaPagedPage)

void             saha_visit_list_view_reload      (SahaVisitListView *self);
void             saha_visit_list_view_log_visit   (SahaVisitListView *self,
                                                   const char        *customer_id);
void             saha_visit_list_view_open_visit  (SahaVisitListView *self,
                                                   const char        *visit_id);
guint            saha_visit_list_view_get_n_shown (SahaVisitListView *self);
SahaVisitEditor *saha_visit_list_view_get_editor  (SahaVisitListView *self);

/* TRUE while a page is being read in the worker thread. */
gboolean saha_visit_list_view_get_loading (SahaVisitListView *self);

G_END_DECLS
