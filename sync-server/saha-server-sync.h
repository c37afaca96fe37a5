/* saha-server-sync.h: push (merge, scope, validation) and pull over the server's storage.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <saha-core.h>

#include "saha-server-storage.h"

G_BEGIN_DECLS

#define SAHA_SERVER_MAX_PUSH_RECORDS 1000
/* Values (JSON nodes) in one push body: a batch of 1000 records in the full form is
 * about 100,000. At the bound json-glib holds 80 MB for an array of a million numbers,
 * 180 MB for an object of a million distinct keys (measured); without it a 16 MB body
 * of 8 million numbers would take about 640 MB. */
#define SAHA_SERVER_MAX_PUSH_VALUES 1000000
#define SAHA_SERVER_DEFAULT_PULL_LIMIT 1000
#define SAHA_SERVER_MAX_PULL_LIMIT 5000

/* Handles the body of POST /v1/push for @user; returns the answer's JSON text (stored
 * with the batch id, replayed as is), or an error for the whole request. */
char    *saha_server_sync_push  (SahaServerStorage    *storage,
                                 const SahaServerUser *user,
                                 const char           *body,
                                 gsize                 length,
                                 GError              **error);

/* The same for a request whose token is bound to @token_replica (NULL: no token, as in
 * the fuzzers, which checks nothing about the binding): the batch's replica_id must be it
 * (else replica_reused), and dots of other replicas in the records are checked against
 * what the server has stored (docs/protocol.md, "unknown_version"). */
char    *saha_server_sync_push_as (SahaServerStorage    *storage,
                                   const SahaServerUser *user,
                                   const char           *token_replica,
                                   const char           *body,
                                   gsize                 length,
                                   GError              **error);

/* The replica identity rule (docs/sync.md, "Replica identity"): @replica_id, named by a
 * push or by a pull's ?own=, must be @token_replica, and the server's counter for it must
 * not be above @acked (the replica_counter the server last accepted from this replica
 * file); otherwise SAHA_SERVER_ERROR_REPLICA_REUSED. */
gboolean saha_server_sync_check_replica (SahaServerStorage  *storage,
                                         const char         *token_replica,
                                         const char         *replica_id,
                                         guint64             acked,
                                         GError            **error);

/* Handles GET /v1/pull?cursor=&limit= for @user on @replica_id (the token's). */
char    *saha_server_sync_pull  (SahaServerStorage    *storage,
                                 const SahaServerUser *user,
                                 const char           *replica_id,
                                 const char           *cursor,
                                 const char           *limit,
                                 GError              **error);
/* The same with the record form asked for (?form=): "compact" (the records as stored,
 * the wire form) or, NULL or "full", with the derived members too; and ?own=, a replica
 * id whose own pushes are passed over (NULL: none). */
char    *saha_server_sync_pull_form (SahaServerStorage    *storage,
                                     const SahaServerUser *user,
                                     const char           *replica_id,
                                     const char           *cursor,
                                     const char           *limit,
                                     const char           *form,
                                     const char           *own,
                                     GError              **error);

/* Stores @merged (a state that won over @existing, or a new record) with its scope
 * columns, cascading scope changes to its children and revoking it from users who no
 * longer see it. @orphan_owner owns it while its parent has not arrived. @pushed_by is
 * the replica whose push made @merged, which holds it once the push is answered (NULL
 * for any other write). @user, when not NULL, is who made the change: every field it
 * changes goes into the audit trail (saha_server_storage_audit_add) with @user and
 * @pushed_by, in the same transaction. Runs inside the caller's write transaction. Used
 * by push and by the demo seeder (no audit). */
gboolean saha_server_sync_store (SahaServerStorage    *storage,
                                 const SahaServerRow  *existing,
                                 const SahaRecord     *merged,
                                 const char           *orphan_owner,
                                 const char           *pushed_by,
                                 const char           *user,
                                 SahaServerRow       **stored,
                                 GError              **error);

/* Handles POST /v1/erase {"entity": "customer"|"contact", "id"} for an office or admin
 * @user: blanks the person's record (a tombstone) and every personal field of the
 * records that describe them, lists them as erased (pulls deliver the list, pushes of
 * them are refused), forgets stored push answers that held them, and checkpoints the
 * WAL. Answers {"erased": [{"entity", "id"}...]}. */
char    *saha_server_sync_erase (SahaServerStorage    *storage,
                                 const SahaServerUser *user,
                                 const char           *body,
                                 gsize                 length,
                                 GError              **error);

/* POST /v1/export-person (docs/protocol.md): for an office or admin @user, the audit
 * trail of a customer or contact person and of every record that describes them
 * ({"audit": [entries]}), for the person's own export (KVKK art. 11). The export itself
 * is written to the trail (field "exported", by @user from @device). */
char    *saha_server_sync_export_person (SahaServerStorage    *storage,
                                         const SahaServerUser *user,
                                         const char           *device,
                                         const char           *body,
                                         gsize                 length,
                                         GError              **error);

/* GET /v1/history?entity=E&id=ID (docs/protocol.md): for an office or admin @user, the
 * audit trail of that one record ({"history": [entries]}, oldest first), for the app's
 * "who changed the phone, and when". The reading is itself written to the trail (field
 * "history_viewed", by @user from @device). */
char    *saha_server_sync_record_history (SahaServerStorage    *storage,
                                          const SahaServerUser *user,
                                          const char           *device,
                                          const char           *entity,
                                          const char           *id,
                                          GError              **error);

G_END_DECLS
