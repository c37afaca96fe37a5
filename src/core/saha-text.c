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
 * an index must fold the same way whatever locale built it. */

static char *
valid_nfc (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);

  /* NFC turns a decomposed "I" + U+0307 into "İ" before the Turkish rules look at it. */
  return g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
}

char *
saha_text_fold_turkish (const char *text)
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

char *
saha_text_fold_ascii (const char *text)
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
