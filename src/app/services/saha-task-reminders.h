/* saha-task-reminders.h: SahaTaskReminders, a desktop notification when one of the
 * signed-in user's tasks falls due, also for what fell due while the app was closed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_TASK_REMINDERS (saha_task_reminders_get_type ())
G_DECLARE_FINAL_TYPE (SahaTaskReminders, saha_task_reminders, SAHA, TASK_REMINDERS, GObject)

/*
 * Reads @store's open tasks owned by its signed-in user in a worker thread and sends
 * @application a GNotification ("app.open-task" with the task's id when clicked) for each
 * task whose due_at has passed and that was not reminded of at that due time yet (the
 * replica's "tasks_reminded" setting keeps which, so a restart does not remind twice and a
 * task moved to a later time reminds again); then waits for the next due_at. Works offline:
 * nothing but the replica is read. Emits "reminded" with the task's id after each.
 */
SahaTaskReminders *saha_task_reminders_new     (GApplication      *application,
                                                SahaStore         *store);
/* Reads again (the tasks changed: a local edit or a sync). */
void               saha_task_reminders_refresh (SahaTaskReminders *self);

G_END_DECLS
