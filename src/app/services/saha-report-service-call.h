/* saha-report-service-call.h: the service report of one call, a PDF made offline with cairo.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "saha-store.h"

G_BEGIN_DECLS

/* A4 in PostScript points. */
#define SAHA_REPORT_PAGE_WIDTH  595.0
#define SAHA_REPORT_PAGE_HEIGHT 842.0

/* Labour is charged with this VAT rate (the standard rate for services in Turkey). */
#define SAHA_REPORT_LABOUR_VAT_PERCENT 20

/* Writes the report of service call @call_id to @path: number, customer, problem,
 * times, parts, labour (its amount at @hourly_rate, minor units per hour; 0 leaves the
 * amount out), the totals with VAT, the resolution and the customer's signature. */
gboolean saha_report_service_call_write_pdf (SahaStore   *store,
                                             const char  *call_id,
                                             gint64       hourly_rate,
                                             const char  *path,
                                             GError     **error);

/* Draws the report's first page onto @cr (A4 in points), for previews. */
gboolean saha_report_service_call_draw      (SahaStore   *store,
                                             const char  *call_id,
                                             gint64       hourly_rate,
                                             cairo_t     *cr,
                                             GError     **error);

G_END_DECLS
