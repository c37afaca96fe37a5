/* saha-sync-run-private.h: one sync run, shared by the engine and its push and pull halves.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-sync-private.h"

G_BEGIN_DECLS

/* One run; lives in the thread that runs it. */
typedef struct
{
  SahaSyncEngine *engine;
  GMainContext   *context;      /* where progress is reported */
  gboolean        blocking;     /* report synchronously: the caller's thread runs it */
  char           *db_path;
  char           *server_url;
  char           *token;
  guint           max_attempts;
  guint           retry_delay_ms;
  guint           page_size;

  SahaStore      *store;
  SahaSyncClient *client;
  SahaSyncResult  result;
  guint64         done;
  gboolean        pushing_back; /* reconciling: a forbidden refusal sets the record aside */
  gboolean        erased;       /* a pull dropped a record erased on the server */
} SahaSyncRun;

void     saha_sync_run_free               (SahaSyncRun    *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaSyncRun, saha_sync_run_free)

/* Progress, reported to the engine's thread (saha-sync-engine.c). */
void     saha_sync_run_report             (SahaSyncRun    *run,
                                           SahaSyncPhase   phase,
                                           guint64         done,
                                           guint64         total,
                                           gboolean        running);

/* saha-sync-push.c */
/* A fresh replica id and a token bound to it from the server; later requests use it. */
gboolean saha_sync_run_renew_replica      (SahaSyncRun    *run,
                                           GCancellable   *cancellable,
                                           GError        **error);
/* The outbox, then every pending record in batches, until nothing is pending. */
gboolean saha_sync_run_push_pending       (SahaSyncRun    *run,
                                           GCancellable   *cancellable,
                                           GError        **error);

/* saha-sync-pull.c */
/* Pulls every page from the cursor on (resync and reconcile included). */
gboolean saha_sync_run_pull_all           (SahaSyncRun    *run,
                                           GCancellable   *cancellable,
                                           GError        **error);
/* Edits set aside for records that came back into scope go back into the push. */
gboolean saha_sync_run_give_back_returned (SahaSyncRun    *run,
                                           GCancellable   *cancellable,
                                           GError        **error);

G_END_DECLS
