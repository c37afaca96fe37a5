/* test-today.c: the technician's Today: calls grouped Overdue / Today (in time order) /
 * Upcoming, closed and cancelled ones left out, priority as a word beside its icon, and a
 * call the office changed since the technician last opened it marked.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fieldwork-test.h"
#include "saha-service-call-list-view.h"
#include "saha-service-call-page.h"
#include "saha-today-view.h"

static char *
local_at (int days,
          int hour)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);
  g_autoptr(GDateTime) local = g_date_time_new (g_date_time_get_timezone (now),
                                                g_date_time_get_year (day),
                                                g_date_time_get_month (day),
                                                g_date_time_get_day_of_month (day), hour, 0, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (local);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static SahaTodayView *
today_view (Fixture *fixture)
{
  return SAHA_TODAY_VIEW (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                         SAHA_TYPE_WINDOW, "today_page"));
}

static GtkWidget *
row_of (SahaTodayView *today,
        const char    *id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (find_named (today, "today-calls", 0));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "record-id"), id) == 0)
      return row;
  g_error ("no row for %s", id);
}

static const char *
group_of (SahaTodayView *today,
          const char    *id)
{
  return g_object_get_data (G_OBJECT (row_of (today, id)), "group");
}

static const char *
mark_of (SahaTodayView *today,
         const char    *id)
{
  GtkWidget *row = row_of (today, id);

  if (count_named (row, "today-mark") == 0)
    return NULL;
  return label_text (row, "today-mark", 0);
}

static void
reload (SahaTodayView *today)
{
  saha_today_view_reload (today);
  WAIT_FOR (!saha_today_view_get_loading (today));
}

static void
test_groups (Fixture       *fixture,
             gconstpointer  user_data)
{
  SahaTodayView *today = today_view (fixture);
  g_autofree char *yesterday = local_at (-1, 10);
  g_autofree char *morning = local_at (0, 9);
  g_autofree char *afternoon = local_at (0, 14);
  g_autofree char *tomorrow = local_at (1, 11);
  g_autofree char *overdue = NULL, *resolved = NULL, *later_today = NULL, *upcoming = NULL;
  g_autofree char *added = NULL;
  g_auto(GStrv) ids = NULL;
  g_autoptr(GError) error = NULL;
  SahaFieldInput moved[] = { { "scheduled_at", afternoon }, { "priority", "high" } };

  later_today = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                                   "status", "assigned", "assigned_to", "ayse",
                                   "scheduled_at", afternoon, "expected_minutes", "90", NULL);
  upcoming = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                                "status", "assigned", "assigned_to", "ayse",
                                "scheduled_at", tomorrow, NULL);
  overdue = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                               "status", "travelling", "assigned_to", "ayse", "priority", "urgent",
                               "scheduled_at", yesterday, NULL);
  resolved = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                                "status", "resolved", "assigned_to", "ayse",
                                "scheduled_at", morning, NULL);
  g_free (store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                             "status", "closed", "assigned_to", "ayse",
                             "scheduled_at", morning, NULL));
  g_free (store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                             "status", "cancelled", "assigned_to", "ayse", "cancel_reason", "Gerek kalmadı",
                             "scheduled_at", afternoon, NULL));

  reload (today);
  ids = saha_today_view_dup_call_ids (today);
  g_assert_cmpuint (g_strv_length (ids), ==, 4);
  g_assert_cmpstr (ids[0], ==, overdue);
  g_assert_cmpstr (ids[1], ==, resolved);
  g_assert_cmpstr (ids[2], ==, later_today);
  g_assert_cmpstr (ids[3], ==, upcoming);
  g_assert_cmpstr (group_of (today, overdue), ==, "Overdue");
  g_assert_cmpstr (group_of (today, resolved), ==, "Today");
  g_assert_cmpstr (group_of (today, later_today), ==, "Today");
  g_assert_cmpstr (group_of (today, upcoming), ==, "Upcoming");
  /* Priority in words, with an icon: not by colour alone. */
  g_assert_cmpstr (label_text (row_of (today, overdue), "today-priority", 0), ==, "Urgent");
  g_assert_cmpuint (count_named (row_of (today, overdue), "today-priority-icon"), ==, 1);
  g_assert_cmpuint (count_named (row_of (today, later_today), "today-priority"), ==, 0);
  /* The expected duration the office set: when the call should be over. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row_of (today, later_today))),
                            "14:00–15:30"));
  /* The window's first look, at its start, saw no call: all four came since, and each is
   * marked until opened. */
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_assert_cmpstr (mark_of (today, ids[i]), ==, "New");
      g_signal_emit_by_name (find_named (today, "today-calls", 0), "row-activated",
                             row_of (today, ids[i]));
    }
  reload (today);
  for (guint i = 0; ids[i] != NULL; i++)
    g_assert_null (mark_of (today, ids[i]));

  /* The office moves tomorrow's call to this afternoon and raises it; another call comes
   * in. Both are marked until opened. */
  g_assert_true (saha_store_update (fixture->store, "service_call", upcoming, moved,
                                    G_N_ELEMENTS (moved), &error));
  g_assert_no_error (error);
  added = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                             "status", "assigned", "assigned_to", "ayse",
                             "scheduled_at", tomorrow, NULL);
  reload (today);
  g_assert_cmpstr (group_of (today, upcoming), ==, "Today");
  g_assert_cmpstr (mark_of (today, upcoming), ==, "Changed");
  g_assert_cmpstr (mark_of (today, added), ==, "New");
  g_assert_null (mark_of (today, later_today));
  g_assert_cmpstr (label_text (row_of (today, upcoming), "today-priority", 0), ==, "High priority");

  /* Opened, it is looked at: no mark after that (the look is kept in the replica). */
  g_signal_emit_by_name (find_named (today, "today-calls", 0), "row-activated",
                         row_of (today, upcoming));
  reload (today);
  g_assert_null (mark_of (today, upcoming));
  g_assert_cmpstr (mark_of (today, added), ==, "New");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fieldwork_test_init (&argc, &argv);

  g_test_add ("/app/today/technician", Fixture, NULL, fixture_set_up, test_groups,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
