/* saha-store-today.h: what a rep's and an office user's Today lists, read from the replica.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "saha-store.h"

G_BEGIN_DECLS

/* Why a record is on someone's Today; the order is the order of the groups shown. */
typedef enum
{
  /* The rep's day */
  SAHA_TODAY_VISIT,            /* a visit of today (checked in today, or still open) */
  SAHA_TODAY_TASK_DUE,         /* an open task due today */
  SAHA_TODAY_TASK_OVERDUE,     /* an open task due before today */
  SAHA_TODAY_QUOTE_EXPIRING,   /* a quote whose last valid day is within a week */
  SAHA_TODAY_AT_RISK,          /* an "at risk" customer not visited for 60 days */
  /* The office's day */
  SAHA_TODAY_CALL_UNASSIGNED,  /* an open call with no technician */
  SAHA_TODAY_CALL_OVERDUE,     /* an open call scheduled before today */
  SAHA_TODAY_COMPLAINT,        /* an open complaint with no open follow-up task */
  SAHA_TODAY_CONFLICT,         /* a record with a field in conflict */
  SAHA_TODAY_REFUSED,          /* a record whose push the server refused */
} SahaTodayKind;

#define SAHA_TODAY_N_KINDS (SAHA_TODAY_REFUSED + 1)

/* One row of a Today. Which strings are set depends on the kind (the definition says). */
typedef struct
{
  SahaTodayKind  kind;
  char          *entity;         /* what a click opens: "visit", "task", "order",
                                  * "customer", "service_call", "note" */
  char          *id;
  char          *title;          /* a task's title, an order's or a call's number, a
                                  * complaint's summary, a customer's or record's name */
  char          *customer_id;
  char          *customer_name;
  char          *at;             /* the time that puts it here: UTC ISO 8601, or a
                                  * YYYY-MM-DD date for a quote's last day; NULL for none
                                  * (an at-risk customer never visited) */
  char          *detail;         /* a visit's purpose, a call's priority, a refusal's
                                  * code; NULL otherwise */
} SahaTodayItem;

/* A Today as read: its first rows of each kind, and how many there are of each. */
typedef struct
{
  GPtrArray *items;                         /* SahaTodayItem *, in the order shown */
  guint      totals[SAHA_TODAY_N_KINDS];    /* all of each kind, also those left out */
} SahaTodayList;

void saha_today_item_free (SahaTodayItem *item);
void saha_today_list_free (SahaTodayList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaTodayItem, saha_today_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaTodayList, saha_today_list_free)

/* Blocks: for a worker thread (the Today pages read with saha_store_read_async()).
 * @now is the moment the day is read at, in the user's time zone; @limit the most rows of
 * each kind (0: all). */
SahaTodayList *saha_store_rep_today_sync    (SahaStore     *self,
                                             const char    *user,
                                             GDateTime     *now,
                                             guint          limit,
                                             GCancellable  *cancellable,
                                             GError       **error);
SahaTodayList *saha_store_office_today_sync (SahaStore     *self,
                                             GDateTime     *now,
                                             guint          limit,
                                             GCancellable  *cancellable,
                                             GError       **error);

G_END_DECLS
