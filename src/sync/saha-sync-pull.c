/* saha-sync-pull.c: the pull half of a sync run: pages, resync and reconcile, set-aside edits.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "saha-store-set-aside.h"
#include "saha-store-sync.h"
#include "saha-sync-credentials.h"
#include "saha-sync-page-feed.h"
#include "saha-sync-run-private.h"

/* How a pull keeps its promise: see saha-sync-engine.c, "Pull" and "Reconcile". */

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
apply_page (SahaSyncRun     *run,
            JsonObject  *page,
            GPtrArray   *records,
            PullMode     mode,
            gboolean    *in_transaction,
            guint       *uncommitted,
            GError     **error)
{
  JsonArray *revoked = saha_json_get_array (page, "revoked");
  JsonArray *proofs = saha_json_get_array (page, "proofs");
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
      JsonNode *proof = proofs != NULL && i < json_array_get_length (proofs)
                        ? json_array_get_element (proofs, i) : NULL;

      /* A restored server's older states must not replace a proof of more. */
      if (proof != NULL && JSON_NODE_HOLDS_VALUE (proof)
          && !saha_store_sync_keep_proof (run->store, saha_record_get_entity (record)->name,
                                          saha_record_get_id (record),
                                          saha_record_get_version_vector (record),
                                          json_node_get_string (proof),
                                          mode != PULL_RECONCILE, error))
        return FALSE;
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
commit_pages (SahaSyncRun   *run,
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
start_full_resync (SahaSyncRun   *run,
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

gboolean
saha_sync_run_pull_all (SahaSyncRun       *run,
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

  saha_sync_run_report (run, SAHA_SYNC_PHASE_PULL, 0, 0, TRUE);
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
              if (!saha_sync_run_renew_replica (run, cancellable, error))
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
          if (!saha_sync_run_push_pending (run, cancellable, error) || !start_full_resync (run, mode, error))
            return FALSE;
          full = TRUE;
          done = 0;
          saha_sync_run_report (run, SAHA_SYNC_PHASE_PULL, 0, 0, TRUE);
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
      saha_sync_run_report (run, SAHA_SYNC_PHASE_PULL, done, done + (guint64) MAX (remaining, 0), TRUE);

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
      if (!saha_sync_run_push_pending (run, cancellable, error))
        return FALSE;
      run->pushing_back = FALSE;
      /* And on from the new cursor: what the push stored, others' changes meanwhile. */
      return saha_sync_run_pull_all (run, cancellable, error);
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
gboolean
saha_sync_run_give_back_returned (SahaSyncRun       *run,
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
  return saha_sync_run_push_pending (run, cancellable, error);
}

