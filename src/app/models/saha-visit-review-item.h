/* saha-visit-review-item.h: SahaVisitReviewItem, one synced visit as the office reviews it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SAHA_TYPE_VISIT_REVIEW_ITEM (saha_visit_review_item_get_type ())
G_DECLARE_FINAL_TYPE (SahaVisitReviewItem, saha_visit_review_item, SAHA, VISIT_REVIEW_ITEM, GObject)

/* @check_in is a UTC ISO 8601 timestamp; @minutes is -1 while the visit has no check-out;
 * @order and @service_call are the numbers of what the visit produced, or NULL. */
SahaVisitReviewItem *saha_visit_review_item_new (const char *id,
                                                 const char *check_in,
                                                 const char *user,
                                                 const char *customer,
                                                 int         minutes,
                                                 const char *outcome,
                                                 const char *order,
                                                 const char *service_call);

const char *saha_visit_review_item_get_id           (SahaVisitReviewItem *self);
const char *saha_visit_review_item_get_check_in     (SahaVisitReviewItem *self);
const char *saha_visit_review_item_get_user         (SahaVisitReviewItem *self);
const char *saha_visit_review_item_get_customer     (SahaVisitReviewItem *self);
int         saha_visit_review_item_get_minutes      (SahaVisitReviewItem *self);
const char *saha_visit_review_item_get_outcome      (SahaVisitReviewItem *self);
const char *saha_visit_review_item_get_order        (SahaVisitReviewItem *self);
const char *saha_visit_review_item_get_service_call (SahaVisitReviewItem *self);

G_END_DECLS
