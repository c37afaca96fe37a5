/* test-sync-status.c: the header bar's sync state (syncing with progress, synced N minutes
 * ago, changes waiting, offline) against a real saha-server on loopback (runs under Xvfb).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#ifdef __linux__
#include <signal.h>
#include <sys/resource.h>
#endif

#include "saha-application.h"
#include "saha-assign-dialog.h"
#include "saha-customer-list-model.h"
#include "saha-customers-view.h"
#include "saha-store-rejections.h"
#include "saha-store-sync.h"
#include "saha-sync-status.h"
#include "saha-window.h"
#include "sync-fixture.h"

/* Several pull pages of 50, so progress is reported more than once. */
#define N_SERVER_CUSTOMERS 240
#define PAGE_SIZE 50

static SahaApplication *app;

typedef struct
{
  TestServer     *server;
  TestReplica    *office;
  TestReplica    *rep;
  SahaWindow     *window;
  SahaSyncStatus *status;
  GPtrArray      *seen;      /* every text the status showed during a sync */
  double          max_fraction;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaSyncResult) result = NULL;

  fixture->seen = g_ptr_array_new_with_free_func (g_free);
  fixture->server = test_server_start (NULL, 0);
  test_server_add_user (fixture->server, "office", "office");
  test_server_add_user (fixture->server, "ayse", "rep");

  /* The office enters customers for ayse; she gets them on her first sync. */
  fixture->office = test_replica_new (fixture->server, "office");
  g_assert_true (saha_store_begin (fixture->office->store, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < N_SERVER_CUSTOMERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("name=Müşteri %03u", i);

      g_free (test_replica_create (fixture->office, "customer", name, "kind=company",
                                   "assigned_to=ayse", NULL));
    }
  g_assert_true (saha_store_commit (fixture->office->store, &error));
  g_assert_no_error (error);
  result = test_replica_sync_ok (fixture->office);
  g_assert_cmpuint (result->pushed, ==, N_SERVER_CUSTOMERS);

  fixture->rep = test_replica_new (fixture->server, "ayse");
  fixture->window = saha_window_new (app, fixture->rep->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->status = SAHA_SYNC_STATUS (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                     SAHA_TYPE_WINDOW,
                                                                     "sync_status"));
  g_assert_nonnull (fixture->status);

  g_object_set (saha_sync_runner_get_engine (saha_window_get_sync_runner (fixture->window)),
                "page-size", PAGE_SIZE, "max-attempts", 1, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  test_replica_free (fixture->rep);
  test_replica_free (fixture->office);
  test_server_free (fixture->server);
  g_ptr_array_unref (fixture->seen);
}

static void
note_text (Fixture *fixture)
{
  GtkProgressBar *bar = GTK_PROGRESS_BAR (gtk_widget_get_template_child (GTK_WIDGET (fixture->status),
                                                                         SAHA_TYPE_SYNC_STATUS,
                                                                         "progress_bar"));
  const char *text = saha_sync_status_get_text (fixture->status);

  if (fixture->seen->len == 0
      || g_strcmp0 (g_ptr_array_index (fixture->seen, fixture->seen->len - 1), text) != 0)
    g_ptr_array_add (fixture->seen, g_strdup (text));
  if (gtk_widget_get_visible (GTK_WIDGET (bar)))
    fixture->max_fraction = MAX (fixture->max_fraction, gtk_progress_bar_get_fraction (bar));
}

/* Presses Ctrl+R's action and waits for the sync to end, noting what the status said. */
static void
sync_from_window (Fixture *fixture)
{
  SahaSyncRunner *runner = saha_window_get_sync_runner (fixture->window);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  gulong done_id, total_id;

  g_ptr_array_set_size (fixture->seen, 0);
  fixture->max_fraction = 0;
  done_id = g_signal_connect_swapped (runner, "notify::done", G_CALLBACK (note_text), fixture);
  total_id = g_signal_connect_swapped (runner, "notify::total", G_CALLBACK (note_text), fixture);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync", NULL));
  g_assert_true (saha_sync_runner_get_running (runner));
  /* One sync at a time: the button and Ctrl+R are off meanwhile. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                       SAHA_TYPE_WINDOW,
                                                                                       "sync_button"))));
  note_text (fixture);
  while (saha_sync_runner_get_running (runner) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (saha_sync_runner_get_running (runner));

  g_signal_handler_disconnect (runner, done_id);
  g_signal_handler_disconnect (runner, total_id);
}

static gboolean
seen_progress (Fixture *fixture)
{
  for (guint i = 0; i < fixture->seen->len; i++)
    {
      const char *text = g_ptr_array_index (fixture->seen, i);
      guint64 done, total;

      if (sscanf (text, "Syncing… %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT, &done, &total) == 2
          && total > 0 && done <= total)
        return TRUE;
    }
  return FALSE;
}

static void
wait_for_model (SahaCustomerListModel *model)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (saha_customer_list_model_get_loading (model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (saha_customer_list_model_get_loading (model));
}

static void
test_states (Fixture       *fixture,
             gconstpointer  user_data)
{
  SahaSyncRunner *runner = saha_window_get_sync_runner (fixture->window);
  SahaCustomersView *view = SAHA_CUSTOMERS_VIEW (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                 SAHA_TYPE_WINDOW,
                                                                                 "customers_view"));
  SahaCustomerListModel *model = saha_customers_view_get_model (view);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) earlier = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (runner);
  g_assert_cmpstr (saha_sync_status_get_text (fixture->status), ==, "Not synced yet");
  g_assert_cmpstr (saha_sync_status_get_detail (fixture->status), ==, "");

  /* Two customers made here, as a page would after saving. */
  g_free (test_replica_create (fixture->rep, "customer", "name=Işık Elektrik", "kind=company",
                            "assigned_to=ayse", NULL));
  g_free (test_replica_create (fixture->rep, "customer", "name=Çelik Makine", "kind=company",
                            "assigned_to=ayse", NULL));
  saha_sync_runner_set_change_delay (runner, 60 * 1000);
  saha_window_notify_local_change (fixture->window);
  g_assert_cmpstr (saha_sync_status_get_detail (fixture->status), ==, "2 changes waiting");

  sync_from_window (fixture);
  for (guint i = 0; i < fixture->seen->len; i++)
    g_test_message ("status said: %s", (char *) g_ptr_array_index (fixture->seen, i));
  g_assert_true (seen_progress (fixture));
  g_assert_cmpfloat (fixture->max_fraction, >, 0.0);
  g_assert_cmpstr (saha_sync_status_get_text (fixture->status), ==, "Synced just now");
  g_assert_cmpstr (saha_sync_status_get_detail (fixture->status), ==, "");
  /* The list shows what was pulled without anyone reloading it. */
  wait_for_model (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_SERVER_CUSTOMERS + 2);

  /* Three minutes later, the same words a person would read. */
  now = g_date_time_new_now_utc ();
  earlier = g_date_time_add_minutes (now, -3);
  stamp = g_date_time_format_iso8601 (earlier);
  g_assert_true (saha_store_set_setting (fixture->rep->store, "last_sync", stamp, &error));
  g_assert_no_error (error);
  saha_sync_runner_refresh_status (runner);
  g_assert_cmpstr (saha_sync_status_get_text (fixture->status), ==, "Synced 3 minutes ago");

  /* The server goes away: the next sync says so, and the edit waits. */
  g_free (test_replica_create (fixture->rep, "customer", "name=Şahin Market", "kind=company",
                            "assigned_to=ayse", NULL));
  saha_window_notify_local_change (fixture->window);
  test_server_stop (fixture->server, TRUE);
  sync_from_window (fixture);
  g_assert_cmpstr (saha_sync_status_get_text (fixture->status), ==, "Offline");
  g_assert_cmpstr (saha_sync_status_get_detail (fixture->status), ==, "1 change waiting");
  g_assert_false (saha_sync_runner_get_online (runner));

  /* Back again: a sync sends it and the state says so. */
  test_server_restart (fixture->server);
  sync_from_window (fixture);
  g_assert_cmpstr (saha_sync_status_get_text (fixture->status), ==, "Synced just now");
  g_assert_cmpstr (saha_sync_status_get_detail (fixture->status), ==, "");
}

/* Local changes sync on their own after the delay, without anyone pressing Sync. */
static void
test_sync_after_change (Fixture       *fixture,
                        gconstpointer  user_data)
{
  SahaSyncRunner *runner = saha_window_get_sync_runner (fixture->window);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  g_autofree char *id = NULL;
  g_autoptr(SahaRecord) on_server = NULL;
  g_autoptr(SahaSyncResult) result = NULL;

  saha_sync_runner_set_change_delay (runner, 200);
  id = test_replica_create (fixture->rep, "customer", "name=Deniz Turizm", "kind=company",
                            "assigned_to=ayse", NULL);
  saha_window_notify_local_change (fixture->window);
  g_assert_cmpuint (saha_sync_runner_get_pending (runner), ==, 1);

  while ((saha_sync_runner_get_running (runner) || saha_sync_runner_get_pending (runner) > 0)
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (saha_sync_runner_get_pending (runner), ==, 0);

  /* The office sees it: it reached the server. */
  result = test_replica_sync_ok (fixture->office);
  on_server = test_replica_get (fixture->office, "customer", id);
  g_assert_nonnull (on_server);
  g_assert_cmpstr (saha_record_get (on_server, "name"), ==, "Deniz Turizm");
}

static gboolean
list_has (GListModel *model,
          const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), name) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A refused edit discarded from the Conflicts page comes back as the server has it, and a
 * change made meanwhile to another record is still sent. */
static void
test_discard_refetches (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *id = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(SahaSyncResult) result = NULL;
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(GPtrArray) rejections = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *resync = NULL;

  result = test_replica_sync_ok (fixture->rep);
  g_clear_pointer (&result, saha_sync_result_free);
  customers = saha_store_list (fixture->rep->store, "customer", NULL, &error);
  g_assert_no_error (error);
  id = g_strdup (saha_record_get_id (g_ptr_array_index (customers, 0)));

  /* Giving her customer away is not a rep's to do: the server refuses it. */
  test_replica_set (fixture->rep, "customer", id, "assigned_to=mehmet", NULL);
  result = test_replica_sync_ok (fixture->rep);
  g_assert_cmpuint (result->refused, ==, 1);
  g_clear_pointer (&result, saha_sync_result_free);
  rejections = saha_store_sync_list_rejections (fixture->rep->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rejections->len, ==, 1);

  kept = test_replica_create (fixture->rep, "customer", "name=Deniz Turizm", "kind=company",
                              "assigned_to=ayse", NULL);
  g_assert_true (saha_store_discard_rejected (fixture->rep->store, "customer", id, &error));
  g_assert_no_error (error);
  g_assert_null (test_replica_get (fixture->rep, "customer", id));

  result = test_replica_sync_ok (fixture->rep);
  record = test_replica_get (fixture->rep, "customer", id);
  g_assert_nonnull (record);
  g_assert_cmpstr (saha_record_get (record, "assigned_to"), ==, "ayse");
  g_clear_pointer (&record, saha_record_unref);
  resync = saha_store_get_setting (fixture->rep->store, "resync");
  g_assert_null (resync);

  /* The other change reached the server. */
  g_clear_pointer (&result, saha_sync_result_free);
  result = test_replica_sync_ok (fixture->office);
  record = test_replica_get (fixture->office, "customer", kept);
  g_assert_nonnull (record);
}

#ifdef __linux__
/* The nice value of this process's thread named @name, or G_MININT while there is none. */
static int
thread_nice (const char *name)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  g_assert_nonnull (tasks);
  while ((tid = g_dir_read_name (tasks)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *comm = NULL;
      int nice;

      if (!g_file_get_contents (comm_path, &comm, NULL, NULL)
          || g_strcmp0 (g_strchomp (comm), name) != 0)
        continue;
      /* On Linux a thread's nice value is its own, and getpriority() reads it by id. */
      errno = 0;
      nice = getpriority (PRIO_PROCESS, (id_t) g_ascii_strtoull (tid, NULL, 10));
      if (errno == 0)
        return nice;
    }
  return G_MININT;
}

/* The sync's thread yields the CPU to the window's: with two cores, the page feed, the
 * writes and a local server starved the main loop otherwise. */
static void
test_sync_priority (Fixture       *fixture,
                    gconstpointer  user_data)
{
  SahaSyncRunner *runner = saha_window_get_sync_runner (fixture->window);
  int window_nice = getpriority (PRIO_PROCESS, 0);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  int sync_nice = G_MININT;

  /* A server that does not answer yet holds the sync in its thread while we look. */
  g_subprocess_send_signal (fixture->server->process, SIGSTOP);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync", NULL));
  while (sync_nice != MIN (window_nice + 10, 19) && g_get_monotonic_time () < deadline)
    {
      sync_nice = thread_nice ("saha-sync");
      g_usleep (1000);
    }
  g_assert_cmpint (sync_nice, ==, MIN (window_nice + 10, 19));
  /* The window's own thread keeps its priority. */
  g_assert_cmpint (getpriority (PRIO_PROCESS, 0), ==, window_nice);

  g_subprocess_send_signal (fixture->server->process, SIGCONT);
  while (saha_sync_runner_get_running (runner) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (saha_sync_runner_get_running (runner));
  g_assert_cmpstr (saha_sync_status_get_text (fixture->status), ==, "Synced just now");
  /* The thread ends with its sync: it is never reused at the lower priority. */
  while (thread_nice ("saha-sync") != G_MININT && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_cmpint (thread_nice ("saha-sync"), ==, G_MININT);
}
#endif

/* The office's assign picker lists the server's users, and still does with the server gone;
 * the assignment it writes is one the server accepts. */
static void
test_assign (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *id = NULL;
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(SahaSyncResult) result = NULL;
  SahaAssignDialog *dialog;
  GListModel *users;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  /* Reps may not reassign; the office may. */
  g_assert_false (saha_assign_dialog_can_assign (fixture->rep->store));
  g_assert_true (saha_assign_dialog_can_assign (fixture->office->store));

  id = test_replica_create (fixture->office, "customer", "name=Deniz Turizm", "kind=company",
                            "assigned_to=ayse", NULL);
  result = test_replica_sync_ok (fixture->office);
  g_clear_pointer (&result, saha_sync_result_free);

  dialog = saha_assign_dialog_new (NULL, fixture->office->store, "customer", id);
  g_object_ref_sink (dialog);
  users = saha_assign_dialog_get_users (dialog);
  while (!list_has (users, "office") && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (list_has (users, "office"));
  g_assert_true (list_has (users, "ayse"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  test_server_stop (fixture->server, TRUE);
  dialog = saha_assign_dialog_new (NULL, fixture->office->store, "customer", id);
  g_object_ref_sink (dialog);
  /* At once, from the last list. */
  g_assert_true (list_has (saha_assign_dialog_get_users (dialog), "office"));
  saha_assign_dialog_set_user (dialog, "mehmet");
  g_assert_true (saha_assign_dialog_assign (dialog));
  g_object_unref (dialog);

  record = test_replica_get (fixture->office, "customer", id);
  g_assert_cmpstr (saha_record_get (record, "assigned_to"), ==, "mehmet");

  test_server_restart (fixture->server);
  result = test_replica_sync_ok (fixture->office);
  g_assert_cmpuint (result->pushed, ==, 1);
  g_assert_cmpuint (result->refused, ==, 0);
}

/* GTK tells an SVG icon by the MIME database, which isolated directories would hide. */
static void
keep_mime_database (void)
{
  const char *data_dirs = g_getenv ("XDG_DATA_DIRS");
  g_auto(GStrv) dirs = g_strsplit (data_dirs != NULL && *data_dirs != '\0'
                                   ? data_dirs : "/usr/local/share:/usr/share", ":", -1);
  g_autoptr(GStrvBuilder) mime_dirs = g_strv_builder_new ();
  g_auto(GStrv) mime = NULL;

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (dirs[i], "mime", NULL);

      g_strv_builder_add (mime_dirs, dir);
    }
  mime = g_strv_builder_end (mime_dirs);
  g_content_type_set_mime_dirs ((const char * const *) mime);
}

/* The app opened on a signed-in replica syncs once by itself when the server answers: the
 * technician does not start the day on "Synced 7 minutes ago". */
static void
test_sync_at_launch (Fixture       *fixture,
                     gconstpointer  user_data)
{
  SahaSyncRunner *runner = saha_window_get_sync_runner (fixture->window);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint count = 0;
  SahaQuery query = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_null (saha_sync_runner_get_last_sync (runner));
  saha_window_sync_at_launch (fixture->window);
  g_assert_true (saha_sync_runner_get_running (runner));
  while (saha_sync_runner_get_running (runner) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (saha_sync_runner_get_running (runner));
  g_assert_nonnull (saha_sync_runner_get_last_sync (runner));
  g_assert_true (saha_store_count (fixture->rep->store, "customer", &query, &count, &error));
  g_assert_cmpuint (count, ==, N_SERVER_CUSTOMERS);
  g_assert_cmpstr (saha_sync_status_get_text (fixture->status), ==, "Synced just now");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  keep_mime_database ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* GSETTINGS_SCHEMA_DIR holds only Saha's schema; GNOME's proxy settings are not there. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  saha_application_setup_i18n ();
  g_setenv ("LANGUAGE", "en", TRUE);
  gtk_init ();
  adw_init ();

  app = saha_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add ("/app/sync-status/states", Fixture, NULL,
              fixture_set_up, test_states, fixture_tear_down);
  g_test_add ("/app/sync-status/sync-after-change", Fixture, NULL,
              fixture_set_up, test_sync_after_change, fixture_tear_down);
#ifdef __linux__
  g_test_add ("/app/sync-status/priority", Fixture, NULL,
              fixture_set_up, test_sync_priority, fixture_tear_down);
#endif
  g_test_add ("/app/conflicts/discard-refetches", Fixture, NULL,
              fixture_set_up, test_discard_refetches, fixture_tear_down);
  g_test_add ("/app/assign/users", Fixture, NULL,
              fixture_set_up, test_assign, fixture_tear_down);
  g_test_add ("/app/sync-status/at-launch", Fixture, NULL,
              fixture_set_up, test_sync_at_launch, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
