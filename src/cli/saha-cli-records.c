/* saha-cli-records.c: the record commands of saha-cli: create, set, delete, get and list.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-cli-private.h"

const SahaEntityDef *
saha_cli_lookup_entity (const char  *name,
                        GError     **error)
{
  const SahaEntityDef *entity = saha_schema_lookup (name);
  const SahaEntityDef * const *entities;
  g_autoptr(GString) names = g_string_new (NULL);
  guint n_entities = 0;

  if (entity != NULL)
    return entity;

  entities = saha_schema_entities (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", entities[i]->name);

  g_set_error (error, SAHA_CLI_ERROR, SAHA_CLI_ERROR_INVALID,
               _("Unknown entity “%s” (one of: %s)"), name, names->str);
  return NULL;
}

gboolean
saha_cli_check_id (const char  *id,
                   GError     **error)
{
  if (saha_id_is_valid (id))
    return TRUE;

  g_set_error (error, SAHA_CLI_ERROR, SAHA_CLI_ERROR_INVALID,
               _("“%s” is not a record id (ids are UUIDs such as the ones create prints)"), id);
  return FALSE;
}

static void
field_input_clear (gpointer data)
{
  SahaFieldInput *input = data;

  g_free ((char *) input->name);
  g_free ((char *) input->value);
}

GArray *
saha_cli_parse_field_inputs (const SahaEntityDef  *entity,
                             char * const         *args,
                             int                   n_args,
                             gboolean              allow_id,
                             gboolean              allow_deleted,
                             GError              **error)
{
  g_autoptr(GArray) inputs = g_array_new (FALSE, TRUE, sizeof (SahaFieldInput));

  g_array_set_clear_func (inputs, field_input_clear);

  for (int i = 0; i < n_args; i++)
    {
      const char *arg = args[i];
      const char *equals = strchr (arg, '=');
      SahaFieldInput input;
      g_autofree char *name = NULL;

      if (equals == NULL || equals == arg)
        {
          g_set_error (error, SAHA_CLI_ERROR, SAHA_CLI_ERROR_USAGE,
                       _("Expected FIELD=VALUE, got “%s”"), arg);
          return NULL;
        }

      name = g_strndup (arg, equals - arg);

      if (!(allow_id && g_str_equal (name, "id"))
          && !(allow_deleted && g_str_equal (name, SAHA_DELETED_FIELD))
          && saha_entity_def_lookup_field (entity, name) == NULL)
        {
          g_set_error (error, SAHA_CLI_ERROR, SAHA_CLI_ERROR_INVALID,
                       _("%s has no field “%s” (“saha-cli create %s --help” lists them)"),
                       entity->name, name, entity->name);
          return NULL;
        }

      for (guint j = 0; j < inputs->len; j++)
        {
          if (g_str_equal (g_array_index (inputs, SahaFieldInput, j).name, name))
            {
              g_set_error (error, SAHA_CLI_ERROR, SAHA_CLI_ERROR_USAGE,
                           _("The field “%s” is given more than once"), name);
              return NULL;
            }
        }

      /* An empty value is kept as NULL: the store unsets the field. */
      input.name = g_steal_pointer (&name);
      input.value = equals[1] != '\0' ? g_strdup (equals + 1) : NULL;
      g_array_append_val (inputs, input);
    }

  return g_steal_pointer (&inputs);
}

static char *
describe_field_type (const SahaFieldDef *field)
{
  g_autofree char *choices = NULL;

  if (field->choices != NULL)
    choices = g_strjoinv (", ", (char **) field->choices);

  switch (field->type)
    {
    case SAHA_FIELD_TEXT:
      switch (field->format)
        {
        case SAHA_TEXT_MULTILINE:
          return g_strdup (_("text, several lines"));
        case SAHA_TEXT_EMAIL:
          return g_strdup (_("e-mail address"));
        case SAHA_TEXT_PHONE:
          return g_strdup (_("phone number"));
        case SAHA_TEXT_COUNTRY:
          return g_strdup (_("country code (ISO 3166, e.g. TR)"));
        case SAHA_TEXT_CURRENCY:
          return g_strdup (_("currency code (ISO 4217, e.g. TRY)"));
        case SAHA_TEXT_PLAIN:
        default:
          return g_strdup (_("text"));
        }
    case SAHA_FIELD_INTEGER:
      return g_strdup (_("integer"));
    case SAHA_FIELD_DECIMAL:
      return g_strdup_printf (_("decimal number, %u places"), field->places);
    case SAHA_FIELD_MONEY:
      return g_strdup (_("money, major units (e.g. 1250.50)"));
    case SAHA_FIELD_TIMESTAMP:
      return g_strdup (_("date and time (ISO 8601, e.g. 2026-11-25T11:24:53+03:00)"));
    case SAHA_FIELD_DATE:
      return g_strdup (_("date (YYYY-MM-DD)"));
    case SAHA_FIELD_TIME_OF_DAY:
      return g_strdup (_("time of day (HH:MM)"));
    case SAHA_FIELD_ENUM:
      return g_strdup_printf (_("one of: %s"), choices != NULL ? choices : "");
    case SAHA_FIELD_ENUM_LIST:
      return g_strdup_printf (_("comma-separated list of: %s"), choices != NULL ? choices : "");
    case SAHA_FIELD_REFERENCE:
      return g_strdup_printf (_("id of a %s"), field->target);
    case SAHA_FIELD_BOOLEAN:
      return g_strdup (_("true or false"));
    default:
      return g_strdup ("?");
    }
}

char *
saha_cli_describe_entity (const char *name)
{
  const SahaEntityDef *entity = name != NULL ? saha_schema_lookup (name) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (entity == NULL)
    {
      const SahaEntityDef * const *entities;
      guint n_entities = 0;

      g_string_append (text, _("Entities:"));
      g_string_append (text, "\n ");
      entities = saha_schema_entities (&n_entities);
      for (guint i = 0; i < n_entities; i++)
        g_string_append_printf (text, " %s", entities[i]->name);
      g_string_append_c (text, '\n');
      g_string_append (text, _("“saha-cli create ENTITY --help” lists the fields of an entity."));

      return g_string_free (g_steal_pointer (&text), FALSE);
    }

  /* Translators: the heading of the field list in "saha-cli create ENTITY --help". */
  g_string_append_printf (text, _("Fields of %s (* required):"), entity->name);
  g_string_append_c (text, '\n');

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const SahaFieldDef *field = &entity->fields[i];
      gboolean required = (field->flags & SAHA_FIELD_FLAG_REQUIRED) != 0;
      g_autofree char *label = g_strconcat (field->name, required ? "*" : "", NULL);
      g_autofree char *type = describe_field_type (field);

      g_string_append_printf (text, "  %-20s %s", label, type);
      if (field->default_value != NULL)
        g_string_append_printf (text, _("; default %s"), field->default_value);
      g_string_append_c (text, '\n');
    }

  g_string_append (text, _("An empty VALUE (FIELD=) unsets a field."));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
saha_cli_escape_value (const char *value)
{
  GString *escaped;

  if (value == NULL)
    return g_strdup ("");

  escaped = g_string_sized_new (strlen (value));
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (escaped, "\\\\");
          break;
        case '\n':
          g_string_append (escaped, "\\n");
          break;
        case '\r':
          g_string_append (escaped, "\\r");
          break;
        case '\t':
          g_string_append (escaped, "\\t");
          break;
        default:
          g_string_append_c (escaped, *p);
          break;
        }
    }

  return g_string_free (escaped, FALSE);
}

int
saha_cli_create (const char  *db_path,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) inputs = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autofree char *id = NULL;
  const SahaEntityDef *entity;

  if (!saha_cli_parse_entity_command ("create", "ENTITY FIELD=VALUE…",
                                      _("Creates a record and prints its id. An id=UUID "
                                        "argument gives the id instead of a random one."),
                                      NULL, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  if (argc < 2)
    return saha_cli_usage_error ("create", _("No entity given"));

  entity = saha_cli_lookup_entity (argv[1], &error);
  if (entity == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  inputs = saha_cli_parse_field_inputs (entity, argv + 2, argc - 2, TRUE, FALSE, &error);
  if (inputs == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  store = saha_cli_open_store (db_path, FALSE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  id = saha_store_create (store, entity->name, (const SahaFieldInput *) inputs->data,
                          inputs->len, &error);
  if (id == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  g_print ("%s\n", id);

  return SAHA_CLI_EXIT_OK;
}

/* Cancelling an order or a service call from a script says why (docs/crm.md). The store
 * keeps a reason given with any write but does not demand one: the app's cancel button
 * does not ask for one yet. */
static gboolean
check_cancel_reason (SahaStore           *store,
                     const SahaEntityDef *entity,
                     const char          *id,
                     GArray              *inputs,
                     GError             **error)
{
  const SahaFieldInput *fields = (const SahaFieldInput *) inputs->data;
  gboolean cancels = FALSE, has_reason = FALSE;
  g_autoptr(SahaRecord) current = NULL;

  if (g_strcmp0 (entity->name, "order") != 0 && g_strcmp0 (entity->name, "service_call") != 0)
    return TRUE;
  for (guint i = 0; i < inputs->len; i++)
    {
      if (g_strcmp0 (fields[i].name, "status") == 0)
        cancels = g_strcmp0 (fields[i].value, "cancelled") == 0;
      if (g_strcmp0 (fields[i].name, "cancel_reason") == 0)
        has_reason = fields[i].value != NULL && *fields[i].value != '\0';
    }
  if (!cancels || has_reason)
    return TRUE;
  current = saha_store_get (store, entity->name, id, NULL);
  if (current == NULL || g_strcmp0 (saha_record_get (current, "status"), "cancelled") == 0
      || saha_record_get (current, "cancel_reason") != NULL)
    return TRUE;
  g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
               _("cancel_reason: cancelling this %s needs a reason"), entity->name);
  return FALSE;
}

int
saha_cli_set (const char  *db_path,
              int          argc,
              char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) inputs = NULL;
  g_autoptr(SahaStore) store = NULL;
  const SahaEntityDef *entity;

  if (!saha_cli_parse_entity_command ("set", "ENTITY ID FIELD=VALUE…",
                                      _("Changes fields of a record that is not deleted. "
                                        "An empty VALUE (FIELD=) unsets the field."),
                                      NULL, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  if (argc < 3)
    return saha_cli_usage_error ("set", _("Expected ENTITY ID FIELD=VALUE…"));

  entity = saha_cli_lookup_record_args (argv, &error);
  if (entity == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (argc < 4)
    return saha_cli_usage_error ("set", _("No FIELD=VALUE given"));

  store = saha_cli_open_record_with_inputs (db_path, entity, argc, argv, FALSE, &inputs, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (!check_cancel_reason (store, entity, argv[2], inputs, &error)
      || !saha_store_update (store, entity->name, argv[2], (const SahaFieldInput *) inputs->data,
                             inputs->len, &error))
    return saha_cli_fail (g_steal_pointer (&error));

  return SAHA_CLI_EXIT_OK;
}

int
saha_cli_delete (const char  *db_path,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  const SahaEntityDef *entity;
  int code;

  if (!saha_cli_parse_command ("delete", "ENTITY ID",
                               _("Deletes a record. The deletion syncs like an edit; "
                                 "an edit made elsewhere at the same time turns it "
                                 "into a conflict (see conflicts and resolve)."),
                               NULL, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  code = saha_cli_open_record_command (db_path, "delete", argc, argv, &entity, &store);
  if (code != SAHA_CLI_EXIT_OK)
    return code;

  if (!saha_store_delete (store, entity->name, argv[2], &error))
    return saha_cli_fail (g_steal_pointer (&error));

  return SAHA_CLI_EXIT_OK;
}

/* "[conflict: a | b]": every candidate of a conflicted field, the shown one first. */
static char *
format_candidates (const SahaRecord *record,
                   const char       *field)
{
  g_autoptr(GPtrArray) candidates = saha_record_candidate_values (record, field);
  /* Not translated, like the field names: scripts read these lines. */
  g_autoptr(GString) text = g_string_new ("[conflict:");

  for (guint i = 0; i < candidates->len; i++)
    {
      const char *value = g_ptr_array_index (candidates, i);
      g_autofree char *escaped = saha_cli_escape_value (value);

      g_string_append (text, i > 0 ? " | " : " ");
      g_string_append (text, value != NULL ? escaped : "(unset)");
    }
  g_string_append_c (text, ']');

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
print_record_text (const SahaRecord *record)
{
  const SahaEntityDef *entity = saha_record_get_entity (record);

  /* Field names are not translated: scripts read these lines. */
  g_print ("entity: %s\n", entity->name);
  g_print ("id: %s\n", saha_record_get_id (record));

  for (guint i = 0; i < entity->n_fields; i++)
    {
      const char *name = entity->fields[i].name;
      g_autofree char *value = saha_cli_escape_value (saha_record_get (record, name));

      g_print ("%s: %s", name, value);
      if (saha_record_field_in_conflict (record, name))
        {
          g_autofree char *candidates = format_candidates (record, name);

          g_print (" %s", candidates);
        }
      g_print ("\n");
    }

  /* While the deleted register is in conflict the record counts as not deleted, whatever
   * the candidate first in dot order says; the candidates follow. */
  g_print ("deleted: %s", saha_record_is_deleted (record) ? "true" : "false");
  if (saha_record_field_in_conflict (record, SAHA_DELETED_FIELD))
    {
      g_autofree char *candidates = format_candidates (record, SAHA_DELETED_FIELD);

      g_print (" %s", candidates);
    }
  g_print ("\n");
}

int
saha_cli_get (const char  *db_path,
              int          argc,
              char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(SahaRecord) record = NULL;
  const SahaEntityDef *entity;
  gboolean json = FALSE;
  int code;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the record as a JSON object"), NULL },
    { NULL }
  };

  if (!saha_cli_parse_command ("get", "ENTITY ID",
                               _("Shows one record, deleted or not: “field: value” "
                                 "lines in schema order (unset fields empty, "
                                 "conflicted ones followed by [conflict: …]), or JSON."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  code = saha_cli_open_record_command (db_path, "get", argc, argv, &entity, &store);
  if (code != SAHA_CLI_EXIT_OK)
    return code;

  record = saha_store_get (store, entity->name, argv[2], &error);
  if (record == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonNode) node = saha_record_to_json (record, SAHA_CODEC_DEFAULT);

      saha_cli_print_json (node, TRUE);
    }
  else
    {
      print_record_text (record);
    }

  return SAHA_CLI_EXIT_OK;
}

/* The columns "list" shows by default: what tells one record from another at a glance.
 * Entities not named here show their required fields. */
static const struct
{
  const char *entity;
  const char *columns;
} list_columns[] = {
  { "customer", "name,kind,city,phone" },
  { "contact", "name,customer,role,phone,email" },
  { "product", "sku,name,unit_price,unit,active" },
  { "order", "number,customer,status,ordered_at" },
  { "order_line", "order,product,quantity,unit_price" },
  { "service_call", "number,customer,priority,status,assigned_to" },
  { "service_part", "service_call,product,quantity" },
  { "visit", "customer,user,purpose,check_in_at" },
  { "note", "customer,channel,summary,at,status" },
  { "task", "title,customer,owner,due_at,done_at" },
};

static GPtrArray *
default_list_columns (const SahaEntityDef *entity)
{
  GPtrArray *columns = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (list_columns); i++)
    {
      g_auto(GStrv) names = NULL;

      if (!g_str_equal (list_columns[i].entity, entity->name))
        continue;

      /* The schema may drop or rename nothing, but only show what it really has. */
      names = g_strsplit (list_columns[i].columns, ",", -1);
      for (guint j = 0; names[j] != NULL; j++)
        {
          if (saha_entity_def_lookup_field (entity, names[j]) != NULL)
            g_ptr_array_add (columns, g_strdup (names[j]));
        }
      return columns;
    }

  for (guint i = 0; i < entity->n_fields; i++)
    {
      if (entity->fields[i].flags & SAHA_FIELD_FLAG_REQUIRED)
        g_ptr_array_add (columns, g_strdup (entity->fields[i].name));
    }

  return columns;
}

static GPtrArray *
parse_list_columns (const SahaEntityDef  *entity,
                    const char           *text,
                    GError              **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) names = g_strsplit (text, ",", -1);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_strstrip (names[i]);
      if (names[i][0] == '\0')
        continue;
      if (saha_entity_def_lookup_field (entity, names[i]) == NULL)
        {
          g_set_error (error, SAHA_CLI_ERROR, SAHA_CLI_ERROR_INVALID,
                       _("%s has no field “%s” (“saha-cli create %s --help” lists them)"),
                       entity->name, names[i], entity->name);
          return NULL;
        }
      g_ptr_array_add (columns, g_strdup (names[i]));
    }

  return g_steal_pointer (&columns);
}

/* What a table cell shows for @value of @column: a reference to a customer (or another
 * record with a name) shows that name, as people know it; the id when this replica does
 * not hold the record. @names caches the names looked up. */
static const char *
cell_value (SahaStore           *store,
            const SahaEntityDef *entity,
            const char          *column,
            const char          *value,
            GHashTable          *names)
{
  const SahaFieldDef *field = saha_entity_def_lookup_field (entity, column);
  const SahaEntityDef *target;
  g_autoptr(SahaRecord) record = NULL;
  const char *name;

  if (value == NULL || field == NULL || field->type != SAHA_FIELD_REFERENCE)
    return value;
  target = saha_schema_lookup (field->target);
  if (target == NULL || saha_entity_def_field_index (target, "name") < 0)
    return value;
  if ((name = g_hash_table_lookup (names, value)) != NULL)
    return name;
  record = saha_store_get (store, target->name, value, NULL);
  name = record != NULL ? saha_record_get (record, "name") : NULL;
  if (name == NULL)
    return value;
  g_hash_table_insert (names, g_strdup (value), g_strdup (name));
  return g_hash_table_lookup (names, value);
}

/* One aligned row per record: the id, then the columns; an empty cell shows as "-" so
 * that every row has the same number of cells. */
static void
print_records_table (SahaStore           *store,
                     const SahaEntityDef *entity,
                     GPtrArray           *records,
                     GPtrArray           *columns)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint n_cells = columns->len + 1;
  g_autofree guint *widths = g_new0 (guint, n_cells);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint r = 0; r < records->len; r++)
    {
      const SahaRecord *record = g_ptr_array_index (records, r);

      for (guint c = 0; c < n_cells; c++)
        {
          const char *value;
          char *cell;

          value = c == 0 ? saha_record_get_id (record)
                         : cell_value (store, entity, g_ptr_array_index (columns, c - 1),
                                       saha_record_get (record,
                                                        g_ptr_array_index (columns, c - 1)),
                                       names);
          cell = value != NULL && value[0] != '\0' ? saha_cli_escape_value (value)
                                                   : g_strdup ("-");
          widths[c] = MAX (widths[c], (guint) g_utf8_strlen (cell, -1));
          g_ptr_array_add (cells, cell);
        }
    }

  for (guint r = 0; r < records->len; r++)
    {
      g_string_truncate (line, 0);
      for (guint c = 0; c < n_cells; c++)
        {
          const char *cell = g_ptr_array_index (cells, r * n_cells + c);

          g_string_append (line, cell);
          if (c + 1 < n_cells)
            {
              guint pad = widths[c] - g_utf8_strlen (cell, -1) + 2;

              for (guint i = 0; i < pad; i++)
                g_string_append_c (line, ' ');
            }
        }
      g_print ("%s\n", line->str);
    }
}

static void
print_records_json (GPtrArray *records)
{
  g_autoptr(JsonArray) array = json_array_sized_new (records->len);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < records->len; i++)
    json_array_add_element (array, saha_record_to_json (g_ptr_array_index (records, i),
                                                        SAHA_CODEC_DEFAULT));
  json_node_set_array (node, array);
  saha_cli_print_json (node, TRUE);
}

int
saha_cli_list (const char  *db_path,
               int          argc,
               char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) where = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autofree char *search = NULL;
  g_autofree char *sort = NULL;
  g_autofree char *fields = NULL;
  g_auto(GStrv) where_args = NULL;
  const SahaEntityDef *entity;
  SahaQuery query = { 0 };
  gboolean json = FALSE;
  gboolean descending = FALSE;
  gboolean include_deleted = FALSE;
  int limit = 0;
  int offset = 0;
  /* FILENAME, not STRING: GOption would convert STRING from the locale's charset and
   * refuse "İst" under LANG=C; arguments are taken as UTF-8 whatever the locale. */
  const GOptionEntry entries[] = {
    { "search", 's', 0, G_OPTION_ARG_FILENAME, &search,
      N_("Records with words starting with each word of TEXT (Turkish-aware)"), N_("TEXT") },
    { "where", 'w', 0, G_OPTION_ARG_FILENAME_ARRAY, &where_args,
      N_("Records whose FIELD is VALUE (repeat for several; “FIELD=” matches unset)"),
      N_("FIELD=VALUE") },
    { "sort", 0, 0, G_OPTION_ARG_FILENAME, &sort,
      N_("Sort by FIELD (default: name, when the entity has one)"), N_("FIELD") },
    { "descending", 0, 0, G_OPTION_ARG_NONE, &descending, N_("Sort in descending order"), NULL },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N records"), N_("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip the first N records"), N_("N") },
    { "deleted", 0, 0, G_OPTION_ARG_NONE, &include_deleted,
      N_("Include deleted records"), NULL },
    { "fields", 0, 0, G_OPTION_ARG_FILENAME, &fields,
      N_("The columns to show after the id, comma separated"), N_("FIELD,…") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array of records"), NULL },
    { NULL }
  };

  if (!saha_cli_parse_entity_command ("list", "ENTITY",
                                      _("Lists records, one aligned row each: the id, then "
                                        "the entity's main fields (or --fields); empty "
                                        "cells show as “-”. Deleted records are left out."),
                                      entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  if (argc != 2)
    return saha_cli_usage_error ("list", _("Expected one ENTITY"));
  if (limit < 0 || offset < 0)
    return saha_cli_usage_error ("list", _("--limit and --offset take a number ≥ 0"));

  if (search != NULL && !g_utf8_validate (search, -1, NULL))
    return saha_cli_usage_error ("list", _("--search needs UTF-8 text"));

  entity = saha_cli_lookup_entity (argv[1], &error);
  if (entity == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  where = saha_cli_parse_field_inputs (entity, where_args,
                                       where_args != NULL ? g_strv_length (where_args) : 0,
                                       FALSE, FALSE, &error);
  if (where == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (sort != NULL && saha_entity_def_lookup_field (entity, sort) == NULL)
    {
      g_set_error (&error, SAHA_CLI_ERROR, SAHA_CLI_ERROR_INVALID,
                   _("%s has no field “%s” to sort by"), entity->name, sort);
      return saha_cli_fail (g_steal_pointer (&error));
    }

  columns = fields != NULL ? parse_list_columns (entity, fields, &error)
                           : default_list_columns (entity);
  if (columns == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  store = saha_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  query.search = search;
  query.where = (const SahaFieldInput *) where->data;
  query.n_where = where->len;
  query.order_by = sort;
  query.descending = descending;
  query.limit = limit;
  query.offset = offset;
  query.include_deleted = include_deleted;

  records = saha_store_list (store, entity->name, &query, &error);
  if (records == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (json)
    print_records_json (records);
  else
    print_records_table (store, entity, records, columns);

  return SAHA_CLI_EXIT_OK;
}
