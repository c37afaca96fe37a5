/* saha-sync-status.h: SahaSyncStatus, the header bar's line about sync: offline, syncing
 * with progress, or when the replica last synced, and how many changes wait.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-sync-runner.h"

G_BEGIN_DECLS

#define SAHA_TYPE_SYNC_STATUS (saha_sync_status_get_type ())
G_DECLARE_FINAL_TYPE (SahaSyncStatus, saha_sync_status, SAHA, SYNC_STATUS, GtkWidget)

void         saha_sync_status_set_runner (SahaSyncStatus *self,
                                          SahaSyncRunner *runner);
/* What the widget says now: the state line, and the waiting changes ("" when none). */
const char  *saha_sync_status_get_text   (SahaSyncStatus *self);
const char  *saha_sync_status_get_detail (SahaSyncStatus *self);
/* Re-reads the clock, for "Synced 3 minutes ago" (the widget does so every minute). */
void         saha_sync_status_update     (SahaSyncStatus *self);

G_END_DECLS
