/* saha-service-call-workflow.h: which status a service call may move to next, and what
 * each move stamps.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The statuses a call in @status may move to, in the order they are offered (the next
 * step of the work first, "cancelled" last); an empty array for closed and cancelled
 * calls. NULL @status is "new". */
const char * const *saha_service_call_next_statuses   (const char *status);
gboolean            saha_service_call_can_move        (const char *from,
                                                       const char *to);
/* The timestamp field a move to @to stamps ("travel_started_at" for travelling,
 * "started_at" for on_site, "resolved_at",
 * "closed_at"), or NULL. */
const char         *saha_service_call_stamped_field   (const char *to);
/* Whether a call in @status still needs work (new, assigned, travelling, on_site). */
gboolean            saha_service_call_status_is_open  (const char *status);

G_END_DECLS
