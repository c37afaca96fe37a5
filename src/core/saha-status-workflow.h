/* saha-status-workflow.h: which status changes a service call or an order may make, for
 * the store, saha-cli and the server alike.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * saha_status_check_move:
 * @entity: "service_call" or "order" (any other entity has no workflow: always TRUE)
 * @from: the status the record shows now (NULL: the field's default)
 * @to: the status it is given (NULL: unset, which reads as the initial status)
 * @may_reopen: whether the writer is office or admin, who may reopen a cancelled call
 * @error: why not, naming the allowed next statuses
 *
 * A move is allowed when @to is @from, or when @to is reached from @from by the documented
 * steps (docs/crm.md "Status transitions"): several steps at once are one move, since a
 * device that was offline pushes only where it ended. The one step back is a service
 * call's reopening, cancelled -> new, for @may_reopen writers.
 */
gboolean saha_status_check_move (const char  *entity,
                                 const char  *from,
                                 const char  *to,
                                 gboolean     may_reopen,
                                 GError     **error);

/* The statuses an order in @status may move to next, in the order they are offered;
 * empty for delivered and cancelled orders. NULL @status is "draft". */
const char * const *saha_order_next_statuses (const char *status);

G_END_DECLS
