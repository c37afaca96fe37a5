/* test-format.c: dates, percentages and decimals in Turkish and in English.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>

#include "saha-core.h"

static void
check (char       *text,
       const char *expected)
{
  g_assert_cmpstr (text, ==, expected);
  g_free (text);
}

static void
test_dates (void)
{
  g_autoptr(GTimeZone) istanbul = g_time_zone_new_identifier ("+03:00");
  g_autoptr(GDateTime) when = g_date_time_new (istanbul, 2026, 12, 6, 14, 30, 5);

  /* Turkish: dots, whatever the locale's own date is (tr_TR writes 06-12-2026) */
  check (saha_format_date (when, SAHA_FORMAT_TURKISH), "06.12.2026");
  check (saha_format_date_time (when, SAHA_FORMAT_TURKISH), "06.12.2026 14:30");
  if (setlocale (LC_ALL, "tr_TR.UTF-8") != NULL)
    check (saha_format_date (when, SAHA_FORMAT_TURKISH), "06.12.2026");

  /* English: the locale's date, as before */
  if (setlocale (LC_ALL, "en_US.UTF-8") != NULL)
    {
      check (saha_format_date (when, SAHA_FORMAT_ENGLISH), "12/06/2026");
      check (saha_format_date_time (when, SAHA_FORMAT_ENGLISH), "12/06/2026 14:30");
    }
  else
    g_test_message ("en_US.UTF-8 is not installed: the English date is not checked");
  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_percent (void)
{
  check (saha_format_percent ("20", SAHA_FORMAT_TURKISH), "%20");
  check (saha_format_percent ("20", SAHA_FORMAT_ENGLISH), "20%");
  check (saha_format_percent ("12.5", SAHA_FORMAT_TURKISH), "%12,5");
  check (saha_format_percent ("12.5", SAHA_FORMAT_ENGLISH), "12.5%");
  check (saha_format_percent ("0", SAHA_FORMAT_TURKISH), "%0");
  g_assert_null (saha_format_percent ("20 %", SAHA_FORMAT_ENGLISH));
  g_assert_null (saha_format_percent (NULL, SAHA_FORMAT_ENGLISH));
}

static void
test_decimal (void)
{
  check (saha_format_decimal ("12.5", 0, SAHA_FORMAT_TURKISH), "12,5");
  check (saha_format_decimal ("12.5", 0, SAHA_FORMAT_ENGLISH), "12.5");
  check (saha_format_decimal ("0", 2, SAHA_FORMAT_TURKISH), "0,00");
  check (saha_format_decimal ("0", 2, SAHA_FORMAT_ENGLISH), "0.00");
  check (saha_format_decimal ("1250.5", 2, SAHA_FORMAT_TURKISH), "1250,50");
  check (saha_format_decimal ("-3", 1, SAHA_FORMAT_ENGLISH), "-3.0");
  check (saha_format_decimal ("2.125", 2, SAHA_FORMAT_ENGLISH), "2.125");
  g_assert_null (saha_format_decimal ("12,5", 0, SAHA_FORMAT_ENGLISH));
  g_assert_null (saha_format_decimal ("1.", 0, SAHA_FORMAT_ENGLISH));
  g_assert_null (saha_format_decimal ("", 0, SAHA_FORMAT_ENGLISH));
}

/* Whatever mark a person types, the field shows the number back in the language's own
 * way, like the fields around it: English "12,5" reads "12.50" beside "0.00". */
static void
test_typed_decimal (void)
{
  check (saha_format_typed_decimal ("12,5", 2, 2, SAHA_FORMAT_ENGLISH), "12.50");
  check (saha_format_typed_decimal ("12.5", 2, 2, SAHA_FORMAT_ENGLISH), "12.50");
  check (saha_format_typed_decimal ("12.5", 2, 2, SAHA_FORMAT_TURKISH), "12,50");
  check (saha_format_typed_decimal ("12,5", 2, 2, SAHA_FORMAT_TURKISH), "12,50");
  check (saha_format_typed_decimal (" 1.250,5 ", 2, 2, SAHA_FORMAT_TURKISH), "1250,50");
  check (saha_format_typed_decimal ("1,250.5", 2, 2, SAHA_FORMAT_ENGLISH), "1250.50");
  /* quantities: as many places as typed, none for a whole number */
  check (saha_format_typed_decimal ("2,500", 3, 0, SAHA_FORMAT_ENGLISH), "2.5");
  check (saha_format_typed_decimal ("2.5", 3, 0, SAHA_FORMAT_TURKISH), "2,5");
  check (saha_format_typed_decimal ("3", 3, 0, SAHA_FORMAT_TURKISH), "3");
  check (saha_format_typed_decimal ("0,125", 3, 0, SAHA_FORMAT_ENGLISH), "0.125");
  /* what is not a number is left for the field to explain */
  g_assert_null (saha_format_typed_decimal ("2,5 m", 3, 0, SAHA_FORMAT_ENGLISH));
  g_assert_null (saha_format_typed_decimal ("1,2345", 3, 0, SAHA_FORMAT_TURKISH));
  g_assert_null (saha_format_typed_decimal ("", 2, 2, SAHA_FORMAT_TURKISH));

  check (saha_format_scaled (1250, 2, 2, SAHA_FORMAT_TURKISH), "12,50");
  check (saha_format_scaled (1250, 2, 0, SAHA_FORMAT_ENGLISH), "12.5");
  check (saha_format_scaled (0, 2, 2, SAHA_FORMAT_ENGLISH), "0.00");
  check (saha_format_scaled (3000, 3, 0, SAHA_FORMAT_TURKISH), "3");
  check (saha_format_scaled (-2500, 3, 1, SAHA_FORMAT_TURKISH), "-2,5");
  check (saha_format_scaled (G_MININT64, 0, 0, SAHA_FORMAT_ENGLISH), "-9223372036854775808");
}

/* The style follows the language the interface is translated into. */
static void
test_duration (void)
{
  static const struct { const char *text; gint64 minutes; } good[] = {
    { "90", 90 }, { " 45 ", 45 }, { "1:30", 90 }, { "0:05", 5 }, { "2 h", 120 },
    { "1,5 sa", 90 }, { "1.5 h", 90 }, { "2 saat", 120 }, { "40 dk", 40 }, { "24:00", 1440 },
  };
  static const char * const bad[] = {
    "", "0", "-30", "1:75", "abc", "1,5", "25 h", "90 days", "1:30:00", "1441",
  };
  const char * const shown[][2] = { { "45", "45 min" }, { "120", "2 h" }, { "90", "1 h 30 min" } };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minutes = -1;

      g_assert_true (saha_parse_duration (good[i].text, &minutes, &error));
      g_assert_no_error (error);
      g_assert_cmpint (minutes, ==, good[i].minutes);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minutes = -1;

      g_assert_false (saha_parse_duration (bad[i], &minutes, &error));
      g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE);
      g_assert_cmpint (minutes, ==, -1);
    }
  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      g_autofree char *text = saha_format_duration (g_ascii_strtoll (shown[i][0], NULL, 10));

      g_assert_cmpstr (text, ==, shown[i][1]);
    }
}

static void
test_style (void)
{
  g_assert_cmpint (saha_format_style_for_language ("tr"), ==, SAHA_FORMAT_TURKISH);
  g_assert_cmpint (saha_format_style_for_language ("tr_TR.UTF-8"), ==, SAHA_FORMAT_TURKISH);
  g_assert_cmpint (saha_format_style_for_language ("en_GB"), ==, SAHA_FORMAT_ENGLISH);
  g_assert_cmpint (saha_format_style_for_language ("tk"), ==, SAHA_FORMAT_ENGLISH);
  g_assert_cmpint (saha_format_style_for_language ("trx"), ==, SAHA_FORMAT_ENGLISH);
  g_assert_cmpint (saha_format_style_for_language (NULL), ==, SAHA_FORMAT_ENGLISH);

  g_setenv ("LANGUAGE", "tr", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_assert_cmpint (saha_format_style_default (), ==, SAHA_FORMAT_TURKISH);
  g_setenv ("LANGUAGE", "en", TRUE);
  g_assert_cmpint (saha_format_style_default (), ==, SAHA_FORMAT_ENGLISH);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/format/dates", test_dates);
  g_test_add_func ("/core/format/percent", test_percent);
  g_test_add_func ("/core/format/decimal", test_decimal);
  g_test_add_func ("/core/format/typed-decimal", test_typed_decimal);
  g_test_add_func ("/core/format/style", test_style);
  g_test_add_func ("/core/format/duration", test_duration);

  return g_test_run ();
}
