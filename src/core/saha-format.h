/* saha-format.h: dates, percentages and decimals as people read them in their language.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * One place for how Saha writes values for people (the app's labels, saha-cli's
 * sentences): stored values stay canonical (core's "12.5", UTC ISO 8601); these turn them
 * into text in the language the interface speaks.
 *
 *                   Turkish            English
 *   date            06.12.2026         the locale's date (%x), e.g. 12/06/2026
 *   date and time   06.12.2026 14:30   12/06/2026 14:30
 *   percentage      %20, %12,5         20%, 12.5%
 *   decimal         12,5  1250,50      12.5  1250.50
 *
 * Typed decimals are read by saha_order_parse_decimal() (saha-order-totals.h), which
 * takes either mark ("12,5" and "12.5" in both languages); saha_format_typed_decimal()
 * shows what was typed back with the language's own mark and places, so a discount typed
 * "12,5" in English reads "12.50" like the "0.00" beside it.
 */
typedef enum
{
  SAHA_FORMAT_ENGLISH,
  SAHA_FORMAT_TURKISH,
} SahaFormatStyle;

/* The style of a language tag such as "tr", "tr_TR.UTF-8" or "en_GB". */
SahaFormatStyle saha_format_style_for_language (const char      *language);
/* The style of the language the interface is translated into (LANGUAGE, LC_ALL,
 * LC_MESSAGES, LANG: the first of g_get_language_names()). */
SahaFormatStyle saha_format_style_default      (void);

/* @when in local time: its date, or its date and hours:minutes. */
char           *saha_format_date               (GDateTime       *when,
                                                SahaFormatStyle  style);
char           *saha_format_date_time          (GDateTime       *when,
                                                SahaFormatStyle  style);

/* @number a canonical decimal ("20", "12.5", "-3"); NULL when it is not one. */
char           *saha_format_percent            (const char      *number,
                                                SahaFormatStyle  style);
/* @number a canonical decimal, written with the style's decimal mark and at least
 * @min_places digits after it ("0" with 2: "0,00"); no grouping, so that the text reads
 * back as typed input. NULL when @number is not a canonical decimal. */
char           *saha_format_decimal            (const char      *number,
                                                guint            min_places,
                                                SahaFormatStyle  style);

/* @value scaled by 10^@places (2500 with 3 places is 2.5), written with the style's
 * mark, trailing zeros dropped down to @min_places digits: (2500, 3, 0) "2,5",
 * (1250, 2, 2) "12,50", (3000, 3, 0) "3". */
char           *saha_format_scaled             (gint64           value,
                                                guint            places,
                                                guint            min_places,
                                                SahaFormatStyle  style);
/* @text as a person typed it into a decimal field ("12,5", "12.5", " 1.250,5 "), shown
 * back as saha_format_scaled() writes it; NULL when @text is not a number with at most
 * @places decimals (the field keeps what was typed and says why). */
char           *saha_format_typed_decimal      (const char      *text,
                                                guint            places,
                                                guint            min_places,
                                                SahaFormatStyle  style);

/* A length of time in whole minutes as people say it: "45 min", "2 h", "1 h 30 min"
 * (Turkish "1 sa 30 dk"), translated. */
char           *saha_format_duration           (gint64           minutes);
/* Reads a length typed by a person: minutes ("90"), hours and minutes ("1:30"), or hours
 * with either decimal mark ("1,5 h", "1.5 sa"); *@minutes is set to the whole minutes.
 * FALSE with @error (SAHA_CORE_ERROR_INVALID_VALUE, a translated sentence) when @text is none
 * of those or not above zero. */
gboolean        saha_parse_duration            (const char      *text,
                                                gint64          *minutes,
                                                GError         **error);

G_END_DECLS
