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

G_END_DECLS
