/* test-tasks.c: the Tasks page (the user's open tasks, marked done with a button, a task
 * opened from its reminder) and the reminders themselves: sent when a task falls due, for
 * what fell due while the app was closed, never twice for the same due time.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fieldwork-test.h"
#include "saha-customer-page.h"
#include "saha-customers-view.h"
#include "saha-task-dialog.h"
#include "saha-task-list-page.h"
#include "saha-visit-editor.h"
#include "saha-visit-list-view.h"
#include "saha-task-reminders.h"

/* Whether a notification was sent whose click opens task @id. */
static gboolean
sent_for (const char *id)
{
  for (guint i = 0; i < fieldwork_notifications_sent->len; i++)
    {
      GVariantDict dict;
      const char *action = NULL;
      g_autoptr(GVariant) target = NULL;
      gboolean found;

      g_variant_dict_init (&dict, g_ptr_array_index (fieldwork_notifications_sent, i));
      g_variant_dict_lookup (&dict, "default-action", "&s", &action);
      target = g_variant_dict_lookup_value (&dict, "default-action-target", G_VARIANT_TYPE_STRING);
      found = g_strcmp0 (action, "app.open-task") == 0 && target != NULL
              && g_strcmp0 (g_variant_get_string (target, NULL), id) == 0;
      g_variant_dict_clear (&dict);
      if (found)
        return TRUE;
    }
  return FALSE;
}

static char *
utc_in (int seconds)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) when = g_date_time_add_seconds (now, seconds);

  return g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
}

static SahaTaskListPage *
tasks_page (Fixture *fixture)
{
  return SAHA_TASK_LIST_PAGE (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                             SAHA_TYPE_WINDOW, "tasks_page"));
}

static void
on_reminded (SahaTaskReminders *reminders,
             const char        *id,
             GPtrArray         *ids)
{
  g_ptr_array_add (ids, g_strdup (id));
}

static gboolean
has (GPtrArray  *ids,
     const char *id)
{
  return g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL);
}

static void
test_page (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autofree char *an_hour_ago = utc_in (-3600);
  g_autofree char *tomorrow = utc_in (24 * 3600);
  g_autofree char *late = NULL, *soon = NULL, *done = NULL, *others = NULL;
  g_autoptr(SahaRecord) record = NULL;
  SahaTaskListPage *page = tasks_page (fixture);
  g_auto(GStrv) ids = NULL;
  GtkWidget *button = NULL;

  soon = store_test_create (fixture->store, "task", "title", "Teklifi ara", "owner", "ayse",
                            "customer", fixture->customer_id, "due_at", tomorrow, NULL);
  late = store_test_create (fixture->store, "task", "title", "Şikâyeti takip et", "owner", "ayse",
                            "customer", fixture->customer_id, "due_at", an_hour_ago, NULL);
  done = store_test_create (fixture->store, "task", "title", "Bitti", "owner", "ayse",
                            "due_at", an_hour_ago, "done_at", an_hour_ago, NULL);
  others = store_test_create (fixture->store, "task", "title", "Mehmet'in", "owner", "mehmet",
                              "due_at", an_hour_ago, NULL);

  saha_window_show_page (fixture->window, "tasks");
  saha_task_list_page_reload (page);
  WAIT_FOR (!saha_task_list_page_get_loading (page));
  ids = saha_task_list_page_dup_task_ids (page);
  g_assert_cmpuint (g_strv_length (ids), ==, 2);
  g_assert_cmpstr (ids[0], ==, late);
  g_assert_cmpstr (ids[1], ==, soon);
  g_assert_cmpstr (label_text (page, "tasks-summary", 0), ==, "2 open tasks");
  /* The late one says so. */
  g_assert_cmpuint (count_named (page, "task-due"), ==, 1);

  /* A reminder's click: the task shown and selected, from another page. */
  saha_window_show_page (fixture->window, "customers");
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-task", g_variant_new_string (soon));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                               SAHA_TYPE_WINDOW,
                                                               "content_stack"))), ==, "tasks");
  g_assert_cmpstr (saha_task_list_page_get_selected_id (page), ==, soon);

  /* Done with one press: done_at and done_by written, the task gone from the list. */
  for (GtkWidget *row = gtk_widget_get_first_child (find_named (page, "tasks", 0));
       row != NULL && button == NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "record-id"), late) == 0)
      button = find_named (row, "task-done", 0);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  record = saha_store_get (fixture->store, "task", late, NULL);
  g_assert_nonnull (saha_record_get (record, "done_at"));
  g_assert_cmpstr (saha_record_get (record, "done_by"), ==, "ayse");
  WAIT_FOR (!saha_task_list_page_get_loading (page));
  g_clear_pointer (&ids, g_strfreev);
  ids = saha_task_list_page_dup_task_ids (page);
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, soon);
  (void) done;
  (void) others;
}

static void
test_reminders (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *an_hour_ago = utc_in (-3600);
  g_autofree char *in_two_seconds = utc_in (2);
  g_autofree char *tomorrow = utc_in (24 * 3600);
  g_autofree char *late = NULL, *soon = NULL, *done = NULL, *others = NULL, *later = NULL;
  g_autofree char *while_closed = NULL;
  g_autoptr(GPtrArray) reminded = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  SahaTaskReminders *reminders;

  /* The window keeps reminders of its own on the same replica, and what one of them
   * reminded of the other does not remind again: the test's are the only ones here. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  iterate (50);

  late = store_test_create (fixture->store, "task", "title", "Şikâyeti takip et", "owner", "ayse",
                            "customer", fixture->customer_id, "due_at", an_hour_ago, NULL);
  soon = store_test_create (fixture->store, "task", "title", "Teklifi ara", "owner", "ayse",
                            "due_at", in_two_seconds, NULL);
  later = store_test_create (fixture->store, "task", "title", "Yarın", "owner", "ayse",
                             "due_at", tomorrow, NULL);
  done = store_test_create (fixture->store, "task", "title", "Bitti", "owner", "ayse",
                            "due_at", an_hour_ago, "done_at", an_hour_ago, NULL);
  others = store_test_create (fixture->store, "task", "title", "Mehmet'in", "owner", "mehmet",
                              "due_at", an_hour_ago, NULL);

  /* The app starts (offline: no server at all): what is due is reminded at once, what
   * falls due two seconds later then. */
  reminders = saha_task_reminders_new (G_APPLICATION (app), fixture->store);
  g_signal_connect (reminders, "reminded", G_CALLBACK (on_reminded), reminded);
  WAIT_FOR (has (reminded, late));
  g_assert_false (has (reminded, soon));
  /* A desktop notification whose click opens the task. */
  WAIT_FOR (sent_for (late));
  /* Its timer counts whole seconds and may fire up to one late, then a worker reads. */
  WAIT_FOR (has (reminded, soon));
  WAIT_FOR (sent_for (soon));
  iterate (200);
  g_assert_cmpuint (reminded->len, ==, 2);
  g_assert_false (has (reminded, done) || has (reminded, others) || has (reminded, later));
  g_object_unref (reminders);

  /* Closed; meanwhile a task fell due. A restart reminds of it, not again of the two. */
  while_closed = store_test_create (fixture->store, "task", "title", "Kapalıyken", "owner", "ayse",
                                    "due_at", an_hour_ago, NULL);
  g_ptr_array_set_size (reminded, 0);
  reminders = saha_task_reminders_new (G_APPLICATION (app), fixture->store);
  g_signal_connect (reminders, "reminded", G_CALLBACK (on_reminded), reminded);
  WAIT_FOR (has (reminded, while_closed));
  iterate (300);
  g_assert_cmpuint (reminded->len, ==, 1);

  /* Put off to a later time that has passed too: reminded again. */
  {
    g_autofree char *half_an_hour_ago = utc_in (-1800);
    SahaFieldInput moved[] = { { "due_at", half_an_hour_ago } };

    g_assert_true (saha_store_update (fixture->store, "task", late, moved, 1, &error));
    g_assert_no_error (error);
  }
  saha_task_reminders_refresh (reminders);
  WAIT_FOR (has (reminded, late));
  g_object_unref (reminders);
}

static SahaTaskDialog *
shown_task_dialog (void)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    if (SAHA_IS_TASK_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* From the 360° page: New Task asks for a title first, then the task is the user's, about
 * that customer, due when given, and on the Tasks page. */
static void
test_new_from_customer (Fixture       *fixture,
                        gconstpointer  user_data)
{
  SahaCustomersView *view = SAHA_CUSTOMERS_VIEW (gtk_widget_get_template_child (
                              GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW, "customers_view"));
  SahaCustomerPage *page = saha_customers_view_get_page (view);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) local = g_date_time_new (tz, 2026, 12, 7, 10, 0, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (local);
  g_autofree char *due = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(SahaRecord) task = NULL;
  g_auto(GStrv) ids = NULL;
  SahaTaskDialog *dialog;

  saha_customer_page_show_customer (page, fixture->store, fixture->customer_id);
  WAIT_FOR (!saha_customer_page_get_loading (page));
  g_signal_emit_by_name (find_named (page, "new-task", 0), "clicked");
  dialog = shown_task_dialog ();
  g_assert_nonnull (dialog);
  set_entry (dialog, "task-date", 0, "07.12.2026");
  set_entry (dialog, "task-time", 0, "10:00");
  g_assert_false (saha_task_dialog_save (dialog));
  g_assert_true (gtk_widget_get_visible (find_named (dialog, "task-error", 0)));
  g_assert_cmpuint (count_records (fixture->store, "task", NULL, NULL), ==, 0);

  set_entry (dialog, "task-title", 0, "Teklifi ara");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "task.save", NULL);
  task = only_record (fixture->store, "task", NULL, NULL);
  g_assert_cmpstr (saha_record_get (task, "title"), ==, "Teklifi ara");
  g_assert_cmpstr (saha_record_get (task, "customer"), ==, fixture->customer_id);
  g_assert_cmpstr (saha_record_get (task, "owner"), ==, "ayse");
  g_assert_cmpstr (saha_record_get (task, "due_at"), ==, due);

  saha_window_show_page (fixture->window, "tasks");
  WAIT_FOR (!saha_task_list_page_get_loading (tasks_page (fixture)));
  ids = saha_task_list_page_dup_task_ids (tasks_page (fixture));
  g_assert_cmpuint (g_strv_length (ids), ==, 1);
  g_assert_cmpstr (ids[0], ==, saha_record_get_id (task));
}

/* An open complaint on the 360° page offers Follow Up: a task about that note, its title
 * suggested, besides the one made for the customer's rep when the note was written. */
static void
test_follow_up_complaint (Fixture       *fixture,
                          gconstpointer  user_data)
{
  SahaCustomersView *view = SAHA_CUSTOMERS_VIEW (gtk_widget_get_template_child (
                              GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW, "customers_view"));
  SahaCustomerPage *page = saha_customers_view_get_page (view);
  g_autofree char *note = NULL;
  g_autoptr(SahaRecord) task = NULL;
  SahaTaskDialog *dialog;
  SahaFieldInput where[] = { { "related_id", NULL }, { "title", "Ara: Sigorta atıyor" } };
  SahaQuery query = { .where = where, .n_where = 2 };
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GError) error = NULL;

  note = store_test_create (fixture->store, "note", "customer", fixture->customer_id,
                            "channel", "complaint", "status", "open",
                            "summary", "Sigorta atıyor", NULL);
  g_assert_cmpuint (count_records (fixture->store, "task", "related_id", note), ==, 1);
  saha_customer_page_show_customer (page, fixture->store, fixture->customer_id);
  WAIT_FOR (!saha_customer_page_get_loading (page));
  /* The notes are read in a worker. */
  WAIT_FOR (!saha_customer_page_get_loading (page));
  g_signal_emit_by_name (find_named (page, "follow-up", 0), "clicked");
  dialog = shown_task_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (dialog, "task-title", 0))),
                   ==, "Follow up: Sigorta atıyor");
  set_entry (dialog, "task-title", 0, "Ara: Sigorta atıyor");
  g_assert_true (saha_task_dialog_save (dialog));

  where[0].value = note;
  tasks = saha_store_list (fixture->store, "task", &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 1);
  task = saha_record_ref (g_ptr_array_index (tasks, 0));
  g_assert_cmpstr (saha_record_get (task, "related_entity"), ==, "note");
  g_assert_cmpstr (saha_record_get (task, "customer"), ==, fixture->customer_id);
  g_assert_cmpstr (saha_record_get (task, "owner"), ==, "ayse");
  g_assert_cmpuint (count_records (fixture->store, "task", "related_id", note), ==, 2);
}

/* From a visit: Follow Up once checked in makes a task related to that visit. */
static void
test_follow_up_visit (Fixture       *fixture,
                      gconstpointer  user_data)
{
  SahaVisitListView *visits = SAHA_VISIT_LIST_VIEW (gtk_widget_get_template_child (
                                GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW, "visits_page"));
  SahaVisitEditor *editor = saha_visit_list_view_get_editor (visits);
  g_autoptr(SahaRecord) task = NULL;
  SahaTaskDialog *dialog;

  saha_visit_list_view_log_visit (visits, fixture->customer_id);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (editor), "visit.follow-up", NULL)
                  && shown_task_dialog () != NULL);
  g_assert_true (saha_visit_editor_check_in (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "visit.follow-up", NULL));
  dialog = shown_task_dialog ();
  g_assert_nonnull (dialog);
  set_entry (dialog, "task-title", 0, "Numuneleri gönder");
  g_assert_true (saha_task_dialog_save (dialog));
  task = only_record (fixture->store, "task", NULL, NULL);
  g_assert_cmpstr (saha_record_get (task, "related_entity"), ==, "visit");
  g_assert_cmpstr (saha_record_get (task, "related_id"), ==,
                   saha_visit_editor_get_visit_id (editor));
  g_assert_cmpstr (saha_record_get (task, "customer"), ==, fixture->customer_id);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* GTK's notification backend, served by serve_notifications() on the private bus. */
  g_setenv ("GNOTIFICATION_BACKEND", "gtk", TRUE);
  fieldwork_test_init (&argc, &argv);
  fieldwork_serve_notifications ();

  g_test_add ("/app/tasks/page", Fixture, NULL, fixture_set_up, test_page, fixture_tear_down);
  g_test_add ("/app/tasks/new-from-customer", Fixture, NULL, fixture_set_up,
              test_new_from_customer, fixture_tear_down);
  g_test_add ("/app/tasks/follow-up-complaint", Fixture, NULL, fixture_set_up,
              test_follow_up_complaint, fixture_tear_down);
  g_test_add ("/app/tasks/follow-up-visit", Fixture, NULL, fixture_set_up,
              test_follow_up_visit, fixture_tear_down);
  g_test_add ("/app/tasks/reminders", Fixture, NULL, fixture_set_up, test_reminders,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  g_clear_pointer (&fieldwork_notifications_sent, g_ptr_array_unref);
  return status;
}
