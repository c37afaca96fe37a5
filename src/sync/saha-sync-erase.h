/* saha-sync-erase.h: asking the server to erase a person (POST /v1/erase).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

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

G_END_DECLS
