/* test-refusal.c: a server's refusal codes as sentences in the user's language.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libintl.h>
#include <locale.h>

#include "saha-core.h"

/* Every code of docs/protocol.md. */
static const char * const codes[] = {
  "forbidden", "invalid", "unauthorized", "invalid_body", "invalid_request",
  "method_not_allowed", "not_found", "resync_required", "replica_reused", "too_large",
  "rate_limited", "internal", "exists", "erased",
};

/* A new locale name each time, so that gettext drops what it looked up before. */
static void
use_language (const char *language)
{
  g_setenv ("LANGUAGE", language, TRUE);
  if (g_str_equal (language, "tr") && setlocale (LC_ALL, "tr_TR.UTF-8") != NULL)
    return;
  setlocale (LC_ALL, "C.UTF-8");
}

static void
test_english (void)
{
  const char *general;

  use_language ("en");
  general = saha_refusal_describe (NULL);
  g_assert_cmpstr (general, ==, "The server refused this change.");
  g_assert_cmpstr (saha_refusal_describe ("no_such_code"), ==, general);
  g_assert_cmpstr (saha_refusal_describe ("forbidden"), ==,
                   "You may not make this change: the record is someone else’s, or your role "
                   "may not change this field.");

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_assert_cmpstr (saha_refusal_describe (codes[i]), !=, general);
}

/* In Turkish every code has a Turkish sentence, none the English one. */
static void
test_turkish (void)
{
  use_language ("tr");
  g_assert_cmpstr (saha_refusal_describe ("forbidden"), ==,
                   "Bu değişikliği yapamazsınız: kayıt başka birinin ya da rolünüz bu alanı "
                   "değiştiremiyor.");
  g_assert_cmpstr (saha_refusal_describe ("invalid"), ==,
                   "Sunucu bu kayıttaki bir değeri kabul etmiyor. Düzeltip yeniden eşitleyin.");
  g_assert_cmpstr (saha_refusal_describe ("something_new"), ==, "Sunucu bu değişikliği reddetti.");

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      const char *turkish = saha_refusal_describe (codes[i]);
      g_autofree char *english = NULL;

      use_language ("en");
      english = g_strdup (saha_refusal_describe (codes[i]));
      use_language ("tr");
      g_assert_cmpstr (turkish, !=, english);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  bindtextdomain ("saha", SAHA_BUILD_LOCALEDIR);
  bind_textdomain_codeset ("saha", "UTF-8");

  g_test_add_func ("/core/refusal/english", test_english);
  g_test_add_func ("/core/refusal/turkish", test_turkish);

  return g_test_run ();
}
