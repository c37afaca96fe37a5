/* saha-dispatch-cell.h: SahaDispatchCell, one technician's calls of one day on the dispatch
 * board, drawn as cards in one widget (the week of 50 technicians holds 2,000 of them).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store-dispatch.h"

G_BEGIN_DECLS

#define SAHA_TYPE_DISPATCH_CELL (saha_dispatch_cell_get_type ())
G_DECLARE_FINAL_TYPE (SahaDispatchCell, saha_dispatch_cell, SAHA, DISPATCH_CELL, GtkWidget)

GtkWidget  *saha_dispatch_cell_new            (void);

/* Shows @calls (SahaDispatchCall *, copied), with their times when @timed, under a line
 * with the day's load (open calls) when there are any. */
void        saha_dispatch_cell_set_calls      (SahaDispatchCell *self,
                                               GPtrArray        *calls,
                                               gboolean          timed);
/* The ids of the calls shown, top to bottom. */
GStrv       saha_dispatch_cell_dup_call_ids   (SahaDispatchCell *self);
/* The first line of card @index ("10:00–11:30 Işık Elektrik"), for tests. */
const char *saha_dispatch_cell_get_card_text  (SahaDispatchCell *self,
                                               guint             index);
/* A load as the board words it: "2 open calls · 1 h 30 min" (@minutes their expected
 * time), "0 open calls" when @open is 0. */
char       *saha_dispatch_load_text           (guint             open,
                                               gint64            minutes);
/* The load line ("2 open calls · 2 h"), or NULL when the day has no open call. */
const char *saha_dispatch_cell_get_load       (SahaDispatchCell *self);
/* What a click on the @index-th card or Enter on it does: emits "call-activated". */
void        saha_dispatch_cell_activate_call  (SahaDispatchCell *self,
                                               guint             index);

G_END_DECLS
