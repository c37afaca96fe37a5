/* regression-driver.c: runs a fuzz harness, without libFuzzer, on every stored input of
 * it: the seed corpus (tests/fuzz/corpus/NAME/) and the reproducers of fixed crashes
 * (tests/fuzz/regressions/NAME/), one GLib test per file.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <string.h>

#include "saha-fuzz.h"

static void
test_input (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static guint
add_inputs (const char *kind,
            const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  /* regressions/NAME/ may not exist yet: no crash found, nothing to replay. */
  if (handle == NULL)
    return 0;
  while ((name = g_dir_read_name (handle)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/fuzz/%s/%s/%s", SAHA_FUZZ_HARNESS, kind, file);

      /* The path is owned by the test for the whole run. */
      g_test_add_data_func_full (test_path, g_build_filename (dir, file, NULL), test_input, g_free);
    }
  return names->len;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *corpus = g_build_filename (SAHA_FUZZ_SOURCE_DIR, "corpus", SAHA_FUZZ_HARNESS, NULL);
  g_autofree char *regressions = g_build_filename (SAHA_FUZZ_SOURCE_DIR, "regressions", SAHA_FUZZ_HARNESS, NULL);

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* An empty seed corpus would make this test pass without running anything. */
  g_assert_cmpuint (add_inputs ("corpus", corpus), >, 0);
  add_inputs ("regressions", regressions);
  return g_test_run ();
}
