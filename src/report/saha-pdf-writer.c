/* saha-pdf-writer.c: text on A4 pages with cairo and pango, shared by the app's reports and
 * saha-cli (no GTK).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "saha-pdf-writer.h"

gboolean
saha_pdf_writer_open (SahaPdfWriter  *writer,
                      const char     *path,
                      GError        **error)
{
  writer->surface = cairo_pdf_surface_create (path, SAHA_PDF_PAGE_WIDTH, SAHA_PDF_PAGE_HEIGHT);
  writer->cr = cairo_create (writer->surface);
  writer->y = SAHA_PDF_MARGIN;
  if (cairo_status (writer->cr) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (cairo_status (writer->cr)));
      cairo_destroy (writer->cr);
      cairo_surface_destroy (writer->surface);
      writer->cr = NULL;
      writer->surface = NULL;
      g_unlink (path);
      return FALSE;
    }
  cairo_set_source_rgb (writer->cr, 0.1, 0.1, 0.1);
  return TRUE;
}

gboolean
saha_pdf_writer_close (SahaPdfWriter  *writer,
                       const char     *path,
                       GError        **error)
{
  cairo_status_t status;

  cairo_show_page (writer->cr);
  status = cairo_status (writer->cr);
  cairo_destroy (writer->cr);
  cairo_surface_finish (writer->surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (writer->surface);
  cairo_surface_destroy (writer->surface);
  writer->cr = NULL;
  writer->surface = NULL;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      g_unlink (path);
      return FALSE;
    }
  return TRUE;
}

void
saha_pdf_writer_ensure_room (SahaPdfWriter *writer,
                             double         needed)
{
  if (writer->y + needed <= SAHA_PDF_PAGE_HEIGHT - SAHA_PDF_MARGIN || writer->surface == NULL)
    return;

  cairo_show_page (writer->cr);
  writer->y = SAHA_PDF_MARGIN;
}

static void
text_aligned (SahaPdfWriter  *writer,
              const char     *string,
              const char     *font,
              double          x,
              double          width,
              PangoAlignment  alignment)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (writer->cr);
  PangoFontDescription *description = pango_font_description_from_string (font);
  int height;

  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_text (layout, string != NULL ? string : "", -1);
  pango_layout_get_size (layout, NULL, &height);

  saha_pdf_writer_ensure_room (writer, height / (double) PANGO_SCALE);
  cairo_move_to (writer->cr, x, writer->y);
  pango_cairo_show_layout (writer->cr, layout);
  writer->y += height / (double) PANGO_SCALE;
}

void
saha_pdf_writer_text (SahaPdfWriter *writer,
                      const char    *string,
                      const char    *font,
                      double         x,
                      double         width)
{
  text_aligned (writer, string, font, x, width, PANGO_ALIGN_LEFT);
}

void
saha_pdf_writer_amount_row (SahaPdfWriter *writer,
                            const char    *text,
                            const char    *amount,
                            const char    *font)
{
  double top = writer->y;
  double after_text;

  /* Room for the taller of the two first, so that both stay on one page. */
  saha_pdf_writer_ensure_room (writer, 14);
  top = writer->y;
  text_aligned (writer, text, font, SAHA_PDF_MARGIN, SAHA_PDF_CONTENT_WIDTH - 160,
                PANGO_ALIGN_LEFT);
  after_text = writer->y;
  writer->y = top;
  text_aligned (writer, amount, font, SAHA_PDF_MARGIN + SAHA_PDF_CONTENT_WIDTH - 150, 150,
                PANGO_ALIGN_RIGHT);
  writer->y = MAX (writer->y, after_text) + 3;
}

void
saha_pdf_writer_paragraph (SahaPdfWriter *writer,
                           const char    *string,
                           const char    *font)
{
  saha_pdf_writer_text (writer, string, font, SAHA_PDF_MARGIN, SAHA_PDF_CONTENT_WIDTH);
  writer->y += 6;
}

void
saha_pdf_writer_heading (SahaPdfWriter *writer,
                         const char    *string)
{
  writer->y += 10;
  saha_pdf_writer_ensure_room (writer, 40);
  saha_pdf_writer_paragraph (writer, string, "Sans Bold 12");
  cairo_set_line_width (writer->cr, 0.5);
  cairo_move_to (writer->cr, SAHA_PDF_MARGIN, writer->y - 3);
  cairo_line_to (writer->cr, SAHA_PDF_MARGIN + SAHA_PDF_CONTENT_WIDTH, writer->y - 3);
  cairo_stroke (writer->cr);
  writer->y += 3;
}

void
saha_pdf_writer_field (SahaPdfWriter *writer,
                       const char    *label,
                       const char    *value)
{
  double top = writer->y;
  double after_label;

  saha_pdf_writer_text (writer, label, "Sans Bold 9.5", SAHA_PDF_MARGIN, 140);
  after_label = writer->y;
  writer->y = top;
  saha_pdf_writer_text (writer, value != NULL && *value != '\0' ? value : "—", "Sans 9.5",
                        SAHA_PDF_MARGIN + 150, SAHA_PDF_CONTENT_WIDTH - 150);
  writer->y = MAX (writer->y, after_label) + 3;
}
