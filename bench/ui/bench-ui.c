/* bench-ui.c: the app's launch to a customer list of 100,000 (time and RSS) and the
 * longest main-loop stall during a 100,000-record first sync. Prints medians; never
 * asserts. Run under Xvfb: xvfb-run -a dbus-run-session -- BUILDDIR/bench/ui/bench-ui
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* RUSAGE_THREAD */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <execinfo.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "saha-application.h"
#include "saha-customer-list-model.h"
#include "saha-customers-view.h"
#include "saha-sync.h"
#include "saha-window.h"

#define RUNS 3

static void
die_on_error (GError     *error,
              const char *what)
{
  if (error == NULL)
    return;
  g_printerr ("bench-ui: %s: %s\n", what, error->message);
  exit (1);
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* The server stands for a remote machine, which takes no CPU from the app. Here it shares
 * the two cores and is the busiest process of a pull: at the app's priority it competed
 * with the window's main loop as an equal; at the sync threads' priority (nice +10) it
 * gets what the window leaves, as the app's own sync does. */
static void
server_child_setup (gpointer data)
{
  die_with_parent (data);
  (void) !setpriority (PRIO_PROCESS, 0, 10);
}

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
  qsort (values, n, sizeof *values, compare_double);
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;
}

static SahaApplication *
start_app (void)
{
  SahaApplication *app;

  saha_application_setup_i18n ();
  gtk_init ();
  adw_init ();
  app = saha_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, NULL))
    g_error ("cannot register the application");
  return app;
}

/* A customer row is shown: a mapped, non-empty label inside the customer list's rows
 * (a one-column GtkGridView). */
static gboolean
customer_row_shown (GtkWidget *widget,
                    gboolean   in_list)
{
  in_list = in_list || GTK_IS_GRID_VIEW (widget);
  if (in_list && GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget)
      && *gtk_label_get_label (GTK_LABEL (widget)) != '\0')
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (customer_row_shown (child, in_list))
      return TRUE;
  return FALSE;
}

/* ---- child: launch ---------------------------------------------------------------- */

/* With SAHA_BENCH_TRACE_STALLS: the RSS as anonymous memory against mapped files
 * (libraries, fonts). */
static void
trace_rss (void)
{
  g_autofree char *status = NULL;
  const char *from, *to;

  if (g_getenv ("SAHA_BENCH_TRACE_STALLS") == NULL
      || !g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (from = strstr (status, "VmRSS:")) == NULL
      || (to = strstr (from, "VmData:")) == NULL)
    return;
  g_printerr ("%.*s", (int) (to - from), from);
}

/* Opens the window on @db as the app does, and prints the monotonic time at which the
 * first customer rows are on screen, the RSS then, and the RSS once the list has loaded. */
static int
launch_child (const char *db)
{
  SahaApplication *app = start_app ();
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  SahaWindow *window;
  GObject *view;
  SahaCustomerListModel *model;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gint64 shown_at;
  double rss_shown;

  store = saha_store_open (db, &error);
  die_on_error (g_steal_pointer (&error), "opening the replica");
  window = saha_window_new (app, store, NULL);
  gtk_window_present (GTK_WINDOW (window));

  while (!customer_row_shown (GTK_WIDGET (window), FALSE))
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("bench-ui: no customer row after 30 s\n");
          return 1;
        }
      g_main_context_iteration (NULL, TRUE);
    }

  shown_at = g_get_monotonic_time ();
  rss_shown = rss_mb ();
  trace_rss ();

  /* And once the list's worker has read the segments and nothing else is loading: the
   * memory the window keeps, not only what it had when the first rows appeared. */
  view = gtk_widget_get_template_child (GTK_WIDGET (window), SAHA_TYPE_WINDOW, "customers_view");
  model = saha_customers_view_get_model (SAHA_CUSTOMERS_VIEW (view));
  for (gint64 quiet_since = 0; quiet_since == 0 || g_get_monotonic_time () - quiet_since < 500000; )
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("bench-ui: the customer list still loading after 30 s\n");
          return 1;
        }
      if (saha_customer_list_model_get_loading (model))
        quiet_since = 0;
      else if (quiet_since == 0)
        quiet_since = g_get_monotonic_time ();
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_print ("%" G_GINT64_FORMAT " %.1f %.1f\n", shown_at, rss_shown, rss_mb ());
  trace_rss ();
  return 0;
}

/* ---- child: sync stall ------------------------------------------------------------ */

static volatile gint64 watched_tick;  /* the last tick, for the stall watchdog */
static pthread_t main_thread;

typedef struct
{
  gint64   last_tick;
  gint64   max_gap;
  gint64   started_at;
  gint64   last_cpu;     /* the main thread's CPU time at the last tick, µs */
  long     last_nivcsw;  /* its involuntary context switches then */
  long     last_nvcsw;   /* and voluntary ones (waits: X server, locks) */
  gboolean started;
  gboolean done;
} Stall;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
tick (gpointer data)
{
  Stall *stall = data;
  gint64 now = g_get_monotonic_time ();
  gboolean tracing = g_getenv ("SAHA_BENCH_TRACE_STALLS") != NULL;
  gint64 cpu = tracing ? thread_cpu_us () : 0;
  struct rusage usage = { 0 };

  if (tracing)
    getrusage (RUSAGE_THREAD, &usage);
  if (stall->started && stall->last_tick != 0)
    {
      stall->max_gap = MAX (stall->max_gap, now - stall->last_tick);
      /* What a stall is made of: the main thread's own CPU time in it against the
       * wall time; the rest it waited, preempted (involuntary switches: the CPU went
       * to other threads) or blocked (voluntary ones: the X server, a lock). */
      if (tracing && now - stall->last_tick > 30000)
        g_printerr ("---- stall of %.1f ms ended %.2f s into the sync: main thread CPU %.1f ms, "
                    "%ld involuntary and %ld voluntary switches (at %.3f)\n",
                    (now - stall->last_tick) / 1000.0,
                    (now - stall->started_at) / (double) G_USEC_PER_SEC,
                    (cpu - stall->last_cpu) / 1000.0, usage.ru_nivcsw - stall->last_nivcsw,
                    usage.ru_nvcsw - stall->last_nvcsw, now / 1e6);
    }
  stall->last_tick = now;
  stall->last_cpu = cpu;
  stall->last_nivcsw = usage.ru_nivcsw;
  stall->last_nvcsw = usage.ru_nvcsw;
  if (stall->started && !stall->done)
    watched_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
on_running (SahaSyncRunner *runner,
            GParamSpec     *pspec,
            Stall          *stall)
{
  if (saha_sync_runner_get_running (runner))
    {
      stall->started = TRUE;
      stall->started_at = g_get_monotonic_time ();
    }
  else if (stall->started)
    stall->done = TRUE;
}

/* With SAHA_BENCH_TRACE_STALLS set, a watchdog thread interrupts the main thread when
 * it has not ticked for 30 ms (then every 100 ms of the same stall) and the signal
 * handler writes its stack to stderr: what a stall is made of, without a profiler.
 * Resolve the addresses of static functions with addr2line. */

static void
dump_stack (int signum)
{
  void *frames[64];
  int n = backtrace (frames, G_N_ELEMENTS (frames));

  (void) signum;
  (void) !write (STDERR_FILENO, "---- stall stack\n", 17);
  backtrace_symbols_fd (frames, n, STDERR_FILENO);
}

static gpointer
watchdog (gpointer data)
{
  gint64 traced_tick = 0, traced_at = 0;

  for (;;)
    {
      gint64 tick_at = watched_tick, now = g_get_monotonic_time ();

      g_usleep (5000);
      if (tick_at == 0 || now - tick_at < 30000)
        continue;
      if (tick_at == traced_tick && now - traced_at < 100000)
        continue;
      traced_tick = tick_at;
      traced_at = now;
      pthread_kill (main_thread, SIGUSR1);
    }
  return NULL;
}

/* Frames: how much of a stall is GTK's layout and drawing of one frame. */
static gint64 frame_began;

static void
frame_before_paint (GdkFrameClock *clock)
{
  frame_began = g_get_monotonic_time ();
}

static void
frame_after_paint (GdkFrameClock *clock,
                   Stall         *stall)
{
  gint64 now = g_get_monotonic_time ();

  if (stall->started && !stall->done && now - frame_began > 10000)
    g_printerr ("---- frame of %.1f ms ended %.2f s into the sync (at %.3f)\n",
                (now - frame_began) / 1000.0,
                (now - stall->started_at) / (double) G_USEC_PER_SEC, now / 1e6);
}

static void
start_stall_tracing (GtkWidget *window,
                     Stall     *stall)
{
  void *warm[1];
  GdkFrameClock *clock;

  if (g_getenv ("SAHA_BENCH_TRACE_STALLS") == NULL)
    return;
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (frame_before_paint), NULL);
  g_signal_connect (clock, "after-paint", G_CALLBACK (frame_after_paint), stall);
  /* backtrace() loads libgcc on first use: not inside a signal handler. */
  backtrace (warm, 1);
  main_thread = pthread_self ();
  signal (SIGUSR1, dump_stack);
  g_thread_unref (g_thread_new ("stall-watchdog", watchdog, NULL));
}

/* The window on the signed-in, empty @db, Sync now, and a 5 ms timer that notes the
 * longest gap between its ticks until the sync ends; prints that gap (ms), the records
 * pulled and the seconds the sync took. */
static int
stall_child (const char *db)
{
  SahaApplication *app = start_app ();
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  SahaWindow *window;
  SahaSyncRunner *runner;
  Stall stall = { 0 };
  gint64 start;
  SahaStoreStatus status = { 0 };
  guint count = 0;
  SahaQuery query = { 0 };

  store = saha_store_open (db, &error);
  die_on_error (g_steal_pointer (&error), "opening the replica");
  window = saha_window_new (app, store, NULL);
  gtk_window_present (GTK_WINDOW (window));
  /* Let the window settle on screen first: its own start-up is not the sync's stall. */
  for (gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC; g_get_monotonic_time () < until; )
    g_main_context_iteration (NULL, FALSE);

  start_stall_tracing (GTK_WIDGET (window), &stall);
  runner = saha_window_get_sync_runner (window);
  g_signal_connect (runner, "notify::running", G_CALLBACK (on_running), &stall);
  g_timeout_add (5, tick, &stall);
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL);
  while (!stall.done)
    {
      if (!stall.started && g_get_monotonic_time () - start > 10 * G_USEC_PER_SEC)
        {
          g_printerr ("bench-ui: the sync did not start\n");
          return 1;
        }
      g_main_context_iteration (NULL, TRUE);
    }

  watched_tick = 0;
  saha_store_count (store, "customer", &query, &count, NULL);
  saha_store_get_status (store, &status, NULL);
  saha_store_status_clear (&status);
  g_print ("%.1f %u %.1f\n", stall.max_gap / 1000.0, count,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  return 0;
}

/* ---- parent ------------------------------------------------------------------------ */

/* rm -r @file; takes the reference. */
static void
remove_tree (GFile *file)
{
  g_autoptr(GFile) owned = file;
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL
         && g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
    if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
      remove_tree (g_object_ref (child));
    else
      g_file_delete (child, NULL, NULL);
  g_file_delete (file, NULL, NULL);
}

static char *
run_child (const char  *self_path,
           const char  *mode,
           const char  *db,
           gint64      *spawned_at)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  *spawned_at = g_get_monotonic_time ();
  child = g_subprocess_launcher_spawn (launcher, &error, self_path, mode, db, NULL);
  die_on_error (g_steal_pointer (&error), "starting the app");
  g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
  die_on_error (g_steal_pointer (&error), "running the app");
  if (!g_subprocess_get_successful (child))
    {
      g_printerr ("bench-ui: the %s run failed\n", mode);
      exit (1);
    }
  return out;
}

int
main (int   argc,
      char *argv[])
{
  const char *server_path = g_getenv ("SAHA_SERVER");
  g_autofree char *self_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  g_autofree char *url = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *last_db = NULL;
  double stall_ms[RUNS], sync_s[RUNS], launch_ms[RUNS], rss[RUNS], rss_settled[RUNS];
  guint pulled = 0;
  int customers = 100000;

  setlocale (LC_ALL, "");
  /* The build's schema and translations: the bench runs the app uninstalled. */
  g_setenv ("GSETTINGS_SCHEMA_DIR", SAHA_SCHEMA_DIR, FALSE);
  /* Xvfb has no GPU: GL there is Mesa's software rasteriser, whose frames cost hundreds
   * of milliseconds and 80 MB on their own and measure the rasteriser, not the app.
   * Cairo draws only what changed. GSK_RENDERER=gl in the environment still wins. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("SAHA_LOCALEDIR", SAHA_PO_DIR, FALSE);
  if (argc == 3 && strcmp (argv[1], "--launch-child") == 0)
    return launch_child (argv[2]);
  if (argc == 3 && strcmp (argv[1], "--stall-child") == 0)
    return stall_child (argv[2]);
  if (argc == 2)
    customers = atoi (argv[1]);

  /* The children run this binary with a mode. */
  self_path = g_file_read_link ("/proc/self/exe", &error);
  die_on_error (g_steal_pointer (&error), "finding myself");
  if (server_path == NULL)
    server_path = SAHA_SERVER_PATH;
  /* The children keep their tokens in files, whatever the desktop runs. */
  g_setenv ("SAHA_NO_KEYRING", "1", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);

  dir = g_dir_make_tmp ("saha-bench-ui-XXXXXX", &error);
  die_on_error (g_steal_pointer (&error), "making a temporary directory");
  data = g_build_filename (dir, "server", NULL);

  {
    g_autofree char *n = g_strdup_printf ("%d", customers);
    g_autoptr(GSubprocess) demo = NULL;
    gint64 t0 = g_get_monotonic_time ();

    demo = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, server_path, "--data",
                             data, "demo", "--customers", n, NULL);
    die_on_error (g_steal_pointer (&error), "seeding the demo data");
    g_subprocess_wait_check (demo, NULL, &error);
    die_on_error (g_steal_pointer (&error), "seeding the demo data");
    g_print ("Saha UI benchmark: demo data with %d customers seeded in %.1f s\n", customers,
             (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC);
  }
  {
    g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

    g_subprocess_launcher_set_child_setup (launcher, server_child_setup, NULL, NULL);
    server = g_subprocess_launcher_spawn (launcher, &error, server_path, "--data", data,
                                          "--listen", "127.0.0.1:0", NULL);
    die_on_error (g_steal_pointer (&error), "starting saha-server");
  }
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL
         && !g_str_has_prefix (line, "listening on "))
    g_clear_pointer (&line, g_free);
  if (line == NULL)
    die_on_error (g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "no listening line"),
                  "starting saha-server");
  url = g_strdup (line + strlen ("listening on "));

  /* (b) A first sync of everything into an empty replica, as the office sees it. */
  for (guint run = 0; run < RUNS; run++)
    {
      g_autofree char *db = g_strdup_printf ("%s/replica-%u.db", dir, run);
      g_autofree char *out = NULL;
      gint64 spawned_at;
      guint count = 0;

      if (!saha_sync_login (db, url, "demo-office", "demo", NULL, &error))
        die_on_error (g_steal_pointer (&error), "signing in");
      out = run_child (self_path, "--stall-child", db, &spawned_at);
      if (sscanf (out, "%lf %u %lf", &stall_ms[run], &count, &sync_s[run]) != 3)
        die_on_error (g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "bad output: %s", out),
                      "the sync run");
      pulled = count;
      g_print ("  sync run %u: %u customers in %.1f s, longest main-loop stall %.1f ms\n",
               run + 1, count, sync_s[run], stall_ms[run]);
      g_free (last_db);
      last_db = g_steal_pointer (&db);
    }

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);

  /* (a) Launch on the replica the last sync filled; one launch first so that every
   * measured one finds the file in the page cache, as a second start of the day does. */
  {
    gint64 ignored;

    g_free (run_child (self_path, "--launch-child", last_db, &ignored));
  }
  for (guint run = 0; run < RUNS; run++)
    {
      g_autofree char *out = NULL;
      gint64 spawned_at = 0;
      gint64 shown_at;

      out = run_child (self_path, "--launch-child", last_db, &spawned_at);
      if (sscanf (out, "%" G_GINT64_FORMAT " %lf %lf", &shown_at, &rss[run], &rss_settled[run]) != 3)
        die_on_error (g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "bad output: %s", out),
                      "the launch run");
      launch_ms[run] = (shown_at - spawned_at) / 1000.0;
      g_print ("  launch run %u: first customer rows shown %.0f ms after start, RSS %.1f MB "
               "(%.1f MB once loaded)\n", run + 1, launch_ms[run], rss[run], rss_settled[run]);
    }

  g_print ("median of %d runs with %u customers:\n", RUNS, pulled);
  g_print ("  launch to customer list shown   %8.0f ms   (target <= 1000)\n",
           median (launch_ms, RUNS));
  g_print ("  RSS with the list shown         %8.1f MB   (target <= 200)\n", median (rss, RUNS));
  g_print ("  RSS once the list has loaded    %8.1f MB\n", median (rss_settled, RUNS));
  g_print ("  longest main-loop stall, sync   %8.1f ms   (target <= 50)\n",
           median (stall_ms, RUNS));
  g_print ("  first sync duration             %8.1f s\n", median (sync_s, RUNS));

  /* A run with 100,000 customers leaves two gigabytes behind otherwise. */
  remove_tree (g_file_new_for_path (dir));
  return 0;
}
