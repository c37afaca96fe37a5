/* saha-store-rejections.h: what a person may do with a push the server refused: discard it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-store.h"

G_BEGIN_DECLS

/*
 * Discards this replica's version of a record whose push the server refused, so that the
 * server's version (if it has one) comes back.
 *
 * The record (its row, registers and pending flag) and its refusal are removed, and the
 * next sync is made a full re-sync (settings "resync" = "1", "cursor" = ""), which pulls
 * every record in scope again: the server's state of this one among them. A full re-sync
 * keeps every other pending record and their edits, so nothing but this record's local
 * state is lost; it costs one full pull. Records that reference the discarded one are
 * left alone (they are the person's too); if they were made here with it, their next
 * push is refused in turn and they show up here.
 *
 * NOT_FOUND when the record has no refusal (only refused records may be discarded this
 * way). One transaction.
 */
gboolean saha_store_discard_rejected (SahaStore   *self,
                                      const char  *entity,
                                      const char  *id,
                                      GError     **error);

G_END_DECLS
