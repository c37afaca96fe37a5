/* saha-person-export-pdf.c: a person's own export as a readable PDF (cairo and pango; the
 * app links it, saha-cli does not, to keep its start-up light).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-core.h"
#include "saha-pdf-writer.h"
#include "saha-person-export.h"

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
