/* saha-report-service-call.c: the service report of one call, a PDF made offline with cairo.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "saha-money-display.h"
#include "saha-order-totals.h"
#include "saha-pdf-writer.h"
#include "saha-report-service-call.h"
#include "saha-signature-pad.h"

#define MARGIN SAHA_PDF_MARGIN
#define CONTENT_WIDTH SAHA_PDF_CONTENT_WIDTH

typedef SahaPdfWriter Report;

static char *
local_time (const char *timestamp)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (timestamp == NULL)
    return g_strdup ("—");

  utc = g_date_time_new_from_iso8601 (timestamp, NULL);
  if (utc == NULL)
    return g_strdup (timestamp);
  local = g_date_time_to_local (utc);
  return saha_format_date_time (local, saha_format_style_default ());
}

static GPtrArray *
list_parts (SahaStore   *store,
            const char  *call_id,
            GError     **error)
{
  SahaFieldInput where[] = { { "service_call", call_id } };
  SahaQuery query = { .where = where, .n_where = G_N_ELEMENTS (where) };

  return saha_store_list (store, "service_part", &query, error);
}

static gboolean
draw_report (SahaStore   *store,
             const char  *call_id,
             Report      *report,
             GError     **error)
{
  g_autoptr(SahaRecord) call = NULL;
  g_autoptr(SahaRecord) customer = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  SahaMoneyStyle style = saha_money_style_default ();
  g_autofree char *title = NULL;
  g_autofree char *scheduled = NULL, *started = NULL, *resolved = NULL, *closed = NULL;
  g_autofree char *generated = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *signature;
  gint64 parts_total = 0;
  cairo_t *cr = report->cr;

  call = saha_store_get (store, "service_call", call_id, error);
  if (call == NULL)
    return FALSE;
  customer = saha_store_get (store, "customer", saha_record_get (call, "customer"), error);
  if (customer == NULL)
    return FALSE;
  parts = list_parts (store, call_id, error);
  if (parts == NULL)
    return FALSE;

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  report->y = MARGIN;

  title = g_strdup_printf (_("Service report %s"), saha_record_get (call, "number"));
  saha_pdf_writer_paragraph (report, title, "Sans Bold 18");
  generated = saha_format_date_time (now, saha_format_style_default ());
  {
    g_autofree char *line = g_strdup_printf (_("Made by Saha on %s"), generated);

    saha_pdf_writer_paragraph (report, line, "Sans 8");
  }

  saha_pdf_writer_heading (report, _("Customer"));
  saha_pdf_writer_field (report, _("Name"), saha_record_get (customer, "name"));
  saha_pdf_writer_field (report, _("Address"), saha_record_get (customer, "address"));
  saha_pdf_writer_field (report, _("City"), saha_record_get (customer, "city"));
  saha_pdf_writer_field (report, _("Phone"), saha_record_get (customer, "phone"));

  saha_pdf_writer_heading (report, _("Call"));
  saha_pdf_writer_field (report, _("Number"), saha_record_get (call, "number"));
  saha_pdf_writer_field (report, _("Problem"), saha_record_get (call, "problem"));
  saha_pdf_writer_field (report, _("Technician"), saha_record_get (call, "assigned_to"));
  scheduled = local_time (saha_record_get (call, "scheduled_at"));
  started = local_time (saha_record_get (call, "started_at"));
  resolved = local_time (saha_record_get (call, "resolved_at"));
  closed = local_time (saha_record_get (call, "closed_at"));
  saha_pdf_writer_field (report, _("Scheduled"), scheduled);
  saha_pdf_writer_field (report, _("Work started"), started);
  saha_pdf_writer_field (report, _("Resolved"), resolved);
  saha_pdf_writer_field (report, _("Closed"), closed);
  {
    const char *minutes = saha_record_get (call, "labour_minutes");
    guint n = (guint) CLAMP (minutes != NULL ? g_ascii_strtoll (minutes, NULL, 10) : 0,
                             0, G_MAXUINT);
    g_autofree char *labour = g_strdup_printf (ngettext ("%u minute", "%u minutes", n), n);

    saha_pdf_writer_field (report, _("Labour"), labour);
  }

  saha_pdf_writer_heading (report, _("Parts used"));
  if (parts->len == 0)
    saha_pdf_writer_paragraph (report, _("No parts were used."), "Sans 9.5");
  for (guint i = 0; i < parts->len; i++)
    {
      SahaRecord *part = g_ptr_array_index (parts, i);
      g_autoptr(SahaRecord) product = saha_store_get (store, "product",
                                                      saha_record_get (part, "product"), NULL);
      const char *quantity = saha_record_get (part, "quantity");
      const char *price = saha_record_get (part, "unit_price");
      g_autofree char *price_text = saha_money_display (price, NULL, style);
      g_autofree char *name = NULL;
      g_autofree char *line = NULL;
      gint64 quantity_milli = 0, price_minor = 0;
      SahaOrderLineInput input;
      SahaOrderAmounts amounts = { 0 };
      g_autofree char *canonical = NULL;
      g_autofree char *total_text = NULL;

      if (quantity != NULL)
        saha_order_parse_decimal (quantity, 3, &quantity_milli, NULL);
      if (price != NULL)
        saha_money_parse (price, &price_minor, NULL);
      input = (SahaOrderLineInput) { quantity_milli, price_minor, 0, 0 };
      if (saha_order_line_amounts (&input, &amounts, NULL))
        parts_total += amounts.net;
      canonical = saha_money_format (amounts.net);
      total_text = saha_money_display (canonical, NULL, style);

      name = product != NULL ? g_strdup_printf ("%s  %s", saha_record_get (product, "sku"),
                                                saha_record_get (product, "name"))
                             : g_strdup (saha_record_get (part, "product"));
      /* Translators: a part on the service report: quantity × unit price = total */
      line = g_strdup_printf (_("%s × %s = %s"), quantity != NULL ? quantity : "—",
                              price_text != NULL ? price_text : "—", total_text);
      saha_pdf_writer_field (report, name, line);
    }
  if (parts->len > 0)
    {
      g_autofree char *canonical = saha_money_format (parts_total);
      g_autofree char *total_text = saha_money_display (canonical, NULL, style);

      saha_pdf_writer_field (report, _("Parts total"), total_text);
    }

  saha_pdf_writer_heading (report, _("Resolution"));
  saha_pdf_writer_paragraph (report, saha_record_get (call, "resolution") != NULL
                     ? saha_record_get (call, "resolution") : "—", "Sans 9.5");

  saha_pdf_writer_heading (report, _("Customer’s signature"));
  saha_pdf_writer_ensure_room (report, 150);
  signature = saha_record_get (call, "signature");
  cairo_save (cr);
  cairo_set_line_width (cr, 0.5);
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_rectangle (cr, MARGIN, report->y, 300, 100);
  cairo_stroke (cr);
  cairo_restore (cr);
  if (signature == NULL || !saha_signature_render (signature, cr, MARGIN, report->y, 300, 100))
    {
      double top = report->y;

      report->y += 40;
      saha_pdf_writer_text (report, _("Not signed"), "Sans Italic 9.5", MARGIN + 110, 180);
      report->y = top;
    }
  report->y += 106;
  {
    const char *signed_by = saha_record_get (call, "signed_by");
    g_autofree char *line = g_strdup_printf (_("Signed by: %s"),
                                             signed_by != NULL ? signed_by : "—");

    saha_pdf_writer_paragraph (report, line, "Sans 9.5");
  }

  return TRUE;
}

gboolean
saha_report_service_call_draw (SahaStore   *store,
                               const char  *call_id,
                               cairo_t     *cr,
                               GError     **error)
{
  Report report = { .cr = cr, .surface = NULL };

  g_return_val_if_fail (SAHA_IS_STORE (store), FALSE);
  g_return_val_if_fail (call_id != NULL, FALSE);

  return draw_report (store, call_id, &report, error);
}

gboolean
saha_report_service_call_write_pdf (SahaStore   *store,
                                    const char  *call_id,
                                    const char  *path,
                                    GError     **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  Report report;
  cairo_status_t status;
  gboolean ok;

  g_return_val_if_fail (SAHA_IS_STORE (store), FALSE);
  g_return_val_if_fail (call_id != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  surface = cairo_pdf_surface_create (path, SAHA_REPORT_PAGE_WIDTH, SAHA_REPORT_PAGE_HEIGHT);
  cr = cairo_create (surface);
  report = (Report) { .cr = cr, .surface = surface };

  ok = draw_report (store, call_id, &report, error);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (ok && status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (path);

  return ok;
}
