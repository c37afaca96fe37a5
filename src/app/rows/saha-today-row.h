/* saha-today-row.h: the rows of the rep's and the office's Today: one per SahaTodayItem,
 * grouped under headings, each opening what it names.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store-today.h"

G_BEGIN_DECLS

/* The most rows of one kind a Today shows; a row after them says how many more there are
 * and opens the page that lists them. */
#define SAHA_TODAY_ROWS_PER_KIND 25

/* The heading of @kind's group, translated. */
const char *saha_today_row_group_label (SahaTodayKind  kind);

/* A row for @item: what it is and when, the customer, and (for a call) its priority in
 * words beside an icon. Its data: "record-id", "entity", "customer-id", "group". */
GtkWidget  *saha_today_row_new         (SahaTodayItem *item);

/* Fills @list (emptied first) with @today's rows, each group followed by a row for those
 * of its kinds that were left out. Returns how many there are in all. */
guint       saha_today_row_fill        (GtkListBox    *list,
                                        SahaTodayList *today);

/* A GtkListBoxUpdateHeaderFunc: a heading above the first row of each group. */
void        saha_today_row_update_header (GtkListBoxRow *row,
                                          GtkListBoxRow *before,
                                          gpointer       user_data);

/* Opens what @row names from @widget: the visit, task, order, call or customer (a
 * complaint opens its customer); a conflict or a refused change the Conflicts page. */
void        saha_today_row_open        (GtkWidget     *widget,
                                        GtkListBoxRow *row);

/* The "entity:id" of each row of @list, in the order shown (for tests). */
GStrv       saha_today_row_dup_keys    (GtkListBox    *list);

G_END_DECLS
