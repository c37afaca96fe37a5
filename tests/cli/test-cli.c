/* test-cli.c: drives the real saha-cli binary as a script would, one replica file per test.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "saha-core.h"

/* Exit codes of docs/cli.md. */
enum
{
  CLI_EXIT_OK = 0,
  CLI_EXIT_FAILURE = 1,
  CLI_EXIT_USAGE = 2,
  CLI_EXIT_INVALID = 3,
  CLI_EXIT_NOT_FOUND = 4,
};

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_free (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliResult, cli_result_free)

/* Runs saha-cli [--db DB] ARGS… with @input on stdin (or none). */
static CliResult *
run_cliv (const char         *db,
          const char         *input,
          const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  CliResult *result = g_new0 (CliResult, 1);
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;

  g_ptr_array_add (argv, (char *) SAHA_CLI_PATH);
  if (db != NULL)
    {
      g_ptr_array_add (argv, (char *) "--db");
      g_ptr_array_add (argv, (char *) db);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (input != NULL)
    flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  launcher = g_subprocess_launcher_new (flags);
  /* The plain C locale (ASCII) must not change what saha-cli accepts or prints: records
   * are UTF-8 whatever the locale. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  /* The test's isolated directories, which GLib does not put in the environment. */
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, input, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);

  return result;
}

static CliResult *
run_cli (const char *db,
         const char *input,
         ...) G_GNUC_NULL_TERMINATED;

static CliResult *
run_cli (const char *db,
         const char *input,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  va_start (ap, input);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return run_cliv (db, input, (const char * const *) args->pdata);
}

/* Runs a command that must succeed; returns its stdout without the last newline. */
#define cli_ok(db, ...) cli_ok_impl (__FILE__, __LINE__, db, __VA_ARGS__, NULL)

static char *
cli_ok_impl (const char *file,
             int         line,
             const char *db,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(CliResult) result = NULL;
  const char *arg;
  va_list ap;

  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  result = run_cliv (db, NULL, (const char * const *) args->pdata);
  if (result->status != 0)
    g_error ("%s:%d: saha-cli %s exited %d: %s", file, line, (char *) args->pdata[0],
             result->status, result->err);
  g_assert_cmpstr (result->err, ==, "");

  return g_strchomp (g_steal_pointer (&result->out));
}

/* Checks a failure: the exit code, nothing on stdout, one "saha-cli: " line on stderr. */
static void
assert_failure (CliResult *result,
                int        status)
{
  g_assert_cmpint (result->status, ==, status);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, "saha-cli: "));
  /* Exactly one line. */
  g_assert_nonnull (strchr (result->err, '\n'));
  g_assert_cmpstr (strchr (result->err, '\n'), ==, "\n");
}

static char *
new_db_path (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), name, NULL);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

static char *
export_json (const char *db)
{
  return cli_ok (db, "export", "--json");
}

static char *
create_customer (const char *db,
                 const char *name,
                 const char *kind,
                 const char *city)
{
  g_autofree char *name_arg = g_strconcat ("name=", name, NULL);
  g_autofree char *kind_arg = g_strconcat ("kind=", kind, NULL);
  g_autofree char *city_arg = g_strconcat ("city=", city, NULL);
  char *id = cli_ok (db, "create", "customer", name_arg, kind_arg, city_arg);

  g_assert_true (saha_id_is_valid (id));
  return id;
}

static void
test_help (void)
{
  static const char * const commands[] = {
    "create", "set", "delete", "get", "list", "conflicts", "resolve", "status", "export",
    "import", "export-csv", "login", "sync",
  };
  g_autoptr(CliResult) result = NULL;
  g_autofree char *help = cli_ok (NULL, "--help");
  g_autofree char *create_help = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *word = g_strdup_printf ("  %s", commands[i]);
      g_autofree char *command_help = cli_ok (NULL, commands[i], "--help");
      g_autofree char *help_command = cli_ok (NULL, "help", commands[i]);
      g_autofree char *usage = g_strdup_printf ("saha-cli %s", commands[i]);

      g_assert_nonnull (strstr (help, word));
      g_assert_nonnull (strstr (command_help, usage));
      g_assert_cmpstr (command_help, ==, help_command);
    }
  g_assert_nonnull (strstr (help, "Exit codes"));
  {
    g_autofree char *version = cli_ok (NULL, "--version");

    g_assert_true (g_str_has_prefix (version, "saha-cli "));
  }

  /* The fields of an entity, with their type and required mark. */
  create_help = cli_ok (NULL, "create", "customer", "--help");
  g_assert_nonnull (strstr (create_help, "name*"));
  g_assert_nonnull (strstr (create_help, "kind*"));
  g_assert_nonnull (strstr (create_help, "one of: company, person"));
  g_assert_nonnull (strstr (create_help, "credit_limit"));
  g_assert_null (strstr (create_help, "city*"));
  {
    g_autofree char *via_help = cli_ok (NULL, "help", "create", "customer");

    g_assert_cmpstr (via_help, ==, create_help);
  }

  result = run_cli (NULL, NULL, "frobnicate", NULL);
  assert_failure (result, CLI_EXIT_USAGE);
  g_clear_pointer (&result, cli_result_free);

  result = run_cli (NULL, NULL, NULL);
  assert_failure (result, CLI_EXIT_USAGE);
  g_clear_pointer (&result, cli_result_free);

  result = run_cli (NULL, NULL, "list", "customer", "--colour", NULL);
  assert_failure (result, CLI_EXIT_USAGE);
  g_clear_pointer (&result, cli_result_free);

  result = run_cli (NULL, NULL, "help", "frobnicate", NULL);
  assert_failure (result, CLI_EXIT_USAGE);
}

static void
test_round_trip (void)
{
  g_autofree char *db = new_db_path ("replica.db");
  g_autofree char *id = create_customer (db, "Anadolu Makina A.Ş.", "company", "İzmir");
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonObject *fields;

  text = cli_ok (db, "get", "customer", id);
  g_assert_true (g_str_has_prefix (text, "entity: customer\n"));
  g_assert_nonnull (strstr (text, "\nname: Anadolu Makina A.Ş.\n"));
  g_assert_nonnull (strstr (text, "\ncity: İzmir\n"));
  g_assert_nonnull (strstr (text, "\ncountry: TR\n"));
  g_assert_nonnull (strstr (text, "\nphone: \n"));
  g_assert_true (g_str_has_suffix (text, "\ndeleted: false"));

  json = cli_ok (db, "get", "customer", id, "--json");
  node = parse_json (json);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "entity"), ==, "customer");
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, id);
  g_assert_false (json_object_get_boolean_member (object, "deleted"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "conflicts")),
                    ==, 0);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "vv")), ==, 1);
  fields = json_object_get_object_member (object, "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "name"), ==, "Anadolu Makina A.Ş.");
  g_assert_cmpstr (json_object_get_string_member (fields, "kind"), ==, "company");
  g_assert_cmpstr (json_object_get_string_member (fields, "city"), ==, "İzmir");
  g_assert_cmpstr (json_object_get_string_member (fields, "currency"), ==, "TRY");
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&json, g_free);

  /* A value split on the first '=', money normalized, an empty value unsets. */
  g_free (cli_ok (db, "set", "customer", id, "notes=a=b", "credit_limit=1250,5", "city="));
  json = cli_ok (db, "get", "customer", id, "--json");
  node = parse_json (json);
  fields = json_object_get_object_member (json_node_get_object (node), "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "notes"), ==, "a=b");
  g_assert_cmpstr (json_object_get_string_member (fields, "credit_limit"), ==, "1250.50");
  g_assert_true (!json_object_has_member (fields, "city")
                 || json_object_get_null_member (fields, "city"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (
                      json_node_get_object (node), "vv")), ==, 1);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&json, g_free);

  /* list: one aligned row with the id first; --json an array of the same objects. */
  {
    g_autofree char *second = create_customer (db, "Zeki Öztürk", "person", "Van");
    g_autofree char *rows = cli_ok (db, "list", "customer");
    g_auto(GStrv) lines = g_strsplit (rows, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    g_assert_true (g_str_has_prefix (lines[0], id));
    g_assert_nonnull (strstr (lines[0], "Anadolu Makina A.Ş."));
    g_assert_true (g_str_has_prefix (lines[1], second));
    g_assert_nonnull (strstr (lines[1], "Zeki Öztürk"));
    /* Aligned: the kind column starts at the same character on both rows. */
    g_assert_cmpint (g_utf8_pointer_to_offset (lines[0], strstr (lines[0], "company")), ==,
                     g_utf8_pointer_to_offset (lines[1], strstr (lines[1], "person")));

    g_free (cli_ok (db, "delete", "customer", second));
  }

  json = cli_ok (db, "list", "customer", "--json");
  node = parse_json (json);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  object = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, id);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&json, g_free);

  /* Delete: the record is gone from list, get shows the tombstone, export keeps it. */
  g_free (cli_ok (db, "delete", "customer", id));
  json = cli_ok (db, "list", "customer", "--json");
  node = parse_json (json);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&json, g_free);

  json = cli_ok (db, "get", "customer", id, "--json");
  node = parse_json (json);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "deleted"));
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&json, g_free);

  json = export_json (db);
  node = parse_json (json);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 2);
  object = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_true (json_object_get_boolean_member (object, "deleted"));
  g_assert_true (json_object_has_member (object, "registers"));
  g_assert_true (json_object_has_member (object, "vv"));

  g_clear_pointer (&text, g_free);
  text = cli_ok (db, "export");
  g_assert_nonnull (strstr (text, id));
  g_assert_nonnull (strstr (text, " deleted=true"));
}

/* The ids of a `list --json` answer, in order. */
static GPtrArray *
list_ids (const char *db,
          ...) G_GNUC_NULL_TERMINATED;

static GPtrArray *
list_ids (const char *db,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(CliResult) result = NULL;
  g_autoptr(JsonNode) node = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (char *) "list");
  va_start (ap, db);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, (char *) "--json");
  g_ptr_array_add (args, NULL);

  result = run_cliv (db, NULL, (const char * const *) args->pdata);
  g_assert_cmpint (result->status, ==, CLI_EXIT_OK);
  node = parse_json (result->out);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
                                      json_array_get_object_element (array, i), "id")));

  return ids;
}

static void
test_search (void)
{
  g_autofree char *db = new_db_path ("replica.db");
  g_autofree char *istanbul = create_customer (db, "İSTANBUL TEKSTİL", "company", "İstanbul");
  g_autofree char *ankara = create_customer (db, "Ankara Gıda", "company", "Ankara");
  g_autofree char *isik = create_customer (db, "Işık Optik", "company", "Iğdır");
  g_autoptr(GPtrArray) ids = NULL;

  ids = list_ids (db, "customer", "--search", "İst", NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, istanbul);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* Typed without a Turkish keyboard. */
  ids = list_ids (db, "customer", "--search", "istanbul", NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, istanbul);
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = list_ids (db, "customer", "--search", "ışık", NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, isik);
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = list_ids (db, "customer", "--search", "gıda", NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, ankara);
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = list_ids (db, "customer", "--search", "Bursa", NULL);
  g_assert_cmpuint (ids->len, ==, 0);
}

static void
test_where (void)
{
  g_autofree char *db = new_db_path ("replica.db");
  g_autofree char *a = create_customer (db, "Ayşe Kaya", "person", "Ankara");
  g_autofree char *b = create_customer (db, "Bora Yapı", "company", "Ankara");
  g_autofree char *c = create_customer (db, "Cem Ltd", "company", "Bursa");
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(CliResult) result = NULL;
  g_autofree char *rows = NULL;

  ids = list_ids (db, "customer", "--where", "kind=person", NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, a);
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = list_ids (db, "customer", "--where", "kind=company", "--where", "city=Ankara", NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, b);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* Sorted by name by default; --sort, --descending and --limit as asked. */
  ids = list_ids (db, "customer", "--where", "kind=company", NULL);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, b);
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, c);
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = list_ids (db, "customer", "--sort", "city", "--descending", "--limit", "1", NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, c);
  g_clear_pointer (&ids, g_ptr_array_unref);

  rows = cli_ok (db, "list", "customer", "--where", "city=Bursa", "--fields", "city,name");
  g_assert_true (g_str_has_prefix (rows, c));
  g_assert_true (g_str_has_suffix (rows, "Bursa  Cem Ltd"));

  result = run_cli (db, NULL, "list", "customer", "--where", "colour=red", NULL);
  assert_failure (result, CLI_EXIT_INVALID);
  g_clear_pointer (&result, cli_result_free);

  result = run_cli (db, NULL, "list", "customer", "--where", "city", NULL);
  assert_failure (result, CLI_EXIT_USAGE);
  g_clear_pointer (&result, cli_result_free);

  result = run_cli (db, NULL, "list", "customer", "--sort", "colour", NULL);
  assert_failure (result, CLI_EXIT_INVALID);
}

/* The cells of @csv's rows keyed by the value of column @key_column of each row. */
static GHashTable *
csv_rows_by (const char *csv,
             const char *key_column,
             GStrv      *header)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = saha_csv_parse (csv, strlen (csv), &error);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_strfreev);
  SahaCsvRow *first;
  guint key = G_MAXUINT;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >, 0);
  first = g_ptr_array_index (rows, 0);
  for (guint i = 0; first->cells[i] != NULL; i++)
    if (g_str_equal (first->cells[i], key_column))
      key = i;
  g_assert_cmpuint (key, !=, G_MAXUINT);
  *header = g_strdupv (first->cells);

  for (guint r = 1; r < rows->len; r++)
    {
      SahaCsvRow *row = g_ptr_array_index (rows, r);

      g_hash_table_insert (table, g_strdup (row->cells[key]), g_strdupv (row->cells));
    }

  return table;
}

static guint
column_index (GStrv       header,
              const char *name)
{
  for (guint i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], name))
      return i;

  g_error ("no column %s", name);
  return 0;
}

static char *
write_file (const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_user_data_dir (), name, NULL);

  g_assert_no_errno (g_mkdir_with_parents (g_get_user_data_dir (), 0700));
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

static const char customers_csv[] =
  "name,kind,city,address,notes,credit_limit,opt_out\r\n"
  "\"Öztürk Gıda, Ltd. Şti.\",company,İstanbul,\"Çarşı Cad. 5\nKat 2\","
  "\"dedi ki \"\"yarın\"\"\",1250.50,\"sms,email\"\r\n"
  "Şule Ilıcak,person,Iğdır,,\"a, b, c\",,\r\n"
  "ĞÜŞİÖÇ Makina,company,Çanakkale,,,0.00,visit\r\n";

static void
test_csv_round_trip (void)
{
  g_autofree char *db = new_db_path ("replica.db");
  g_autofree char *path = write_file ("customers.csv", customers_csv);
  g_autofree char *imported = cli_ok (db, "import", "customer", path);
  g_autofree char *exported = cli_ok (db, "export-csv", "customer");
  g_autofree char *again = NULL;
  g_autofree char *reexported = NULL;
  g_autofree char *export_path = NULL;
  g_auto(GStrv) in_header = NULL;
  g_auto(GStrv) out_header = NULL;
  g_autoptr(GHashTable) in_rows = csv_rows_by (customers_csv, "name", &in_header);
  g_autoptr(GHashTable) out_rows = csv_rows_by (exported, "name", &out_header);
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpstr (imported, ==, "Imported 3 rows");
  g_assert_cmpstr (out_header[0], ==, "id");
  g_assert_cmpuint (g_hash_table_size (out_rows), ==, 3);

  /* Every cell given comes back as it was, Turkish letters, commas, quotes and line
   * breaks included. */
  g_hash_table_iter_init (&iter, in_rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GStrv in = value;
      GStrv out = g_hash_table_lookup (out_rows, key);

      g_assert_nonnull (out);
      g_assert_true (saha_id_is_valid (out[0]));
      for (guint i = 0; in_header[i] != NULL; i++)
        g_assert_cmpstr (out[column_index (out_header, in_header[i])], ==, in[i]);
    }

  /* Importing the export again (ids included) updates the same records: same content. */
  export_path = write_file ("exported.csv", exported);
  again = cli_ok (db, "import", "customer", export_path);
  g_assert_cmpstr (again, ==, "Imported 3 rows");
  reexported = cli_ok (db, "export-csv", "customer");
  g_assert_cmpstr (reexported, ==, exported);
}

static void
test_csv_bad_row (void)
{
  g_autofree char *db = new_db_path ("replica.db");
  g_autofree char *id = create_customer (db, "Mevcut Müşteri", "company", "Ankara");
  g_autofree char *before = export_json (db);
  g_autofree char *after = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CliResult) result = NULL;

  /* Line 5: the quoted line break makes row 3 span lines 3 and 4. */
  path = write_file ("bad.csv",
                     "name,kind,city,notes\n"
                     "İyi Şirket,company,İzmir,\n"
                     "İki Satır,person,Van,\"bir\niki\"\n"
                     "Robot A.Ş.,robot,Bursa,\n"
                     "Son,company,Muş,\n");
  result = run_cli (db, NULL, "import", "customer", path, NULL);
  assert_failure (result, CLI_EXIT_INVALID);
  g_assert_nonnull (strstr (result->err, "line 5"));
  g_clear_pointer (&result, cli_result_free);

  after = export_json (db);
  g_assert_cmpstr (after, ==, before);

  /* Not CSV at all: an unterminated quote. */
  g_free (path);
  path = write_file ("broken.csv", "name,kind\n\"Açık tırnak,company\n");
  result = run_cli (db, NULL, "import", "customer", path, NULL);
  assert_failure (result, CLI_EXIT_INVALID);
  g_clear_pointer (&result, cli_result_free);

  result = run_cli (db, NULL, "import", "customer", "/nonexistent/file.csv", NULL);
  assert_failure (result, CLI_EXIT_FAILURE);
  g_clear_pointer (&result, cli_result_free);

  g_free (after);
  after = export_json (db);
  g_assert_cmpstr (after, ==, before);
}

/* Runs a command that must fail with @status and leave the replica as it was. */
#define assert_refused(db, status, ...) \
  G_STMT_START { \
    g_autofree char *before_ = export_json (db); \
    g_autofree char *after_ = NULL; \
    g_autoptr(CliResult) result_ = run_cli (db, NULL, __VA_ARGS__, NULL); \
    assert_failure (result_, status); \
    after_ = export_json (db); \
    g_assert_cmpstr (after_, ==, before_); \
  } G_STMT_END

static void
test_errors (void)
{
  g_autofree char *db = new_db_path ("replica.db");
  g_autofree char *id = create_customer (db, "Deneme Ltd", "company", "Ankara");
  g_autofree char *gone = create_customer (db, "Silinen Ltd", "company", "Ankara");
  g_autofree char *missing = saha_id_new ();
  g_autofree char *customer_arg = g_strconcat ("customer=", missing, NULL);

  g_free (cli_ok (db, "delete", "customer", gone));

  assert_refused (db, CLI_EXIT_INVALID, "create", "widget", "name=x");
  assert_refused (db, CLI_EXIT_INVALID, "create", "customer", "name=x", "kind=company",
                  "colour=red");
  assert_refused (db, CLI_EXIT_INVALID, "create", "customer", "name=x", "kind=robot");
  assert_refused (db, CLI_EXIT_INVALID, "create", "customer", "name=x");
  assert_refused (db, CLI_EXIT_INVALID, "create", "customer", "name=x", "kind=company",
                  "email=not an address");
  assert_refused (db, CLI_EXIT_INVALID, "create", "order", customer_arg);
  assert_refused (db, CLI_EXIT_INVALID, "set", "customer", id, "kind=robot");
  assert_refused (db, CLI_EXIT_INVALID, "set", "customer", id, "name=");
  assert_refused (db, CLI_EXIT_INVALID, "set", "customer", "not-a-uuid", "name=x");
  assert_refused (db, CLI_EXIT_NOT_FOUND, "set", "customer", gone, "name=Geri");
  assert_refused (db, CLI_EXIT_NOT_FOUND, "set", "customer", missing, "name=Yok");
  assert_refused (db, CLI_EXIT_NOT_FOUND, "delete", "customer", missing);
  assert_refused (db, CLI_EXIT_NOT_FOUND, "get", "customer", missing);
  assert_refused (db, CLI_EXIT_USAGE, "create", "customer", "name");
  assert_refused (db, CLI_EXIT_USAGE, "create", "customer", "=x", "kind=company");
  assert_refused (db, CLI_EXIT_USAGE, "create", "customer", "name=a", "name=b", "kind=company");
  assert_refused (db, CLI_EXIT_USAGE, "set", "customer", id);
  assert_refused (db, CLI_EXIT_USAGE, "delete", "customer");
  assert_refused (db, CLI_EXIT_USAGE, "get", "customer", id, "--colour");
  assert_refused (db, CLI_EXIT_INVALID, "resolve", "customer", id, "name=x");

  /* A command that only reads never creates a replica where there was none. */
  {
    g_autofree char *nowhere = new_db_path ("typo.db");
    g_autoptr(CliResult) result = run_cli (nowhere, NULL, "list", "customer", NULL);

    assert_failure (result, CLI_EXIT_FAILURE);
    g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  }
}

/* Moves every record of @from into @to the way a person would: export, then import. */
static void
carry_over (const char *from,
            const char *to)
{
  g_autofree char *json = export_json (from);
  g_autofree char *path = write_file ("carried.json", json);
  g_autofree char *merged = cli_ok (to, "import", "--json", path);

  g_assert_true (g_str_has_prefix (merged, "Merged "));
}

static void
test_conflicts (void)
{
  g_autofree char *a = new_db_path ("a.db");
  g_autofree char *b = new_db_path ("b.db");
  g_autofree char *id = create_customer (a, "Ortak Müşteri", "company", "Ankara");
  g_autofree char *json = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(CliResult) result = NULL;
  JsonObject *record;
  JsonArray *candidates;

  carry_over (a, b);
  json = cli_ok (b, "get", "customer", id, "--json");
  g_assert_nonnull (strstr (json, "Ortak Müşteri"));
  g_clear_pointer (&json, g_free);

  /* The same field edited on both devices, then b hears of a's edit. */
  g_free (cli_ok (a, "set", "customer", id, "phone=+90 312 555 0101"));
  g_free (cli_ok (b, "set", "customer", id, "phone=+90 312 555 0199", "city=Eskişehir"));
  carry_over (a, b);

  json = cli_ok (b, "conflicts", "--json");
  node = parse_json (json);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  record = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_cmpstr (json_object_get_string_member (record, "entity"), ==, "customer");
  g_assert_cmpstr (json_object_get_string_member (record, "id"), ==, id);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (record, "conflicts")),
                    ==, 1);
  candidates = json_object_get_array_member (json_object_get_object_member (record, "conflicts"),
                                             "phone");
  g_assert_cmpuint (json_array_get_length (candidates), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (candidates, 0), !=,
                   json_array_get_string_element (candidates, 1));
  for (guint i = 0; i < 2; i++)
    g_assert_true (g_str_equal (json_array_get_string_element (candidates, i), "+90 312 555 0101")
                   || g_str_equal (json_array_get_string_element (candidates, i),
                                   "+90 312 555 0199"));
  /* The disjoint edit merged without a conflict. */
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (record, "fields"),
                                                  "city"), ==, "Eskişehir");
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&json, g_free);

  text = cli_ok (b, "conflicts");
  g_assert_true (g_str_has_prefix (text, "customer "));
  g_assert_nonnull (strstr (text, " phone\n  +90 312 555 01"));
  g_clear_pointer (&text, g_free);

  text = cli_ok (b, "get", "customer", id);
  g_assert_nonnull (strstr (text, "\nphone: +90 312 555 01"));
  g_assert_nonnull (strstr (text, "[conflict: +90 312 555 01"));
  g_clear_pointer (&text, g_free);

  text = cli_ok (b, "status");
  g_assert_nonnull (strstr (text, "\nconflicts: 1\n"));
  g_clear_pointer (&text, g_free);

  /* Resolving a field that is not in conflict is refused; the phone is resolved. */
  assert_refused (b, CLI_EXIT_INVALID, "resolve", "customer", id, "city=Bursa");
  g_free (cli_ok (b, "resolve", "customer", id, "phone=+90 312 555 0150"));
  json = cli_ok (b, "conflicts", "--json");
  node = parse_json (json);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&json, g_free);
  json = cli_ok (b, "get", "customer", id, "--json");
  node = parse_json (json);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_node_get_object (node), "fields"), "phone"), ==, "+90 312 555 0150");
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&json, g_free);

  /* The resolution supersedes both candidates on a too. */
  carry_over (b, a);
  json = cli_ok (a, "conflicts", "--json");
  g_assert_cmpstr (g_strstrip (json), ==, "[]");
  g_clear_pointer (&json, g_free);

  /* A delete on a concurrent with an edit on b: a conflict on "deleted", record kept. */
  g_free (cli_ok (a, "delete", "customer", id));
  g_free (cli_ok (b, "set", "customer", id, "notes=hâlâ müşterimiz"));
  carry_over (a, b);
  text = cli_ok (b, "get", "customer", id);
  g_assert_nonnull (strstr (text, "\ndeleted: false [conflict: "));
  g_clear_pointer (&text, g_free);
  text = cli_ok (b, "conflicts");
  g_assert_nonnull (strstr (text, " deleted\n"));
  g_clear_pointer (&text, g_free);

  g_free (cli_ok (b, "resolve", "customer", id, "deleted=false"));
  json = cli_ok (b, "get", "customer", id, "--json");
  node = parse_json (json);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (node), "deleted"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (
                      json_node_get_object (node), "conflicts")), ==, 0);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&json, g_free);

  /* A JSON file that is not an export changes nothing. */
  {
    g_autofree char *bad = write_file ("bad.json", "[{\"entity\": \"customer\"}]");
    g_autofree char *broken = write_file ("broken.json", "[{");

    assert_refused (b, CLI_EXIT_INVALID, "import", "--json", bad);
    assert_refused (b, CLI_EXIT_INVALID, "import", "--json", broken);

    result = run_cli (b, NULL, "import", "--json", bad, NULL);
    g_assert_nonnull (strstr (result->err, "record 1"));
    g_clear_pointer (&result, cli_result_free);
  }

  result = run_cli (b, NULL, "import", "--json", NULL);
  assert_failure (result, CLI_EXIT_USAGE);
}

static void
test_status (void)
{
  g_autofree char *db = new_db_path ("replica.db");
  g_autofree char *id = create_customer (db, "Durum Ltd", "company", "Ankara");
  g_autofree char *json = cli_ok (db, "status", "--json");
  g_autofree char *text = cli_ok (db, "status");
  g_autoptr(JsonNode) node = parse_json (json);
  JsonObject *status = json_node_get_object (node);

  g_assert_cmpint (json_object_get_int_member (status, "pending"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (status, "conflicts"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (status, "rejected"), ==, 0);
  g_assert_true (json_object_get_null_member (status, "last_sync"));
  g_assert_cmpstr (json_object_get_string_member (status, "db"), ==, db);
  g_assert_nonnull (strstr (text, "\npending: 1\n"));
  g_assert_true (g_str_has_suffix (text, "\nlast_sync: never"));
}

/* Without --db the default profile's replica is used, the one the app opens. */
static void
test_default_replica (void)
{
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "saha", "default",
                                                "replica.db", NULL);
  g_autofree char *id = cli_ok (NULL, "create", "product", "sku=VX-100", "name=Vana");
  g_autofree char *rows = cli_ok (NULL, "list", "product");

  g_assert_true (g_file_test (expected, G_FILE_TEST_EXISTS));
  g_assert_true (g_str_has_prefix (rows, id));
  g_assert_nonnull (strstr (rows, "VX-100"));
}

/* Deleting a record that is already deleted says so (exit 4), where "get" still shows
 * the tombstone: "no customer with id" read as if the id were wrong. */
static void
test_delete_deleted (void)
{
  g_autofree char *db = new_db_path ("replica.db");
  g_autofree char *id = create_customer (db, "Silinecek Ltd", "company", "Ankara");
  g_autofree char *shown = NULL;
  g_autoptr(CliResult) result = NULL;

  g_free (cli_ok (db, "delete", "customer", id));
  shown = cli_ok (db, "get", "customer", id);
  g_assert_nonnull (strstr (shown, "\ndeleted: true"));

  assert_refused (db, CLI_EXIT_NOT_FOUND, "delete", "customer", id);
  result = run_cli (db, NULL, "delete", "customer", id, NULL);
  g_assert_nonnull (strstr (result->err, "already deleted"));
  g_assert_nonnull (strstr (result->err, id));
}

/* Writes @length bytes (NULs included) to a file of the test's data directory. */
static char *
write_bytes (const char *name,
             const char *contents,
             gsize       length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (g_get_user_data_dir (), name, NULL);

  g_assert_no_errno (g_mkdir_with_parents (g_get_user_data_dir (), 0700));
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return path;
}

/* A NUL or another control character in an imported string is refused with its reason
 * and line (CSV) or record (JSON); nothing is cut short and nothing is written. Tabs
 * and line breaks are text in a multi-line field (notes), refused in a one-line field. */
static void
test_import_control_characters (void)
{
  g_autofree char *db = new_db_path ("replica.db");
  g_autofree char *id = create_customer (db, "Kontrol Ltd", "company", "Ankara");
  g_autofree char *json = export_json (db);
  g_autofree char *path = NULL;
  g_autofree char *shown = NULL;
  const char csv_nul[] = "name,kind\r\nİyi,company\r\nKötü\0Gizli,company\r\n";
  const char csv_control[] = "name,kind\r\nİyi,company\r\n\"Kötü\x01\",company\r\n";
  const char csv_tab_in_name[] = "name,kind\r\nİyi,company\r\n\"Sekme\tLtd\",company\r\n";
  const char csv_notes[] = "name,kind,notes\r\nSatır Ltd,company,\"bir\tiki\r\nüç\"\r\n";
  g_autoptr(CliResult) result = NULL;

  path = write_bytes ("nul.csv", csv_nul, sizeof csv_nul - 1);
  assert_refused (db, CLI_EXIT_INVALID, "import", "customer", path);
  result = run_cli (db, NULL, "import", "customer", path, NULL);
  g_assert_nonnull (strstr (result->err, "line 3: "));
  g_assert_nonnull (strstr (result->err, "NUL"));
  g_assert_null (strstr (result->err, "UTF-8 text"));
  g_clear_pointer (&result, cli_result_free);
  g_clear_pointer (&path, g_free);

  path = write_bytes ("control.csv", csv_control, sizeof csv_control - 1);
  assert_refused (db, CLI_EXIT_INVALID, "import", "customer", path);
  result = run_cli (db, NULL, "import", "customer", path, NULL);
  g_assert_nonnull (strstr (result->err, "line 3: "));
  g_assert_nonnull (strstr (result->err, "control character (U+0001)"));
  g_clear_pointer (&result, cli_result_free);
  g_clear_pointer (&path, g_free);

  path = write_bytes ("tab.csv", csv_tab_in_name, sizeof csv_tab_in_name - 1);
  assert_refused (db, CLI_EXIT_INVALID, "import", "customer", path);
  g_clear_pointer (&path, g_free);

  path = write_bytes ("notes.csv", csv_notes, sizeof csv_notes - 1);
  g_free (cli_ok (db, "import", "customer", path));
  shown = cli_ok (db, "list", "customer", "--search", "Satır", "--json");
  g_assert_nonnull (strstr (shown, "\"bir\\tiki\\nüç\""));
  g_clear_pointer (&path, g_free);

  /* The same in an "export --json" file: a \u0000 escape that json-glib would cut the
   * name at, and a raw control character. */
  {
    g_autofree char *with_nul = NULL;
    g_autofree char *with_control = NULL;
    g_autoptr(GString) text = g_string_new (json);

    g_assert_cmpuint (g_string_replace (text, "Kontrol Ltd", "Kontrol\\u0000 Ltd", 0), >, 0);
    with_nul = write_file ("nul.json", text->str);
    assert_refused (db, CLI_EXIT_INVALID, "import", "--json", with_nul);
    result = run_cli (db, NULL, "import", "--json", with_nul, NULL);
    g_assert_nonnull (strstr (result->err, "NUL"));
    g_clear_pointer (&result, cli_result_free);

    g_string_assign (text, json);
    g_string_replace (text, "Kontrol Ltd", "Kontrol\\u0007 Ltd", 0);
    with_control = write_file ("control.json", text->str);
    assert_refused (db, CLI_EXIT_INVALID, "import", "--json", with_control);
    result = run_cli (db, NULL, "import", "--json", with_control, NULL);
    g_assert_nonnull (strstr (result->err, "control character (U+0007)"));
  }
}

/* `list --search` treats its text literally: a quote searches for a quote instead of
 * listing every record; "*", "-" and "OR" are text too. */
static void
test_search_literal (void)
{
  g_autofree char *db = new_db_path ("replica.db");
  g_autofree char *quoted = create_customer (db, "\"Yıldız\" Tekstil", "company", "Bursa");
  g_autofree char *star = create_customer (db, "Star*Net", "company", "Ankara");
  g_autofree char *dash = create_customer (db, "Ak-Pen", "company", "İzmir");
  g_autofree char *orhan = create_customer (db, "Orhan Yapı", "company", "Van");
  g_autoptr(GPtrArray) ids = NULL;

  ids = list_ids (db, "customer", "--search", "\"", NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, quoted);
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = list_ids (db, "customer", "--search", "*", NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, star);
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = list_ids (db, "customer", "--search", "-", NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, dash);
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = list_ids (db, "customer", "--search", "-ankara", NULL);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = list_ids (db, "customer", "--search", "OR", NULL);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, orhan);
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = list_ids (db, "customer", "--search", "bursa OR van", NULL);
  g_assert_cmpuint (ids->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/records/round-trip", test_round_trip);
  g_test_add_func ("/cli/list/search", test_search);
  g_test_add_func ("/cli/list/where", test_where);
  g_test_add_func ("/cli/csv/round-trip", test_csv_round_trip);
  g_test_add_func ("/cli/csv/bad-row", test_csv_bad_row);
  g_test_add_func ("/cli/errors", test_errors);
  g_test_add_func ("/cli/conflicts", test_conflicts);
  g_test_add_func ("/cli/status", test_status);
  g_test_add_func ("/cli/default-replica", test_default_replica);
  g_test_add_func ("/cli/delete/already-deleted", test_delete_deleted);
  g_test_add_func ("/cli/import/control-characters", test_import_control_characters);
  g_test_add_func ("/cli/list/search-literal", test_search_literal);

  return g_test_run ();
}
