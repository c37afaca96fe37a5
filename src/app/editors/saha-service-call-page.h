/* saha-service-call-page.h: SahaServiceCallPage, one service call as the technician works
 * it: status steps, labour, parts, resolution, the customer's signature and the report.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-signature-pad.h"
#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_SERVICE_CALL_PAGE (saha_service_call_page_get_type ())
G_DECLARE_FINAL_TYPE (SahaServiceCallPage, saha_service_call_page, SAHA, SERVICE_CALL_PAGE,
                      GtkWidget)

GtkWidget        *saha_service_call_page_new           (void);
void              saha_service_call_page_set_store     (SahaServiceCallPage *self,
                                                        SahaStore           *store);
gboolean          saha_service_call_page_load_call     (SahaServiceCallPage *self,
                                                        const char          *call_id,
                                                        GError             **error);
/* A form for a new call at @customer_id, assigned to the signed-in user. */
void              saha_service_call_page_new_call      (SahaServiceCallPage *self,
                                                        const char          *customer_id);
const char       *saha_service_call_page_get_call_id   (SahaServiceCallPage *self);
/* The statuses offered as buttons now, in order (for tests and accessibility). */
GStrv             saha_service_call_page_dup_offered   (SahaServiceCallPage *self);
/* Saves, then moves the call to @status as its button does. FALSE (and the page says
 * why) when the move is not allowed or the input is wrong. */
gboolean          saha_service_call_page_move_to       (SahaServiceCallPage *self,
                                                        const char          *status);
/* Saves what is typed; FALSE (and the page says why) on wrong input. */
gboolean          saha_service_call_page_save          (SahaServiceCallPage *self);
/* Saves, then writes the service report PDF to @path. */
gboolean          saha_service_call_page_write_report  (SahaServiceCallPage *self,
                                                        const char          *path,
                                                        GError             **error);
/* Adds a part from the catalogue, quantity 1 at the product's price. */
gboolean          saha_service_call_page_add_part      (SahaServiceCallPage *self,
                                                        const char          *product_id,
                                                        GError             **error);
SahaSignaturePad *saha_service_call_page_get_signature_pad (SahaServiceCallPage *self);

/* Cancels the call with @reason, as the cancel dialog's confirmation does. */
gboolean          saha_service_call_page_cancel        (SahaServiceCallPage *self,
                                                        const char          *reason);

G_END_DECLS
