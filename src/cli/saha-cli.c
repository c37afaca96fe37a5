/* saha-cli.c: saha-cli's entry point: global options, the command table, help, error mapping.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "saha-cli-crm.h"
#include "saha-cli-private.h"

G_DEFINE_QUARK (saha-cli-error-quark, saha_cli_error)

typedef struct
{
  const char *name;
  int (*run) (const char *db_path,
              int         argc,
              char      **argv);
  const char *synopsis;
  const char *summary;
} SahaCliCommand;

static const SahaCliCommand commands[] = {
  { "create", saha_cli_create, "create ENTITY FIELD=VALUE…",
    N_("Create a record and print its id") },
  { "set", saha_cli_set, "set ENTITY ID FIELD=VALUE…",
    N_("Change fields of a record (an empty VALUE unsets the field)") },
  { "delete", saha_cli_delete, "delete ENTITY ID",
    N_("Delete a record") },
  { "get", saha_cli_get, "get ENTITY ID [--json]",
    N_("Show one record") },
  { "list", saha_cli_list, "list ENTITY [--search TEXT] [--where FIELD=VALUE]… [--json]",
    N_("List the records of an entity") },
  { "conflicts", saha_cli_conflicts, "conflicts [--json]",
    N_("Show every field in conflict and its candidate values") },
  { "resolve", saha_cli_resolve, "resolve ENTITY ID FIELD=VALUE…",
    N_("Settle conflicted fields with a value that supersedes every candidate") },
  { "retry", saha_cli_retry, "retry ENTITY ID [--discard]",
    N_("Give back edits that were set aside, to be pushed with the next sync") },
  { "status", saha_cli_status, "status [--json]",
    N_("Pending changes, conflicts, rejected pushes and the last sync") },
  { "export", saha_cli_export, "export [--json]",
    N_("Every record, tombstones included, with its version vector") },
  { "import", saha_cli_import, "import ENTITY FILE.csv | import --json FILE",
    N_("Import a CSV file, or merge records written by export --json") },
  { "export-csv", saha_cli_export_csv, "export-csv ENTITY",
    N_("Write the live records of an entity as CSV on stdout") },
  { "login", saha_cli_login, "login --server URL --user NAME --password-stdin",
    N_("Sign this profile in to a Saha server") },
  { "sync", saha_cli_sync, "sync [--json]",
    N_("Push local changes, then pull the server's") },
  { "erase", saha_cli_erase, "erase customer|contact ID",
    N_("Erase a person on the server and every device (office and admin)") },
  { "export-person", saha_cli_export_person,
    "export-person customer|contact ID [--json] [-o FILE.json]",
    N_("Everything held about a person, for their own request (office and admin)") },
  { "segments", saha_cli_segments, "segments [--now TIMESTAMP] [--json]",
    N_("Every customer's recency, frequency, monetary value and RFM segment") },
  { "profitability", saha_cli_profitability,
    "profitability [--from DATE] [--to DATE] [--hourly-rate AMOUNT] [--json]",
    N_("Every customer's revenue, cost and profit, most profitable first") },
  { "campaign-members", saha_cli_campaign_members, "campaign-members CAMPAIGN_ID [--json | --csv]",
    N_("The customers a campaign reaches, and those it leaves out with the reason") },
  { "suggest", saha_cli_suggest, "suggest CUSTOMER_ID [PRODUCT_ID…] [--json]",
    N_("Products to offer in an order: bought together, and bought by the customer's segment") },
  { "kb-search", saha_cli_kb_search, "kb-search TEXT [--json]",
    N_("Search the knowledge base; shows how many calls each article solved") },
  { "schedule", saha_cli_schedule, "schedule [--date YYYY-MM-DD] [--tech USER] [--json]",
    N_("The dispatch board of a day: service calls by technician, then the unassigned") },
  { "kb-for-call", saha_cli_kb_for_call, "kb-for-call SERVICE_CALL_ID [--json]",
    N_("Knowledge base articles for a service call's product and problem") },
};

void
saha_cli_print_error (const char *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line, whatever the message holds, so that scripts can read stderr by line. */
  g_strdelimit (message, "\r\n", ' ');
  g_printerr ("saha-cli: %s\n", message);
}

SahaCliExit
saha_cli_exit_code_for_error (const GError *error)
{
  if (error == NULL)
    return SAHA_CLI_EXIT_OK;

  if (error->domain == SAHA_CLI_ERROR)
    {
      switch ((SahaCliError) error->code)
        {
        case SAHA_CLI_ERROR_USAGE:
          return SAHA_CLI_EXIT_USAGE;
        case SAHA_CLI_ERROR_INVALID:
          return SAHA_CLI_EXIT_INVALID;
        case SAHA_CLI_ERROR_NO_REPLICA:
          return SAHA_CLI_EXIT_FAILURE;
        default:
          return SAHA_CLI_EXIT_FAILURE;
        }
    }

  if (error->domain == SAHA_STORE_ERROR)
    {
      switch ((SahaStoreError) error->code)
        {
        case SAHA_STORE_ERROR_NOT_FOUND:
          return SAHA_CLI_EXIT_NOT_FOUND;
        case SAHA_STORE_ERROR_INVALID:
        case SAHA_STORE_ERROR_BAD_REFERENCE:
        case SAHA_STORE_ERROR_NO_CONFLICT:
          return SAHA_CLI_EXIT_INVALID;
        case SAHA_STORE_ERROR_DATABASE:
        case SAHA_STORE_ERROR_TOO_NEW:
        default:
          return SAHA_CLI_EXIT_FAILURE;
        }
    }

  /* Every core error is about the data given: entity, field, value, JSON or CSV. */
  if (error->domain == SAHA_CORE_ERROR)
    return SAHA_CLI_EXIT_INVALID;

  if (error->domain == G_OPTION_ERROR)
    return SAHA_CLI_EXIT_USAGE;

  /* A JSON file that does not parse is bad data, like a bad CSV. */
  if (error->domain == JSON_PARSER_ERROR)
    return SAHA_CLI_EXIT_INVALID;

  return SAHA_CLI_EXIT_FAILURE;
}

int
saha_cli_fail (GError *error)
{
  return saha_cli_fail_with (error, saha_cli_exit_code_for_error (error));
}

int
saha_cli_fail_with (GError *error,
                    int     code)
{
  saha_cli_print_error ("%s", error->message);
  g_error_free (error);

  return code;
}

int
saha_cli_usage_error (const char *command,
                      const char *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  saha_cli_print_error (_("%s: %s (see “saha-cli %s --help”)"), command, message, command);

  return SAHA_CLI_EXIT_USAGE;
}

SahaStore *
saha_cli_open_store (const char  *db_path,
                     gboolean     must_exist,
                     GError     **error)
{
  g_autofree char *dir = NULL;

  if (must_exist && !g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SAHA_CLI_ERROR, SAHA_CLI_ERROR_NO_REPLICA,
                   _("There is no replica at %s (give --db FILE, or create, import or "
                     "log in first)"), db_path);
      return NULL;
    }

  /* The profile directory also holds credentials: only its owner may read it. */
  dir = g_path_get_dirname (db_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot create the directory %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  return saha_store_open (db_path, error);
}

GOptionContext *
saha_cli_option_context_new (const char *command,
                             const char *parameters,
                             const char *summary)
{
  GOptionContext *context;
  g_autofree char *prgname = g_strdup_printf ("saha-cli %s", command);

  /* GOptionContext prints "Usage: PRGNAME [OPTION…] PARAMETERS" in --help. */
  g_set_prgname (prgname);

  context = g_option_context_new (parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);

  return context;
}

gboolean
saha_cli_parse_options (GOptionContext   *context,
                        int              *argc,
                        char           ***argv)
{
  g_autoptr(GError) error = NULL;
  const char *command = (*argv)[0];

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      saha_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_command (const char          *command,
               const char          *parameters,
               const char          *summary,
               const GOptionEntry  *entries,
               gboolean             describe_entity,
               int                 *argc,
               char              ***argv)
{
  g_autoptr(GOptionContext) context = saha_cli_option_context_new (command, parameters, summary);

  /* Commands without options of their own pass NULL. */
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (describe_entity)
    {
      g_autofree char *description = saha_cli_describe_entity (*argc > 1 ? (*argv)[1] : NULL);

      g_option_context_set_description (context, description);
    }
  return saha_cli_parse_options (context, argc, argv);
}

gboolean
saha_cli_parse_command (const char          *command,
                        const char          *parameters,
                        const char          *summary,
                        const GOptionEntry  *entries,
                        int                 *argc,
                        char              ***argv)
{
  return parse_command (command, parameters, summary, entries, FALSE, argc, argv);
}

gboolean
saha_cli_parse_entity_command (const char          *command,
                               const char          *parameters,
                               const char          *summary,
                               const GOptionEntry  *entries,
                               int                 *argc,
                               char              ***argv)
{
  return parse_command (command, parameters, summary, entries, TRUE, argc, argv);
}

void
saha_cli_print_json (JsonNode *node,
                     gboolean  pretty)
{
  g_autofree char *text = saha_json_to_string (node, pretty);

  g_print ("%s\n", text);
}

/* Records, CSV and JSON are UTF-8 data: write them as they are. GLib's default handlers
 * would convert to the locale's charset and turn "İstanbul" into "?stanbul" under LANG=C. */
static void
print_utf8_stdout (const char *text)
{
  fputs (text, stdout);
}

static void
print_utf8_stderr (const char *text)
{
  fputs (text, stderr);
}

/* --verbose */
static gboolean verbose;

/* The layers below log what they do with g_message() ("Saha-Sync-Message: The server
 * refused …"): that is for whoever debugs them, not for the terminal of a person or a
 * script, where saha-cli's own output says what happened. --verbose or G_MESSAGES_DEBUG
 * shows them; warnings and criticals always show. */
static GLogWriterOutput
write_log (GLogLevelFlags   log_level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  if ((log_level & (G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG)) != 0 &&
      !verbose && g_getenv ("G_MESSAGES_DEBUG") == NULL)
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static const SahaCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (commands[i].name, name))
        return &commands[i];
    }

  return NULL;
}

static void
print_help (void)
{
  const SahaEntityDef * const *entities;
  guint n_entities = 0;

  g_print ("%s\n", _("Usage:\n  saha-cli [--db FILE] COMMAND [ARGUMENTS…]"));
  g_print ("\n%s\n", _("The scripting interface of Saha, the offline-first field-service CRM."));
  g_print ("\n%s\n", _("Options:"));
  g_print ("  --db FILE   %s\n", _("the replica to use (default: the default profile's)"));
  g_print ("  --verbose   %s\n", _("also print what the sync engine logs, on stderr"));
  g_print ("  --version   %s\n", _("print the version"));
  g_print ("  --help      %s\n", _("print this help"));

  g_print ("\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %s\n      %s\n", commands[i].synopsis, _(commands[i].summary));
  g_print ("  %s\n      %s\n", "help [COMMAND [ENTITY]]", _("Show the help of a command"));

  g_print ("\n%s\n  ", _("Entities:"));
  entities = saha_schema_entities (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    g_print ("%s%s", i > 0 ? ", " : "", entities[i]->name);
  g_print ("\n");

  g_print ("\n%s\n", _("Exit codes:"));
  g_print ("  0  %s\n", _("success"));
  g_print ("  1  %s\n", _("runtime failure (database, input/output)"));
  g_print ("  2  %s\n", _("usage error (bad arguments, unknown command or option)"));
  g_print ("  3  %s\n", _("invalid data (unknown entity or field, bad value, missing required "
                          "field, bad reference, bad CSV or JSON)"));
  g_print ("  4  %s\n", _("record not found"));
  g_print ("  5  %s\n", _("sync or network failure"));
  g_print ("  6  %s\n", _("authentication failure"));

  g_print ("\n%s\n", _("“saha-cli COMMAND --help” and “saha-cli create ENTITY --help” tell more."));
}

/* "help [COMMAND [ENTITY]]": the command's own --help, with the entity's fields. */
static int
run_help (const char *db_path,
          int         argc,
          char      **argv)
{
  const SahaCliCommand *command;
  g_autoptr(GPtrArray) help_argv = NULL;

  if (argc < 2)
    {
      print_help ();
      return SAHA_CLI_EXIT_OK;
    }

  command = find_command (argv[1]);
  if (command == NULL)
    {
      saha_cli_print_error (_("Unknown command “%s” (see “saha-cli --help”)"), argv[1]);
      return SAHA_CLI_EXIT_USAGE;
    }

  help_argv = g_ptr_array_new ();
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (help_argv, argv[i]);
  g_ptr_array_add (help_argv, (char *) "--help");
  g_ptr_array_add (help_argv, NULL);

  return command->run (db_path, help_argv->len - 1, (char **) help_argv->pdata);
}

int
main (int    argc,
      char **argv)
{
  const SahaCliCommand *command;
  g_autofree char *db_option = NULL;
  g_autofree char *db_path = NULL;
  const char *localedir = g_getenv ("SAHA_LOCALEDIR");
  int i;

  g_log_set_writer_func (write_log, NULL, NULL);
  setlocale (LC_ALL, "");
  /* SAHA_LOCALEDIR: a build's own translations (tests, meson devenv), as in the app. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("saha-cli");
  g_set_print_handler (print_utf8_stdout);
  g_set_printerr_handler (print_utf8_stderr);

  /* Only the global options come before the command; everything after the command is
   * the command's, so that values such as "notes=--db" are never taken for options. */
  for (i = 1; i < argc && argv[i][0] == '-'; i++)
    {
      if (g_str_equal (argv[i], "--db"))
        {
          if (i + 1 >= argc)
            {
              saha_cli_print_error (_("--db needs a FILE (see “saha-cli --help”)"));
              return SAHA_CLI_EXIT_USAGE;
            }
          g_free (db_option);
          db_option = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (argv[i], "--db="))
        {
          g_free (db_option);
          db_option = g_strdup (argv[i] + strlen ("--db="));
        }
      else if (g_str_equal (argv[i], "--verbose"))
        {
          verbose = TRUE;
        }
      else if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_help ();
          return SAHA_CLI_EXIT_OK;
        }
      else if (g_str_equal (argv[i], "--version"))
        {
          g_print ("saha-cli %s\n", PACKAGE_VERSION);
          return SAHA_CLI_EXIT_OK;
        }
      else
        {
          saha_cli_print_error (_("Unknown option “%s” (see “saha-cli --help”)"), argv[i]);
          return SAHA_CLI_EXIT_USAGE;
        }
    }

  if (db_option != NULL && db_option[0] == '\0')
    {
      saha_cli_print_error (_("--db needs a FILE (see “saha-cli --help”)"));
      return SAHA_CLI_EXIT_USAGE;
    }

  if (i >= argc)
    {
      saha_cli_print_error (_("No command given (see “saha-cli --help”)"));
      return SAHA_CLI_EXIT_USAGE;
    }

  db_path = db_option != NULL ? g_steal_pointer (&db_option) : saha_store_default_path ();

  if (g_str_equal (argv[i], "help"))
    return run_help (db_path, argc - i, argv + i);

  command = find_command (argv[i]);
  if (command == NULL)
    {
      saha_cli_print_error (_("Unknown command “%s” (see “saha-cli --help”)"), argv[i]);
      return SAHA_CLI_EXIT_USAGE;
    }

  return command->run (db_path, argc - i, argv + i);
}
