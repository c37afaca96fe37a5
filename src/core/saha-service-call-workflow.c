/* saha-service-call-workflow.c: which status a service call may move to next, and what
 * each move stamps.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-service-call-workflow.h"

/* new -> assigned -> travelling -> on_site -> resolved -> closed; an open call may be
 * cancelled instead. A resolved call is done on site and only waits for the office to
 * close it, so it is no longer cancelled from the field. */
static const struct
{
  const char *status;
  const char *next[3];
} transitions[] = {
  { "new", { "assigned", "cancelled", NULL } },
  { "assigned", { "travelling", "cancelled", NULL } },
  { "travelling", { "on_site", "cancelled", NULL } },
  { "on_site", { "resolved", "cancelled", NULL } },
  { "resolved", { "closed", NULL } },
  { "closed", { NULL } },
  { "cancelled", { NULL } },
};

static const char * const none[] = { NULL };

/**
 * saha_service_call_next_statuses:
 * @status: (nullable): a service call's status; %NULL reads as "new"
 *
 * Returns: (transfer none) (array zero-terminated=1): the statuses the call may move to,
 *   the next step of the work first and "cancelled" last; empty for closed and cancelled
 *   calls; static
 */
const char * const *
saha_service_call_next_statuses (const char *status)
{
  if (status == NULL)
    status = "new";

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (g_strcmp0 (transitions[i].status, status) == 0)
      return transitions[i].next;

  return none;
}

/**
 * saha_service_call_can_move:
 * @from: (nullable): the call's status now; %NULL reads as "new"
 * @to: (nullable): the status wanted
 *
 * Returns: %TRUE when @to is one of saha_service_call_next_statuses() of @from
 */
gboolean
saha_service_call_can_move (const char *from,
                            const char *to)
{
  return to != NULL && g_strv_contains (saha_service_call_next_statuses (from), to);
}

/**
 * saha_service_call_stamped_field:
 * @to: (nullable): the status a call moves to
 *
 * Returns: (transfer none) (nullable): the timestamp field the move stamps
 *   ("started_at", "resolved_at", "closed_at"), or %NULL
 */
const char *
saha_service_call_stamped_field (const char *to)
{
  if (g_strcmp0 (to, "travelling") == 0)
    return "travel_started_at";
  if (g_strcmp0 (to, "on_site") == 0)
    return "started_at";
  if (g_strcmp0 (to, "resolved") == 0)
    return "resolved_at";
  if (g_strcmp0 (to, "closed") == 0)
    return "closed_at";
  return NULL;
}

/**
 * saha_service_call_status_is_open:
 * @status: (nullable): a service call's status; %NULL reads as "new"
 *
 * Returns: %TRUE when the call still needs work (new, assigned, travelling, on_site)
 */
gboolean
saha_service_call_status_is_open (const char *status)
{
  static const char * const open[] = { "new", "assigned", "travelling", "on_site", NULL };

  return g_strv_contains (open, status != NULL ? status : "new");
}
