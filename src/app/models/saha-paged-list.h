/* saha-paged-list.h: SahaPagedList, records of one table read page by page in a worker
 * thread into a GtkListBox with a "Show More" button, shared by the Orders, Service calls
 * and Visits pages.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_PAGED_LIST (saha_paged_list_get_type ())
G_DECLARE_FINAL_TYPE (SahaPagedList, saha_paged_list, SAHA, PAGED_LIST, GObject)

/* Runs in the worker thread for each record of a page: a text the row shows that takes
 * further reads (an order's total). */
typedef char      *(*SahaPagedListDetailFunc)  (SahaStore  *store,
                                                SahaRecord *record);
/* Builds the row for @record; @customer_name (NULL when unknown) and @detail (NULL
 * without a detail function) come from the worker. */
typedef GtkWidget *(*SahaPagedListRowFunc)     (SahaRecord *record,
                                                const char *customer_name,
                                                const char *detail);
/* The summary line for @total records, e.g. "60 orders". */
typedef char      *(*SahaPagedListSummaryFunc) (guint       total);

typedef struct
{
  const char               *table;
  const char               *order_by;    /* rows come newest first by this field */
  SahaPagedListDetailFunc   detail;      /* NULL: rows have no detail */
  SahaPagedListRowFunc      build_row;
  SahaPagedListSummaryFunc  summary;
} SahaPagedListSpec;

/*
 * Creates the list box (named @list_name) and the "Show More" button (activating
 * @more_action); the caller packs both, in that order, and keeps @spec alive. Read
 * failures and the summary go to @summary_label; @empty_page, when not NULL, shows
 * instead of the list while it has no rows.
 */
SahaPagedList *saha_paged_list_new                (const SahaPagedListSpec *spec,
                                                   GtkWidget               *summary_label,
                                                   GtkWidget               *empty_page,
                                                   const char              *list_name,
                                                   const char              *more_action);
GtkListBox    *saha_paged_list_get_list           (SahaPagedList           *self);
GtkWidget     *saha_paged_list_get_more_button    (SahaPagedList           *self);
/* Sets the replica to read; saha_paged_list_reload() reads it. */
void           saha_paged_list_set_store          (SahaPagedList           *self,
                                                   SahaStore               *store);
/* Empties the list and reads the first page again. */
void           saha_paged_list_reload             (SahaPagedList           *self);
/* Reads the page after the rows shown, superseding a read in flight. */
void           saha_paged_list_append_page        (SahaPagedList           *self);
/* Fills @dropdown with "All statuses" and the labels of @entity's "status" choices
 * (src/core/saha-schema.c), and filters on that field by it: item 0 shows every status. */
void           saha_paged_list_bind_status_filter (SahaPagedList           *self,
                                                   GtkDropDown             *dropdown,
                                                   const char              *entity);
/* Filters by what is typed in @entry (saha_store_list()'s Turkish-folding search: for
 * orders and calls the number, a call's problem and the customer's name). */
void           saha_paged_list_bind_search        (SahaPagedList           *self,
                                                   GtkSearchEntry          *entry);
/* Selects @status in the bound dropdown, which reloads; unknown statuses are ignored. */
void           saha_paged_list_select_status      (SahaPagedList           *self,
                                                   const char              *status);
gboolean       saha_paged_list_get_loading        (SahaPagedList           *self);
guint          saha_paged_list_get_n_shown        (SahaPagedList           *self);
/* Drops the read in flight, for the owner's dispose: its answer must not reach widgets
 * that are gone. */
void           saha_paged_list_cancel             (SahaPagedList           *self);

G_END_DECLS
