/* test-sync-concurrency.c: two saha-server processes on one PostgreSQL database, 20 clients
 * pushing and pulling through both at random: the change feed skips nothing.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "saha-sync-private.h"
#include "sync-fixture.h"
#include "test-backend.h"

/*
 * The classic race of a change feed on a database with concurrent writers: transaction
 * W1 takes seq 10, W2 takes seq 11 and commits first; a pull between the two commits
 * sees 11, hands out the cursor 11, and never sends 10. The PostgreSQL backend serialises
 * its write transactions (docs/sync.md); with SAHA_SERVER_PG_NAIVE_SEQ=1 the servers hand
 * seqs out from a plain sequence without that, and this test fails.
 *
 * Every client is its own thread with its own replica file: it edits (new customers,
 * changes to customers it sees), then syncs through one of the two servers picked at
 * random, until the time is up. A checker thread, signed in as the office (who sees
 * everything), pulls small pages from its cursor through either server all the while and
 * keeps the last state of every record it was sent. At the end every client syncs once
 * more and must hold exactly its user's view of the server; and the checker's records
 * must be exactly a fresh full pull: a change it was never sent (passed over by its
 * cursor) would leave an older state, or none.
 */

#define N_REPS 4
#define N_CLIENTS 20

typedef struct
{
  TestServer  *servers[2];
  TestReplica *replica;
  guint        index;
  gint64       deadline;
  guint        syncs;
  guint        edits;
  GRand       *rand;
} Client;

typedef struct
{
  TestServer *servers[2];
  gint64      deadline;
  volatile gint done;
  GHashTable *seen;      /* "entity/id" -> SahaRecord */
  guint       pages;
  guint       changes;
  GRand      *rand;
} Checker;

static double
run_seconds (void)
{
  const char *text = g_getenv ("SAHA_TEST_CONCURRENCY_SECONDS");
  double seconds = text != NULL ? g_ascii_strtod (text, NULL) : 30.0;

  return MAX (seconds * test_scale (), 3.0);
}

static const char *
client_user (guint index)
{
  static const char *users[] = { "rep-0", "rep-1", "rep-2", "rep-3", "office" };

  return users[index % G_N_ELEMENTS (users)];
}

/* A customer the client's replica holds, at random, or NULL. */
static char *
some_customer (Client *client)
{
  g_autoptr(GError) error = NULL;
  SahaQuery query = { 0 };
  g_autoptr(GPtrArray) records = saha_store_list (client->replica->store, "customer", &query,
                                                  &error);

  g_assert_no_error (error);
  if (records->len == 0)
    return NULL;
  return g_strdup (saha_record_get_id (records->pdata[g_rand_int_range (client->rand, 0,
                                                                         records->len)]));
}

static gpointer
client_run (gpointer data)
{
  Client *client = data;
  const char *user = client_user (client->index);
  gboolean office = g_str_equal (user, "office");

  while (g_get_monotonic_time () < client->deadline)
    {
      guint n = g_rand_int_range (client->rand, 1, 4);
      TestServer *server = client->servers[g_rand_int_range (client->rand, 0, 2)];
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *id = g_rand_int_range (client->rand, 0, 3) == 0
                                ? NULL : some_customer (client);

          if (id == NULL)
            {
              g_autofree char *name = g_strdup_printf ("C%02u-%u", client->index, client->edits);
              g_autofree char *owner = office
                                       ? g_strdup_printf ("rep-%d", g_rand_int_range (client->rand, 0, N_REPS))
                                       : g_strdup (user);
              g_autofree char *name_input = g_strdup_printf ("name=%s", name);
              g_autofree char *owner_input = g_strdup_printf ("assigned_to=%s", owner);
              g_autofree char *made = test_replica_create (client->replica, "customer", name_input,
                                                           "kind=company", owner_input, NULL);
            }
          else
            {
              g_autofree char *notes = g_strdup_printf ("notes=client %u edit %u", client->index,
                                                        client->edits);

              test_replica_set (client->replica, "customer", id, notes, NULL);
            }
          client->edits++;
        }
      g_assert_no_error (error);
      {
        g_autoptr(GError) set_error = NULL;

        saha_store_set_setting (client->replica->store, "server_url", server->url, &set_error);
        g_assert_no_error (set_error);
      }
      {
        g_autoptr(SahaSyncResult) result = test_replica_sync (client->replica, &error);

        if (result == NULL)
          g_error ("client %u: sync through %s failed: %s", client->index, server->url,
                   error->message);
      }
      client->syncs++;
    }
  return NULL;
}

/* Signs in @user through @server; returns the token. */
static char *
login (TestServer *server,
       const char *user)
{
  g_autoptr(SahaSyncClient) anonymous = saha_sync_client_new (server->url, NULL, 3, 100);
  g_autoptr(GError) error = NULL;
  g_autofree char *replica_id = saha_sync_new_replica_id ();
  g_autofree char *text = g_strdup_printf ("{\"user\":\"%s\",\"password\":\"%s-pw\","
                                           "\"replica_id\":\"%s\",\"replica_counter\":0}",
                                           user, user, replica_id);
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));
  g_autoptr(JsonNode) answer = saha_sync_client_request (anonymous, "POST", "/v1/login", body,
                                                         NULL, NULL, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (answer), "token"));
}

/* Pulls every page after *cursor through @server into @seen; the last cursor is left in
 * *cursor. */
static void
checker_pull (Checker     *checker,
              TestServer  *server,
              const char  *token,
              char       **cursor)
{
  g_autoptr(SahaSyncClient) client = saha_sync_client_new (server->url, token, 20, 50);

  for (;;)
    {
      g_autofree char *escaped = g_uri_escape_string (*cursor, NULL, FALSE);
      g_autofree char *path = g_strdup_printf ("/v1/pull?cursor=%s&limit=25", escaped);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) page = saha_sync_client_request (client, "GET", path, NULL, NULL,
                                                           NULL, &error);
      JsonObject *object;
      JsonArray *changes;

      g_assert_no_error (error);
      object = json_node_get_object (page);
      changes = json_object_get_array_member (object, "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          SahaRecord *record = saha_record_from_json (json_array_get_element (changes, i),
                                                      &error);

          g_assert_no_error (error);
          g_hash_table_insert (checker->seen,
                               g_strdup_printf ("%s/%s", saha_record_get_entity (record)->name,
                                                saha_record_get_id (record)),
                               record);
          checker->changes++;
        }
      checker->pages++;
      g_free (*cursor);
      *cursor = g_strdup (json_object_get_string_member (object, "cursor"));
      if (!json_object_get_boolean_member (object, "more"))
        break;
    }
}

static gpointer
checker_run (gpointer data)
{
  Checker *checker = data;
  g_autofree char *token = login (checker->servers[0], "office");
  g_autofree char *cursor = g_strdup ("");

  /* While the clients write, then once more after they are done. */
  while (!g_atomic_int_get (&checker->done))
    {
      checker_pull (checker, checker->servers[g_rand_int_range (checker->rand, 0, 2)], token,
                    &cursor);
      g_usleep (g_rand_int_range (checker->rand, 0, 20000));
    }
  checker_pull (checker, checker->servers[0], token, &cursor);
  checker_pull (checker, checker->servers[1], token, &cursor);
  return NULL;
}

static void
test_two_servers (void)
{
  TestServer *first = NULL;
  TestServer *second = NULL;
  Client clients[N_CLIENTS];
  GThread *threads[N_CLIENTS];
  Checker checker;
  GThread *checker_thread;
  gint64 deadline;
  g_autoptr(GHashTable) view = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint syncs = 0, edits = 0, skipped = 0, stale = 0;

  if (!saha_test_backend_is_postgresql ())
    {
      g_test_skip ("two servers on one database: PostgreSQL only (SAHA_TEST_BACKEND)");
      return;
    }
  memset (clients, 0, sizeof clients);
  memset (&checker, 0, sizeof checker);
  first = test_server_start (NULL, 0);
  second = test_server_start_beside (first);
  for (guint i = 0; i < N_REPS; i++)
    {
      g_autofree char *name = g_strdup_printf ("rep-%u", i);

      test_server_add_user (first, name, "rep");
    }
  test_server_add_user (first, "office", "office");

  for (guint i = 0; i < N_CLIENTS; i++)
    {
      clients[i].servers[0] = first;
      clients[i].servers[1] = second;
      clients[i].index = i;
      clients[i].rand = g_rand_new_with_seed (g_test_rand_int ());
      clients[i].replica = test_replica_new (i % 2 == 0 ? first : second, client_user (i));
    }
  checker.servers[0] = first;
  checker.servers[1] = second;
  checker.rand = g_rand_new_with_seed (g_test_rand_int ());
  checker.seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) saha_record_unref);
  deadline = g_get_monotonic_time () + (gint64) (run_seconds () * G_USEC_PER_SEC);
  for (guint i = 0; i < N_CLIENTS; i++)
    clients[i].deadline = deadline;
  checker_thread = g_thread_new ("checker", checker_run, &checker);
  for (guint i = 0; i < N_CLIENTS; i++)
    threads[i] = g_thread_new ("client", client_run, &clients[i]);
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_thread_join (threads[i]);
      syncs += clients[i].syncs;
      edits += clients[i].edits;
    }
  g_atomic_int_set (&checker.done, 1);
  g_thread_join (checker_thread);
  g_test_message ("%u clients: %u edits, %u syncs; the checker read %u pages, %u changes",
                  N_CLIENTS, edits, syncs, checker.pages, checker.changes);
  g_assert_cmpuint (syncs, >=, N_CLIENTS);

  /* The checker was sent the last state of every record. */
  view = test_server_view (first, "office");
  g_hash_table_iter_init (&iter, view);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SahaRecord *mine = g_hash_table_lookup (checker.seen, key);

      if (mine == NULL)
        {
          g_test_message ("the feed never sent %s", (char *) key);
          skipped++;
        }
      else if (!saha_record_equal (mine, value))
        {
          g_test_message ("the feed skipped the last change of %s", (char *) key);
          stale++;
        }
    }
  g_test_message ("%u records; never sent: %u, last change skipped: %u",
                  g_hash_table_size (view), skipped, stale);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_cmpuint (stale, ==, 0);
  g_assert_cmpuint (g_hash_table_size (checker.seen), ==, g_hash_table_size (view));

  /* Every client, synced once more through either server, holds its user's view. */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < N_CLIENTS; i++)
      {
        g_autoptr(GError) error = NULL;

        saha_store_set_setting (clients[i].replica->store, "server_url",
                                (i + round) % 2 == 0 ? first->url : second->url, &error);
        g_assert_no_error (error);
        g_autoptr(SahaSyncResult) result = test_replica_sync_ok (clients[i].replica);
      }
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      test_replica_assert_converged (clients[i].replica);
      test_replica_free (clients[i].replica);
      g_rand_free (clients[i].rand);
    }
  g_rand_free (checker.rand);
  g_hash_table_unref (checker.seen);
  test_server_free (second);
  test_server_free (first);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sync/concurrency/two-servers", test_two_servers);

  return g_test_run ();
}
