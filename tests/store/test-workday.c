/* test-workday.c: the store's rules for a working day: tasks, complaint follow-ups, status
 * transitions and cancellation reasons.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store-test.h"
#include "saha-store-dispatch.h"

static gboolean
update (SahaStore   *store,
        const char  *entity,
        const char  *id,
        const char  *field,
        const char  *value,
        GError     **error)
{
  SahaFieldInput input = { field, value };

  return saha_store_update (store, entity, id, &input, 1, error);
}

static GPtrArray *
tasks_of (SahaStore  *store,
          const char *related_id)
{
  SahaFieldInput where = { "related_id", related_id };
  SahaQuery query = { .where = &where, .n_where = 1, .include_deleted = TRUE };
  g_autoptr(GError) error = NULL;
  GPtrArray *tasks = saha_store_list (store, "task", &query, &error);

  g_assert_no_error (error);
  return tasks;
}

static void
test_follow_up_once (void)
{
  g_autoptr(SahaStore) store = store_test_open ("follow-up.db");
  g_autofree char *customer = store_test_create (store, "customer", "name", "Anadolu Makina",
                                                 "kind", "company", "assigned_to", "rep-a",
                                                 NULL);
  g_autofree char *complaint = NULL, *call_note = NULL, *resolved = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;
  SahaRecord *task;

  g_assert_true (saha_store_set_setting (store, "user", "office-1", &error));
  complaint = store_test_create (store, "note", "customer", customer, "channel", "complaint",
                                 "summary", "Pres üç gündür çalışmıyor", "status", "open",
                                 NULL);
  tasks = tasks_of (store, complaint);
  g_assert_cmpuint (tasks->len, ==, 1);
  task = g_ptr_array_index (tasks, 0);
  /* The customer's rep follows up, not whoever wrote the note down. */
  g_assert_cmpstr (saha_record_get (task, "owner"), ==, "rep-a");
  g_assert_cmpstr (saha_record_get (task, "customer"), ==, customer);
  g_assert_cmpstr (saha_record_get (task, "related_entity"), ==, "note");
  g_assert_cmpstr (saha_record_get (task, "title"), ==, "Follow up: Pres üç gündür çalışmıyor");
  g_assert_nonnull (saha_record_get (task, "due_at"));
  g_assert_null (saha_record_get (task, "done_at"));

  /* Editing the complaint, even after its task was deleted, makes no second one. */
  g_assert_true (update (store, "note", complaint, "summary", "Pres durdu", &error));
  g_assert_true (saha_store_delete (store, "task", saha_record_get_id (task), &error));
  g_assert_true (update (store, "note", complaint, "summary", "Pres yine durdu", &error));
  again = tasks_of (store, complaint);
  g_assert_cmpuint (again->len, ==, 1);
  g_assert_true (saha_record_is_deleted (g_ptr_array_index (again, 0)));

  /* Other notes and resolved complaints get none. */
  call_note = store_test_create (store, "note", "customer", customer, "channel", "call",
                                 "summary", "Asked for a quote", NULL);
  resolved = store_test_create (store, "note", "customer", customer, "channel", "complaint",
                                "summary", "Late delivery", "status", "resolved", NULL);
  none = tasks_of (store, call_note);
  g_assert_cmpuint (none->len, ==, 0);
  g_clear_pointer (&none, g_ptr_array_unref);
  none = tasks_of (store, resolved);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_task_owner (void)
{
  g_autoptr(SahaStore) store = store_test_open ("task.db");
  g_autofree char *mine = NULL, *theirs = NULL;
  g_autoptr(SahaRecord) task = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (saha_store_set_setting (store, "user", "rep-a", &error));
  mine = store_test_create (store, "task", "title", "Send the catalogue", "due_at",
                            "2026-12-08T09:00:00+03:00", NULL);
  theirs = store_test_create (store, "task", "title", "Visit Ege Tekstil", "owner", "rep-b",
                              NULL);
  task = saha_store_get (store, "task", mine, &error);
  g_assert_cmpstr (saha_record_get (task, "owner"), ==, "rep-a");
  g_assert_cmpstr (saha_record_get (task, "due_at"), ==, "2026-12-08T06:00:00Z");
  g_clear_pointer (&task, saha_record_unref);
  task = saha_store_get (store, "task", theirs, &error);
  g_assert_cmpstr (saha_record_get (task, "owner"), ==, "rep-b");

  /* Done: done_by is whoever marked it. */
  g_assert_true (update (store, "task", theirs, "done_at", "2026-12-08T10:00:00Z", &error));
  g_clear_pointer (&task, saha_record_unref);
  task = saha_store_get (store, "task", theirs, &error);
  g_assert_cmpstr (saha_record_get (task, "done_by"), ==, "rep-a");

  /* A title is required, as for every entity's required fields. */
  g_assert_null (saha_store_create (store, "task", (SahaFieldInput[]) { { "owner", "x" } }, 1,
                                    &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);
}

static void
test_transitions (void)
{
  g_autoptr(SahaStore) store = store_test_open ("transitions.db");
  g_autofree char *customer = store_test_create (store, "customer", "name", "Ege Tekstil",
                                                 "kind", "company", NULL);
  g_autofree char *call = store_test_create (store, "service_call", "customer", customer,
                                             "problem", "Leaking valve", NULL);
  g_autofree char *order = store_test_create (store, "order", "customer", customer, NULL);
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (update (store, "service_call", call, "status", "resolved", &error));
  /* resolved -> new was accepted before; it is not a documented transition. */
  g_assert_false (update (store, "service_call", call, "status", "new", &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);
  g_assert_true (strstr (error->message, "from resolved it may go to closed") != NULL);
  g_clear_error (&error);
  record = saha_store_get (store, "service_call", call, &error);
  g_assert_cmpstr (saha_record_get (record, "status"), ==, "resolved");

  /* A cancellation's reason is kept (saha-cli demands one: tests/cli/test-cli-workday). */
  g_assert_true (update (store, "order", order, "status", "quote", &error));
  {
    SahaFieldInput inputs[] = { { "status", "cancelled" },
                                { "cancel_reason", "Customer bought elsewhere" } };

    g_assert_true (saha_store_update (store, "order", order, inputs, 2, &error));
  }
  g_clear_pointer (&record, saha_record_unref);
  record = saha_store_get (store, "order", order, &error);
  g_assert_cmpstr (saha_record_get (record, "status"), ==, "cancelled");
  g_assert_cmpstr (saha_record_get (record, "cancel_reason"), ==, "Customer bought elsewhere");

  /* The office reopens a cancelled call; a technician cannot. */
  {
    g_autofree char *other = store_test_create (store, "service_call", "customer", customer,
                                                "status", "cancelled", "cancel_reason",
                                                "Duplicate", NULL);

    g_assert_true (saha_store_set_setting (store, "user_role", "tech", &error));
    g_assert_false (update (store, "service_call", other, "status", "new", &error));
    g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (saha_store_set_setting (store, "user_role", "office", &error));
    g_assert_true (update (store, "service_call", other, "status", "new", &error));
  }
}

static void
test_dispatch_board (void)
{
  g_autoptr(SahaStore) store = store_test_open ("board.db");
  g_autofree char *customer = store_test_create (store, "customer", "name", "Anadolu Makina",
                                                 "kind", "company", NULL);
  g_autofree char *a1 = NULL, *a2 = NULL, *done = NULL, *waiting = NULL, *next_week = NULL;
  const char * const technicians[] = { "tech-a", "tech-b", NULL };
  g_autoptr(GPtrArray) lanes = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  SahaDispatchLane *lane;

  a2 = store_test_create (store, "service_call", "customer", customer, "number", "SC-2",
                          "assigned_to", "tech-a", "scheduled_at", "2026-12-10T08:00:00Z", NULL);
  a1 = store_test_create (store, "service_call", "customer", customer, "number", "SC-1",
                          "assigned_to", "tech-a", "scheduled_at", "2026-12-08T08:00:00Z", NULL);
  done = store_test_create (store, "service_call", "customer", customer, "number", "SC-3",
                            "assigned_to", "tech-a", "scheduled_at", "2026-12-09T08:00:00Z",
                            "status", "closed", NULL);
  waiting = store_test_create (store, "service_call", "customer", customer, "number", "SC-4",
                               NULL);
  next_week = store_test_create (store, "service_call", "customer", customer, "number", "SC-5",
                                 "assigned_to", "tech-a", "scheduled_at", "2026-12-15T08:00:00Z",
                                 NULL);

  /* One week: tech-a, tech-b (no calls, still a lane), then the unassigned lane. */
  lanes = saha_store_dispatch_board (store, "2026-12-07T00:00:00Z", "2026-12-14T00:00:00Z",
                                     technicians, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lanes->len, ==, 3);
  lane = g_ptr_array_index (lanes, 0);
  g_assert_cmpstr (lane->technician, ==, "tech-a");
  g_assert_cmpuint (lane->calls->len, ==, 3);
  g_assert_cmpuint (lane->load, ==, 2);  /* the closed call is shown, not counted */
  g_assert_cmpstr (((SahaDispatchCall *) g_ptr_array_index (lane->calls, 0))->id, ==, a1);
  g_assert_cmpstr (((SahaDispatchCall *) g_ptr_array_index (lane->calls, 1))->id, ==, done);
  g_assert_cmpstr (((SahaDispatchCall *) g_ptr_array_index (lane->calls, 2))->id, ==, a2);
  g_assert_cmpstr (((SahaDispatchCall *) g_ptr_array_index (lane->calls, 0))->customer_name, ==,
                   "Anadolu Makina");
  lane = g_ptr_array_index (lanes, 1);
  g_assert_cmpstr (lane->technician, ==, "tech-b");
  g_assert_cmpuint (lane->calls->len, ==, 0);
  lane = g_ptr_array_index (lanes, 2);
  g_assert_null (lane->technician);
  g_assert_cmpuint (lane->calls->len, ==, 1);
  g_assert_cmpstr (((SahaDispatchCall *) g_ptr_array_index (lane->calls, 0))->id, ==, waiting);
  g_assert_cmpuint (lane->load, ==, 1);
  (void) next_week;

  /* A cancelled query says so and gives nothing. */
  g_clear_pointer (&lanes, g_ptr_array_unref);
  g_cancellable_cancel (cancellable);
  lanes = saha_store_dispatch_board (store, "2026-12-07T00:00:00Z", "2026-12-14T00:00:00Z",
                                     technicians, NULL, cancellable, &error);
  g_assert_null (lanes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_replica_users (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica-users.db");
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *rep = NULL, *unknown = NULL, *own = NULL;

  g_ptr_array_add (pairs, g_strdup ("r-00000000000000aa"));
  g_ptr_array_add (pairs, g_strdup ("rep-a"));
  g_assert_true (saha_store_set_replica_users (store, pairs, &error));
  g_assert_true (saha_store_set_setting (store, "user", "office-1", &error));
  rep = saha_store_get_replica_user (store, "r-00000000000000aa");
  unknown = saha_store_get_replica_user (store, "r-00000000000000bb");
  own = saha_store_get_replica_user (store, saha_store_get_replica_id (store));
  g_assert_cmpstr (rep, ==, "rep-a");
  g_assert_null (unknown);
  g_assert_cmpstr (own, ==, "office-1");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/store/workday/follow-up-once", test_follow_up_once);
  g_test_add_func ("/store/workday/task-owner", test_task_owner);
  g_test_add_func ("/store/workday/transitions", test_transitions);
  g_test_add_func ("/store/workday/dispatch-board", test_dispatch_board);
  g_test_add_func ("/store/workday/replica-users", test_replica_users);
  return g_test_run ();
}
