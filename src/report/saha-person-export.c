/* saha-person-export.c: everything Saha holds about one person, for their own request
 * (KVKK art. 11, GDPR art. 15): one JSON document and a readable PDF.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-core.h"
#include "saha-pdf-writer.h"
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

static const char *
member_or_null (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static void
draw_record (SahaPdfWriter *writer,
             JsonObject    *record)
{
  const SahaEntityDef *def = saha_schema_lookup (member_or_null (record, "entity"));
  JsonNode *fields_node = json_object_get_member (record, "fields");
  JsonObject *fields;

  if (def == NULL || fields_node == NULL || !JSON_NODE_HOLDS_OBJECT (fields_node))
    return;
  fields = json_node_get_object (fields_node);
  saha_pdf_writer_heading (writer, _(def->label));
  saha_pdf_writer_field (writer, "ID", member_or_null (record, "id"));
  for (guint i = 0; i < def->n_fields; i++)
    {
      const SahaFieldDef *field = &def->fields[i];
      JsonNode *value = json_object_get_member (fields, field->name);
      g_autofree char *text = NULL;

      if (value == NULL || JSON_NODE_HOLDS_NULL (value))
        continue;
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (value));
      else
        text = json_to_string (value, FALSE);
      saha_pdf_writer_field (writer, _(field->label), text);
    }
}

gboolean
saha_person_export_write_pdf (JsonNode    *document,
                              const char  *path,
                              GError     **error)
{
  SahaPdfWriter writer = { 0 };
  JsonObject *root;
  JsonArray *records, *audit;
  g_autofree char *generated = NULL;

  g_return_val_if_fail (document != NULL && JSON_NODE_HOLDS_OBJECT (document), FALSE);

  root = json_node_get_object (document);
  records = json_object_get_array_member (root, "records");
  audit = json_object_get_array_member (root, "audit");
  if (!saha_pdf_writer_open (&writer, path, error))
    return FALSE;

  saha_pdf_writer_paragraph (&writer, _("Personal data held by Saha"), "Sans Bold 18");
  /* Translators: %s is a UTC date and time. */
  generated = g_strdup_printf (_("Exported %s (UTC), for the person's own request (KVKK art. 11)"),
                               member_or_null (root, "exported_at"));
  saha_pdf_writer_paragraph (&writer, generated, "Sans 9");

  for (guint i = 0; i < json_array_get_length (records); i++)
    draw_record (&writer, json_array_get_object_element (records, i));

  saha_pdf_writer_heading (&writer, _("History of changes"));
  if (json_array_get_length (audit) == 0)
    saha_pdf_writer_paragraph (&writer, _("No recorded changes."), "Sans 9.5");
  for (guint i = 0; i < json_array_get_length (audit); i++)
    {
      JsonObject *entry = json_array_get_object_element (audit, i);
      const char *old_value = member_or_null (entry, "old");
      const char *new_value = member_or_null (entry, "new");
      g_autofree char *line = NULL;

      /* Translators: an audit entry: time, user, entity, field, old value, new value. */
      line = g_strdup_printf (_("%s, %s: %s %s: %s → %s"),
                              member_or_null (entry, "at"),
                              member_or_null (entry, "user") ? member_or_null (entry, "user") : "—",
                              member_or_null (entry, "entity"),
                              member_or_null (entry, "field"),
                              old_value != NULL ? old_value : "—",
                              new_value != NULL ? new_value : "—");
      saha_pdf_writer_paragraph (&writer, line, "Sans 9");
    }

  return saha_pdf_writer_close (&writer, path, error);
}
