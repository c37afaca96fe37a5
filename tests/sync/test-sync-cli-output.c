/* test-sync-cli-output.c: what a person sees of "saha-cli login" and "saha-cli sync": their
 * own language, and none of the sync engine's log lines unless asked.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sync-fixture.h"

typedef TestServerFixture Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = test_server_start_with_users ("rep-a", "rep", "rep-b", "rep", NULL);
}

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

/* Runs saha-cli --db @db ARGS… (NULL-terminated) in @language with the build's
 * translations, @input on stdin, and G_MESSAGES_DEBUG unset, as in a user's shell. */
static CliResult *
run_cli (const char *language,
         const char *db,
         const char *input,
         ...) G_GNUC_NULL_TERMINATED;

static CliResult *
run_cli (const char *language,
         const char *db,
         const char *input,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  CliResult *result = g_new0 (CliResult, 1);
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *) g_getenv ("SAHA_CLI"));
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (ap, input);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "SAHA_LOCALEDIR", SAHA_BUILD_LOCALEDIR, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, input, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);

  return result;
}

static void
test_sync_output (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("saha-cli-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "replica.db", NULL);

  if (g_getenv ("SAHA_CLI") == NULL)
    {
      g_test_skip ("saha-cli is not built");
      return;
    }

  {
    g_autoptr(CliResult) login = run_cli ("tr", db, "rep-a-pw\n", "login", "--server",
                                          fixture->server->url, "--user", "rep-a",
                                          "--password-stdin", NULL);

    g_assert_cmpint (login->status, ==, 0);
    g_assert_nonnull (strstr (login->out, "rep-a olarak oturum açıldı"));
    g_assert_cmpstr (login->err, ==, "");
  }

  /* A rep may not give a customer to another rep: the server refuses the push, and the
   * sync engine logs it with g_message(). */
  {
    g_autoptr(CliResult) create = run_cli ("en", db, NULL, "create", "customer",
                                           "name=Başkasının Müşterisi", "kind=company",
                                           "assigned_to=rep-b", NULL);
    g_autoptr(CliResult) sync = run_cli ("tr", db, NULL, "sync", NULL);

    g_assert_cmpint (create->status, ==, 0);
    g_assert_cmpint (sync->status, ==, 0);
    g_assert_true (g_str_has_prefix (sync->out, "Eşitlendi: 0 gönderildi"));
    g_assert_nonnull (strstr (sync->out, "1 reddedildi"));
    g_assert_cmpstr (sync->err, ==, "");
  }

  /* --verbose shows the log lines, for whoever is debugging */
  {
    g_autoptr(CliResult) create = run_cli ("en", db, NULL, "create", "customer",
                                           "name=Bir Başkası", "kind=company",
                                           "assigned_to=rep-b", NULL);
    g_autoptr(CliResult) sync = run_cli ("en", db, NULL, "--verbose", "sync", NULL);

    g_assert_cmpint (create->status, ==, 0);
    g_assert_cmpint (sync->status, ==, 0);
    g_assert_true (g_str_has_prefix (sync->out, "Synced: 0 pushed"));
    g_assert_nonnull (strstr (sync->err, "Saha-Sync-Message"));
    g_assert_nonnull (strstr (sync->err, "The server refused customer"));
  }

  /* an unreachable server, in Turkish, on one line */
  test_server_stop (fixture->server, TRUE);
  {
    g_autoptr(CliResult) sync = run_cli ("tr", db, NULL, "sync", "--attempts", "1", NULL);

    g_assert_cmpint (sync->status, ==, 5);
    g_assert_cmpstr (sync->out, ==, "");
    g_assert_true (g_str_has_prefix (sync->err, "saha-cli: "));
    g_assert_nonnull (strstr (sync->err, "sunucuya ulaşılamıyor"));
    g_assert_null (strstr (sync->err, "Saha-Sync"));
  }
  test_server_restart (fixture->server);

  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  /* With isolated XDG dirs there are no GSettings schemas, which the desktop proxy
   * resolver of glib-networking needs; loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/sync/cli/output", Fixture, NULL, fixture_setup, test_sync_output,
              test_server_fixture_teardown);

  return g_test_run ();
}
