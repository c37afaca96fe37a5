/* saha-sync-runner.h: SahaSyncRunner, decides when the replica syncs and keeps its status.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "saha-store.h"
#include "saha-sync.h"

G_BEGIN_DECLS

#define SAHA_TYPE_SYNC_RUNNER (saha_sync_runner_get_type ())
G_DECLARE_FINAL_TYPE (SahaSyncRunner, saha_sync_runner, SAHA, SYNC_RUNNER, GObject)

/*
 * Runs the sync engine of @store's replica: when asked (saha_sync_runner_sync_now()),
 * when the network comes back, some seconds after local changes
 * (saha_sync_runner_notify_local_change()) and every "sync-interval" minutes of
 * @settings. Automatic syncs happen only while signed in (the replica's "user" setting)
 * and while the system has a network.
 *
 * Each sync runs the engine in a thread of the runner's own, at a lower CPU priority
 * than the window; the engine's own properties and "progress" signal change in that
 * thread, so watch the runner's instead.
 *
 * Properties: "engine", "online" (the network is up and the last sync did not fail to
 * reach the server), "running", "done" and "total" (the running sync's progress in
 * records, 0 while unknown), "pending" (records waiting to be sent), "conflicts",
 * "rejected", "last-sync" (a GDateTime or NULL). Signals: "finished" (SahaSyncResult or NULL, then the
 * GError or NULL, then whether a person asked for the sync) and "replica-changed", emitted
 * at most once a second while pulled pages land, and after each sync.
 */
SahaSyncRunner *saha_sync_runner_new                 (SahaStore      *store,
                                                      GSettings      *settings);

SahaSyncEngine *saha_sync_runner_get_engine          (SahaSyncRunner *self);
gboolean        saha_sync_runner_get_online          (SahaSyncRunner *self);
gboolean        saha_sync_runner_get_running         (SahaSyncRunner *self);
guint64         saha_sync_runner_get_done            (SahaSyncRunner *self);
guint64         saha_sync_runner_get_total           (SahaSyncRunner *self);
guint           saha_sync_runner_get_pending         (SahaSyncRunner *self);
guint           saha_sync_runner_get_conflicts       (SahaSyncRunner *self);
guint           saha_sync_runner_get_rejected        (SahaSyncRunner *self);
GDateTime      *saha_sync_runner_get_last_sync       (SahaSyncRunner *self);
gboolean        saha_sync_runner_get_signed_in       (SahaSyncRunner *self);
/* The signed-in user's name, or NULL. */
char           *saha_sync_runner_dup_user            (SahaSyncRunner *self);

/* Starts a sync now (or right after the one running). FALSE when not signed in. */
gboolean        saha_sync_runner_sync_now            (SahaSyncRunner *self);
/* A page wrote to the replica: re-read the counts now and sync after the delay. */
void            saha_sync_runner_notify_local_change (SahaSyncRunner *self);
/* Re-reads pending/conflict/rejected counts and the last sync time from the store. */
void            saha_sync_runner_refresh_status      (SahaSyncRunner *self);
/* Milliseconds between the last local change and its sync (default 10 000). */
void            saha_sync_runner_set_change_delay    (SahaSyncRunner *self,
                                                      guint           delay_ms);

/* A sync nobody pressed for (as after a change): only while signed in and a network is up. */
void            saha_sync_runner_sync_if_online      (SahaSyncRunner *self);

G_END_DECLS
