/* test-collation.c: Turkish alphabetical order, the one order of every sorted list.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>
#include <string.h>

#include "saha-core.h"

static void
assert_before (const char *first,
               const char *second)
{
  if (saha_collation_compare (first, second) >= 0)
    g_error ("“%s” should sort before “%s”", first, second);
  if (saha_collation_compare (second, first) <= 0)
    g_error ("“%s” should sort after “%s”", second, first);
}

/* The pairs a Turkish user noticed in byte order (issue 14). */
static void
test_issue_pairs (void)
{
  assert_before ("Akdeniz İnşaat", "Akdeniz Tarım");
  assert_before ("Ali Çetin", "Ali Demir");
  assert_before ("Ali Özdemir", "Ali Yıldız");
}

/* A B C Ç D E F G Ğ H I İ J K L M N O Ö P R S Ş T U Ü V Y Z, each letter after the
 * one before it, in either case. */
static void
test_alphabet (void)
{
  const char *upper[] = { "A", "B", "C", "Ç", "D", "E", "F", "G", "Ğ", "H", "I", "İ", "J",
                          "K", "L", "M", "N", "O", "Ö", "P", "R", "S", "Ş", "T", "U", "Ü",
                          "V", "Y", "Z" };
  const char *lower[] = { "a", "b", "c", "ç", "d", "e", "f", "g", "ğ", "h", "ı", "i", "j",
                          "k", "l", "m", "n", "o", "ö", "p", "r", "s", "ş", "t", "u", "ü",
                          "v", "y", "z" };

  for (guint i = 1; i < G_N_ELEMENTS (upper); i++)
    {
      assert_before (upper[i - 1], upper[i]);
      assert_before (lower[i - 1], lower[i]);
      assert_before (upper[i - 1], lower[i]);
      assert_before (lower[i - 1], upper[i]);
    }

  assert_before ("Cemil", "Çağrı");
  assert_before ("Güler", "Ğ");
  assert_before ("Ozan", "Öztürk");
  assert_before ("Susam", "Şahin");
  assert_before ("Uçar", "Ülker");
}

/* Case is ignored the Turkish way: I is the capital of ı, İ the capital of i. */
static void
test_case (void)
{
  assert_before ("IŞIK", "işçi");       /* ı before i, whatever the case */
  assert_before ("ılık", "İnci");
  assert_before ("ıssız", "Işıl");      /* ı = I: "ıs" < "ış" */
  assert_before ("Işık", "İsmail");     /* I = ı: ı < i */
  assert_before ("ilk", "İpek");        /* i = İ: "il" < "ip" */
  assert_before ("istanbul", "İZMİR");
  assert_before ("ankara", "Bursa");
  assert_before ("ANKARA", "bursa");

  /* Only the same text compares equal; case decides last, capitals first. */
  g_assert_cmpint (saha_collation_compare ("Işık", "Işık"), ==, 0);
  assert_before ("IŞIK", "ışık");
  assert_before ("ışık", "ışıklar");
  g_assert_cmpint (saha_collation_compare (NULL, NULL), ==, 0);
  assert_before (NULL, "");
  assert_before ("", "a");
}

static int
compare_pointed (gconstpointer a,
                 gconstpointer b)
{
  return saha_collation_compare (*(const char * const *) a, *(const char * const *) b);
}

/* English names fall where an English reader expects them, Q W X included, among the
 * Turkish ones; accented letters that are not Turkish letters sort with their base. */
static void
test_mixed (void)
{
  const char *sorted[] = {
    "3M Türkiye",
    "Acme Ltd",
    "Akdeniz İnşaat",
    "Akdeniz Tarım",
    "Ali Çetin",
    "Ali Demir",
    "Ali Özdemir",
    "Ali Yıldız",
    "Alican Gıda",
    "Çağlar Elektrik",
    "Hâkim Hukuk",
    "Hakkı Usta",
    "Işıklar Ticaret",
    "İstanbul Yapı",
    "Ömer Kaya",
    "Pınar Süt",
    "Quantum Systems",
    "Renault Mais",
    "Şahin Oto",
    "Walker & Sons",
    "Xerox",
    "Yılmaz Nakliyat",
    "Zeynep Café",
    "Zürich Sigorta",
  };
  g_autoptr(GPtrArray) shuffled = g_ptr_array_new ();

  for (guint i = 1; i < G_N_ELEMENTS (sorted); i++)
    assert_before (sorted[i - 1], sorted[i]);

  /* Sorting a shuffled copy gives the same order: the order is total and consistent. */
  for (guint i = 0; i < G_N_ELEMENTS (sorted); i++)
    g_ptr_array_insert (shuffled, g_test_rand_int_range (0, shuffled->len + 1), (gpointer) sorted[i]);
  g_ptr_array_sort (shuffled, compare_pointed);
  for (guint i = 0; i < G_N_ELEMENTS (sorted); i++)
    g_assert_cmpstr (g_ptr_array_index (shuffled, i), ==, sorted[i]);
}

/* Spaces and punctuation come before digits, digits before letters; a shorter word
 * before a longer one it starts: "Ali Yıldız" before "Alican". */
static void
test_words (void)
{
  assert_before ("Ali Yıldız", "Alican");
  assert_before ("A.Ş. Merkez", "Ab");
  assert_before ("1 Numara", "A");
  assert_before ("10. Bölge", "2. Bölge");   /* digit by digit, not by value */
  assert_before ("Zafer", "Αθήνα");           /* other scripts after Latin */
}

/* Letters typed as a base letter and a combining mark sort as the letter they make. */
static void
test_decomposed (void)
{
  assert_before ("sa", "s\xcc\xa7");             /* s + cedilla is ş */
  assert_before ("s\xcc\xa7", "t");
  assert_before ("Işık", "I\xcc\x87stanbul");     /* I + dot above is İ */
  assert_before ("I\xcc\x87stanbul", "Jale");
  assert_before ("Zeynep Cafe", "Zeynep Cafe\xcc\x81");
}

/* The SQLite entry point compares byte ranges that are not NUL-terminated, and text
 * that is not valid UTF-8 still sorts in a consistent order instead of crashing. */
static void
test_lengths (void)
{
  const char *a = "Ali Çetin|garbage";
  const char *b = "Ali Demir";

  g_assert_cmpint (saha_collation_compare_len (a, strlen ("Ali Çetin"), b, strlen (b)), <, 0);
  g_assert_cmpint (saha_collation_compare_len (b, strlen (b), a, strlen ("Ali Çetin")), >, 0);
  g_assert_cmpint (saha_collation_compare_len (a, 3, b, 3), ==, 0);
  /* cut inside "Ç": a truncated character sorts after every whole one */
  g_assert_cmpint (saha_collation_compare_len (a, 5, b, 5), >, 0);
  g_assert_cmpint (saha_collation_compare ("a\xff", "a\xfe"), >, 0);
  g_assert_cmpint (saha_collation_compare ("a\xff", "ab"), >, 0);
}

/* The order does not depend on the process locale (an index built under one locale is
 * read under another). */
static void
test_locale_independent (void)
{
  const char *locales[] = { "C.UTF-8", "tr_TR.UTF-8", "en_US.UTF-8" };

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      setlocale (LC_ALL, locales[i]);
      assert_before ("Işık", "İsmail");
      assert_before ("IŞIK", "ilk");
    }
  setlocale (LC_ALL, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/collation/issue-pairs", test_issue_pairs);
  g_test_add_func ("/core/collation/alphabet", test_alphabet);
  g_test_add_func ("/core/collation/case", test_case);
  g_test_add_func ("/core/collation/mixed", test_mixed);
  g_test_add_func ("/core/collation/words", test_words);
  g_test_add_func ("/core/collation/decomposed", test_decomposed);
  g_test_add_func ("/core/collation/lengths", test_lengths);
  g_test_add_func ("/core/collation/locale-independent", test_locale_independent);

  return g_test_run ();
}
