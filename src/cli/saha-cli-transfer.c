/* saha-cli-transfer.c: moving records in and out of a replica: export, import, export-csv.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "saha-cli-private.h"

/* Reads @path whole, or standard input when @path is "-". */
static gboolean
read_input (const char  *path,
            char       **contents,
            gsize       *length,
            GError     **error)
{
  g_autoptr(GString) data = NULL;
  char buffer[64 * 1024];
  size_t n;

  if (!g_str_equal (path, "-"))
    return g_file_get_contents (path, contents, length, error);

  data = g_string_new (NULL);
  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (data, buffer, n);

  if (ferror (stdin))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot read standard input: %s"), g_strerror (errno));
      return FALSE;
    }

  *length = data->len;
  *contents = g_string_free (g_steal_pointer (&data), FALSE);
  return TRUE;
}

/* "r-3f9a:3,server:7", replicas sorted. */
static char *
format_version_vector (const SahaVersionVector *vv)
{
  g_autoptr(GPtrArray) replicas = saha_version_vector_replicas (vv);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < replicas->len; i++)
    {
      const char *replica = g_ptr_array_index (replicas, i);

      g_string_append_printf (text, "%s%s:%" G_GUINT64_FORMAT, i > 0 ? "," : "", replica,
                              saha_version_vector_get (vv, replica));
    }

  return g_string_free (text, FALSE);
}

int
saha_cli_export (const char  *db_path,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  const SahaEntityDef * const *entities;
  guint n_entities = 0;
  gboolean json = FALSE;
  gboolean first = TRUE;
  const SahaQuery everything = { .include_deleted = TRUE };
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON array of the full records (registers included), which "
         "“saha-cli import --json” merges into another replica"), NULL },
    { NULL }
  };

  if (!saha_cli_parse_command ("export", NULL,
                               _("Writes every record of every entity, deleted ones "
                                 "included, parents before children. Without --json, "
                                 "one line per record: “ENTITY ID vv=REPLICA:COUNTER,… "
                                 "deleted=true|false”."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  if (argc != 1)
    return saha_cli_usage_error ("export", _("Unexpected argument “%s”"), argv[1]);

  store = saha_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  /* One record per line inside the array: valid JSON that stays readable with line tools,
   * and no need to hold the whole replica's JSON tree in memory at once. */
  if (json)
    g_print ("[");

  entities = saha_schema_entities (&n_entities);
  for (guint e = 0; e < n_entities; e++)
    {
      g_autoptr(GPtrArray) records = NULL;

      records = saha_store_list (store, entities[e]->name, &everything, &error);
      if (records == NULL)
        {
          if (json)
            g_print ("\n");
          return saha_cli_fail (g_steal_pointer (&error));
        }

      for (guint i = 0; i < records->len; i++)
        {
          const SahaRecord *record = g_ptr_array_index (records, i);

          if (json)
            {
              g_autoptr(JsonNode) node = saha_record_to_json (record, SAHA_CODEC_REGISTERS);
              g_autofree char *text = saha_json_to_string (node, FALSE);

              g_print ("%s\n%s", first ? "" : ",", text);
            }
          else
            {
              g_autofree char *vv = format_version_vector (saha_record_get_version_vector (record));

              g_print ("%s %s vv=%s deleted=%s\n", entities[e]->name, saha_record_get_id (record),
                       vv, saha_record_is_deleted (record) ? "true" : "false");
            }
          first = FALSE;
        }
    }

  if (json)
    g_print ("\n]\n");

  return SAHA_CLI_EXIT_OK;
}

/* Merges every record of an `export --json` file, all or nothing. */
static int
import_json (const char *db_path,
             const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;
  JsonNode *root;
  guint n_changed = 0;

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_record_unref);

  if (!read_input (path, &data, &length, &error))
    return saha_cli_fail (g_steal_pointer (&error));

  /* json-glib's parser recurses per level: a file of a million '[' must not get to it. */
  if (!saha_json_check_bounds (data, length, &saha_json_bounds_default, &error)
      || !saha_json_check_no_nul (data, length, &error)
      || !json_parser_load_from_data (parser, data, length, &error))
    {
      g_prefix_error (&error, "%s: ", path);
      return saha_cli_fail (g_steal_pointer (&error));
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (&error, SAHA_CLI_ERROR, SAHA_CLI_ERROR_INVALID,
                   _("%s: expected a JSON array of records, as “saha-cli export --json” "
                     "writes"), path);
      return saha_cli_fail (g_steal_pointer (&error));
    }

  /* Decode everything before touching the replica, so a bad record at the end of a
   * big file costs no database work. */
  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (root), i);
      SahaRecord *record = saha_record_from_json (element, &error);

      if (record == NULL)
        {
          g_prefix_error (&error, _("%s: record %u: "), path, i + 1);
          return saha_cli_fail (g_steal_pointer (&error));
        }
      g_ptr_array_add (records, record);
    }

  store = saha_cli_open_store (db_path, FALSE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (!saha_store_begin (store, &error))
    return saha_cli_fail (g_steal_pointer (&error));

  for (guint i = 0; i < records->len; i++)
    {
      SahaRecord *record = g_ptr_array_index (records, i);
      gboolean changed = FALSE;

      /* Dirty: what the merge brought in must reach the server too. */
      if (!saha_store_merge (store, record, TRUE, &changed, &error))
        {
          saha_store_rollback (store);
          g_prefix_error (&error, _("%s: record %u (%s %s): "), path, i + 1,
                          saha_record_get_entity (record)->name, saha_record_get_id (record));
          return saha_cli_fail (g_steal_pointer (&error));
        }
      if (changed)
        n_changed++;
    }

  if (!saha_store_commit (store, &error))
    {
      saha_store_rollback (store);
      return saha_cli_fail (g_steal_pointer (&error));
    }

  g_print (ngettext ("Merged %u record, %u changed\n", "Merged %u records, %u changed\n",
                     records->len),
           records->len, n_changed);

  return SAHA_CLI_EXIT_OK;
}

static int
import_csv (const char *db_path,
            const char *entity_name,
            const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autofree char *data = NULL;
  const SahaEntityDef *entity;
  gsize length = 0;
  guint n_rows = 0;

  entity = saha_cli_lookup_entity (entity_name, &error);
  if (entity == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (!read_input (path, &data, &length, &error))
    return saha_cli_fail (g_steal_pointer (&error));

  store = saha_cli_open_store (db_path, FALSE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (!saha_store_import_csv (store, entity->name, data, length, &n_rows, &error))
    {
      g_prefix_error (&error, "%s: ", path);
      return saha_cli_fail (g_steal_pointer (&error));
    }

  g_print (ngettext ("Imported %u row\n", "Imported %u rows\n", n_rows), n_rows);

  return SAHA_CLI_EXIT_OK;
}

int
saha_cli_import (const char  *db_path,
                 int          argc,
                 char       **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Merge the records of a “saha-cli export --json” file (a backup, or records "
         "carried over from another device); the changes become pending for the server"),
      NULL },
    { NULL }
  };

  if (!saha_cli_parse_entity_command ("import", _("ENTITY FILE.csv | --json FILE"),
                                      _("Imports a CSV file (RFC 4180, UTF-8, a header row "
                                        "of field names, optionally “id”): a row whose id "
                                        "exists updates that record, any other row creates "
                                        "one. All rows or none: the first bad row fails the "
                                        "import naming its line. FILE “-” is standard "
                                        "input."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  if (json)
    {
      if (argc != 2)
        return saha_cli_usage_error ("import", _("Expected --json FILE"));
      return import_json (db_path, argv[1]);
    }

  if (argc != 3)
    return saha_cli_usage_error ("import", _("Expected ENTITY FILE.csv"));

  return import_csv (db_path, argv[1], argv[2]);
}

int
saha_cli_export_csv (const char  *db_path,
                     int          argc,
                     char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autofree char *csv = NULL;
  const SahaEntityDef *entity;

  if (!saha_cli_parse_command ("export-csv", "ENTITY",
                               _("Writes the live records of ENTITY as CSV on "
                                 "standard output: a header “id” then every field in "
                                 "schema order, CRLF line ends, values in the form "
                                 "import reads back."), NULL, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  if (argc != 2)
    return saha_cli_usage_error ("export-csv", _("Expected one ENTITY"));

  entity = saha_cli_lookup_entity (argv[1], &error);
  if (entity == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  store = saha_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  csv = saha_store_export_csv (store, entity->name, &error);
  if (csv == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  /* fwrite, not g_print, to catch a failed write (a full disk behind a redirection). */
  if (fwrite (csv, 1, strlen (csv), stdout) != strlen (csv) || fflush (stdout) != 0)
    {
      saha_cli_print_error (_("Cannot write to standard output: %s"), g_strerror (errno));
      return SAHA_CLI_EXIT_FAILURE;
    }

  return SAHA_CLI_EXIT_OK;
}
