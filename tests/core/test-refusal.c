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
  "rate_limited", "internal", "exists", "erased", "unknown_version", "duplicate_number",
  "missing_reference", "history_diverged", "device_wiped",
};

/* Every code the server's sources can answer with: the wire codes of its error domain
 * (saha-server-error.c) and the per-record codes of a push answer (saha-server-sync.c).
 * A code added there and not here leaves people reading the general sentence. */
static GPtrArray *
server_codes (void)
{
  static const struct { const char *file; const char *pattern; } sources[] = {
    { "saha-server-error.c", "\\{ *[0-9]+, *\"([a-z_]+)\" *\\}" },
    { "saha-server-sync.c", "refused \\([a-z_]+, *\"([a-z_]+)\"" },
  };
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      g_autofree char *path = g_build_filename (SAHA_SOURCE_ROOT, "sync-server",
                                                sources[i].file, NULL);
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GRegex) regex = g_regex_new (sources[i].pattern, 0, 0, &error);
      g_autoptr(GMatchInfo) match = NULL;
      guint before = found->len;

      g_assert_no_error (error);
      g_file_get_contents (path, &text, NULL, &error);
      g_assert_no_error (error);
      for (g_regex_match (regex, text, 0, &match); g_match_info_matches (match);
           g_match_info_next (match, NULL))
        g_ptr_array_add (found, g_match_info_fetch (match, 1));
      /* The pattern still finds what it was written for. */
      g_assert_cmpuint (found->len, >, before);
    }
  return found;
}

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

/* Each code the server sends has its own sentence, in both languages. */
static void
test_server_codes (void)
{
  g_autoptr(GPtrArray) found = server_codes ();
  const char *languages[] = { "en", "tr" };

  g_assert_cmpuint (found->len, >=, 18);
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      const char *general;

      use_language (languages[l]);
      general = saha_refusal_describe (NULL);
      for (guint i = 0; i < found->len; i++)
        {
          const char *code = g_ptr_array_index (found, i);

          if (g_strcmp0 (saha_refusal_describe (code), general) == 0)
            g_error ("the server's code \"%s\" has no sentence in \"%s\"", code, languages[l]);
        }
    }
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
  g_test_add_func ("/core/refusal/server-codes", test_server_codes);

  return g_test_run ();
}
