/* test-sync-retention.c: issue 16 piece 6, retention: closed service calls' and visits'
 * personal free text is blanked past the server's retention period, on the server and on
 * the devices at their next sync, and the audit trail's personal values are hashed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "sync-fixture.h"

#define DAY (24 * 3600)
#define OLD_SIGNER "Ayse Saklanmaz"
#define OLD_SIGNATURE "M 7 7 L 9 9"
#define OLD_VISIT_NOTES "Gizlibahce kizinin hastaligini anlatti"
#define OLD_VISIT_OUTCOME "Borcunu Temmuzda odeyecek"
#define NEW_SIGNER "Kemal Yenisiparis"
#define NEW_VISIT_NOTES "Tazegorusme notu"
#define OPEN_SIGNER "Acik Cagriimza"
#define PHONE_1 "+90 555 111 2299"
#define PHONE_2 "+90 555 333 4488"

typedef TestServerFixture Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_unsetenv ("SAHA_SERVER_CLOCK_OFFSET");
  fixture->server = test_server_start_with_users ("rep-a", "rep", "office", "office", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  test_server_fixture_teardown (fixture, data);
  g_unsetenv ("SAHA_SERVER_CLOCK_OFFSET");
}

static void
sync_ok (TestReplica *replica)
{
  g_autoptr(SahaSyncResult) result = test_replica_sync_ok (replica);
}

/* "field=" and the UTC time @days_ago days before the real now. */
static char *
days_ago (const char *field,
          int         days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days);
  g_autofree char *text = g_date_time_format (then, "%Y-%m-%dT%H:%M:%SZ");

  return g_strconcat (field, "=", text, NULL);
}

static JsonNode *
server_json (TestServer *server,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  JsonNode *root;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (char *) g_getenv ("SAHA_SERVER"));
  g_ptr_array_add (argv, (char *) "--data");
  g_ptr_array_add (argv, server->data_dir);
  va_start (args, server);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, (char *) "--json");
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  root = json_from_string (out, &error);
  g_assert_no_error (error);
  return root;
}

/* The ids (entity/id) retention's JSON answer lists as blanked. */
static GHashTable *
blanked_of (JsonNode *root)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *blanked = json_object_get_array_member (json_node_get_object (root), "blanked");

  for (guint i = 0; i < json_array_get_length (blanked); i++)
    {
      JsonObject *key = json_array_get_object_element (blanked, i);

      g_hash_table_add (ids, g_strdup_printf ("%s/%s",
                                              json_object_get_string_member (key, "entity"),
                                              json_object_get_string_member (key, "id")));
    }
  return ids;
}

static gboolean
audit_holds (TestServer *server,
             const char *text)
{
  g_autoptr(JsonNode) root = server_json (server, "audit", NULL);
  JsonArray *entries = json_node_get_array (root);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "old"), text) == 0
          || g_strcmp0 (json_object_get_string_member (entry, "new"), text) == 0)
        return TRUE;
    }
  return FALSE;
}

static guint
found_in (const char * const *dirs,
          const char         *needle)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  for (guint d = 0; dirs[d] != NULL; d++)
    test_files_containing (dirs[d], needle, found);
  for (guint i = 0; i < found->len; i++)
    g_test_message ("found: %s", (char *) g_ptr_array_index (found, i));
  return found->len;
}

/* The retention setting: refused without a period, checked, and a dry run that lists
 * what is due and changes nothing; then the run blanks exactly the calls and visits
 * that ended before the period, on the server and (after sync) on both devices, byte for
 * byte; a week later by the server's clock, the server applies it by itself as it
 * serves, and the audit's personal values older than the period are hashed. */
static void
test_retention (Fixture       *fixture,
                gconstpointer  data)
{
  TestServer *server = fixture->server;
  TestReplica *office = test_replica_new (server, "office");
  TestReplica *rep = test_replica_new (server, "rep-a");
  g_autofree char *customer = NULL, *customer_arg = NULL;
  g_autofree char *old_call = NULL, *new_call = NULL, *open_call = NULL;
  g_autofree char *old_visit = NULL, *new_visit = NULL;
  g_autofree char *closed_10 = days_ago ("closed_at", 10);
  g_autofree char *closed_3 = days_ago ("closed_at", 3);
  g_autofree char *out_10 = days_ago ("check_out_at", 10);
  g_autofree char *out_3 = days_ago ("check_out_at", 3);
  g_autofree char *resolved_40 = days_ago ("resolved_at", 40);
  g_autofree char *in_10 = days_ago ("check_in_at", 10);
  g_autofree char *key = NULL, *out = NULL;
  g_autoptr(JsonNode) dry = NULL;
  g_autoptr(JsonNode) run = NULL;
  g_autoptr(GHashTable) due = NULL;
  TestReplica *devices[] = { office, rep };

  customer = test_replica_create (office, "customer", "name=Saklı Müşteri", "kind=person",
                                  "phone=" PHONE_1, "assigned_to=rep-a", NULL);
  customer_arg = g_strdup_printf ("customer=%s", customer);
  old_call = test_replica_create (office, "service_call", customer_arg, "problem=Leaks",
                                  "status=closed", closed_10, "signed_by=" OLD_SIGNER,
                                  "signature=" OLD_SIGNATURE, "resolution=Seal replaced", NULL);
  new_call = test_replica_create (office, "service_call", customer_arg, "problem=Noise",
                                  "status=closed", closed_3, "signed_by=" NEW_SIGNER, NULL);
  /* Open, though it ended long ago by its dates: kept. */
  open_call = test_replica_create (office, "service_call", customer_arg, "problem=Smoke",
                                   "status=resolved", resolved_40,
                                   "signed_by=" OPEN_SIGNER, NULL);
  old_visit = test_replica_create (office, "visit", customer_arg, "purpose=collection",
                                   in_10, out_10,
                                   "outcome=" OLD_VISIT_OUTCOME, "notes=" OLD_VISIT_NOTES, NULL);
  new_visit = test_replica_create (office, "visit", customer_arg, "purpose=sales", out_3,
                                   "notes=" NEW_VISIT_NOTES, NULL);
  sync_ok (office);
  test_replica_set (office, "customer", customer, "phone=" PHONE_2, NULL);
  sync_ok (office);
  sync_ok (rep);

  /* No period set: nothing to apply; a period must be 1 day or more. */
  g_assert_cmpint (test_server_run (server, NULL, "retention", NULL), ==, 1);
  g_assert_cmpint (test_server_run (server, NULL, "retention", "set", NULL), ==, 2);
  g_assert_cmpint (test_server_run (server, NULL, "retention", "set", "--days", "0", NULL),
                   ==, 2);
  g_assert_cmpint (test_server_run (server, NULL, "retention", "sometimes", NULL), ==, 2);
  g_assert_cmpint (test_server_run (server, NULL, "retention", "set", "--days", "7", NULL),
                   ==, 0);

  /* The dry run lists the old call and the old visit, and changes nothing. */
  dry = server_json (server, "retention", "--dry-run", NULL);
  due = blanked_of (dry);
  g_assert_cmpuint (g_hash_table_size (due), ==, 2);
  key = g_strdup_printf ("service_call/%s", old_call);
  g_assert_true (g_hash_table_contains (due, key));
  g_free (key);
  key = g_strdup_printf ("visit/%s", old_visit);
  g_assert_true (g_hash_table_contains (due, key));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (dry), "dry_run"));
  g_assert_true (audit_holds (server, OLD_SIGNER));
  g_clear_pointer (&due, g_hash_table_unref);
  sync_ok (rep);
  {
    g_autoptr(SahaRecord) call = test_replica_get (rep, "service_call", old_call);
    g_assert_cmpstr (saha_record_get (call, "signed_by"), ==, OLD_SIGNER);
  }

  /* The run. */
  run = server_json (server, "retention", NULL);
  due = blanked_of (run);
  g_assert_cmpuint (g_hash_table_size (due), ==, 2);
  g_assert_true (g_hash_table_contains (due, key));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (run), "audit_hashed"),
                   >, 0);
  /* Applying it again finds nothing more. */
  {
    g_autoptr(JsonNode) again = server_json (server, "retention", NULL);
    g_autoptr(GHashTable) none = blanked_of (again);
    g_assert_cmpuint (g_hash_table_size (none), ==, 0);
  }
  sync_ok (office);
  sync_ok (rep);

  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      g_autoptr(SahaRecord) call = test_replica_get (devices[i], "service_call", old_call);
      g_autoptr(SahaRecord) kept_call = test_replica_get (devices[i], "service_call", new_call);
      g_autoptr(SahaRecord) open = test_replica_get (devices[i], "service_call", open_call);
      g_autoptr(SahaRecord) visit = test_replica_get (devices[i], "visit", old_visit);
      g_autoptr(SahaRecord) kept_visit = test_replica_get (devices[i], "visit", new_visit);

      g_assert_cmpstr (saha_record_get (call, "signed_by"), ==, "erased");
      g_assert_null (saha_record_get (call, "signature"));
      /* The business record stays. */
      g_assert_cmpstr (saha_record_get (call, "problem"), ==, "Leaks");
      g_assert_cmpstr (saha_record_get (call, "resolution"), ==, "Seal replaced");
      g_assert_cmpstr (saha_record_get (call, "status"), ==, "closed");
      g_assert_false (saha_record_is_deleted (call));
      g_assert_null (saha_record_get (visit, "notes"));
      g_assert_null (saha_record_get (visit, "outcome"));
      g_assert_cmpstr (saha_record_get (visit, "purpose"), ==, "collection");
      g_assert_cmpstr (saha_record_get (kept_call, "signed_by"), ==, NEW_SIGNER);
      g_assert_cmpstr (saha_record_get (open, "signed_by"), ==, OPEN_SIGNER);
      g_assert_cmpstr (saha_record_get (kept_visit, "notes"), ==, NEW_VISIT_NOTES);
      g_assert_false (saha_record_has_conflicts (call));
    }

  /* The audit trail keeps no plain value of the blanked text; the customer's phone,
   * changed today, is still plain. */
  g_assert_false (audit_holds (server, OLD_SIGNER));
  g_assert_false (audit_holds (server, OLD_VISIT_NOTES));
  g_assert_true (audit_holds (server, NEW_SIGNER));
  g_assert_true (audit_holds (server, PHONE_2));

  /* Nothing of the blanked text is left in the server's files, nor in the devices'. */
  {
    const char *dirs[] = { server->data_dir, office->dir, rep->dir, NULL };

    for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
      g_clear_object (&devices[i]->store);

    g_assert_cmpuint (found_in (dirs, "Saklanmaz"), ==, 0);
    g_assert_cmpuint (found_in (dirs, "Gizlibahce"), ==, 0);
    g_assert_cmpuint (found_in (dirs, "Temmuzda"), ==, 0);
    g_assert_cmpuint (found_in (dirs, "Yenisiparis"), >, 0);
    for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
      test_replica_reopen (devices[i]);
  }

  /* A week later by the server's clock: serving applies the period by itself (at start
   * and hourly); the call closed three days ago is now past it, and the audit's
   * personal values older than a week are hashed, the same value to the same hash. */
  test_server_set_clock (server, 7 * DAY + 3600);
  sync_ok (rep);
  {
    g_autoptr(SahaRecord) call = test_replica_get (rep, "service_call", new_call);
    g_autoptr(SahaRecord) visit = test_replica_get (rep, "visit", new_visit);
    g_autoptr(SahaRecord) open = test_replica_get (rep, "service_call", open_call);
    g_autoptr(JsonNode) root = server_json (server, "audit", "--record", customer, NULL);
    JsonArray *entries = json_node_get_array (root);
    const char *first_phone = NULL, *second_old = NULL;

    g_assert_cmpstr (saha_record_get (call, "signed_by"), ==, "erased");
    g_assert_null (saha_record_get (visit, "notes"));
    g_assert_cmpstr (saha_record_get (open, "signed_by"), ==, OPEN_SIGNER);
    g_assert_false (audit_holds (server, PHONE_1));
    g_assert_false (audit_holds (server, PHONE_2));
    g_assert_false (audit_holds (server, "Saklı Müşteri"));
    /* Business values stay readable: the calls' status and problem. */
    g_assert_true (audit_holds (server, "closed"));
    g_assert_true (audit_holds (server, "Leaks"));
    for (guint i = 0; i < json_array_get_length (entries); i++)
      {
        JsonObject *entry = json_array_get_object_element (entries, i);

        if (g_strcmp0 (json_object_get_string_member (entry, "field"), "phone") != 0)
          continue;
        if (first_phone == NULL)
          first_phone = json_object_get_string_member (entry, "new");
        else
          second_old = json_object_get_string_member (entry, "old");
        /* Who and when stay. */
        g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, "office");
      }
    g_assert_nonnull (first_phone);
    g_assert_true (g_str_has_prefix (first_phone, "hashed:"));
    g_assert_cmpuint (strlen (first_phone), ==, strlen ("hashed:") + 64);
    g_assert_cmpstr (second_old, ==, first_phone);
  }

  /* Switched off, serving applies nothing. */
  g_assert_cmpint (test_server_run (server, NULL, "retention", "off", NULL), ==, 0);
  g_assert_cmpint (test_server_run (server, NULL, "retention", NULL), ==, 1);

  test_replica_free (rep);
  test_replica_free (office);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/kvkk/retention", Fixture, NULL, fixture_setup, test_retention,
              fixture_teardown);

  return g_test_run ();
}
