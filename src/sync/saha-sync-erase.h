/* saha-sync-erase.h: a person's rights on the server: erasure (POST /v1/erase) and the
 * audit trail for their export (POST /v1/export-person).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Asks the server the replica at @db_path is signed in to to erase @entity ("customer"
 * or "contact") @id (docs/security.md): blocking, for worker threads and the CLI. Returns
 * the number of records the server blanked, or -1 with @error (SAHA_SYNC_ERROR_SERVER
 * with the server's message when it refused: a field user, an unknown record). The
 * replica itself erases its copy at its next sync, as every other device does. */
gint64   saha_sync_erase   (const char    *db_path,
                            const char    *entity,
                            const char    *id,
                            GCancellable  *cancellable,
                            GError       **error);

/* Asks the server for the audit trail of @entity ("customer" or "contact") @id and of
 * every record that describes them, as an array of objects with "at", "user", "device",
 * "entity", "id", "field", "old", "new" (docs/protocol.md); office and admin only. The
 * server logs the export in the trail. Blocking, for worker threads and the CLI. */
JsonArray *saha_sync_fetch_person_audit (const char    *db_path,
                                         const char    *entity,
                                         const char    *id,
                                         GCancellable  *cancellable,
                                         GError       **error);

/* Asks the server for the audit trail of one record (@entity @id), oldest first, as
 * objects like those of saha_sync_fetch_person_audit(); office and admin only. The
 * server writes the reading to the trail. Blocking, for worker threads. */
JsonArray *saha_sync_fetch_record_history (const char    *db_path,
                                           const char    *entity,
                                           const char    *id,
                                           GCancellable  *cancellable,
                                           GError       **error);

G_END_DECLS
