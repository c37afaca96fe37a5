/* saha-cli-sync.c: the login and sync commands of saha-cli, over the sync engine.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "saha-cli-private.h"
#include "saha-store-set-aside.h"
#include "saha-sync.h"
#include "saha-sync-erase.h"
#include "saha-person-export.h"

/* Sync errors have their own exit codes (saha-cli-private.h): scripts tell "try again
 * later" (5) from "sign in again" (6). */
static int
sync_fail (GError *error)
{
  if (error->domain != SAHA_SYNC_ERROR)
    return saha_cli_fail (error);
  return saha_cli_fail_with (error, error->code == SAHA_SYNC_ERROR_AUTH ? SAHA_CLI_EXIT_AUTH
                                    : error->code == SAHA_SYNC_ERROR_DEVICE_WIPED ? SAHA_CLI_EXIT_WIPED
                                    : SAHA_CLI_EXIT_SYNC);
}

/* One line from stdin, without its line end; NULL at end of input. */
static char *
read_password_line (void)
{
  g_autoptr(GString) line = g_string_new (NULL);
  int c;

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char) c);
  if (c == EOF && line->len == 0)
    return NULL;
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* Another user's unsent edits were set aside by the sign-in (docs/sync.md): say so. */
static void
print_others_set_aside (const char *db_path,
                        const char *user)
{
  g_autoptr(SahaStore) store = saha_store_open (db_path, NULL);
  g_autoptr(GPtrArray) set_aside = store != NULL ? saha_store_list_set_aside (store, NULL) : NULL;
  guint n = 0;

  for (guint i = 0; set_aside != NULL && i < set_aside->len; i++)
    {
      const SahaStoreSetAside *entry = g_ptr_array_index (set_aside, i);

      if (g_strcmp0 (entry->made_by, user) != 0)
        n++;
    }
  if (n > 0)
    g_print (ngettext ("%u record holds edits of another user, set aside and not sent: see "
                       "“saha-cli conflicts” and “saha-cli retry”\n",
                       "%u records hold edits of another user, set aside and not sent: see "
                       "“saha-cli conflicts” and “saha-cli retry”\n", n), n);
}

int
saha_cli_login (const char  *db_path,
                int          argc,
                char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  gboolean password_stdin = FALSE;
  const GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The server, e.g. https://saha.example.com"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("The user name"), N_("NAME") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { NULL }
  };

  if (!saha_cli_parse_command ("login", NULL,
                               _("Signs this profile in to a Saha server. The token is "
                                 "kept beside the replica in FILE.token, readable by "
                                 "you only."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;
  if (argc != 1)
    return saha_cli_usage_error ("login", _("Unexpected argument “%s”"), argv[1]);
  if (server == NULL || user == NULL)
    return saha_cli_usage_error ("login", _("--server and --user are required"));
  /* A password on the command line would be visible to every user in ps. */
  if (!password_stdin)
    return saha_cli_usage_error ("login", _("Give the password on standard input with --password-stdin"));
  if (!g_str_has_prefix (server, "http://") && !g_str_has_prefix (server, "https://"))
    return saha_cli_usage_error ("login", _("The server must be an http:// or https:// URL"));

  password = read_password_line ();
  if (password == NULL || *password == '\0')
    return saha_cli_usage_error ("login", _("No password on standard input"));

  if (!saha_sync_login (db_path, server, user, password, NULL, &error))
    return sync_fail (g_steal_pointer (&error));

  g_print (_("Signed in to %s as %s\n"), server, user);
  print_others_set_aside (db_path, user);
  return SAHA_CLI_EXIT_OK;
}

int
saha_cli_sync (const char  *db_path,
               int          argc,
               char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaSyncEngine) engine = NULL;
  g_autoptr(SahaSyncResult) result = NULL;
  gboolean json = FALSE;
  int attempts = 3;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON object"), NULL },
    { "attempts", 0, 0, G_OPTION_ARG_INT, &attempts,
      N_("How often to try a request when the network fails (default 3)"), N_("N") },
    { NULL }
  };

  if (!saha_cli_parse_command ("sync", NULL,
                               _("Pushes local changes, then pulls the server's. "
                                 "Exits with 5 when the server cannot be reached "
                                 "and 6 when the sign-in is no longer valid."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;
  if (argc != 1)
    return saha_cli_usage_error ("sync", _("Unexpected argument “%s”"), argv[1]);
  if (attempts < 1 || attempts > 100)
    return saha_cli_usage_error ("sync", _("--attempts must be between 1 and 100"));

  /* Syncing a file that does not exist would only create an empty, signed-out replica. */
  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(SahaStore) store = saha_cli_open_store (db_path, TRUE, &error);

      if (store == NULL)
        return saha_cli_fail (g_steal_pointer (&error));
    }

  engine = saha_sync_engine_new (db_path);
  saha_sync_engine_set_max_attempts (engine, (guint) attempts);
  result = saha_sync_engine_sync (engine, NULL, &error);
  if (result == NULL)
    return sync_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      saha_cli_json_add_int (builder, "pushed", result->pushed);
      saha_cli_json_add_int (builder, "pulled", result->pulled);
      saha_cli_json_add_int (builder, "conflicts", result->conflicts);
      saha_cli_json_add_int (builder, "refused", result->refused);
      saha_cli_json_add_int (builder, "duration_ms", result->duration_ms);
      json_builder_end_object (builder);
      saha_cli_print_builder (builder, FALSE);
    }
  else
    {
      /* Translators: one line after a sync; the numbers are record counts, then seconds. */
      g_print (_("Synced: %u pushed, %u pulled, %u in conflict, %u refused (%.1f s)\n"),
               result->pushed, result->pulled, result->conflicts, result->refused,
               result->duration_ms / 1000.0);
    }
  return SAHA_CLI_EXIT_OK;
}

int
saha_cli_erase (const char  *db_path,
                int          argc,
                char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaSyncEngine) engine = NULL;
  g_autoptr(SahaSyncResult) result = NULL;
  gint64 n_erased;

  if (!saha_cli_parse_command ("erase", "customer|contact ID",
                               _("Erases a person for good, on the server and, at their "
                                 "next sync, on every device: the record and every "
                                 "personal field of the records about them are blanked "
                                 "(\"erased\"); orders keep their amounts. Office and "
                                 "admin only. Then syncs this replica."), NULL, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;
  if (argc != 3)
    return saha_cli_usage_error ("erase", _("Expected customer or contact, and an ID"));
  if (g_strcmp0 (argv[1], "customer") != 0 && g_strcmp0 (argv[1], "contact") != 0)
    return saha_cli_usage_error ("erase", _("Only a customer or a contact person can be erased"));
  if (!saha_cli_check_id (argv[2], &error))
    return saha_cli_fail (g_steal_pointer (&error));

  n_erased = saha_sync_erase (db_path, argv[1], argv[2], NULL, &error);
  if (n_erased < 0)
    return sync_fail (g_steal_pointer (&error));

  engine = saha_sync_engine_new (db_path);
  result = saha_sync_engine_sync (engine, NULL, &error);
  if (result == NULL)
    return sync_fail (g_steal_pointer (&error));
  g_print (ngettext ("Erased %s %s: %u record blanked\n",
                     "Erased %s %s: %u records blanked\n", (gulong) n_erased),
           argv[1], argv[2], (guint) n_erased);
  return SAHA_CLI_EXIT_OK;
}

int
saha_cli_export_person (const char  *db_path,
                        int          argc,
                        char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) document = NULL;
  g_autofree char *json_path = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the JSON document"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &json_path,
      N_("Write the JSON document to FILE"), N_("FILE") },
    { NULL }
  };

  if (!saha_cli_parse_command ("export-person", "customer|contact ID",
                               _("Gathers everything held about a person for their own "
                                 "request (KVKK art. 11): the record, contact persons, "
                                 "orders, service calls, visits, notes, consents, tasks and "
                                 "the server's audit trail of them. Office and admin only; "
                                 "the server logs the export."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;
  if (argc != 3)
    return saha_cli_usage_error ("export-person", _("Expected customer or contact, and an ID"));
  if (g_strcmp0 (argv[1], "customer") != 0 && g_strcmp0 (argv[1], "contact") != 0)
    return saha_cli_usage_error ("export-person",
                                 _("Only a customer's or a contact person's data can be exported"));
  if (!json && json_path == NULL)
    return saha_cli_usage_error ("export-person", _("Give --json or -o FILE"));
  if (!saha_cli_check_id (argv[2], &error))
    return saha_cli_fail (g_steal_pointer (&error));

  document = saha_person_export_build (db_path, argv[1], argv[2], NULL, &error);
  if (document == NULL)
    return sync_fail (g_steal_pointer (&error));
  if (json_path != NULL)
    {
      g_autofree char *text = json_to_string (document, TRUE);

      if (!g_file_set_contents (json_path, text, -1, &error))
        return saha_cli_fail (g_steal_pointer (&error));
    }
  if (json)
    saha_cli_print_json (document, TRUE);
  return SAHA_CLI_EXIT_OK;
}
