/* test-contact-policy.c: a customer's preferred hours, which decide whether a call asks
 * first (the whole check on a stored customer: tests/app/test-crm.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "saha-core.h"

static void
test_policy_hours (void)
{
  g_assert_true (saha_contact_policy_within_hours ("09:00", "17:30", 9 * 60));
  g_assert_true (saha_contact_policy_within_hours ("09:00", "17:30", 17 * 60 + 30));
  g_assert_false (saha_contact_policy_within_hours ("09:00", "17:30", 21 * 60 + 40));
  g_assert_false (saha_contact_policy_within_hours ("09:00", "17:30", 8 * 60 + 59));
  /* Past midnight: a night-shift customer. */
  g_assert_true (saha_contact_policy_within_hours ("22:00", "06:00", 23 * 60));
  g_assert_true (saha_contact_policy_within_hours ("22:00", "06:00", 2 * 60));
  g_assert_false (saha_contact_policy_within_hours ("22:00", "06:00", 12 * 60));
  /* Missing ends are open. */
  g_assert_true (saha_contact_policy_within_hours (NULL, NULL, 3 * 60));
  g_assert_true (saha_contact_policy_within_hours ("10:00", NULL, 23 * 60));
  g_assert_false (saha_contact_policy_within_hours ("10:00", NULL, 9 * 60));
  g_assert_false (saha_contact_policy_within_hours (NULL, "18:00", 19 * 60));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/contact-policy/hours", test_policy_hours);

  return g_test_run ();
}
