/* saha-text.c: the Turkish and ASCII foldings that search indexes and queries go through.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-text.h"

#define LATIN_CAPITAL_I_WITH_DOT 0x0130
#define LATIN_SMALL_DOTLESS_I    0x0131

/* Case mapping is done per character with g_unichar_tolower(), which ignores the
 * locale: g_utf8_strdown() would lower "I" to "ı" under tr_TR and to "i" elsewhere, and
 * an index must fold the same way whatever locale built it.
 *
 * Every record written folds its search text twice, and the general path below
 * (g_utf8_make_valid() and g_utf8_normalize() on every call, a GString grown a
 * character at a time) was a seventh of a batched write. Nearly all text is ASCII,
 * Turkish or other Latin-1 / Latin Extended-A letters, where both foldings work one
 * character at a time: such text is already NFC (no character below U+0180 has a
 * different NFC form, and no combining mark is below U+0300), and its NFD decomposes each
 * character on its own into a base letter and marks. So for valid text made only of
 * characters below U+0180 the foldings look each character up in a table, and the tables
 * are filled once by running the general path on each character alone: the fast path
 * gives the general path's answer by construction (tests/core/test-text.c checks it
 * against mixed text that takes the general path). Anything else, other scripts,
 * combining marks or invalid UTF-8, takes the general path. */

#define FAST_LIMIT 0x180

static char *fold_turkish_general (const char *text);
static char *fold_ascii_general   (const char *text);

/* The folding of each character U+0080..U+017F; ASCII is handled inline. */
static const char *turkish_table[FAST_LIMIT];
static const char *ascii_table[FAST_LIMIT];

static void
fill_tables (void)
{
  static gsize filled = 0;

  if (g_once_init_enter (&filled))
    {
      for (gunichar c = 0x80; c < FAST_LIMIT; c++)
        {
          char utf8[8] = { 0, };

          g_unichar_to_utf8 (c, utf8);
          turkish_table[c] = fold_turkish_general (utf8);
          ascii_table[c] = fold_ascii_general (utf8);
          /* fold_fast() sizes its output for at most 2 bytes out per byte in. */
          g_assert (strlen (turkish_table[c]) <= 4 && strlen (ascii_table[c]) <= 4);
        }
      g_once_init_leave (&filled, 1);
    }
}

/* TRUE when @text is valid UTF-8 made only of characters below FAST_LIMIT; *ascii
 * tells whether it is plain ASCII. */
static gboolean
is_fast_text (const char *text,
              gsize       length,
              gboolean   *ascii)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + length;

  *ascii = TRUE;
  while (p < end)
    {
      if (*p < 0x80)
        {
          p++;
          continue;
        }
      /* U+0080..U+017F are the two-byte sequences C2 80 .. C5 BF. */
      if (*p < 0xC2 || *p > 0xC5 || p + 1 >= end || (p[1] & 0xC0) != 0x80)
        return FALSE;
      *ascii = FALSE;
      p += 2;
    }

  return TRUE;
}

static gunichar
two_byte_char (const guchar *p)
{
  return ((gunichar) (p[0] & 0x1F) << 6) | (p[1] & 0x3F);
}

static char *
fold_fast (const char   *text,
           gsize         length,
           gboolean      ascii,
           const char  **table,
           gboolean      turkish)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + length;
  char *out, *o;

  /* Each character folds to at most 2 bytes per input byte ("I" -> "ı"; "ß" -> "ss"). */
  out = o = g_malloc (2 * length + 1);
  while (p < end)
    {
      if (*p < 0x80)
        {
          if (turkish && *p == 'I')
            {
              *o++ = '\xC4';  /* ı */
              *o++ = '\xB1';
            }
          else
            *o++ = g_ascii_tolower (*p);
          p++;
          continue;
        }

      g_assert (!ascii);
      for (const char *t = table[two_byte_char (p)]; *t != '\0'; t++)
        *o++ = *t;
      p += 2;
    }
  *o = '\0';

  return out;
}

static char *
valid_nfc (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  /* NFC turns a decomposed "I" + U+0307 into "İ" before the Turkish rules look at it. */
  return g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
}

static char *
fold_turkish_general (const char *text)
{
  g_autofree char *nfc = valid_nfc (text);
  GString *out = g_string_sized_new (strlen (nfc));

  for (const char *p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == LATIN_CAPITAL_I_WITH_DOT)
        c = 'i';
      else if (c == 'I')
        c = LATIN_SMALL_DOTLESS_I;
      else
        c = g_unichar_tolower (c);
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/**
 * saha_text_fold_turkish:
 * @text: (nullable): UTF-8 text
 *
 * Lower case by Turkish rules, diacritics kept (see saha-text.h).
 *
 * Returns: (transfer full): the folded text; free with g_free()
 */
char *
saha_text_fold_turkish (const char *text)
{
  gsize length = text != NULL ? strlen (text) : 0;
  gboolean ascii;

  if (!is_fast_text (text, length, &ascii))
    return fold_turkish_general (text);
  if (!ascii)
    fill_tables ();
  return fold_fast (text, length, ascii, turkish_table, TRUE);
}

/* Letters that carry no combining mark in Unicode and so survive NFD. */
static const char *
ascii_replacement (gunichar c)
{
  switch (c)
    {
    case LATIN_SMALL_DOTLESS_I:
      return "i";
    case 0x00F8: case 0x00D8:  /* ø Ø */
      return "o";
    case 0x00DF:               /* ß */
      return "ss";
    case 0x00E6: case 0x00C6:  /* æ Æ */
      return "ae";
    case 0x0153: case 0x0152:  /* œ Œ */
      return "oe";
    case 0x0111: case 0x0110:  /* đ Đ */
      return "d";
    case 0x0142: case 0x0141:  /* ł Ł */
      return "l";
    case 0x00FE: case 0x00DE:  /* þ Þ */
      return "th";
    case 0x00F0: case 0x00D0:  /* ð Ð */
      return "d";
    default:
      return NULL;
    }
}

static char *
fold_ascii_general (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *nfd = g_utf8_normalize (valid, -1, G_NORMALIZE_NFD);
  GString *out = g_string_sized_new (strlen (nfd));

  for (const char *p = nfd; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);
      const char *replacement;

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
          || type == G_UNICODE_ENCLOSING_MARK)
        continue;

      replacement = ascii_replacement (c);
      if (replacement != NULL)
        g_string_append (out, replacement);
      else
        g_string_append_unichar (out, g_unichar_tolower (c));
    }

  return g_string_free (out, FALSE);
}

/**
 * saha_text_fold_ascii:
 * @text: (nullable): UTF-8 text
 *
 * Every i-like letter to i, diacritics removed, lower case (see saha-text.h).
 *
 * Returns: (transfer full): the folded text; free with g_free()
 */
char *
saha_text_fold_ascii (const char *text)
{
  gsize length = text != NULL ? strlen (text) : 0;
  gboolean ascii;

  if (!is_fast_text (text, length, &ascii))
    return fold_ascii_general (text);
  if (!ascii)
    fill_tables ();
  return fold_fast (text, length, ascii, ascii_table, FALSE);
}

/**
 * saha_text_is_ascii:
 * @text: (nullable): UTF-8 text
 *
 * Returns: %TRUE when @text holds no byte above 127 (%NULL counts as ASCII)
 */
gboolean
saha_text_is_ascii (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const unsigned char *p = (const unsigned char *) text; *p != '\0'; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

/**
 * saha_text_query_tokens:
 * @query: (nullable): what a person typed into a search field
 * @use_ascii: (out): %TRUE when the tokens are ASCII-folded, %FALSE when Turkish-folded
 *
 * Splits @query into words of letters and digits, folded by the rule of saha-text.h.
 *
 * Returns: (transfer full): the tokens, possibly none; free with g_strfreev()
 */
GStrv
saha_text_query_tokens (const char *query,
                        gboolean   *use_ascii)
{
  gboolean ascii = saha_text_is_ascii (query);
  g_autofree char *folded = ascii ? saha_text_fold_ascii (query) : saha_text_fold_turkish (query);
  g_autoptr(GStrvBuilder) tokens = g_strv_builder_new ();
  g_autoptr(GString) token = g_string_new (NULL);

  for (const char *p = folded; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Combining marks stay inside a word (a decomposed letter is still one letter). */
      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c)))
        {
          g_string_append_unichar (token, c);
          continue;
        }
      if (token->len > 0)
        {
          g_strv_builder_add (tokens, token->str);
          g_string_truncate (token, 0);
        }
      if (c == 0)
        break;
    }

  if (use_ascii != NULL)
    *use_ascii = ascii;
  return g_strv_builder_end (tokens);
}
