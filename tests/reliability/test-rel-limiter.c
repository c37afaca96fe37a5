/* test-rel-limiter.c: the failed-login limiter limits, forgets, and does not grow without bound.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-server-auth.h"

/* Five failures per user, twenty per address, in a sliding window. */
static void
test_limits (void)
{
  SahaServerLoginLimiter *limiter = saha_server_login_limiter_new (5, 20);

  saha_server_login_limiter_set_window (limiter, G_TIME_SPAN_SECOND);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (saha_server_login_limiter_allowed (limiter, "rep-a", "192.0.2.1"));
      saha_server_login_limiter_failed (limiter, "rep-a", "192.0.2.1");
    }
  g_assert_false (saha_server_login_limiter_allowed (limiter, "rep-a", "192.0.2.1"));
  g_assert_false (saha_server_login_limiter_allowed (limiter, "rep-a", "198.51.100.7"));
  g_assert_true (saha_server_login_limiter_allowed (limiter, "rep-b", "192.0.2.1"));
  for (guint i = 0; i < 15; i++)
    saha_server_login_limiter_failed (limiter, "rep-c", "192.0.2.1");
  g_assert_false (saha_server_login_limiter_allowed (limiter, "rep-b", "192.0.2.1"));
  g_assert_true (saha_server_login_limiter_allowed (limiter, "rep-b", "198.51.100.7"));

  /* Once the window has passed, both are let in again. */
  g_usleep (1200 * G_TIME_SPAN_MILLISECOND);
  g_assert_true (saha_server_login_limiter_allowed (limiter, "rep-a", "192.0.2.1"));
  g_assert_true (saha_server_login_limiter_allowed (limiter, "rep-b", "192.0.2.1"));
  saha_server_login_limiter_free (limiter);
}

/* Failures for names and addresses that never come back (a client trying made-up user
 * names) are forgotten once their window has passed: before the fix the limiter pruned a
 * name or address only when it was looked up again, so these stayed for ever. */
static void
test_forgets_unused_keys (void)
{
  SahaServerLoginLimiter *limiter = saha_server_login_limiter_new (5, 20);

  /* A second: filling the tables must fit in one window, also under memcheck. */
  saha_server_login_limiter_set_window (limiter, G_TIME_SPAN_SECOND);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *user = g_strdup_printf ("made-up-%04u", i);
      g_autofree char *address = g_strdup_printf ("203.0.113.%u", i % 100);

      saha_server_login_limiter_failed (limiter, user, address);
    }
  g_assert_cmpuint (saha_server_login_limiter_get_size (limiter), ==, 1000 + 100);

  g_usleep (1200 * G_TIME_SPAN_MILLISECOND);
  saha_server_login_limiter_failed (limiter, "made-up-last", "203.0.113.200");
  g_assert_cmpuint (saha_server_login_limiter_get_size (limiter), ==, 2);
  saha_server_login_limiter_free (limiter);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/reliability/limiter/limits", test_limits);
  g_test_add_func ("/reliability/limiter/forgets-unused-keys", test_forgets_unused_keys);

  return g_test_run ();
}
