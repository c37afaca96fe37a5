/* saha-csv.h: RFC 4180 CSV reading and writing over memory buffers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One parsed row: its cells and the line of the file it starts on (1-based). */
typedef struct
{
  GStrv cells;
  guint line;
} SahaCsvRow;

/* Parses a whole UTF-8 document (a leading BOM is skipped; CRLF or LF line ends; quoted
 * cells may hold commas, quotes as "" and newlines). Fails with SAHA_CORE_ERROR_MALFORMED
 * naming the line for non-UTF-8 text, an unterminated quote or a stray quote.
 * Returns an array of SahaCsvRow*, free with g_ptr_array_unref. Empty lines are skipped. */
GPtrArray *saha_csv_parse        (const char  *data,
                                  gsize        length,
                                  GError     **error);
void       saha_csv_row_free     (SahaCsvRow  *row);

/* Appends one row, quoting cells that need it, ending with CRLF. */
void       saha_csv_append_row   (GString           *out,
                                  const char * const *cells,
                                  guint              n_cells);

G_END_DECLS
