/* saha-cli-util.c: what several commands of saha-cli do alike: JSON members and lists,
 * the ENTITY ID arguments of a command on one record.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-cli-private.h"

/* @name: @value, or null when @value is NULL. */
void
saha_cli_json_add_string (JsonBuilder *builder,
                          const char  *name,
                          const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
saha_cli_json_add_int (JsonBuilder *builder,
                       const char  *name,
                       gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
saha_cli_json_add_optional_int (JsonBuilder *builder,
                                const char  *name,
                                gboolean     known,
                                gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (known)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
saha_cli_json_add_objects (JsonBuilder           *builder,
                           GPtrArray             *items,
                           SahaCliAddMembersFunc  add_members,
                           gpointer               user_data)
{
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      json_builder_begin_object (builder);
      add_members (builder, g_ptr_array_index (items, i), user_data);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

void
saha_cli_print_builder (JsonBuilder *builder,
                        gboolean     pretty)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  saha_cli_print_json (root, pretty);
}

void
saha_cli_print_items (GPtrArray             *items,
                      gboolean               json,
                      SahaCliAddMembersFunc  add_members,
                      SahaCliPrintItemFunc   print_item,
                      gpointer               user_data)
{
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      saha_cli_json_add_objects (builder, items, add_members, user_data);
      saha_cli_print_builder (builder, TRUE);
      return;
    }

  for (guint i = 0; i < items->len; i++)
    print_item (g_ptr_array_index (items, i), user_data);
}

const SahaEntityDef *
saha_cli_lookup_record_args (char    **argv,
                             GError  **error)
{
  const SahaEntityDef *entity = saha_cli_lookup_entity (argv[1], error);

  if (entity == NULL || !saha_cli_check_id (argv[2], error))
    return NULL;
  return entity;
}

int
saha_cli_open_record_command (const char           *db_path,
                              const char           *command,
                              int                   argc,
                              char                **argv,
                              const SahaEntityDef **entity,
                              SahaStore           **store)
{
  g_autoptr(GError) error = NULL;

  if (argc != 3)
    return saha_cli_usage_error (command, _("Expected ENTITY ID"));

  *entity = saha_cli_lookup_record_args (argv, &error);
  if (*entity == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  *store = saha_cli_open_store (db_path, TRUE, &error);
  if (*store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  return SAHA_CLI_EXIT_OK;
}

SahaStore *
saha_cli_open_record_with_inputs (const char           *db_path,
                                  const SahaEntityDef  *entity,
                                  int                   argc,
                                  char                **argv,
                                  gboolean              allow_deleted,
                                  GArray              **inputs,
                                  GError              **error)
{
  *inputs = saha_cli_parse_field_inputs (entity, argv + 3, argc - 3, FALSE, allow_deleted, error);
  if (*inputs == NULL)
    return NULL;
  return saha_cli_open_store (db_path, TRUE, error);
}
