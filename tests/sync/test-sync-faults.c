/* test-sync-faults.c: server and client killed mid-sync; the next sync loses and duplicates nothing.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include "sync-fixture.h"

/* Big enough that a sync takes a few hundred milliseconds on loopback, so a kill after a
 * short random delay usually lands inside it. */
#define FULL_RECORDS 4000

/* Scaled down under memcheck (test_scale()), where syncing even half of them takes
 * minutes. At least 2,000, so that a push still takes two batches of the engine (1,000
 * records each) and a kill armed after the first lands in the second. */
static guint
n_records (void)
{
  /* Even, so that the client-killed test's halves add up to it. */
  return MAX (2000, (guint) (FULL_RECORDS * test_scale ())) & ~1u;
}

typedef TestServerFixture Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = test_server_start_with_users ("rep-a", "rep", "office", "office", NULL);
}

typedef struct
{
  gboolean        finished;
  SahaSyncResult *result;
  GError         *error;
  SahaSyncPhase   kill_phase;
  gint64          kill_at;      /* 0 until the phase has made progress */
  guint           delay_ms;
} AsyncSync;

static void
sync_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncSync *state = user_data;

  state->result = saha_sync_engine_sync_finish (SAHA_SYNC_ENGINE (source), result,
                                                &state->error);
  state->finished = TRUE;
}

/* Arms the kill once the phase has done its first batch or page, so that it lands in
 * the middle of it whatever the machine's speed. */
static void
on_progress (SahaSyncEngine *engine,
             guint           phase,
             guint64         done,
             guint64         total,
             gpointer        user_data)
{
  AsyncSync *state = user_data;

  if (state->kill_at == 0 && phase == state->kill_phase && done > 0)
    state->kill_at = g_get_monotonic_time () + state->delay_ms * 1000;
}

/* Runs a sync of @replica in the engine's worker thread and SIGKILLs the server a random
 * moment into @phase. */
static void
sync_and_kill_server (Fixture       *fixture,
                      TestReplica   *replica,
                      SahaSyncPhase  phase)
{
  g_autoptr(SahaSyncEngine) engine = saha_sync_engine_new (replica->path);
  AsyncSync state = { 0 };
  gboolean killed = FALSE;

  state.kill_phase = phase;
  state.delay_ms = (guint) g_test_rand_int_range (0, 40);
  saha_sync_engine_set_max_attempts (engine, 1);
  /* Scaled down, pages small enough that the pull still takes several (at full size, the
   * engine's own), so that a kill armed after the first page lands inside the pull. */
  if (n_records () < FULL_RECORDS)
    saha_sync_engine_set_page_size (engine, n_records () / 4);
  g_signal_connect (engine, "progress", G_CALLBACK (on_progress), &state);
  saha_sync_engine_sync_async (engine, NULL, sync_done, &state);
  while (!state.finished)
    {
      if (!killed && state.kill_at != 0 && g_get_monotonic_time () >= state.kill_at)
        {
          test_server_stop (fixture->server, TRUE);
          killed = TRUE;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
  g_test_message ("server killed %u ms into the phase: sync %s", state.delay_ms,
                  state.error != NULL ? state.error->message : "had finished");
  g_clear_pointer (&state.result, saha_sync_result_free);
  if (state.error != NULL)
    g_assert_error (state.error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_NETWORK);
  g_clear_error (&state.error);
  test_server_restart (fixture->server);
}

static void
test_server_killed_mid_pull (Fixture       *fixture,
                             gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");

  test_replica_create_many (office, n_records (), "Pull", "rep-a", NULL);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (office);
    g_assert_cmpuint (result->pushed, ==, n_records ());
  }

  sync_and_kill_server (fixture, rep, SAHA_SYNC_PHASE_PULL);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (rep);
  }
  test_replica_assert_converged (rep);
  test_replica_assert_converged (office);

  test_replica_free (office);
  test_replica_free (rep);
}

static void
test_server_killed_mid_push (Fixture       *fixture,
                             gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  g_autoptr(GHashTable) view = NULL;

  test_replica_create_many (office, n_records (), "Push", "rep-a", NULL);
  sync_and_kill_server (fixture, office, SAHA_SYNC_PHASE_PUSH);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (office);
  }
  test_replica_assert_converged (office);
  view = test_server_view (fixture->server, "office");
  g_assert_cmpuint (g_hash_table_size (view), ==, n_records ());

  test_replica_free (office);
}

static void
test_client_killed_mid_sync (Fixture       *fixture,
                             gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GHashTable) view = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("SAHA_CLI") == NULL)
    {
      g_test_skip ("saha-cli is not built");
      test_replica_free (office);
      test_replica_free (rep);
      return;
    }

  /* The server has records for rep-a to pull, and rep-a has its own to push. */
  test_replica_create_many (office, n_records () / 2, "Office", "rep-a", NULL);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (office);
  }
  test_replica_create_many (rep, n_records () / 2, "Rep", "rep-a", NULL);

  /* Killed three times at random moments (push, pull or in between); each run resumes
   * what the one before left. */
  for (guint kill = 0; kill < 3; kill++)
    {
      guint delay = (guint) g_test_rand_int_range (20, 300);

      cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, g_getenv ("SAHA_CLI"),
                              "--db", rep->path, "sync", NULL);
      g_assert_no_error (error);
      g_usleep (delay * 1000);
      g_subprocess_force_exit (cli);
      g_subprocess_wait (cli, NULL, NULL);
      g_test_message ("saha-cli sync killed after %u ms (%s)", delay,
                      g_subprocess_get_if_signaled (cli) ? "by the signal" : "had finished");
      g_clear_object (&cli);
    }

  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (rep);
  }
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (office);
  }
  test_replica_assert_converged (rep);
  test_replica_assert_converged (office);
  view = test_server_view (fixture->server, "office");
  g_assert_cmpuint (g_hash_table_size (view), ==, n_records ());

  test_replica_free (office);
  test_replica_free (rep);
}

int
main (int    argc,
      char **argv)
{
  /* With isolated XDG dirs there are no GSettings schemas, which the desktop proxy
   * resolver of glib-networking needs; loopback needs no proxy. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/sync/fault/server-killed-mid-pull", Fixture, NULL,
              fixture_setup, test_server_killed_mid_pull, test_server_fixture_teardown);
  g_test_add ("/sync/fault/server-killed-mid-push", Fixture, NULL,
              fixture_setup, test_server_killed_mid_push, test_server_fixture_teardown);
  g_test_add ("/sync/fault/client-killed-mid-sync", Fixture, NULL,
              fixture_setup, test_client_killed_mid_sync, test_server_fixture_teardown);

  return g_test_run ();
}
