/* saha-store-set-aside.h: edits set aside (the record left the scope, or another user signed
 * in), listed, given back and discarded.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-store.h"

G_BEGIN_DECLS

/*
 * A record's local edits are set aside, never pushed and not shown in the entity tables,
 * when
 *   - a pull revokes the record (it was reassigned away) while it holds edits the server
 *     has not accepted: reason "revoked";
 *   - another user (or the same name on another server) signs in on the replica while it
 *     holds the previous user's pending edits: reason "user_changed". A replica belongs
 *     to one user at a time; nothing one user wrote is pushed under another's name unless
 *     someone asks for it.
 * Each row keeps the record's whole state (registers and version vector) and the user
 * signed in when the edits were made (made_by).
 *
 * They come back:
 *   - by themselves (saha_store_sync_give_back_returned(), after each pull) when the
 *     reason is "revoked", the user signed in is the one who made them, the record is in
 *     the replica again (assigned back) and joining the two states makes no new
 *     conflict: the edits are pending again and go up with the same sync;
 *   - by saha_store_retry_set_aside() (saha-cli retry, the Conflicts page's Retry)
 *     otherwise: the set-aside state is joined into the record as it is now (a field
 *     both sides changed becomes a conflict that people settle, as for any two devices),
 *     marked pending, and pushed as the user signed in now.
 * saha_store_discard_set_aside() throws them away.
 */

typedef struct
{
  char       *entity;
  char       *id;
  char       *reason;     /* "revoked" or "user_changed" */
  char       *made_by;    /* the user who made the edits; "" when not known */
  char       *at;         /* when they were set aside, UTC ISO 8601 */
  SahaRecord *state;      /* the record as it was set aside */
} SahaStoreSetAside;

void         saha_store_set_aside_free            (SahaStoreSetAside   *set_aside);

/* Every set-aside record, oldest first. */
GPtrArray   *saha_store_list_set_aside            (SahaStore           *self,
                                                   GError             **error);

/* Gives the set-aside edits of @entity @id back (see above): NOT_FOUND when there are
 * none, or when they were set aside because the record left the scope and it is not
 * back yet. One transaction. */
gboolean     saha_store_retry_set_aside           (SahaStore           *self,
                                                   const char          *entity,
                                                   const char          *id,
                                                   GError             **error);

/* Throws the set-aside edits of @entity @id away, with their refusal; the record as the
 * server has it (if the replica holds it) stays. NOT_FOUND when there are none. */
gboolean     saha_store_discard_set_aside         (SahaStore           *self,
                                                   const char          *entity,
                                                   const char          *id,
                                                   GError             **error);

/* For the sync engine; inside the caller's transaction. */

/* Sets @state aside for @reason, made by @made_by, joined with what is already set
 * aside for it (a second revocation adds, never replaces). Does not touch the entity
 * table. */
gboolean     saha_store_sync_set_aside            (SahaStore           *self,
                                                   SahaRecord          *state,
                                                   const char          *reason,
                                                   const char          *made_by,
                                                   GError             **error);

/* Replaces the set-aside state of @state's record by @state (no join): for re-dotting
 * when the replica takes a new id. */
gboolean     saha_store_sync_replace_set_aside    (SahaStore           *self,
                                                   SahaRecord          *state,
                                                   GError             **error);

/* Another user signs in: every pending record is set aside ("user_changed", made by
 * @made_by) and removed from its table, and the push outbox is dropped (it holds them).
 * *n_set_aside (may be NULL) counts them. */
gboolean     saha_store_sync_set_aside_pending    (SahaStore           *self,
                                                   const char          *made_by,
                                                   guint               *n_set_aside,
                                                   GError             **error);

/* After a pull: gives back the edits set aside by a revocation of @user whose record
 * returned and joins with no new conflict; *n_given_back counts those now pending. */
gboolean     saha_store_sync_give_back_returned   (SahaStore           *self,
                                                   const char          *user,
                                                   guint               *n_given_back,
                                                   GError             **error);

/* Forgets the push refusals of records that are neither pending nor set aside any more:
 * nothing is left that they refused. */
gboolean     saha_store_sync_prune_rejections     (SahaStore           *self,
                                                   GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaStoreSetAside, saha_store_set_aside_free)

G_END_DECLS
