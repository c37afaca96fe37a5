/* saha-fuzz.c: helpers shared by the fuzz harnesses (scratch directories).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "saha-fuzz.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

static char *scratch_dir;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  (void) argc;
  (void) argv;
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

void
saha_fuzz_empty_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        saha_fuzz_empty_dir (path);
      g_remove (path);
    }
}

static void
remove_scratch_dir (void)
{
  saha_fuzz_empty_dir (scratch_dir);
  g_rmdir (scratch_dir);
  g_clear_pointer (&scratch_dir, g_free);
}

const char *
saha_fuzz_scratch_dir (void)
{
  g_autoptr(GError) error = NULL;

  if (scratch_dir != NULL)
    return scratch_dir;

  if (g_getenv ("TMPDIR") == NULL && access ("/dev/shm", W_OK) == 0)
    {
      g_autofree char *template = g_build_filename ("/dev/shm", "saha-fuzz-XXXXXX", NULL);

      if (g_mkdtemp_full (template, 0700) != NULL)
        scratch_dir = g_steal_pointer (&template);
    }
  if (scratch_dir == NULL)
    scratch_dir = g_dir_make_tmp ("saha-fuzz-XXXXXX", &error);
  g_assert_no_error (error);
  atexit (remove_scratch_dir);
  return scratch_dir;
}
