/* test-order-totals.c: order line and order totals against amounts computed by hand.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "saha-core.h"

static void
test_round_div (void)
{
  g_assert_cmpint (saha_order_round_div (5, 2), ==, 3);
  g_assert_cmpint (saha_order_round_div (-5, 2), ==, -3);
  g_assert_cmpint (saha_order_round_div (7, 2), ==, 4);
  g_assert_cmpint (saha_order_round_div (-7, 2), ==, -4);
  g_assert_cmpint (saha_order_round_div (4, 3), ==, 1);
  g_assert_cmpint (saha_order_round_div (-4, 3), ==, -1);
  g_assert_cmpint (saha_order_round_div (2, 3), ==, 1);
  g_assert_cmpint (saha_order_round_div (1, 3), ==, 0);
  g_assert_cmpint (saha_order_round_div (0, 7), ==, 0);
  g_assert_cmpint (saha_order_round_div (14999999, 10000000), ==, 1);
  g_assert_cmpint (saha_order_round_div (15000000, 10000000), ==, 2);
}

typedef struct
{
  SahaOrderLineInput line;
  gint64 net, vat, gross;
} LineCase;

/* Each worked by hand: quantity × price × (1 − discount), rounded half away from zero,
 * then VAT on the rounded net, rounded the same way. */
static const LineCase line_cases[] = {
  /* 2.500 × 12.99 = 32.475 -> 32.48; VAT 20 % of 32.48 = 6.496 -> 6.50 */
  { { 2500, 1299, 0, 20 }, 3248, 650, 3898 },
  /* 1 × 100.00 − 12.5 % = 87.50; VAT 10 % = 8.75 */
  { { 1000, 10000, 1250, 10 }, 8750, 875, 9625 },
  /* 0.333 × 0.10 = 0.0333 -> 0.03; VAT 1 % = 0.0003 -> 0.00 */
  { { 333, 10, 0, 1 }, 3, 0, 3 },
  /* 3 × 0.05 − 50 % = 0.075 -> 0.08 (the half goes up); VAT 20 % = 0.016 -> 0.02 */
  { { 3000, 5, 5000, 20 }, 8, 2, 10 },
  /* 1.001 × 999.99 − 33.33 % = 667.360026… -> 667.36; VAT 20 % = 133.472 -> 133.47 */
  { { 1001, 99999, 3333, 20 }, 66736, 13347, 80083 },
  /* 100 % discount: nothing to pay */
  { { 5000, 4550, 10000, 20 }, 0, 0, 0 },
  /* VAT 0 */
  { { 1000, 123456, 0, 0 }, 123456, 0, 123456 },
};

static void
test_line_amounts (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (line_cases); i++)
    {
      SahaOrderAmounts amounts;
      g_autoptr(GError) error = NULL;

      g_test_message ("line case %u", i);
      g_assert_true (saha_order_line_amounts (&line_cases[i].line, &amounts, &error));
      g_assert_no_error (error);
      g_assert_cmpint (amounts.net, ==, line_cases[i].net);
      g_assert_cmpint (amounts.vat, ==, line_cases[i].vat);
      g_assert_cmpint (amounts.gross, ==, line_cases[i].gross);
    }
}

static void
test_order_amounts (void)
{
  SahaOrderLineInput lines[] = {
    line_cases[0].line, line_cases[1].line, line_cases[3].line,
  };
  SahaOrderAmounts amounts;
  g_autoptr(GError) error = NULL;

  /* The sums of the rounded lines, not the rounding of a sum: 32.48 + 87.50 + 0.08. */
  g_assert_true (saha_order_total_amounts (lines, G_N_ELEMENTS (lines), &amounts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (amounts.net, ==, 12006);
  g_assert_cmpint (amounts.vat, ==, 1527);
  g_assert_cmpint (amounts.gross, ==, 13533);

  g_assert_true (saha_order_total_amounts (NULL, 0, &amounts, &error));
  g_assert_cmpint (amounts.gross, ==, 0);
}

static void
test_overflow_and_range (void)
{
  SahaOrderLineInput huge = { G_MAXINT64 / 2, 1000, 0, 20 };
  SahaOrderLineInput bad_discount = { 1000, 1000, 10001, 20 };
  SahaOrderAmounts amounts;
  g_autoptr(GError) error = NULL;

  g_assert_false (saha_order_line_amounts (&huge, &amounts, &error));
  g_assert_error (error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_OVERFLOW);
  g_clear_error (&error);

  g_assert_false (saha_order_line_amounts (&bad_discount, &amounts, &error));
  g_assert_error (error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_INVALID);
}

/* The order editor and the analytics' revenue (saha_line_net() in SQL) share one line
 * net: a product past 2^63 before the division still gives the exact amount when the
 * amount itself fits, in both. */
static void
test_line_net_wide_product (void)
{
  SahaOrderLineInput line = { G_GINT64_CONSTANT (1000000000000), 10000000, 0, 0 };
  SahaOrderAmounts amounts;
  gint64 net = -1;
  g_autoptr(GError) error = NULL;

  g_assert_true (saha_order_line_net (line.quantity_milli, line.unit_price_minor, 0, &net,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (net, ==, G_GINT64_CONSTANT (10000000000000000));

  g_assert_true (saha_order_line_amounts (&line, &amounts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (amounts.net, ==, G_GINT64_CONSTANT (10000000000000000));
  g_assert_cmpint (amounts.gross, ==, amounts.net);

  g_assert_false (saha_order_line_net (G_MAXINT64, G_MAXINT64, 0, &net, &error));
  g_assert_error (error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_OVERFLOW);
}

static void
test_parse_decimal (void)
{
  static const struct
  {
    const char *text;
    guint       places;
    gint64      value;
  } good[] = {
    { "2,5", 3, 2500 },
    { "2.5", 3, 2500 },
    { " 3 ", 3, 3000 },
    { "0,001", 3, 1 },
    { "1.250,75", 2, 125075 },
    { "1,250.75", 2, 125075 },
    { "1.250.000", 0, 1250000 },
    { "12,5", 2, 1250 },
    { "100", 2, 10000 },
  };
  static const char * const bad[] = { "", "abc", "-1", "2,5x", "0,0005", "1,2,3.4.5", "," };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 value = -1;
      g_autoptr(GError) error = NULL;

      g_test_message ("parsing %s", good[i].text);
      g_assert_true (saha_order_parse_decimal (good[i].text, good[i].places, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (value, ==, good[i].value);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 value = -1;
      g_autoptr(GError) error = NULL;

      g_test_message ("refusing %s", bad[i]);
      g_assert_false (saha_order_parse_decimal (bad[i], 3, &value, &error));
      g_assert_nonnull (error);
      g_assert_cmpint (value, ==, -1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/order-totals/round-half-away-from-zero", test_round_div);
  g_test_add_func ("/core/order-totals/line", test_line_amounts);
  g_test_add_func ("/core/order-totals/order", test_order_amounts);
  g_test_add_func ("/core/order-totals/overflow-and-range", test_overflow_and_range);
  g_test_add_func ("/core/order-totals/parse-decimal", test_parse_decimal);
  g_test_add_func ("/core/order-totals/line-net-wide-product", test_line_net_wide_product);

  return g_test_run ();
}
