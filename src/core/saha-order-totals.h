/* saha-order-totals.h: order line and order totals in exact integer minor units.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SAHA_ORDER_TOTALS_ERROR (saha_order_totals_error_quark ())

typedef enum
{
  SAHA_ORDER_TOTALS_ERROR_INVALID,    /* not a number, too many decimals, out of range */
  SAHA_ORDER_TOTALS_ERROR_OVERFLOW,   /* an amount beyond what 64 bits hold */
} SahaOrderTotalsError;

GQuark saha_order_totals_error_quark (void);

/* One order line, every value scaled to an integer: quantity in thousandths (2.5 ->
 * 2500), unit price in minor units (kuruş), discount in hundredths of a percent
 * (12.5 % -> 1250), VAT in whole percent (0, 1, 10, 20). */
typedef struct
{
  gint64 quantity_milli;
  gint64 unit_price_minor;
  gint64 discount_bp;
  gint64 vat_percent;
} SahaOrderLineInput;

typedef struct
{
  gint64 net;     /* after discount, before VAT */
  gint64 vat;
  gint64 gross;   /* net + vat */
} SahaOrderAmounts;

/* Integer division rounding half away from zero: 5/2 -> 3, -5/2 -> -3, 4/3 -> 1. */
gint64   saha_order_round_div       (gint64                    numerator,
                                     gint64                    denominator);

/* round (@amount × @factor / @divisor), half away from zero, for non-negative money
 * (labour: minutes × hourly rate / 60). The product is formed in 128 bits; FALSE when the
 * result does not fit in 64. */
gboolean saha_money_scale           (gint64                    amount,
                                     gint64                    factor,
                                     gint64                    divisor,
                                     gint64                   *result);

/* The net of one line, round (@quantity_milli × @unit_price_minor × (10000 −
 * @discount_bp) / 10^7), exact on the full product (which may pass 2^63 when the net
 * does not). The arguments must be in range (see saha_order_line_amounts()); fails with
 * SAHA_ORDER_TOTALS_ERROR_OVERFLOW when the net does not fit in 64 bits. The order
 * editor, the report and the analytics' revenue all use this one rule. */
gboolean saha_order_line_net        (gint64                    quantity_milli,
                                     gint64                    unit_price_minor,
                                     gint64                    discount_bp,
                                     gint64                   *net,
                                     GError                  **error);
gboolean saha_order_line_amounts    (const SahaOrderLineInput *line,
                                     SahaOrderAmounts         *amounts,
                                     GError                  **error);
/* Sums of the lines' amounts (each line rounded on its own, see the .c file). */
gboolean saha_order_total_amounts   (const SahaOrderLineInput *lines,
                                     guint                     n_lines,
                                     SahaOrderAmounts         *amounts,
                                     GError                  **error);

/* A decimal typed by a person, "2,5", "2.5", "1.250,75" or "1,250.75", as an integer
 * scaled by 10^@places. Fails, with a message for the person, on anything else, on more
 * than @places decimals and on negative numbers. */
gboolean saha_order_parse_decimal   (const char               *text,
                                     guint                     places,
                                     gint64                   *value,
                                     GError                  **error);

G_END_DECLS
