/* saha-window.h: SahaWindow, the main window: sign-in or the sidebar of pages.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"
#include "saha-sync-runner.h"

G_BEGIN_DECLS

#define SAHA_TYPE_WINDOW (saha_window_get_type ())
G_DECLARE_FINAL_TYPE (SahaWindow, saha_window, SAHA, WINDOW, AdwApplicationWindow)

/* The window knows its application as a GtkApplication with a "settings" property; it
 * does not include saha-application.h: the application opens windows, not the reverse. */
typedef struct _SahaApplication SahaApplication;

/* @store may be NULL when the replica could not be opened; @error then says why and the
 * window shows it instead of the pages. */
SahaWindow *saha_window_new             (SahaApplication *application,
                                         SahaStore       *store,
                                         const GError    *error);

SahaStore  *saha_window_get_store       (SahaWindow      *self);
/* "sign-in", "pages" or "error": which of the window's three faces is shown. */
const char *saha_window_get_mode        (SahaWindow      *self);
/* Shows one page of the sidebar by its name in the stack: "today", "tasks", "customers",
 * "orders", "service-calls", "visits", "visit-review", "dispatch", "profitability",
 * "campaigns", "knowledge-base" or "conflicts". */
void        saha_window_show_page       (SahaWindow      *self,
                                         const char      *name);

/* The store announces the app's own writes and the window schedules their push; this
 * does it now: the counts (changes waiting, conflicts) are re-read at once, and the
 * change is synced some seconds later (a burst of edits goes out as one push). */
void        saha_window_notify_local_change (SahaWindow  *self);
/* Shows @toast (taking it), dismissing the one shown: toasts never wait in a queue to
 * appear later on another page. */
void        saha_window_add_toast       (SahaWindow      *self,
                                         AdwToast        *toast);
/* Any widget in the window shows a toast through the action "win.toast" (a string). */
/* After a sign-out that kept the replica: the sign-in page, offering to go on offline
 * when the replica holds customers; @error (may be NULL) is shown on it. */
void        saha_window_show_sign_in    (SahaWindow      *self,
                                         const char      *error);
/* NULL until the window shows its pages. */
SahaSyncRunner *saha_window_get_sync_runner (SahaWindow  *self);

/* Shows the Tasks page with the task @id selected (a reminder was clicked). */
void        saha_window_open_task       (SahaWindow      *self,
                                         const char      *id);

/* The app was opened: one sync if signed in and a network is up (a failure to reach the
 * server says "working offline"). Not on a sign-in, which syncs already. */
void        saha_window_sync_at_launch  (SahaWindow      *self);

G_END_DECLS
