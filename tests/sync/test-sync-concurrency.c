/* test-sync-concurrency.c: two saha-server processes on one PostgreSQL database, 20 clients
 * pushing and pulling through both at random: the change feed skips nothing; and behind
 * HAProxy, a server killed and the database restarted mid-run lose no write.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

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

/*
 * Failover: HAProxy in front of the two servers, 50 clients syncing through it in a loop.
 * A third of the way in one server is killed (SIGKILL) and started again a few seconds
 * later; two thirds in, PostgreSQL itself is stopped and started again. Each client
 * creates customers of its own and edits only those, so at the end each of its records
 * must be on the server with the last value it wrote: no write lost, no customer twice,
 * every client converged. A sync may fail while the database is away (the engine's
 * retries run out); it must fail only as a network or server error, and the next sync
 * carries the same edits.
 */

#define N_FAILOVER_CLIENTS 50

typedef struct
{
  TestReplica *replica;
  guint        index;
  GRand       *rand;
  gint64       deadline;
  GHashTable  *notes;     /* id of a customer it made -> the last notes it wrote ("" none) */
  guint        syncs;
  guint        failures;
} FailoverClient;

static gpointer
failover_client_run (gpointer data)
{
  FailoverClient *client = data;
  const char *user = client_user (client->index);
  guint edits = 0;

  while (g_get_monotonic_time () < client->deadline)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SahaSyncResult) result = NULL;

      for (guint i = 0; i < 2; i++, edits++)
        {
          guint n = g_hash_table_size (client->notes);

          if (n == 0 || g_rand_int_range (client->rand, 0, 3) == 0)
            {
              g_autofree char *name = g_strdup_printf ("name=F%02u-%u", client->index, edits);
              g_autofree char *owner = g_strdup_printf ("assigned_to=%s",
                                                        g_str_equal (user, "office") ? "rep-0" : user);
              char *id = test_replica_create (client->replica, "customer", name, "kind=company",
                                              owner, NULL);

              g_hash_table_insert (client->notes, id, g_strdup (""));
            }
          else
            {
              g_autoptr(GList) ids = g_hash_table_get_keys (client->notes);
              const char *id = g_list_nth_data (ids, g_rand_int_range (client->rand, 0, n));
              char *notes = g_strdup_printf ("client %u edit %u", client->index, edits);
              g_autofree char *input = g_strdup_printf ("notes=%s", notes);

              test_replica_set (client->replica, "customer", id, input, NULL);
              g_hash_table_insert (client->notes, g_strdup (id), notes);
            }
        }
      result = test_replica_sync (client->replica, &error);
      if (result == NULL)
        {
          /* HAProxy's own 503 page (no server up for a moment) has no JSON error in it:
           * the client calls that a protocol error, with the status in the message. */
          if (!g_error_matches (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_NETWORK)
              && !g_error_matches (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_SERVER)
              && !(g_error_matches (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL)
                   && g_str_has_prefix (error->message, "The server answered HTTP 5")))
            g_error ("client %u: a sync failed other than as a retry: %s", client->index,
                     error->message);
          client->failures++;
          g_usleep (100000);
        }
      else
        client->syncs++;
    }
  return NULL;
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (socket);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
haproxy_die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* HAProxy on 127.0.0.1:@port in front of @first and @second (the layout of
 * docs/deploy.md, without TLS). */
static GSubprocess *
haproxy_start (const char *dir,
               guint16     port,
               TestServer *first,
               TestServer *second)
{
  g_autofree char *config = g_build_filename (dir, "haproxy.cfg", NULL);
  g_autofree char *text = g_strdup_printf (
    "global\n"
    "  maxconn 1000\n"
    "defaults\n"
    "  mode http\n"
    "  timeout connect 1s\n"
    "  timeout client 60s\n"
    "  timeout server 60s\n"
    "  option redispatch\n"
    "  retries 3\n"
    "  retry-on conn-failure empty-response response-timeout 503\n"
    "frontend saha\n"
    "  bind 127.0.0.1:%u\n"
    "  default_backend servers\n"
    "backend servers\n"
    "  balance roundrobin\n"
    "  option httpchk GET /v1/health\n"
    "  server s1 127.0.0.1:%u check inter 300 fall 1 rise 1\n"
    "  server s2 127.0.0.1:%u check inter 300 fall 1 rise 1\n",
    port, first->port, second->port);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_file_set_contents (config, text, -1, &error);
  g_assert_no_error (error);
  /* It dies with the test, also when an assertion ends the test first. */
  g_subprocess_launcher_set_child_setup (launcher, haproxy_die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, "haproxy", "-db", "-q", "-f", config,
                                         NULL);
  g_assert_no_error (error);
  /* Ready once it answers the health check through a server. */
  for (guint i = 0; ; i++)
    {
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", port);
      g_autoptr(SahaSyncClient) client = saha_sync_client_new (url, NULL, 1, 0);
      g_autoptr(JsonNode) answer = saha_sync_client_request (client, "GET", "/v1/health", NULL,
                                                             NULL, NULL, NULL);

      if (answer != NULL)
        break;
      g_assert_cmpuint (i, <, 100);
      g_usleep (100000);
    }
  return process;
}

static void
test_failover (void)
{
  TestServer *first = NULL;
  TestServer *second = NULL;
  TestServer proxy = { 0 };
  FailoverClient clients[N_FAILOVER_CLIENTS];
  GThread *threads[N_FAILOVER_CLIENTS];
  g_autoptr(GSubprocess) haproxy = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GHashTable) view = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  double seconds = run_seconds ();
  gint64 start;
  guint syncs = 0, failures = 0, records = 0;
  GHashTableIter iter;
  gpointer key, value;

  if (!saha_test_backend_is_postgresql ())
    {
      g_test_skip ("HAProxy in front of two servers on one database: PostgreSQL only");
      return;
    }
  dir = g_dir_make_tmp ("saha-failover-XXXXXX", NULL);
  first = test_server_start (NULL, 0);
  second = test_server_start_beside (first);
  for (guint i = 0; i < N_REPS; i++)
    {
      g_autofree char *name = g_strdup_printf ("rep-%u", i);

      test_server_add_user (first, name, "rep");
    }
  test_server_add_user (first, "office", "office");
  proxy.port = free_port ();
  proxy.url = g_strdup_printf ("http://127.0.0.1:%u", proxy.port);
  haproxy = haproxy_start (dir, proxy.port, first, second);

  memset (clients, 0, sizeof clients);
  for (guint i = 0; i < N_FAILOVER_CLIENTS; i++)
    {
      clients[i].index = i;
      clients[i].rand = g_rand_new_with_seed (g_test_rand_int ());
      clients[i].notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      clients[i].replica = test_replica_new (&proxy, client_user (i));
    }
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_FAILOVER_CLIENTS; i++)
    {
      clients[i].deadline = start + (gint64) (seconds * G_USEC_PER_SEC);
      threads[i] = g_thread_new ("client", failover_client_run, &clients[i]);
    }

  /* A third in: one server dies (kill -9) and comes back on its port. */
  g_usleep ((gulong) (seconds / 3 * G_USEC_PER_SEC));
  g_test_message ("kill -9 of the second server");
  test_server_stop (second, TRUE);
  g_usleep (2 * G_USEC_PER_SEC);
  test_server_restart (second);
  /* Two thirds in: PostgreSQL stops (every connection cut) and starts again. */
  g_usleep ((gulong) MAX ((double) start / G_USEC_PER_SEC + seconds * 2 / 3
                          - (double) g_get_monotonic_time () / G_USEC_PER_SEC, 0) * G_USEC_PER_SEC);
  g_test_message ("PostgreSQL restarted");
  saha_test_backend_set_running (FALSE);
  g_usleep (2 * G_USEC_PER_SEC);
  saha_test_backend_set_running (TRUE);

  for (guint i = 0; i < N_FAILOVER_CLIENTS; i++)
    {
      g_thread_join (threads[i]);
      syncs += clients[i].syncs;
      failures += clients[i].failures;
    }
  /* Quiet: every client syncs until it gets through, twice. */
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < N_FAILOVER_CLIENTS; i++)
      {
        g_autoptr(SahaSyncResult) result = test_replica_sync_ok (clients[i].replica);
      }
  g_test_message ("%u clients: %u syncs, %u failed and were tried again", N_FAILOVER_CLIENTS,
                  syncs, failures);
  g_assert_cmpuint (syncs, >=, N_FAILOVER_CLIENTS);

  /* No write lost, none twice. */
  view = test_server_view (first, "office");
  g_hash_table_iter_init (&iter, view);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *name = saha_record_get (value, "name");

      if (!g_str_has_prefix (key, "customer/") || name == NULL)
        continue;
      g_assert_false (g_hash_table_contains (names, name));
      g_hash_table_add (names, g_strdup (name));
    }
  for (guint i = 0; i < N_FAILOVER_CLIENTS; i++)
    {
      g_hash_table_iter_init (&iter, clients[i].notes);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autofree char *view_key = g_strdup_printf ("customer/%s", (char *) key);
          SahaRecord *record = g_hash_table_lookup (view, view_key);

          if (record == NULL)
            g_error ("client %u: customer %s was lost", i, (char *) key);
          g_assert_cmpstr (saha_record_get (record, "notes"), ==,
                           *(char *) value != '\0' ? value : NULL);
          records++;
        }
      test_replica_assert_converged (clients[i].replica);
    }
  g_test_message ("%u customers, every last write present, none twice", records);

  for (guint i = 0; i < N_FAILOVER_CLIENTS; i++)
    {
      test_replica_free (clients[i].replica);
      g_hash_table_unref (clients[i].notes);
      g_rand_free (clients[i].rand);
    }
  g_subprocess_force_exit (haproxy);
  g_subprocess_wait (haproxy, NULL, NULL);
  g_free (proxy.url);
  test_server_free (second);
  test_server_free (first);
  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sync/concurrency/two-servers", test_two_servers);
  g_test_add_func ("/sync/concurrency/failover", test_failover);

  return g_test_run ();
}
