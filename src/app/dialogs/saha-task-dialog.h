/* saha-task-dialog.h: SahaTaskDialog, a new follow-up task: title, due date and time.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_TASK_DIALOG (saha_task_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SahaTaskDialog, saha_task_dialog, SAHA, TASK_DIALOG, AdwWindow)

/*
 * A task for the signed-in user about @customer_id (may be NULL), following up the record
 * @related_id of @related_entity when given ("note", "order", "service_call", "visit"),
 * due tomorrow at 09:00 unless changed. Save creates it (one write), tells the window and
 * emits "saved" with the new id; an empty title or a date or time it cannot read is said
 * under the fields and nothing is written.
 */
SahaTaskDialog *saha_task_dialog_new  (GtkWindow      *parent,
                                       SahaStore      *store,
                                       const char     *customer_id,
                                       const char     *related_entity,
                                       const char     *related_id);
gboolean        saha_task_dialog_save (SahaTaskDialog *self);
/* Fills in the title (a follow-up's suggestion), still to be edited. */
void            saha_task_dialog_set_task_title (SahaTaskDialog *self,
                                                 const char     *title);

G_END_DECLS
