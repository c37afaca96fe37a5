/* saha-cli-conflicts.c: the commands about the replica's sync state: conflicts, resolve, status.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-cli-private.h"

/* Plain text: for each conflicted field a line "ENTITY ID FIELD", then one indented line
 * per candidate value, the shown one first. */
static void
print_conflicts_text (GPtrArray *records)
{
  for (guint r = 0; r < records->len; r++)
    {
      const SahaRecord *record = g_ptr_array_index (records, r);
      g_autoptr(GPtrArray) fields = saha_record_conflicted_fields (record);

      for (guint f = 0; f < fields->len; f++)
        {
          const char *field = g_ptr_array_index (fields, f);
          g_autoptr(GPtrArray) values = saha_record_candidate_values (record, field);

          g_print ("%s %s %s\n", saha_record_get_entity (record)->name,
                   saha_record_get_id (record), field);
          for (guint v = 0; v < values->len; v++)
            {
              const char *value = g_ptr_array_index (values, v);
              g_autofree char *escaped = saha_cli_escape_value (value);

              g_print ("  %s\n", value != NULL ? escaped : "(unset)");
            }
        }
    }
}

int
saha_cli_conflicts (const char  *db_path,
                    int          argc,
                    char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON array of the conflicted records"), NULL },
    { NULL }
  };

  context = saha_cli_option_context_new ("conflicts", NULL,
                                         _("Shows every field in conflict: a line “ENTITY ID "
                                           "FIELD”, then each candidate value indented, the "
                                           "value shown meanwhile first. “saha-cli resolve” "
                                           "settles them."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!saha_cli_parse_options (context, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  if (argc != 1)
    return saha_cli_usage_error ("conflicts", _("Unexpected argument “%s”"), argv[1]);

  store = saha_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  records = saha_store_list_conflicts (store, &error);
  if (records == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (records->len);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < records->len; i++)
        json_array_add_element (array, saha_record_to_json (g_ptr_array_index (records, i),
                                                            SAHA_CODEC_DEFAULT));
      json_node_set_array (node, array);
      saha_cli_print_json (node, TRUE);
    }
  else
    {
      print_conflicts_text (records);
    }

  return SAHA_CLI_EXIT_OK;
}

int
saha_cli_resolve (const char  *db_path,
                  int          argc,
                  char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) inputs = NULL;
  g_autoptr(SahaStore) store = NULL;
  const SahaEntityDef *entity;

  context = saha_cli_option_context_new ("resolve", "ENTITY ID FIELD=VALUE…",
                                         _("Settles conflicted fields: each VALUE supersedes "
                                           "every candidate of its FIELD (an empty VALUE "
                                           "unsets it). “deleted=false” keeps a record whose "
                                           "deletion conflicted with an edit, “deleted=true” "
                                           "deletes it."));
  if (!saha_cli_parse_options (context, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  if (argc < 4)
    return saha_cli_usage_error ("resolve", _("Expected ENTITY ID FIELD=VALUE…"));

  entity = saha_cli_lookup_entity (argv[1], &error);
  if (entity == NULL || !saha_cli_check_id (argv[2], &error))
    return saha_cli_fail (g_steal_pointer (&error));

  inputs = saha_cli_parse_field_inputs (entity, argv + 3, argc - 3, FALSE, TRUE, &error);
  if (inputs == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  store = saha_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (!saha_store_resolve (store, entity->name, argv[2], (const SahaFieldInput *) inputs->data,
                           inputs->len, &error))
    return saha_cli_fail (g_steal_pointer (&error));

  return SAHA_CLI_EXIT_OK;
}

int
saha_cli_status (const char  *db_path,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  SahaStoreStatus status = { 0 };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON object"), NULL },
    { NULL }
  };

  context = saha_cli_option_context_new ("status", NULL,
                                         _("Shows the replica file and id, the records with "
                                           "changes not yet accepted by the server, the records "
                                           "in conflict, the records whose last push the server "
                                           "refused, and when the last sync finished (UTC)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!saha_cli_parse_options (context, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  if (argc != 1)
    return saha_cli_usage_error ("status", _("Unexpected argument “%s”"), argv[1]);

  store = saha_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (!saha_store_get_status (store, &status, &error))
    return saha_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "db");
      json_builder_add_string_value (builder, saha_store_get_path (store));
      json_builder_set_member_name (builder, "replica_id");
      json_builder_add_string_value (builder, saha_store_get_replica_id (store));
      json_builder_set_member_name (builder, "pending");
      json_builder_add_int_value (builder, status.pending);
      json_builder_set_member_name (builder, "conflicts");
      json_builder_add_int_value (builder, status.conflicts);
      json_builder_set_member_name (builder, "rejected");
      json_builder_add_int_value (builder, status.rejected);
      json_builder_set_member_name (builder, "last_sync");
      if (status.last_sync != NULL)
        json_builder_add_string_value (builder, status.last_sync);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);

      node = json_builder_get_root (builder);
      saha_cli_print_json (node, TRUE);
    }
  else
    {
      /* "key: value" lines, keys untranslated, for scripts. */
      g_print ("db: %s\n", saha_store_get_path (store));
      g_print ("replica_id: %s\n", saha_store_get_replica_id (store));
      g_print ("pending: %u\n", status.pending);
      g_print ("conflicts: %u\n", status.conflicts);
      g_print ("rejected: %u\n", status.rejected);
      g_print ("last_sync: %s\n", status.last_sync != NULL ? status.last_sync : "never");
    }

  saha_store_status_clear (&status);

  return SAHA_CLI_EXIT_OK;
}
