/* saha-customer-note-dialog.h: SahaCustomerNoteDialog, writing down a call, a complaint or
 * anything said with a customer as a note record.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-record-dialog.h"

G_BEGIN_DECLS

#define SAHA_TYPE_CUSTOMER_NOTE_DIALOG (saha_customer_note_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SahaCustomerNoteDialog, saha_customer_note_dialog, SAHA,
                      CUSTOMER_NOTE_DIALOG, SahaRecordDialog)

SahaCustomerNoteDialog *saha_customer_note_dialog_new  (GtkWindow              *parent,
                                                        SahaStore              *store,
                                                        const char             *customer_id);
/* What the "Add" response does; NULL (and the dialog says why) when nothing was written,
 * else the new note's id. */
char                   *saha_customer_note_dialog_save (SahaCustomerNoteDialog *self);

G_END_DECLS
