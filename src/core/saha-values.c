/* saha-values.c: the checks that make a field's input canonical (numbers, money, text,
 * dates, choices, references) and record ids; the table itself is in saha-schema.c.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-schema.h"

/* Text fields without a max_length of their own. */
#define DEFAULT_MAX_LENGTH 200

/* ---- messages ---- */

/* The input as a message shows it: long or odd input is cut so a message stays one line. */
static char *
quote_input (const char *input)
{
  g_autofree char *valid = g_utf8_make_valid (input, -1);
  g_autoptr(GString) out = g_string_new ("\"");
  guint n = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (n == 40)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (g_unichar_iscntrl (c))
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_unichar (out, c);
    }
  g_string_append_c (out, '"');

  return g_string_free (g_steal_pointer (&out), FALSE);
}

G_GNUC_PRINTF (4, 5)
static gboolean
invalid (GError             **error,
         const SahaFieldDef  *field,
         const char          *input,
         const char          *format,
         ...)
{
  g_autofree char *quoted = quote_input (input);
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE,
               "%s: %s %s", field->name, quoted, reason);
  return FALSE;
}

/* ---- numbers, without floating point ---- */

static guint64
power_of_ten (guint places)
{
  guint64 p = 1;

  for (guint i = 0; i < places; i++)
    p *= 10;
  return p;
}

typedef enum
{
  NUMBER_OK,
  NUMBER_SYNTAX,
  NUMBER_PLACES,
  NUMBER_OVERFLOW,
} NumberResult;

/* Reads [+-]digits[(.|,)digits] into value * 10^places. Extra places are accepted only
 * when they are zeros ("2.500" for 2 places), since they change nothing. */
static NumberResult
parse_scaled (const char *text,
              guint       places,
              gboolean    allow_fraction,
              gint64     *out)
{
  const char *p = text;
  gboolean negative = FALSE;
  guint64 magnitude = 0;
  guint64 limit;
  guint n_int = 0, n_frac = 0;

  if (*p == '+' || *p == '-')
    negative = (*p++ == '-');
  limit = (guint64) G_MAXINT64 + (negative ? 1 : 0);

  for (; g_ascii_isdigit (*p); p++, n_int++)
    {
      guint d = *p - '0';

      if (magnitude > (limit - d) / 10)
        return NUMBER_OVERFLOW;
      magnitude = magnitude * 10 + d;
    }

  /* Scale the integer part first so that overflow is caught before the fraction. */
  for (guint i = 0; i < places; i++)
    {
      if (magnitude > limit / 10)
        return NUMBER_OVERFLOW;
      magnitude *= 10;
    }

  if (*p == '.' || *p == ',')
    {
      if (!allow_fraction)
        return NUMBER_SYNTAX;
      p++;
      for (; g_ascii_isdigit (*p); p++, n_frac++)
        {
          guint64 d = (guint64) (*p - '0');

          if (n_frac >= places)
            {
              if (d != 0)
                return NUMBER_PLACES;
              continue;
            }
          d *= power_of_ten (places - n_frac - 1);
          if (magnitude > limit - d)
            return NUMBER_OVERFLOW;
          magnitude += d;
        }
      if (n_frac == 0 && n_int == 0)
        return NUMBER_SYNTAX;
    }

  if (*p != '\0' || (n_int == 0 && n_frac == 0))
    return NUMBER_SYNTAX;

  if (negative)
    *out = magnitude == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) magnitude;
  else
    *out = (gint64) magnitude;

  return NUMBER_OK;
}

static char *
format_scaled (gint64   value,
               guint    places,
               gboolean keep_places)
{
  guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
  guint64 scale = power_of_ten (places);
  guint64 whole = magnitude / scale;
  guint64 frac = magnitude % scale;
  GString *out = g_string_new (value < 0 ? "-" : "");

  g_string_append_printf (out, "%" G_GUINT64_FORMAT, whole);
  if (places > 0 && (keep_places || frac != 0))
    {
      g_string_append_printf (out, ".%0*" G_GUINT64_FORMAT, (int) places, frac);
      if (!keep_places)
        while (out->str[out->len - 1] == '0')
          g_string_truncate (out, out->len - 1);
    }

  return g_string_free (out, FALSE);
}

static guint
field_places (const SahaFieldDef *field)
{
  /* Money is always in minor units of two places; more would need a per-currency table. */
  return field->type == SAHA_FIELD_MONEY ? 2 : field->places;
}

/* An amount as people write it in Turkey or elsewhere, to plain digits and one decimal
 * separator: "₺1.250,50", "1.250,50 TL", "1,250.50" and "1 250,50" are 1250,50. A
 * separator that comes more than once, or before the other kind, groups thousands and
 * must be followed by three digits; a space between digits groups them too. Anything
 * else is left as it was, for the number's own check to refuse. */
static char *
money_plain (const char *input)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *text = g_strdup (input);
  const char *last_dot, *last_comma;
  char grouping = '\0';
  char *end;

  /* The currency, before or after the number. */
  if (g_str_has_prefix (text, "₺"))
    memmove (text, text + strlen ("₺"), strlen (text) - strlen ("₺") + 1);
  g_strchomp (text);
  if (g_str_has_suffix (text, "₺"))
    text[strlen (text) - strlen ("₺")] = '\0';
  else if (g_str_has_suffix (text, "TL") || g_str_has_suffix (text, "tl"))
    text[strlen (text) - 2] = '\0';
  g_strstrip (text);

  last_dot = strrchr (text, '.');
  last_comma = strrchr (text, ',');
  if (last_dot != NULL && last_comma != NULL)
    grouping = last_dot < last_comma ? '.' : ',';
  else if (last_dot != NULL && strchr (text, '.') != last_dot)
    grouping = '.';
  else if (last_comma != NULL && strchr (text, ',') != last_comma)
    grouping = ',';

  end = text + strlen (text);
  for (const char *p = text; *p != '\0'; )
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      gboolean space = c == ' ' || c == 0x00A0 || c == 0x202F;

      if ((space || (grouping != '\0' && c == (gunichar) grouping))
          && p > text && g_ascii_isdigit (p[-1]))
        {
          if (end - next < 3 || !g_ascii_isdigit (next[0]) || !g_ascii_isdigit (next[1])
              || !g_ascii_isdigit (next[2]) || g_ascii_isdigit (next[3]))
            return g_strdup (input);
          p = next;
          continue;
        }
      g_string_append_len (out, p, next - p);
      p = next;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
normalize_number (const SahaFieldDef  *field,
                  const char          *input,
                  char               **canonical,
                  GError             **error)
{
  guint places = field->type == SAHA_FIELD_INTEGER ? 0 : field_places (field);
  gint64 value = 0;
  g_autofree char *plain = field->type == SAHA_FIELD_MONEY ? money_plain (input) : NULL;

  switch (parse_scaled (plain != NULL ? plain : input, places,
                        field->type != SAHA_FIELD_INTEGER, &value))
    {
    case NUMBER_OK:
      break;
    case NUMBER_SYNTAX:
      if (field->type == SAHA_FIELD_INTEGER)
        return invalid (error, field, input, "is not a whole number");
      return invalid (error, field, input, "is not a number (write it like 1250.50)");
    case NUMBER_PLACES:
      return invalid (error, field, input, "has more than %u decimal places", places);
    case NUMBER_OVERFLOW:
    default:
      return invalid (error, field, input, "is too large");
    }

  if (field->min_value != 0 || field->max_value != 0)
    {
      if (value < field->min_value)
        {
          g_autofree char *bound = saha_field_int64_to_canonical (field, field->min_value);

          if (field->min_value == 1 && places > 0)
            return invalid (error, field, input, "must be greater than 0");
          return invalid (error, field, input, "must be at least %s", bound);
        }
      if (value > field->max_value)
        {
          g_autofree char *bound = saha_field_int64_to_canonical (field, field->max_value);

          return invalid (error, field, input, "must be at most %s", bound);
        }
    }

  *canonical = saha_field_int64_to_canonical (field, value);
  return TRUE;
}

/**
 * saha_field_is_integer:
 * @field: a field
 *
 * Returns: %TRUE for the types stored as integers (INTEGER, DECIMAL, MONEY and BOOLEAN),
 *   those saha_field_canonical_to_int64() and saha_field_int64_to_canonical() convert
 */
gboolean
saha_field_is_integer (const SahaFieldDef *field)
{
  g_return_val_if_fail (field != NULL, FALSE);

  switch (field->type)
    {
    case SAHA_FIELD_INTEGER:
    case SAHA_FIELD_DECIMAL:
    case SAHA_FIELD_MONEY:
    case SAHA_FIELD_BOOLEAN:
      return TRUE;
    case SAHA_FIELD_TEXT:
    case SAHA_FIELD_TIMESTAMP:
    case SAHA_FIELD_DATE:
    case SAHA_FIELD_TIME_OF_DAY:
    case SAHA_FIELD_ENUM:
    case SAHA_FIELD_ENUM_LIST:
    case SAHA_FIELD_REFERENCE:
    default:
      return FALSE;
    }
}

/**
 * saha_field_canonical_to_int64:
 * @field: an INTEGER, MONEY, DECIMAL or BOOLEAN field
 * @canonical: (nullable): a canonical value of @field
 * @out: (out): the value as an integer: INTEGER as is, MONEY in minor units, DECIMAL
 *   scaled by 10^places, BOOLEAN 0 or 1
 *
 * For storage in integer columns.
 *
 * Returns: %FALSE for %NULL, another field type or a value that is not canonical
 */
gboolean
saha_field_canonical_to_int64 (const SahaFieldDef *field,
                               const char         *canonical,
                               gint64             *out)
{
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (canonical == NULL)
    return FALSE;

  switch (field->type)
    {
    case SAHA_FIELD_INTEGER:
      return parse_scaled (canonical, 0, FALSE, out) == NUMBER_OK;
    case SAHA_FIELD_DECIMAL:
    case SAHA_FIELD_MONEY:
      return parse_scaled (canonical, field_places (field), TRUE, out) == NUMBER_OK;
    case SAHA_FIELD_BOOLEAN:
      if (strcmp (canonical, "true") == 0)
        *out = 1;
      else if (strcmp (canonical, "false") == 0)
        *out = 0;
      else
        return FALSE;
      return TRUE;
    default:
      /* Not stored as an integer (saha_field_is_integer()). */
      return FALSE;
    }
}

/**
 * saha_field_int64_to_canonical:
 * @field: an INTEGER, MONEY, DECIMAL or BOOLEAN field
 * @value: a value as saha_field_canonical_to_int64() gives it
 *
 * Returns: (transfer full): the canonical string; @field must be of one of those types
 */
char *
saha_field_int64_to_canonical (const SahaFieldDef *field,
                               gint64              value)
{
  g_return_val_if_fail (field != NULL, NULL);

  switch (field->type)
    {
    case SAHA_FIELD_INTEGER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value);
    case SAHA_FIELD_DECIMAL:
      return format_scaled (value, field_places (field), FALSE);
    case SAHA_FIELD_MONEY:
      return format_scaled (value, 2, TRUE);
    case SAHA_FIELD_BOOLEAN:
      return g_strdup (value ? "true" : "false");
    default:
      /* Not stored as an integer (saha_field_is_integer()). */
      g_return_val_if_reached (NULL);
    }
}

/**
 * saha_money_parse:
 * @text: (nullable): an amount, as saha_field_normalize() takes it for MONEY
 * @minor_units: (out): the amount in minor units
 * @error: return location for %SAHA_CORE_ERROR_INVALID_VALUE
 *
 * Returns: %TRUE on success, %FALSE with @error set for text that is empty or not an
 *   amount
 */
gboolean
saha_money_parse (const char  *text,
                  gint64      *minor_units,
                  GError     **error)
{
  static const SahaFieldDef money = { .name = "amount", .type = SAHA_FIELD_MONEY, .places = 2 };
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (minor_units != NULL, FALSE);

  if (!saha_field_normalize (&money, text, &canonical, error))
    return FALSE;
  if (canonical == NULL)
    {
      g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE,
                   "amount: a value is required");
      return FALSE;
    }

  return saha_field_canonical_to_int64 (&money, canonical, minor_units);
}

/**
 * saha_money_format:
 * @minor_units: an amount in minor units
 *
 * Returns: (transfer full): its canonical MONEY string ("1250.50"); free with g_free()
 */
char *
saha_money_format (gint64 minor_units)
{
  return format_scaled (minor_units, 2, TRUE);
}

/* ---- the other types ---- */

/* The ISO 3166-1 alpha-2 codes officially assigned (the 249 of the iso-codes list), one
 * string per first letter, each code followed by a space. User-assigned codes (AA, QM-QZ,
 * XA-XZ, ZZ: "XK" for Kosovo among them) and reserved ones are no country. */
static const char iso_3166_alpha2[] =
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ "
  "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ "
  "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ "
  "DE DJ DK DM DO DZ "
  "EC EE EG EH ER ES ET "
  "FI FJ FK FM FO FR "
  "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY "
  "HK HM HN HR HT HU "
  "ID IE IL IM IN IO IQ IR IS IT "
  "JE JM JO JP "
  "KE KG KH KI KM KN KP KR KW KY KZ "
  "LA LB LC LI LK LR LS LT LU LV LY "
  "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ "
  "NA NC NE NF NG NI NL NO NP NR NU NZ "
  "OM "
  "PA PE PF PG PH PK PL PM PN PR PS PT PW PY "
  "QA "
  "RE RO RS RU RW "
  "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ "
  "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ "
  "UA UG UM US UY UZ "
  "VA VC VE VG VI VN VU "
  "WF WS "
  "YE YT "
  "ZA ZM ZW ";

static gboolean
is_iso_3166_alpha2 (const char *code)
{
  for (const char *p = iso_3166_alpha2; *p != '\0'; p += 3)
    if (p[0] == code[0] && p[1] == code[1])
      return TRUE;
  return FALSE;
}

static gboolean
normalize_text (const SahaFieldDef  *field,
                const char          *input,
                char               **canonical,
                GError             **error)
{
  guint max_length = field->max_length ? field->max_length : DEFAULT_MAX_LENGTH;
  gboolean multiline = field->format == SAHA_TEXT_MULTILINE;
  g_autoptr(GString) out = g_string_sized_new (strlen (input));
  glong n_chars;

  /* Line ends are stored as \n only, whatever system typed or exported them. ASCII bytes
   * are copied as they are (their control characters are 0x00-0x1F and 0x7F): decoding
   * and re-encoding every character was most of a write's input normalization. */
  n_chars = 0;
  for (const char *p = input; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = (guchar) *p < 0x80 ? (guchar) *p : g_utf8_get_char (p);

      if (c == '\r' && p[1] == '\n' && multiline)
        continue;
      if ((c < 0x80 ? (c < 0x20 || c == 0x7F) : g_unichar_iscntrl (c)) &&
          !(multiline && (c == '\n' || c == '\t')))
        {
          if (c == '\n' || c == '\r')
            return invalid (error, field, input, "must be a single line");
          return invalid (error, field, input, "contains a control character (U+%04X)", c);
        }
      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      n_chars++;
    }

  if (n_chars > (glong) max_length)
    return invalid (error, field, input, "is longer than %u characters (%ld)",
                    max_length, n_chars);

  switch (field->format)
    {
    case SAHA_TEXT_EMAIL:
      {
        const char *at = strchr (out->str, '@');
        const char *domain = at ? at + 1 : NULL;
        const char *dot = domain ? strrchr (domain, '.') : NULL;
        gboolean ok = at != NULL && at != out->str && strchr (domain, '@') == NULL
                      && dot != NULL && dot != domain && dot[1] != '\0'
                      && strstr (domain, "..") == NULL && domain[0] != '.';

        for (const char *p = out->str; ok && *p != '\0'; p++)
          if (g_ascii_isspace (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>')
            ok = FALSE;
        if (!ok)
          return invalid (error, field, input, "is not an email address like name@example.com");
      }
      break;

    case SAHA_TEXT_PHONE:
      {
        guint n_digits = 0;

        for (const char *p = out->str; *p != '\0'; p++)
          {
            if (g_ascii_isdigit (*p))
              n_digits++;
            else if (strchr ("+()-. ", *p) == NULL)
              return invalid (error, field, input,
                              "is not a phone number (digits, spaces and + ( ) - . only)");
          }
        if (n_digits < 3 || n_digits > 20)
          return invalid (error, field, input, "is not a phone number (3 to 20 digits)");
      }
      break;

    case SAHA_TEXT_COUNTRY:
    case SAHA_TEXT_CURRENCY:
      {
        gsize want = field->format == SAHA_TEXT_COUNTRY ? 2 : 3;
        gboolean ok = out->len == want;

        for (gsize i = 0; ok && i < out->len; i++)
          ok = g_ascii_isalpha (out->str[i]);
        if (!ok)
          return invalid (error, field, input,
                          field->format == SAHA_TEXT_COUNTRY
                          ? "is not a two-letter country code like TR"
                          : "is not a three-letter currency code like TRY");
        for (gsize i = 0; i < out->len; i++)
          out->str[i] = g_ascii_toupper (out->str[i]);
        if (field->format == SAHA_TEXT_COUNTRY && !is_iso_3166_alpha2 (out->str))
          return invalid (error, field, input, "is not an ISO 3166-1 country code like TR");
      }
      break;

    case SAHA_TEXT_PLAIN:
    case SAHA_TEXT_MULTILINE:
    default:
      break;
    }

  *canonical = g_string_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

static gboolean
normalize_timestamp (const SahaFieldDef  *field,
                     const char          *input,
                     char               **canonical,
                     GError             **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (input, local);
  g_autoptr(GDateTime) utc = NULL;

  if (parsed == NULL)
    return invalid (error, field, input,
                    "is not a date and time like 2026-11-25T08:24:53Z");

  utc = g_date_time_to_utc (parsed);
  /* Four-digit years only, so that the canonical form reads back in. */
  if (utc == NULL || g_date_time_get_year (utc) < 1000)
    return invalid (error, field, input, "is out of range");

  *canonical = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  return TRUE;
}

static gboolean
read_digits (const char *p,
             guint       n,
             guint      *out)
{
  *out = 0;
  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      *out = *out * 10 + (p[i] - '0');
    }
  return TRUE;
}

static gboolean
normalize_date (const SahaFieldDef  *field,
                const char          *input,
                char               **canonical,
                GError             **error)
{
  guint y, m, d;

  if (strlen (input) != 10 || input[4] != '-' || input[7] != '-'
      || !read_digits (input, 4, &y) || !read_digits (input + 5, 2, &m)
      || !read_digits (input + 8, 2, &d))
    return invalid (error, field, input, "is not a date like 2026-11-25");

  if (y < 1 || m < 1 || m > 12 || d < 1 || !g_date_valid_dmy (d, m, y))
    return invalid (error, field, input, "is not a real date");

  *canonical = g_strdup (input);
  return TRUE;
}

static gboolean
normalize_time_of_day (const SahaFieldDef  *field,
                       const char          *input,
                       char               **canonical,
                       GError             **error)
{
  const char *colon = strchr (input, ':');
  guint h, m;
  gsize hour_len = colon ? (gsize) (colon - input) : 0;

  if (colon == NULL || hour_len < 1 || hour_len > 2 || strlen (colon + 1) != 2
      || !read_digits (input, hour_len, &h) || !read_digits (colon + 1, 2, &m))
    return invalid (error, field, input, "is not a time of day like 09:30");

  if (h > 23 || m > 59)
    return invalid (error, field, input, "is not a time between 00:00 and 23:59");

  *canonical = g_strdup_printf ("%02u:%02u", h, m);
  return TRUE;
}

static char *
choices_list (const SahaFieldDef *field)
{
  return g_strjoinv (", ", (char **) field->choices);
}

static int
choice_index (const SahaFieldDef *field,
              const char         *value)
{
  for (int i = 0; field->choices[i] != NULL; i++)
    if (g_ascii_strcasecmp (field->choices[i], value) == 0)
      return i;
  return -1;
}

static gboolean
normalize_enum (const SahaFieldDef  *field,
                const char          *input,
                char               **canonical,
                GError             **error)
{
  int i = choice_index (field, input);

  if (i < 0)
    {
      g_autofree char *list = choices_list (field);

      return invalid (error, field, input, "is not one of %s", list);
    }

  *canonical = g_strdup (field->choices[i]);
  return TRUE;
}

static gboolean
normalize_enum_list (const SahaFieldDef  *field,
                     const char          *input,
                     char               **canonical,
                     GError             **error)
{
  g_auto(GStrv) parts = g_strsplit (input, ",", -1);
  guint n_choices = g_strv_length ((char **) field->choices);
  g_autofree gboolean *chosen = g_new0 (gboolean, n_choices);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = g_strstrip (parts[i]);
      int k;

      if (*part == '\0')
        continue;
      k = choice_index (field, part);
      if (k < 0)
        {
          g_autofree char *list = choices_list (field);
          g_autofree char *quoted = quote_input (part);

          return invalid (error, field, input, "has %s, which is not one of %s", quoted, list);
        }
      chosen[k] = TRUE;
    }

  /* Schema order makes "email,sms" and "sms, email" the same value. */
  for (guint k = 0; k < n_choices; k++)
    if (chosen[k])
      g_string_append_printf (out, "%s%s", out->len ? "," : "", field->choices[k]);

  *canonical = out->len ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
  return TRUE;
}

static gboolean
normalize_boolean (const SahaFieldDef  *field,
                   const char          *input,
                   char               **canonical,
                   GError             **error)
{
  static const char * const yes[] = { "true", "yes", "1", "evet", NULL };
  static const char * const no[] = { "false", "no", "0", "hayir", "hayır", NULL };

  for (guint i = 0; yes[i] != NULL; i++)
    if (g_ascii_strcasecmp (input, yes[i]) == 0)
      {
        *canonical = g_strdup ("true");
        return TRUE;
      }
  for (guint i = 0; no[i] != NULL; i++)
    if (g_ascii_strcasecmp (input, no[i]) == 0)
      {
        *canonical = g_strdup ("false");
        return TRUE;
      }

  return invalid (error, field, input, "is not true or false (or yes/no, 1/0)");
}

static gboolean
normalize_reference (const SahaFieldDef  *field,
                     const char          *input,
                     char               **canonical,
                     GError             **error)
{
  g_autofree char *lower = g_ascii_strdown (input, -1);

  if (!saha_id_is_valid (lower))
    return invalid (error, field, input, "is not the id of a %s record", field->target);

  *canonical = g_steal_pointer (&lower);
  return TRUE;
}

/**
 * saha_field_normalize:
 * @field: the field the value is for
 * @input: (nullable): what a person or a file gave
 * @canonical: (out) (transfer full) (nullable): the canonical value; %NULL for %NULL or
 *   blank @input (unset)
 * @error: return location for a #SAHA_CORE_ERROR: %SAHA_CORE_ERROR_INVALID_VALUE with
 *   a message saying what is wrong, %SAHA_CORE_ERROR_TOO_LARGE over %SAHA_MAX_VALUE_BYTES
 *
 * Turns input into the canonical form of @field's type (see saha-schema.h). Whether a
 * required field is set is not checked here (saha_record_check_required()).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_field_normalize (const SahaFieldDef  *field,
                      const char          *input,
                      char               **canonical,
                      GError             **error)
{
  g_autofree char *trimmed = NULL;
  gsize length;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (canonical != NULL, FALSE);

  *canonical = NULL;

  if (input == NULL)
    return TRUE;

  length = strlen (input);
  if (length > SAHA_MAX_VALUE_BYTES)
    {
      g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_TOO_LARGE,
                   "%s: the value is %" G_GSIZE_FORMAT " bytes long, more than the %d allowed",
                   field->name, length, SAHA_MAX_VALUE_BYTES);
      return FALSE;
    }
  if (!g_utf8_validate_len (input, length, NULL))
    {
      g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE,
                   "%s: the value is not valid UTF-8 text", field->name);
      return FALSE;
    }

  trimmed = g_strstrip (g_strdup (input));
  if (*trimmed == '\0')
    return TRUE;

  switch (field->type)
    {
    case SAHA_FIELD_TEXT:
      return normalize_text (field, trimmed, canonical, error);
    case SAHA_FIELD_INTEGER:
    case SAHA_FIELD_DECIMAL:
    case SAHA_FIELD_MONEY:
      return normalize_number (field, trimmed, canonical, error);
    case SAHA_FIELD_TIMESTAMP:
      return normalize_timestamp (field, trimmed, canonical, error);
    case SAHA_FIELD_DATE:
      return normalize_date (field, trimmed, canonical, error);
    case SAHA_FIELD_TIME_OF_DAY:
      return normalize_time_of_day (field, trimmed, canonical, error);
    case SAHA_FIELD_ENUM:
      return normalize_enum (field, trimmed, canonical, error);
    case SAHA_FIELD_ENUM_LIST:
      return normalize_enum_list (field, trimmed, canonical, error);
    case SAHA_FIELD_REFERENCE:
      return normalize_reference (field, trimmed, canonical, error);
    case SAHA_FIELD_BOOLEAN:
      return normalize_boolean (field, trimmed, canonical, error);
    default:
      g_return_val_if_reached (FALSE);
    }
}

/**
 * saha_id_is_valid:
 * @id: (nullable): a candidate record id
 *
 * Returns: %TRUE when @id is a lower-case UUID
 */
gboolean
saha_id_is_valid (const char *id)
{
  if (id == NULL || !g_uuid_string_is_valid (id))
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    if (g_ascii_isupper (*p))
      return FALSE;

  return TRUE;
}

/**
 * saha_id_new:
 *
 * Returns: (transfer full): a new random record id, a lower-case UUID; free with g_free()
 */
char *
saha_id_new (void)
{
  /* g_uuid_string_random() is lower case already; the check documents the invariant. */
  char *id = g_uuid_string_random ();

  g_assert (saha_id_is_valid (id));
  return id;
}
