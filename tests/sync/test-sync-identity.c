/* test-sync-identity.c: replica identity with real files: copied replicas signed in again,
 * older copies restored in place or as a new file, forged version vectors, and writes
 * that must never report success without writing (docs/sync.md, "Replica identity").
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sync-fixture.h"
#include "saha-sync-client.h"
#include "saha-sync-private.h"
#include "saha-store-sync.h"

typedef TestServerFixture Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = test_server_start_with_users ("office", "office", "rep-a", "rep",
                                                  "rep-b", "rep", NULL);
}

static void
sync_all (TestReplica **replicas,
          guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SahaSyncResult) result = test_replica_sync_ok (replicas[i]);

      test_replica_reopen (replicas[i]);
    }
}

static char *
read_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&contents);
}

/* The bytes of a replica file (closed, so the WAL is checkpointed into it) and its token. */
typedef struct
{
  GBytes *db;
  char   *token;
} Backup;

static void
backup_clear (Backup *backup)
{
  g_clear_pointer (&backup->db, g_bytes_unref);
  g_clear_pointer (&backup->token, g_free);
}

static void
backup_take (TestReplica *replica,
             Backup      *backup)
{
  g_autofree char *token_path = saha_sync_token_path (replica->path);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_clear_object (&replica->store);
  g_file_get_contents (replica->path, &contents, &length, &error);
  g_assert_no_error (error);
  backup->db = g_bytes_new_take (g_steal_pointer (&contents), length);
  backup->token = read_file (token_path);
  test_replica_reopen (replica);
}

/* Writes @bytes into @path in place (same inode when the file exists, as "cp" over it
 * does), without the -wal and -shm of whatever was there. */
static void
write_in_place (const char *path,
                GBytes     *bytes)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  FILE *file;

  g_unlink (wal);
  g_unlink (shm);
  file = fopen (path, "wb");
  g_assert_nonnull (file);
  g_assert_cmpuint (fwrite (data, 1, length, file), ==, length);
  g_assert_cmpint (fclose (file), ==, 0);
}

/* Restores @backup over @replica's own file (in place) or into a new replica file of the
 * same user (cp to a new path, token included). */
static TestReplica *
backup_restore (TestReplica *replica,
                Backup      *backup,
                gboolean     new_file)
{
  TestReplica *target = replica;
  g_autofree char *token_path = NULL;
  g_autoptr(GError) error = NULL;

  if (new_file)
    {
      target = g_new0 (TestReplica, 1);
      target->dir = g_dir_make_tmp ("saha-restored-XXXXXX", &error);
      g_assert_no_error (error);
      target->path = g_build_filename (target->dir, "replica.db", NULL);
      target->user = g_strdup (replica->user);
      target->server = replica->server;
    }
  g_clear_object (&target->store);
  write_in_place (target->path, backup->db);
  token_path = saha_sync_token_path (target->path);
  if (new_file)
    {
      /* On ext4 a new file can get the inode the original had: the token's inode then
       * matches and only the server can tell. */
      g_autoptr(JsonNode) node = json_from_string (backup->token, &error);
      g_autofree char *text = NULL;
      g_autoptr(GBytes) bytes = NULL;

      g_assert_no_error (error);
      json_object_set_int_member (json_node_get_object (node), "inode",
                                  (gint64) saha_sync_file_inode (target->path));
      text = saha_json_to_string (node, FALSE);
      bytes = g_bytes_new (text, strlen (text));
      write_in_place (token_path, bytes);
    }
  else
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (backup->token, strlen (backup->token));

      write_in_place (token_path, bytes);
    }
  test_replica_reopen (target);
  return target;
}

/* A copy of @replica's file at a new path, signed in again as the same user (no token
 * copied): "cp replica.db other.db; saha-cli --db other.db login". */
static TestReplica *
copy_and_sign_in (TestReplica *replica)
{
  TestReplica *copy = g_new0 (TestReplica, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_strdup_printf ("%s-pw", replica->user);
  Backup backup = { 0 };

  backup_take (replica, &backup);
  copy->dir = g_dir_make_tmp ("saha-copy-XXXXXX", &error);
  g_assert_no_error (error);
  copy->path = g_build_filename (copy->dir, "replica.db", NULL);
  copy->user = g_strdup (replica->user);
  copy->server = replica->server;
  write_in_place (copy->path, backup.db);
  backup_clear (&backup);
  saha_sync_login (copy->path, copy->server->url, copy->user, password, NULL, &error);
  g_assert_no_error (error);
  test_replica_reopen (copy);
  return copy;
}

/* Whether @value is the value or a conflict candidate of @field. */
static gboolean
holds_value (SahaRecord *record,
             const char *field,
             const char *value)
{
  guint n = 0;
  const SahaCandidate *candidates = saha_record_get_candidates (record, field, &n);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (candidates[i].value, value) == 0)
      return TRUE;
  return FALSE;
}

static void
assert_all_equal (TestReplica **replicas,
                  guint         n,
                  const char   *entity,
                  const char   *id)
{
  g_autoptr(SahaRecord) first = test_replica_get (replicas[0], entity, id);

  g_assert_nonnull (first);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(SahaRecord) other = test_replica_get (replicas[i], entity, id);

      g_assert_nonnull (other);
      if (!saha_record_equal (first, other))
        {
          g_autoptr(JsonNode) a = saha_record_to_json (first, SAHA_CODEC_REGISTERS);
          g_autoptr(JsonNode) b = saha_record_to_json (other, SAHA_CODEC_REGISTERS);
          g_autofree char *a_text = saha_json_to_string (a, FALSE);
          g_autofree char *b_text = saha_json_to_string (b, FALSE);

          g_error ("%s differs on %s:\n  %s\n  %s", id, replicas[i]->path, a_text, b_text);
        }
    }
  for (guint i = 0; i < n; i++)
    test_replica_assert_converged (replicas[i]);
}

static char *
office_customer (TestReplica *office,
                 const char  *name,
                 const char  *assigned_to)
{
  g_autofree char *name_arg = g_strdup_printf ("name=%s", name);
  g_autofree char *assign = g_strdup_printf ("assigned_to=%s", assigned_to);

  return test_replica_create (office, "customer", name_arg, "kind=company", assign, NULL);
}

/* Issue 10 item 1: a copy of a replica file signed in again keeps the original's replica
 * id; both edit, both sync. Every edit survives: as a conflict when both wrote the same
 * field, side by side otherwise; and all copies converge. */
static void
test_copy_sign_in (Fixture       *fixture,
                   gconstpointer  data)
{
  gboolean same_field = GPOINTER_TO_INT (data);
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *original = test_replica_new (fixture->server, "rep-a");
  TestReplica *copy = NULL;
  g_autofree char *id = office_customer (office, "Kapadokya Halı", "rep-a");
  TestReplica *pair[] = { office, original };

  sync_all (pair, 2);
  copy = copy_and_sign_in (original);

  test_replica_set (original, "customer", id, "phone=+90 384 555 0001", NULL);
  if (same_field)
    test_replica_set (copy, "customer", id, "phone=+90 384 555 0002", NULL);
  else
    test_replica_set (copy, "customer", id, "email=satis@kapadokya.example", NULL);

  {
    TestReplica *all[] = { original, copy, office };

    sync_all (all, 3);
    sync_all (all, 3);
    assert_all_equal (all, 3, "customer", id);
  }
  {
    g_autoptr(SahaRecord) record = test_replica_get (office, "customer", id);

    g_assert_true (holds_value (record, "phone", "+90 384 555 0001"));
    if (same_field)
      {
        g_assert_true (holds_value (record, "phone", "+90 384 555 0002"));
        g_assert_true (saha_record_field_in_conflict (record, "phone"));
      }
    else
      {
        g_assert_cmpstr (saha_record_get (record, "phone"), ==, "+90 384 555 0001");
        g_assert_cmpstr (saha_record_get (record, "email"), ==, "satis@kapadokya.example");
      }
    g_assert_cmpstr (saha_record_get (record, "name"), ==, "Kapadokya Halı");
  }
  /* The two files no longer share a replica id. */
  g_assert_cmpstr (saha_store_get_replica_id (original->store), !=,
                   saha_store_get_replica_id (copy->store));

  test_replica_free (copy);
  test_replica_free (original);
  test_replica_free (office);
}

enum
{
  RESTORE_NEW_FILE = 1 << 0,
  RESTORE_SYNC_FIRST = 1 << 1,
};

/* Issue 10 item 2: a backup of a replica restored (in place, or as a new file next to the
 * original) after the original synced newer edits; with or without a sync before the
 * restored file is edited. Every edit survives as the value or a candidate, and all
 * replicas converge. */
static void
test_restore_old_copy (Fixture       *fixture,
                       gconstpointer  data)
{
  guint flags = GPOINTER_TO_UINT (data);
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  TestReplica *restored;
  g_autofree char *id = office_customer (office, "Ege Zeytin", "rep-a");
  Backup backup = { 0 };
  TestReplica *pair[] = { office, rep };

  sync_all (pair, 2);
  test_replica_set (rep, "customer", id, "phone=+90 232 555 0001", NULL);
  sync_all (pair, 2);
  backup_take (rep, &backup);

  /* Synced after the backup was taken. */
  test_replica_set (rep, "customer", id, "city=İzmir", "notes=after the backup", NULL);
  sync_all (pair, 2);

  restored = backup_restore (rep, &backup, flags & RESTORE_NEW_FILE);
  backup_clear (&backup);
  if (flags & RESTORE_SYNC_FIRST)
    {
      g_autoptr(SahaSyncResult) result = test_replica_sync_ok (restored);
      g_autoptr(SahaRecord) record = NULL;

      test_replica_reopen (restored);
      record = test_replica_get (restored, "customer", id);
      g_assert_cmpstr (saha_record_get (record, "notes"), ==, "after the backup");
    }
  test_replica_set (restored, "customer", id, "city=Manisa", "email=bilgi@ege.example", NULL);

  {
    /* In place, the restored file is the rep's; as a new file, both go on. */
    TestReplica *all[] = { restored, office, rep };
    guint n = restored == rep ? 2 : 3;
    g_autoptr(SahaRecord) record = NULL;

    sync_all (all, n);
    sync_all (all, n);
    assert_all_equal (all, n, "customer", id);

    record = test_replica_get (office, "customer", id);
    g_assert_cmpstr (saha_record_get (record, "phone"), ==, "+90 232 555 0001");
    g_assert_cmpstr (saha_record_get (record, "notes"), ==, "after the backup");
    g_assert_cmpstr (saha_record_get (record, "email"), ==, "bilgi@ege.example");
    g_assert_cmpstr (saha_record_get (record, "name"), ==, "Ege Zeytin");
    g_assert_true (holds_value (record, "city", "Manisa"));
    if (flags & RESTORE_SYNC_FIRST)
      g_assert_cmpstr (saha_record_get (record, "city"), ==, "Manisa");
    else
      g_assert_true (holds_value (record, "city", "İzmir"));
  }

  if (restored != rep)
    test_replica_free (restored);
  test_replica_free (rep);
  test_replica_free (office);
}

/* Issue 10 item 3: after a restore and a sync, "saha-cli set" writes what it was told (or
 * says why not and exits non-zero): never exit 0 with nothing written. */
static void
test_cli_set_after_restore (Fixture       *fixture,
                            gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  g_autofree char *id = office_customer (office, "Toros Kireç", "rep-a");
  g_autofree char *out = NULL;
  g_autoptr(SahaRecord) record = NULL;
  Backup backup = { 0 };
  TestReplica *pair[] = { office, rep };
  int status;

  if (g_getenv ("SAHA_CLI") == NULL)
    {
      g_test_skip ("saha-cli is not built");
      test_replica_free (rep);
      test_replica_free (office);
      return;
    }

  sync_all (pair, 2);
  backup_take (rep, &backup);
  test_replica_set (rep, "customer", id, "phone=+90 324 555 0001", NULL);
  test_replica_set (rep, "customer", id, "city=Mersin", NULL);
  sync_all (pair, 2);
  /* The office edits it too, so the restored file's pull brings it with the rep's newer
   * dots (above the restored file's counter). */
  test_replica_set (office, "customer", id, "email=muhasebe@toros.example", NULL);
  sync_all (pair, 2);
  backup_restore (rep, &backup, FALSE);
  backup_clear (&backup);
  g_clear_object (&rep->store);

  g_assert_cmpint (test_run_cli (rep->path, NULL, NULL, "sync", NULL), ==, 0);
  status = test_run_cli (rep->path, NULL, &out, "set", "customer", id,
                         "notes=restored and edited", NULL);
  test_replica_reopen (rep);
  record = test_replica_get (rep, "customer", id);
  if (status == 0)
    g_assert_cmpstr (saha_record_get (record, "notes"), ==, "restored and edited");
  else
    g_assert_null (saha_record_get (record, "notes"));
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (saha_record_get (record, "city"), ==, "Mersin");

  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (rep);
    g_autoptr(SahaSyncResult) again = test_replica_sync_ok (office);
    g_autoptr(SahaRecord) on_office = NULL;

    test_replica_reopen (rep);
    on_office = test_replica_get (office, "customer", id);
    g_assert_cmpstr (saha_record_get (on_office, "notes"), ==, "restored and edited");
    g_assert_cmpstr (saha_record_get (on_office, "phone"), ==, "+90 324 555 0001");
  }

  test_replica_free (rep);
  test_replica_free (office);
}

/* A record whose version holds a dot of this replica's id above its counter (as a copy's
 * push can bring): a local write takes a dot above it, never reports success unwritten. */
static void
test_write_above_pulled_dot (void)
{
  g_autofree char *dir = g_dir_make_tmp ("saha-identity-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "replica.db", NULL);
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(SahaRecord) remote = NULL;
  g_autoptr(SahaRecord) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *fields[] = { "name", "kind" };
  const char *values[] = { "Pulled Ltd", "company" };
  SahaFieldInput input = { "phone", "+90 212 555 0009" };
  guint64 counter_before, counter_after;

  store = saha_store_open (path, &error);
  g_assert_no_error (error);
  id = saha_id_new ();
  remote = saha_record_new (saha_schema_lookup ("customer"), id);
  saha_record_write (remote, saha_store_get_replica_id (store), 500, fields, values, 2);
  saha_store_sync_apply (store, remote, NULL, &error);
  g_assert_no_error (error);
  counter_before = saha_store_sync_get_counter (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counter_before, >=, 500);

  saha_store_update (store, "customer", id, &input, 1, &error);
  g_assert_no_error (error);
  after = saha_store_get (store, "customer", id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saha_record_get (after, "phone"), ==, "+90 212 555 0009");
  counter_after = saha_store_sync_get_counter (store, &error);
  g_assert_cmpuint (counter_after, >, 500);

  g_clear_object (&store);
  test_remove_tree (dir);
}

/* Issue 11 item 2: a rep pushes (raw HTTP, its own token and replica id) its customer with
 * a huge counter under the office device's replica id. Refused (unknown_version), and the
 * office's reassignment and delete take effect: the rep loses the customer. */
static void
test_forged_version_vector (Fixture       *fixture,
                            gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  TestReplica *pair[] = { office, rep };
  g_autofree char *id = office_customer (office, "Sahte Sürüm", "rep-a");
  g_auto(SahaSyncToken) token = { 0 };
  g_autoptr(SahaSyncClient) client = NULL;
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(SahaVersionVector) vv = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *record_text = NULL;
  g_autofree char *batch_id = g_uuid_string_random ();
  const char *office_id;
  JsonObject *result;
  guint64 counter;

  sync_all (pair, 2);
  office_id = saha_store_get_replica_id (office->store);
  record = test_replica_get (rep, "customer", id);
  g_assert_nonnull (record);
  g_assert_cmpuint (saha_version_vector_get (saha_record_get_version_vector (record), office_id),
                    >, 0);
  vv = saha_version_vector_copy (saha_record_get_version_vector (record));
  saha_version_vector_set (vv, office_id, 1000000000);
  saha_record_set_version_vector (record, vv);

  g_assert_true (saha_sync_token_load (rep->path, &token, &error));
  client = saha_sync_client_new (fixture->server->url, token.token, 1, 50);
  counter = saha_store_sync_get_counter (rep->store, &error);
  node = saha_record_to_json (record, SAHA_CODEC_COMPACT);
  record_text = saha_json_to_string (node, FALSE);
  text = g_strdup_printf ("{\"batch_id\":\"%s\",\"replica_id\":\"%s\",\"replica_counter\":%"
                          G_GUINT64_FORMAT ",\"records\":[%s]}", batch_id,
                          saha_store_get_replica_id (rep->store), counter, record_text);
  body = g_bytes_new (text, strlen (text));
  answer = saha_sync_client_request (client, "POST", "/v1/push", body, NULL, NULL, &error);
  g_assert_no_error (error);
  result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (answer),
                                                                        "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "refused");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "unknown_version");

  /* The office reassigns the customer: it takes effect, and the rep loses it. */
  test_replica_set (office, "customer", id, "assigned_to=rep-b", NULL);
  sync_all (pair, 2);
  {
    g_autoptr(GHashTable) view = test_server_view (fixture->server, "office");
    g_autofree char *key = g_strdup_printf ("customer/%s", id);
    SahaRecord *on_server = g_hash_table_lookup (view, key);
    g_autoptr(SahaRecord) on_rep = test_replica_get (rep, "customer", id);

    g_assert_nonnull (on_server);
    g_assert_cmpstr (saha_record_get (on_server, "assigned_to"), ==, "rep-b");
    g_assert_null (on_rep);
  }

  /* And the office's delete takes effect too. */
  {
    g_autoptr(GError) delete_error = NULL;
    g_autoptr(GHashTable) view = NULL;
    g_autofree char *key = g_strdup_printf ("customer/%s", id);

    saha_store_delete (office->store, "customer", id, &delete_error);
    g_assert_no_error (delete_error);
    sync_all (pair, 2);
    view = test_server_view (fixture->server, "office");
    g_assert_true (saha_record_is_deleted (g_hash_table_lookup (view, key)));
  }

  test_replica_free (rep);
  test_replica_free (office);
}

/* A push naming another replica id than its token's is refused as a reused replica. */
static void
test_push_other_replica_id (Fixture       *fixture,
                            gconstpointer  data)
{
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  g_auto(SahaSyncToken) token = { 0 };
  g_autoptr(SahaSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *code = NULL;
  const char *text = "{\"batch_id\":\"b-other\",\"replica_id\":\"r-someoneelse\","
                     "\"replica_counter\":1,\"records\":[]}";
  g_autoptr(GBytes) body = g_bytes_new_static (text, strlen (text));

  g_assert_true (saha_sync_token_load (rep->path, &token, &error));
  client = saha_sync_client_new (fixture->server->url, token.token, 1, 50);
  answer = saha_sync_client_request (client, "POST", "/v1/push", body, &code, NULL, &error);
  g_assert_null (answer);
  g_assert_cmpstr (code, ==, "replica_reused");

  test_replica_free (rep);
}

static void
create_orders (TestReplica *replica,
               const char  *customer,
               guint        n)
{
  g_autofree char *customer_arg = g_strdup_printf ("customer=%s", customer);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = test_replica_create (replica, "order", customer_arg, "status=draft",
                                                 NULL);
    }
}

/* Issue 10 item 6: two devices of one user and a profile removed and made again create
 * orders offline: every order number differs, and a duplicate number is refused. */
static void
test_numbers_unique (Fixture       *fixture,
                     gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *laptop = test_replica_new (fixture->server, "rep-a");
  TestReplica *tablet = test_replica_new (fixture->server, "rep-a");
  TestReplica *profile = test_replica_new (fixture->server, "rep-a");
  g_autofree char *customer = office_customer (office, "Numara Ltd", "rep-a");
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) view = NULL;
  g_autoptr(GError) error = NULL;
  TestReplica *all[] = { office, laptop, tablet, profile };
  GHashTableIter iter;
  gpointer key, value;
  guint n_orders = 0;

  sync_all (all, 4);
  create_orders (profile, customer, 2);
  sync_all (all, 4);

  /* "Sign Out and Remove Data", then sign in again: a new, empty file at the same path. */
  {
    g_autofree char *wal = g_strconcat (profile->path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (profile->path, "-shm", NULL);
    g_autofree char *token = saha_sync_token_path (profile->path);

    g_clear_object (&profile->store);
    g_unlink (profile->path);
    g_unlink (wal);
    g_unlink (shm);
    g_unlink (token);
    saha_sync_login (profile->path, fixture->server->url, "rep-a", "rep-a-pw", NULL, &error);
    g_assert_no_error (error);
    test_replica_reopen (profile);
    sync_all (&profile, 1);
  }

  /* Offline, all three. */
  create_orders (laptop, customer, 3);
  create_orders (tablet, customer, 3);
  create_orders (profile, customer, 3);
  sync_all (all, 4);
  sync_all (all, 4);

  view = test_server_view (fixture->server, "office");
  g_hash_table_iter_init (&iter, view);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, "order/"))
      {
        const char *number = saha_record_get (value, "number");

        g_assert_nonnull (number);
        if (g_hash_table_contains (numbers, number))
          g_error ("order number %s is used twice", number);
        g_hash_table_add (numbers, (gpointer) number);
        n_orders++;
      }
  g_assert_cmpuint (n_orders, ==, 11);

  /* A number given by hand that another order holds is refused, with the reason. */
  {
    g_autofree char *customer_arg = g_strdup_printf ("customer=%s", customer);
    g_autofree char *taken = NULL;
    g_autofree char *number_arg = NULL;
    g_autofree char *id = NULL;
    g_autoptr(SahaSyncResult) result = NULL;
    g_autoptr(GPtrArray) rejections = NULL;
    SahaStoreRejection *rejection;

    g_hash_table_iter_init (&iter, numbers);
    g_assert_true (g_hash_table_iter_next (&iter, &key, NULL));
    taken = g_strdup (key);
    number_arg = g_strdup_printf ("number=%s", taken);
    id = test_replica_create (laptop, "order", customer_arg, "status=draft", number_arg, NULL);
    result = test_replica_sync_ok (laptop);
    g_assert_cmpuint (result->refused, ==, 1);
    test_replica_reopen (laptop);
    rejections = saha_store_sync_list_rejections (laptop->store, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rejections->len, ==, 1);
    rejection = rejections->pdata[0];
    g_assert_cmpstr (rejection->code, ==, "duplicate_number");
    g_assert_cmpstr (rejection->id, ==, id);
    g_assert_nonnull (strstr (rejection->message, taken));

    /* A number typed in is the user's: it stays as typed, refused, until they change it. */
    g_clear_pointer (&result, saha_sync_result_free);
    result = test_replica_sync_ok (laptop);
    g_assert_cmpuint (result->refused, ==, 1);
    test_replica_reopen (laptop);
    {
      g_autoptr(SahaRecord) order = test_replica_get (laptop, "order", id);

      g_assert_cmpstr (saha_record_get (order, "number"), ==, taken);
    }
  }

  test_replica_free (profile);
  test_replica_free (tablet);
  test_replica_free (laptop);
  test_replica_free (office);
}

/* A copied file signed in again shares its original's replica id and number series
 * until one of them is told replica_reused: the orders it numbered offline meanwhile are
 * refused as duplicates once, get numbers of its new series, and go through at the next
 * sync. */
static void
test_numbers_of_a_copy (Fixture       *fixture,
                        gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *original = test_replica_new (fixture->server, "rep-a");
  g_autofree char *customer = office_customer (office, "Kopya Numara", "rep-a");
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) view = NULL;
  TestReplica *pair[] = { office, original };
  TestReplica *copy;
  GHashTableIter iter;
  gpointer key, value;
  guint n_orders = 0;

  sync_all (pair, 2);
  create_orders (original, customer, 1);
  sync_all (pair, 2);
  copy = copy_and_sign_in (original);
  create_orders (original, customer, 2);
  create_orders (copy, customer, 2);
  {
    TestReplica *all[] = { original, copy, office };

    for (guint round = 0; round < 3; round++)
      for (guint i = 0; i < G_N_ELEMENTS (all); i++)
        {
          g_autoptr(SahaSyncResult) result = test_replica_sync_ok (all[i]);

          if (round > 0)
            g_assert_cmpuint (result->refused, ==, 0);
          test_replica_reopen (all[i]);
        }
  }

  view = test_server_view (fixture->server, "office");
  g_hash_table_iter_init (&iter, view);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, "order/"))
      {
        const char *number = saha_record_get (value, "number");

        if (g_hash_table_contains (numbers, number))
          g_error ("order number %s is used twice", number);
        g_hash_table_add (numbers, (gpointer) number);
        n_orders++;
      }
  g_assert_cmpuint (n_orders, ==, 5);
  {
    TestReplica *all[] = { original, copy, office };

    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) rejections = saha_store_sync_list_rejections (all[i]->store, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (rejections->len, ==, 0);
        test_replica_assert_converged (all[i]);
      }
  }

  test_replica_free (copy);
  test_replica_free (original);
  test_replica_free (office);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, data, func) \
  g_test_add ("/identity/" path, Fixture, GUINT_TO_POINTER (data), fixture_setup, func, \
              test_server_fixture_teardown)
  ADD ("copy-sign-in/same-field", TRUE, test_copy_sign_in);
  ADD ("copy-sign-in/different-fields", FALSE, test_copy_sign_in);
  ADD ("restore/in-place", 0, test_restore_old_copy);
  ADD ("restore/in-place-sync-first", RESTORE_SYNC_FIRST, test_restore_old_copy);
  ADD ("restore/new-file", RESTORE_NEW_FILE, test_restore_old_copy);
  ADD ("restore/new-file-sync-first", RESTORE_NEW_FILE | RESTORE_SYNC_FIRST,
       test_restore_old_copy);
  ADD ("restore/cli-set-writes", 0, test_cli_set_after_restore);
  ADD ("forged/version-vector-refused", 0, test_forged_version_vector);
  ADD ("forged/other-replica-id", 0, test_push_other_replica_id);
  ADD ("numbers/unique-across-devices", 0, test_numbers_unique);
  ADD ("numbers/copy-renumbers-refused", 0, test_numbers_of_a_copy);
#undef ADD
  g_test_add_func ("/identity/write/above-pulled-dot", test_write_above_pulled_dot);

  return g_test_run ();
}
