/* cli-run.h: running saha-cli from a test the way a user's shell would, shared by the cli tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdarg.h>

#include <gio/gio.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliResult;

static inline void
cli_result_free (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliResult, cli_result_free)

/* Runs SAHA_CLI_PATH with @first_args (NULL-terminated, may be NULL) and then the
 * NULL-terminated @args, in the test's HOME and XDG_DATA_HOME, with @env: "NAME", "VALUE"
 * pairs, NULL-terminated. */
static inline CliResult *
cli_run_valist (const char * const *env,
                const char * const *first_args,
                va_list             args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  CliResult *result = g_new0 (CliResult, 1);
  const char *arg;

  g_ptr_array_add (argv, (char *) SAHA_CLI_PATH);
  for (guint i = 0; first_args != NULL && first_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) first_args[i]);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  for (guint i = 0; env[i] != NULL && env[i + 1] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  return result;
}

/* The stdout of a run that must succeed, without the last newline. */
static inline char *
cli_ok_impl (int        line,
             CliResult *result)
{
  g_autoptr(CliResult) owned = result;

  if (result->status != 0)
    g_error ("line %d: saha-cli exited %d: %s", line, result->status, result->err);
  g_assert_cmpstr (result->err, ==, "");
  return g_strchomp (g_steal_pointer (&result->out));
}
