/* saha-store-customer-summary.h: everything the 360° page shows of one customer, read in
 * one call on a worker's connection.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "saha-store.h"
#include "saha-store-analytics.h"

G_BEGIN_DECLS

typedef struct
{
  SahaRecord      *customer;   /* tombstones included; NULL when the replica never held it */
  /* "order", "order:confirmed", "service_call", "visit", "note"...: the customer's live
   * records of each entity, and of each status, as GUINT_TO_POINTER (count). */
  GHashTable      *counts;
  /* entity -> GPtrArray of SahaRecord*: the most recent, newest first (orders by
   * ordered_at, calls by scheduled_at, visits by check_in_at, notes by at). */
  GHashTable      *recent;
  SahaCustomerRfm *rfm;        /* their own orders' figures and segment */
  GPtrArray       *campaigns;  /* SahaRecord*: the live campaigns they receive */
} SahaCustomerSummary;

void                 saha_customer_summary_free       (SahaCustomerSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaCustomerSummary, saha_customer_summary_free)

/* The count of @entity (with @status, or all when NULL) in @summary. */
guint                saha_customer_summary_count      (SahaCustomerSummary *summary,
                                                       const char          *entity,
                                                       const char          *status);
/* The recent records of @entity (a new reference; empty when none). */
GPtrArray           *saha_customer_summary_dup_recent (SahaCustomerSummary *summary,
                                                       const char          *entity);

/* Reads customer @customer_id with at most @recent_limit of each list, their segment and
 * campaigns, from this customer's records alone. Blocks: for worker threads (on a store
 * of their own, e.g. through saha_store_read_async()). @cancellable stops the read inside
 * SQLite (G_IO_ERROR_CANCELLED). */
SahaCustomerSummary *saha_store_customer_summary_sync (SahaStore           *self,
                                                       const char          *customer_id,
                                                       guint                recent_limit,
                                                       GCancellable        *cancellable,
                                                       GError             **error);

G_END_DECLS
