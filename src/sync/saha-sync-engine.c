/* saha-sync-engine.c: SahaSyncEngine, one sync run: push the outbox, then pull pages.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "saha-store-set-aside.h"
#include "saha-store-sync.h"
#include "saha-sync-credentials.h"
#include "saha-sync-page-feed.h"
#include "saha-sync-private.h"
#include "saha-sync-run-private.h"

/*
 * How a run keeps its promises (DESIGN.md, docs/protocol.md):
 *
 * Push. Pending records are sent in batches. A batch (its batch_id, its exact body and the
 * change counter of every record in it) is written to the replica's settings BEFORE it is
 * sent, and removed in the same transaction that applies the answer. A run that finds an
 * outbox (the answer was lost: connection cut, client killed) sends that same batch again
 * first; the server answers a replayed batch_id with its stored answer, so nothing is
 * applied twice and nothing is lost.
 *
 * Pull. Each page, its revocations and the cursor that covers it are one transaction, so
 * the cursor never runs ahead of the data nor behind it. On resync_required the outbox and
 * pending records are pushed, the "resync" setting is set with an empty cursor (one
 * transaction), and the pull starts from "" in full mode; only after the last page are the
 * records neither received nor pending removed and "resync" cleared. A run interrupted in
 * between starts the full pull again: never a silent restart or a skipped range.
 *
 * Reconcile. On history_diverged (the server's data was restored from an earlier copy:
 * its history no longer holds the change the cursor stopped at) the pending records are
 * pushed, "resync" becomes "reconcile" with an empty cursor, and the pull from "" removes
 * nothing: each received record whose local state it does not cover, and after the last
 * page each record not received at all, is marked pending ("resync" = "pushback" in the
 * same transaction). That push gives the server back what it lost; a record it now refuses
 * as forbidden (out of the user's scope) is set aside like a revoked one. Then "resync"
 * is cleared and the pull goes on from the new cursor.
 */

#define DEFAULT_PAGE_SIZE 2000
#define DEFAULT_MAX_ATTEMPTS 3
#define DEFAULT_RETRY_DELAY_MS 250

struct _SahaSyncEngine
{
  GObject        parent_instance;

  char          *db_path;
  SahaSyncPhase  phase;
  guint64        done;
  guint64        total;
  gboolean       running;
  guint          max_attempts;
  guint          retry_delay_ms;
  guint          page_size;
  gint           busy;          /* atomic: a run is in progress (any thread) */
};

G_DEFINE_FINAL_TYPE (SahaSyncEngine, saha_sync_engine, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (SahaSyncResult, saha_sync_result,
                     saha_sync_result_copy, saha_sync_result_free)

enum {
  PROP_0,
  PROP_DB_PATH,
  PROP_PHASE,
  PROP_DONE,
  PROP_TOTAL,
  PROP_RUNNING,
  PROP_MAX_ATTEMPTS,
  PROP_RETRY_DELAY_MS,
  PROP_PAGE_SIZE,
  N_PROPS
};

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/**
 * saha_sync_result_copy:
 * @result: a sync's result
 *
 * Returns: (transfer full): a copy of @result; free with saha_sync_result_free()
 */
SahaSyncResult *
saha_sync_result_copy (const SahaSyncResult *result)
{
  return g_memdup2 (result, sizeof *result);
}

/**
 * saha_sync_result_free:
 * @result: (nullable): a sync's result
 *
 * Frees @result.
 */
void
saha_sync_result_free (SahaSyncResult *result)
{
  g_free (result);
}


void
saha_sync_run_free (SahaSyncRun *run)
{
  g_clear_object (&run->engine);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_pointer (&run->client, saha_sync_client_free);
  g_clear_object (&run->store);
  g_free (run->db_path);
  g_free (run->server_url);
  g_free (run->token);
  g_free (run);
}

/* Progress, applied on the engine's side of the fence. */
typedef struct
{
  SahaSyncEngine *engine;
  SahaSyncPhase   phase;
  guint64         done;
  guint64         total;
  gboolean        running;
} Progress;

static void
progress_free (Progress *progress)
{
  g_object_unref (progress->engine);
  g_free (progress);
}

static gboolean
progress_apply (gpointer data)
{
  Progress *progress = data;
  SahaSyncEngine *self = progress->engine;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->phase != progress->phase)
    {
      self->phase = progress->phase;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
    }
  if (self->done != progress->done)
    {
      self->done = progress->done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
    }
  if (self->total != progress->total)
    {
      self->total = progress->total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  if (self->running != progress->running)
    {
      self->running = progress->running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0,
                 (guint) progress->phase, progress->done, progress->total);
  return G_SOURCE_REMOVE;
}

void
saha_sync_run_report (SahaSyncRun   *run,
        SahaSyncPhase  phase,
        guint64        done,
        guint64        total,
        gboolean       running)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->engine = g_object_ref (run->engine);
  progress->phase = phase;
  progress->done = done;
  progress->total = total;
  progress->running = running;
  if (run->blocking)
    {
      progress_apply (progress);
      progress_free (progress);
    }
  else
    g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, progress_apply,
                                progress, (GDestroyNotify) progress_free);
}


/* ---- a run ----------------------------------------------------------------------- */

/* A replica file whose inode is not the one its token was issued for was copied or
 * restored under this profile: take a new replica id (from the server, with a token bound
 * to it) before pushing anything, rather than wait for the server to notice. */
static gboolean
check_replica_identity (SahaSyncRun        *run,
                        SahaSyncToken  *token,
                        GCancellable   *cancellable,
                        GError        **error)
{
  guint64 inode = saha_sync_file_inode (run->db_path);

  if (g_strcmp0 (token->replica_id, saha_store_get_replica_id (run->store)) == 0
      && token->inode != 0 && inode != 0 && token->inode != inode)
    {
      g_message ("The replica file %s is a copy (its inode changed)", run->db_path);
      return saha_sync_run_renew_replica (run, cancellable, error);
    }
  return TRUE;
}

static SahaSyncResult *
sync_run_execute (SahaSyncRun       *run,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_auto(SahaSyncToken) token = { 0 };
  g_autofree char *server_url = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GDateTime) utc = NULL;
  SahaStoreStatus status = { 0 };
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  run->store = saha_store_open (run->db_path, error);
  if (run->store == NULL)
    return NULL;
  server_url = saha_store_get_setting (run->store, "server_url");
  if (server_url == NULL || !saha_sync_token_load (run->db_path, &token, NULL))
    {
      g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_AUTH,
                   _("Not signed in: run “saha-cli login” first"));
      return NULL;
    }
  /* A reconciliation interrupted before its records went back to the server. */
  {
    g_autofree char *resync = saha_store_get_setting (run->store, "resync");

    run->pushing_back = g_strcmp0 (resync, "reconcile") == 0
                        || g_strcmp0 (resync, "pushback") == 0;
  }
  run->client = saha_sync_client_new (server_url, token.token, run->max_attempts,
                                      run->retry_delay_ms);
  run->server_url = g_strdup (server_url);
  run->token = g_strdup (token.token);
  if (!check_replica_identity (run, &token, cancellable, error))
    return NULL;

  ok = saha_sync_run_push_pending (run, cancellable, error);
  run->pushing_back = FALSE;
  ok = ok && saha_sync_run_pull_all (run, cancellable, error) && saha_sync_run_give_back_returned (run, cancellable, error);
  saha_sync_run_report (run, SAHA_SYNC_PHASE_IDLE, 0, 0, FALSE);
  if (!ok)
    return NULL;

  /* Who the users and their devices are, for conflicts and history that name people;
   * the records are synced already, so a failure here only leaves the old list. */
  {
    g_autoptr(GError) users_error = NULL;
    g_autoptr(GPtrArray) users = saha_sync_users_refresh (run->store, run->client,
                                                          cancellable, &users_error);

    if (users == NULL)
      g_debug ("Keeping the previous list of users: %s", users_error->message);
  }

  utc = g_date_time_new_now_utc ();
  now = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  if (!saha_store_set_setting (run->store, "last_sync", now, error)
      || !saha_store_get_status (run->store, &status, error))
    return NULL;
  run->result.conflicts = status.conflicts;
  saha_store_status_clear (&status);
  run->result.duration_ms = (g_get_monotonic_time () - start) / 1000;
  return saha_sync_result_copy (&run->result);
}

/* A device marked lost (410 device_wiped, answered before anything was pushed or
 * pulled): with the connection closed, the replica, its token and keyring entry go, and
 * the error says so. */
static void
wipe_if_lost (SahaSyncRun  *run,
              GError  **error)
{
  if (!g_error_matches (*error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_DEVICE_WIPED))
    return;
  g_clear_object (&run->store);
  g_clear_error (error);
  saha_sync_wipe_lost_device (run->db_path, error);
}

static SahaSyncRun *
sync_run_new (SahaSyncEngine *self,
              gboolean        blocking)
{
  SahaSyncRun *run = g_new0 (SahaSyncRun, 1);

  run->engine = g_object_ref (self);
  run->context = g_main_context_ref_thread_default ();
  run->blocking = blocking;
  run->db_path = g_strdup (self->db_path);
  run->max_attempts = self->max_attempts;
  run->retry_delay_ms = self->retry_delay_ms;
  run->page_size = self->page_size;
  return run;
}

static gboolean
claim (SahaSyncEngine  *self,
       GError         **error)
{
  if (!g_atomic_int_compare_and_exchange (&self->busy, 0, 1))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING, _("A sync is already running"));
      return FALSE;
    }
  return TRUE;
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SahaSyncEngine *self = source_object;
  SahaSyncRun *run = task_data;
  GError *error = NULL;
  SahaSyncResult *result = sync_run_execute (run, cancellable, &error);

  /* The SQLite connection is closed before the caller hears the result. */
  g_clear_object (&run->store);
  if (result == NULL)
    wipe_if_lost (run, &error);
  g_atomic_int_set (&self->busy, 0);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) saha_sync_result_free);
}

/* How much an asynchronous sync yields the CPU to the rest of the process. */
#define BACKGROUND_NICE 10

/*
 * An asynchronous sync runs in a thread of its own rather than in GTask's pool, at a
 * lower priority: on Linux a thread's nice value is its own, and the page feed thread
 * the sync starts inherits it. On two cores the page feed, the sync's writes and a local
 * server otherwise starve an application's main loop for a hundred milliseconds and more
 * at a time, while the sync only gets slower by what the main loop really uses. A nice
 * value cannot be raised back without privileges, so the thread is never reused.
 */
static gpointer
background_thread (gpointer data)
{
  g_autoptr(GTask) task = data;

#ifdef __linux__
  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), BACKGROUND_NICE) != 0)
    g_debug ("Cannot lower the sync thread's priority: %s", g_strerror (errno));
#endif
  sync_thread (task, g_task_get_source_object (task), g_task_get_task_data (task),
               g_task_get_cancellable (task));
  return NULL;
}

/**
 * saha_sync_engine_sync_async:
 * @self: a sync engine
 * @cancellable: (nullable): stops the run between requests and pages
 * @callback: called on the caller's thread-default main context when the run is done
 * @user_data: passed to @callback
 *
 * Runs one sync (push, then pull) in a thread of its own named "saha-sync" at a lower CPU
 * priority; progress is emitted in the caller's thread-default main context. A run
 * started while one is running fails with %G_IO_ERROR_PENDING.
 */
void
saha_sync_engine_sync_async (SahaSyncEngine      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (SAHA_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, saha_sync_engine_sync_async);
  if (!claim (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, sync_run_new (self, FALSE), (GDestroyNotify) saha_sync_run_free);
  g_thread_unref (g_thread_new ("saha-sync", background_thread, g_object_ref (task)));
}

/**
 * saha_sync_engine_sync_finish:
 * @self: a sync engine
 * @result: the result given to the callback
 * @error: return location for a #SAHA_SYNC_ERROR, a #SAHA_STORE_ERROR or
 *   %G_IO_ERROR_CANCELLED
 *
 * Returns: (transfer full) (nullable): what the sync did, or %NULL with @error set
 */
SahaSyncResult *
saha_sync_engine_sync_finish (SahaSyncEngine  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * saha_sync_engine_sync:
 * @self: a sync engine
 * @cancellable: (nullable): stops the run between requests and pages
 * @error: return location for a #SAHA_SYNC_ERROR, a #SAHA_STORE_ERROR,
 *   %G_IO_ERROR_CANCELLED, or %G_IO_ERROR_PENDING when a sync is already running
 *
 * Runs one sync, blocking the calling thread (the CLI); progress is emitted in this
 * thread.
 *
 * Returns: (transfer full) (nullable): what the sync did, or %NULL with @error set
 */
SahaSyncResult *
saha_sync_engine_sync (SahaSyncEngine  *self,
                       GCancellable    *cancellable,
                       GError         **error)
{
  g_autoptr(SahaSyncRun) run = NULL;
  SahaSyncResult *result;
  GError *local_error = NULL;

  g_return_val_if_fail (SAHA_IS_SYNC_ENGINE (self), NULL);

  if (!claim (self, error))
    return NULL;
  run = sync_run_new (self, TRUE);
  result = sync_run_execute (run, cancellable, &local_error);
  g_clear_object (&run->store);
  if (result == NULL)
    {
      wipe_if_lost (run, &local_error);
      g_propagate_error (error, local_error);
    }
  g_atomic_int_set (&self->busy, 0);
  return result;
}

/* ---- GObject ---------------------------------------------------------------------- */

/**
 * saha_sync_engine_new:
 * @db_path: the replica file to sync
 *
 * Each run opens its own store on @db_path in the thread it runs in.
 *
 * Returns: (transfer full): a new sync engine
 */
SahaSyncEngine *
saha_sync_engine_new (const char *db_path)
{
  g_return_val_if_fail (db_path != NULL, NULL);

  return g_object_new (SAHA_TYPE_SYNC_ENGINE, "db-path", db_path, NULL);
}

/**
 * saha_sync_engine_get_db_path:
 * @self: a sync engine
 *
 * Returns: (transfer none): the replica file it syncs
 */
const char *
saha_sync_engine_get_db_path (SahaSyncEngine *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_ENGINE (self), NULL);
  return self->db_path;
}

/**
 * saha_sync_engine_get_phase:
 * @self: a sync engine
 *
 * Returns: the phase of the run in progress ("phase" property)
 */
SahaSyncPhase
saha_sync_engine_get_phase (SahaSyncEngine *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_ENGINE (self), SAHA_SYNC_PHASE_IDLE);
  return self->phase;
}

/**
 * saha_sync_engine_get_done:
 * @self: a sync engine
 *
 * Returns: the records handled so far in this phase ("done" property)
 */
guint64
saha_sync_engine_get_done (SahaSyncEngine *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_ENGINE (self), 0);
  return self->done;
}

/**
 * saha_sync_engine_get_total:
 * @self: a sync engine
 *
 * Returns: the records this phase will handle, 0 while unknown ("total" property)
 */
guint64
saha_sync_engine_get_total (SahaSyncEngine *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_ENGINE (self), 0);
  return self->total;
}

/**
 * saha_sync_engine_get_running:
 * @self: a sync engine
 *
 * Returns: %TRUE while a run is in progress ("running" property)
 */
gboolean
saha_sync_engine_get_running (SahaSyncEngine *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_ENGINE (self), FALSE);
  return self->running;
}

/**
 * saha_sync_engine_get_max_attempts:
 * @self: a sync engine
 *
 * Returns: how often one request is tried when the network fails ("max-attempts")
 */
guint
saha_sync_engine_get_max_attempts (SahaSyncEngine *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_ENGINE (self), 0);
  return self->max_attempts;
}

/**
 * saha_sync_engine_set_max_attempts:
 * @self: a sync engine
 * @max_attempts: how often one request is tried, from the next run on
 *
 * Sets the "max-attempts" property.
 */
void
saha_sync_engine_set_max_attempts (SahaSyncEngine *self,
                                   guint           max_attempts)
{
  g_return_if_fail (SAHA_IS_SYNC_ENGINE (self));

  max_attempts = MAX (max_attempts, 1);
  if (self->max_attempts == max_attempts)
    return;
  self->max_attempts = max_attempts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_ATTEMPTS]);
}

/**
 * saha_sync_engine_get_page_size:
 * @self: a sync engine
 *
 * Returns: the records asked for per pull page ("page-size")
 */
guint
saha_sync_engine_get_page_size (SahaSyncEngine *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_ENGINE (self), 0);
  return self->page_size;
}

/**
 * saha_sync_engine_set_page_size:
 * @self: a sync engine
 * @page_size: the records asked for per pull page, from the next run on
 *
 * Sets the "page-size" property.
 */
void
saha_sync_engine_set_page_size (SahaSyncEngine *self,
                                guint           page_size)
{
  g_return_if_fail (SAHA_IS_SYNC_ENGINE (self));

  page_size = CLAMP (page_size, 1, 5000);
  if (self->page_size == page_size)
    return;
  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

static void
saha_sync_engine_finalize (GObject *object)
{
  SahaSyncEngine *self = SAHA_SYNC_ENGINE (object);

  g_free (self->db_path);

  G_OBJECT_CLASS (saha_sync_engine_parent_class)->finalize (object);
}

static void
saha_sync_engine_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SahaSyncEngine *self = SAHA_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_DB_PATH:
      g_value_set_string (value, self->db_path);
      break;
    case PROP_PHASE:
      g_value_set_uint (value, self->phase);
      break;
    case PROP_DONE:
      g_value_set_uint64 (value, self->done);
      break;
    case PROP_TOTAL:
      g_value_set_uint64 (value, self->total);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_MAX_ATTEMPTS:
      g_value_set_uint (value, self->max_attempts);
      break;
    case PROP_RETRY_DELAY_MS:
      g_value_set_uint (value, self->retry_delay_ms);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_sync_engine_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SahaSyncEngine *self = SAHA_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_DB_PATH:
      self->db_path = g_value_dup_string (value);
      break;
    case PROP_MAX_ATTEMPTS:
      saha_sync_engine_set_max_attempts (self, g_value_get_uint (value));
      break;
    case PROP_RETRY_DELAY_MS:
      if (self->retry_delay_ms != g_value_get_uint (value))
        {
          self->retry_delay_ms = g_value_get_uint (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_PAGE_SIZE:
      saha_sync_engine_set_page_size (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_sync_engine_class_init (SahaSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = saha_sync_engine_finalize;
  object_class->get_property = saha_sync_engine_get_property;
  object_class->set_property = saha_sync_engine_set_property;

  properties[PROP_DB_PATH] =
    g_param_spec_string ("db-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* SahaSyncPhase; a plain uint so no enum type needs registering for bindings. */
  properties[PROP_PHASE] =
    g_param_spec_uint ("phase", NULL, NULL, SAHA_SYNC_PHASE_IDLE, SAHA_SYNC_PHASE_PULL,
                       SAHA_SYNC_PHASE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DONE] =
    g_param_spec_uint64 ("done", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_ATTEMPTS] =
    g_param_spec_uint ("max-attempts", NULL, NULL, 1, 100, DEFAULT_MAX_ATTEMPTS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_DELAY_MS] =
    g_param_spec_uint ("retry-delay-ms", NULL, NULL, 0, 60000, DEFAULT_RETRY_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, 5000, DEFAULT_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SahaSyncEngine::progress:
   * @phase: a SahaSyncPhase
   * @done: records done in this phase
   * @total: records expected in this phase, 0 while unknown
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  G_TYPE_UINT, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
saha_sync_engine_init (SahaSyncEngine *self)
{
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->retry_delay_ms = DEFAULT_RETRY_DELAY_MS;
  self->page_size = DEFAULT_PAGE_SIZE;
}
