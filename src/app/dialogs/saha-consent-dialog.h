/* saha-consent-dialog.h: SahaConsentDialog, recording one consent statement of a customer
 * or of one of its contact persons (a synced consent record).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-record-dialog.h"

G_BEGIN_DECLS

#define SAHA_TYPE_CONSENT_DIALOG (saha_consent_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SahaConsentDialog, saha_consent_dialog, SAHA, CONSENT_DIALOG,
                      SahaRecordDialog)

/* Whose (the customer or one of its contact persons), which purpose, given or
 * withdrawn, how, and notes; "at" is now and "recorded_by" the signed-in user. */
SahaConsentDialog *saha_consent_dialog_new  (GtkWindow         *parent,
                                             SahaStore         *store,
                                             const char        *customer_id);
/* Writes the statement as the dialog shows it; its id, or NULL with the reason shown in
 * the dialog. Emits "saved" (the id) on success. The "Record" response calls it. */
char              *saha_consent_dialog_save (SahaConsentDialog *self);

G_END_DECLS
