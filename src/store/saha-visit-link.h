/* saha-visit-link.h: ties an order or a service call made at a customer's site to the
 * visit that is open there.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-store.h"

G_BEGIN_DECLS

/* The id of @user's open visit (checked in, not checked out) at @customer_id, or NULL. */
char     *saha_visit_find_open        (SahaStore   *store,
                                       const char  *customer_id,
                                       const char  *user,
                                       GError     **error);

/* When @user has a visit open at @customer_id whose @field ("order" or "service_call")
 * is still empty, sets it to @record_id. Returns FALSE only on a store error; *linked
 * (may be NULL) tells whether a visit was linked. */
gboolean  saha_visit_link_open_visit  (SahaStore   *store,
                                       const char  *customer_id,
                                       const char  *user,
                                       const char  *field,
                                       const char  *record_id,
                                       gboolean    *linked,
                                       GError     **error);

G_END_DECLS
