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

#define PUSH_BATCH_SIZE 1000
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
} SyncRun;

static void
sync_run_free (SyncRun *run)
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncRun, sync_run_free)

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

static void
report (SyncRun       *run,
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

static gboolean
set_setting_u64 (SahaStore   *store,
                 const char  *key,
                 guint64      value,
                 GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, value);

  return saha_store_set_setting (store, key, text, error);
}

/* ---- push ------------------------------------------------------------------------ */

/* A fresh replica id and a token bound to it from the server (the current token stays
 * the other copy's); the requests from here on use the new token. */
static gboolean
renew_replica (SyncRun       *run,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *token = NULL;

  if (!saha_sync_renew_replica (&run->store, run->client, &token, cancellable, error))
    return FALSE;
  g_free (run->token);
  run->token = g_steal_pointer (&token);
  g_clear_pointer (&run->client, saha_sync_client_free);
  run->client = saha_sync_client_new (run->server_url, run->token, run->max_attempts,
                                      run->retry_delay_ms);
  return TRUE;
}

typedef enum
{
  PUSH_OK,
  PUSH_FAILED,
  PUSH_REPLICA_REUSED,
} PushOutcome;

/* Applies the server's answer to the outbox batch and removes the outbox: one
 * transaction. */
static gboolean
apply_push_answer (SyncRun     *run,
                   JsonObject  *answer,
                   JsonArray   *changes,
                   guint64      counter,
                   GError     **error)
{
  JsonArray *results = saha_json_get_array (answer, "results");
  guint n;

  if (results == NULL || json_array_get_length (results) != json_array_get_length (changes))
    {
      g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                   _("The server's push answer does not have one result per record"));
      return FALSE;
    }
  n = json_array_get_length (results);

  if (!saha_store_begin (run->store, error))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *result = saha_json_array_get_object (results, i);
      JsonArray *key = json_array_get_array_element (changes, i);
      const char *entity = json_array_get_string_element (key, 0);
      const char *id = json_array_get_string_element (key, 1);
      gint64 change = json_array_get_int_element (key, 2);
      const char *status;

      if (result == NULL
          || g_strcmp0 (saha_json_get_string (result, "id", NULL), id) != 0
          || g_strcmp0 (saha_json_get_string (result, "entity", NULL), entity) != 0)
        {
          g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                       _("The server's push answer is not in the order of the batch"));
          goto fail;
        }
      status = saha_json_get_string (result, "status", "");
      if (g_str_equal (status, "ok"))
        {
          JsonNode *node = json_object_get_member (result, "record");
          g_autoptr(SahaRecord) merged = NULL;
          g_autoptr(GError) local_error = NULL;
          const SahaEntityDef *def;

          /* No record: the server's state is the one pushed (docs/protocol.md). */
          if (node == NULL)
            {
              def = saha_schema_lookup_checked (entity, &local_error);
              if (def == NULL)
                {
                  g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                               _("The server's push answer names an unknown entity: %s"),
                               local_error->message);
                  goto fail;
                }
              if (!saha_store_sync_accept_pushed (run->store, def, id, change, error))
                goto fail;
              run->result.pushed++;
              continue;
            }
          merged = saha_record_from_json (node, &local_error);
          if (merged == NULL)
            {
              g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                           _("The server's merged %s %s cannot be read: %s"), entity, id,
                           local_error != NULL ? local_error->message : _("missing"));
              goto fail;
            }
          if (!saha_store_sync_accept (run->store, merged, change, error))
            goto fail;
          run->result.pushed++;
        }
      else if (g_str_equal (status, "refused"))
        {
          const char *code = saha_json_get_string (result, "code", "refused");
          const char *message = saha_json_get_string (result, "message", "");

          /* A record given back to a restored server that has left the user's scope
           * meanwhile: set aside as a revocation sets it aside, not an error for ever. */
          if (run->pushing_back && g_str_equal (code, "forbidden"))
            {
              g_message ("%s %s, given back to the server, is out of scope now; set aside",
                         entity, id);
              if (!saha_store_sync_revoke (run->store, entity, id, error))
                goto fail;
              continue;
            }
          g_message ("The server refused %s %s: %s (%s)", entity, id, message, code);
          if (!saha_store_sync_reject (run->store, entity, id, code, message, error))
            goto fail;
          run->result.refused++;
          /* A number made under a replica id another copy of this file went on with: it
           * gets one of this file's series and goes again at the next sync. */
          if (g_str_equal (code, "duplicate_number"))
            {
              gboolean renumbered = FALSE;

              if (!saha_store_sync_renumber (run->store, entity, id, &renumbered, error))
                goto fail;
            }
        }
      else
        {
          g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                       _("Unknown push result status “%s”"), status);
          goto fail;
        }
    }
  if (!set_setting_u64 (run->store, "replica_counter_acked", counter, error)
      || !saha_store_set_setting (run->store, "outbox_batch_id", NULL, error)
      || !saha_store_set_setting (run->store, "outbox_body", NULL, error)
      || !saha_store_set_setting (run->store, "outbox_changes", NULL, error)
      || !saha_store_set_setting (run->store, "outbox_counter", NULL, error))
    goto fail;
  return saha_store_commit (run->store, error);

fail:
  saha_store_rollback (run->store);
  return FALSE;
}

/* Sends the outbox, if there is one. */
static PushOutcome
push_outbox (SyncRun       *run,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autofree char *batch_id = saha_store_get_setting (run->store, "outbox_batch_id");
  g_autofree char *body_text = saha_store_get_setting (run->store, "outbox_body");
  g_autofree char *changes_text = saha_store_get_setting (run->store, "outbox_changes");
  /* The batch's replica_counter, kept apart so the body need not be parsed again. */
  g_autofree char *counter_text = saha_store_get_setting (run->store, "outbox_counter");
  g_autofree char *error_code = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  JsonNode *changes;
  guint64 counter;
  gsize body_len;
  gint64 start, sent;

  if (batch_id == NULL || *batch_id == '\0' || body_text == NULL || changes_text == NULL)
    return PUSH_OK;

  if (!json_parser_load_from_data (parser, changes_text, -1, error))
    return PUSH_FAILED;
  changes = json_parser_get_root (parser);
  if (changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes) || counter_text == NULL)
    {
      g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                   _("The replica's push outbox is damaged"));
      return PUSH_FAILED;
    }
  counter = g_ascii_strtoull (counter_text, NULL, 10);

  body_len = strlen (body_text);
  body = g_bytes_new_take (g_steal_pointer (&body_text), body_len);
  start = g_get_monotonic_time ();
  answer = saha_sync_client_request (run->client, "POST", "/v1/push", body, &error_code,
                                     cancellable, error);
  sent = g_get_monotonic_time ();
  if (answer == NULL)
    {
      if (g_strcmp0 (error_code, "replica_reused") == 0)
        {
          g_clear_error (error);
          return PUSH_REPLICA_REUSED;
        }
      return PUSH_FAILED;
    }
  if (!apply_push_answer (run, json_node_get_object (answer), json_node_get_array (changes),
                          counter, error))
    return PUSH_FAILED;
  g_debug ("push batch %s: %u records, %" G_GSIZE_FORMAT " bytes, server %.1f ms, apply %.1f ms",
           batch_id, json_array_get_length (json_node_get_array (changes)), body_len,
           (sent - start) / 1000.0, (g_get_monotonic_time () - sent) / 1000.0);
  return PUSH_OK;
}

/* Reads @keys[from, to) into a batch and stores it as the outbox: one transaction. FALSE
 * with no error when none of them is pending any more. */
static gboolean
store_outbox (SyncRun    *run,
              GPtrArray  *keys,
              guint       from,
              guint       to,
              GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonBuilder) changes = json_builder_new_immutable ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) changes_root = NULL;
  g_autofree char *body_text = NULL;
  g_autofree char *changes_text = NULL;
  g_autofree char *batch_id = g_uuid_string_random ();
  guint64 counter;
  guint n = 0;

  if (!saha_store_begin (run->store, error))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "batch_id");
  json_builder_add_string_value (builder, batch_id);
  json_builder_set_member_name (builder, "replica_id");
  json_builder_add_string_value (builder, saha_store_get_replica_id (run->store));
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  json_builder_begin_array (changes);
  for (guint i = from; i < to; i++)
    {
      SahaStorePendingKey *key = keys->pdata[i];
      g_autoptr(SahaRecord) record = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonNode *node;
      gint64 change = 0;

      record = saha_store_sync_read_pending (run->store, key->entity, key->id, &change,
                                             &local_error);
      if (record == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              goto fail;
            }
          continue;
        }
      /* The server decodes only entity, id, vv and registers; the derived members would
       * only double the batch it has to parse. */
      node = saha_record_to_json (record, SAHA_CODEC_COMPACT);
      json_builder_add_value (builder, node);
      json_builder_begin_array (changes);
      json_builder_add_string_value (changes, key->entity->name);
      json_builder_add_string_value (changes, key->id);
      json_builder_add_int_value (changes, change);
      json_builder_end_array (changes);
      n++;
    }
  json_builder_end_array (changes);
  json_builder_end_array (builder);

  /* Read after the records, inside the same transaction: covers every dot they hold. */
  counter = saha_store_sync_get_counter (run->store, error);
  if (error != NULL && *error != NULL)
    goto fail;
  json_builder_set_member_name (builder, "replica_counter");
  json_builder_add_int_value (builder, (gint64) counter);
  /* What the server last accepted from this file: if it has stored more under this id
   * since, another copy of the file has gone on with it (docs/sync.md). */
  json_builder_set_member_name (builder, "replica_counter_acked");
  json_builder_add_int_value (builder, (gint64) MIN (saha_sync_get_acked (run->store), counter));
  json_builder_end_object (builder);

  if (n == 0)
    {
      saha_store_rollback (run->store);
      return FALSE;
    }

  body = json_builder_get_root (builder);
  changes_root = json_builder_get_root (changes);
  body_text = json_to_string (body, FALSE);
  changes_text = json_to_string (changes_root, FALSE);
  if (!saha_store_set_setting (run->store, "outbox_batch_id", batch_id, error)
      || !saha_store_set_setting (run->store, "outbox_body", body_text, error)
      || !saha_store_set_setting (run->store, "outbox_changes", changes_text, error)
      || !set_setting_u64 (run->store, "outbox_counter", counter, error)
      || !saha_store_commit (run->store, error))
    goto fail;
  return TRUE;

fail:
  saha_store_rollback (run->store);
  return FALSE;
}

static PushOutcome
push_pending_once (SyncRun       *run,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GPtrArray) keys = NULL;
  PushOutcome outcome;

  /* A batch whose answer was lost goes first, unchanged. */
  outcome = push_outbox (run, cancellable, error);
  if (outcome != PUSH_OK)
    return outcome;

  keys = saha_store_sync_list_pending (run->store, error);
  if (keys == NULL)
    return PUSH_FAILED;

  run->done = 0;
  report (run, SAHA_SYNC_PHASE_PUSH, 0, keys->len, TRUE);
  for (guint from = 0; from < keys->len; from += PUSH_BATCH_SIZE)
    {
      guint to = MIN (from + PUSH_BATCH_SIZE, keys->len);
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return PUSH_FAILED;
      if (!store_outbox (run, keys, from, to, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return PUSH_FAILED;
            }
          continue;
        }
      outcome = push_outbox (run, cancellable, error);
      if (outcome != PUSH_OK)
        return outcome;
      report (run, SAHA_SYNC_PHASE_PUSH, to, keys->len, TRUE);
    }
  return PUSH_OK;
}

static gboolean
push_pending (SyncRun       *run,
              GCancellable  *cancellable,
              GError       **error)
{
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      switch (push_pending_once (run, cancellable, error))
        {
        case PUSH_OK:
          return TRUE;
        case PUSH_FAILED:
          return FALSE;
        case PUSH_REPLICA_REUSED:
          /* A restored or copied replica: its pending edits get dots of a new id, so the
           * server cannot take them for ones it has already seen. */
          if (!renew_replica (run, cancellable, error))
            return FALSE;
          break;
        }
    }
  g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_REPLICA_REUSED,
               _("The server refused a freshly made replica id as reused"));
  return FALSE;
}

/* ---- pull ------------------------------------------------------------------------ */

/* Pages are applied in transactions of about this many records: each commit flushes the
 * full-text index and writes the write-ahead log, which for small pages was a third of
 * applying them. The cursor is stored with the last page of each transaction, so it
 * still never covers data that is not stored with it. */
#define PULL_COMMIT_RECORDS 6000

typedef enum
{
  PULL_INCREMENTAL,
  PULL_FULL,       /* resync_required: keeps what it receives and what is pending */
  PULL_RECONCILE,  /* history_diverged: keeps everything, gives back what the server lost */
} PullMode;

/* The "resync" setting of each mode. */
static const char *
pull_mode_setting (PullMode mode)
{
  return mode == PULL_FULL ? "1" : mode == PULL_RECONCILE ? "reconcile" : NULL;
}

/* One page: its changes, revocations and cursor, into the pull's open transaction
 * (begun here when there is none). Nothing is committed: see commit_pages(). */
static gboolean
apply_page (SyncRun     *run,
            JsonObject  *page,
            GPtrArray   *records,
            PullMode     mode,
            gboolean    *in_transaction,
            guint       *uncommitted,
            GError     **error)
{
  JsonArray *revoked = saha_json_get_array (page, "revoked");
  JsonArray *erased = saha_json_get_array (page, "erased");
  const char *cursor = saha_json_get_string (page, "cursor", NULL);
  guint n_changes = records->len, n_revoked;

  if (cursor == NULL)
    {
      g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                   _("A pull page lacks its changes or cursor"));
      return FALSE;
    }
  n_revoked = revoked != NULL ? json_array_get_length (revoked) : 0;

  if (!*in_transaction)
    {
      if (!saha_store_begin (run->store, error))
        return FALSE;
      *in_transaction = TRUE;
    }
  /* Erased records first: what this replica holds of them goes before the page's
   * blanked states come in (docs/security.md). */
  for (guint i = 0; erased != NULL && i < json_array_get_length (erased); i++)
    {
      JsonObject *key = saha_json_array_get_object (erased, i);
      const char *entity = saha_json_get_string (key, "entity", NULL);
      const char *id = saha_json_get_string (key, "id", NULL);
      gboolean newly = FALSE;

      if (entity == NULL || id == NULL)
        {
          g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                       _("An erased record lacks its entity or id"));
          return FALSE;
        }
      if (!saha_store_sync_erase (run->store, entity, id, &newly, error))
        return FALSE;
      run->erased |= newly;
    }
  for (guint i = 0; i < n_changes; i++)
    {
      SahaRecord *record = g_ptr_array_index (records, i);

      if (mode == PULL_RECONCILE)
        {
          if (!saha_store_sync_reconcile_apply (run->store, record, NULL, error))
            return FALSE;
          continue;
        }
      if (!saha_store_sync_apply (run->store, record, NULL, error))
        return FALSE;
      if (mode == PULL_FULL
          && !saha_store_sync_full_note (run->store, saha_record_get_entity (record)->name,
                                         saha_record_get_id (record), error))
        return FALSE;
    }
  for (guint i = 0; i < n_revoked; i++)
    {
      JsonObject *key = saha_json_array_get_object (revoked, i);
      const char *entity = saha_json_get_string (key, "entity", NULL);
      const char *id = saha_json_get_string (key, "id", NULL);

      if (entity == NULL || id == NULL)
        {
          g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                       _("A revocation lacks its entity or id"));
          return FALSE;
        }
      if (mode == PULL_RECONCILE
          ? !saha_store_sync_reconcile_revoke (run->store, entity, id, error)
          : !saha_store_sync_revoke (run->store, entity, id, error))
        return FALSE;
    }
  if (!saha_store_set_setting (run->store, "cursor", cursor, error))
    return FALSE;
  *uncommitted += n_changes + n_revoked;
  return TRUE;
}

/* Commits the pages applied since the last commit, cursor included. */
static gboolean
commit_pages (SyncRun   *run,
              gboolean  *in_transaction,
              guint     *uncommitted,
              GError   **error)
{
  if (!*in_transaction)
    return TRUE;
  *in_transaction = FALSE;
  if (!saha_store_commit (run->store, error))
    {
      saha_store_rollback (run->store);
      return FALSE;
    }
  run->result.pulled += *uncommitted;
  *uncommitted = 0;
  return TRUE;
}

static gboolean
start_full_resync (SyncRun   *run,
                   PullMode   mode,
                   GError   **error)
{
  if (!saha_store_begin (run->store, error))
    return FALSE;
  if (!saha_store_set_setting (run->store, "resync", pull_mode_setting (mode), error)
      || !saha_store_set_setting (run->store, "cursor", "", error)
      || !saha_store_commit (run->store, error))
    {
      saha_store_rollback (run->store);
      return FALSE;
    }
  return saha_store_sync_full_begin (run->store, error);
}

static gboolean
pull_all (SyncRun       *run,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autofree char *resync = saha_store_get_setting (run->store, "resync");
  g_autofree char *cursor = NULL;
  g_autoptr(SahaSyncPageFeed) feed = NULL;
  PullMode mode = g_strcmp0 (resync, "1") == 0 ? PULL_FULL
                  : g_strcmp0 (resync, "reconcile") == 0 ? PULL_RECONCILE : PULL_INCREMENTAL;
  gboolean full = mode != PULL_INCREMENTAL;
  guint64 done = 0;
  gboolean in_transaction = FALSE;
  gboolean renewed = FALSE;
  guint uncommitted = 0;

  /* The records a reconcile gave back went up with this run's push. */
  if (g_strcmp0 (resync, "pushback") == 0
      && !saha_store_set_setting (run->store, "resync", NULL, error))
    return FALSE;
  if (full)
    {
      g_message (mode == PULL_FULL ? "Resuming a full re-sync from the start"
                 : "Resuming the reconciliation with a restored server from the start");
      if (!saha_store_sync_full_begin (run->store, error))
        return FALSE;
      cursor = g_strdup ("");
    }
  else
    {
      cursor = saha_store_get_setting (run->store, "cursor");
      if (cursor == NULL)
        cursor = g_strdup ("");
    }

  report (run, SAHA_SYNC_PHASE_PULL, 0, 0, TRUE);
  feed = saha_sync_page_feed_new (run->server_url, run->token, run->max_attempts,
                                  run->retry_delay_ms, run->page_size, cursor,
                                  full ? NULL : saha_store_get_replica_id (run->store),
                                  saha_sync_get_acked (run->store), 2, cancellable);
  for (;;)
    {
      g_autofree char *error_code = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GPtrArray) records = NULL;
      JsonObject *page;
      gint64 remaining;
      gint64 start, received;
      guint n_changes;

      /* The write lock is never held while waiting for the network: a local save made
       * meanwhile (the app's) would wait with it. */
      if (uncommitted >= PULL_COMMIT_RECORDS || !saha_sync_page_feed_ready (feed))
        if (!commit_pages (run, &in_transaction, &uncommitted, error))
          return FALSE;

      start = g_get_monotonic_time ();
      answer = saha_sync_page_feed_next (feed, &records, &error_code, &local_error);
      received = g_get_monotonic_time ();
      if (answer == NULL)
        {
          /* What was applied is kept, with its cursor: the next sync goes on from there. */
          if (!commit_pages (run, &in_transaction, &uncommitted, error))
            return FALSE;
          /* Another copy of this file has gone on with its replica id (or the file is a
           * restored one): with a new id the pull no longer passes over that copy's
           * pushes, and nothing is stamped again with a dot the server has seen. */
          if (g_strcmp0 (error_code, "replica_reused") == 0 && !renewed)
            {
              g_message ("Pull: %s", local_error->message);
              g_clear_pointer (&feed, saha_sync_page_feed_free);
              g_free (cursor);
              cursor = saha_store_get_setting (run->store, "cursor");
              if (!renew_replica (run, cancellable, error))
                return FALSE;
              renewed = TRUE;
              feed = saha_sync_page_feed_new (run->server_url, run->token, run->max_attempts,
                                              run->retry_delay_ms, run->page_size,
                                              cursor != NULL ? cursor : "",
                                              full ? NULL : saha_store_get_replica_id (run->store),
                                              saha_sync_get_acked (run->store), 2, cancellable);
              continue;
            }
          if (g_strcmp0 (error_code, "resync_required") != 0
              && g_strcmp0 (error_code, "history_diverged") != 0)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (full)
            {
              g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_RESYNC,
                           _("The server asked for a re-sync during a re-sync: %s"),
                           local_error->message);
              return FALSE;
            }
          mode = g_str_equal (error_code, "history_diverged") ? PULL_RECONCILE : PULL_FULL;
          if (mode == PULL_RECONCILE)
            g_message ("The server's history is not the one this replica saw; reconciling: %s",
                       local_error->message);
          else
            g_message ("The server asks for a full re-sync: %s", local_error->message);
          g_clear_pointer (&feed, saha_sync_page_feed_free);
          /* What this replica holds goes up first, so the re-sync cannot lose it. */
          if (!push_pending (run, cancellable, error) || !start_full_resync (run, mode, error))
            return FALSE;
          full = TRUE;
          done = 0;
          report (run, SAHA_SYNC_PHASE_PULL, 0, 0, TRUE);
          feed = saha_sync_page_feed_new (run->server_url, run->token, run->max_attempts,
                                          run->retry_delay_ms, run->page_size, "", NULL, 0, 2,
                                          cancellable);
          continue;
        }

      page = json_node_get_object (answer);
      if (!apply_page (run, page, records, mode, &in_transaction, &uncommitted, error))
        {
          /* Whatever the open transaction holds goes, cursor included: consistent. */
          saha_store_rollback (run->store);
          return FALSE;
        }
      n_changes = records->len;
      g_debug ("pull page: %u changes, waited %.1f ms, applied in %.1f ms", n_changes,
               (received - start) / 1000.0, (g_get_monotonic_time () - received) / 1000.0);

      done += n_changes;
      remaining = saha_json_get_int (page, "remaining", 0);
      report (run, SAHA_SYNC_PHASE_PULL, done, done + (guint64) MAX (remaining, 0), TRUE);

      if (!saha_json_get_boolean (page, "more", FALSE))
        break;
      saha_sync_page_feed_recycle (feed, g_steal_pointer (&answer), g_steal_pointer (&records));
      if (g_cancellable_is_cancelled (cancellable))
        {
          if (!commit_pages (run, &in_transaction, &uncommitted, error))
            return FALSE;
          g_cancellable_set_error_if_cancelled (cancellable, error);
          return FALSE;
        }
    }
  if (!commit_pages (run, &in_transaction, &uncommitted, error))
    return FALSE;

  if (mode == PULL_RECONCILE)
    {
      guint n_marked = 0;

      /* Nothing is removed: what was not received is what the server lost. */
      if (!saha_store_begin (run->store, error))
        return FALSE;
      if (!saha_store_sync_reconcile_finish (run->store, &n_marked, error)
          || !saha_store_set_setting (run->store, "resync", "pushback", error)
          || !saha_store_commit (run->store, error))
        {
          saha_store_rollback (run->store);
          return FALSE;
        }
      g_message ("Reconciled with the server; giving back what it lacks (%u records it did "
                 "not send at all)", n_marked);
      g_clear_pointer (&feed, saha_sync_page_feed_free);
      run->pushing_back = TRUE;
      if (!push_pending (run, cancellable, error))
        return FALSE;
      run->pushing_back = FALSE;
      /* And on from the new cursor: what the push stored, others' changes meanwhile. */
      return pull_all (run, cancellable, error);
    }
  if (full)
    {
      guint n_removed = 0;

      if (!saha_store_begin (run->store, error))
        return FALSE;
      if (!saha_store_sync_full_finish (run->store, &n_removed, error)
          || !saha_store_set_setting (run->store, "resync", NULL, error)
          || !saha_store_commit (run->store, error))
        {
          saha_store_rollback (run->store);
          return FALSE;
        }
      g_message ("Full re-sync done; %u records the server no longer has were removed",
                 n_removed);
    }
  if (run->erased && !saha_store_sync_scrub (run->store, error))
    return FALSE;
  return TRUE;
}

/* ---- set-aside edits ------------------------------------------------------------ */

/* Edits set aside when their record left the scope go back into it once it returned and
 * joins without a new conflict, and up in the same sync; refusals of records that are
 * neither pending nor set aside any more are forgotten (saha-store-set-aside.h). */
static gboolean
give_back_returned (SyncRun       *run,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *user = saha_store_get_setting (run->store, "user");
  guint n_given_back = 0;

  if (!saha_store_begin (run->store, error))
    return FALSE;
  if (!saha_store_sync_give_back_returned (run->store, user, &n_given_back, error)
      || !saha_store_sync_prune_rejections (run->store, error)
      || !saha_store_commit (run->store, error))
    {
      saha_store_rollback (run->store);
      return FALSE;
    }
  if (n_given_back == 0)
    return TRUE;
  g_message ("%u records returned to this user's scope with edits set aside; pushing them",
             n_given_back);
  return push_pending (run, cancellable, error);
}

/* ---- a run ----------------------------------------------------------------------- */

/* A replica file whose inode is not the one its token was issued for was copied or
 * restored under this profile: take a new replica id (from the server, with a token bound
 * to it) before pushing anything, rather than wait for the server to notice. */
static gboolean
check_replica_identity (SyncRun        *run,
                        SahaSyncToken  *token,
                        GCancellable   *cancellable,
                        GError        **error)
{
  guint64 inode = saha_sync_file_inode (run->db_path);

  if (g_strcmp0 (token->replica_id, saha_store_get_replica_id (run->store)) == 0
      && token->inode != 0 && inode != 0 && token->inode != inode)
    {
      g_message ("The replica file %s is a copy (its inode changed)", run->db_path);
      return renew_replica (run, cancellable, error);
    }
  return TRUE;
}

static SahaSyncResult *
sync_run_execute (SyncRun       *run,
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

  ok = push_pending (run, cancellable, error);
  run->pushing_back = FALSE;
  ok = ok && pull_all (run, cancellable, error) && give_back_returned (run, cancellable, error);
  report (run, SAHA_SYNC_PHASE_IDLE, 0, 0, FALSE);
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
wipe_if_lost (SyncRun  *run,
              GError  **error)
{
  g_autoptr(GError) wipe_error = NULL;

  if (!g_error_matches (*error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_DEVICE_WIPED))
    return;
  g_clear_object (&run->store);
  g_clear_error (error);
  if (!saha_sync_wipe_replica (run->db_path, &wipe_error))
    g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_DEVICE_WIPED,
                 _("This device was marked lost by an administrator, but deleting its data "
                   "failed: %s"), wipe_error->message);
  else
    g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_DEVICE_WIPED,
                 _("This device was marked lost by an administrator: its data (%s, its "
                   "sign-in token and keyring entry) has been deleted from this computer"),
                 run->db_path);
}

static SyncRun *
sync_run_new (SahaSyncEngine *self,
              gboolean        blocking)
{
  SyncRun *run = g_new0 (SyncRun, 1);

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
  SyncRun *run = task_data;
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
  g_task_set_task_data (task, sync_run_new (self, FALSE), (GDestroyNotify) sync_run_free);
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
  g_autoptr(SyncRun) run = NULL;
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
