/* test-money-display.c: amounts read the way each language writes them.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-money-display.h"

static void
check (const char     *canonical,
       const char     *currency,
       SahaMoneyStyle  style,
       const char     *expected)
{
  g_autofree char *shown = saha_money_display (canonical, currency, style);

  g_assert_cmpstr (shown, ==, expected);
}

static void
test_turkish (void)
{
  check ("1250.50", "TRY", SAHA_MONEY_STYLE_TURKISH, "1.250,50 ₺");
  check ("1250.50", NULL, SAHA_MONEY_STYLE_TURKISH, "1.250,50 ₺");
  check ("0.05", "TRY", SAHA_MONEY_STYLE_TURKISH, "0,05 ₺");
  check ("999.00", "TRY", SAHA_MONEY_STYLE_TURKISH, "999,00 ₺");
  check ("1234567.89", "EUR", SAHA_MONEY_STYLE_TURKISH, "1.234.567,89 €");
  check ("-3.00", "TRY", SAHA_MONEY_STYLE_TURKISH, "-3,00 ₺");
  check ("12.00", "CHF", SAHA_MONEY_STYLE_TURKISH, "12,00 CHF");
}

static void
test_english (void)
{
  check ("1250.50", "TRY", SAHA_MONEY_STYLE_ENGLISH, "₺1,250.50");
  check ("1000000.00", "USD", SAHA_MONEY_STYLE_ENGLISH, "$1,000,000.00");
  check ("100000.00", "GBP", SAHA_MONEY_STYLE_ENGLISH, "£100,000.00");
  check ("-1250.50", "TRY", SAHA_MONEY_STYLE_ENGLISH, "-₺1,250.50");
  check ("12.00", "CHF", SAHA_MONEY_STYLE_ENGLISH, "CHF 12.00");
  check ("0.00", "TRY", SAHA_MONEY_STYLE_ENGLISH, "₺0.00");
}

static void
test_invalid (void)
{
  g_assert_null (saha_money_display (NULL, "TRY", SAHA_MONEY_STYLE_ENGLISH));
  g_assert_null (saha_money_display ("twelve", "TRY", SAHA_MONEY_STYLE_TURKISH));
}

static void
test_language (void)
{
  g_assert_cmpint (saha_money_style_for_language ("tr"), ==, SAHA_MONEY_STYLE_TURKISH);
  g_assert_cmpint (saha_money_style_for_language ("tr_TR.UTF-8"), ==, SAHA_MONEY_STYLE_TURKISH);
  g_assert_cmpint (saha_money_style_for_language ("tr-CY"), ==, SAHA_MONEY_STYLE_TURKISH);
  g_assert_cmpint (saha_money_style_for_language ("en_GB"), ==, SAHA_MONEY_STYLE_ENGLISH);
  g_assert_cmpint (saha_money_style_for_language ("C"), ==, SAHA_MONEY_STYLE_ENGLISH);
  /* Turkmen is not Turkish. */
  g_assert_cmpint (saha_money_style_for_language ("tk"), ==, SAHA_MONEY_STYLE_ENGLISH);
  g_assert_cmpint (saha_money_style_for_language ("trv"), ==, SAHA_MONEY_STYLE_ENGLISH);

  g_setenv ("LANGUAGE", "tr", TRUE);
  g_setenv ("LC_ALL", "tr_TR.UTF-8", TRUE);
  g_assert_cmpint (saha_money_style_default (), ==, SAHA_MONEY_STYLE_TURKISH);
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("LC_ALL", "en_US.UTF-8", TRUE);
  g_assert_cmpint (saha_money_style_default (), ==, SAHA_MONEY_STYLE_ENGLISH);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/app/money/turkish", test_turkish);
  g_test_add_func ("/app/money/english", test_english);
  g_test_add_func ("/app/money/invalid", test_invalid);
  g_test_add_func ("/app/money/language", test_language);

  return g_test_run ();
}
