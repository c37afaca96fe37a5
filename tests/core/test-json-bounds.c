/* test-json-bounds.c: saha_json_check_bounds() counts depth, strings and values as
 * json-glib would see them, without being fooled by brackets inside strings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <saha-core.h>
#include <string.h>

static gboolean
check (const char *text,
       guint       depth,
       gsize       string_bytes,
       gsize       values)
{
  SahaJsonBounds bounds = { depth, string_bytes, values };
  g_autoptr(GError) error = NULL;
  gboolean ok = saha_json_check_bounds (text, strlen (text), &bounds, &error);

  if (!ok)
    g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_TOO_LARGE);
  return ok;
}

static void
test_depth (void)
{
  g_autofree char *deep = g_strnfill (100000, '[');

  g_assert_true (check ("[[[]]]", 3, 0, 0));
  g_assert_false (check ("[[[[]]]]", 3, 0, 0));
  g_assert_true (check ("{\"a\":{\"b\":[1]}}", 3, 0, 0));
  g_assert_false (check ("{\"a\":{\"b\":[{}]}}", 3, 0, 0));
  /* Siblings do not add up; brackets in strings and escaped quotes do not count. */
  g_assert_true (check ("[[],[],[[]]]", 3, 0, 0));
  g_assert_true (check ("[\"[[[[[[\",\"\\\"[[[[\"]", 1, 0, 0));
  g_assert_false (check (deep, SAHA_JSON_MAX_DEPTH, 0, 0));
  g_assert_true (check (deep, 0, 0, 0));
}

static void
test_strings (void)
{
  g_assert_true (check ("[\"abcd\"]", 0, 6, 0));
  g_assert_false (check ("[\"abcdefgh\"]", 0, 6, 0));
  g_assert_false (check ("{\"abcdefgh\":1}", 0, 6, 0));
  /* An unterminated string is measured as far as it goes. */
  g_assert_false (check ("[\"abcdefgh", 0, 6, 0));
}

static void
test_values (void)
{
  g_assert_true (check ("[]", 0, 0, 1));
  g_assert_true (check ("[1]", 0, 0, 2));
  g_assert_false (check ("[1,2]", 0, 0, 2));
  g_assert_true (check ("{\"a\":1,\"b\":[1,2]}", 0, 0, 5));
  g_assert_false (check ("{\"a\":1,\"b\":[1,2]}", 0, 0, 4));
  g_assert_true (check ("[ ]", 0, 0, 1));
  /* Commas inside strings are text. */
  g_assert_true (check ("[\",,,,,,\"]", 0, 0, 2));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/json-bounds/depth", test_depth);
  g_test_add_func ("/core/json-bounds/strings", test_strings);
  g_test_add_func ("/core/json-bounds/values", test_values);

  return g_test_run ();
}
