/* saha-format.c: dates, percentages and decimals as people read them in their language.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "saha-format.h"
#include "saha-schema.h"
#include "saha-order-totals.h"

/**
 * saha_format_style_for_language:
 * @language: (nullable): a language tag such as "tr", "tr_TR.UTF-8" or "en_GB"
 *
 * Returns: %SAHA_FORMAT_TURKISH for Turkish, %SAHA_FORMAT_ENGLISH for anything else
 */
SahaFormatStyle
saha_format_style_for_language (const char *language)
{
  if (language != NULL && g_ascii_strncasecmp (language, "tr", 2) == 0 &&
      (language[2] == '\0' || language[2] == '_' || language[2] == '-' ||
       language[2] == '.' || language[2] == '@'))
    return SAHA_FORMAT_TURKISH;

  return SAHA_FORMAT_ENGLISH;
}

/**
 * saha_format_style_default:
 *
 * Returns: the style of the language the interface is translated into, the first of
 *   g_get_language_names()
 */
SahaFormatStyle
saha_format_style_default (void)
{
  /* The first entry is what gettext translates the interface into, so values match the
   * words around them. */
  return saha_format_style_for_language (g_get_language_names ()[0]);
}

/**
 * saha_format_date:
 * @when: a date and time; it is shown as it is, so pass local time
 * @style: the language's style
 *
 * Returns: (transfer full): the date ("06.12.2026" in Turkish, the locale's %x in English);
 *   free with g_free()
 */
char *
saha_format_date (GDateTime       *when,
                  SahaFormatStyle  style)
{
  g_return_val_if_fail (when != NULL, NULL);

  /* tr_TR's own %x is "06-12-2026"; a Turkish reader writes dates with dots. */
  return g_date_time_format (when, style == SAHA_FORMAT_TURKISH ? "%d.%m.%Y" : "%x");
}

/**
 * saha_format_date_time:
 * @when: a date and time; it is shown as it is, so pass local time
 * @style: the language's style
 *
 * Returns: (transfer full): the date with hours and minutes; free with g_free()
 */
char *
saha_format_date_time (GDateTime       *when,
                       SahaFormatStyle  style)
{
  g_return_val_if_fail (when != NULL, NULL);

  return g_date_time_format (when, style == SAHA_FORMAT_TURKISH ? "%d.%m.%Y %H:%M" : "%x %H:%M");
}

/* TRUE when @number is "-"? digits ("." digits)? */
static gboolean
is_canonical_decimal (const char *number)
{
  const char *p = number;
  gboolean digits = FALSE, point = FALSE;

  if (p == NULL)
    return FALSE;
  if (*p == '-')
    p++;
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits = TRUE;
      else if (*p == '.' && digits && !point && p[1] != '\0')
        point = TRUE;
      else
        return FALSE;
    }

  return digits;
}

/**
 * saha_format_decimal:
 * @number: (nullable): a canonical decimal
 * @min_places: the fewest digits shown after the decimal mark
 * @style: the language's style
 *
 * Writes @number with the language's decimal mark and no grouping, so that it reads back
 * as typed input.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when @number is not a canonical
 *   decimal
 */
char *
saha_format_decimal (const char      *number,
                     guint            min_places,
                     SahaFormatStyle  style)
{
  GString *text;
  const char *point;
  guint places;

  if (!is_canonical_decimal (number))
    return NULL;

  text = g_string_new (number);
  point = strchr (number, '.');
  places = point != NULL ? strlen (point + 1) : 0;
  if (places < min_places)
    {
      if (point == NULL)
        g_string_append_c (text, '.');
      for (; places < min_places; places++)
        g_string_append_c (text, '0');
    }
  if (style == SAHA_FORMAT_TURKISH)
    g_strdelimit (text->str, ".", ',');

  return g_string_free (text, FALSE);
}

/**
 * saha_format_percent:
 * @number: (nullable): a canonical decimal such as "12.5"
 * @style: the language's style
 *
 * Returns: (transfer full) (nullable): "%12,5" in Turkish, "12.5%" in English; %NULL when
 *   @number is not a canonical decimal
 */
char *
saha_format_percent (const char      *number,
                     SahaFormatStyle  style)
{
  g_autofree char *value = saha_format_decimal (number, 0, style);

  if (value == NULL)
    return NULL;

  /* Turkish writes the sign first and close: "%20"; English after: "20%". */
  if (style == SAHA_FORMAT_TURKISH)
    return g_strconcat ("%", value, NULL);
  return g_strconcat (value, "%", NULL);
}

/**
 * saha_format_scaled:
 * @value: an integer scaled by 10^@places (2500 with 3 places is 2.5)
 * @places: the digits after the point @value is scaled by, at most 6
 * @min_places: the fewest digits shown after the decimal mark; trailing zeros beyond it
 *   are dropped
 * @style: the language's style
 *
 * Returns: (transfer full): @value written with the style's decimal mark; free with g_free()
 */
char *
saha_format_scaled (gint64          value,
                    guint           places,
                    guint           min_places,
                    SahaFormatStyle style)
{
  g_autofree char *canonical = NULL;
  guint64 magnitude, scale = 1;
  gsize length;

  g_return_val_if_fail (places <= 6, NULL);

  for (guint i = 0; i < places; i++)
    scale *= 10;
  /* G_MININT64 has no positive counterpart in gint64, but has one in guint64. */
  magnitude = value < 0 ? (guint64) -(value + 1) + 1 : (guint64) value;
  if (places == 0)
    canonical = g_strdup_printf ("%s%" G_GUINT64_FORMAT, value < 0 ? "-" : "", magnitude);
  else
    canonical = g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                                 value < 0 ? "-" : "", magnitude / scale, (int) places,
                                 magnitude % scale);

  /* "2.500" reads as "2.5" and "3.000" as "3", down to the places the field always shows. */
  length = strlen (canonical);
  for (guint shown = places; shown > min_places && canonical[length - 1] == '0'; shown--)
    canonical[--length] = '\0';
  if (canonical[length - 1] == '.')
    canonical[--length] = '\0';

  return saha_format_decimal (canonical, 0, style);
}

/**
 * saha_format_typed_decimal:
 * @text: (nullable): what a person typed into a decimal field ("12,5", " 1.250,5 ")
 * @places: the most decimals the field takes
 * @min_places: as for saha_format_scaled()
 * @style: the language's style
 *
 * Returns: (transfer full) (nullable): @text shown back as saha_format_scaled() writes it,
 *   or %NULL when it is not a number with at most @places decimals
 */
char *
saha_format_typed_decimal (const char      *text,
                           guint            places,
                           guint            min_places,
                           SahaFormatStyle  style)
{
  gint64 value;

  if (!saha_order_parse_decimal (text, places, &value, NULL))
    return NULL;

  return saha_format_scaled (value, places, MIN (min_places, places), style);
}

/**
 * saha_format_duration:
 * @minutes: a length of time in minutes, not negative (up to G_MAXINT hours)
 *
 * Returns: (transfer full): "45 min", "2 h" or "1 h 30 min", in the interface's language
 */
char *
saha_format_duration (gint64 minutes)
{
  gint64 hours = minutes / 60;
  gint64 rest = minutes % 60;

  if (hours == 0)
    /* Translators: a duration in minutes, short: "45 min" */
    return g_strdup_printf (_("%d min"), (int) rest);
  if (rest == 0)
    /* Translators: a duration in whole hours, short: "2 h" */
    return g_strdup_printf (_("%d h"), (int) hours);
  /* Translators: a duration in hours and minutes, short: "1 h 30 min" */
  return g_strdup_printf (_("%d h %d min"), (int) hours, (int) rest);
}

/**
 * saha_parse_duration:
 * @text: what a person typed: "90", "1:30", "1,5 h", "1.5 sa", "2 saat"
 * @minutes: (out): the length in whole minutes
 * @error: return location for a translated %SAHA_CORE_ERROR_INVALID_VALUE
 *
 * Reads a length of time in minutes, hours and minutes, or hours (with either decimal
 * mark, rounded to the minute).
 *
 * Returns: %TRUE when @text is a length above zero
 */
gboolean
saha_parse_duration (const char  *text,
                     gint64      *minutes,
                     GError     **error)
{
  g_autofree char *copy = NULL;
  int hours = 0, mins = 0, used = 0;
  char *end = NULL;
  gint64 value = -1;

  g_return_val_if_fail (text != NULL && minutes != NULL, FALSE);

  copy = g_strstrip (g_strdup (text));
  if (sscanf (copy, "%d:%2d%n", &hours, &mins, &used) == 2 && copy[used] == '\0'
      && hours >= 0 && mins >= 0 && mins < 60)
    value = (gint64) hours * 60 + mins;
  else if (g_ascii_isdigit (copy[0]))
    {
      gint64 whole = g_ascii_strtoll (copy, &end, 10);
      gint64 tenths = 0, scale = 1;
      const char *unit;

      if ((*end == ',' || *end == '.') && g_ascii_isdigit (end[1]))
        for (end++; g_ascii_isdigit (*end) && scale < 1000; end++)
          {
            tenths = tenths * 10 + (*end - '0');
            scale *= 10;
          }
      unit = end;
      while (*unit == ' ')
        unit++;
      if (*unit == '\0' || g_str_equal (unit, "min") || g_str_equal (unit, "dk")
          || g_str_equal (unit, "m"))
        value = scale == 1 ? whole : -1;
      else if (g_str_equal (unit, "h") || g_str_equal (unit, "sa") || g_str_equal (unit, "saat"))
        value = whole * 60 + (tenths * 60 + scale / 2) / scale;
    }

  if (value <= 0 || value > 24 * 60)
    {
      g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE,
                   _("“%s” is not a length of time: write minutes (90) or hours and minutes "
                     "(1:30), at most a day"), copy);
      return FALSE;
    }
  *minutes = value;
  return TRUE;
}
