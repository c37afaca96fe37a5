/* saha-store-dispatch.h: the office's dispatch board: service calls by technician and time.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "saha-store.h"

G_BEGIN_DECLS

/* One call on the board, with its customer's name (NULL when the replica lacks it). */
typedef struct
{
  char *id;
  char *number;
  char *customer;
  char *customer_name;
  char *scheduled_at;   /* UTC ISO 8601, or NULL (unscheduled, unassigned lane only) */
  char *status;
  char *priority;
  gint64 expected_minutes; /* expected time on site; 0 when not set */
} SahaDispatchCall;

/* How long a call without expected_minutes counts for, on the board and in a load. */
#define SAHA_DISPATCH_DEFAULT_MINUTES 60

/* One row of the board: a technician, or the "unassigned" lane (technician NULL). */
typedef struct
{
  char      *technician;
  GPtrArray *calls;      /* SahaDispatchCall *, by scheduled_at then number */
  guint      load;       /* calls still open (new .. on_site) in the range */
  gint64     load_minutes; /* their expected minutes, SAHA_DISPATCH_DEFAULT_MINUTES for a
                            * call without */
} SahaDispatchLane;

void saha_dispatch_call_free (SahaDispatchCall *call);
void saha_dispatch_lane_free (SahaDispatchLane *lane);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaDispatchLane, saha_dispatch_lane_free)

/* The office's dispatch board for [@from, @to): one lane per technician, then the
 * unassigned lane. Blocks: for a worker thread or saha-cli; documented at the definition. */
GPtrArray *saha_store_dispatch_board (SahaStore           *self,
                                      const char          *from,
                                      const char          *to,
                                      const char * const  *technicians,
                                      const char          *technician,
                                      GCancellable        *cancellable,
                                      GError             **error);

G_END_DECLS
