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

/* Text from outside: empty, blank, not an object, not UTF-8, a NUL: each a MALFORMED error
 * and never a critical warning (g_test_init makes those fatal). */
static void
test_load_object (void)
{
  const char *refused[] = { "", "   ", "\n", "[]", "42", "\"text\"", "null", "{", "{\"a\":}" };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_assert_null (saha_json_load_object (parser, refused[i], strlen (refused[i]), NULL, &error));
      g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MALFORMED);
      g_clear_error (&error);
    }
  g_assert_null (saha_json_load_object (parser, "{\"a\":\"\xff\"}", 9, NULL, &error));
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (saha_json_load_object (parser, "{\"a\":\"\0\"}", 8, NULL, &error));
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (saha_json_load_object (parser, "[[[[1]]]]", 9,
                                        &(SahaJsonBounds) { .max_depth = 2 }, &error));
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  object = saha_json_load_object (parser, "{\"s\":\"x\",\"i\":7,\"b\":true,\"o\":{},\"a\":[1,{}]}",
                                  -1 + sizeof ("{\"s\":\"x\",\"i\":7,\"b\":true,\"o\":{},\"a\":[1,{}]}"),
                                  NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (object);
}

/* A member of the wrong type or absent reads as the fallback, without a warning. */
static void
test_typed_getters (void)
{
  const char *text = "{\"s\":\"x\",\"i\":7,\"b\":true,\"o\":{\"k\":1},\"a\":[1,{\"k\":2}],\"n\":null}";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object = saha_json_load_object (parser, text, strlen (text), NULL, &error);
  const char *names[] = { "s", "i", "b", "o", "a", "n", "missing" };

  g_assert_no_error (error);
  g_assert_cmpstr (saha_json_get_string (object, "s", NULL), ==, "x");
  g_assert_cmpint (saha_json_get_int (object, "i", -1), ==, 7);
  g_assert_true (saha_json_get_boolean (object, "b", FALSE));
  g_assert_nonnull (saha_json_get_object (object, "o"));
  g_assert_nonnull (saha_json_get_array (object, "a"));
  g_assert_null (saha_json_array_get_object (saha_json_get_array (object, "a"), 0));
  g_assert_nonnull (saha_json_array_get_object (saha_json_get_array (object, "a"), 1));
  g_assert_null (saha_json_array_get_object (saha_json_get_array (object, "a"), 2));
  g_assert_null (saha_json_array_get_object (NULL, 0));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (i != 0)
        g_assert_cmpstr (saha_json_get_string (object, names[i], "fb"), ==, "fb");
      if (i != 1)
        g_assert_cmpint (saha_json_get_int (object, names[i], -1), ==, -1);
      if (i != 2)
        g_assert_false (saha_json_get_boolean (object, names[i], FALSE));
      if (i != 3)
        g_assert_null (saha_json_get_object (object, names[i]));
      if (i != 4)
        g_assert_null (saha_json_get_array (object, names[i]));
    }
  g_assert_cmpstr (saha_json_get_string (NULL, "s", "fb"), ==, "fb");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/json-bounds/depth", test_depth);
  g_test_add_func ("/core/json-bounds/strings", test_strings);
  g_test_add_func ("/core/json-bounds/values", test_values);
  g_test_add_func ("/core/json-bounds/load-object", test_load_object);
  g_test_add_func ("/core/json-bounds/typed-getters", test_typed_getters);

  return g_test_run ();
}
