/* saha-person-export.h: everything Saha holds about one person, for their own request
 * (KVKK art. 11, GDPR art. 15): one JSON document and a readable PDF.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Gathers customer or contact @id from the replica at @db_path (an office or admin
 * profile, which holds every record) with every record that describes them, and the
 * audit trail of all of them from the server (which logs the export). Blocking, for
 * worker threads and the CLI. The document: {"exported_at", "person": {"entity", "id"},
 * "records": [records as `saha-cli get --json`], "audit": [entries]} (docs/security.md). */
JsonNode *saha_person_export_build     (const char    *db_path,
                                        const char    *entity,
                                        const char    *id,
                                        GCancellable  *cancellable,
                                        GError       **error);

/* Writes @document (from saha_person_export_build ()) to @path as a readable PDF. */
gboolean  saha_person_export_write_pdf (JsonNode      *document,
                                        const char    *path,
                                        GError       **error);

G_END_DECLS
