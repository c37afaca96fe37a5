/* saha-service-call-row.h: the list row of a service call (number, customer, problem,
 * when, status), shared by the Today and Service calls pages.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

/* An activatable AdwActionRow; the call's id is its "record-id" data. */
GtkWidget  *saha_service_call_row_new          (SahaStore  *store,
                                                SahaRecord *call);
/* The same with the customer's name already read (NULL: unknown), for rows built from
 * a worker thread's read. */
GtkWidget  *saha_service_call_row_new_for_customer (SahaRecord *call,
                                                    const char *customer_name);
const char *saha_service_call_status_label     (const char *status);
/* The icon of a call's @priority; NULL for a normal one. */
const char *saha_service_call_priority_icon    (const char *priority);
/* Shows a call's @priority (unless normal) on @row in words beside an icon, never by
 * colour alone: the icon first, the words as a suffix. Returns the words' label, or
 * NULL when nothing was added. */
GtkWidget  *saha_service_call_row_add_priority (AdwActionRow *row,
                                                const char   *priority);

G_END_DECLS
