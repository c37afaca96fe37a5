/* saha-person-export.c: everything Saha holds about one person, for their own request
 * (KVKK art. 11, GDPR art. 15): one JSON document and a readable PDF.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-core.h"
#include "saha-person-export.h"
#include "saha-store.h"
#include "saha-sync-erase.h"

/* The records whose @field names @id, and each one's own children (order lines, parts). */
static gboolean
add_referring (SahaStore    *store,
               const char   *entity,
               const char   *field,
               const char   *id,
               JsonBuilder  *builder,
               GError      **error)
{
  SahaFieldInput where[] = { { field, id } };
  SahaQuery query = { .where = where, .n_where = G_N_ELEMENTS (where), .order_by = "id" };
  g_autoptr(GPtrArray) records = saha_store_list (store, entity, &query, error);

  if (records == NULL)
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    {
      SahaRecord *record = g_ptr_array_index (records, i);

      json_builder_add_value (builder, saha_record_to_json (record, SAHA_CODEC_DEFAULT));
      if (g_str_equal (entity, "order")
          && !add_referring (store, "order_line", "order", saha_record_get_id (record),
                             builder, error))
        return FALSE;
      if (g_str_equal (entity, "service_call")
          && !add_referring (store, "service_part", "service_call",
                             saha_record_get_id (record), builder, error))
        return FALSE;
    }
  return TRUE;
}

JsonNode *
saha_person_export_build (const char    *db_path,
                          const char    *entity,
                          const char    *id,
                          GCancellable  *cancellable,
                          GError       **error)
{
  static const char * const customer_children[] = {
    "contact", "order", "service_call", "visit", "note", "consent", "task",
  };
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(SahaRecord) person = NULL;
  g_autoptr(JsonArray) audit = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *exported_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");

  g_return_val_if_fail (db_path != NULL && entity != NULL && id != NULL, NULL);

  store = saha_store_open (db_path, error);
  if (store == NULL)
    return NULL;
  person = saha_store_get (store, entity, id, error);
  if (person == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "exported_at");
  json_builder_add_string_value (builder, exported_at);
  json_builder_set_member_name (builder, "person");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, entity);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "records");
  json_builder_begin_array (builder);
  json_builder_add_value (builder, saha_record_to_json (person, SAHA_CODEC_DEFAULT));
  if (g_str_equal (entity, "customer"))
    {
      for (guint i = 0; i < G_N_ELEMENTS (customer_children); i++)
        if (!add_referring (store, customer_children[i], "customer", id, builder, error))
          return NULL;
    }
  else if (!add_referring (store, "consent", "contact", id, builder, error))
    return NULL;
  json_builder_end_array (builder);

  /* Last: the server logs the export only once the local part could be gathered. */
  audit = saha_sync_fetch_person_audit (db_path, entity, id, cancellable, error);
  if (audit == NULL)
    return NULL;
  json_builder_set_member_name (builder, "audit");
  json_builder_add_value (builder, json_node_init_array (json_node_alloc (), audit));
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
