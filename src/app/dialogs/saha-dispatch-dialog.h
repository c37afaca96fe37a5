/* saha-dispatch-dialog.h: SahaDispatchDialog, assigns and schedules one service call from
 * the keyboard: a technician, a date and a time.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_DISPATCH_DIALOG (saha_dispatch_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SahaDispatchDialog, saha_dispatch_dialog, SAHA, DISPATCH_DIALOG, AdwWindow)

/*
 * For the service call @id. Offers the technicians of the server's last user list (and
 * the call's own assignee), "Unassigned" first, with the call's technician, local date,
 * time and expected duration filled in. Save writes assigned_to, scheduled_at and (when
 * changed) expected_minutes as one edit (a new call given to someone also becomes
 * "assigned"), tells the window and emits "saved"; a date, time or duration that cannot
 * be read is said next to its field and nothing is written.
 */
SahaDispatchDialog *saha_dispatch_dialog_new            (GtkWindow          *parent,
                                                         SahaStore          *store,
                                                         const char         *id);
/* Picks @technician ("" or NULL: unassigned), as the dropdown does. */
void                saha_dispatch_dialog_set_technician (SahaDispatchDialog *self,
                                                         const char         *technician);
/* Writes; FALSE with the reason shown on the dialog when the input or the store refuses. */
gboolean            saha_dispatch_dialog_save           (SahaDispatchDialog *self);

/*
 * Reads a local date "YYYY-MM-DD" (or "DD.MM.YYYY", as Turkish offices write it) and a
 * time "HH:MM" into a UTC ISO 8601 instant in @tz. NULL with a message a person can act
 * on when either cannot be read.
 */
char               *saha_dispatch_parse_local          (const char         *date,
                                                         const char         *time,
                                                         GTimeZone          *tz,
                                                         GError            **error);

G_END_DECLS
