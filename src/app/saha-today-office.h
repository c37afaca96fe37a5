/* saha-today-office.h: SahaTodayOffice, the office's day: unassigned and overdue calls,
 * complaints without a follow-up, and the conflicts and refused changes waiting.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_TODAY_OFFICE (saha_today_office_get_type ())
G_DECLARE_FINAL_TYPE (SahaTodayOffice, saha_today_office, SAHA, TODAY_OFFICE, GtkWidget)

/* Reads the day again from @store (NULL: shows nothing), in a worker thread. */
void     saha_today_office_reload      (SahaTodayOffice *self,
                                        SahaStore       *store);
/* TRUE while the day is being read. */
gboolean saha_today_office_get_loading (SahaTodayOffice *self);
/* The "entity:id" of each row, in the order shown (for tests). */
GStrv    saha_today_office_dup_keys    (SahaTodayOffice *self);

G_END_DECLS
