/* saha-store-sync.h: the replica side of sync: pending records, outbox, rejections, pull pages.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-store.h"

G_BEGIN_DECLS

/*
 * These functions are for the sync engine (src/sync) only; they live in the store because
 * all client SQL does. None of them starts a transaction unless it says so: the engine
 * wraps each push answer and each pull page in saha_store_begin()/saha_store_commit(), so
 * that a page and the cursor that covers it land together or not at all.
 *
 * Settings the sync layer keeps in the replica (saha_store_get_setting()):
 *   server_url, user, user_role, user_code   from the last login
 *   owner_user, owner_server                 whose edits the replica holds (the last login;
 *                                            kept at sign-out): saha-store-set-aside.h
 *   server_epoch                             the server epoch at login
 *   cursor                                   "<epoch>:<seq>:<tag>", the pull position
 *   resync                                   "1" while a full re-sync has not completed,
 *                                            "reconcile" while a reconciliation with a
 *                                            restored server pulls, "pushback" until
 *                                            what it marked pending was pushed
 *   replica_counter_acked                    the replica_counter the server last accepted
 *   outbox_batch_id, outbox_body, outbox_changes, outbox_counter   the push batch in flight
 *   last_sync                                UTC ISO 8601
 */

/* One record with local changes, as read for a push. */
typedef struct
{
  const SahaEntityDef *entity;
  char                *id;
  gint64               change;    /* the local change counter when it was read */
} SahaStorePendingKey;

void         saha_store_pending_key_free         (SahaStorePendingKey *key);

/* Every record that is pending (dirty), as SahaStorePendingKey* with change = the counter
 * now, parents before children (schema order). */
GPtrArray   *saha_store_sync_list_pending        (SahaStore            *self,
                                                  GError              **error);

/* The record's state and local change counter; NULL (no error) when it is gone or no
 * longer pending. */
SahaRecord  *saha_store_sync_read_pending        (SahaStore            *self,
                                                  const SahaEntityDef  *entity,
                                                  const char           *id,
                                                  gint64               *change,
                                                  GError              **error);

/* A push answer "ok": the server's merged state is merged into the local one and the
 * record stops being pending only when its change counter is still @change (an edit made
 * while the push was in flight keeps it pending). Its rejection, if any, is cleared. */
gboolean     saha_store_sync_accept              (SahaStore            *self,
                                                  SahaRecord           *merged,
                                                  gint64                change,
                                                  GError              **error);
/* A push answer "ok" without a record: the server's state is exactly the one pushed,
 * which the local state already holds (it only grows by joins and local writes), so
 * there is nothing to merge; the rest is as saha_store_sync_accept(). */
gboolean     saha_store_sync_accept_pushed       (SahaStore            *self,
                                                  const SahaEntityDef  *entity,
                                                  const char           *id,
                                                  gint64                change,
                                                  GError              **error);

/* A push answer "refused": the record keeps its local state and stays pending; the
 * refusal is recorded (replacing an older one for the same record) for status. */
gboolean     saha_store_sync_reject              (SahaStore            *self,
                                                  const char           *entity,
                                                  const char           *id,
                                                  const char           *code,
                                                  const char           *message,
                                                  GError              **error);

/* A pulled record: merged into the local state (pending flags untouched). *changed tells
 * whether the replica changed. */
gboolean     saha_store_sync_apply               (SahaStore            *self,
                                                  SahaRecord           *remote,
                                                  gboolean             *changed,
                                                  GError              **error);

/* Writes the push batch in flight (the outbox_* settings) at once; @batch_id NULL drops
 * the outbox, whatever the rest. */
gboolean     saha_store_sync_set_outbox          (SahaStore            *self,
                                                  const char           *batch_id,
                                                  const char           *body,
                                                  const char           *changes,
                                                  guint64               counter,
                                                  GError              **error);

/* A record that left the user's scope. Without pending edits it is removed; with them
 * its whole state is moved to the revoked_pending table (listed by status) and removed
 * from the live tables, so nothing the user wrote is thrown away. */
gboolean     saha_store_sync_revoke              (SahaStore            *self,
                                                  const char           *entity,
                                                  const char           *id,
                                                  GError              **error);

/* The server erased (@entity, @id) with a person's data (docs/security.md). The first
 * time: the local row, its set-aside edits and its refused push are dropped (*newly TRUE),
 * so that the blanked state the server sends is taken as it is; afterwards nothing. */
gboolean     saha_store_sync_erase               (SahaStore            *self,
                                                  const char           *entity,
                                                  const char           *id,
                                                  gboolean             *newly,
                                                  GError              **error);
/* After erasures, outside a transaction: merges the full-text indexes so that no token of
 * a dropped row remains, and empties the write-ahead log into the file. */
gboolean     saha_store_sync_scrub               (SahaStore            *self,
                                                  GError              **error);

/* Full re-sync bookkeeping: begin clears the set of received records (kept on this
 * connection), note adds one, finish removes every record neither received nor pending
 * and returns how many went. */
gboolean     saha_store_sync_full_begin          (SahaStore            *self,
                                                  GError              **error);
gboolean     saha_store_sync_full_note           (SahaStore            *self,
                                                  const char           *entity,
                                                  const char           *id,
                                                  GError              **error);
gboolean     saha_store_sync_full_finish         (SahaStore            *self,
                                                  guint                *n_removed,
                                                  GError              **error);

/* The server's proof of a state of a record it stored (pulled, or answered to a push):
 * kept with the state's version vector to be sent back with the record (docs/sync.md, "A
 * restored server"). @replace FALSE keeps a proof already held (a reconciling pull from a
 * restored server brings older states). */
gboolean     saha_store_sync_keep_proof          (SahaStore               *self,
                                                  const char              *entity,
                                                  const char              *id,
                                                  const SahaVersionVector *vv,
                                                  const char              *proof,
                                                  gboolean                 replace,
                                                  GError                 **error);
/* { "vv": {...}, "proof": "..." } of the last state pulled of a record, or NULL. */
JsonNode    *saha_store_sync_pulled_proof        (SahaStore            *self,
                                                  const char           *entity,
                                                  const char           *id);

/* Reconciling with a server whose history no longer matches what this replica saw (it was
 * restored from an earlier copy; docs/sync.md). Between saha_store_sync_full_begin() and
 * _reconcile_finish(): reconcile_apply merges a pulled record as saha_store_sync_apply()
 * does, notes it as received, and marks it pending when the local state held more than
 * the pulled one (its vv is not <= the pulled vv): what the server lost goes back to it.
 * reconcile_finish marks pending every record that was not received; nothing is removed.
 * *n_marked (either) counts the records newly marked. */
gboolean     saha_store_sync_reconcile_apply     (SahaStore            *self,
                                                  SahaRecord           *remote,
                                                  guint                *n_marked,
                                                  GError              **error);
/* A revocation met while reconciling: the server cannot say whether its state covers the
 * local one, so a record this replica ever wrote (or that is pending) is set aside as
 * saha_store_sync_revoke() sets aside one with pending edits; others are removed. */
gboolean     saha_store_sync_reconcile_revoke    (SahaStore            *self,
                                                  const char           *entity,
                                                  const char           *id,
                                                  GError              **error);
gboolean     saha_store_sync_reconcile_finish    (SahaStore            *self,
                                                  guint                *n_marked,
                                                  GError              **error);

/* The highest dot counter this replica has used (0 for a new replica). */
guint64      saha_store_sync_get_counter         (SahaStore            *self,
                                                  GError              **error);

/* The replica was restored or copied: its id is taken. Gives the replica @new_replica_id
 * and re-writes, in every pending record and every set-aside state, each candidate whose
 * dot is the old replica's and newer than @acked_counter (the last replica_counter the
 * server accepted) as a new dot of the new replica, lowering the record's old-replica
 * entry to @acked_counter, so those edits are new to the server and nothing the server
 * saw from the other copy is taken as seen. One transaction. The SahaStore must be
 * reopened afterwards. */
gboolean     saha_store_sync_change_replica_id   (SahaStore            *self,
                                                  const char           *new_replica_id,
                                                  guint64               acked_counter,
                                                  GError              **error);

/* The number series the server gave this replica id (order and service call numbers
 * <code>-<year>-<series>-<sequence>, docs/store.md): stored as the "number_series"
 * setting; a series other than the current one starts its sequence again at 1. */
gboolean     saha_store_sync_set_number_series   (SahaStore            *self,
                                                  gint64                series,
                                                  GError              **error);

/* The server refused @entity @id as a duplicate number. If its number is one this file
 * made (<code>-<year>-<series>-<seq> with this user's code) in a series it had before
 * (the "number_series_past" setting) and has not had acknowledged (the number carries a
 * dot of the current replica id), it was made under a replica id another copy of the file
 * has gone on with: it gets a number of the current series (*renumbered). Any other
 * number (typed in, or of the current series) is left for the user. */
gboolean     saha_store_sync_renumber            (SahaStore            *self,
                                                  const char           *entity,
                                                  const char           *id,
                                                  gboolean             *renumbered,
                                                  GError              **error);

/* Counts for status: records set aside by a revocation, and the rejected pushes, each as
 * a JSON-ready list (entity, id, code, message, at) for status --json. */
guint        saha_store_sync_count_revoked       (SahaStore            *self,
                                                  GError              **error);
GPtrArray   *saha_store_sync_list_rejections     (SahaStore            *self,
                                                  GError              **error);

typedef struct
{
  char *entity;
  char *id;
  char *code;
  char *message;
  char *at;
} SahaStoreRejection;

void         saha_store_rejection_free           (SahaStoreRejection  *rejection);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaStorePendingKey, saha_store_pending_key_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaStoreRejection, saha_store_rejection_free)

G_END_DECLS
