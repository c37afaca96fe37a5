/* saha-sync-erase.c: a person's rights on the server: erasure (POST /v1/erase) and the
 * audit trail for their export (POST /v1/export-person).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "saha-sync-erase.h"
#include "saha-sync-private.h"

/* POSTs {"entity", "id"} to @path (or, with @get, GETs @path?entity=&id=) on the server
 * the replica at @db_path is signed in to; the answer as a JSON object node. */
static JsonNode *
person_request (const char    *db_path,
                const char    *path,
                gboolean       get,
                const char    *entity,
                const char    *id,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(SahaSyncClient) client = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  gsize length;

  /* One attempt: the server's answer, not a retry, tells whether it was done. */
  client = saha_sync_client_for_replica (db_path, 1, 0, &store, error);
  if (client == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, entity);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_end_object (builder);
  request = json_builder_get_root (builder);
  text = json_to_string (request, FALSE);
  length = strlen (text);
  body = g_bytes_new_take (g_steal_pointer (&text), length);

  if (get)
    {
      g_autofree char *escaped_entity = g_uri_escape_string (entity, NULL, FALSE);
      g_autofree char *escaped_id = g_uri_escape_string (id, NULL, FALSE);
      g_autofree char *full = g_strdup_printf ("%s?entity=%s&id=%s", path, escaped_entity,
                                               escaped_id);

      answer = saha_sync_client_request (client, "GET", full, NULL, NULL, cancellable, error);
    }
  else
    answer = saha_sync_client_request (client, "POST", path, body, NULL, cancellable, error);
  if (answer == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                   _("The server's answer is not a JSON object"));
      return NULL;
    }
  return g_steal_pointer (&answer);
}

/**
 * saha_sync_erase:
 * @db_path: a replica file signed in to a server
 * @entity: "customer" or "contact"
 * @id: the record's id
 * @cancellable: (nullable): cancels the request
 * @error: return location for a #SAHA_SYNC_ERROR: %SAHA_SYNC_ERROR_AUTH when not signed
 *   in, %SAHA_SYNC_ERROR_SERVER with the server's message when it refused,
 *   %SAHA_SYNC_ERROR_PROTOCOL for an answer it cannot read
 *
 * Asks the server to erase a person (docs/security.md); the replica erases its own copy at
 * its next sync. Blocking, for worker threads and the CLI.
 *
 * Returns: the number of records the server blanked, or -1 with @error set
 */
gint64
saha_sync_erase (const char    *db_path,
                 const char    *entity,
                 const char    *id,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *erased;

  g_return_val_if_fail (db_path != NULL && entity != NULL && id != NULL, -1);

  answer = person_request (db_path, "/v1/erase", FALSE, entity, id, cancellable, error);
  if (answer == NULL)
    return -1;
  erased = saha_json_get_array (json_node_get_object (answer), "erased");
  if (erased == NULL)
    {
      g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                   _("The server's answer to an erasure lacks the erased records"));
      return -1;
    }
  return json_array_get_length (erased);
}

/**
 * saha_sync_fetch_person_audit:
 * @db_path: a replica file signed in to a server
 * @entity: "customer" or "contact"
 * @id: the person's record id
 * @cancellable: (nullable): cancels the request
 * @error: return location for a #SAHA_SYNC_ERROR, as saha_sync_erase()
 *
 * Asks the server for the audit trail of the person and of every record that describes
 * them (office and admin only); the server logs the export in the trail. Blocking, for
 * worker threads and the CLI.
 *
 * Returns: (transfer full): an array of objects with "at", "user", "device", "entity",
 *   "id", "field", "old", "new", or %NULL with @error set
 */
JsonArray *
saha_sync_fetch_person_audit (const char    *db_path,
                              const char    *entity,
                              const char    *id,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *audit;

  g_return_val_if_fail (db_path != NULL && entity != NULL && id != NULL, NULL);

  answer = person_request (db_path, "/v1/export-person", FALSE, entity, id, cancellable, error);
  if (answer == NULL)
    return NULL;
  audit = saha_json_get_array (json_node_get_object (answer), "audit");
  if (audit == NULL)
    {
      g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                   _("The server's answer to an export lacks the audit trail"));
      return NULL;
    }
  return json_array_ref (audit);
}

/**
 * saha_sync_fetch_record_history:
 * @db_path: a replica file signed in to a server
 * @entity: the record's entity
 * @id: the record's id
 * @cancellable: (nullable): cancels the request
 * @error: return location for a #SAHA_SYNC_ERROR, as saha_sync_erase()
 *
 * Asks the server for one record's audit trail (GET /v1/history; office and admin only,
 * and the server writes the reading to the trail). Blocking, for worker threads.
 *
 * Returns: (transfer full): an array of objects with "at", "user", "device", "entity",
 *   "id", "field", "old", "new", oldest first, or %NULL with @error set
 */
JsonArray *
saha_sync_fetch_record_history (const char    *db_path,
                                const char    *entity,
                                const char    *id,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *history;

  g_return_val_if_fail (db_path != NULL && entity != NULL && id != NULL, NULL);

  answer = person_request (db_path, "/v1/history", TRUE, entity, id, cancellable, error);
  if (answer == NULL)
    return NULL;
  history = saha_json_get_array (json_node_get_object (answer), "history");
  if (history == NULL)
    {
      g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                   _("The server's answer lacks the record's history"));
      return NULL;
    }
  return json_array_ref (history);
}
