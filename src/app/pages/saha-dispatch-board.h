/* saha-dispatch-board.h: SahaDispatchBoard, the office's dispatch board: technicians as
 * rows, a day or a week as columns, service calls placed by scheduled_at and assigned_to.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-page.h"

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_DISPATCH_BOARD (saha_dispatch_board_get_type ())
G_DECLARE_FINAL_TYPE (SahaDispatchBoard, saha_dispatch_board, SAHA, DISPATCH_BOARD, SahaPage)

/* Reads the board again in a worker thread; "loading" is TRUE until its rows are shown. */
void      saha_dispatch_board_reload      (SahaDispatchBoard *self);
gboolean  saha_dispatch_board_get_loading (SahaDispatchBoard *self);

/* Shows @n_days (1 or 7) from the local day of @first_day; the week view starts on its
 * Monday. Reads again. */
void      saha_dispatch_board_set_range   (SahaDispatchBoard *self,
                                           GDateTime         *first_day,
                                           guint              n_days);
GDateTime *saha_dispatch_board_get_first_day (SahaDispatchBoard *self);

/*
 * What a drop does: gives the call @id to @technician ("" or NULL: unassigned) on the local
 * day @day_index of the board (0 = its first day), keeping the call's time of day (09:00
 * when it had none); a new call given to someone becomes "assigned". One edit of the
 * replica, synced like any other.
 */
gboolean  saha_dispatch_board_move_call   (SahaDispatchBoard *self,
                                           const char        *id,
                                           const char        *technician,
                                           guint              day_index,
                                           GError           **error);

G_END_DECLS
