/* test-sync-workday.c: tasks, complaint follow-ups, dispatch and status transitions between
 * real replicas and a real saha-server on loopback.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-sync-users.h"
#include "sync-fixture.h"

typedef TestServerFixture Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = test_server_start_with_users ("rep-a", "rep", "rep-b", "rep", "tech", "tech",
                                                  "office", "office", NULL);
}

static void
sync_all (TestReplica **replicas,
          guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SahaSyncResult) result = test_replica_sync_ok (replicas[i]);
    }
}

static gboolean
holds (TestReplica *replica,
       const char  *entity,
       const char  *id)
{
  g_autoptr(SahaRecord) record = test_replica_get (replica, entity, id);

  return record != NULL && !saha_record_is_deleted (record);
}

static guint
count_live (TestReplica *replica,
            const char  *entity)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (saha_store_count (replica->store, entity, NULL, &n, &error));
  g_assert_no_error (error);
  return n;
}

/* A task is its customer's rep's and its owner's; one without a customer its owner's and
 * its creator's. The owner marks it done. */
static void
test_task_scope (Fixture       *fixture,
                 gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep_a = test_replica_new (fixture->server, "rep-a");
  TestReplica *rep_b = test_replica_new (fixture->server, "rep-b");
  TestReplica *all[] = { office, rep_a, rep_b };
  g_autofree char *customer = NULL, *customer_arg = NULL;
  g_autofree char *for_a = NULL, *for_b = NULL, *loose = NULL;
  g_autoptr(SahaRecord) done = NULL;

  customer = test_replica_create (office, "customer", "name=Anadolu Makina", "kind=company",
                                  "assigned_to=rep-a", NULL);
  customer_arg = g_strdup_printf ("customer=%s", customer);
  for_a = test_replica_create (office, "task", "title=Call about the invoice", customer_arg,
                               "owner=rep-a", "due_at=2026-12-08T09:00:00Z", NULL);
  /* rep-b covers rep-a's customer for one visit. */
  for_b = test_replica_create (office, "task", "title=Deliver the sample", customer_arg,
                               "owner=rep-b", NULL);
  sync_all (all, 3);
  loose = test_replica_create (rep_a, "task", "title=Renew my car insurance", NULL);
  sync_all (all, 3);
  sync_all (all, 3);

  g_assert_true (holds (rep_a, "task", for_a));
  g_assert_true (holds (rep_a, "task", for_b));
  g_assert_false (holds (rep_b, "task", for_a));
  g_assert_true (holds (rep_b, "task", for_b));
  g_assert_true (holds (office, "task", loose));
  g_assert_false (holds (rep_b, "task", loose));
  {
    g_autoptr(SahaRecord) task = test_replica_get (rep_a, "task", loose);

    g_assert_cmpstr (saha_record_get (task, "owner"), ==, "rep-a");
  }

  /* rep-b, who does not have the customer, marks their task done. */
  test_replica_set (rep_b, "task", for_b, "done_at=2026-12-08T15:00:00Z", NULL);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (rep_b);

    g_assert_cmpuint (result->refused, ==, 0);
  }
  sync_all (all, 3);
  done = test_replica_get (office, "task", for_b);
  g_assert_cmpstr (saha_record_get (done, "done_at"), ==, "2026-12-08T15:00:00Z");
  g_assert_cmpstr (saha_record_get (done, "done_by"), ==, "rep-b");

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      test_replica_assert_converged (all[i]);
      test_replica_free (all[i]);
    }
}

/* A complaint written offline makes its follow-up there; after sync every device has one
 * task for it, also when another device edits the note. */
static void
test_follow_up_once (Fixture       *fixture,
                     gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep_a = test_replica_new (fixture->server, "rep-a");
  TestReplica *all[] = { office, rep_a };
  g_autofree char *customer = NULL, *customer_arg = NULL, *note = NULL;

  customer = test_replica_create (office, "customer", "name=Ege Tekstil", "kind=company",
                                  "assigned_to=rep-a", NULL);
  customer_arg = g_strdup_printf ("customer=%s", customer);
  sync_all (all, 2);

  note = test_replica_create (rep_a, "note", customer_arg, "channel=complaint",
                              "summary=The press stopped again", "status=open", NULL);
  g_assert_cmpuint (count_live (rep_a, "task"), ==, 1);
  sync_all (all, 2);
  sync_all (all, 2);
  g_assert_cmpuint (count_live (office, "task"), ==, 1);

  test_replica_set (office, "note", note, "summary=The press stopped again (3rd time)", NULL);
  sync_all (all, 2);
  sync_all (all, 2);
  g_assert_cmpuint (count_live (office, "task"), ==, 1);
  g_assert_cmpuint (count_live (rep_a, "task"), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      test_replica_assert_converged (all[i]);
      test_replica_free (all[i]);
    }
}

/* The office assigns and schedules a call; the technician has it after sync. The server
 * refuses a status moved back, from any client, and takes the office's reopening. */
static void
test_dispatch_and_transitions (Fixture       *fixture,
                               gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *tech = test_replica_new (fixture->server, "tech");
  TestReplica *all[] = { office, tech };
  g_autofree char *customer = NULL, *customer_arg = NULL, *call = NULL;
  g_autoptr(SahaRecord) received = NULL;

  customer = test_replica_create (office, "customer", "name=Marmara Gıda", "kind=company",
                                  "assigned_to=rep-a", NULL);
  customer_arg = g_strdup_printf ("customer=%s", customer);
  call = test_replica_create (office, "service_call", customer_arg, "problem=Cooler is loud",
                              NULL);
  sync_all (all, 2);
  g_assert_false (holds (tech, "service_call", call));

  test_replica_set (office, "service_call", call, "assigned_to=tech",
                    "scheduled_at=2026-12-09T07:30:00Z", "status=assigned", NULL);
  sync_all (all, 2);
  received = test_replica_get (tech, "service_call", call);
  g_assert_nonnull (received);
  g_assert_cmpstr (saha_record_get (received, "assigned_to"), ==, "tech");
  g_assert_cmpstr (saha_record_get (received, "scheduled_at"), ==, "2026-12-09T07:30:00Z");
  g_assert_true (holds (tech, "customer", customer));

  /* The technician resolves it, then a client that does not check (an old one) pushes
   * resolved -> new: refused, kept on the device, the server's call stays resolved. */
  test_replica_set (tech, "service_call", call, "status=resolved", NULL);
  sync_all (all, 2);
  {
    g_autoptr(SahaRecord) record = test_replica_get (tech, "service_call", call);
    const char *fields[] = { "status" };
    const char *values[] = { "new" };
    g_autoptr(GError) error = NULL;
    gboolean changed = FALSE;

    saha_record_write (record, saha_store_get_replica_id (tech->store),
                       saha_version_vector_get (saha_record_get_version_vector (record),
                                                saha_store_get_replica_id (tech->store)) + 1000,
                       fields, values, 1);
    g_assert_true (saha_store_merge (tech->store, record, TRUE, &changed, &error));
    g_assert_no_error (error);
    g_assert_true (changed);
  }
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (tech);

    g_assert_cmpuint (result->refused, ==, 1);
  }
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (office);
    g_autoptr(SahaRecord) record = test_replica_get (office, "service_call", call);

    g_assert_cmpstr (saha_record_get (record, "status"), ==, "resolved");
  }
  test_replica_free (tech);

  /* The office cancels with a reason and reopens. */
  {
    g_autofree char *other = test_replica_create (office, "service_call", customer_arg,
                                                  "problem=Door seal", NULL);
    g_autoptr(SahaRecord) record = NULL;

    test_replica_set (office, "service_call", other, "status=cancelled",
                      "cancel_reason=Customer fixed it", NULL);
    sync_all (all, 1);
    test_replica_set (office, "service_call", other, "status=new", NULL);
    {
      g_autoptr(SahaSyncResult) result = test_replica_sync_ok (office);

      g_assert_cmpuint (result->refused, ==, 0);
    }
    record = test_replica_get (office, "service_call", other);
    g_assert_cmpstr (saha_record_get (record, "status"), ==, "new");
    g_assert_cmpstr (saha_record_get (record, "cancel_reason"), ==, "Customer fixed it");
  }
  test_replica_assert_converged (office);
  test_replica_free (office);
}

/* A conflict names the people who wrote its values, as the server maps their devices,
 * never a replica id. */
static void
test_conflict_names_people (Fixture       *fixture,
                            gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep_a = test_replica_new (fixture->server, "rep-a");
  TestReplica *all[] = { office, rep_a };
  g_autofree char *customer = NULL, *out = NULL, *json = NULL;

  if (g_getenv ("SAHA_CLI") == NULL)
    {
      g_test_skip ("saha-cli is not built");
      return;
    }
  customer = test_replica_create (office, "customer", "name=Ege Tekstil", "kind=company",
                                  "assigned_to=rep-a", NULL);
  sync_all (all, 2);
  test_replica_set (office, "customer", customer, "phone=+90 232 555 0100", NULL);
  test_replica_set (rep_a, "customer", customer, "phone=+90 232 555 0199", NULL);
  sync_all (all, 2);
  sync_all (all, 2);

  /* Each device's own process: the test's connections are closed first. */
  g_clear_object (&office->store);
  g_assert_cmpint (test_run_cli (office->path, NULL, &out, "conflicts", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "+90 232 555 0100  (by office)"));
  g_assert_nonnull (strstr (out, "+90 232 555 0199  (by rep-a)"));
  g_assert_null (strstr (out, "r-"));
  g_assert_cmpint (test_run_cli (office->path, NULL, &json, "conflicts", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (json, "\"conflict_authors\""));
  g_assert_nonnull (strstr (json, "\"rep-a\""));
  test_replica_reopen (office);

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    test_replica_free (all[i]);
}

/* The company and the technicians' full names reach every device at its next sync and
 * stay there offline (what the service report prints); a change on the server follows. */
static void
test_company_reaches_devices (Fixture       *fixture,
                              gconstpointer  data)
{
  TestReplica *tech = test_replica_new (fixture->server, "tech");
  g_autoptr(SahaSyncCompany) before = NULL;
  g_autoptr(SahaSyncCompany) company = NULL;
  g_autoptr(SahaSyncCompany) changed = NULL;
  g_autofree char *name = NULL;
  g_autofree char *unknown = NULL;

  sync_all (&tech, 1);
  before = saha_sync_company_load_cached (tech->store);
  g_assert_null (before->name);

  test_server_admin (fixture->server, NULL, "company", "set", "name=Ekin Teknik Ltd.",
                     "tax_id=7350012345", "labour_rate=850", "labour_vat=20", NULL);
  test_server_admin (fixture->server, NULL, "user", "set", "tech", "--full-name",
                     "Murat Aydın", NULL);
  sync_all (&tech, 1);
  company = saha_sync_company_load_cached (tech->store);
  g_assert_cmpstr (company->name, ==, "Ekin Teknik Ltd.");
  g_assert_cmpstr (company->tax_id, ==, "7350012345");
  g_assert_cmpstr (company->labour_rate, ==, "850.00");
  g_assert_cmpstr (company->labour_vat, ==, "20");
  g_assert_null (company->address);
  name = saha_sync_user_display_name (tech->store, "tech");
  g_assert_cmpstr (name, ==, "Murat Aydın");
  unknown = saha_sync_user_display_name (tech->store, "nobody");
  g_assert_cmpstr (unknown, ==, "nobody");

  test_server_admin (fixture->server, NULL, "company", "set", "name=Ekin Teknik A.Ş.", NULL);
  sync_all (&tech, 1);
  changed = saha_sync_company_load_cached (tech->store);
  g_assert_cmpstr (changed->name, ==, "Ekin Teknik A.Ş.");
  g_assert_cmpstr (changed->tax_id, ==, "7350012345");

  test_replica_free (tech);
}

int
main (int   argc,
      char *argv[])
{
  /* No GSettings schemas in isolated dirs for glib-networking's proxy resolver. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/sync/workday/task-scope", Fixture, NULL, fixture_setup, test_task_scope,
              test_server_fixture_teardown);
  g_test_add ("/sync/workday/follow-up-once", Fixture, NULL, fixture_setup,
              test_follow_up_once, test_server_fixture_teardown);
  g_test_add ("/sync/workday/conflict-names-people", Fixture, NULL, fixture_setup,
              test_conflict_names_people, test_server_fixture_teardown);
  g_test_add ("/sync/workday/dispatch-and-transitions", Fixture, NULL, fixture_setup,
              test_dispatch_and_transitions, test_server_fixture_teardown);
  g_test_add ("/sync/workday/company-reaches-devices", Fixture, NULL, fixture_setup,
              test_company_reaches_devices, test_server_fixture_teardown);
  return g_test_run ();
}
