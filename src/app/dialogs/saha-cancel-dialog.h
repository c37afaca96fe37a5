/* saha-cancel-dialog.h: SahaCancelDialog, asks before a service call or an order is
 * cancelled, and why (kept in the record's cancel_reason).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SAHA_TYPE_CANCEL_DIALOG (saha_cancel_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SahaCancelDialog, saha_cancel_dialog, SAHA, CANCEL_DIALOG,
                      AdwMessageDialog)

/* For a service call or an order (@entity) named @number. The cancel response stays off
 * until a reason is written; it emits "confirmed" with the reason, trimmed. */
SahaCancelDialog *saha_cancel_dialog_new (GtkWindow  *parent,
                                          const char *entity,
                                          const char *number);

G_END_DECLS
