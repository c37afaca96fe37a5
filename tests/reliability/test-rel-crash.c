/* test-rel-crash.c: SIGKILL of saha-cli and saha-server at random moments loses and duplicates nothing.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Acknowledged" means what a user or a script was told: a saha-cli write that exited 0
 * (and printed the new id), a store write that committed. Whatever dies, and whenever,
 * every acknowledged write must be present exactly once after the survivors sync, and
 * every SQLite file must pass "PRAGMA integrity_check".
 */
#include "config.h"

#include <signal.h>

#include "rel-util.h"

typedef TestServerFixture Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = test_server_start_with_users ("rep-a", "rep", "office", "office", NULL);
}

/* ---- saha-cli processes killed at a given moment ---- */

typedef struct
{
  GSubprocess *process;
  gint64       kill_at;
  gboolean     acked;      /* exited 0 on its own */
  char        *out;
  char        *name;       /* the name a "create" was started with */
  char        *set_id;     /* the record a "set" was started on */
} CliJob;

static void
cli_job_start (CliJob             *job,
               const char * const *argv,
               guint               kill_after_ms)
{
  g_autoptr(GError) error = NULL;

  job->process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                    | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  job->kill_at = g_get_monotonic_time () + (gint64) kill_after_ms * 1000;
}

/* SIGKILLs each job at its moment, in time order (a job that has already exited is left
 * alone), then collects what they printed. */
static void
cli_jobs_kill (CliJob *jobs,
               guint   n_jobs)
{
  g_autofree gboolean *killed = g_new0 (gboolean, n_jobs);

  for (guint k = 0; k < n_jobs; k++)
    {
      guint next = n_jobs;
      gint64 wait;

      for (guint i = 0; i < n_jobs; i++)
        if (!killed[i] && (next == n_jobs || jobs[i].kill_at < jobs[next].kill_at))
          next = i;
      wait = jobs[next].kill_at - g_get_monotonic_time ();
      if (wait > 0)
        g_usleep ((gulong) wait);
      g_subprocess_force_exit (jobs[next].process);
      killed[next] = TRUE;
    }
  for (guint i = 0; i < n_jobs; i++)
    {
      g_autoptr(GError) error = NULL;

      g_subprocess_communicate_utf8 (jobs[i].process, NULL, NULL, &jobs[i].out, NULL, &error);
      g_assert_no_error (error);
      jobs[i].acked = g_subprocess_get_if_exited (jobs[i].process)
                      && g_subprocess_get_exit_status (jobs[i].process) == 0;
      g_clear_object (&jobs[i].process);
    }
}

static void
cli_job_clear (CliJob *job)
{
  g_clear_object (&job->process);
  g_clear_pointer (&job->out, g_free);
  g_clear_pointer (&job->name, g_free);
  g_clear_pointer (&job->set_id, g_free);
}

/* What the writers were told, and what they tried. */
typedef struct
{
  GHashTable *acked_names;     /* name -> id printed by "create" */
  GPtrArray  *acked_ids;       /* the same ids, to pick one to edit */
  GPtrArray  *tried_names;     /* every name a "create" was started for */
  GHashTable *notes_tried;     /* id -> GPtrArray of notes values "set" was started with */
  GHashTable *notes_acked;     /* id -> index in notes_tried of the last acknowledged one */
  guint       killed;
} Writes;

static void
writes_init (Writes *writes)
{
  writes->acked_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  writes->acked_ids = g_ptr_array_new_with_free_func (g_free);
  writes->killed = 0;
  writes->tried_names = g_ptr_array_new_with_free_func (g_free);
  writes->notes_tried = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_ptr_array_unref);
  writes->notes_acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
writes_clear (Writes *writes)
{
  g_hash_table_unref (writes->acked_names);
  g_ptr_array_unref (writes->acked_ids);
  g_ptr_array_unref (writes->tried_names);
  g_hash_table_unref (writes->notes_tried);
  g_hash_table_unref (writes->notes_acked);
}

/* Starts one saha-cli write on @db (a create, or a set of an acknowledged record other than
 * @busy_id), to be killed @kill_after_ms later; writes_note() records its outcome. Two sets
 * of one record running at once would commit in either order, and "the last acknowledged
 * value" would mean nothing. */
static void
write_start (Writes     *writes,
             CliJob     *job,
             const char *db,
             const char *assigned_to,
             guint       serial,
             guint       kill_after_ms,
             const char *busy_id)
{
  const char *cli = g_getenv ("SAHA_CLI");
  guint n_acked = writes->acked_ids->len;
  const char *id = n_acked > 0 ? writes->acked_ids->pdata[g_test_rand_int_range (0, (gint32) n_acked)]
                               : NULL;

  if (id != NULL && g_strcmp0 (id, busy_id) != 0 && g_test_rand_int_range (0, 100) < 40)
    {
      g_autofree char *arg = g_strdup_printf ("notes=set %u ' OR 1=1; --", serial);
      const char *argv[] = { cli, "--db", db, "set", "customer", id, arg, NULL };
      GPtrArray *tried = g_hash_table_lookup (writes->notes_tried, id);

      if (tried == NULL)
        {
          tried = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (writes->notes_tried, g_strdup (id), tried);
        }
      g_ptr_array_add (tried, g_strdup (arg + strlen ("notes=")));
      cli_job_start (job, argv, kill_after_ms);
      job->set_id = g_strdup (id);
    }
  else
    {
      g_autofree char *name = g_strdup_printf ("Crash %05u", serial);
      g_autofree char *name_arg = g_strdup_printf ("name=%s", name);
      g_autofree char *assigned_arg = g_strdup_printf ("assigned_to=%s", assigned_to);
      const char *argv[] = { cli, "--db", db, "create", "customer", name_arg, "kind=company",
                             assigned_arg, NULL };

      g_ptr_array_add (writes->tried_names, g_strdup (name));
      cli_job_start (job, argv, kill_after_ms);
      job->name = g_steal_pointer (&name);
    }
}

static void
write_note (Writes *writes,
            CliJob *job)
{
  const char *id = job->set_id;

  if (!job->acked)
    {
      writes->killed++;
      return;
    }
  if (id != NULL)
    {
      GPtrArray *tried = g_hash_table_lookup (writes->notes_tried, id);

      g_hash_table_replace (writes->notes_acked, g_strdup (id), GUINT_TO_POINTER (tried->len - 1));
    }
  else
    {
      g_strstrip (job->out);
      g_assert_true (saha_id_is_valid (job->out));
      g_hash_table_insert (writes->acked_names, g_strdup (job->name), g_strdup (job->out));
      g_ptr_array_add (writes->acked_ids, g_strdup (job->out));
    }
}

/* @records: "key" -> SahaRecord (a replica's or the server's view). Every acknowledged
 * create is there exactly once, under its id; an unacknowledged one at most once; every
 * record's notes are its last acknowledged value or one tried after it. */
static void
writes_assert_in (Writes     *writes,
                  GHashTable *records,
                  const char *where)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, records);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *name = saha_record_get (value, "name");

      if (name == NULL || !g_str_has_prefix (name, "Crash "))
        continue;
      if (g_hash_table_contains (by_name, name))
        g_error ("%s: \"%s\" is there twice", where, name);
      g_hash_table_insert (by_name, (gpointer) name, value);
    }

  g_hash_table_iter_init (&iter, writes->acked_names);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SahaRecord *record = g_hash_table_lookup (by_name, key);

      if (record == NULL)
        g_error ("%s: the acknowledged create of \"%s\" is lost", where, (char *) key);
      g_assert_cmpstr (saha_record_get_id (record), ==, value);
      g_assert_false (saha_record_is_deleted (record));
    }

  g_hash_table_iter_init (&iter, writes->notes_tried);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *record_key = g_strdup_printf ("customer/%s", (char *) key);
      SahaRecord *record = g_hash_table_lookup (records, record_key);
      GPtrArray *tried = value;
      gpointer acked_index;
      guint first = 0;
      const char *notes;
      gboolean ok = FALSE;

      g_assert_nonnull (record);
      notes = saha_record_get (record, "notes");
      if (g_hash_table_lookup_extended (writes->notes_acked, key, NULL, &acked_index))
        first = GPOINTER_TO_UINT (acked_index);
      else if (notes == NULL)
        ok = TRUE;
      for (guint i = first; i < tried->len && !ok; i++)
        ok = g_strcmp0 (notes, tried->pdata[i]) == 0;
      if (!ok)
        g_error ("%s: customer %s has notes \"%s\", not its last acknowledged value or a later "
                 "one", where, (char *) key, notes);
    }
}

static GHashTable *
replica_records (const char *path)
{
  TestReplica replica = { .path = (char *) path };
  g_autoptr(GError) error = NULL;
  GHashTable *all;

  replica.store = saha_store_open (path, &error);
  g_assert_no_error (error);
  all = test_replica_all (&replica);
  g_clear_object (&replica.store);
  return all;
}

/* ---- the tests ---- */

/* A loop of saha-cli creates and sets, each SIGKILLed at a random moment of its ~10 ms:
 * before it opened the file, mid-transaction, after the commit, or after it exited. */
static void
test_cli_writes_killed (Fixture       *fixture,
                        gconstpointer  data)
{
  TestReplica *replica = test_replica_new (fixture->server, "office");
  guint n = rel_scale (150, 1500);
  Writes writes = { 0 };

  writes_init (&writes);
  /* The test's connection would keep the WAL from being checkpointed by the writers. */
  g_clear_object (&replica->store);
  for (guint i = 0; i < n; i++)
    {
      CliJob job = { 0 };

      write_start (&writes, &job, replica->path, "office", i,
                   (guint) g_test_rand_int_range (0, 80), NULL);
      cli_jobs_kill (&job, 1);
      write_note (&writes, &job);
      cli_job_clear (&job);
    }
  g_test_message ("%u writes: %u acknowledged creates, %u killed", n,
                  g_hash_table_size (writes.acked_names), writes.killed);
  /* Both outcomes happened, or the kill moments prove nothing. */
  g_assert_cmpuint (writes.killed, >, 0);
  g_assert_cmpuint (g_hash_table_size (writes.acked_names), >, 0);

  rel_assert_integrity (replica->path);
  {
    g_autoptr(GHashTable) mine = replica_records (replica->path);

    writes_assert_in (&writes, mine, "replica");
  }

  test_replica_reopen (replica);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (replica);
    g_autoptr(GHashTable) view = test_server_view (fixture->server, "office");

    writes_assert_in (&writes, view, "server");
  }
  test_replica_reopen (replica);
  test_replica_assert_converged (replica);
  rel_assert_integrity (replica->path);

  writes_clear (&writes);
  test_replica_free (replica);
}

/* saha-cli sync of a large pull and push, killed at random moments, while other saha-cli
 * processes write to the same replica and are killed too. */
static void
test_cli_sync_and_writes_killed (Fixture       *fixture,
                                 gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  guint kills = rel_scale (8, 60);
  guint syncs_killed = 0;
  guint syncs = 0;
  Writes writes = { 0 };

  writes_init (&writes);
  test_replica_create_many (office, 3000, "Office", "rep-a", NULL);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (office);
  }
  test_replica_create_many (rep, 1500, "Rep", "rep-a", NULL);
  g_clear_object (&rep->store);

  /* Once the first large sync has gone through, later syncs are small and may all finish
   * before their kill; then a few more rounds with early kills make sure at least one sync
   * really dies, or the run proves nothing. */
  for (guint kill = 0; kill < kills || (syncs_killed == 0 && kill < kills + 20); kill++)
    {
      const char *argv[] = { g_getenv ("SAHA_CLI"), "--db", rep->path, "sync", NULL };
      CliJob jobs[3] = { { 0 } };
      guint delay = kill < kills ? (guint) g_test_rand_int_range (10, 700)
                                 : (guint) g_test_rand_int_range (1, 40);

      syncs++;
      cli_job_start (&jobs[0], argv, delay);
      for (guint w = 1; w < 3; w++)
        write_start (&writes, &jobs[w], rep->path, "rep-a", kill * 2 + w,
                     (guint) g_test_rand_int_range (0, 60), jobs[1].set_id);
      cli_jobs_kill (jobs, 3);
      if (!jobs[0].acked)
        syncs_killed++;
      for (guint w = 1; w < 3; w++)
        write_note (&writes, &jobs[w]);
      for (guint i = 0; i < 3; i++)
        cli_job_clear (&jobs[i]);
      rel_assert_integrity (rep->path);
    }
  g_test_message ("%u syncs, %u killed; %u acknowledged creates, %u writes killed", syncs,
                  syncs_killed, g_hash_table_size (writes.acked_names), writes.killed);
  g_assert_cmpuint (syncs_killed, >, 0);

  test_replica_reopen (rep);
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (rep);
  }
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (office);
  }
  test_replica_reopen (rep);
  test_replica_assert_converged (rep);
  test_replica_assert_converged (office);
  rel_assert_integrity (rep->path);
  rel_assert_integrity (office->path);
  {
    g_autoptr(GHashTable) view = test_server_view (fixture->server, "office");
    g_autoptr(GHashTable) mine = test_replica_all (rep);

    writes_assert_in (&writes, view, "server");
    writes_assert_in (&writes, mine, "replica");
    /* The bulk records, every acknowledged create, and at most the creates that were
     * killed after their commit: nothing else, nothing twice. */
    g_assert_cmpuint (g_hash_table_size (view), >=,
                      3000 + 1500 + g_hash_table_size (writes.acked_names));
    g_assert_cmpuint (g_hash_table_size (view), <=, 3000 + 1500 + writes.tried_names->len);
  }

  writes_clear (&writes);
  test_replica_free (office);
  test_replica_free (rep);
}

typedef struct
{
  gboolean        finished;
  SahaSyncResult *result;
  GError         *error;
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

/* Rounds of local writes on two replicas (committed: acknowledged), both syncing at once in
 * the engine's worker threads, and the server SIGKILLed a random moment in: during a push,
 * a pull, between them, or after. The server restarts on the same data and port. */
static void
test_server_killed (Fixture       *fixture,
                    gconstpointer  data)
{
  TestReplica *replicas[2] = {
    test_replica_new (fixture->server, "office"),
    test_replica_new (fixture->server, "rep-a"),
  };
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) office_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *server_db = g_build_filename (fixture->server->data_dir, "server.db", NULL);
  guint rounds = rel_scale (6, 40);
  guint interrupted = 0;
  g_autoptr(GHashTable) view = NULL;

  /* A fast machine can finish both syncs before every kill of the planned rounds: then
   * extra rounds kill early, until one sync really dies (or there is no point going on). */
  for (guint round = 0; round < rounds || (interrupted == 0 && round < rounds + 20); round++)
    {
      SahaSyncEngine *engines[2] = { NULL, NULL };
      AsyncSync states[2] = { { 0 } };
      g_autofree char *office_prefix = g_strdup_printf ("Office round %02u", round);
      g_autofree char *rep_prefix = g_strdup_printf ("Rep round %02u", round);
      guint delay = (guint) g_test_rand_int_range (0, round < rounds ? 400 : 40);
      gint64 kill_at;

      /* The office adds customers for rep-a (a big push for it, a big pull for rep-a) and
       * edits older ones; rep-a adds its own. */
      test_replica_create_many (replicas[0], 600, office_prefix, "rep-a", office_ids);
      test_replica_create_many (replicas[1], 100, rep_prefix, "rep-a", ids);
      for (guint i = 0; i < 30; i++)
        {
          const char *id = office_ids->pdata[g_test_rand_int_range (0, (gint32) office_ids->len)];
          g_autofree char *value = g_strdup_printf ("round %u edit %u", round, i);
          g_autofree char *arg = g_strdup_printf ("notes=%s", value);

          /* Only the office edits, and only what it holds (rep-a's customers may not
           * have reached it yet): no two replicas race on one field. */
          test_replica_set (replicas[0], "customer", id, arg, NULL);
          g_hash_table_replace (notes, g_strdup (id), g_steal_pointer (&value));
        }

      for (guint i = 0; i < 2; i++)
        {
          engines[i] = saha_sync_engine_new (replicas[i]->path);
          saha_sync_engine_set_max_attempts (engines[i], 1);
          saha_sync_engine_sync_async (engines[i], NULL, sync_done, &states[i]);
        }
      kill_at = g_get_monotonic_time () + delay * 1000;
      while (g_get_monotonic_time () < kill_at)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (500);
        }
      test_server_stop (fixture->server, TRUE);
      while (!states[0].finished || !states[1].finished)
        g_main_context_iteration (NULL, TRUE);

      for (guint i = 0; i < 2; i++)
        {
          if (states[i].error != NULL)
            {
              interrupted++;
              g_assert_error (states[i].error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_NETWORK);
            }
          g_clear_error (&states[i].error);
          g_clear_pointer (&states[i].result, saha_sync_result_free);
          g_clear_object (&engines[i]);
          test_replica_reopen (replicas[i]);
          rel_assert_integrity (replicas[i]->path);
        }
      /* The server's file as a crash left it (this opening replays its WAL). */
      rel_assert_integrity (server_db);
      test_server_restart (fixture->server);
    }
  g_ptr_array_extend_and_steal (ids, g_steal_pointer (&office_ids));
  g_test_message ("%u rounds or more, %u syncs interrupted by the kill", rounds, interrupted);
  g_assert_cmpuint (interrupted, >, 0);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr(SahaSyncResult) result = test_replica_sync_ok (replicas[i]);

        test_replica_reopen (replicas[i]);
      }
  for (guint i = 0; i < 2; i++)
    {
      test_replica_assert_converged (replicas[i]);
      rel_assert_integrity (replicas[i]->path);
    }

  /* Every committed create is on the server once, under its id; every edit's last value. */
  view = test_server_view (fixture->server, "office");
  g_assert_cmpuint (g_hash_table_size (view), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *key = g_strdup_printf ("customer/%s", (char *) ids->pdata[i]);
      SahaRecord *record = g_hash_table_lookup (view, key);

      g_assert_nonnull (record);
      g_assert_cmpstr (saha_record_get (record, "notes"), ==,
                       g_hash_table_lookup (notes, ids->pdata[i]));
    }
  test_server_stop (fixture->server, FALSE);
  rel_assert_integrity (server_db);

  for (guint i = 0; i < 2; i++)
    test_replica_free (replicas[i]);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/reliability/crash/cli-writes-killed", Fixture, NULL,
              fixture_setup, test_cli_writes_killed, test_server_fixture_teardown);
  g_test_add ("/reliability/crash/cli-sync-and-writes-killed", Fixture, NULL,
              fixture_setup, test_cli_sync_and_writes_killed, test_server_fixture_teardown);
  g_test_add ("/reliability/crash/server-killed-during-push-and-pull", Fixture, NULL,
              fixture_setup, test_server_killed, test_server_fixture_teardown);

  return g_test_run ();
}
