/* saha-today-rep.h: SahaTodayRep, the rep's day: today's visits and tasks, overdue tasks,
 * quotes about to expire and customers at risk not visited for 60 days.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_TODAY_REP (saha_today_rep_get_type ())
G_DECLARE_FINAL_TYPE (SahaTodayRep, saha_today_rep, SAHA, TODAY_REP, GtkWidget)

/* Reads the day again from @store (NULL: shows nothing), in a worker thread. */
void     saha_today_rep_reload      (SahaTodayRep *self,
                                     SahaStore    *store);
/* TRUE while the day is being read. */
gboolean saha_today_rep_get_loading (SahaTodayRep *self);
/* The "entity:id" of each row, in the order shown (for tests). */
GStrv    saha_today_rep_dup_keys    (SahaTodayRep *self);

G_END_DECLS
