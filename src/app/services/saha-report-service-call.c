/* saha-report-service-call.c: the service report of one call, a PDF made offline with cairo.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <pango/pangocairo.h>

#include "saha-money-display.h"
#include "saha-order-totals.h"
#include "saha-pdf-writer.h"
#include "saha-report-service-call.h"
#include "saha-signature-pad.h"
#include "saha-sync-users.h"

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

/*
 * The report is for the customer: it speaks the customer's language (the customer's
 * "language" field), whatever the technician's interface speaks. gettext has no
 * per-call language, so for the few milliseconds of drawing LANGUAGE names the customer's
 * and glibc's catalogue cache is told to forget (the counter GNU gettext documents for
 * this); a "C" message locale, under which gettext ignores LANGUAGE, is replaced for this
 * thread alone by C.UTF-8. Reports are drawn on the main thread.
 */
typedef struct
{
  gboolean  switched;
  char     *saved;          /* LANGUAGE before, NULL when it was unset */
  locale_t  thread_locale;  /* (nullable) */
  locale_t  previous;
} LanguageSwitch;

#ifdef __GLIBC__
extern int _nl_msg_cat_cntr;
#endif

static void
language_switch_begin (LanguageSwitch *sw,
                       const char     *language)
{
  const char *messages = setlocale (LC_MESSAGES, NULL);

  memset (sw, 0, sizeof *sw);
  if (language == NULL || *language == '\0'
      || g_str_has_prefix (g_get_language_names ()[0], language))
    return;
  sw->switched = TRUE;
  sw->saved = g_strdup (g_getenv ("LANGUAGE"));
  g_setenv ("LANGUAGE", language, TRUE);
  if (messages == NULL || g_str_equal (messages, "C") || g_str_equal (messages, "POSIX"))
    {
      sw->thread_locale = newlocale (LC_MESSAGES_MASK, "C.UTF-8", duplocale (LC_GLOBAL_LOCALE));
      if (sw->thread_locale != (locale_t) 0)
        sw->previous = uselocale (sw->thread_locale);
    }
#ifdef __GLIBC__
  ++_nl_msg_cat_cntr;
#endif
}

static void
language_switch_end (LanguageSwitch *sw)
{
  if (!sw->switched)
    return;
  if (sw->saved != NULL)
    g_setenv ("LANGUAGE", sw->saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  if (sw->thread_locale != (locale_t) 0)
    {
      uselocale (sw->previous);
      freelocale (sw->thread_locale);
    }
#ifdef __GLIBC__
  ++_nl_msg_cat_cntr;
#endif
  g_clear_pointer (&sw->saved, g_free);
  sw->switched = FALSE;
}

static char *
money_text (gint64         minor,
            SahaMoneyStyle style)
{
  g_autofree char *canonical = saha_money_format (minor);

  return saha_money_display (canonical, NULL, style);
}

/* The company's name, address, tax numbers and contacts, as the server gave them. */
static void
draw_company (Report          *report,
              SahaSyncCompany *company)
{
  g_autoptr(GString) contact = g_string_new (NULL);

  if (company->name == NULL)
    return;
  saha_pdf_writer_text (report, company->name, "Sans Bold 12", MARGIN, CONTENT_WIDTH);
  if (company->address != NULL)
    saha_pdf_writer_text (report, company->address, "Sans 8.5", MARGIN, CONTENT_WIDTH);
  if (company->tax_office != NULL || company->tax_id != NULL)
    {
      g_autofree char *line = NULL;

      if (company->tax_office != NULL && company->tax_id != NULL)
        /* Translators: the company's tax office and tax number on a service report */
        line = g_strdup_printf (_("Tax office %s, tax number %s"), company->tax_office,
                                company->tax_id);
      else if (company->tax_id != NULL)
        line = g_strdup_printf (_("Tax number %s"), company->tax_id);
      else
        line = g_strdup_printf (_("Tax office %s"), company->tax_office);
      saha_pdf_writer_text (report, line, "Sans 8.5", MARGIN, CONTENT_WIDTH);
    }
  if (company->phone != NULL)
    g_string_append (contact, company->phone);
  if (company->email != NULL)
    g_string_append_printf (contact, "%s%s", contact->len > 0 ? " · " : "", company->email);
  if (contact->len > 0)
    saha_pdf_writer_text (report, contact->str, "Sans 8.5", MARGIN, CONTENT_WIDTH);
  report->y += 10;
}

static GPtrArray *
list_parts (SahaStore   *store,
            const char  *call_id,
            GError     **error)
{
  SahaFieldInput where[] = { { "service_call", call_id } };
  /* In the order they were added, as the call's page lists them. */
  SahaQuery query = { .where = where, .n_where = G_N_ELEMENTS (where), .order_by = "rowid" };

  return saha_store_list (store, "service_part", &query, error);
}

static gboolean
draw_report_now (SahaStore   *store,
                 const char  *call_id,
                 gint64       hourly_rate,
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
  g_autofree char *technician = NULL;
  g_autoptr(SahaSyncCompany) company = saha_sync_company_load_cached (store);
  gint64 parts_total = 0, parts_vat = 0;
  gint64 labour_net = 0, labour_vat = 0;
  guint minutes_n = 0;
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
  draw_company (report, company);

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
  technician = saha_sync_user_display_name (store, saha_record_get (call, "assigned_to"));
  saha_pdf_writer_field (report, _("Technician"), technician);
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

    minutes_n = (guint) CLAMP (minutes != NULL ? g_ascii_strtoll (minutes, NULL, 10) : 0,
                               0, G_MAXUINT);
  }

  saha_pdf_writer_heading (report, _("Parts and labour"));
  if (parts->len == 0)
    saha_pdf_writer_paragraph (report, _("No parts were used."), "Sans 9.5");
  for (guint i = 0; i < parts->len; i++)
    {
      SahaRecord *part = g_ptr_array_index (parts, i);
      g_autoptr(SahaRecord) product = saha_store_get (store, "product",
                                                      saha_record_get (part, "product"), NULL);
      const char *quantity = saha_record_get (part, "quantity");
      const char *price = saha_record_get (part, "unit_price");
      const char *vat_rate = product != NULL ? saha_record_get (product, "vat_rate") : NULL;
      g_autofree char *price_text = saha_money_display (price, NULL, style);
      g_autofree char *quantity_text = NULL;
      g_autofree char *line = NULL;
      g_autofree char *total_text = NULL;
      gint64 quantity_milli = 0, price_minor = 0;
      SahaOrderLineInput input;
      SahaOrderAmounts amounts = { 0 };

      if (quantity != NULL)
        saha_order_parse_decimal (quantity, 3, &quantity_milli, NULL);
      if (price != NULL)
        saha_money_parse (price, &price_minor, NULL);
      /* A product without a rate is taxed at the standard 20 %. */
      input = (SahaOrderLineInput) { quantity_milli, price_minor, 0,
                                     vat_rate != NULL ? g_ascii_strtoll (vat_rate, NULL, 10) : 20 };
      if (saha_order_line_amounts (&input, &amounts, NULL))
        {
          parts_total += amounts.net;
          parts_vat += amounts.vat;
        }
      total_text = money_text (amounts.net, style);
      quantity_text = quantity != NULL ? saha_format_typed_decimal (quantity, 3, 0, saha_format_style_default ())
                                       : g_strdup ("—");
      /* With its unit ("2,5 m"), as the catalogue sells it. */
      if (quantity_text != NULL && product != NULL && saha_record_get (product, "unit") != NULL)
        {
          char *with_unit = g_strdup_printf ("%s %s", quantity_text,
                                             saha_record_get (product, "unit"));

          g_free (quantity_text);
          quantity_text = with_unit;
        }
      /* Translators: a part on the service report: SKU and name, quantity × unit price */
      line = g_strdup_printf (_("%s %s, %s × %s"),
                              product != NULL ? saha_record_get (product, "sku") : "",
                              product != NULL ? saha_record_get (product, "name")
                                              : saha_record_get (part, "product"),
                              quantity_text != NULL ? quantity_text : quantity,
                              price_text != NULL ? price_text : "—");
      saha_pdf_writer_amount_row (report, line, total_text, "Sans 9.5");
    }

  /* Labour: the minutes at the company's hourly rate (the server's setting), else at the
   * one of Preferences (@hourly_rate); no rate, no amount. */
  {
    g_autofree char *duration = g_strdup_printf (ngettext ("Labour, %u minute",
                                                           "Labour, %u minutes", minutes_n),
                                                 minutes_n);
    gint64 rate = hourly_rate;

    if (company->labour_rate != NULL)
      saha_money_parse (company->labour_rate, &rate, NULL);
    if (rate > 0 && saha_money_scale (rate, minutes_n, 60, &labour_net))
      {
        g_autofree char *rate_text = money_text (rate, style);
        g_autofree char *line = NULL;
        g_autofree char *amount_text = money_text (labour_net, style);
        SahaOrderLineInput input = { 1000, labour_net, 0,
                                     company->labour_vat != NULL
                                     ? g_ascii_strtoll (company->labour_vat, NULL, 10)
                                     : SAHA_REPORT_LABOUR_VAT_PERCENT };
        SahaOrderAmounts amounts = { 0 };

        if (saha_order_line_amounts (&input, &amounts, NULL))
          labour_vat = amounts.vat;
        /* Translators: labour on the service report: "Labour, 65 minutes at 850,00 ₺ an hour" */
        line = g_strdup_printf (_("%s at %s an hour"), duration, rate_text);
        saha_pdf_writer_amount_row (report, line, amount_text, "Sans 9.5");
      }
    else
      {
        labour_net = 0;
        saha_pdf_writer_amount_row (report, duration, "—", "Sans 9.5");
      }
  }

  report->y += 4;
  {
    g_autofree char *net = money_text (parts_total + labour_net, style);
    g_autofree char *vat = money_text (parts_vat + labour_vat, style);
    g_autofree char *gross = money_text (parts_total + labour_net + parts_vat + labour_vat, style);

    saha_pdf_writer_amount_row (report, _("Total before VAT"), net, "Sans 9.5");
    saha_pdf_writer_amount_row (report, _("VAT"), vat, "Sans 9.5");
    saha_pdf_writer_amount_row (report, _("Grand total"), gross, "Sans Bold 10");
  }

  saha_pdf_writer_heading (report, _("Resolution"));
  saha_pdf_writer_paragraph (report, saha_record_get (call, "resolution") != NULL
                     ? saha_record_get (call, "resolution") : "—", "Sans 9.5");

  /* The heading stays on the page of the box it names. */
  saha_pdf_writer_ensure_room (report, 190);
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

/* Draws in the language of the call's customer. */
static gboolean
draw_report (SahaStore   *store,
             const char  *call_id,
             gint64       hourly_rate,
             Report      *report,
             GError     **error)
{
  g_autoptr(SahaRecord) call = saha_store_get (store, "service_call", call_id, error);
  g_autoptr(SahaRecord) customer = NULL;
  LanguageSwitch sw;
  gboolean ok;

  if (call == NULL)
    return FALSE;
  customer = saha_store_get (store, "customer", saha_record_get (call, "customer"), NULL);
  language_switch_begin (&sw, customer != NULL ? saha_record_get (customer, "language") : NULL);
  ok = draw_report_now (store, call_id, hourly_rate, report, error);
  language_switch_end (&sw);
  return ok;
}

gboolean
saha_report_service_call_draw (SahaStore   *store,
                               const char  *call_id,
                               gint64       hourly_rate,
                               cairo_t     *cr,
                               GError     **error)
{
  Report report = { .cr = cr, .surface = NULL };

  g_return_val_if_fail (SAHA_IS_STORE (store), FALSE);
  g_return_val_if_fail (call_id != NULL, FALSE);

  return draw_report (store, call_id, hourly_rate, &report, error);
}

gboolean
saha_report_service_call_write_pdf (SahaStore   *store,
                                    const char  *call_id,
                                    gint64       hourly_rate,
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

  ok = draw_report (store, call_id, hourly_rate, &report, error);
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
