/* saha-collation.c: Turkish alphabetical order, in C and as the store's SQLite collation.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-collation.h"

/*
 * Two levels. The first compares the texts character by character, each character
 * mapped to a weight: its class in the high byte (see below), its place in the class
 * below; combining marks weigh nothing. Texts equal there are ordered by their bytes.
 * Both levels are total orders, so the whole is one, and it agrees with equality: only
 * identical texts compare equal, as SQLite requires of an index's collation.
 *
 * Sorting the name index of 100,000 customers compares names a few million times, so a
 * comparison skips the bytes both texts share and looks every character below U+0180
 * (ASCII, Turkish and the other Latin-1 / Latin Extended-A letters) up in a table filled
 * once by the general path.
 */

enum
{
  CLASS_IGNORED = 0,
  CLASS_PUNCTUATION = 1,  /* white space, punctuation, symbols: by code point */
  CLASS_DIGIT = 2,        /* by value, one digit at a time */
  CLASS_LATIN = 3,        /* by place in the alphabet below */
  CLASS_OTHER = 4,        /* letters of other scripts: by lower-case code point */
  CLASS_INVALID = 5,      /* bytes that are not UTF-8: by value */
};

#define WEIGHT(class, n) (((guint32) (class) << 24) | (n))

#define LATIN_CAPITAL_I_WITH_DOT 0x0130
#define LATIN_SMALL_DOTLESS_I    0x0131

/* The Turkish alphabet with Q, W and X where English has them. */
static const gunichar alphabet[] = {
  'a', 'b', 'c', 0x00E7 /* ç */, 'd', 'e', 'f', 'g', 0x011F /* ğ */, 'h',
  LATIN_SMALL_DOTLESS_I, 'i', 'j', 'k', 'l', 'm', 'n', 'o', 0x00F6 /* ö */, 'p', 'q', 'r',
  's', 0x015F /* ş */, 't', 'u', 0x00FC /* ü */, 'v', 'w', 'x', 'y', 'z',
};

#define FAST_LIMIT 0x180

static guint32 fast_weights[FAST_LIMIT];

static int
alphabet_place (gunichar c)
{
  for (guint i = 0; i < G_N_ELEMENTS (alphabet); i++)
    if (alphabet[i] == c)
      return i + 1;
  return 0;
}

static guint32
general_weight (gunichar c)
{
  gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n_decomposed;
  int place;

  /* Turkish case: I ↔ ı, İ ↔ i; g_unichar_tolower() ignores the locale. */
  if (c == 'I')
    c = LATIN_SMALL_DOTLESS_I;
  else if (c == LATIN_CAPITAL_I_WITH_DOT)
    c = 'i';
  else
    c = g_unichar_tolower (c);

  place = alphabet_place (c);
  if (place > 0)
    return WEIGHT (CLASS_LATIN, place);

  /* â, î, é, ñ ... weigh as their base letter; ç, ğ, ö, ş, ü were found above. */
  n_decomposed = g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed));
  if (n_decomposed > 1 && decomposed[0] < 0x80 && (place = alphabet_place (decomposed[0])) > 0)
    return WEIGHT (CLASS_LATIN, place);

  if (g_unichar_ismark (c))
    return WEIGHT (CLASS_IGNORED, 0);
  if (g_unichar_isdigit (c))
    return WEIGHT (CLASS_DIGIT, g_unichar_digit_value (c));
  if (g_unichar_isalpha (c))
    return WEIGHT (CLASS_OTHER, c);
  return WEIGHT (CLASS_PUNCTUATION, c);
}

static void
fill_fast_weights (void)
{
  static gsize filled = 0;

  if (g_once_init_enter (&filled))
    {
      for (gunichar c = 0; c < FAST_LIMIT; c++)
        fast_weights[c] = general_weight (c);
      g_once_init_leave (&filled, 1);
    }
}

static guint32
weight_of (gunichar c)
{
  return c < FAST_LIMIT ? fast_weights[c] : general_weight (c);
}

static gboolean
is_continuation (guchar byte)
{
  return (byte & 0xC0) == 0x80;
}

/* The first byte of U+0300..U+036F, the combining diacritical marks (CC 80 .. CD AF). */
static gboolean
is_mark_lead (guchar byte)
{
  return byte == 0xCC || byte == 0xCD;
}

/* The weight of the character at *p (before end), moving *p past it. A base letter
 * followed by combining marks is composed first where Unicode composes it, so "s" +
 * U+0327 weighs as "ş" and "I" + U+0307 as "İ". */
static guint32
next_weight (const guchar **p,
             const guchar  *end)
{
  const guchar *s = *p;
  gunichar c;

  if (*s < 0x80 && (s + 1 == end || !is_mark_lead (s[1])))
    {
      *p = s + 1;
      return fast_weights[*s];
    }

  c = g_utf8_get_char_validated ((const char *) s, end - s);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      *p = s + 1;
      return WEIGHT (CLASS_INVALID, *s);
    }
  s = (const guchar *) g_utf8_next_char (s);

  while (s + 1 < end && is_mark_lead (*s) && is_continuation (s[1]))
    {
      gunichar mark = g_utf8_get_char ((const char *) s);
      gunichar composed;

      if (!g_unichar_compose (c, mark, &composed))
        break;
      c = composed;
      s += 2;
    }

  *p = s;
  return weight_of (c);
}

/* The next weight that is not ignored, or 0 at the end. */
static guint32
next_counted_weight (const guchar **p,
                     const guchar  *end)
{
  while (*p < end)
    {
      guint32 weight = next_weight (p, end);

      if (weight != WEIGHT (CLASS_IGNORED, 0))
        return weight;
    }
  return 0;
}

/**
 * saha_collation_compare_len:
 * @a: bytes of the first string, need not be NUL-terminated
 * @a_length: length of @a in bytes
 * @b: bytes of the second string
 * @b_length: length of @b in bytes
 *
 * The comparison of saha_collation_compare() on byte ranges: the callback the store
 * registers with SQLite as %SAHA_COLLATION_NAME. Bytes that are not valid UTF-8 sort
 * after everything, by value.
 *
 * Returns: negative, 0 or positive as @a sorts before, with or after @b
 */
int
saha_collation_compare_len (const char *a,
                            gsize       a_length,
                            const char *b,
                            gsize       b_length)
{
  const guchar *ua = (const guchar *) a;
  const guchar *ub = (const guchar *) b;
  const guchar *pa, *pb;
  gsize same = 0, start;

  while (same < a_length && same < b_length && ua[same] == ub[same])
    same++;
  if (same == a_length && same == b_length)
    return 0;

  /* Weigh from the start of the character the texts first differ in, with the marks
   * that may compose with it. next_weight() reads a character and the marks after it as
   * one: inside that, every byte is a continuation byte or a mark's first byte, and an
   * invalid byte is read alone, so going back to a byte that is neither keeps the
   * reading of the rest as it is from the start. */
  start = same;
  while (start > 0 &&
         ((start < a_length && (is_continuation (ua[start]) || is_mark_lead (ua[start]))) ||
          (start < b_length && (is_continuation (ub[start]) || is_mark_lead (ub[start])))))
    start--;

  fill_fast_weights ();
  pa = ua + start;
  pb = ub + start;
  for (;;)
    {
      guint32 wa = next_counted_weight (&pa, ua + a_length);
      guint32 wb = next_counted_weight (&pb, ub + b_length);

      if (wa != wb)
        return wa < wb ? -1 : 1;
      if (wa == 0)
        break;
    }

  /* The same in Turkish order: the bytes decide, from the first that differs. */
  if (same == a_length)
    return -1;
  if (same == b_length)
    return 1;
  return ua[same] < ub[same] ? -1 : 1;
}

/**
 * saha_collation_compare:
 * @a: (nullable): a UTF-8 string
 * @b: (nullable): a UTF-8 string
 *
 * Compares two strings in Saha's Turkish alphabetical order (see saha-collation.h);
 * %NULL sorts before any string.
 *
 * Returns: negative, 0 or positive as @a sorts before, with or after @b
 */
int
saha_collation_compare (const char *a,
                        const char *b)
{
  if (a == NULL || b == NULL)
    return a == b ? 0 : (a == NULL ? -1 : 1);

  return saha_collation_compare_len (a, strlen (a), b, strlen (b));
}
