/* bench-sync.c: initial sync, incremental pull and push over loopback, against raw SQLite.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "saha-store.h"
#include "saha-sync.h"
#include "test-postgresql.h"

/*
 * bench-sync [--customers N] [--runs R] [--server PATH] [--postgresql]
 *
 * --postgresql serves from a private PostgreSQL cluster (tests/test-postgresql.h, fsync
 * off like the tests) instead of the server's SQLite file.
 * Starts a saha-server on 127.0.0.1 (port 0) with a temporary data directory, seeds it
 * through a seeding client with N customers and N orders (default 100,000 each), then,
 * R times (default 3), measures in a fresh child process:
 *   initial      a full sync of a new replica (office: receives everything)
 *   incremental  a sync that pulls 1,000 records changed by another replica
 *   push         a sync that pushes 1,000 local edits (and pulls their merged echo)
 * and prints the medians: records/s, wall time, the client's peak RSS (getrusage) and the
 * server's (VmHWM, reset before each run through /proc/PID/clear_refs), and the ratio to
 * inserting the same rows into a plain SQLite table in one transaction; then the CPU
 * seconds the client and the server spent on it (medians, then every run): on a loaded
 * machine wall time mostly measures the load, CPU time the work.
 *
 * Child modes (used by the parent): bench-sync --child MODE URL DB [N]
 */

#define PASSWORD "bench-pw"
#define N_CHANGES 1000

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

static long
self_peak_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* CPU seconds (user + system) this process has used: unlike wall time, this does not
 * depend on what else the machine is running. */
static double
self_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* The same for another process, from /proc/PID/stat (utime and stime, in clock ticks). */
static double
process_cpu_seconds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *text = NULL;
  unsigned long utime = 0, stime = 0;
  const char *after_name;

  if (!g_file_get_contents (path, &text, NULL, NULL)
      || (after_name = strrchr (text, ')')) == NULL
      || sscanf (after_name + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                 &utime, &stime) != 2)
    return 0;
  return (double) (utime + stime) / sysconf (_SC_CLK_TCK);
}

static long
process_hwm_kb (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *text = NULL;
  const char *line;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  line = strstr (text, "VmHWM:");
  return line != NULL ? strtol (line + 6, NULL, 10) : -1;
}

static void
reset_hwm (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/clear_refs", (int) pid);

  /* "5" resets the peak RSS counter (Linux >= 4.0); best effort. */
  g_file_set_contents (path, "5", 1, NULL);
}

static void
die_on_error (GError *error,
              const char *doing)
{
  if (error != NULL)
    {
      g_printerr ("bench-sync: %s: %s\n", doing, error->message);
      exit (1);
    }
}

/* The server must not outlive a benchmark that dies. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* ---- child modes ------------------------------------------------------------------ */

static SahaStore *
open_store (const char *db)
{
  GError *error = NULL;
  SahaStore *store = saha_store_open (db, &error);

  die_on_error (error, "opening the replica");
  return store;
}

static void
login (const char *url,
       const char *db)
{
  GError *error = NULL;

  saha_sync_login (db, url, "bench-office", PASSWORD, NULL, &error);
  die_on_error (error, "signing in");
}

static SahaSyncResult *
sync_once (const char *db,
           gint64     *elapsed_us)
{
  g_autoptr(SahaSyncEngine) engine = saha_sync_engine_new (db);
  GError *error = NULL;
  gint64 start = now_us ();
  SahaSyncResult *result;

  if (g_getenv ("BENCH_PAGE_SIZE") != NULL)
    saha_sync_engine_set_page_size (engine, (guint) atoi (g_getenv ("BENCH_PAGE_SIZE")));
  result = saha_sync_engine_sync (engine, NULL, &error);
  die_on_error (error, "syncing");
  *elapsed_us = now_us () - start;
  return result;
}

/* Seeds @n customers and @n orders through a replica, then syncs them up. */
static int
child_seed (const char *url,
            const char *db,
            guint       n)
{
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(SahaSyncResult) result = NULL;
  GError *error = NULL;
  gint64 elapsed;

  login (url, db);
  store = open_store (db);
  saha_store_begin (store, &error);
  die_on_error (error, "begin");
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Müşteri %06u Ticaret", i);
      g_autofree char *phone = g_strdup_printf ("+90 212 %03u %04u", i % 1000, i % 10000);
      SahaFieldInput customer[] = {
        { "name", name }, { "kind", i % 3 ? "company" : "person" }, { "city", "İstanbul" },
        { "phone", phone }, { "assigned_to", i % 2 ? "bench-rep" : "bench-office" },
        { "credit_limit", "25000.00" },
      };
      g_autofree char *id = saha_store_create (store, "customer", customer,
                                               G_N_ELEMENTS (customer), &error);
      SahaFieldInput order[] = {
        { "customer", id }, { "status", "confirmed" }, { "notes", "Bench order" },
      };
      g_autofree char *order_id = NULL;

      die_on_error (error, "creating a customer");
      order_id = saha_store_create (store, "order", order, G_N_ELEMENTS (order), &error);
      die_on_error (error, "creating an order");
    }
  saha_store_commit (store, &error);
  die_on_error (error, "commit");
  g_clear_object (&store);

  result = sync_once (db, &elapsed);
  g_printerr ("seeded %u records in %.1f s\n", result->pushed, elapsed / 1e6);
  return 0;
}

/* Edits @n customers of the replica (offline, not timed). */
static void
edit_customers (const char *db,
                guint       n,
                const char *tag)
{
  g_autoptr(SahaStore) store = open_store (db);
  SahaQuery query = { .limit = n };
  g_autoptr(GPtrArray) customers = NULL;
  GError *error = NULL;
  guint count = 0;

  saha_store_count (store, "customer", NULL, &count, &error);
  die_on_error (error, "counting customers");
  query.offset = count > n ? (guint) g_random_int_range (0, count - n) : 0;
  customers = saha_store_list (store, "customer", &query, &error);
  die_on_error (error, "listing customers");
  saha_store_begin (store, &error);
  die_on_error (error, "begin");
  for (guint i = 0; i < customers->len; i++)
    {
      g_autofree char *notes = g_strdup_printf ("%s %u %u", tag, i, g_random_int ());
      SahaFieldInput input = { "notes", notes };

      saha_store_update (store, "customer", saha_record_get_id (customers->pdata[i]),
                         &input, 1, &error);
      die_on_error (error, "editing a customer");
    }
  saha_store_commit (store, &error);
  die_on_error (error, "commit");
}

/* Prints "<records> <seconds> <peak rss kb> <cpu seconds>" for the parent. */
static int
child_measure (const char *mode,
               const char *url,
               const char *db)
{
  g_autoptr(SahaSyncResult) result = NULL;
  gint64 elapsed = 0;
  guint records;
  double cpu_before = self_cpu_seconds ();

  if (g_str_equal (mode, "initial"))
    {
      login (url, db);
      result = sync_once (db, &elapsed);
      records = result->pulled;
    }
  else if (g_str_equal (mode, "incremental"))
    {
      result = sync_once (db, &elapsed);
      records = result->pulled;
    }
  else if (g_str_equal (mode, "edit"))
    {
      edit_customers (db, N_CHANGES, "edit");
      return 0;
    }
  else if (g_str_equal (mode, "edit-and-push"))
    {
      edit_customers (db, N_CHANGES, "push");
      cpu_before = self_cpu_seconds ();
      result = sync_once (db, &elapsed);
      records = result->pushed;
    }
  else
    return 2;
  g_print ("RESULT %u %.6f %ld %.3f\n", records, elapsed / 1e6, self_peak_rss_kb (),
           self_cpu_seconds () - cpu_before);
  return 0;
}

/* ---- parent ----------------------------------------------------------------------- */

typedef struct
{
  double records;
  double seconds;
  double client_kb;
  double server_kb;
  double client_cpu;
  double server_cpu;
} Sample;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, (int (*) (const void *, const void *)) compare_double);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static const char *self_path;

static char *
run_child (const char * const *args,
           gboolean            want_output)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) child = NULL;
  GError *error = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (char *) self_path);
  g_ptr_array_add (argv, (char *) "--child");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  child = g_subprocess_newv ((const char * const *) argv->pdata,
                             G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  die_on_error (error, "starting a child");
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  die_on_error (error, "running a child");
  if (!g_subprocess_get_successful (child))
    {
      g_printerr ("bench-sync: child %s failed\n", args[0]);
      exit (1);
    }
  return want_output ? out : (g_free (out), NULL);
}

static void
measure (const char *mode,
         const char *url,
         const char *db,
         GPid        server_pid,
         Sample     *sample)
{
  const char *args[] = { mode, url, db, NULL };
  g_autofree char *out = NULL;
  const char *result;
  long client_kb = 0;
  double server_cpu;

  reset_hwm (server_pid);
  server_cpu = process_cpu_seconds (server_pid);
  out = run_child (args, TRUE);
  sample->server_cpu = process_cpu_seconds (server_pid) - server_cpu;
  /* Debug logging (G_MESSAGES_DEBUG) shares stdout: find the result line. */
  result = strstr (out, "RESULT ");
  if (result == NULL
      || sscanf (result, "RESULT %lf %lf %ld %lf", &sample->records, &sample->seconds, &client_kb,
                 &sample->client_cpu) != 4)
    {
      g_printerr ("bench-sync: unexpected child output: %s\n", out);
      exit (1);
    }
  sample->client_kb = client_kb;
  sample->server_kb = process_hwm_kb (server_pid);
}

/* Inserting the same number of rows of similar size into a plain table: the floor. */
static double
raw_sqlite_seconds (const char *dir,
                    guint       n_rows)
{
  g_autofree char *path = g_build_filename (dir, "raw.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start;

  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                "CREATE TABLE t (id TEXT PRIMARY KEY, name TEXT, city TEXT, state TEXT)",
                NULL, NULL, NULL);
  start = now_us ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO t VALUES (?, ?, ?, ?)", -1, &stmt, NULL);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *name = g_strdup_printf ("Müşteri %06u Ticaret", i);

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, "İstanbul", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, "{\"vv\":{\"r-0123456789abcdef\":1},\"registers\":{}}", -1,
                         SQLITE_STATIC);
      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close (db);
  return (now_us () - start) / 1e6;
}

static void
print_row (const char *name,
           Sample     *samples,
           guint       runs,
           double      raw_rate)
{
  g_autofree double *rate = g_new (double, runs);
  g_autofree double *wall = g_new (double, runs);
  g_autofree double *client = g_new (double, runs);
  g_autofree double *server = g_new (double, runs);
  g_autofree double *client_cpu = g_new (double, runs);
  g_autofree double *server_cpu = g_new (double, runs);
  double median_rate;

  for (guint i = 0; i < runs; i++)
    {
      rate[i] = samples[i].records / samples[i].seconds;
      wall[i] = samples[i].seconds;
      client[i] = samples[i].client_kb / 1024.0;
      server[i] = samples[i].server_kb / 1024.0;
      client_cpu[i] = samples[i].client_cpu;
      server_cpu[i] = samples[i].server_cpu;
    }
  median_rate = median (rate, runs);
  g_print ("%-12s %8.0f rec %10.0f rec/s %9.1f ms  client %6.1f MB  server %6.1f MB  "
           "raw SQLite x%.1f\n",
           name, samples[0].records, median_rate, median (wall, runs) * 1000,
           median (client, runs), median (server, runs), raw_rate / median_rate);
  g_print ("%-12s cpu: client %.2f s, server %.2f s (median; load-independent)\n", "",
           median (client_cpu, runs), median (server_cpu, runs));
  for (guint i = 0; i < runs; i++)
    g_print ("%-12s run %u: %.1f ms, client cpu %.2f s, server cpu %.2f s\n", "", i + 1,
             samples[i].seconds * 1000, samples[i].client_cpu, samples[i].server_cpu);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  g_autofree char *url = NULL;
  g_autofree char *seed_db = NULL;
  g_autofree char *server_path = g_strdup (SAHA_SERVER_PATH);
  g_autofree Sample *initial = NULL;
  g_autofree Sample *incremental = NULL;
  g_autofree Sample *push = NULL;
  g_autofree char *line = NULL;
  char n_text[32];
  int customers = 100000;
  int runs = 3;
  gboolean postgresql = FALSE;
  SahaTestPostgresql pg = { 0 };
  g_autofree char *storage = NULL;
  GPid pid;
  double raw_rate;
  const GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT, &customers, "Customers (and orders) to seed", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per measurement (median)", "R" },
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server_path, "The saha-server binary", "PATH" },
    { "postgresql", 0, 0, G_OPTION_ARG_NONE, &postgresql, "Serve from a private PostgreSQL cluster", NULL },
    { NULL }
  };

  self_path = argv[0];
  if (argc >= 5 && g_str_equal (argv[1], "--child"))
    {
      if (g_str_equal (argv[2], "seed"))
        return child_seed (argv[3], argv[4], argc > 5 ? (guint) atoi (argv[5]) : 1000);
      return child_measure (argv[2], argv[3], argv[4]);
    }

  context = g_option_context_new ("- Saha sync benchmark");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die_on_error (g_steal_pointer (&error), "options");
  runs = CLAMP (runs, 1, 15);

  dir = g_dir_make_tmp ("saha-bench-sync-XXXXXX", &error);
  die_on_error (error, "making a temporary directory");
  data = g_build_filename (dir, "server", NULL);
  g_mkdir_with_parents (data, 0700);
  if (postgresql)
    {
      if (!saha_test_postgresql_start (&pg, &error))
        die_on_error (g_steal_pointer (&error), "starting PostgreSQL");
      storage = g_strdup_printf ("--database=%s", pg.conninfo);
    }
  else
    storage = g_strdup_printf ("--data=%s", data);

  /* Users, then the server. */
  {
    const char *roles[][2] = { { "bench-office", "office" }, { "bench-rep", "rep" } };

    for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
      {
        g_autoptr(GSubprocess) admin = NULL;

        admin = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, server_path, storage,
                                  "user", "add", roles[i][0], "--role", roles[i][1],
                                  "--password-stdin", NULL);
        die_on_error (error, "adding a user");
        g_subprocess_communicate_utf8 (admin, PASSWORD "\n", NULL, NULL, NULL, &error);
        die_on_error (error, "adding a user");
      }
  }
  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

    g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
    server = g_subprocess_launcher_spawn (launcher, &error, server_path, storage,
                                          "--listen", "127.0.0.1:0", NULL);
  }
  die_on_error (error, "starting saha-server");
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL
         && !g_str_has_prefix (line, "listening on "))
    g_clear_pointer (&line, g_free);
  if (line == NULL)
    die_on_error (g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "no listening line"), "starting saha-server");
  url = g_strdup (line + strlen ("listening on "));
  pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (server), NULL, 10);

  g_print ("Saha sync benchmark: %d customers + %d orders, %d runs, server %s on %s\n",
           customers, customers, runs, url, postgresql ? "PostgreSQL" : "SQLite");
  seed_db = g_build_filename (dir, "seed.db", NULL);
  g_snprintf (n_text, sizeof n_text, "%d", customers);
  {
    const char *args[] = { "seed", url, seed_db, n_text, NULL };
    gint64 start = now_us ();

    run_child (args, FALSE);
    g_print ("seeding took %.1f s\n", (now_us () - start) / 1e6);
  }

  initial = g_new0 (Sample, runs);
  incremental = g_new0 (Sample, runs);
  push = g_new0 (Sample, runs);
  for (int r = 0; r < runs; r++)
    {
      g_autofree char *name = g_strdup_printf ("replica-%d.db", r);
      g_autofree char *db = g_build_filename (dir, name, NULL);
      const char *edit[] = { "edit", url, seed_db, NULL };

      measure ("initial", url, db, pid, &initial[r]);
      run_child (edit, FALSE);
      {
        const char *seed_push[] = { "incremental", url, seed_db, NULL };

        run_child (seed_push, FALSE);
      }
      measure ("incremental", url, db, pid, &incremental[r]);
      measure ("edit-and-push", url, db, pid, &push[r]);
    }

  raw_rate = 2.0 * customers / raw_sqlite_seconds (dir, 2 * customers);
  g_print ("raw SQLite insert: %.0f rows/s\n", raw_rate);
  print_row ("initial", initial, runs, raw_rate);
  print_row ("incremental", incremental, runs, raw_rate);
  print_row ("push", push, runs, raw_rate);

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  saha_test_postgresql_stop (&pg);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    if (system (cmd) != 0)
      g_printerr ("bench-sync: could not remove %s\n", dir);
  }
  return 0;
}
