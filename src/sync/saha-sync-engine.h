/* saha-sync-engine.h: SahaSyncEngine, one sync run (push, then pull) of a replica.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SAHA_SYNC_PHASE_IDLE,
  SAHA_SYNC_PHASE_PUSH,
  SAHA_SYNC_PHASE_PULL,
} SahaSyncPhase;

/* What one sync did. */
typedef struct
{
  guint   pushed;       /* records the server accepted */
  guint   pulled;       /* records received (changes and revocations) */
  guint   conflicts;    /* records with a field in conflict after the sync */
  guint   refused;      /* records the server refused in this sync (kept, see status) */
  gint64  duration_ms;
} SahaSyncResult;

#define SAHA_TYPE_SYNC_RESULT (saha_sync_result_get_type ())
GType           saha_sync_result_get_type  (void) G_GNUC_CONST;
SahaSyncResult *saha_sync_result_copy      (const SahaSyncResult *result);
void            saha_sync_result_free      (SahaSyncResult       *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaSyncResult, saha_sync_result_free)

#define SAHA_TYPE_SYNC_ENGINE (saha_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (SahaSyncEngine, saha_sync_engine, SAHA, SYNC_ENGINE, GObject)

/*
 * A sync engine for the replica at a path. Each run opens its own SahaStore on that path
 * in the thread it runs in, so the caller's store (the app's, on the main thread) is never
 * used from two threads.
 *
 * Properties "phase", "done", "total" (0 while unknown) and "running", and the "progress"
 * signal, change on the main context that was the thread default when the run started, so
 * a GTK app can bind them to widgets.
 *
 * "max-attempts" (default 3) bounds how often one request is tried when the network
 * fails, with exponential backoff from "retry-delay-ms" (default 250).
 */
SahaSyncEngine *saha_sync_engine_new          (const char           *db_path);

const char     *saha_sync_engine_get_db_path  (SahaSyncEngine       *self);
SahaSyncPhase   saha_sync_engine_get_phase    (SahaSyncEngine       *self);
guint64         saha_sync_engine_get_done     (SahaSyncEngine       *self);
guint64         saha_sync_engine_get_total    (SahaSyncEngine       *self);
gboolean        saha_sync_engine_get_running  (SahaSyncEngine       *self);
guint           saha_sync_engine_get_max_attempts (SahaSyncEngine   *self);
void            saha_sync_engine_set_max_attempts (SahaSyncEngine   *self,
                                                   guint             max_attempts);
guint           saha_sync_engine_get_page_size (SahaSyncEngine      *self);
void            saha_sync_engine_set_page_size (SahaSyncEngine      *self,
                                                guint                page_size);

/* A sync in the background: in a thread of its own named "saha-sync", at a lower CPU
 * priority (nice +10 on Linux) than the caller's threads; progress is emitted in the
 * caller's thread-default main context. */
void            saha_sync_engine_sync_async   (SahaSyncEngine       *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
SahaSyncResult *saha_sync_engine_sync_finish  (SahaSyncEngine       *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* The same, blocking the calling thread (the CLI); progress is emitted in this thread. */
SahaSyncResult *saha_sync_engine_sync         (SahaSyncEngine       *self,
                                               GCancellable         *cancellable,
                                               GError              **error);

G_END_DECLS
