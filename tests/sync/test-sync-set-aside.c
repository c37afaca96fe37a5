/* test-sync-set-aside.c: edits set aside (a record left the user's scope, or another user
 * signed in on the replica) come back, are shown and are pushed only when they should.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-set-aside.h"
#include "saha-store-sync.h"
#include "saha-sync-private.h"
#include "sync-fixture.h"

typedef TestServerFixture Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = test_server_start_with_users ("rep-a", "rep", "rep-b", "rep",
                                                  "office", "office", NULL);
}

static void
sync_ok (TestReplica *replica)
{
  g_autoptr(SahaSyncResult) result = test_replica_sync_ok (replica);
}

static char *
office_customer (TestReplica *office,
                 const char  *name,
                 const char  *assigned_to)
{
  g_autofree char *assign = g_strdup_printf ("assigned_to=%s", assigned_to);
  g_autofree char *name_arg = g_strdup_printf ("name=%s", name);

  return test_replica_create (office, "customer", name_arg, "kind=company", assign, NULL);
}

/* What the server holds for @id, as office staff (who see everything) pull it. */
static SahaRecord *
on_server (TestServer *server,
           const char *id)
{
  g_autoptr(GHashTable) all = test_server_view (server, "office");
  g_autofree char *key = g_strdup_printf ("customer/%s", id);
  SahaRecord *record = g_hash_table_lookup (all, key);

  g_assert_nonnull (record);
  return saha_record_ref (record);
}

static JsonNode *
cli_json (const char *db,
          const char *command)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_cmpint (test_run_cli (db, NULL, &out, command, "--json", NULL), ==, 0);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  return node;
}

static void
assert_status (TestReplica *replica,
               gint64       pending,
               gint64       rejected,
               gint64       set_aside)
{
  g_autoptr(JsonNode) node = cli_json (replica->path, "status");
  JsonObject *status = json_node_get_object (node);

  g_assert_cmpint (json_object_get_int_member (status, "pending"), ==, pending);
  g_assert_cmpint (json_object_get_int_member (status, "rejected"), ==, rejected);
  g_assert_cmpint (json_object_get_int_member (status, "revoked_pending"), ==, set_aside);
}

/* Issue 10 item 7: reassigned away and back while the rep held an edit. The record
 * merges cleanly when it returns, so the edit goes back into it and reaches the server
 * in the same sync, and the stale refusal goes. */
static void
test_returns_and_reapplies (Fixture       *fixture,
                            gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  g_autofree char *id = office_customer (office, "Trakya Tarım", "rep-a");
  g_autoptr(SahaSyncResult) result = NULL;
  g_autoptr(SahaRecord) here = NULL;
  g_autoptr(SahaRecord) there = NULL;
  g_autoptr(JsonNode) conflicts = NULL;

  if (g_getenv ("SAHA_CLI") == NULL)
    {
      g_test_skip ("saha-cli is not built");
      return;
    }

  sync_ok (office);
  sync_ok (rep);

  /* The office moves the customer away while the rep edits it offline. */
  test_replica_set (office, "customer", id, "assigned_to=rep-b", NULL);
  test_replica_set (rep, "customer", id, "phone=+90 284 555 1234", NULL);
  sync_ok (office);
  result = test_replica_sync_ok (rep);
  g_assert_cmpuint (result->refused, ==, 1);
  g_clear_pointer (&result, saha_sync_result_free);
  g_assert_null (test_replica_get (rep, "customer", id));
  assert_status (rep, 0, 1, 1);

  /* Shown while it is away: the set-aside record with the refusal. */
  conflicts = cli_json (rep->path, "conflicts");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (conflicts)), ==, 1);
  {
    JsonObject *entry = json_array_get_object_element (json_node_get_array (conflicts), 0);
    JsonObject *aside = json_object_get_object_member (entry, "set_aside");

    g_assert_cmpstr (json_object_get_string_member (entry, "id"), ==, id);
    g_assert_nonnull (aside);
    g_assert_cmpstr (json_object_get_string_member (aside, "reason"), ==, "revoked");
    g_assert_cmpstr (json_object_get_string_member (aside, "made_by"), ==, "rep-a");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "fields"),
                                                    "phone"), ==, "+90 284 555 1234");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (entry, "rejected"),
                                                    "code"), ==, "forbidden");
  }
  g_clear_pointer (&conflicts, json_node_unref);

  /* ... and back. */
  test_replica_set (office, "customer", id, "assigned_to=rep-a", NULL);
  sync_ok (office);
  result = test_replica_sync_ok (rep);
  g_assert_cmpuint (result->pushed, >=, 1);

  here = test_replica_get (rep, "customer", id);
  g_assert_nonnull (here);
  g_assert_cmpstr (saha_record_get (here, "phone"), ==, "+90 284 555 1234");
  g_assert_cmpstr (saha_record_get (here, "assigned_to"), ==, "rep-a");
  there = on_server (fixture->server, id);
  g_assert_cmpstr (saha_record_get (there, "phone"), ==, "+90 284 555 1234");
  g_assert_false (saha_record_has_conflicts (there));
  assert_status (rep, 0, 0, 0);
  conflicts = cli_json (rep->path, "conflicts");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (conflicts)), ==, 0);

  test_replica_free (office);
  test_replica_free (rep);
}

/* The same, but the office changed the same field meanwhile: re-applying would make a
 * conflict, so the edit stays set aside and shown until the rep retries it; the retry
 * keeps both values as a conflict for people to settle, and pushes. */
static void
test_returns_with_conflict_waits_for_retry (Fixture       *fixture,
                                            gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  g_autofree char *id = office_customer (office, "Kuzey Gıda", "rep-a");
  g_autoptr(SahaRecord) here = NULL;
  g_autoptr(SahaRecord) there = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(JsonNode) conflicts = NULL;
  g_autofree char *out = NULL;

  if (g_getenv ("SAHA_CLI") == NULL)
    {
      g_test_skip ("saha-cli is not built");
      return;
    }

  sync_ok (office);
  sync_ok (rep);
  test_replica_set (office, "customer", id, "assigned_to=rep-b", NULL);
  test_replica_set (rep, "customer", id, "notes=prefers mornings", NULL);
  sync_ok (office);
  sync_ok (rep);

  test_replica_set (office, "customer", id, "assigned_to=rep-a", "notes=call after 14:00", NULL);
  sync_ok (office);
  sync_ok (rep);

  /* Back, with the office's value; the rep's stays aside and listed. */
  here = test_replica_get (rep, "customer", id);
  g_assert_nonnull (here);
  g_assert_cmpstr (saha_record_get (here, "notes"), ==, "call after 14:00");
  g_clear_pointer (&here, saha_record_unref);
  assert_status (rep, 0, 1, 1);
  g_assert_cmpint (test_run_cli (rep->path, NULL, &out, "conflicts", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "set-aside customer "));
  g_assert_nonnull (strstr (out, " revoked rep-a "));
  g_clear_pointer (&out, g_free);

  /* A deliberate retry: both values kept as a conflict, sent with the next sync. */
  g_assert_cmpint (test_run_cli (rep->path, NULL, NULL, "retry", "customer", id, NULL), ==, 0);
  g_assert_cmpint (test_run_cli (rep->path, NULL, NULL, "retry", "customer", id, NULL), ==, 4);
  sync_ok (rep);
  there = on_server (fixture->server, id);
  values = saha_record_candidate_values (there, "notes");
  g_assert_cmpuint (values->len, ==, 2);
  g_assert_true (g_ptr_array_find_with_equal_func (values, "prefers mornings", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (values, "call after 14:00", g_str_equal, NULL));
  assert_status (rep, 0, 0, 0);
  conflicts = cli_json (rep->path, "conflicts");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (conflicts)), ==, 1);
  /* Now an ordinary conflict, no longer refused. */
  g_assert_true (json_object_get_null_member (json_array_get_object_element (json_node_get_array (conflicts), 0),
                                              "rejected"));

  test_replica_free (office);
  test_replica_free (rep);
}

/* Issue 11 item 5: a replica belongs to one user at a time. The rep's refused change of
 * assigned_to and an edit never pushed are not pushed when office staff sign in on the
 * same file and sync; they are shown with who made them, and a deliberate retry under
 * the new identity pushes them. */
static void
test_other_user_signs_in (Fixture       *fixture,
                          gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  g_autofree char *moved = office_customer (office, "Bey Otomotiv", "rep-a");
  g_autofree char *edited = office_customer (office, "Ege Tekstil", "rep-a");
  g_autoptr(SahaSyncResult) result = NULL;
  g_autoptr(SahaRecord) there = NULL;
  g_autoptr(GPtrArray) aside = NULL;
  g_autoptr(GError) error = NULL;

  sync_ok (office);
  sync_ok (rep);

  /* A rep may not reassign: refused, kept pending. A second edit is never pushed. */
  test_replica_set (rep, "customer", moved, "assigned_to=rep-b", NULL);
  result = test_replica_sync_ok (rep);
  g_assert_cmpuint (result->refused, ==, 1);
  g_clear_pointer (&result, saha_sync_result_free);
  test_replica_set (rep, "customer", edited, "phone=+90 232 555 0000", NULL);

  /* Office staff sign in on the rep's file (told what is set aside) and sync. */
  if (g_getenv ("SAHA_CLI") != NULL)
    {
      g_autofree char *out = NULL;

      g_assert_cmpint (test_run_cli (rep->path, "office-pw\n", &out, "login", "--server",
                                     fixture->server->url, "--user", "office",
                                     "--password-stdin", NULL), ==, 0);
      g_assert_nonnull (strstr (out, "2 records hold edits of another user, set aside and not sent"));
    }
  else
    {
      saha_sync_login (rep->path, fixture->server->url, "office", "office-pw", NULL, &error);
      g_assert_no_error (error);
    }
  result = test_replica_sync_ok (rep);
  g_assert_cmpuint (result->pushed, ==, 0);
  g_assert_cmpuint (result->refused, ==, 0);
  g_clear_pointer (&result, saha_sync_result_free);

  there = on_server (fixture->server, moved);
  g_assert_cmpstr (saha_record_get (there, "assigned_to"), ==, "rep-a");
  g_clear_pointer (&there, saha_record_unref);
  there = on_server (fixture->server, edited);
  g_assert_null (saha_record_get (there, "phone"));
  g_clear_pointer (&there, saha_record_unref);

  /* Kept aside, with who made them; the replica shows the server's state meanwhile. */
  aside = saha_store_list_set_aside (rep->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aside->len, ==, 2);
  for (guint i = 0; i < aside->len; i++)
    {
      SahaStoreSetAside *entry = aside->pdata[i];

      g_assert_cmpstr (entry->made_by, ==, "rep-a");
      g_assert_cmpstr (entry->reason, ==, "user_changed");
      if (g_str_equal (entry->id, moved))
        g_assert_cmpstr (saha_record_get (entry->state, "assigned_to"), ==, "rep-b");
      else
        g_assert_cmpstr (saha_record_get (entry->state, "phone"), ==, "+90 232 555 0000");
    }
  {
    g_autoptr(SahaRecord) here = test_replica_get (rep, "customer", moved);

    g_assert_nonnull (here);
    g_assert_cmpstr (saha_record_get (here, "assigned_to"), ==, "rep-a");
  }
  if (g_getenv ("SAHA_CLI") != NULL)
    {
      g_autofree char *out = NULL;

      assert_status (rep, 0, 1, 2);
      g_assert_cmpint (test_run_cli (rep->path, NULL, &out, "conflicts", NULL), ==, 0);
      g_assert_nonnull (strstr (out, " user_changed rep-a "));
    }

  /* A second sync still sends nothing. */
  result = test_replica_sync_ok (rep);
  g_assert_cmpuint (result->pushed, ==, 0);
  g_clear_pointer (&result, saha_sync_result_free);

  /* Deliberately retried under the office's identity: pushed, and accepted. */
  g_assert_true (saha_store_retry_set_aside (rep->store, "customer", moved, &error));
  g_assert_no_error (error);
  result = test_replica_sync_ok (rep);
  g_assert_cmpuint (result->pushed, ==, 1);
  g_assert_cmpuint (result->refused, ==, 0);
  there = on_server (fixture->server, moved);
  g_assert_cmpstr (saha_record_get (there, "assigned_to"), ==, "rep-b");
  g_clear_pointer (&there, saha_record_unref);
  there = on_server (fixture->server, edited);
  g_assert_null (saha_record_get (there, "phone"));
  if (g_getenv ("SAHA_CLI") != NULL)
    assert_status (rep, 0, 0, 1);

  test_replica_free (office);
  test_replica_free (rep);
}

/* Signing out and keeping the data (the app empties "user"), then signing in again as
 * the same user keeps that user's edits pending: they are theirs, and go up. */
static void
test_same_user_signs_in_again (Fixture       *fixture,
                               gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  g_autofree char *id = office_customer (office, "Ege Tekstil", "rep-a");
  g_autoptr(SahaSyncResult) result = NULL;
  g_autoptr(SahaRecord) there = NULL;
  g_autoptr(GPtrArray) aside = NULL;
  g_autoptr(GError) error = NULL;

  sync_ok (office);
  sync_ok (rep);
  test_replica_set (rep, "customer", id, "phone=+90 232 555 0000", NULL);
  g_assert_true (saha_store_set_setting (rep->store, "user", "", &error));
  g_assert_no_error (error);

  saha_sync_login (rep->path, fixture->server->url, "rep-a", "rep-a-pw", NULL, &error);
  g_assert_no_error (error);
  aside = saha_store_list_set_aside (rep->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aside->len, ==, 0);
  result = test_replica_sync_ok (rep);
  g_assert_cmpuint (result->pushed, ==, 1);
  there = on_server (fixture->server, id);
  g_assert_cmpstr (saha_record_get (there, "phone"), ==, "+90 232 555 0000");

  test_replica_free (office);
  test_replica_free (rep);
}

/* A replica that must take a new id (restored or copied) re-dots its set-aside edits as
 * it does its pending ones: a retry later must not push dots the other copy may reuse. */
static void
test_new_replica_id_redots (Fixture       *fixture,
                            gconstpointer  data)
{
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  g_autofree char *id = test_replica_create (rep, "customer", "name=Marmara Yapı", "kind=company",
                                             "assigned_to=rep-a", NULL);
  g_autofree char *old_id = g_strdup (saha_store_get_replica_id (rep->store));
  g_autoptr(SahaRecord) state = test_replica_get (rep, "customer", id);
  g_autoptr(GPtrArray) aside = NULL;
  g_autoptr(GError) error = NULL;
  const SahaCandidate *candidates;
  SahaStoreSetAside *entry;
  guint n = 0;

  g_assert_true (saha_store_sync_set_aside (rep->store, state, "user_changed", "rep-a", &error));
  g_assert_no_error (error);
  g_assert_true (saha_store_sync_change_replica_id (rep->store, "r-00000000feedbeef", 0, &error));
  g_assert_no_error (error);
  test_replica_reopen (rep);

  aside = saha_store_list_set_aside (rep->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (aside->len, ==, 1);
  entry = aside->pdata[0];
  candidates = saha_record_get_candidates (entry->state, "name", &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (candidates[0].value, ==, "Marmara Yapı");
  g_assert_cmpstr (candidates[0].dot.replica, ==, "r-00000000feedbeef");
  g_assert_cmpuint (saha_version_vector_get (saha_record_get_version_vector (entry->state), old_id),
                    ==, 0);

  test_replica_free (rep);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/sync/set-aside/" path, Fixture, NULL, fixture_setup, func, test_server_fixture_teardown)
  ADD ("returns-and-reapplies", test_returns_and_reapplies);
  ADD ("returns-with-conflict-waits-for-retry", test_returns_with_conflict_waits_for_retry);
  ADD ("other-user-signs-in", test_other_user_signs_in);
  ADD ("same-user-signs-in-again", test_same_user_signs_in_again);
  ADD ("new-replica-id-redots", test_new_replica_id_redots);
#undef ADD

  return g_test_run ();
}
