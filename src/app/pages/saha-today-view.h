/* saha-today-view.h: SahaTodayView, the technician's day: the calls assigned to the
 * signed-in user that are scheduled today or still open.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-page.h"

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_TODAY_VIEW (saha_today_view_get_type ())
G_DECLARE_FINAL_TYPE (SahaTodayView, saha_today_view, SAHA, TODAY_VIEW, SahaPage)

void   saha_today_view_reload     (SahaTodayView *self);
/* The ids of the calls listed, in the order shown (for tests). */
GStrv  saha_today_view_dup_call_ids (SahaTodayView *self);

/* Whether @call belongs on @user's day that is @today (local time): assigned to them,
 * and open or scheduled that day. */
gboolean saha_today_view_call_is_for_today (SahaRecord *call,
                                            const char *user,
                                            GDateTime  *today);

/* TRUE while the day's calls are being read in the worker thread. */
gboolean saha_today_view_get_loading (SahaTodayView *self);

G_END_DECLS
