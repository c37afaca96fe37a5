/* saha-store-segments-query.h: customers by RFM segment, for lists that page from SQLite.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-store-analytics.h"

G_BEGIN_DECLS

/*
 * A segment is computed from every order (saha_store_compute_segments()), so it cannot be
 * a WHERE clause on the customer table. These functions keep the computed segments in a
 * TEMPORARY table of one connection (a list's worker thread has its own SahaStore):
 * nothing is written to the replica, nothing syncs, and the list can join it to page
 * with LIMIT/OFFSET like any other filter. docs/crm.md says why.
 */

/* Computes every live customer's segment as of @now (NULL: now) and keeps them for this
 * connection, replacing what an earlier call kept. */
gboolean    saha_store_refresh_segments   (SahaStore        *self,
                                           GDateTime        *now,
                                           GError          **error);

/* The kept segment of @customer_id; SAHA_SEGMENT_NONE when it has none or the segments
 * were never refreshed on this connection. */
SahaSegment saha_store_lookup_segment     (SahaStore        *self,
                                           const char       *customer_id);

/* Live customers in @segment (as last refreshed) that match @query's search and where
 * fields, sorted by name then id, paged by @query's limit and offset (order_by,
 * descending and include_deleted are not supported and must be unset). */
GPtrArray  *saha_store_list_in_segment    (SahaStore        *self,
                                           SahaSegment       segment,
                                           const SahaQuery  *query,
                                           GError          **error);
gboolean    saha_store_count_in_segment   (SahaStore        *self,
                                           SahaSegment       segment,
                                           const SahaQuery  *query,
                                           guint            *count,
                                           GError          **error);

G_END_DECLS
