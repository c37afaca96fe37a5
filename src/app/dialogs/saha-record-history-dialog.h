/* saha-record-history-dialog.h: SahaRecordHistoryDialog, one record's history from the
 * server's audit trail (who changed the phone, and when), for office and admin users.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_RECORD_HISTORY_DIALOG (saha_record_history_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SahaRecordHistoryDialog, saha_record_history_dialog, SAHA,
                      RECORD_HISTORY_DIALOG, AdwWindow)

/* Asks the server @store is signed in to for the history of @entity @id in a worker
 * thread (GET /v1/history) and lists it, newest first: each change with the field, the
 * old and new value, the user, the local time and the device. @title names the record. */
SahaRecordHistoryDialog *saha_record_history_dialog_new         (GtkWindow  *parent,
                                                                 SahaStore  *store,
                                                                 const char *entity,
                                                                 const char *id,
                                                                 const char *title);
/* TRUE while the server has not answered. */
gboolean                 saha_record_history_dialog_get_loading (SahaRecordHistoryDialog *self);

G_END_DECLS
