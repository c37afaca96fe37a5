/* saha-pdf-writer.h: text on A4 pages with cairo and pango, shared by the app's reports and
 * saha-cli (no GTK).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* A4 in PostScript points. */
#define SAHA_PDF_PAGE_WIDTH  595.0
#define SAHA_PDF_PAGE_HEIGHT 842.0
#define SAHA_PDF_MARGIN 50.0
#define SAHA_PDF_CONTENT_WIDTH (SAHA_PDF_PAGE_WIDTH - 2 * SAHA_PDF_MARGIN)

/* Where the next line goes. With @surface NULL it draws onto one page (a preview) and
 * never breaks pages. */
typedef struct
{
  cairo_t         *cr;
  cairo_surface_t *surface;
  double           y;
} SahaPdfWriter;

/* Opens a PDF file at @path for writing; finish with saha_pdf_writer_close (). */
gboolean saha_pdf_writer_open       (SahaPdfWriter  *writer,
                                     const char     *path,
                                     GError        **error);
/* Ends the last page and writes the file; on failure deletes it and sets @error. */
gboolean saha_pdf_writer_close      (SahaPdfWriter  *writer,
                                     const char     *path,
                                     GError        **error);
/* Starts a new page when @needed points do not fit on this one. */
void     saha_pdf_writer_ensure_room (SahaPdfWriter *writer,
                                      double         needed);
/* @string in pango font @font at @x, wrapped at @width; moves down past it. */
void     saha_pdf_writer_text       (SahaPdfWriter  *writer,
                                     const char     *string,
                                     const char     *font,
                                     double          x,
                                     double          width);
void     saha_pdf_writer_paragraph  (SahaPdfWriter  *writer,
                                     const char     *string,
                                     const char     *font);
/* @text on the left, wrapping within the row, and @amount right-aligned in a column of
 * its own: a line of a priced list. */
void     saha_pdf_writer_amount_row (SahaPdfWriter *writer,
                                     const char    *text,
                                     const char    *amount,
                                     const char    *font);
/* A bold title over a rule. */
void     saha_pdf_writer_heading    (SahaPdfWriter  *writer,
                                     const char     *string);
/* A label and its value on one line, the value wrapping under itself ("—" when empty). */
void     saha_pdf_writer_field      (SahaPdfWriter  *writer,
                                     const char     *label,
                                     const char     *value);

G_END_DECLS
