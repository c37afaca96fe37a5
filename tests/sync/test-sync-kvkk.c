/* test-sync-kvkk.c: issue 16's audit trail and lost-device wipe, against a real
 * saha-server and real replicas (saha-server audit / device, saha-cli sync).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "saha-sync-client.h"
#include "saha-sync-erase.h"
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

/* Runs saha-server --data DIR ARGS...; returns the exit status, *out its stdout. */
static int
server_command (TestServer  *server,
                char       **out,
                ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *storage = test_server_storage_option (server);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err_text = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (char *) g_getenv ("SAHA_SERVER"));
  g_ptr_array_add (argv, storage);
  va_start (args, out);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, &err_text, &error);
  g_assert_no_error (error);
  if (err_text != NULL && *err_text != '\0')
    g_test_message ("saha-server: %s", err_text);
  return g_subprocess_get_exit_status (process);
}

static JsonArray *
server_json (TestServer *server,
             JsonNode  **root,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *storage = test_server_storage_option (server);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (char *) g_getenv ("SAHA_SERVER"));
  g_ptr_array_add (argv, storage);
  va_start (args, root);
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
  *root = json_from_string (out, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*root));
  return json_node_get_array (*root);
}

/* The audit entry of (@id, @field), the last one when there are several, or NULL. */
static JsonObject *
find_entry (JsonArray  *entries,
            const char *id,
            const char *field)
{
  JsonObject *found = NULL;

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = json_array_get_object_element (entries, i);

      if (g_strcmp0 (json_object_get_string_member (entry, "id"), id) == 0
          && g_strcmp0 (json_object_get_string_member (entry, "field"), field) == 0)
        found = entry;
    }
  return found;
}

/* Each accepted change shows with its user and device; a refused push adds nothing. */
static void
test_audit (Fixture       *fixture,
            gconstpointer  data)
{
  TestServer *server = fixture->server;
  TestReplica *rep = test_replica_new (server, "rep-a");
  TestReplica *office = test_replica_new (server, "office");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) after_root = NULL;
  g_autoptr(JsonNode) user_root = NULL;
  g_autoptr(JsonNode) since_root = NULL;
  g_autofree char *id = NULL;
  g_autofree char *foreign = NULL;
  g_autofree char *text = NULL;
  JsonArray *entries;
  JsonObject *entry;
  guint before;
  const char *rep_replica = saha_store_get_replica_id (rep->store);
  const char *office_replica = saha_store_get_replica_id (office->store);

  id = test_replica_create (rep, "customer", "name=Ayşe Yılmaz", "kind=person",
                            "assigned_to=rep-a", NULL);
  sync_ok (rep);
  sync_ok (office);
  test_replica_set (office, "customer", id, "phone=+90 532 111 22 33", NULL);
  sync_ok (office);

  entries = server_json (server, &root, "audit", "--record", id, NULL);
  entry = find_entry (entries, id, "name");
  g_assert_nonnull (entry);
  g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, "rep-a");
  g_assert_cmpstr (json_object_get_string_member (entry, "device"), ==, rep_replica);
  g_assert_cmpstr (json_object_get_string_member (entry, "entity"), ==, "customer");
  g_assert_true (json_object_get_null_member (entry, "old"));
  g_assert_cmpstr (json_object_get_string_member (entry, "new"), ==, "Ayşe Yılmaz");
  g_assert_nonnull (json_object_get_string_member (entry, "at"));
  entry = find_entry (entries, id, "phone");
  g_assert_nonnull (entry);
  g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, "office");
  g_assert_cmpstr (json_object_get_string_member (entry, "device"), ==, office_replica);
  g_assert_true (json_object_get_null_member (entry, "old"));
  g_assert_nonnull (strstr (json_object_get_string_member (entry, "new"), "532"));

  /* A second edit records the old value. */
  test_replica_set (rep, "customer", id, "name=Ayşe Kaya", NULL);
  sync_ok (rep);
  g_clear_pointer (&root, json_node_unref);
  entries = server_json (server, &root, "audit", "--record", id, NULL);
  entry = find_entry (entries, id, "name");
  g_assert_cmpstr (json_object_get_string_member (entry, "old"), ==, "Ayşe Yılmaz");
  g_assert_cmpstr (json_object_get_string_member (entry, "new"), ==, "Ayşe Kaya");
  g_assert_cmpstr (json_object_get_string_member (entry, "device"), ==, rep_replica);

  /* rep-a making a customer for rep-b is refused: nothing enters the audit. */
  g_clear_pointer (&root, json_node_unref);
  before = json_array_get_length (server_json (server, &root, "audit", NULL));
  foreign = test_replica_create (rep, "customer", "name=Refused Ltd", "kind=company",
                                 "assigned_to=rep-b", NULL);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (rep);
    g_assert_cmpuint (result->refused, >=, 1);
  }
  entries = server_json (server, &after_root, "audit", NULL);
  g_assert_cmpuint (json_array_get_length (entries), ==, before);
  g_assert_null (find_entry (entries, foreign, "name"));

  /* Filters: by user, and by date. */
  entries = server_json (server, &user_root, "audit", "--user", "office", NULL);
  g_assert_cmpuint (json_array_get_length (entries), >=, 1);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries, i),
                                                    "user"), ==, "office");
  entries = server_json (server, &since_root, "audit", "--since", "2999-01-01", NULL);
  g_assert_cmpuint (json_array_get_length (entries), ==, 0);
  g_assert_cmpint (server_command (server, &text, "audit", "--since", "yesterday", NULL), ==, 2);

  /* The plain listing names user and device too. */
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (server_command (server, &text, "audit", "--record", id, NULL), ==, 0);
  g_assert_nonnull (strstr (text, rep_replica));
  g_assert_nonnull (strstr (text, "office"));

  test_replica_free (rep);
  test_replica_free (office);
}

static char *
token_of (TestReplica *replica)
{
  g_autofree char *path = saha_sync_token_path (replica->path);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
}

/* The wire code of GET /v1/pull with @token, NULL when it succeeds. */
static char *
pull_code (TestServer *server,
           const char *token)
{
  g_autoptr(SahaSyncClient) client = saha_sync_client_new (server->url, token, 1, 10);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  char *code = NULL;

  answer = saha_sync_client_request (client, "GET", "/v1/pull?cursor=", NULL, &code, NULL,
                                     &error);
  return code;
}

static gboolean
device_listed (JsonArray  *devices,
               const char *replica_id,
               const char *user,
               gboolean   *wiped)
{
  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *device = json_array_get_object_element (devices, i);

      if (g_strcmp0 (json_object_get_string_member (device, "replica_id"), replica_id) != 0)
        continue;
      g_assert_cmpstr (json_object_get_string_member (device, "user"), ==, user);
      g_assert_false (json_object_get_null_member (device, "last_seen"));
      *wiped = !json_object_get_null_member (device, "wiped_at");
      return TRUE;
    }
  return FALSE;
}

static void
assert_gone (const char *db_path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  g_autofree char *token = saha_sync_token_path (db_path);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  g_assert_false (g_file_test (token, G_FILE_TEST_EXISTS));
}

/* A device marked lost wipes itself on its next sync, pushing nothing; a copy of its
 * token, a sign-in and a push from its replica id are all refused with device_wiped;
 * the user's other device works on. */
static void
test_device_wipe (Fixture       *fixture,
                  gconstpointer  data)
{
  TestServer *server = fixture->server;
  TestReplica *lost = test_replica_new (server, "rep-a");
  TestReplica *other = test_replica_new (server, "rep-a");
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) audit_root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lost_id = g_strdup (saha_store_get_replica_id (lost->store));
  g_autofree char *token = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *pending = NULL;
  g_autofree char *out = NULL;
  g_autofree char *code = NULL;
  JsonArray *devices;
  gboolean wiped = TRUE;

  customer = test_replica_create (lost, "customer", "name=Lost Laptop Ltd", "kind=company",
                                  "assigned_to=rep-a", NULL);
  sync_ok (lost);
  sync_ok (other);

  devices = server_json (server, &root, "device", "list", NULL);
  g_assert_true (device_listed (devices, lost_id, "rep-a", &wiped));
  g_assert_false (wiped);

  /* An edit waiting on the lost laptop, and a copy of its token. */
  pending = test_replica_create (lost, "customer", "name=Never Sent", "kind=company",
                                 "assigned_to=rep-a", NULL);
  token = token_of (lost);
  g_clear_object (&lost->store);

  g_assert_cmpint (server_command (server, &out, "device", "wipe", lost_id, NULL), ==, 0);
  g_assert_nonnull (strstr (out, lost_id));
  g_clear_pointer (&root, json_node_unref);
  devices = server_json (server, &root, "device", "list", NULL);
  g_assert_true (device_listed (devices, lost_id, "rep-a", &wiped));
  g_assert_true (wiped);

  /* The session ended at once: the copied token gets device_wiped. */
  code = pull_code (server, token);
  g_assert_cmpstr (code, ==, "device_wiped");

  /* Its next sync deletes the replica, its -wal/-shm and the token file: exit 7. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (test_run_cli (lost->path, NULL, &out, "sync", NULL), ==, 7);
  assert_gone (lost->path);

  /* Nothing was pushed. */
  g_assert_null (find_entry (server_json (server, &audit_root, "audit", NULL), pending, "name"));

  /* A sign-in from that replica id (right password) is refused the same way. */
  {
    g_autoptr(SahaSyncClient) anonymous = saha_sync_client_new (server->url, NULL, 1, 10);
    g_autofree char *body_text = g_strdup_printf ("{\"user\":\"rep-a\",\"password\":\"rep-a-pw\","
                                                  "\"replica_id\":\"%s\",\"replica_counter\":1000}",
                                                  lost_id);
    g_autoptr(GBytes) body = g_bytes_new (body_text, strlen (body_text));
    g_autoptr(JsonNode) answer = NULL;
    g_autofree char *login_code = NULL;

    answer = saha_sync_client_request (anonymous, "POST", "/v1/login", body, &login_code,
                                       NULL, &error);
    g_assert_null (answer);
    g_assert_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_DEVICE_WIPED);
    g_assert_cmpstr (login_code, ==, "device_wiped");
    g_clear_error (&error);
  }

  /* A push naming the wiped replica id, even with another device's valid token. */
  {
    g_autofree char *other_token = token_of (other);
    g_autoptr(SahaSyncClient) client = saha_sync_client_new (server->url, other_token, 1, 10);
    g_autofree char *body_text = g_strdup_printf ("{\"batch_id\":\"b1\",\"replica_id\":\"%s\","
                                                  "\"replica_counter\":1000,\"records\":[]}",
                                                  lost_id);
    g_autoptr(GBytes) body = g_bytes_new (body_text, strlen (body_text));
    g_autoptr(JsonNode) answer = NULL;
    g_autofree char *push_code = NULL;

    answer = saha_sync_client_request (client, "POST", "/v1/push", body, &push_code, NULL,
                                       &error);
    g_assert_null (answer);
    g_assert_cmpstr (push_code, ==, "device_wiped");
    g_clear_error (&error);
  }

  /* The same user's other laptop goes on syncing. */
  sync_ok (other);
  {
    g_autoptr(SahaRecord) record = test_replica_get (other, "customer", customer);
    g_assert_nonnull (record);
  }

  test_replica_free (lost);
  test_replica_free (other);
}

/* device wipe --user: every device of the user; another user's stays. */
static void
test_device_wipe_user (Fixture       *fixture,
                       gconstpointer  data)
{
  TestServer *server = fixture->server;
  TestReplica *one = test_replica_new (server, "rep-b");
  TestReplica *two = test_replica_new (server, "rep-b");
  TestReplica *kept = test_replica_new (server, "rep-a");
  g_autofree char *out = NULL;

  sync_ok (one);
  sync_ok (two);
  g_clear_object (&one->store);
  g_clear_object (&two->store);
  g_assert_cmpint (server_command (server, &out, "device", "wipe", "--user", "rep-b", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (test_run_cli (one->path, NULL, &out, "sync", NULL), ==, 7);
  /* Signing in again from a wiped replica wipes it too. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (test_run_cli (two->path, "rep-b-pw\n", &out, "login", "--server", server->url,
                                 "--user", "rep-b", "--password-stdin", NULL), ==, 7);
  assert_gone (one->path);
  assert_gone (two->path);
  sync_ok (kept);

  /* Unknown replica ids and users are refused. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (server_command (server, &out, "device", "wipe", "no-such-replica", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (server_command (server, &out, "device", "wipe", "--user", "nobody", NULL), ==, 1);

  test_replica_free (one);
  test_replica_free (two);
  test_replica_free (kept);
}

/* GET /v1/history: one record's trail for the office, with user, device and both
 * values; a field user is refused; a bad request is refused; the reading is logged. */
static void
test_record_history (Fixture       *fixture,
                     gconstpointer  data)
{
  TestServer *server = fixture->server;
  TestReplica *rep = test_replica_new (server, "rep-a");
  TestReplica *office = test_replica_new (server, "office");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autoptr(JsonNode) audit_root = NULL;
  g_autofree char *id = NULL, *other = NULL;
  const char *office_replica = saha_store_get_replica_id (office->store);
  JsonObject *phone_change = NULL;
  guint phone_changes = 0;

  id = test_replica_create (rep, "customer", "name=Ayşe Yılmaz", "kind=person",
                            "phone=+90 532 111 22 33", "assigned_to=rep-a", NULL);
  other = test_replica_create (rep, "customer", "name=Başka Biri", "kind=person",
                               "assigned_to=rep-a", NULL);
  sync_ok (rep);
  sync_ok (office);
  test_replica_set (office, "customer", id, "phone=+90 532 999 88 77", NULL);
  sync_ok (office);

  history = saha_sync_fetch_record_history (office->path, "customer", id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (history);
  for (guint i = 0; i < json_array_get_length (history); i++)
    {
      JsonObject *entry = json_array_get_object_element (history, i);

      /* Only this record. */
      g_assert_cmpstr (json_object_get_string_member (entry, "id"), ==, id);
      if (g_strcmp0 (json_object_get_string_member (entry, "field"), "phone") == 0)
        {
          phone_changes++;
          phone_change = entry;
        }
    }
  g_assert_cmpuint (phone_changes, ==, 2);
  g_assert_cmpstr (json_object_get_string_member (phone_change, "user"), ==, "office");
  g_assert_cmpstr (json_object_get_string_member (phone_change, "device"), ==, office_replica);
  g_assert_nonnull (strstr (json_object_get_string_member (phone_change, "old"), "111"));
  g_assert_nonnull (strstr (json_object_get_string_member (phone_change, "new"), "999"));

  /* A rep may not read it; nor may anyone read a record the server does not have. */
  g_clear_pointer (&history, json_array_unref);
  history = saha_sync_fetch_record_history (rep->path, "customer", id, NULL, &error);
  g_assert_null (history);
  g_assert_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_SERVER);
  g_clear_error (&error);
  history = saha_sync_fetch_record_history (office->path, "customer",
                                            "00000000-0000-4000-8000-000000000000", NULL,
                                            &error);
  g_assert_null (history);
  g_assert_nonnull (error);
  g_clear_error (&error);
  history = saha_sync_fetch_record_history (office->path, "no-such-entity", id, NULL, &error);
  g_assert_null (history);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* The office's reading is in the trail, the rep's refused one is not. */
  {
    JsonArray *entries = server_json (server, &audit_root, "audit", "--record", id, NULL);
    guint viewed = 0;

    for (guint i = 0; i < json_array_get_length (entries); i++)
      {
        JsonObject *entry = json_array_get_object_element (entries, i);

        if (g_strcmp0 (json_object_get_string_member (entry, "field"), "history_viewed") == 0)
          {
            viewed++;
            g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, "office");
          }
      }
    g_assert_cmpuint (viewed, ==, 1);
  }

  test_replica_free (office);
  test_replica_free (rep);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("SAHA_CLI") == NULL)
    {
      g_test_skip ("saha-cli is not built");
      return g_test_run ();
    }
  g_test_add ("/kvkk/audit", Fixture, NULL, fixture_setup, test_audit,
              test_server_fixture_teardown);
  g_test_add ("/kvkk/record-history", Fixture, NULL, fixture_setup, test_record_history,
              test_server_fixture_teardown);
  g_test_add ("/kvkk/device-wipe", Fixture, NULL, fixture_setup, test_device_wipe,
              test_server_fixture_teardown);
  g_test_add ("/kvkk/device-wipe-user", Fixture, NULL, fixture_setup, test_device_wipe_user,
              test_server_fixture_teardown);
  return g_test_run ();
}
