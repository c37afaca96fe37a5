/* test-text.c: the Turkish and ASCII search foldings and query tokens.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>

#include "saha-core.h"

static void
check_fold (char *(*fold) (const char *),
            const char *input,
            const char *expected)
{
  g_autofree char *folded = fold (input);

  g_assert_cmpstr (folded, ==, expected);
}

static void
test_turkish (void)
{
  g_autofree char *isik = NULL;
  g_autofree char *ishik = NULL;

  check_fold (saha_text_fold_turkish, "İSTANBUL", "istanbul");
  check_fold (saha_text_fold_turkish, "IŞIK", "ışık");
  check_fold (saha_text_fold_turkish, "ışık", "ışık");
  check_fold (saha_text_fold_turkish, "işık", "işık");
  check_fold (saha_text_fold_turkish, "ÇĞÖÜŞ Ltd. Şti.", "çğöüş ltd. şti.");
  /* "I" followed by a combining dot above is İ written in two code points. */
  check_fold (saha_text_fold_turkish, "I\xcc\x87stanbul", "istanbul");
  check_fold (saha_text_fold_turkish, "", "");

  isik = saha_text_fold_turkish ("IŞIK");
  ishik = saha_text_fold_turkish ("işık");
  g_assert_cmpstr (isik, !=, ishik);
}

static void
test_ascii (void)
{
  check_fold (saha_text_fold_ascii, "ŞİRKET", "sirket");
  check_fold (saha_text_fold_ascii, "İSTANBUL", "istanbul");
  check_fold (saha_text_fold_ascii, "IŞIK", "isik");
  check_fold (saha_text_fold_ascii, "ışık", "isik");
  check_fold (saha_text_fold_ascii, "Çağ Gözlük Ürün", "cag gozluk urun");
  check_fold (saha_text_fold_ascii, "Ærø Straße Łódź Đorđe", "aero strasse lodz dorde");
  check_fold (saha_text_fold_ascii, "Crème Brûlée", "creme brulee");
  check_fold (saha_text_fold_ascii, "ABC-123", "abc-123");
}

static void
test_locale_independent (void)
{
  /* Under a Turkish locale g_utf8_strdown ("I") is "ı"; the foldings must not change. */
  if (setlocale (LC_ALL, "tr_TR.UTF-8") == NULL)
    g_test_message ("tr_TR.UTF-8 not installed; checking in the current locale only");
  check_fold (saha_text_fold_ascii, "IRMAK", "irmak");
  check_fold (saha_text_fold_turkish, "IRMAK", "ırmak");
  check_fold (saha_text_fold_turkish, "Iİ", "ıi");
  setlocale (LC_ALL, "C.UTF-8");
}

/* Text made only of characters below U+0180 takes a table-driven fast path; text with
 * any other character the general one (normalization). Appending a Cyrillic word sends
 * the same characters through the general path, which must agree, character by
 * character and on whole names. */
static void
check_fast_matches_general (const char *text)
{
  char *(*folds[]) (const char *) = { saha_text_fold_turkish, saha_text_fold_ascii };

  for (guint f = 0; f < G_N_ELEMENTS (folds); f++)
    {
      g_autofree char *with_other = g_strconcat (text, " Жук", NULL);
      g_autofree char *fast = folds[f] (text);
      g_autofree char *suffix = folds[f] (" Жук");
      g_autofree char *general = folds[f] (with_other);
      g_autofree char *expected = g_strconcat (fast, suffix, NULL);

      g_assert_cmpstr (general, ==, expected);
    }
}

static void
test_fast_path (void)
{
  for (gunichar c = 1; c < 0x180; c++)
    {
      char utf8[8] = { 0, };

      g_unichar_to_utf8 (c, utf8);
      check_fast_matches_general (utf8);
    }
  check_fast_matches_general ("IŞIK İSTANBUL Çağ Gözlük Ürün Ærø Straße Łódź Đorđe ŉ ſ");
  check_fast_matches_general ("Yılmaz Gıda Ltd. Şti. C-000042 +90 532 123 4567 x@örnek.com.tr");

  /* Outside the fast path: combining marks, other scripts, invalid UTF-8. */
  check_fold (saha_text_fold_turkish, "I\xcc\x87I", "iı");
  check_fold (saha_text_fold_ascii, "s\xcc\xa7", "s");
  check_fold (saha_text_fold_ascii, "Ǆ", "ǆ");
  check_fold (saha_text_fold_turkish, "a\xff" "b", "a\xef\xbf\xbd" "b");
  check_fold (saha_text_fold_ascii, "\xc5", "\xef\xbf\xbd");
}

static void
test_is_ascii (void)
{
  g_assert_true (saha_text_is_ascii ("istanbul 34"));
  g_assert_true (saha_text_is_ascii (""));
  g_assert_false (saha_text_is_ascii ("İst"));
  g_assert_false (saha_text_is_ascii ("ışık"));
}

static void
test_query_tokens (void)
{
  gboolean use_ascii = TRUE;
  g_auto(GStrv) ist = saha_text_query_tokens ("İst", &use_ascii);
  g_auto(GStrv) ascii = NULL;
  g_auto(GStrv) mixed = NULL;
  g_auto(GStrv) none = NULL;

  g_assert_false (use_ascii);
  g_assert_cmpuint (g_strv_length (ist), ==, 1);
  g_assert_cmpstr (ist[0], ==, "ist");

  ascii = saha_text_query_tokens ("istanbul", &use_ascii);
  g_assert_true (use_ascii);
  g_assert_cmpuint (g_strv_length (ascii), ==, 1);
  g_assert_cmpstr (ascii[0], ==, "istanbul");

  mixed = saha_text_query_tokens ("  IŞIK, Ltd.-Şti. 34/B ", &use_ascii);
  g_assert_false (use_ascii);
  g_assert_cmpuint (g_strv_length (mixed), ==, 5);
  g_assert_cmpstr (mixed[0], ==, "ışık");
  g_assert_cmpstr (mixed[1], ==, "ltd");
  g_assert_cmpstr (mixed[2], ==, "şti");
  g_assert_cmpstr (mixed[3], ==, "34");
  g_assert_cmpstr (mixed[4], ==, "b");

  none = saha_text_query_tokens (" -- ", &use_ascii);
  g_assert_true (use_ascii);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/text/turkish", test_turkish);
  g_test_add_func ("/core/text/ascii", test_ascii);
  g_test_add_func ("/core/text/locale-independent", test_locale_independent);
  g_test_add_func ("/core/text/fast-path", test_fast_path);
  g_test_add_func ("/core/text/is-ascii", test_is_ascii);
  g_test_add_func ("/core/text/query-tokens", test_query_tokens);

  return g_test_run ();
}
