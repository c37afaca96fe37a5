/* test-bare-start.c: the saha binary started from the build tree without its schema says
 * what is missing and how to run it, in the user's language, instead of aborting on
 * GSettings; `meson devenv` gives it the build's schema and translations.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <gio/gio.h>

static char *
run (const char * const *argv,
     const char         *language,
     const char         *schema_dir,
     const char         *locale_dir,
     int                *exit_status)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *output = NULL;

  g_subprocess_launcher_unsetenv (launcher, "GSETTINGS_SCHEMA_DIR");
  g_subprocess_launcher_unsetenv (launcher, "SAHA_LOCALEDIR");
  g_subprocess_launcher_unsetenv (launcher, "LC_ALL");
  if (schema_dir != NULL)
    g_subprocess_launcher_setenv (launcher, "GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
  if (locale_dir != NULL)
    g_subprocess_launcher_setenv (launcher, "SAHA_LOCALEDIR", locale_dir, TRUE);
  /* No installed schema anywhere the system would look. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_DIRS", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANG",
                                g_str_equal (language, "tr") ? "tr_TR.UTF-8" : "en_US.UTF-8", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  *exit_status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  return output;
}

static void
test_no_schema (void)
{
  const char * const argv[] = { SAHA_BINARY, "--version", NULL };
  g_autofree char *english = NULL;
  g_autofree char *turkish = NULL;
  int status;

  english = run (argv, "en", NULL, NULL, &status);
  g_test_message ("%s", english);
  /* Not GLib's abort (SIGTRAP, "Settings schema … is not installed"): a sentence and 1. */
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (english, "settings schema org.sahacrm.Saha is not installed"));
  g_assert_nonnull (strstr (english, "meson devenv -C build"));

  turkish = run (argv, "tr", NULL, PO_BUILD_DIR, &status);
  g_test_message ("%s", turkish);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (turkish, "ayar şeması org.sahacrm.Saha kurulu değil"));
  g_assert_nonnull (strstr (turkish, "meson devenv -C build"));
}

/* `meson devenv` points the binary at the build's schema and translations: it starts
 * with neither complaint. */
static void
test_devenv (void)
{
  const char * const dump[] = { MESON, "devenv", "-C", BUILD_ROOT, "--dump", NULL };
  const char * const argv[] = { SAHA_BINARY, "--version", NULL };
  g_autofree char *environment = NULL;
  g_autofree char *schema_dir = NULL;
  g_autofree char *locale_dir = NULL;
  g_autofree char *output = NULL;
  g_autoptr(GRegex) schema = g_regex_new ("GSETTINGS_SCHEMA_DIR=[\"']?([^\"'\n:]+)", 0, 0, NULL);
  g_autoptr(GRegex) locale = g_regex_new ("SAHA_LOCALEDIR=[\"']?([^\"'\n:]+)", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  int status;

  environment = run (dump, "en", NULL, NULL, &status);
  g_test_message ("%s", environment);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_regex_match (schema, environment, 0, &match));
  schema_dir = g_match_info_fetch (match, 1);
  g_clear_pointer (&match, g_match_info_unref);
  g_assert_true (g_regex_match (locale, environment, 0, &match));
  locale_dir = g_match_info_fetch (match, 1);

  output = run (argv, "tr", schema_dir, locale_dir, &status);
  g_test_message ("%s", output);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (strstr (output, "kurulu değil"));
  g_assert_nonnull (strstr (output, PACKAGE_VERSION));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/app/bare-start/no-schema", test_no_schema);
  g_test_add_func ("/app/bare-start/devenv", test_devenv);

  return g_test_run ();
}
