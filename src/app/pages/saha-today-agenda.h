/* saha-today-agenda.h: SahaTodayAgenda, the day of a rep or of the office: what a worker
 * thread reads for that role, by group, each row opening what it names.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_TODAY_AGENDA (saha_today_agenda_get_type ())
G_DECLARE_FINAL_TYPE (SahaTodayAgenda, saha_today_agenda, SAHA, TODAY_AGENDA, GtkWidget)

/*
 * "role" (construct-only): "rep" — today's visits and tasks, overdue tasks, quotes about to
 * expire, customers at risk not visited for 60 days (saha_store_rep_today_sync()); or
 * "office" — unassigned and overdue calls, complaints without a follow-up, conflicts and
 * refused changes waiting (saha_store_office_today_sync()). The summary label and the list
 * are named "today-ROLE-summary" and "today-ROLE-items".
 */

/* Reads the day again from @store (NULL: shows nothing), in a worker thread. */
void        saha_today_agenda_reload      (SahaTodayAgenda *self,
                                           SahaStore       *store);
/* TRUE while the day is being read. */
gboolean    saha_today_agenda_get_loading (SahaTodayAgenda *self);
const char *saha_today_agenda_get_role    (SahaTodayAgenda *self);
/* The "entity:id" of each row, in the order shown (for tests). */
GStrv       saha_today_agenda_dup_keys    (SahaTodayAgenda *self);

G_END_DECLS
