/* saha-status-workflow.c: the status changes a service call or an order may make, checked
 * the same way by the store, saha-cli and the server.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-schema.h"
#include "saha-service-call-workflow.h"
#include "saha-status-workflow.h"

/* draft -> quote -> confirmed -> delivered; an order not yet delivered may be cancelled.
 * A draft may be confirmed without a quote (an order taken on the spot). */
static const struct
{
  const char *status;
  const char *next[4];
} order_transitions[] = {
  { "draft", { "quote", "confirmed", "cancelled", NULL } },
  { "quote", { "confirmed", "cancelled", NULL } },
  { "confirmed", { "delivered", "cancelled", NULL } },
  { "delivered", { NULL } },
  { "cancelled", { NULL } },
};

static const char * const none[] = { NULL };

/**
 * saha_order_next_statuses:
 * @status: (nullable): an order's status; %NULL reads as "draft"
 *
 * Returns: (transfer none) (array zero-terminated=1): the statuses the order may move to
 *   next, in the order they are offered; empty for delivered and cancelled; static
 */
const char * const *
saha_order_next_statuses (const char *status)
{
  if (status == NULL)
    status = "draft";

  for (guint i = 0; i < G_N_ELEMENTS (order_transitions); i++)
    if (g_strcmp0 (order_transitions[i].status, status) == 0)
      return order_transitions[i].next;

  return none;
}

typedef const char * const *(*NextStatuses) (const char *status);

/* Whether @to is reached from @from by one or more steps of @next; the graphs have no
 * cycles and at most seven statuses, so a walk with a small visited set is enough. */
static gboolean
reachable (NextStatuses  next,
           const char   *from,
           const char   *to)
{
  const char *queue[16];
  guint head = 0, tail = 0;

  queue[tail++] = from;
  while (head < tail)
    {
      const char * const *steps = next (queue[head++]);

      for (guint i = 0; steps[i] != NULL; i++)
        {
          gboolean seen = FALSE;

          if (strcmp (steps[i], to) == 0)
            return TRUE;
          for (guint j = 0; j < tail && !seen; j++)
            seen = g_strcmp0 (queue[j], steps[i]) == 0;
          if (!seen && tail < G_N_ELEMENTS (queue))
            queue[tail++] = steps[i];
        }
    }
  return FALSE;
}

/**
 * saha_status_check_move:
 * @entity: "service_call" or "order" (any other entity has no workflow: always TRUE)
 * @from: the status the record shows now (NULL: the field's default)
 * @to: the status it is given (NULL: unset, which reads as the initial status)
 * @may_reopen: whether the writer is office or admin, who may reopen a cancelled call
 * @error: return location for %SAHA_CORE_ERROR_INVALID_VALUE saying why not and naming
 *   the allowed next statuses
 *
 * A move is allowed when @to is @from, or when @to is reached from @from by the documented
 * steps (docs/crm.md "Status transitions"): several steps at once are one move, since a
 * device that was offline pushes only where it ended. The one step back is a service
 * call's reopening, cancelled -> new, for @may_reopen writers.
 *
 * Returns: %TRUE when the move is allowed, %FALSE with @error set
 */
gboolean
saha_status_check_move (const char  *entity,
                        const char  *from,
                        const char  *to,
                        gboolean     may_reopen,
                        GError     **error)
{
  NextStatuses next;
  const char *initial;
  g_autofree char *allowed = NULL;

  if (g_strcmp0 (entity, "service_call") == 0)
    {
      next = saha_service_call_next_statuses;
      initial = "new";
    }
  else if (g_strcmp0 (entity, "order") == 0)
    {
      next = saha_order_next_statuses;
      initial = "draft";
    }
  else
    return TRUE;

  /* An unset status reads as the initial one everywhere (lists, the app), so unsetting
   * it is a move back to the start. */
  if (from == NULL)
    from = initial;
  if (to == NULL)
    to = initial;
  if (strcmp (from, to) == 0)
    return TRUE;
  if (reachable (next, from, to))
    return TRUE;
  if (next == saha_service_call_next_statuses
      && strcmp (from, "cancelled") == 0 && strcmp (to, "new") == 0)
    {
      if (may_reopen)
        return TRUE;
      g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE,
                   "status: only the office reopens a cancelled service call");
      return FALSE;
    }

  if (next == saha_service_call_next_statuses && strcmp (from, "cancelled") == 0)
    allowed = g_strdup ("new (reopened by the office)");
  else
    allowed = g_strjoinv (", ", (char **) next (from));
  if (*allowed == '\0')
    g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE,
                 "status: a %s cannot go from %s to %s; %s is final", entity, from, to, from);
  else
    g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE,
                 "status: a %s cannot go from %s to %s; from %s it may go to %s",
                 entity, from, to, from, allowed);
  return FALSE;
}
