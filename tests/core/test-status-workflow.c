/* test-status-workflow.c: the status changes the store, saha-cli and the server accept.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "saha-core.h"

static gboolean
moves (const char *entity,
       const char *from,
       const char *to,
       gboolean    office)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = saha_status_check_move (entity, from, to, office, &error);

  g_assert_true (ok == (error == NULL));
  if (error != NULL)
    {
      g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE);
      g_assert_true (g_str_has_prefix (error->message, "status: "));
    }
  return ok;
}

static void
test_service_call (void)
{
  /* The documented path, one step and several steps at once (an offline device). */
  g_assert_true (moves ("service_call", "new", "assigned", FALSE));
  g_assert_true (moves ("service_call", NULL, "on_site", FALSE));
  g_assert_true (moves ("service_call", "assigned", "closed", FALSE));
  g_assert_true (moves ("service_call", "on_site", "cancelled", FALSE));
  g_assert_true (moves ("service_call", "resolved", "resolved", FALSE));

  /* Backwards, and out of the final states. */
  g_assert_false (moves ("service_call", "resolved", "new", TRUE));
  g_assert_false (moves ("service_call", "on_site", "assigned", TRUE));
  g_assert_false (moves ("service_call", "resolved", "cancelled", TRUE));
  g_assert_false (moves ("service_call", "closed", "resolved", TRUE));
  g_assert_false (moves ("service_call", "resolved", NULL, TRUE));
  /* Unset reads as new: a call never given a status keeps none. */
  g_assert_true (moves ("service_call", NULL, NULL, FALSE));
  g_assert_true (moves ("service_call", "new", NULL, FALSE));

  /* Reopening a cancelled call: the office only, and only to new. */
  g_assert_true (moves ("service_call", "cancelled", "new", TRUE));
  g_assert_false (moves ("service_call", "cancelled", "new", FALSE));
  g_assert_false (moves ("service_call", "cancelled", "assigned", TRUE));
}

static void
test_order (void)
{
  g_assert_true (moves ("order", NULL, "quote", FALSE));
  g_assert_true (moves ("order", "draft", "delivered", FALSE));
  g_assert_true (moves ("order", "quote", "cancelled", FALSE));
  g_assert_false (moves ("order", "delivered", "cancelled", TRUE));
  g_assert_false (moves ("order", "confirmed", "quote", TRUE));
  g_assert_false (moves ("order", "cancelled", "draft", TRUE));
  /* Entities without a workflow take any value their schema allows. */
  g_assert_true (moves ("note", "resolved", "open", FALSE));
}

static void
test_message (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (saha_status_check_move ("service_call", "resolved", "new", TRUE, &error));
  g_assert_cmpstr (error->message, ==,
                   "status: a service_call cannot go from resolved to new; "
                   "from resolved it may go to closed");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/core/status-workflow/service-call", test_service_call);
  g_test_add_func ("/core/status-workflow/order", test_order);
  g_test_add_func ("/core/status-workflow/message", test_message);
  return g_test_run ();
}
