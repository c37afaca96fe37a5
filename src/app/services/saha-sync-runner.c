/* saha-sync-runner.c: SahaSyncRunner, decides when the replica syncs and keeps its status.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-sync-runner.h"

#define DEFAULT_CHANGE_DELAY_MS 10000
/* Lists are reloaded while a long pull lands, but not so often that reloading is all
 * the main loop does. */
#define RELOAD_THROTTLE_US G_USEC_PER_SEC

struct _SahaSyncRunner
{
  GObject           parent_instance;

  SahaStore        *store;
  GSettings        *settings;
  SahaSyncEngine   *engine;
  GNetworkMonitor  *monitor;
  GCancellable     *cancellable;

  gboolean          network_available;
  gboolean          unreachable;     /* the last sync failed to reach the server */
  gboolean          reached;         /* the last sync reached it (loopback or a network
                                        the monitor does not know counts too) */
  gboolean          running;
  gboolean          again;           /* a sync was asked for while one ran */
  gboolean          again_manual;
  gboolean          manual;          /* the running sync was asked for by a person */

  guint64           done;            /* the running sync's progress, 0 while unknown */
  guint64           total;
  guint             pending;
  guint             conflicts;
  guint             rejected;
  GDateTime        *last_sync;

  guint             change_delay_ms;
  guint             change_source;
  guint             interval_source;
  gint64            last_reload;
};

G_DEFINE_FINAL_TYPE (SahaSyncRunner, saha_sync_runner, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ENGINE,
  PROP_ONLINE,
  PROP_RUNNING,
  PROP_DONE,
  PROP_TOTAL,
  PROP_PENDING,
  PROP_CONFLICTS,
  PROP_REJECTED,
  PROP_LAST_SYNC,
  N_PROPS
};

enum
{
  SIGNAL_FINISHED,
  SIGNAL_REPLICA_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_sync (SahaSyncRunner *self,
                        gboolean        manual);

static void
set_uint (SahaSyncRunner *self,
          guint          *field,
          guint           value,
          guint           prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_online_inputs (SahaSyncRunner *self,
                   gboolean        network_available,
                   gboolean        unreachable,
                   gboolean        reached)
{
  gboolean was = saha_sync_runner_get_online (self);

  self->network_available = network_available;
  self->unreachable = unreachable;
  self->reached = reached;
  if (was != saha_sync_runner_get_online (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

void
saha_sync_runner_refresh_status (SahaSyncRunner *self)
{
  SahaStoreStatus status = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) last_sync = NULL;

  g_return_if_fail (SAHA_IS_SYNC_RUNNER (self));

  if (!saha_store_get_status (self->store, &status, &error))
    {
      g_warning ("Cannot read the replica's status: %s", error->message);
      return;
    }

  set_uint (self, &self->pending, status.pending, PROP_PENDING);
  set_uint (self, &self->conflicts, status.conflicts, PROP_CONFLICTS);
  set_uint (self, &self->rejected, status.rejected, PROP_REJECTED);

  if (status.last_sync != NULL)
    last_sync = g_date_time_new_from_iso8601 (status.last_sync, NULL);
  if ((last_sync == NULL) != (self->last_sync == NULL)
      || (last_sync != NULL && !g_date_time_equal (last_sync, self->last_sync)))
    {
      g_clear_pointer (&self->last_sync, g_date_time_unref);
      self->last_sync = g_steal_pointer (&last_sync);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
    }

  saha_store_status_clear (&status);
}

gboolean
saha_sync_runner_get_signed_in (SahaSyncRunner *self)
{
  g_autofree char *user = NULL;

  g_return_val_if_fail (SAHA_IS_SYNC_RUNNER (self), FALSE);

  user = saha_store_get_setting (self->store, "user");
  return user != NULL && *user != '\0';
}

char *
saha_sync_runner_dup_user (SahaSyncRunner *self)
{
  g_autofree char *user = NULL;

  g_return_val_if_fail (SAHA_IS_SYNC_RUNNER (self), NULL);

  user = saha_store_get_setting (self->store, "user");
  return user != NULL && *user != '\0' ? g_steal_pointer (&user) : NULL;
}

static void
set_progress (SahaSyncRunner *self,
              guint64         done,
              guint64         total)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->done != done)
    {
      self->done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE]);
    }
  if (self->total != total)
    {
      self->total = total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
sync_done (GObject      *object,
           GAsyncResult *async_result,
           gpointer      user_data)
{
  g_autoptr(SahaSyncRunner) self = user_data;
  g_autoptr(SahaSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean manual = self->manual;

  result = saha_sync_engine_sync_finish (SAHA_SYNC_ENGINE (object), async_result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* One change seen at once: no half-updated state ("Not synced yet") in between. */
  g_object_freeze_notify (G_OBJECT (self));
  self->running = FALSE;
  self->manual = FALSE;
  set_progress (self, 0, 0);
  set_online_inputs (self, self->network_available,
                     g_error_matches (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_NETWORK),
                     result != NULL);
  saha_sync_runner_refresh_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_object_thaw_notify (G_OBJECT (self));

  if (result != NULL)
    g_signal_emit (self, signals[SIGNAL_REPLICA_CHANGED], 0);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, result, error, manual);

  if (self->again)
    {
      gboolean again_manual = self->again_manual;

      self->again = FALSE;
      self->again_manual = FALSE;
      start_sync (self, again_manual);
    }
}

/* The engine reports in the main context; the status shows it, and the lists re-read
 * what landed. The engine's async sync runs in a thread of its own at a lower priority,
 * so that the window keeps the CPU it needs (saha-sync-engine.c). */
static void
engine_progress (SahaSyncRunner *self,
                 guint           phase,
                 guint64         done,
                 guint64         total)
{
  gint64 now = g_get_monotonic_time ();

  if (!self->running)
    return;
  set_progress (self, done, total);
  if (phase != SAHA_SYNC_PHASE_PULL || done == 0)
    return;
  if (now - self->last_reload < RELOAD_THROTTLE_US)
    return;

  self->last_reload = now;
  g_signal_emit (self, signals[SIGNAL_REPLICA_CHANGED], 0);
}

static void
start_sync (SahaSyncRunner *self,
            gboolean        manual)
{
  if (self->running)
    {
      self->again = TRUE;
      self->again_manual |= manual;
      return;
    }

  g_clear_handle_id (&self->change_source, g_source_remove);
  self->running = TRUE;
  self->manual = manual;
  self->last_reload = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  saha_sync_engine_sync_async (self->engine, self->cancellable, sync_done, g_object_ref (self));
}

gboolean
saha_sync_runner_sync_now (SahaSyncRunner *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_RUNNER (self), FALSE);

  if (!saha_sync_runner_get_signed_in (self))
    return FALSE;

  start_sync (self, TRUE);
  return TRUE;
}

/* Automatic syncs wait for a network: without one they could only fail. */
static void
sync_automatically (SahaSyncRunner *self)
{
  if (!saha_sync_runner_get_signed_in (self) || !self->network_available)
    return;

  start_sync (self, FALSE);
}

void
saha_sync_runner_sync_if_online (SahaSyncRunner *self)
{
  g_return_if_fail (SAHA_IS_SYNC_RUNNER (self));

  sync_automatically (self);
}

static gboolean
change_delay_elapsed (gpointer user_data)
{
  SahaSyncRunner *self = user_data;

  self->change_source = 0;
  sync_automatically (self);
  return G_SOURCE_REMOVE;
}

void
saha_sync_runner_notify_local_change (SahaSyncRunner *self)
{
  g_return_if_fail (SAHA_IS_SYNC_RUNNER (self));

  saha_sync_runner_refresh_status (self);

  /* Each change restarts the delay, so a burst of edits goes out as one push. */
  g_clear_handle_id (&self->change_source, g_source_remove);
  self->change_source = g_timeout_add (self->change_delay_ms, change_delay_elapsed, self);
}

void
saha_sync_runner_set_change_delay (SahaSyncRunner *self,
                                   guint           delay_ms)
{
  g_return_if_fail (SAHA_IS_SYNC_RUNNER (self));

  self->change_delay_ms = delay_ms;
}

static gboolean
interval_elapsed (gpointer user_data)
{
  sync_automatically (user_data);
  return G_SOURCE_CONTINUE;
}

static void
interval_changed (SahaSyncRunner *self)
{
  guint minutes = g_settings_get_uint (self->settings, "sync-interval");

  g_clear_handle_id (&self->interval_source, g_source_remove);
  if (minutes > 0)
    self->interval_source = g_timeout_add_seconds (minutes * 60, interval_elapsed, self);
}

static void
network_changed (SahaSyncRunner *self,
                 gboolean        available)
{
  gboolean came_back = available && !self->network_available;

  /* A new network may reach the server the old one could not. */
  set_online_inputs (self, available, available ? FALSE : self->unreachable, FALSE);
  if (came_back)
    sync_automatically (self);
}

SahaSyncEngine *
saha_sync_runner_get_engine (SahaSyncRunner *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_RUNNER (self), NULL);
  return self->engine;
}

gboolean
saha_sync_runner_get_online (SahaSyncRunner *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_RUNNER (self), FALSE);
  return !self->unreachable && (self->network_available || self->reached);
}

gboolean
saha_sync_runner_get_running (SahaSyncRunner *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_RUNNER (self), FALSE);
  return self->running;
}

guint64
saha_sync_runner_get_done (SahaSyncRunner *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_RUNNER (self), 0);
  return self->done;
}

guint64
saha_sync_runner_get_total (SahaSyncRunner *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_RUNNER (self), 0);
  return self->total;
}

guint
saha_sync_runner_get_pending (SahaSyncRunner *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_RUNNER (self), 0);
  return self->pending;
}

guint
saha_sync_runner_get_conflicts (SahaSyncRunner *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_RUNNER (self), 0);
  return self->conflicts;
}

guint
saha_sync_runner_get_rejected (SahaSyncRunner *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_RUNNER (self), 0);
  return self->rejected;
}

GDateTime *
saha_sync_runner_get_last_sync (SahaSyncRunner *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_RUNNER (self), NULL);
  return self->last_sync;
}

SahaSyncRunner *
saha_sync_runner_new (SahaStore *store,
                      GSettings *settings)
{
  SahaSyncRunner *self;

  g_return_val_if_fail (SAHA_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SAHA_TYPE_SYNC_RUNNER, NULL);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->engine = saha_sync_engine_new (saha_store_get_path (store));
  g_signal_connect_object (self->engine, "progress", G_CALLBACK (engine_progress), self,
                           G_CONNECT_SWAPPED);

  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_available = g_network_monitor_get_network_available (self->monitor);
  g_signal_connect_object (self->monitor, "network-changed", G_CALLBACK (network_changed),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->settings, "changed::sync-interval",
                           G_CALLBACK (interval_changed), self, G_CONNECT_SWAPPED);
  interval_changed (self);
  saha_sync_runner_refresh_status (self);

  return self;
}

static void
saha_sync_runner_dispose (GObject *object)
{
  SahaSyncRunner *self = SAHA_SYNC_RUNNER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->change_source, g_source_remove);
  g_clear_handle_id (&self->interval_source, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_sync_runner_parent_class)->dispose (object);
}

static void
saha_sync_runner_finalize (GObject *object)
{
  SahaSyncRunner *self = SAHA_SYNC_RUNNER (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->last_sync, g_date_time_unref);

  G_OBJECT_CLASS (saha_sync_runner_parent_class)->finalize (object);
}

static void
saha_sync_runner_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SahaSyncRunner *self = SAHA_SYNC_RUNNER (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, saha_sync_runner_get_online (self));
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_DONE:
      g_value_set_uint64 (value, self->done);
      break;
    case PROP_TOTAL:
      g_value_set_uint64 (value, self->total);
      break;
    case PROP_PENDING:
      g_value_set_uint (value, self->pending);
      break;
    case PROP_CONFLICTS:
      g_value_set_uint (value, self->conflicts);
      break;
    case PROP_REJECTED:
      g_value_set_uint (value, self->rejected);
      break;
    case PROP_LAST_SYNC:
      g_value_set_boxed (value, self->last_sync);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_sync_runner_class_init (SahaSyncRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = saha_sync_runner_dispose;
  object_class->finalize = saha_sync_runner_finalize;
  object_class->get_property = saha_sync_runner_get_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, SAHA_TYPE_SYNC_ENGINE, flags);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, flags);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, flags);
  properties[PROP_DONE] = g_param_spec_uint64 ("done", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_TOTAL] = g_param_spec_uint64 ("total", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties[PROP_PENDING] = g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CONFLICTS] =
    g_param_spec_uint ("conflicts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_REJECTED] =
    g_param_spec_uint ("rejected", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LAST_SYNC] =
    g_param_spec_boxed ("last-sync", NULL, NULL, G_TYPE_DATE_TIME, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  SAHA_TYPE_SYNC_RESULT, G_TYPE_ERROR, G_TYPE_BOOLEAN);
  signals[SIGNAL_REPLICA_CHANGED] =
    g_signal_new ("replica-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
saha_sync_runner_init (SahaSyncRunner *self)
{
  self->cancellable = g_cancellable_new ();
  self->change_delay_ms = DEFAULT_CHANGE_DELAY_MS;
}
