/* test-cli-workday.c: saha-cli for a working day: tasks, the dispatch board, order and call lists.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cli-run.h"

static CliResult *
run_cli (const char *db,
         ...) G_GNUC_NULL_TERMINATED;

static CliResult *
run_cli (const char *db,
         ...)
{
  const char * const env[] = { "LC_ALL", "C", "TZ", "Europe/Istanbul", NULL };
  const char * const first[] = { "--db", db, NULL };
  CliResult *result;
  va_list ap;

  va_start (ap, db);
  result = cli_run_valist (env, first, ap);
  va_end (ap);
  return result;
}

#define cli_ok(db, ...) cli_ok_impl (__LINE__, run_cli (db, __VA_ARGS__, NULL))

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}



static void
test_tasks (void)
{
  g_autofree char *db = g_build_filename (g_get_user_data_dir (), "tasks.db", NULL);
  g_autofree char *customer = NULL, *task = NULL, *other = NULL, *out = NULL;
  g_autofree char *customer_arg = NULL, *note = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CliResult) bad = NULL;
  JsonObject *fields;

  customer = cli_ok (db, "create", "customer", "name=Anadolu Makina", "kind=company",
                     "assigned_to=rep-a");
  customer_arg = g_strdup_printf ("customer=%s", customer);
  task = cli_ok (db, "create", "task", "title=Send the price list", customer_arg,
                 "due_at=2026-12-08T09:00:00+03:00", "owner=rep-a");
  other = cli_ok (db, "create", "task", "title=Renew the vehicle permit", "owner=rep-b");

  out = cli_ok (db, "list", "task", "--where", "owner=rep-a", "--json");
  root = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  fields = json_object_get_object_member (json_array_get_object_element (json_node_get_array (root), 0),
                                          "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "title"), ==, "Send the price list");
  g_assert_cmpstr (json_object_get_string_member (fields, "due_at"), ==, "2026-12-08T06:00:00Z");
  g_clear_pointer (&out, g_free);

  /* The table names the customer, not its id. */
  out = cli_ok (db, "list", "task", "--where", "owner=rep-a");
  g_assert_nonnull (strstr (out, "Anadolu Makina"));
  g_assert_null (strstr (out, customer));
  g_clear_pointer (&out, g_free);

  g_free (cli_ok (db, "set", "task", task, "done_at=2026-12-08T10:15:00Z"));
  out = cli_ok (db, "get", "task", task);
  g_assert_nonnull (strstr (out, "done_at: 2026-12-08T10:15:00Z"));
  g_clear_pointer (&out, g_free);

  /* A task needs a title; bad input changes nothing. */
  bad = run_cli (db, "create", "task", customer_arg, NULL);
  g_assert_cmpint (bad->status, !=, 0);
  g_assert_nonnull (strstr (bad->err, "title"));
  out = cli_ok (db, "list", "task", "--json");
  g_clear_pointer (&root, json_node_unref);
  root = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
  g_clear_pointer (&out, g_free);

  /* An open complaint brings its follow-up for the customer's rep. */
  note = cli_ok (db, "create", "note", customer_arg, "channel=complaint",
                 "summary=Delivery came damaged");
  {
    g_autofree char *where = g_strdup_printf ("related_id=%s", note);

    out = cli_ok (db, "list", "task", "--where", where, "--json");
  }
  g_clear_pointer (&root, json_node_unref);
  root = parse (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  fields = json_object_get_object_member (json_array_get_object_element (json_node_get_array (root), 0),
                                          "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "owner"), ==, "rep-a");
  g_assert_cmpstr (json_object_get_string_member (fields, "title"), ==,
                   "Follow up: Delivery came damaged");
  (void) other;
}

static void
test_orders_and_calls (void)
{
  g_autofree char *db = g_build_filename (g_get_user_data_dir (), "lists.db", NULL);
  g_autofree char *isik = NULL, *ege = NULL, *isik_arg = NULL, *ege_arg = NULL;
  g_autofree char *o1 = NULL, *o2 = NULL, *c1 = NULL, *c2 = NULL, *out = NULL;
  g_autoptr(CliResult) bad = NULL;

  isik = cli_ok (db, "create", "customer", "name=IŞIK Makina", "kind=company");
  ege = cli_ok (db, "create", "customer", "name=Ege Tekstil", "kind=company");
  isik_arg = g_strdup_printf ("customer=%s", isik);
  ege_arg = g_strdup_printf ("customer=%s", ege);
  o1 = cli_ok (db, "create", "order", isik_arg, "number=ORD-1001");
  o2 = cli_ok (db, "create", "order", ege_arg, "number=ORD-1002");
  c1 = cli_ok (db, "create", "service_call", isik_arg, "number=SC-1", "problem=Kompresör gürültülü");
  c2 = cli_ok (db, "create", "service_call", ege_arg, "number=SC-2", "problem=Door seal leaks");

  out = cli_ok (db, "list", "order");
  g_assert_nonnull (strstr (out, "IŞIK Makina"));
  g_assert_nonnull (strstr (out, "Ege Tekstil"));
  g_assert_null (strstr (out, isik));
  g_clear_pointer (&out, g_free);

  /* By customer name, folded as for customers: "isik" and "ışık" find "IŞIK". */
  out = cli_ok (db, "list", "order", "--search", "isik");
  g_assert_nonnull (strstr (out, o1));
  g_assert_null (strstr (out, o2));
  g_clear_pointer (&out, g_free);
  out = cli_ok (db, "list", "order", "--search", "ışık");
  g_assert_nonnull (strstr (out, o1));
  g_clear_pointer (&out, g_free);
  /* By number. */
  out = cli_ok (db, "list", "order", "--search", "ORD-1002");
  g_assert_nonnull (strstr (out, o2));
  g_assert_null (strstr (out, o1));
  g_clear_pointer (&out, g_free);
  /* A call by its problem, ASCII-folded, and by customer. */
  out = cli_ok (db, "list", "service_call", "--search", "kompresor");
  g_assert_nonnull (strstr (out, c1));
  g_assert_null (strstr (out, c2));
  g_clear_pointer (&out, g_free);
  out = cli_ok (db, "list", "service_call", "--search", "ege");
  g_assert_nonnull (strstr (out, c2));
  g_assert_null (strstr (out, c1));
  g_clear_pointer (&out, g_free);
  /* A renamed customer is found by the new name at once. */
  g_free (cli_ok (db, "set", "customer", ege, "name=Marmara Tekstil"));
  out = cli_ok (db, "list", "service_call", "--search", "marmara");
  g_assert_nonnull (strstr (out, c2));
  g_clear_pointer (&out, g_free);

  /* Status: documented transitions only; cancelling keeps its reason. */
  g_free (cli_ok (db, "set", "service_call", c1, "status=resolved"));
  bad = run_cli (db, "set", "service_call", c1, "status=new", NULL);
  g_assert_cmpint (bad->status, ==, 3);
  g_assert_nonnull (strstr (bad->err, "cannot go from resolved to new"));
  g_clear_pointer (&bad, cli_result_free);
  bad = run_cli (db, "set", "order", o1, "status=cancelled", NULL);
  g_assert_cmpint (bad->status, ==, 3);
  g_assert_nonnull (strstr (bad->err, "cancel_reason"));
  g_free (cli_ok (db, "set", "order", o1, "status=cancelled", "cancel_reason=Price too high"));
  out = cli_ok (db, "get", "order", o1);
  g_assert_nonnull (strstr (out, "cancel_reason: Price too high"));
}

static void
test_schedule (void)
{
  g_autofree char *db = g_build_filename (g_get_user_data_dir (), "board.db", NULL);
  g_autofree char *customer = NULL, *arg = NULL, *early = NULL, *late = NULL, *waiting = NULL;
  g_autofree char *tomorrow = NULL, *cancelled = NULL, *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CliResult) bad = NULL;
  JsonArray *array;
  JsonObject *first;

  customer = cli_ok (db, "create", "customer", "name=Anadolu Makina", "kind=company");
  arg = g_strdup_printf ("customer=%s", customer);
  /* 01:30 on 9 December in Istanbul is still 8 December in UTC. */
  early = cli_ok (db, "create", "service_call", arg, "number=SC-1", "priority=urgent",
                  "assigned_to=tech-a", "scheduled_at=2026-12-08T22:30:00Z");
  late = cli_ok (db, "create", "service_call", arg, "number=SC-2", "expected_minutes=90",
                 "assigned_to=tech-a", "scheduled_at=2026-12-09T14:00:00+03:00");
  tomorrow = cli_ok (db, "create", "service_call", arg, "number=SC-3",
                     "assigned_to=tech-b", "scheduled_at=2026-12-10T09:00:00+03:00");
  waiting = cli_ok (db, "create", "service_call", arg, "number=SC-4", "problem=No heat");
  cancelled = cli_ok (db, "create", "service_call", arg, "number=SC-5", "assigned_to=tech-b",
                      "scheduled_at=2026-12-09T10:00:00+03:00", "status=cancelled");

  out = cli_ok (db, "schedule", "--date", "2026-12-09", "--json");
  root = parse (out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  first = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "technician"), ==, "tech-a");
  g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, early);
  g_assert_cmpstr (json_object_get_string_member (first, "number"), ==, "SC-1");
  g_assert_cmpstr (json_object_get_string_member (first, "customer"), ==, customer);
  g_assert_cmpstr (json_object_get_string_member (first, "customer_name"), ==, "Anadolu Makina");
  g_assert_cmpstr (json_object_get_string_member (first, "scheduled_at"), ==, "2026-12-08T22:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "new");
  g_assert_cmpstr (json_object_get_string_member (first, "priority"), ==, "urgent");
  /* The expected duration: whole minutes, null when not set. */
  g_assert_true (json_object_get_null_member (first, "expected_minutes"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "id"),
                   ==, late);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1),
                                               "expected_minutes"), ==, 90);
  /* The unassigned lane comes last, with the call nobody has scheduled yet. */
  g_assert_true (json_object_get_null_member (json_array_get_object_element (array, 2),
                                              "technician"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "id"),
                   ==, waiting);
  g_clear_pointer (&out, g_free);

  /* The office moves SC-3 to tech-a on the 9th; the board follows. */
  g_free (cli_ok (db, "set", "service_call", tomorrow, "assigned_to=tech-a",
                  "scheduled_at=2026-12-09T11:00:00+03:00"));
  out = cli_ok (db, "schedule", "--date", "2026-12-09", "--tech", "tech-a");
  g_assert_true (g_str_has_prefix (out, "tech-a: 3 open calls\n  01:30  SC-1  Anadolu Makina  urgent  new\n"
                                        "  11:00  SC-3  Anadolu Makina  normal  new\n"
                                        "  14:00  SC-2  Anadolu Makina  normal  new  1 h 30 min"));
  g_assert_null (strstr (out, "SC-4"));
  g_assert_null (strstr (out, "SC-5"));

  bad = run_cli (db, "schedule", "--date", "9.12.2026x", NULL);
  g_assert_cmpint (bad->status, !=, 0);
  g_assert_nonnull (strstr (bad->err, "--date"));
  (void) cancelled;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/cli/workday/tasks", test_tasks);
  g_test_add_func ("/cli/workday/orders-and-calls", test_orders_and_calls);
  g_test_add_func ("/cli/workday/schedule", test_schedule);
  return g_test_run ();
}
