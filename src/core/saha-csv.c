/* saha-csv.c: RFC 4180 CSV, as spreadsheets and ERPs write it, for import and export.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-csv.h"
#include "saha-schema.h"

/**
 * saha_csv_row_free:
 * @row: (nullable): a row from saha_csv_parse()
 *
 * Frees @row and its cells.
 */
void
saha_csv_row_free (SahaCsvRow *row)
{
  if (row == NULL)
    return;
  g_strfreev (row->cells);
  g_free (row);
}

static guint
line_of (const char *data,
         const char *at)
{
  guint line = 1;

  for (const char *p = data; p < at; p++)
    if (*p == '\n')
      line++;
  return line;
}

static void
finish_row (GPtrArray   *rows,
            GStrvBuilder *cells,
            guint         line)
{
  SahaCsvRow *row = g_new0 (SahaCsvRow, 1);

  row->cells = g_strv_builder_end (cells);
  row->line = line;
  g_ptr_array_add (rows, row);
}

/**
 * saha_csv_parse:
 * @data: a UTF-8 document
 * @length: length of @data in bytes
 * @error: return location for %SAHA_CORE_ERROR_MALFORMED, naming the line
 *
 * Parses RFC 4180 CSV: a leading BOM is skipped, CRLF and LF line ends are taken, quoted
 * cells may hold commas, doubled quotes and newlines, empty lines are skipped.
 *
 * Returns: (transfer full) (element-type SahaCsvRow) (nullable): the rows, free with
 *   g_ptr_array_unref(); %NULL with @error set for non-UTF-8 text or a bad quote
 */
GPtrArray *
saha_csv_parse (const char  *data,
                gsize        length,
                GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_csv_row_free);
  g_autoptr(GStrvBuilder) cells = NULL;
  g_autoptr(GString) cell = g_string_new (NULL);
  const char *end;
  const char *p;
  const char *bad = NULL;
  guint line = 1;
  guint row_line = 1;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length == 0)
    return g_steal_pointer (&rows);

  /* g_utf8_validate_len() stops at a NUL byte as at a bad one; a NUL is named as such
   * (no field can hold one, and a file saved as UTF-16 is full of them). */
  if (!g_utf8_validate_len (data, length, &bad))
    {
      if (*bad == '\0')
        g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MALFORMED,
                     "line %u: the file holds a NUL byte (\\0), which no field can hold "
                     "(a file saved as UTF-16? save it as \"CSV UTF-8\")",
                     line_of (data, bad));
      else
        g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MALFORMED,
                     "line %u: the file is not UTF-8 text (save it as \"CSV UTF-8\")",
                     line_of (data, bad));
      return NULL;
    }

  p = data;
  end = data + length;
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      /* At the start of a row: an empty line is no row at all. */
      if (*p == '\n' || *p == '\r')
        {
          if (*p == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          p++;
          line++;
          continue;
        }

      row_line = line;
      cells = g_strv_builder_new ();

      for (;;)
        {
          g_string_truncate (cell, 0);

          if (p < end && *p == '"')
            {
              guint quote_line = line;

              p++;
              for (;;)
                {
                  if (p >= end)
                    {
                      g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MALFORMED,
                                   "line %u: a quoted cell is never closed", quote_line);
                      return NULL;
                    }
                  if (*p == '"')
                    {
                      if (p + 1 < end && p[1] == '"')
                        {
                          g_string_append_c (cell, '"');
                          p += 2;
                          continue;
                        }
                      p++;
                      break;
                    }
                  if (*p == '\n')
                    line++;
                  g_string_append_c (cell, *p++);
                }

              if (p < end && *p != ',' && *p != '\n' && *p != '\r')
                {
                  g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MALFORMED,
                               "line %u: unexpected text after a closing quote "
                               "(write a quote inside a quoted cell as \"\")", line);
                  return NULL;
                }
            }
          else
            {
              while (p < end && *p != ',' && *p != '\n' && *p != '\r')
                {
                  if (*p == '"')
                    {
                      g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MALFORMED,
                                   "line %u: a quote inside a cell that does not start "
                                   "with one (quote the whole cell and double the quote)",
                                   line);
                      return NULL;
                    }
                  g_string_append_c (cell, *p++);
                }
            }

          g_strv_builder_add (cells, cell->str);

          if (p < end && *p == ',')
            {
              p++;
              continue;
            }

          /* End of the row: a line end or the end of the data. */
          if (p < end && *p == '\r')
            p++;
          if (p < end && *p == '\n')
            p++;
          line++;
          break;
        }

      finish_row (rows, cells, row_line);
      g_clear_pointer (&cells, g_strv_builder_unref);
    }

  return g_steal_pointer (&rows);
}

static gboolean
needs_quotes (const char *cell)
{
  /* A reader drops a byte order mark at the start of a file: a first cell starting with
   * U+FEFF would lose it unless quoted (found by tests/fuzz/fuzz-csv.c). */
  return strpbrk (cell, ",\"\r\n") != NULL
         || g_str_has_prefix (cell, "\xEF\xBB\xBF")
         || (cell[0] != '\0' && (g_ascii_isspace (cell[0])
                                 || g_ascii_isspace (cell[strlen (cell) - 1])));
}

/**
 * saha_csv_append_row:
 * @out: the text to append to
 * @cells: (array length=n_cells): the cells of the row
 * @n_cells: the number of cells
 *
 * Appends one CSV row to @out, quoting the cells that need it, ended by CRLF.
 */
void
saha_csv_append_row (GString            *out,
                     const char * const *cells,
                     guint               n_cells)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (n_cells == 0 || cells != NULL);

  for (guint i = 0; i < n_cells; i++)
    {
      const char *cell = cells[i] != NULL ? cells[i] : "";

      if (i > 0)
        g_string_append_c (out, ',');

      if (!needs_quotes (cell))
        {
          g_string_append (out, cell);
          continue;
        }

      g_string_append_c (out, '"');
      for (const char *p = cell; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }

  g_string_append (out, "\r\n");
}
