/* saha-status-workflow.h: which status changes a service call or an order may make, for
 * the store, saha-cli and the server alike.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether a service call or an order may move from status @from to @to (docs/crm.md
 * "Status transitions"); the rules are documented at the definition. */
gboolean saha_status_check_move (const char  *entity,
                                 const char  *from,
                                 const char  *to,
                                 gboolean     may_reopen,
                                 GError     **error);

/* The statuses an order in @status may move to next, in the order they are offered;
 * empty for delivered and cancelled orders. NULL @status is "draft". */
const char * const *saha_order_next_statuses (const char *status);

G_END_DECLS
