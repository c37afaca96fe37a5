/* test-rel-network.c: syncs through a fault-injecting proxy lose and corrupt nothing, and converge.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fault-proxy.h"
#include "rel-util.h"

/* Records each replica creates and edits per round; a few, so every round has both a push
 * and a pull to break, and a sync is a handful of requests. */
#define CREATES_PER_ROUND 3
#define EDITS_PER_ROUND   3

typedef struct
{
  TestServer  *server;
  TestReplica *replicas[2];
  /* "id" -> the last "notes" value written to it, per replica: what must survive */
  GHashTable  *written[2];
  GPtrArray   *ids[2];
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const char *users[] = { "office-a", "office-b" };

  fixture->server = test_server_start (NULL, 0);
  for (guint i = 0; i < 2; i++)
    {
      test_server_add_user (fixture->server, users[i], "office");
      fixture->replicas[i] = test_replica_new (fixture->server, users[i]);
      fixture->written[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      fixture->ids[i] = g_ptr_array_new_with_free_func (g_free);
    }
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  for (guint i = 0; i < 2; i++)
    {
      test_replica_free (fixture->replicas[i]);
      g_hash_table_unref (fixture->written[i]);
      g_ptr_array_unref (fixture->ids[i]);
    }
  test_server_free (fixture->server);
}

/* Local work of one round: new customers and edits of this replica's own older ones (the
 * two replicas never write the same record, so the end state has no conflict and every
 * value written is the one that must win). */
static void
write_round (Fixture *fixture,
             guint    which,
             guint    round)
{
  TestReplica *replica = fixture->replicas[which];

  for (guint i = 0; i < CREATES_PER_ROUND; i++)
    {
      g_autofree char *name = g_strdup_printf ("Net %c%u-%u", 'A' + which, round, i);
      g_autofree char *arg = g_strdup_printf ("name=%s", name);
      char *id = test_replica_create (replica, "customer", "kind=company", arg, NULL);

      g_ptr_array_add (fixture->ids[which], id);
      g_hash_table_replace (fixture->written[which], g_strdup (id), g_strdup (""));
    }
  for (guint i = 0; i < EDITS_PER_ROUND; i++)
    {
      const char *id = fixture->ids[which]->pdata[g_test_rand_int_range (0, fixture->ids[which]->len)];
      g_autofree char *notes = g_strdup_printf ("edit %c%u-%u 'quoted' \"double\"", 'A' + which,
                                                round, i);
      g_autofree char *arg = g_strdup_printf ("notes=%s", notes);

      test_replica_set (replica, "customer", id, arg, NULL);
      g_hash_table_replace (fixture->written[which], g_strdup (id), g_steal_pointer (&notes));
    }
}

/* Everything this replica wrote is still in it, with the last value written: a failed or
 * broken sync never loses or rolls back a local change. */
static void
assert_local_writes_kept (Fixture *fixture,
                          guint    which)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, fixture->written[which]);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(SahaRecord) record = test_replica_get (fixture->replicas[which], "customer", key);
      const char *notes;

      g_assert_nonnull (record);
      notes = saha_record_get (record, "notes");
      g_assert_cmpstr (notes != NULL ? notes : "", ==, value);
    }
}

static void
test_proxy_rounds (Fixture       *fixture,
                   gconstpointer  data)
{
  guint rounds = rel_scale (25, 250);
  guint32 seed = (guint32) g_test_rand_int ();
  g_autoptr(FaultProxy) proxy = NULL;
  g_autoptr(GError) error = NULL;
  guint failed = 0, faults = 0, connections = 0;
  g_autofree char *server_db = NULL;

  proxy = fault_proxy_new (fixture->server->port, seed, 50, &error);
  g_assert_no_error (error);
  g_test_message ("fault proxy seed %u (drawn from the test seed: rerun with --seed)", seed);
  for (guint i = 0; i < 2; i++)
    rel_replica_set_server (fixture->replicas[i], fault_proxy_get_url (proxy));

  for (guint round = 0; round < rounds; round++)
    for (guint which = 0; which < 2; which++)
      {
        TestReplica *replica = fixture->replicas[which];
        g_autoptr(SahaSyncResult) result = NULL;
        g_autoptr(GError) sync_error = NULL;

        write_round (fixture, which, round);
        result = test_replica_sync (replica, &sync_error);
        if (result == NULL)
          {
            /* What a broken exchange may look like to the engine; anything else (a
             * store error, a crash) is a bug. */
            g_assert_true (sync_error->domain == SAHA_SYNC_ERROR);
            g_assert_true (sync_error->code == SAHA_SYNC_ERROR_NETWORK
                           || sync_error->code == SAHA_SYNC_ERROR_SERVER
                           || sync_error->code == SAHA_SYNC_ERROR_PROTOCOL);
            failed++;
          }
        /* The engine may have taken a new replica id; the test's connection follows. */
        test_replica_reopen (replica);
        rel_assert_integrity (replica->path);
        assert_local_writes_kept (fixture, which);
      }

  for (guint kind = 0; kind < FAULT_N_KINDS; kind++)
    {
      guint n = fault_proxy_count (proxy, kind);

      g_test_message ("%-20s %u", fault_kind_name (kind), n);
      connections += n;
      if (kind != FAULT_NONE)
        faults += n;
    }
  g_test_message ("%u rounds, %u of %u syncs failed, %u faults in %u requests", rounds, failed,
                  rounds * 2, faults, connections);
  /* The proxy did break exchanges, and syncs did fail: otherwise this test proves nothing. */
  g_assert_cmpuint (faults, >, connections / 5);
  g_assert_cmpuint (failed, >, 0);

  /* The proxy goes away; two rounds of direct syncs bring everyone up to date. */
  for (guint i = 0; i < 2; i++)
    rel_replica_set_server (fixture->replicas[i], fixture->server->url);
  for (guint pass = 0; pass < 2; pass++)
    for (guint which = 0; which < 2; which++)
      {
        g_autoptr(SahaSyncResult) result = test_replica_sync_ok (fixture->replicas[which]);

        test_replica_reopen (fixture->replicas[which]);
      }

  for (guint which = 0; which < 2; which++)
    {
      g_autoptr(GHashTable) view = test_server_view (fixture->server, fixture->replicas[which]->user);
      GHashTableIter iter;
      gpointer key, value;

      test_replica_assert_converged (fixture->replicas[which]);
      rel_assert_integrity (fixture->replicas[which]->path);
      assert_local_writes_kept (fixture, which);
      /* Both replicas' writes are on the server, exactly once each, with their last value. */
      g_assert_cmpuint (g_hash_table_size (view), ==,
                        g_hash_table_size (fixture->written[0])
                        + g_hash_table_size (fixture->written[1]));
      g_hash_table_iter_init (&iter, fixture->written[which]);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autofree char *view_key = g_strdup_printf ("customer/%s", (char *) key);
          SahaRecord *record = g_hash_table_lookup (view, view_key);
          const char *notes;

          g_assert_nonnull (record);
          notes = saha_record_get (record, "notes");
          g_assert_cmpstr (notes != NULL ? notes : "", ==, value);
          g_assert_false (saha_record_is_deleted (record));
        }
    }
  test_server_stop (fixture->server, FALSE);
  /* SQLite's file is checked here; PostgreSQL keeps its own. */
  if (fixture->server->database == NULL)
    {
      server_db = g_build_filename (fixture->server->data_dir, "server.db", NULL);
      rel_assert_integrity (server_db);
    }
}

static guint
open_descriptors (GSubprocess *process)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (process));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* One keep-alive request on a new connection, read to its end, then closed by the client. */
static void
request_and_close (TestServer *server,
                   const char *request)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  char buffer[4096];

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", server->port, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                             strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  /* The answer's first bytes: the server has handled the request. */
  g_assert_cmpint (g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                                        buffer, sizeof buffer, NULL, &error), >, 0);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

/* Clients that open a connection per sync (every SahaSyncEngine run does) and close it:
 * the server must not keep a socket per closed connection (libsoup 3.2 did, until the
 * server ran out of descriptors after a few thousand syncs and failed every request). */
static void
test_no_descriptor_leak (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *requests[] = {
    "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nothing\r\n\r\n",
    "GET /v1/%00 HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n",
  };
  guint before, after;
  guint n = rel_scale (100, 2000);

  /* Warm up: the worker threads open their database connections once. */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(SahaSyncResult) result = test_replica_sync_ok (fixture->replicas[i % 2]);
    }
  before = open_descriptors (fixture->server->process);
  for (guint i = 0; i < n; i++)
    request_and_close (fixture->server, requests[i % G_N_ELEMENTS (requests)]);
  for (guint i = 0; i < n / 10; i++)
    {
      g_autoptr(SahaSyncResult) result = test_replica_sync_ok (fixture->replicas[i % 2]);
    }
  /* The server closes its side as soon as it notices the client's; give it a moment. */
  for (guint wait = 0; wait < 50; wait++)
    {
      after = open_descriptors (fixture->server->process);
      if (after <= before + 4)
        break;
      g_usleep (20 * 1000);
    }
  g_test_message ("server descriptors: %u before, %u after %u connections and %u syncs",
                  before, after, n, n / 10);
  g_assert_cmpuint (after, <=, before + 4);
}

int
main (int    argc,
      char **argv)
{
  /* With isolated XDG dirs there are no GSettings schemas for the desktop proxy resolver. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/reliability/network/fault-proxy-rounds", Fixture, NULL,
              fixture_setup, test_proxy_rounds, fixture_teardown);
  g_test_add ("/reliability/network/no-descriptor-leak", Fixture, NULL,
              fixture_setup, test_no_descriptor_leak, fixture_teardown);

  return g_test_run ();
}
