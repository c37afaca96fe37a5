/* saha-segment-badge.h: how an RFM segment is named and coloured in the interface.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "saha-store-analytics.h"

G_BEGIN_DECLS

/* The translated name of @segment ("Champions", "At risk"…); "" for none. */
const char *saha_segment_badge_label     (SahaSegment  segment);
/* The segments a person can filter by, best first, ending with SAHA_SEGMENT_NONE. */
extern const SahaSegment saha_segment_badge_order[];
/* Shows @segment on @label: its name and a colour class; hidden for none. */
void        saha_segment_badge_apply     (GtkLabel    *label,
                                          SahaSegment  segment);

G_END_DECLS
