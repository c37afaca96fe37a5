/* saha-sync-push.c: the push half of a sync run: the outbox and pending records, in batches.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "saha-store-set-aside.h"
#include "saha-store-sync.h"
#include "saha-sync-credentials.h"
#include "saha-sync-page-feed.h"
#include "saha-sync-run-private.h"

/* How a push keeps its promise: see saha-sync-engine.c, "Push". */

#define PUSH_BATCH_SIZE 1000

static gboolean
set_setting_u64 (SahaStore   *store,
                 const char  *key,
                 guint64      value,
                 GError     **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, value);

  return saha_store_set_setting (store, key, text, error);
}

/* A fresh replica id and a token bound to it from the server (the current token stays
 * the other copy's); the requests from here on use the new token. */
gboolean
saha_sync_run_renew_replica (SahaSyncRun       *run,
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
apply_push_answer (SahaSyncRun     *run,
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
          JsonObject *pulled = saha_json_get_object (result, "pulled");
          g_autoptr(SahaRecord) merged = NULL;
          g_autoptr(GError) local_error = NULL;
          const SahaEntityDef *def;

          /* The server's proof of the state it stored, as a pull would have brought it. */
          if (pulled != NULL)
            {
              const char *proof = saha_json_get_string (pulled, "proof", NULL);
              g_autoptr(SahaVersionVector) vv =
                saha_version_vector_from_json (json_object_get_member (pulled, "vv"), NULL);

              if (proof != NULL && strlen (proof) <= 64 && vv != NULL
                  && !saha_store_sync_keep_proof (run->store, entity, id, vv, proof, TRUE,
                                                  error))
                goto fail;
            }

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
      || !saha_store_sync_set_outbox (run->store, NULL, NULL, NULL, 0, error))
    goto fail;
  return saha_store_commit (run->store, error);

fail:
  saha_store_rollback (run->store);
  return FALSE;
}

/* Sends the outbox, if there is one. */
static PushOutcome
push_outbox (SahaSyncRun       *run,
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
store_outbox (SahaSyncRun    *run,
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
      /* The last state pulled and the server's proof of it: what lets a server restored
       * from an older copy take back the other replicas' changes it forgot. */
      {
        JsonNode *pulled = saha_store_sync_pulled_proof (run->store, key->entity->name, key->id);

        if (pulled != NULL)
          json_object_set_member (json_node_get_object (node), "pulled", pulled);
      }
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
  if (!saha_store_sync_set_outbox (run->store, batch_id, body_text, changes_text, counter,
                                   error)
      || !saha_store_commit (run->store, error))
    goto fail;
  return TRUE;

fail:
  saha_store_rollback (run->store);
  return FALSE;
}

static PushOutcome
push_pending_once (SahaSyncRun       *run,
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
  saha_sync_run_report (run, SAHA_SYNC_PHASE_PUSH, 0, keys->len, TRUE);
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
      saha_sync_run_report (run, SAHA_SYNC_PHASE_PUSH, to, keys->len, TRUE);
    }
  return PUSH_OK;
}

gboolean
saha_sync_run_push_pending (SahaSyncRun       *run,
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
          if (!saha_sync_run_renew_replica (run, cancellable, error))
            return FALSE;
          break;
        }
    }
  g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_REPLICA_REUSED,
               _("The server refused a freshly made replica id as reused"));
  return FALSE;
}

