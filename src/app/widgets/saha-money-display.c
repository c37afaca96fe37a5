/* saha-money-display.c: money as people read it in their language ("1.250,50 ₺", "₺1,250.50").
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-core.h"

#include "saha-money-display.h"

/* Symbols for the currencies Saha's customers trade in; any other shows its ISO code,
 * which nobody misreads. */
static const struct
{
  const char *code;
  const char *symbol;
} currency_symbols[] = {
  { "TRY", "₺" },
  { "EUR", "€" },
  { "USD", "$" },
  { "GBP", "£" },
};

static const char *
symbol_for (const char *currency)
{
  for (guint i = 0; i < G_N_ELEMENTS (currency_symbols); i++)
    if (g_strcmp0 (currency_symbols[i].code, currency) == 0)
      return currency_symbols[i].symbol;

  return NULL;
}

SahaMoneyStyle
saha_money_style_for_language (const char *language)
{
  if (language != NULL && g_ascii_strncasecmp (language, "tr", 2) == 0
      && (language[2] == '\0' || language[2] == '_' || language[2] == '-'
          || language[2] == '.' || language[2] == '@'))
    return SAHA_MONEY_STYLE_TURKISH;

  return SAHA_MONEY_STYLE_ENGLISH;
}

SahaMoneyStyle
saha_money_style_default (void)
{
  /* The first entry is what gettext translates the interface into, so amounts match the
   * words around them. */
  const char * const *names = g_get_language_names ();

  return saha_money_style_for_language (names[0]);
}

/* "1234567" -> "1.234.567" with @separator between groups of three. */
static void
append_grouped (GString    *out,
                const char *digits,
                const char *separator)
{
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
}

char *
saha_money_display (const char     *canonical,
                    const char     *currency,
                    SahaMoneyStyle  style)
{
  gint64 minor;
  guint64 magnitude;
  g_autofree char *whole = NULL;
  g_autofree char *cents = NULL;
  const char *symbol;
  GString *out;

  if (canonical == NULL || !saha_money_parse (canonical, &minor, NULL))
    return NULL;

  if (currency == NULL || *currency == '\0')
    currency = "TRY";
  symbol = symbol_for (currency);

  magnitude = minor < 0 ? (guint64) -(minor + 1) + 1 : (guint64) minor;
  whole = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / 100);
  cents = g_strdup_printf ("%02u", (guint) (magnitude % 100));

  out = g_string_new (minor < 0 ? "-" : "");

  if (style == SAHA_MONEY_STYLE_TURKISH)
    {
      append_grouped (out, whole, ".");
      g_string_append_printf (out, ",%s %s", cents, symbol != NULL ? symbol : currency);
    }
  else
    {
      if (symbol != NULL)
        g_string_append (out, symbol);
      else
        g_string_append_printf (out, "%s ", currency);
      append_grouped (out, whole, ",");
      g_string_append_printf (out, ".%s", cents);
    }

  return g_string_free (out, FALSE);
}
