/* test-csv.c: RFC 4180 reading and writing, and errors that name the line.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "saha-core.h"

static GPtrArray *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = saha_csv_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static void
assert_row (GPtrArray  *rows,
            guint       index,
            guint       line,
            const char *joined)
{
  SahaCsvRow *row = g_ptr_array_index (rows, index);
  g_autofree char *cells = g_strjoinv ("|", row->cells);

  g_assert_cmpstr (cells, ==, joined);
  g_assert_cmpuint (row->line, ==, line);
}

static void
test_simple (void)
{
  g_autoptr(GPtrArray) rows = parse_ok ("name,kind,city\nAcme,company,İstanbul\n");

  g_assert_cmpuint (rows->len, ==, 2);
  assert_row (rows, 0, 1, "name|kind|city");
  assert_row (rows, 1, 2, "Acme|company|İstanbul");
}

static void
test_quoted (void)
{
  g_autoptr(GPtrArray) rows =
    parse_ok ("name,notes\r\n"
              "\"Acme, Ltd.\",\"said \"\"call later\"\"\"\r\n"
              "\"Two\nLines\",\"three\r\nline\ncell\"\r\n"
              ",\"\"\r\n"
              "last,row");

  g_assert_cmpuint (rows->len, ==, 5);
  assert_row (rows, 0, 1, "name|notes");
  assert_row (rows, 1, 2, "Acme, Ltd.|said \"call later\"");
  assert_row (rows, 2, 3, "Two\nLines|three\r\nline\ncell");
  assert_row (rows, 3, 7, "|");
  assert_row (rows, 4, 8, "last|row");
}

static void
test_bom_and_blank_lines (void)
{
  g_autoptr(GPtrArray) rows = parse_ok ("\xEF\xBB\xBFsku,name\n\n\r\nP-1,Vida\n\n");

  g_assert_cmpuint (rows->len, ==, 2);
  assert_row (rows, 0, 1, "sku|name");
  assert_row (rows, 1, 4, "P-1|Vida");

  g_ptr_array_unref (parse_ok (""));
}

static void
check_error (const char *text,
             gsize       length,
             const char *line_prefix)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = saha_csv_parse (text, length, &error);

  g_assert_null (rows);
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MALFORMED);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, line_prefix));
}

static void
test_errors (void)
{
  const char bad_utf8[] = "name\nok\nbad \xff\xfe byte\n";
  const char with_nul[] = "a,b\nc\0d\n";

  check_error ("a,b\n1,\"never closed\n2,3\n", strlen ("a,b\n1,\"never closed\n2,3\n"),
               "line 2:");
  check_error ("a,b\n\n1,\"x\"y\n", strlen ("a,b\n\n1,\"x\"y\n"), "line 3:");
  check_error ("a,b\n1,x\"y\n", strlen ("a,b\n1,x\"y\n"), "line 2:");
  check_error ("a\n\"multi\nline\" junk\n", strlen ("a\n\"multi\nline\" junk\n"), "line 3:");
  check_error (bad_utf8, sizeof bad_utf8 - 1, "line 3:");
  check_error (with_nul, sizeof with_nul - 1, "line 2:");
}

/* A NUL byte is valid UTF-8 that no field can hold: it is named as what it is, with its
 * line, not reported as "not UTF-8" (a spreadsheet saved as UTF-16 is full of them). */
static void
test_nul_named (void)
{
  const char with_nul[] = "name,city\nok,Van\r\n\"two\nlines\",a\0b\n";
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = saha_csv_parse (with_nul, sizeof with_nul - 1, &error);

  g_assert_null (rows);
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MALFORMED);
  g_assert_true (g_str_has_prefix (error->message, "line 4: "));
  g_assert_nonnull (strstr (error->message, "NUL"));
  g_assert_null (strstr (error->message, "UTF-8 text"));
}

static void
test_write_round_trip (void)
{
  const char *row1[] = { "name", "notes", "empty" };
  const char *row2[] = { "Acme, Ltd.", "said \"hi\"\nthen left", NULL };
  const char *row3[] = { " padded ", "plain", "İş" };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) rows = NULL;

  saha_csv_append_row (out, row1, 3);
  saha_csv_append_row (out, row2, 3);
  saha_csv_append_row (out, row3, 3);
  g_assert_cmpstr (out->str, ==,
                   "name,notes,empty\r\n"
                   "\"Acme, Ltd.\",\"said \"\"hi\"\"\nthen left\",\r\n"
                   "\" padded \",plain,İş\r\n");

  rows = parse_ok (out->str);
  g_assert_cmpuint (rows->len, ==, 3);
  assert_row (rows, 0, 1, "name|notes|empty");
  assert_row (rows, 1, 2, "Acme, Ltd.|said \"hi\"\nthen left|");
  assert_row (rows, 2, 4, " padded |plain|İş");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/csv/simple", test_simple);
  g_test_add_func ("/core/csv/quoted", test_quoted);
  g_test_add_func ("/core/csv/bom-and-blank-lines", test_bom_and_blank_lines);
  g_test_add_func ("/core/csv/errors", test_errors);
  g_test_add_func ("/core/csv/nul-named", test_nul_named);
  g_test_add_func ("/core/csv/write-round-trip", test_write_round_trip);

  return g_test_run ();
}
