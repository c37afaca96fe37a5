/* saha-server-retention.h: how long closed calls' and visits' personal free text is kept.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-server-storage.h"

G_BEGIN_DECLS

/* The meta key that holds the retention period in days (unset: kept for ever). */
#define SAHA_SERVER_RETENTION_KEY "retention_days"
/* What a hashed audit value starts with. */
#define SAHA_SERVER_AUDIT_HASHED "hashed:"

typedef struct
{
  gint64     days;        /* the period applied */
  gint64     before;      /* records that ended before this (seconds, UTC) were due */
  GPtrArray *blanked;     /* SahaServerRevocation *: the records blanked (or due) */
  gint64     hashed;      /* audit entries whose personal values were (or would be) hashed */
} SahaServerRetention;

void saha_server_retention_free (SahaServerRetention *retention);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaServerRetention, saha_server_retention_free)

/* The retention period in days, 0 when none is set. */
gint64 saha_server_retention_days (SahaServerStorage *storage);

/* Applies a retention period of @days at @now, in one write transaction: every closed or
 * cancelled service call and every visit that ended more than @days ago has its personal
 * free text blanked the way erasure blanks it (a write of the server's own replica
 * "s-retention", so devices take it at their next pull; audited as user "(retention)"),
 * and every audit entry older than @days, and every one about a blanked record, has its
 * personal values (saha_erasure_is_personal()) replaced by a keyed BLAKE2b hash
 * ("hashed:" and 64 hex digits; the key is the server's, in meta). With @dry_run nothing
 * is changed and the answer says what would be. The WAL is checkpointed afterwards. */
SahaServerRetention *saha_server_retention_run (SahaServerStorage  *storage,
                                                gint64              days,
                                                gint64              now,
                                                gboolean            dry_run,
                                                GError            **error);

/* `retention set --days N`, `retention off`, `retention [--dry-run] [--json]`. */
int saha_server_admin_retention (const SahaServerStorageTarget *target,
                                 char       **args,
                                 gint         days,
                                 gboolean     dry_run,
                                 gboolean     json);

G_END_DECLS
