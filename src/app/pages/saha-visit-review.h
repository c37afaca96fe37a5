/* saha-visit-review.h: SahaVisitReview, the office's review of synced visits by person and
 * date range, with what each visit produced, exportable as CSV.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-page.h"

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_VISIT_REVIEW (saha_visit_review_get_type ())
G_DECLARE_FINAL_TYPE (SahaVisitReview, saha_visit_review, SAHA, VISIT_REVIEW, SahaPage)

/* Re-reads the visits matching the filters (person_dropdown, from_entry, to_entry). */
void        saha_visit_review_reload    (SahaVisitReview *self);
/* The visits shown, as SahaVisitReviewItem, newest first. */
GListModel *saha_visit_review_get_model (SahaVisitReview *self);
/* The visits shown as RFC 4180 CSV with a header row: check_in_at (UTC), user, customer
 * (name), minutes, outcome, order (number), service_call (number). */
char       *saha_visit_review_to_csv    (SahaVisitReview *self);

/* TRUE while visits are being read in the worker thread. */
gboolean    saha_visit_review_get_loading (SahaVisitReview *self);

G_END_DECLS
