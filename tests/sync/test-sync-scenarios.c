/* test-sync-scenarios.c: two or more real replicas against a real saha-server on loopback.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-sync.h"
#include "saha-sync-private.h"
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

static char *
office_customer (TestReplica *office,
                 const char  *name,
                 const char  *assigned_to)
{
  g_autofree char *assign = g_strdup_printf ("assigned_to=%s", assigned_to);
  g_autofree char *name_arg = g_strdup_printf ("name=%s", name);

  return test_replica_create (office, "customer", name_arg, "kind=company", assign, NULL);
}

static void
test_disjoint (Fixture       *fixture,
               gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  TestReplica *all[] = { office, rep };
  g_autofree char *id = office_customer (office, "Anadolu Makina", "rep-a");
  g_autoptr(SahaRecord) a = NULL;
  g_autoptr(SahaRecord) b = NULL;

  sync_all (all, 2);
  test_replica_set (rep, "customer", id, "phone=+90 212 555 0101", NULL);
  test_replica_set (office, "customer", id, "email=info@anadolu.example", NULL);
  sync_all (all, 2);
  sync_all (all, 2);

  a = test_replica_get (office, "customer", id);
  b = test_replica_get (rep, "customer", id);
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_false (saha_record_has_conflicts (a));
  g_assert_cmpstr (saha_record_get (a, "phone"), ==, "+90 212 555 0101");
  g_assert_cmpstr (saha_record_get (a, "email"), ==, "info@anadolu.example");
  g_assert_true (saha_record_equal (a, b));

  test_replica_free (office);
  test_replica_free (rep);
}

static void
test_conflict_and_resolution (Fixture       *fixture,
                              gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *office2 = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  TestReplica *all[] = { office, office2, rep };
  g_autofree char *id = office_customer (office, "Kuzey Gıda", "rep-a");
  SahaFieldInput resolution = { "notes", "agreed on the phone" };
  g_autoptr(GError) error = NULL;

  sync_all (all, 3);
  test_replica_set (rep, "customer", id, "notes=prefers mornings", NULL);
  test_replica_set (office, "customer", id, "notes=call after 14:00", NULL);
  sync_all (all, 3);
  sync_all (all, 3);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SahaRecord) record = test_replica_get (all[i], "customer", id);
      g_autoptr(GPtrArray) values = saha_record_candidate_values (record, "notes");

      g_assert_true (saha_record_field_in_conflict (record, "notes"));
      g_assert_cmpuint (values->len, ==, 2);
      g_assert_true (g_ptr_array_find_with_equal_func (values, "prefers mornings", g_str_equal, NULL));
      g_assert_true (g_ptr_array_find_with_equal_func (values, "call after 14:00", g_str_equal, NULL));
    }

  /* Resolved on one replica (not the one that wrote either value): clears everywhere. */
  saha_store_resolve (office2->store, "customer", id, &resolution, 1, &error);
  g_assert_no_error (error);
  sync_all (all, 3);
  sync_all (all, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SahaRecord) record = test_replica_get (all[i], "customer", id);

      g_assert_false (saha_record_has_conflicts (record));
      g_assert_cmpstr (saha_record_get (record, "notes"), ==, "agreed on the phone");
    }

  test_replica_free (office);
  test_replica_free (office2);
  test_replica_free (rep);
}

static void
test_edit_concurrent_with_delete (Fixture       *fixture,
                                  gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  TestReplica *all[] = { office, rep };
  g_autofree char *id = office_customer (office, "Ege Tekstil", "rep-a");
  g_autoptr(GError) error = NULL;

  sync_all (all, 2);
  saha_store_delete (office->store, "customer", id, &error);
  g_assert_no_error (error);
  test_replica_set (rep, "customer", id, "phone=+90 232 555 0000", NULL);
  sync_all (all, 2);
  sync_all (all, 2);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SahaRecord) record = test_replica_get (all[i], "customer", id);

      /* Neither dropped nor silently resurrected: people see it and decide. */
      g_assert_nonnull (record);
      g_assert_true (saha_record_field_in_conflict (record, SAHA_DELETED_FIELD));
      g_assert_false (saha_record_is_deleted (record));
      g_assert_cmpstr (saha_record_get (record, "phone"), ==, "+90 232 555 0000");
    }

  test_replica_free (office);
  test_replica_free (rep);
}

static void
test_reassignment_moves_customer (Fixture       *fixture,
                                  gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep_a = test_replica_new (fixture->server, "rep-a");
  TestReplica *rep_b = test_replica_new (fixture->server, "rep-b");
  TestReplica *all[] = { office, rep_a, rep_b };
  g_autofree char *customer = office_customer (office, "Marmara Yapı", "rep-a");
  g_autofree char *customer_arg = g_strdup_printf ("customer=%s", customer);
  g_autofree char *order = test_replica_create (office, "order", customer_arg, "status=draft", NULL);
  g_autofree char *call = test_replica_create (office, "service_call", customer_arg,
                                               "problem=leaking pump", NULL);
  g_autofree char *note = test_replica_create (office, "note", customer_arg,
                                               "summary=asked for a quote", NULL);
  const char *entities[] = { "customer", "order", "service_call", "note" };
  const char *ids[] = { customer, order, call, note };

  sync_all (all, 3);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(SahaRecord) on_a = test_replica_get (rep_a, entities[i], ids[i]);
      g_autoptr(SahaRecord) on_b = test_replica_get (rep_b, entities[i], ids[i]);

      g_assert_nonnull (on_a);
      g_assert_null (on_b);
    }

  test_replica_set (office, "customer", customer, "assigned_to=rep-b", NULL);
  sync_all (all, 3);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(SahaRecord) on_a = test_replica_get (rep_a, entities[i], ids[i]);
      g_autoptr(SahaRecord) on_b = test_replica_get (rep_b, entities[i], ids[i]);

      g_assert_null (on_a);
      g_assert_nonnull (on_b);
    }

  test_replica_free (office);
  test_replica_free (rep_a);
  test_replica_free (rep_b);
}

static void
test_refused_push_is_kept (Fixture       *fixture,
                           gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep_a = test_replica_new (fixture->server, "rep-a");
  TestReplica *rep_b = test_replica_new (fixture->server, "rep-b");
  TestReplica *all[] = { office, rep_a, rep_b };
  g_autofree char *theirs = office_customer (office, "Bey Otomotiv", "rep-b");
  g_autofree char *moving = office_customer (office, "Trakya Tarım", "rep-a");
  g_autoptr(SahaSyncResult) result = NULL;
  g_autoptr(SahaRecord) never = NULL;
  g_autoptr(SahaRecord) on_b = NULL;
  g_autoptr(GPtrArray) rejections = NULL;
  g_autoptr(GError) error = NULL;
  SahaStoreStatus status = { 0 };
  SahaStoreRejection *rejection;

  sync_all (all, 3);
  never = test_replica_get (rep_a, "customer", theirs);
  g_assert_null (never);

  /* rep-a edits offline while office moves the customer to rep-b. */
  test_replica_set (office, "customer", moving, "assigned_to=rep-b", NULL);
  test_replica_set (rep_a, "customer", moving, "phone=+90 284 555 1234", NULL);
  {
    g_autoptr(SahaSyncResult) office_result = test_replica_sync_ok (office);
  }
  result = test_replica_sync_ok (rep_a);
  g_assert_cmpuint (result->refused, ==, 1);

  rejections = saha_store_sync_list_rejections (rep_a->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejections->len, ==, 1);
  rejection = rejections->pdata[0];
  g_assert_cmpstr (rejection->id, ==, moving);
  g_assert_cmpstr (rejection->code, ==, "forbidden");
  g_assert_true (saha_store_get_status (rep_a->store, &status, &error));
  g_assert_cmpuint (status.rejected, ==, 1);
  saha_store_status_clear (&status);
  /* Revoked, but the refused edit is set aside rather than thrown away. */
  g_assert_cmpuint (saha_store_sync_count_revoked (rep_a->store, &error), ==, 1);
  g_assert_no_error (error);

  {
    g_autoptr(SahaSyncResult) b_result = test_replica_sync_ok (rep_b);
  }
  on_b = test_replica_get (rep_b, "customer", moving);
  g_assert_nonnull (on_b);
  g_assert_null (saha_record_get (on_b, "phone"));

  if (g_getenv ("SAHA_CLI") != NULL)
    {
      g_autofree char *out = NULL;
      g_autoptr(JsonNode) node = NULL;

      g_assert_cmpint (test_run_cli (rep_a->path, NULL, &out, "status", "--json", NULL), ==, 0);
      node = json_from_string (out, &error);
      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "rejected"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "revoked_pending"),
                       ==, 1);
      {
        JsonArray *listed = json_object_get_array_member (json_node_get_object (node),
                                                          "rejections");
        JsonObject *first;

        g_assert_cmpuint (json_array_get_length (listed), ==, 1);
        first = json_array_get_object_element (listed, 0);
        g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, moving);
        g_assert_cmpstr (json_object_get_string_member (first, "code"), ==, "forbidden");
        g_assert_cmpstr (json_object_get_string_member (first, "message"), !=, "");
      }
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&node, json_node_unref);

      /* conflicts lists the refusal too, with the server's reason. */
      g_assert_cmpint (test_run_cli (rep_a->path, NULL, &out, "conflicts", "--json", NULL), ==, 0);
      node = json_from_string (out, &error);
      g_assert_no_error (error);
      {
        JsonArray *listed = json_node_get_array (node);
        JsonObject *first, *refusal;

        g_assert_cmpuint (json_array_get_length (listed), ==, 1);
        first = json_array_get_object_element (listed, 0);
        g_assert_cmpstr (json_object_get_string_member (first, "id"), ==, moving);
        refusal = json_object_get_object_member (first, "rejected");
        g_assert_cmpstr (json_object_get_string_member (refusal, "code"), ==, "forbidden");
      }
      g_clear_pointer (&out, g_free);
      g_assert_cmpint (test_run_cli (rep_a->path, NULL, &out, "conflicts", NULL), ==, 0);
      g_assert_nonnull (strstr (out, "refused customer "));
      g_assert_nonnull (strstr (out, moving));
    }

  test_replica_free (office);
  test_replica_free (rep_a);
  test_replica_free (rep_b);
}

static JsonNode *
push_raw (TestReplica *replica,
          const char  *body_text)
{
  g_auto(SahaSyncToken) token = { 0 };
  g_autoptr(SahaSyncClient) client = NULL;
  g_autoptr(GBytes) body = g_bytes_new (body_text, strlen (body_text));
  g_autoptr(GError) error = NULL;
  JsonNode *answer;

  saha_sync_token_load (replica->path, &token, &error);
  g_assert_no_error (error);
  client = saha_sync_client_new (replica->server->url, token.token, 1, 0);
  answer = saha_sync_client_request (client, "POST", "/v1/push", body, NULL, NULL, &error);
  g_assert_no_error (error);
  return answer;
}

static void
test_replayed_batch_changes_nothing (Fixture       *fixture,
                                     gconstpointer  data)
{
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *all[] = { rep, office };
  g_autofree char *id = test_replica_create (rep, "customer", "name=Çınar Kırtasiye",
                                             "kind=company", "assigned_to=rep-a", NULL);
  g_autoptr(SahaRecord) record = test_replica_get (rep, "customer", id);
  g_autoptr(JsonNode) record_json = saha_record_to_json (record, SAHA_CODEC_REGISTERS);
  g_autofree char *record_text = saha_json_to_string (record_json, FALSE);
  g_autofree char *batch_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autofree char *key = g_strdup_printf ("customer/%s", id);

  body = g_strdup_printf ("{\"batch_id\":\"%s\",\"replica_id\":\"%s\",\"replica_counter\":%"
                          G_GUINT64_FORMAT ",\"records\":[%s]}", batch_id,
                          saha_store_get_replica_id (rep->store),
                          saha_store_sync_get_counter (rep->store, NULL), record_text);
  first = push_raw (rep, body);
  first_text = saha_json_to_string (first, FALSE);

  /* Someone else changes the record after the batch was taken. */
  sync_all (all, 2);
  test_replica_set (office, "customer", id, "city=İzmir", NULL);
  sync_all (all, 2);
  before = test_server_view (fixture->server, "office");

  second = push_raw (rep, body);
  second_text = saha_json_to_string (second, FALSE);
  after = test_server_view (fixture->server, "office");

  g_assert_cmpstr (first_text, ==, second_text);
  g_assert_cmpuint (g_hash_table_size (before), ==, g_hash_table_size (after));
  g_assert_true (saha_record_equal (g_hash_table_lookup (before, key),
                                    g_hash_table_lookup (after, key)));
  g_assert_cmpstr (saha_record_get (g_hash_table_lookup (after, key), "city"), ==, "İzmir");

  test_replica_free (rep);
  test_replica_free (office);
}

static void
test_edit_during_flight_stays_pending (Fixture       *fixture,
                                       gconstpointer  data)
{
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  g_autofree char *id = test_replica_create (rep, "customer", "name=Kapadokya Turizm",
                                             "kind=company", "assigned_to=rep-a", NULL);
  g_autofree char *outbox = NULL;
  g_autofree char *key = g_strdup_printf ("customer/%s", id);
  g_autoptr(GHashTable) view = NULL;
  g_autoptr(GError) error = NULL;

  /* The batch is stored before it is sent; the server is gone, so its answer never
   * comes: exactly a push in flight. */
  test_server_stop (fixture->server, TRUE);
  g_assert_null (test_replica_sync (rep, &error));
  g_assert_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_NETWORK);
  outbox = saha_store_get_setting (rep->store, "outbox_batch_id");
  g_assert_nonnull (outbox);

  /* Edited while its push is in flight. */
  test_replica_set (rep, "customer", id, "phone=+90 384 555 0000", NULL);
  test_server_restart (fixture->server);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (rep);

    /* The replayed batch, then the record again with the edit. */
    g_assert_cmpuint (result->pushed, ==, 2);
  }
  g_assert_null (saha_store_get_setting (rep->store, "outbox_batch_id"));
  view = test_server_view (fixture->server, "rep-a");
  g_assert_cmpstr (saha_record_get (g_hash_table_lookup (view, key), "phone"), ==,
                   "+90 384 555 0000");
  test_replica_assert_converged (rep);

  test_replica_free (rep);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents_full (to, contents, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
  g_assert_no_error (error);
}

static void
test_replica_reused (Fixture       *fixture,
                     gconstpointer  data)
{
  TestReplica *original = test_replica_new (fixture->server, "rep-a");
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *copy = test_replica_new (fixture->server, "rep-a");
  g_autofree char *id = office_customer (office, "Toros Un", "rep-a");
  g_autofree char *token_path = NULL;
  g_autofree char *token_text = NULL;
  g_autofree char *original_token = saha_sync_token_path (original->path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaRecord) on_office = NULL;
  g_autofree char *old_id = NULL;
  TestReplica *all[] = { office, original };

  sync_all (all, 2);

  /* A backup of the original restored as the copy's file, token included; the token's
   * inode is blanked so the server, not the local check, has to notice. */
  g_clear_object (&original->store);
  g_clear_object (&copy->store);
  copy_file (original->path, copy->path);
  token_path = saha_sync_token_path (copy->path);
  g_file_get_contents (original_token, &token_text, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) node = json_from_string (token_text, &error);
    g_autofree char *text = NULL;

    g_assert_no_error (error);
    json_object_set_int_member (json_node_get_object (node), "inode", 0);
    text = saha_json_to_string (node, FALSE);
    g_file_set_contents_full (token_path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error);
    g_assert_no_error (error);
  }
  test_replica_reopen (original);
  test_replica_reopen (copy);
  old_id = g_strdup (saha_store_get_replica_id (copy->store));
  g_assert_cmpstr (old_id, ==, saha_store_get_replica_id (original->store));

  /* The original goes on and syncs: the server sees its counter move past the copy's. */
  test_replica_set (original, "customer", id, "phone=+90 322 555 1111", NULL);
  test_replica_set (original, "customer", id, "city=Adana", NULL);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (original);
  }
  /* The copy edits with the same replica id and counters the server has seen. */
  test_replica_set (copy, "customer", id, "email=satis@toros.example", NULL);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (copy);
    g_assert_cmpuint (result->pushed, ==, 1);
  }
  test_replica_reopen (copy);
  g_assert_cmpstr (saha_store_get_replica_id (copy->store), !=, old_id);

  {
    TestReplica *everyone[] = { office, original, copy };

    sync_all (everyone, 3);
    sync_all (everyone, 3);
  }
  on_office = test_replica_get (office, "customer", id);
  g_assert_cmpstr (saha_record_get (on_office, "email"), ==, "satis@toros.example");
  g_assert_cmpstr (saha_record_get (on_office, "phone"), ==, "+90 322 555 1111");
  g_assert_cmpstr (saha_record_get (on_office, "city"), ==, "Adana");
  {
    g_autoptr(SahaRecord) on_copy = test_replica_get (copy, "customer", id);

    g_assert_true (saha_record_equal (on_office, on_copy));
  }

  test_replica_free (original);
  test_replica_free (office);
  test_replica_free (copy);
}

static void
test_copied_file_detected_locally (Fixture       *fixture,
                                   gconstpointer  data)
{
  TestReplica *original = test_replica_new (fixture->server, "rep-a");
  g_autofree char *dir = g_dir_make_tmp ("saha-copy-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "replica.db", NULL);
  g_autofree char *token = saha_sync_token_path (path);
  g_autofree char *original_token = saha_sync_token_path (original->path);
  g_autofree char *id = test_replica_create (original, "customer", "name=Van Gölü Balık",
                                             "kind=company", "assigned_to=rep-a", NULL);
  g_autoptr(SahaStore) copy = NULL;
  g_autoptr(SahaSyncEngine) engine = NULL;
  g_autoptr(SahaSyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_id = g_strdup (saha_store_get_replica_id (original->store));

  g_clear_object (&original->store);
  copy_file (original->path, path);
  copy_file (original_token, token);

  engine = saha_sync_engine_new (path);
  result = saha_sync_engine_sync (engine, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->pushed, ==, 1);
  copy = saha_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saha_store_get_replica_id (copy), !=, old_id);

  g_clear_object (&copy);
  test_remove_tree (dir);
  test_replica_free (original);
}

static void
test_epoch_change_resyncs (Fixture       *fixture,
                           gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  TestReplica *all[] = { office, rep };
  g_autofree char *edited = office_customer (office, "Fırat Enerji", "rep-a");
  g_autofree char *untouched = office_customer (office, "Dicle Su", "rep-a");
  g_autofree char *cursor = NULL;
  g_autofree char *offline = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) view = NULL;
  g_autoptr(SahaRecord) kept = NULL;
  g_autoptr(SahaRecord) gone = NULL;
  g_autoptr(SahaSyncResult) result = NULL;
  guint16 port = fixture->server->port;

  sync_all (all, 2);
  test_replica_set (rep, "customer", edited, "notes=visit on Monday", NULL);
  offline = test_replica_create (rep, "customer", "name=Harran Pamuk", "kind=company",
                                 "assigned_to=rep-a", NULL);

  /* A fresh data directory (or database) behind the same URL: a new epoch. */
  test_server_stop (fixture->server, TRUE);
  test_server_use_new_storage (fixture->server);
  test_server_add_user (fixture->server, "rep-a", "rep");
  test_server_add_user (fixture->server, "office", "office");
  fixture->server->port = port;
  test_server_restart (fixture->server);
  g_assert_cmpuint (fixture->server->port, ==, port);

  /* The old token means nothing here: exit code 6 territory, then sign in again. */
  g_assert_null (test_replica_sync (rep, &error));
  g_assert_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_AUTH);
  g_clear_error (&error);
  saha_sync_login (rep->path, fixture->server->url, "rep-a", "rep-a-pw", NULL, &error);
  g_assert_no_error (error);

  /* The edited customer carries the office replica's dots, of a replica id this server
   * has no row for: let through (no device can write under an id without signing in
   * first, docs/sync.md), so both records go up at once. */
  result = test_replica_sync_ok (rep);
  g_assert_cmpuint (result->pushed, ==, 2);
  g_assert_cmpuint (result->refused, ==, 0);
  g_clear_pointer (&result, saha_sync_result_free);

  kept = test_replica_get (rep, "customer", edited);
  g_assert_nonnull (kept);
  g_assert_cmpstr (saha_record_get (kept, "notes"), ==, "visit on Monday");
  gone = test_replica_get (rep, "customer", untouched);
  g_assert_null (gone);
  view = test_server_view (fixture->server, "rep-a");
  g_assert_cmpuint (g_hash_table_size (view), ==, 2);
  cursor = saha_store_get_setting (rep->store, "cursor");
  g_assert_nonnull (cursor);
  g_assert_null (saha_store_get_setting (rep->store, "resync"));

  test_replica_free (office);
  test_replica_free (rep);
}

static void
test_cli_exit_codes (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("saha-cli-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "replica.db", NULL);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unreachable = NULL;
  JsonObject *object;

  if (g_getenv ("SAHA_CLI") == NULL)
    {
      g_test_skip ("saha-cli is not built");
      return;
    }

  g_assert_cmpint (test_run_cli (db, "wrong\n", NULL, "login", "--server", fixture->server->url,
                                 "--user", "rep-a", "--password-stdin", NULL), ==, 6);
  g_assert_cmpint (test_run_cli (db, "rep-a-pw\n", NULL, "login", "--server",
                                 fixture->server->url, "--user", "rep-a", "--password-stdin",
                                 NULL), ==, 0);
  g_assert_cmpint (test_run_cli (db, NULL, NULL, "create", "customer", "name=Ada Kereste",
                                 "kind=company", "assigned_to=rep-a", NULL), ==, 0);
  g_assert_cmpint (test_run_cli (db, NULL, &out, "sync", "--json", NULL), ==, 0);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "pushed"), ==, 1);
  g_assert_true (json_object_has_member (object, "pulled"));
  g_assert_cmpint (json_object_get_int_member (object, "conflicts"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "refused"), ==, 0);
  g_assert_true (json_object_has_member (object, "duration_ms"));

  test_server_stop (fixture->server, TRUE);
  g_assert_cmpint (test_run_cli (db, NULL, NULL, "sync", "--attempts", "2", NULL), ==, 5);
  test_server_restart (fixture->server);

  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  /* With isolated XDG dirs there are no GSettings schemas, which the desktop proxy
   * resolver of glib-networking needs; loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/sync/" path, Fixture, NULL, fixture_setup, func, test_server_fixture_teardown)
  ADD ("merge/disjoint", test_disjoint);
  ADD ("merge/conflict-and-resolution", test_conflict_and_resolution);
  ADD ("merge/edit-concurrent-with-delete", test_edit_concurrent_with_delete);
  ADD ("scope/reassignment-moves-customer", test_reassignment_moves_customer);
  ADD ("scope/refused-push-is-kept", test_refused_push_is_kept);
  ADD ("push/replayed-batch-changes-nothing", test_replayed_batch_changes_nothing);
  ADD ("push/edit-during-flight-stays-pending", test_edit_during_flight_stays_pending);
  ADD ("replica/reused-takes-new-id", test_replica_reused);
  ADD ("replica/copied-file-detected-locally", test_copied_file_detected_locally);
  ADD ("epoch/fresh-server-resyncs", test_epoch_change_resyncs);
  ADD ("cli/exit-codes", test_cli_exit_codes);
#undef ADD

  return g_test_run ();
}
