/* saha-task-list-page.h: SahaTaskListPage, the signed-in user's open tasks, soonest due
 * first, each marked done with one button.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-page.h"

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_TASK_LIST_PAGE (saha_task_list_page_get_type ())
G_DECLARE_FINAL_TYPE (SahaTaskListPage, saha_task_list_page, SAHA, TASK_LIST_PAGE, SahaPage)

/* Reads again in a worker thread; "loading" until the rows are shown. */
void      saha_task_list_page_reload      (SahaTaskListPage *self);
gboolean  saha_task_list_page_get_loading (SahaTaskListPage *self);
/* The ids of the tasks listed, top to bottom. */
GStrv     saha_task_list_page_dup_task_ids (SahaTaskListPage *self);
/* Selects and focuses the task @id (a reminder was clicked), once it is listed. */
void      saha_task_list_page_open_task   (SahaTaskListPage *self,
                                           const char       *id);
/* The task selected, or NULL. */
const char *saha_task_list_page_get_selected_id (SahaTaskListPage *self);
/* Marks the task @id done now by the signed-in user; what the row's Done button does. */
gboolean  saha_task_list_page_mark_done   (SahaTaskListPage *self,
                                           const char       *id,
                                           GError          **error);

G_END_DECLS
