/* test-dispatch.c: the office's dispatch board: calls placed by technician and day, a call
 * scheduled from the keyboard dialog (after a date it cannot read) and moved by a drop.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fieldwork-test.h"
#include "saha-dispatch-board.h"
#include "saha-dispatch-cell.h"
#include "saha-dispatch-dialog.h"
#include "saha-service-call-list-view.h"
#include "saha-service-call-page.h"

/* The office's replica: the server listed two technicians and a rep at the last fetch. */
static void
office_set_up (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "replica.db", NULL);
  g_autoptr(GError) error = NULL;

  fixture->store = saha_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (saha_store_set_setting (fixture->store, "user", "ofis", &error));
  g_assert_true (saha_store_set_setting (fixture->store, "user_role", "office", &error));
  g_assert_true (saha_store_set_setting (fixture->store, "users_cache",
                                         "{\"users\": ["
                                         "{\"name\": \"ayse\", \"role\": \"rep\"},"
                                         "{\"name\": \"mehmet\", \"role\": \"tech\"},"
                                         "{\"name\": \"zeynep\", \"role\": \"tech\"}]}",
                                         &error));
  g_assert_no_error (error);
  fixture->customer_id = store_test_create (fixture->store, "customer",
                                            "name", "Işık Elektrik", "kind", "company",
                                            "city", "İzmir", "assigned_to", "ayse", NULL);

  fixture->window = saha_window_new (app, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

/* A local time on 2026-12-08 (a Tuesday) as the UTC text the store keeps. */
static char *
tuesday_at (int hour,
            int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) local = g_date_time_new (tz, 2026, 12, 8, hour, minute, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (local);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* Where the board shows call @id: its cell's technician ("" unassigned), column and place. */
static gboolean
find_call_at (SahaDispatchBoard  *board,
              const char         *id,
              const char        **technician,
              guint              *day,
              SahaDispatchCell  **found,
              guint              *index)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();

  collect_named (GTK_WIDGET (board), "dispatch-cell", cells);
  for (guint i = 0; i < cells->len; i++)
    {
      GObject *cell = g_ptr_array_index (cells, i);
      g_auto(GStrv) ids = saha_dispatch_cell_dup_call_ids (SAHA_DISPATCH_CELL (cell));

      for (guint j = 0; ids[j] != NULL; j++)
        if (g_strcmp0 (ids[j], id) == 0)
          {
            *technician = g_object_get_data (cell, "technician");
            *day = GPOINTER_TO_UINT (g_object_get_data (cell, "day"));
            if (found != NULL)
              *found = SAHA_DISPATCH_CELL (cell);
            if (index != NULL)
              *index = j;
            return TRUE;
          }
    }
  return FALSE;
}

static gboolean
find_call (SahaDispatchBoard  *board,
           const char         *id,
           const char        **technician,
           guint              *day)
{
  return find_call_at (board, id, technician, day, NULL, NULL);
}

static GtkWidget *
find_cell (SahaDispatchBoard *board,
           const char        *technician,
           guint              day)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new ();

  collect_named (GTK_WIDGET (board), "dispatch-cell", cells);
  for (guint i = 0; i < cells->len; i++)
    if (g_strcmp0 (g_object_get_data (g_ptr_array_index (cells, i), "technician"), technician) == 0
        && GPOINTER_TO_UINT (g_object_get_data (g_ptr_array_index (cells, i), "day")) == day)
      return g_ptr_array_index (cells, i);
  g_error ("no cell for %s on day %u", technician, day);
}

static SahaDispatchBoard *
find_board (GtkWidget *widget)
{
  if (SAHA_IS_DISPATCH_BOARD (widget))
    return SAHA_DISPATCH_BOARD (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SahaDispatchBoard *board = find_board (child);

      if (board != NULL)
        return board;
    }
  return NULL;
}

static SahaDispatchDialog *
shown_dialog (void)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (SAHA_IS_DISPATCH_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static void
wait_for_board (SahaDispatchBoard *board)
{
  WAIT_FOR (!saha_dispatch_board_get_loading (board));
  iterate (50);
}

static void
pick_technician (SahaDispatchDialog *dialog,
                 const char         *name)
{
  GtkDropDown *dropdown = find_named (dialog, "dispatch-technician", 0);
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), name) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  g_error ("the dialog offers no technician %s", name);
}

static void
test_board (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autofree char *at_ten = tuesday_at (10, 0);
  g_autofree char *at_half_two = tuesday_at (14, 30);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) tuesday = g_date_time_new (tz, 2026, 12, 8, 12, 0, 0);
  g_autoptr(GDateTime) thursday = g_date_time_new (tz, 2026, 12, 10, 12, 0, 0);
  g_autoptr(SahaRecord) record = NULL;
  g_autofree char *waiting = NULL;
  g_autofree char *planned = NULL;
  g_autofree char *later = NULL;
  g_autofree char *at_thursday = NULL;
  SahaDispatchBoard *board;
  SahaDispatchDialog *dialog;
  SahaDispatchCell *cell = NULL;
  guint index = 0;
  GtkWidget *target;
  const char *technician;
  guint day;
  gboolean dropped = FALSE;
  GValue value = G_VALUE_INIT;

  {
    g_autoptr(GDateTime) utc = g_date_time_to_utc (thursday);

    at_thursday = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  }
  waiting = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                               "problem", "Sigorta atıyor", "priority", "urgent", NULL);
  planned = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                               "status", "assigned", "assigned_to", "mehmet",
                               "scheduled_at", at_ten, NULL);
  later = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                             "status", "assigned", "assigned_to", "zeynep",
                             "scheduled_at", at_thursday, NULL);

  /* The office sees the Dispatch page; a day shows that day's calls only. */
  g_assert_true (gtk_widget_get_visible (find_named (fixture->window, "dispatch", 0)));
  saha_window_show_page (fixture->window, "dispatch");
  board = find_board (GTK_WIDGET (fixture->window));
  g_assert_nonnull (board);
  saha_dispatch_board_set_range (board, tuesday, 1);
  wait_for_board (board);

  g_assert_true (find_call (board, planned, &technician, &day));
  g_assert_cmpstr (technician, ==, "mehmet");
  g_assert_cmpuint (day, ==, 0);
  /* The unassigned call with no time waits in the Unassigned lane's last column. */
  g_assert_true (find_call (board, waiting, &technician, &day));
  g_assert_cmpstr (technician, ==, "");
  g_assert_cmpuint (day, ==, 1);
  g_assert_false (find_call (board, later, &technician, &day));
  g_assert_cmpstr (saha_dispatch_cell_get_load (SAHA_DISPATCH_CELL (find_cell (board, "mehmet", 0))),
                   ==, "1 open call · 1 h");
  /* The rep has no lane. */
  g_assert_cmpuint (count_named (board, "dispatch-technician"), ==, 3);

  /* Enter on a card (or a click) opens the dialog; a date it cannot read is said and
   * changes nothing. */
  g_assert_true (find_call_at (board, waiting, &technician, &day, &cell, &index));
  saha_dispatch_cell_activate_call (cell, index);
  dialog = shown_dialog ();
  g_assert_nonnull (dialog);
  pick_technician (dialog, "zeynep");
  set_entry (dialog, "dispatch-date", 0, "31.02.2026");
  set_entry (dialog, "dispatch-time", 0, "14:30");
  g_assert_false (saha_dispatch_dialog_save (dialog));
  g_assert_true (gtk_widget_get_visible (find_named (dialog, "dispatch-error", 0)));
  g_assert_nonnull (strstr (label_text (dialog, "dispatch-error", 0), "31.02.2026"));
  record = saha_store_get (fixture->store, "service_call", waiting, NULL);
  g_assert_null (saha_record_get (record, "assigned_to"));
  g_assert_null (saha_record_get (record, "scheduled_at"));
  g_clear_pointer (&record, saha_record_unref);

  /* Corrected, Save (the button's action) writes technician, time and status at once. */
  set_entry (dialog, "dispatch-date", 0, "08.12.2026");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "dispatch.save", NULL);
  record = saha_store_get (fixture->store, "service_call", waiting, NULL);
  g_assert_cmpstr (saha_record_get (record, "assigned_to"), ==, "zeynep");
  g_assert_cmpstr (saha_record_get (record, "scheduled_at"), ==, at_half_two);
  g_assert_cmpstr (saha_record_get (record, "status"), ==, "assigned");
  g_clear_pointer (&record, saha_record_unref);
  iterate (50);
  g_assert_null (shown_dialog ());
  wait_for_board (board);
  g_assert_true (find_call (board, waiting, &technician, &day));
  g_assert_cmpstr (technician, ==, "zeynep");
  g_assert_cmpuint (day, ==, 0);

  /* Dragged onto Mehmet's day: his now, at the same time of day. */
  target = g_object_get_data (G_OBJECT (find_cell (board, "mehmet", 0)), "drop-target");
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, waiting);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
  g_value_unset (&value);
  g_assert_true (dropped);
  record = saha_store_get (fixture->store, "service_call", waiting, NULL);
  g_assert_cmpstr (saha_record_get (record, "assigned_to"), ==, "mehmet");
  g_assert_cmpstr (saha_record_get (record, "scheduled_at"), ==, at_half_two);
  g_clear_pointer (&record, saha_record_unref);
  wait_for_board (board);
  g_assert_true (find_call (board, waiting, &technician, &day));
  g_assert_cmpstr (technician, ==, "mehmet");
  g_assert_cmpstr (saha_dispatch_cell_get_load (SAHA_DISPATCH_CELL (find_cell (board, "mehmet", 0))),
                   ==, "2 open calls · 2 h");

  /* The week from Monday: Thursday's call is in its column (3), and a drop onto
   * Wednesday (2) moves a call a day. */
  gtk_toggle_button_set_active (find_named (board, "dispatch-week", 0), TRUE);
  wait_for_board (board);
  g_assert_true (find_call (board, later, &technician, &day));
  g_assert_cmpstr (technician, ==, "zeynep");
  g_assert_cmpuint (day, ==, 3);
  g_assert_true (find_call (board, planned, &technician, &day));
  g_assert_cmpuint (day, ==, 1);
  target = g_object_get_data (G_OBJECT (find_cell (board, "zeynep", 2)), "drop-target");
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, planned);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
  g_value_unset (&value);
  g_assert_true (dropped);
  wait_for_board (board);
  g_assert_true (find_call (board, planned, &technician, &day));
  g_assert_cmpstr (technician, ==, "zeynep");
  g_assert_cmpuint (day, ==, 2);
  record = saha_store_get (fixture->store, "service_call", planned, NULL);
  {
    g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (saha_record_get (record, "scheduled_at"),
                                                             NULL);
    g_autoptr(GDateTime) local = g_date_time_to_local (utc);

    g_assert_cmpint (g_date_time_get_day_of_month (local), ==, 9);
    g_assert_cmpint (g_date_time_get_hour (local), ==, 10);
  }
}

/* A call's expected duration: set in the dialog (after one it cannot read), shown as the
 * card's length and counted in the technician's load of the day. */
static void
test_duration (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *at_ten = tuesday_at (10, 0);
  g_autofree char *at_two = tuesday_at (14, 0);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) tuesday = g_date_time_new (tz, 2026, 12, 8, 12, 0, 0);
  g_autoptr(SahaRecord) record = NULL;
  g_autofree char *planned = NULL;
  g_autofree char *other = NULL;
  SahaDispatchBoard *board;
  SahaDispatchDialog *dialog;
  SahaDispatchCell *cell = NULL;
  const char *technician;
  guint index = 0, day;

  planned = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                               "status", "assigned", "assigned_to", "mehmet",
                               "scheduled_at", at_ten, NULL);
  other = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                             "status", "assigned", "assigned_to", "mehmet",
                             "scheduled_at", at_two, NULL);
  saha_window_show_page (fixture->window, "dispatch");
  board = find_board (GTK_WIDGET (fixture->window));
  saha_dispatch_board_set_range (board, tuesday, 1);
  wait_for_board (board);
  /* Without a duration a call counts an hour, and its card shows only its start. */
  g_assert_cmpstr (saha_dispatch_cell_get_load (SAHA_DISPATCH_CELL (find_cell (board, "mehmet", 0))),
                   ==, "2 open calls · 2 h");
  g_assert_true (find_call_at (board, planned, &technician, &day, &cell, &index));
  g_assert_cmpstr (saha_dispatch_cell_get_card_text (cell, index), ==, "10:00 Işık Elektrik");

  saha_dispatch_cell_activate_call (cell, index);
  dialog = shown_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (dialog, "dispatch-duration", 0))),
                   ==, "");
  set_entry (dialog, "dispatch-duration", 0, "bir buçuk saat");
  g_assert_false (saha_dispatch_dialog_save (dialog));
  g_assert_nonnull (strstr (label_text (dialog, "dispatch-error", 0), "bir buçuk saat"));
  g_assert_true (gtk_widget_has_css_class (find_named (dialog, "dispatch-duration", 0), "error"));
  record = saha_store_get (fixture->store, "service_call", planned, NULL);
  g_assert_null (saha_record_get (record, "expected_minutes"));
  g_clear_pointer (&record, saha_record_unref);

  set_entry (dialog, "dispatch-duration", 0, "1:30");
  g_assert_true (saha_dispatch_dialog_save (dialog));
  record = saha_store_get (fixture->store, "service_call", planned, NULL);
  g_assert_cmpstr (saha_record_get (record, "expected_minutes"), ==, "90");
  g_clear_pointer (&record, saha_record_unref);
  iterate (50);
  wait_for_board (board);
  g_assert_true (find_call_at (board, planned, &technician, &day, &cell, &index));
  g_assert_cmpstr (saha_dispatch_cell_get_card_text (cell, index), ==,
                   "10:00–11:30 Işık Elektrik");
  g_assert_cmpstr (saha_dispatch_cell_get_load (SAHA_DISPATCH_CELL (find_cell (board, "mehmet", 0))),
                   ==, "2 open calls · 2 h 30 min");

  /* Opened again, the dialog shows it; saved untouched, the field is not written again. */
  saha_dispatch_cell_activate_call (cell, index);
  dialog = shown_dialog ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (dialog, "dispatch-duration", 0))),
                   ==, "1:30");
  gtk_window_close (GTK_WINDOW (dialog));
  iterate (50);
}

/* The office's New Service Call is not the office's own: it waits unassigned while the
 * dispatch dialog asks for the technician, date and time. */
static void
test_new_call (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *at_nine = tuesday_at (9, 15);
  g_autoptr(SahaRecord) call = NULL;
  SahaServiceCallPage *page;
  SahaDispatchDialog *dialog;
  GObject *list;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-service-call", "s",
                              fixture->customer_id);
  list = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW,
                                        "service_calls_page");
  page = saha_service_call_list_view_get_page (SAHA_SERVICE_CALL_LIST_VIEW (list));
  set_text_view (page, "problem", "Kombi su kaçırıyor");
  g_assert_true (saha_service_call_page_save (page));

  call = only_record (fixture->store, "service_call", NULL, NULL);
  g_assert_null (saha_record_get (call, "assigned_to"));
  g_assert_null (saha_record_get (call, "scheduled_at"));
  g_assert_cmpstr (saha_record_get (call, "status"), ==, "new");
  g_clear_pointer (&call, saha_record_unref);

  dialog = shown_dialog ();
  g_assert_nonnull (dialog);
  pick_technician (dialog, "mehmet");
  set_entry (dialog, "dispatch-date", 0, "2026-12-08");
  set_entry (dialog, "dispatch-time", 0, "09:15");
  set_entry (dialog, "dispatch-duration", 0, "45");
  g_assert_true (saha_dispatch_dialog_save (dialog));

  call = only_record (fixture->store, "service_call", NULL, NULL);
  g_assert_cmpstr (saha_record_get (call, "assigned_to"), ==, "mehmet");
  g_assert_cmpstr (saha_record_get (call, "scheduled_at"), ==, at_nine);
  g_assert_cmpstr (saha_record_get (call, "status"), ==, "assigned");
  g_assert_cmpstr (saha_record_get (call, "expected_minutes"), ==, "45");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fieldwork_test_init (&argc, &argv);

  g_test_add ("/app/dispatch/board", Fixture, NULL, office_set_up, test_board,
              fixture_tear_down);
  g_test_add ("/app/dispatch/duration", Fixture, NULL, office_set_up, test_duration,
              fixture_tear_down);
  g_test_add ("/app/dispatch/new-call", Fixture, NULL, office_set_up, test_new_call,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
