/* bench-load.c: many real sync clients against one saha-server; throughput, latency, errors, server memory.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each client is a thread with its own replica file, its own SahaStore for local edits
 * and a SahaSyncEngine (the app's and saha-cli's engine) for each sync round. Every client
 * signs in as its own rep user; a round is a few edits (one new customer, edits of older
 * ones) followed by one full sync (push, then pull). The server's resident memory is
 * sampled every second from /proc/PID/status, with the number of rounds done by then, and
 * judged by thirds of the rounds: a leak grows with the work done, by about as much in
 * each third; caches filling up grow by less in each. The exit status is non-zero on any
 * sync error, a replica that did not converge, or a server heap that is not flat.
 *
 * --postgresql runs the server on a private PostgreSQL cluster (tests/test-postgresql.h:
 * initdb in a temporary directory, a Unix socket, fsync off like the tests) instead of its
 * SQLite file, or --database CONNINFO on an existing empty database; --servers N starts N
 * servers on that database behind HAProxy (round robin), the layout of docs/deploy.md, and
 * the clients sync through HAProxy. Memory is sampled from the first server.
 *
 * Sign-ins use SAHA_SERVER_PWHASH=min: with argon2id at its interactive limits (64 MiB,
 * ~0.1 s of CPU each) 100 sign-ins at once would measure the password hash on two cores,
 * not sync.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "saha-store.h"
#include "saha-sync.h"
#include "test-postgresql.h"

static int opt_clients = 100;
static int opt_rounds = 50;
static int opt_edits = 3;
static char *opt_server = NULL;
static gboolean opt_postgresql = FALSE;
static char *opt_database = NULL;
static int opt_servers = 1;

static GOptionEntry entries[] = {
  { "clients", 'c', 0, G_OPTION_ARG_INT, &opt_clients, "Concurrent clients (default 100)", "N" },
  { "rounds", 'r', 0, G_OPTION_ARG_INT, &opt_rounds, "Sync rounds per client (default 50)", "N" },
  { "edits", 'e', 0, G_OPTION_ARG_INT, &opt_edits, "Edits per round (default 3)", "N" },
  { "server", 's', 0, G_OPTION_ARG_FILENAME, &opt_server, "saha-server binary", "PATH" },
  { "postgresql", 0, 0, G_OPTION_ARG_NONE, &opt_postgresql, "Serve from a private PostgreSQL cluster instead of SQLite", NULL },
  { "database", 0, 0, G_OPTION_ARG_STRING, &opt_database, "Serve from this (empty) PostgreSQL database", "CONNINFO" },
  { "servers", 0, 0, G_OPTION_ARG_INT, &opt_servers, "PostgreSQL: N servers behind HAProxy (default 1)", "N" },
  { NULL }
};

typedef struct
{
  guint     index;
  char     *user;
  char     *path;
  char     *server_url;
  double   *latencies_ms;    /* opt_rounds of them */
  guint     errors;
  char     *first_error;
  guint     customers;       /* what the client made, checked against its replica */
} Client;

static gint clients_done;
static gint rounds_done;
static gint clients_ready;
static GMutex start_lock;
static GCond start_cond;
static gboolean started;

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gpointer
client_run (gpointer data)
{
  Client *client = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = saha_store_open (client->path, &error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GRand *rand = g_rand_new_with_seed (client->index);

  if (store == NULL)
    g_error ("%s: %s", client->path, error->message);

  g_mutex_lock (&start_lock);
  g_atomic_int_inc (&clients_ready);
  g_cond_broadcast (&start_cond);
  while (!started)
    g_cond_wait (&start_cond, &start_lock);
  g_mutex_unlock (&start_lock);

  for (int round = 0; round < opt_rounds; round++)
    {
      g_autoptr(SahaSyncEngine) engine = saha_sync_engine_new (client->path);
      g_autoptr(SahaSyncResult) result = NULL;
      g_autoptr(GError) sync_error = NULL;
      g_autofree char *name = g_strdup_printf ("Load %03u-%03d", client->index, round);
      SahaFieldInput create[] = {
        { "name", name }, { "kind", "company" }, { "assigned_to", client->user },
        { "city", "İzmir" },
      };
      char *id = saha_store_create (store, "customer", create, G_N_ELEMENTS (create), &error);
      gint64 start;

      if (id == NULL)
        g_error ("%s: %s", client->path, error->message);
      g_ptr_array_add (ids, id);
      client->customers++;
      for (int edit = 1; edit < opt_edits; edit++)
        {
          const char *target = ids->pdata[g_rand_int_range (rand, 0, (gint32) ids->len)];
          g_autofree char *notes = g_strdup_printf ("round %d edit %d", round, edit);
          SahaFieldInput update[] = { { "notes", notes } };

          if (!saha_store_update (store, "customer", target, update, 1, &error))
            g_error ("%s: %s", client->path, error->message);
        }

      start = g_get_monotonic_time ();
      result = saha_sync_engine_sync (engine, NULL, &sync_error);
      client->latencies_ms[round] = (g_get_monotonic_time () - start) / 1000.0;
      if (result == NULL)
        {
          client->errors++;
          if (client->first_error == NULL)
            client->first_error = g_strdup (sync_error->message);
        }
      g_atomic_int_inc (&rounds_done);
    }

  g_rand_free (rand);
  g_atomic_int_inc (&clients_done);
  return NULL;
}

/* The server's resident memory: VmRSS, and its anonymous part (heap: where a leak would
 * show). The rest is mostly server.db pages the server maps (PRAGMA mmap_size), which
 * grow with the database and are the kernel's to drop. */
typedef struct
{
  guint64 rss_kb;
  guint64 anon_kb;
  guint   rounds;          /* rounds done by all clients when sampled */
  guint64 db_kb;           /* server.db, which the mapped part follows */
} Memory;

static guint64
status_field (const char *text,
              const char *name)
{
  const char *line = strstr (text, name);

  return line != NULL ? g_ascii_strtoull (line + strlen (name), NULL, 10) : 0;
}

static Memory
server_memory (const char *pid,
               const char *db_path)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *text = NULL;
  Memory memory = { 0, 0, (guint) g_atomic_int_get (&rounds_done), 0 };
  GStatBuf st;

  if (g_file_get_contents (path, &text, NULL, NULL))
    {
      memory.rss_kb = status_field (text, "VmRSS:");
      memory.anon_kb = status_field (text, "RssAnon:");
    }
  if (g_stat (db_path, &st) == 0)
    memory.db_kb = (guint64) st.st_size / 1024;
  return memory;
}

/* The index of the first sample taken once @rounds rounds were done (the last one if none
 * was). */
static guint
sample_at (GArray *samples,
           guint   rounds)
{
  for (guint i = 0; i < samples->len; i++)
    if (g_array_index (samples, Memory, i).rounds >= rounds)
      return i;
  return samples->len - 1;
}

/* The anonymous memory's floor at sample @index: the least of the last FLOOR_SAMPLES
 * samples up to it, after sample @after. The server gives malloc's free pages back every
 * 5 s (saha-server-http.c), so the floor is the heap in use, without what a burst left
 * cached in the allocator. */
#define FLOOR_SAMPLES 8

static guint64
anon_floor (GArray *samples,
            guint   after,
            guint   index)
{
  guint64 floor = G_MAXUINT64;
  guint first = index >= after + FLOOR_SAMPLES ? index - (FLOOR_SAMPLES - 1) : after + 1;

  for (guint i = MIN (first, index); i <= index; i++)
    floor = MIN (floor, g_array_index (samples, Memory, i).anon_kb);
  return floor;
}

/* The server's memory at the end of each third of the rounds, and whether its anonymous
 * part (the heap: where a leak shows) has levelled off. A leak grows with the work done,
 * by as much in the last third as in the first; caches (SQLite's page caches, bounded by
 * cache_size per worker connection, the workers' stacks) grow while they fill, in the
 * first third, and then stop. Flat: the floor rose over the last third by at most a
 * quarter of its rise over the first, or by under 1 MB (sampling noise). The old
 * per-connection leak of libsoup 3.2 (about 1 kB a round) showed as +5 MB in each third
 * of 100 x 150 rounds. Returns whether it is flat. */
static gboolean
report_thirds (GArray *samples,
               guint   total_rounds)
{
  const Memory *start = &g_array_index (samples, Memory, 0);
  double floors[4] = { start->anon_kb / 1024.0, 0, 0, 0 };
  double growth[3];
  guint previous = 0;
  gboolean flat;

  g_print ("server memory by thirds of the rounds (MB: VmRSS / anonymous, its floor over the "
           "last %u s of the third / server.db):\n", FLOOR_SAMPLES);
  g_print ("  start        %6u rounds  %6.1f / %5.1f, %5.1f / %6.1f\n", start->rounds,
           start->rss_kb / 1024.0, start->anon_kb / 1024.0, floors[0], start->db_kb / 1024.0);
  for (guint third = 1; third <= 3; third++)
    {
      guint index = sample_at (samples, total_rounds * third / 3);
      const Memory *at = &g_array_index (samples, Memory, index);

      floors[third] = anon_floor (samples, previous, index) / 1024.0;
      previous = index;
      growth[third - 1] = floors[third] - floors[third - 1];
      g_print ("  end of %u/3   %6u rounds  %6.1f / %5.1f, %5.1f / %6.1f   floor %+.1f MB\n",
               third, at->rounds, at->rss_kb / 1024.0, at->anon_kb / 1024.0, floors[third],
               at->db_kb / 1024.0, growth[third - 1]);
    }
  flat = growth[2] <= MAX (1.0, growth[0] / 4);
  g_print ("server memory: anonymous floor %+.1f MB over the last third of the rounds, "
           "%+.1f MB over the first: %s\n", growth[2], growth[0],
           flat ? "FLAT (levelled off)" : "NOT FLAT (growing with the work done)");
  return flat;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (const double *sorted,
            gsize         n,
            double        p)
{
  gsize index = (gsize) (p * (double) (n - 1) + 0.5);

  return sorted[MIN (index, n - 1)];
}

/* "--data=DIR" or "--database=CONNINFO". */
static char *storage_option;

static void
run_admin (const char *user)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = g_strdup_printf ("%s-pw\n", user);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                              &error, opt_server, storage_option, "user", "add", user,
                              "--role", "rep", "--password-stdin", NULL);
  if (process == NULL
      || !g_subprocess_communicate_utf8 (process, password, NULL, NULL, NULL, &error)
      || !g_subprocess_get_successful (process))
    g_error ("cannot add %s: %s", user, error != NULL ? error->message : "saha-server failed");
}

/* HAProxy on a free loopback port, round robin over @hosts (HOST:PORT each); *url gets
 * its address. */
static GSubprocess *
haproxy_start (const char  *dir,
               char       **hosts,
               char       **url)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GString) config = g_string_new (NULL);
  g_autofree char *path = g_build_filename (dir, "haproxy.cfg", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  guint16 port;

  if (!g_socket_bind (socket, any, FALSE, &error)
      || (bound = g_socket_get_local_address (socket, &error)) == NULL)
    g_error ("no free port: %s", error->message);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  g_string_append_printf (config,
                          "global\n  maxconn 4000\n"
                          "defaults\n  mode http\n  timeout connect 2s\n  timeout client 120s\n"
                          "  timeout server 120s\n  option redispatch\n  retries 3\n"
                          "  retry-on conn-failure empty-response 503\n"
                          "frontend saha\n  bind 127.0.0.1:%u\n  default_backend servers\n"
                          "backend servers\n  balance roundrobin\n", port);
  for (guint i = 0; hosts[i] != NULL; i++)
    g_string_append_printf (config, "  server s%u %s\n", i, hosts[i]);
  if (!g_file_set_contents (path, config->str, -1, &error))
    g_error ("%s", error->message);
  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    process = g_subprocess_launcher_spawn (launcher, &error, "haproxy", "-db", "-q", "-f", path,
                                           NULL);
  }
  if (process == NULL)
    g_error ("cannot start haproxy: %s", error->message);
  g_usleep (500000);
  *url = g_strdup_printf ("http://127.0.0.1:%u", port);
  return process;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- sync load benchmark");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *url = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GSubprocess) haproxy = NULL;
  GSubprocess **servers = NULL;
  g_auto(GStrv) server_urls = NULL;
  SahaTestPostgresql pg = { 0 };
  double load[3] = { 0 };
  g_autoptr(GArray) rss = g_array_new (FALSE, FALSE, sizeof (Memory));
  g_autofree double *all = NULL;
  Client *clients;
  GThread **threads;
  const char *pid;
  gint64 start, elapsed;
  guint errors = 0, n = 0, pending = 0, missing = 0;
  guint64 rss_max = 0, anon_max = 0;
  gboolean flat;
  Memory first, last;
  g_autofree char *db_path = NULL;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_server == NULL)
    opt_server = g_strdup (SAHA_SERVER_PATH);
  if (opt_clients < 1 || opt_rounds < 1 || opt_edits < 1)
    {
      g_printerr ("--clients, --rounds and --edits must be at least 1\n");
      return 2;
    }

  dir = g_dir_make_tmp ("saha-load-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (dir, "server", NULL);
  db_path = g_build_filename (data_dir, "server.db", NULL);
  g_setenv ("SAHA_SERVER_PWHASH", "min", TRUE);

  if (opt_postgresql && opt_database == NULL)
    {
      if (!saha_test_postgresql_start (&pg, &error))
        g_error ("cannot start PostgreSQL: %s", error->message);
      opt_database = g_strdup (pg.conninfo);
    }
  if (opt_servers < 1 || (opt_servers > 1 && opt_database == NULL))
    {
      g_printerr ("--servers N (N > 1) needs --postgresql or --database\n");
      return 2;
    }
  storage_option = opt_database != NULL ? g_strdup_printf ("--database=%s", opt_database)
                                        : g_strdup_printf ("--data=%s", data_dir);
  servers = g_new0 (GSubprocess *, opt_servers);
  server_urls = g_new0 (char *, opt_servers + 1);
  for (int i = 0; i < opt_servers; i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autoptr(GDataInputStream) lines = NULL;

      g_clear_pointer (&line, g_free);
      g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
      servers[i] = g_subprocess_launcher_spawn (launcher, &error, opt_server, storage_option,
                                                "--listen", "127.0.0.1:0", NULL);
      if (servers[i] == NULL)
        g_error ("cannot start %s: %s", opt_server, error->message);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (servers[i]));
      while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL)) != NULL
             && !g_str_has_prefix (line, "listening on "))
        g_clear_pointer (&line, g_free);
      if (line == NULL)
        g_error ("saha-server did not start");
      server_urls[i] = g_strdup (line + strlen ("listening on http://"));
      /* Its output is not read again: it must not block on a full pipe. */
      g_object_set_data_full (G_OBJECT (servers[i]), "lines", g_steal_pointer (&lines),
                              g_object_unref);
    }
  server = g_object_ref (servers[0]);
  if (opt_servers > 1)
    {
      haproxy = haproxy_start (dir, server_urls, &url);
    }
  else
    url = g_strdup_printf ("http://%s", server_urls[0]);
  pid = g_subprocess_get_identifier (server);

  g_print ("bench-load: %d clients x %d rounds x %d edits, %d server(s) on %s%s, %s (pid %s), "
           "%u cores, SAHA_SERVER_PWHASH=min\n",
           opt_clients, opt_rounds, opt_edits, opt_servers,
           opt_database != NULL ? "PostgreSQL" : "SQLite",
           opt_servers > 1 ? " behind HAProxy" : "", url, pid, g_get_num_processors ());

  clients = g_new0 (Client, opt_clients);
  threads = g_new0 (GThread *, opt_clients);
  for (int i = 0; i < opt_clients; i++)
    {
      Client *client = &clients[i];
      g_autofree char *password = NULL;

      client->index = (guint) i;
      client->user = g_strdup_printf ("load-%03d", i);
      client->path = g_strdup_printf ("%s/client-%03d.db", dir, i);
      client->latencies_ms = g_new0 (double, opt_rounds);
      password = g_strdup_printf ("%s-pw", client->user);
      run_admin (client->user);
      if (!saha_sync_login (client->path, url, client->user, password, NULL, &error))
        g_error ("%s: %s", client->user, error->message);
    }

  for (int i = 0; i < opt_clients; i++)
    threads[i] = g_thread_new ("load-client", client_run, &clients[i]);
  g_mutex_lock (&start_lock);
  while (g_atomic_int_get (&clients_ready) < opt_clients)
    g_cond_wait (&start_cond, &start_lock);
  started = TRUE;
  g_cond_broadcast (&start_cond);
  g_mutex_unlock (&start_lock);

  start = g_get_monotonic_time ();
  for (;;)
    {
      Memory memory = server_memory (pid, db_path);

      g_array_append_val (rss, memory);
      rss_max = MAX (rss_max, memory.rss_kb);
      anon_max = MAX (anon_max, memory.anon_kb);
      if (g_atomic_int_get (&clients_done) == opt_clients)
        break;
      /* Sample every second, but do not sleep past the end of the run. */
      for (guint tick = 0; tick < 20 && g_atomic_int_get (&clients_done) < opt_clients; tick++)
        g_usleep (50 * 1000);
    }
  elapsed = g_get_monotonic_time () - start;
  for (int i = 0; i < opt_clients; i++)
    g_thread_join (threads[i]);

  all = g_new (double, (gsize) opt_clients * opt_rounds);
  for (int i = 0; i < opt_clients; i++)
    {
      g_autoptr(SahaStore) store = saha_store_open (clients[i].path, &error);
      SahaStoreStatus status = { 0 };
      guint count = 0;

      g_assert_no_error (error);
      errors += clients[i].errors;
      if (clients[i].first_error != NULL)
        g_print ("client %d: %u errors, first: %s\n", i, clients[i].errors, clients[i].first_error);
      for (int r = 0; r < opt_rounds; r++)
        all[n++] = clients[i].latencies_ms[r];
      /* Everything made is in the replica and accepted by the server. */
      saha_store_get_status (store, &status, &error);
      g_assert_no_error (error);
      saha_store_count (store, "customer", NULL, &count, &error);
      g_assert_no_error (error);
      pending += status.pending;
      if (count != clients[i].customers)
        missing++;
      saha_store_status_clear (&status);
    }
  qsort (all, n, sizeof (double), compare_double);

  g_print ("rounds: %u in %.2f s = %.1f rounds/s\n", n, elapsed / 1e6, n / (elapsed / 1e6));
  g_print ("round latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
           percentile (all, n, 0.50), percentile (all, n, 0.90), percentile (all, n, 0.99),
           all[n - 1]);
  g_print ("errors: %u; records still pending after the last round: %u; replicas with a "
           "wrong record count: %u\n", errors, pending, missing);
  g_print ("server RSS / of which anonymous (MB, one sample per second, the first before "
           "the clients start):");
  for (guint i = 0; i < rss->len; i++)
    g_print ("%s%.1f/%.1f", i % 10 == 0 ? "\n  " : "  ",
             g_array_index (rss, Memory, i).rss_kb / 1024.0,
             g_array_index (rss, Memory, i).anon_kb / 1024.0);
  first = g_array_index (rss, Memory, MIN (1, rss->len - 1));
  last = g_array_index (rss, Memory, rss->len - 1);
  g_print ("\nserver RSS: after 1 s %.1f MB (anonymous %.1f), last %.1f MB (anonymous %.1f), "
           "max %.1f MB (anonymous %.1f)\n",
           first.rss_kb / 1024.0, first.anon_kb / 1024.0, last.rss_kb / 1024.0,
           last.anon_kb / 1024.0, rss_max / 1024.0, anon_max / 1024.0);
  {
    GStatBuf st;

    if (g_stat (db_path, &st) == 0)
      g_print ("server.db: %.1f MB\n", st.st_size / 1048576.0);
  }
  flat = report_thirds (rss, n);
  if (getloadavg (load, 3) == 3)
    g_print ("load average at the end: %.2f %.2f %.2f\n", load[0], load[1], load[2]);

  if (haproxy != NULL)
    {
      g_subprocess_force_exit (haproxy);
      g_subprocess_wait (haproxy, NULL, NULL);
    }
  for (int i = 0; i < opt_servers; i++)
    {
      g_subprocess_send_signal (servers[i], SIGTERM);
      g_subprocess_wait (servers[i], NULL, NULL);
      g_object_unref (servers[i]);
    }
  g_free (servers);
  saha_test_postgresql_stop (&pg);
  for (int i = 0; i < opt_clients; i++)
    {
      g_free (clients[i].user);
      g_free (clients[i].path);
      g_free (clients[i].latencies_ms);
      g_free (clients[i].first_error);
    }
  g_free (clients);
  g_free (threads);
  remove_tree (dir);
  return errors == 0 && pending == 0 && missing == 0 && flat ? 0 : 1;
}
