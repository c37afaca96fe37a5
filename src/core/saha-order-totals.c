/* saha-order-totals.c: order line and order totals in exact integer minor units.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rounding rule, which the office's invoices must reproduce to the kuruş:
 *
 *   line net   = round (quantity × unit price × (100 % − discount %))
 *   line VAT   = round (line net × VAT %)
 *   line gross = line net + line VAT
 *   order net, VAT and gross are the sums of the lines' rounded amounts.
 *
 * "round" is half away from zero, done once per amount on the exact integer product:
 * quantity_milli × unit_price_minor × (10000 − discount_bp) is the net in units of
 * 10^-7 kuruş, divided by 10^7 with that rounding; the VAT is net × vat_percent divided
 * by 100 with the same rounding. No floating point anywhere, so every replica, the
 * server and a spreadsheet done by hand agree.
 *
 * Pure arithmetic with no GTK, so it lives in core: the order editor, the service report
 * and the analytics' revenue (saha_line_net() in SQL, src/store) share it.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "saha-order-totals.h"

G_DEFINE_QUARK (saha-order-totals-error-quark, saha_order_totals_error)

/* 64 × 64 × 14 bits: the product of a line fits in 128. */
G_GNUC_EXTENSION typedef unsigned __int128 Wide;

/**
 * saha_order_round_div:
 * @numerator: the dividend
 * @denominator: the divisor, not 0
 *
 * Integer division rounding half away from zero.
 *
 * Returns: the rounded quotient
 */
gint64
saha_order_round_div (gint64 numerator,
                      gint64 denominator)
{
  gint64 quotient, remainder;
  gboolean negative;
  guint64 abs_remainder, abs_denominator;

  g_return_val_if_fail (denominator != 0, 0);

  quotient = numerator / denominator;
  remainder = numerator % denominator;
  negative = (numerator < 0) != (denominator < 0);
  abs_remainder = remainder < 0 ? (guint64) -(remainder + 1) + 1 : (guint64) remainder;
  abs_denominator = denominator < 0 ? (guint64) -(denominator + 1) + 1 : (guint64) denominator;

  /* C truncates toward zero; a remainder of at least half moves one step further
   * from zero. 2 × remainder cannot overflow: |remainder| < |denominator| <= 2^63. */
  if (abs_remainder * 2 >= abs_denominator)
    quotient += negative ? -1 : 1;

  return quotient;
}

static gboolean
checked_mul (guint64  a,
             guint64  b,
             guint64 *product,
             GError **error)
{
  if (!g_uint64_checked_mul (product, a, b) || *product > G_MAXINT64)
    {
      g_set_error_literal (error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_OVERFLOW,
                           _("The amount is too large"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
divide_rounded (Wide     numerator,
                guint64  divisor,
                gint64  *result)
{
  /* Non-negative, so half away from zero is adding half the divisor. */
  Wide quotient = (numerator + divisor / 2) / divisor;

  if (quotient > (Wide) G_MAXINT64)
    return FALSE;
  *result = (gint64) quotient;
  return TRUE;
}

/**
 * saha_money_scale:
 * @amount: a non-negative amount
 * @factor: a non-negative factor
 * @divisor: a positive divisor
 * @result: (out): round (@amount × @factor / @divisor), half away from zero
 *
 * The product is formed in 128 bits.
 *
 * Returns: %FALSE when the result does not fit in 64 bits
 */
gboolean
saha_money_scale (gint64  amount,
                  gint64  factor,
                  gint64  divisor,
                  gint64 *result)
{
  g_return_val_if_fail (amount >= 0 && factor >= 0 && divisor > 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  return divide_rounded ((Wide) (guint64) amount * (guint64) factor, (guint64) divisor,
                         result);
}

/**
 * saha_order_line_net:
 * @quantity_milli: the quantity in thousandths, non-negative
 * @unit_price_minor: the unit price in minor units, non-negative
 * @discount_bp: the discount in hundredths of a percent, 0..10000
 * @net: (out): the line's net in minor units
 * @error: return location for %SAHA_ORDER_TOTALS_ERROR_OVERFLOW
 *
 * The one rule for a line's net, used by the order editor, the report and the analytics.
 *
 * Returns: %TRUE on success, %FALSE with @error set when the net does not fit in 64 bits
 */
gboolean
saha_order_line_net (gint64   quantity_milli,
                     gint64   unit_price_minor,
                     gint64   discount_bp,
                     gint64  *net,
                     GError **error)
{
  g_return_val_if_fail (quantity_milli >= 0 && unit_price_minor >= 0, FALSE);
  g_return_val_if_fail (discount_bp >= 0 && discount_bp <= 10000, FALSE);
  g_return_val_if_fail (net != NULL, FALSE);

  if (!divide_rounded ((Wide) (guint64) quantity_milli * (guint64) unit_price_minor
                       * (guint64) (10000 - discount_bp), 10000000, net))
    {
      g_set_error_literal (error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_OVERFLOW,
                           _("The amount is too large"));
      return FALSE;
    }
  return TRUE;
}

/**
 * saha_order_line_amounts:
 * @line: one order line, scaled to integers
 * @amounts: (out caller-allocates): the line's net, VAT and gross
 * @error: return location for a #SAHA_ORDER_TOTALS_ERROR: %SAHA_ORDER_TOTALS_ERROR_INVALID
 *   for a value out of range, %SAHA_ORDER_TOTALS_ERROR_OVERFLOW for an amount beyond 64 bits
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_order_line_amounts (const SahaOrderLineInput *line,
                         SahaOrderAmounts         *amounts,
                         GError                  **error)
{
  guint64 product;
  gint64 net;

  g_return_val_if_fail (line != NULL, FALSE);
  g_return_val_if_fail (amounts != NULL, FALSE);

  if (line->quantity_milli < 0 || line->unit_price_minor < 0
      || line->discount_bp < 0 || line->discount_bp > 10000
      || line->vat_percent < 0 || line->vat_percent > 100)
    {
      g_set_error_literal (error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_INVALID,
                           _("A quantity, price, discount or VAT rate is out of range"));
      return FALSE;
    }

  if (!saha_order_line_net (line->quantity_milli, line->unit_price_minor, line->discount_bp,
                            &net, error))
    return FALSE;

  if (!checked_mul ((guint64) net, (guint64) line->vat_percent, &product, error))
    return FALSE;

  amounts->net = net;
  amounts->vat = saha_order_round_div ((gint64) product, 100);
  if (!g_uint64_checked_add (&product, (guint64) amounts->net, (guint64) amounts->vat)
      || product > G_MAXINT64)
    {
      g_set_error_literal (error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_OVERFLOW,
                           _("The amount is too large"));
      return FALSE;
    }
  amounts->gross = (gint64) product;

  return TRUE;
}

/**
 * saha_order_total_amounts:
 * @lines: (array length=n_lines): the order's lines
 * @n_lines: the number of lines
 * @amounts: (out caller-allocates): the sums of the lines' amounts
 * @error: return location for a #SAHA_ORDER_TOTALS_ERROR, as saha_order_line_amounts(),
 *   or %SAHA_ORDER_TOTALS_ERROR_OVERFLOW when a sum does not fit
 *
 * Each line is rounded on its own and the results are added.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_order_total_amounts (const SahaOrderLineInput *lines,
                          guint                     n_lines,
                          SahaOrderAmounts         *amounts,
                          GError                  **error)
{
  SahaOrderAmounts sum = { 0, 0, 0 };

  g_return_val_if_fail (lines != NULL || n_lines == 0, FALSE);
  g_return_val_if_fail (amounts != NULL, FALSE);

  for (guint i = 0; i < n_lines; i++)
    {
      SahaOrderAmounts line;
      guint64 net, vat;

      if (!saha_order_line_amounts (&lines[i], &line, error))
        return FALSE;

      if (!g_uint64_checked_add (&net, (guint64) sum.net, (guint64) line.net)
          || !g_uint64_checked_add (&vat, (guint64) sum.vat, (guint64) line.vat)
          || net > G_MAXINT64 || vat > G_MAXINT64 || net + vat > G_MAXINT64)
        {
          g_set_error_literal (error, SAHA_ORDER_TOTALS_ERROR,
                               SAHA_ORDER_TOTALS_ERROR_OVERFLOW, _("The amount is too large"));
          return FALSE;
        }
      sum.net = (gint64) net;
      sum.vat = (gint64) vat;
      sum.gross = sum.net + sum.vat;
    }

  *amounts = sum;
  return TRUE;
}

/**
 * saha_order_parse_decimal:
 * @text: (nullable): a decimal typed by a person, with "," or "." as decimal mark and
 *   optional grouping
 * @places: the digits after the point to scale by, at most 6
 * @value: (out): @text scaled by 10^@places
 * @error: return location for a #SAHA_ORDER_TOTALS_ERROR with a message for the person:
 *   %SAHA_ORDER_TOTALS_ERROR_INVALID for text that is not a non-negative number or has
 *   more than @places decimals, %SAHA_ORDER_TOTALS_ERROR_OVERFLOW when it is too large
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_order_parse_decimal (const char *text,
                          guint       places,
                          gint64     *value,
                          GError    **error)
{
  g_autofree char *trimmed = NULL;
  const char *last_dot, *last_comma;
  char decimal_mark = '\0';
  gint64 whole = 0, fraction = 0;
  guint n_fraction = 0;
  gboolean seen_digit = FALSE;

  g_return_val_if_fail (value != NULL, FALSE);
  g_return_val_if_fail (places <= 6, FALSE);

  trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_INVALID,
                           _("Enter a number"));
      return FALSE;
    }

  /* People type both "2,5" and "2.5" whatever their language. When both marks occur,
   * the last one is the decimal mark ("1.250,75", "1,250.75"); a mark that occurs once
   * on its own is the decimal mark; one that occurs more often groups thousands. */
  last_dot = strrchr (trimmed, '.');
  last_comma = strrchr (trimmed, ',');
  if (last_dot != NULL && last_comma != NULL)
    decimal_mark = last_dot > last_comma ? '.' : ',';
  else if (last_dot != NULL && strchr (trimmed, '.') == last_dot)
    decimal_mark = '.';
  else if (last_comma != NULL && strchr (trimmed, ',') == last_comma)
    decimal_mark = ',';

  for (const char *p = trimmed; *p != '\0'; p++)
    {
      if (*p == decimal_mark)
        {
          decimal_mark = '\0';   /* only once */
          n_fraction = 0;
          fraction = 0;
          for (p++; *p != '\0'; p++)
            {
              if (!g_ascii_isdigit (*p))
                goto invalid;
              if (++n_fraction > places)
                {
                  g_set_error (error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_INVALID,
                               ngettext ("Use at most %u decimal place",
                                         "Use at most %u decimal places", places), places);
                  return FALSE;
                }
              fraction = fraction * 10 + (*p - '0');
              seen_digit = TRUE;
            }
          break;
        }
      else if (*p == '.' || *p == ',')
        continue;   /* a thousands separator */
      else if (g_ascii_isdigit (*p))
        {
          if (whole > (G_MAXINT64 - 9) / 10)
            goto too_large;
          whole = whole * 10 + (*p - '0');
          seen_digit = TRUE;
        }
      else if (*p == '-')
        {
          g_set_error_literal (error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_INVALID,
                               _("Enter a number that is not negative"));
          return FALSE;
        }
      else
        goto invalid;
    }

  if (!seen_digit)
    goto invalid;

  for (guint i = n_fraction; i < places; i++)
    fraction *= 10;
  for (guint i = 0; i < places; i++)
    {
      if (whole > G_MAXINT64 / 10)
        goto too_large;
      whole *= 10;
    }
  if (whole > G_MAXINT64 - fraction)
    goto too_large;

  *value = whole + fraction;
  return TRUE;

invalid:
  g_set_error_literal (error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_INVALID,
                       _("Enter a number such as 2 or 2,5"));
  return FALSE;

too_large:
  g_set_error_literal (error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_OVERFLOW,
                       _("The number is too large"));
  return FALSE;
}
