/* saha-visit-review-item.c: SahaVisitReviewItem, one synced visit as the office reviews it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-visit-review-item.h"

struct _SahaVisitReviewItem
{
  GObject  parent_instance;

  char    *id;
  char    *check_in;
  char    *user;
  char    *customer;
  int      minutes;
  char    *outcome;
  char    *order;
  char    *service_call;
};

G_DEFINE_FINAL_TYPE (SahaVisitReviewItem, saha_visit_review_item, G_TYPE_OBJECT)

SahaVisitReviewItem *
saha_visit_review_item_new (const char *id,
                            const char *check_in,
                            const char *user,
                            const char *customer,
                            int         minutes,
                            const char *outcome,
                            const char *order,
                            const char *service_call)
{
  SahaVisitReviewItem *self = g_object_new (SAHA_TYPE_VISIT_REVIEW_ITEM, NULL);

  self->id = g_strdup (id);
  self->check_in = g_strdup (check_in);
  self->user = g_strdup (user);
  self->customer = g_strdup (customer);
  self->minutes = minutes;
  self->outcome = g_strdup (outcome);
  self->order = g_strdup (order);
  self->service_call = g_strdup (service_call);
  return self;
}

const char *
saha_visit_review_item_get_id (SahaVisitReviewItem *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_REVIEW_ITEM (self), NULL);
  return self->id;
}

const char *
saha_visit_review_item_get_check_in (SahaVisitReviewItem *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_REVIEW_ITEM (self), NULL);
  return self->check_in;
}

const char *
saha_visit_review_item_get_user (SahaVisitReviewItem *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_REVIEW_ITEM (self), NULL);
  return self->user;
}

const char *
saha_visit_review_item_get_customer (SahaVisitReviewItem *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_REVIEW_ITEM (self), NULL);
  return self->customer;
}

int
saha_visit_review_item_get_minutes (SahaVisitReviewItem *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_REVIEW_ITEM (self), -1);
  return self->minutes;
}

const char *
saha_visit_review_item_get_outcome (SahaVisitReviewItem *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_REVIEW_ITEM (self), NULL);
  return self->outcome;
}

const char *
saha_visit_review_item_get_order (SahaVisitReviewItem *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_REVIEW_ITEM (self), NULL);
  return self->order;
}

const char *
saha_visit_review_item_get_service_call (SahaVisitReviewItem *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_REVIEW_ITEM (self), NULL);
  return self->service_call;
}

static void
saha_visit_review_item_finalize (GObject *object)
{
  SahaVisitReviewItem *self = SAHA_VISIT_REVIEW_ITEM (object);

  g_free (self->id);
  g_free (self->check_in);
  g_free (self->user);
  g_free (self->customer);
  g_free (self->outcome);
  g_free (self->order);
  g_free (self->service_call);

  G_OBJECT_CLASS (saha_visit_review_item_parent_class)->finalize (object);
}

static void
saha_visit_review_item_class_init (SahaVisitReviewItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = saha_visit_review_item_finalize;
}

static void
saha_visit_review_item_init (SahaVisitReviewItem *self)
{
  self->minutes = -1;
}
