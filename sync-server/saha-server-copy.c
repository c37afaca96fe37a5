/* saha-server-copy.c: `saha-server copy`: a SQLite server's database into PostgreSQL.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <sqlite3.h>

#include "saha-server-admin.h"
#include "saha-server-storage-backend.h"

/*
 * Every table, every row, as it is: the same epoch, change seqs, history runs, tokens,
 * device cursors and purge horizon, so that devices signed in to the SQLite server keep
 * syncing from their cursors against the PostgreSQL one without a re-sync or a new login.
 * The SQLite database is first brought to the newest schema (by opening it as the server
 * would), then read in one snapshot; the PostgreSQL database must be new or empty of data
 * (its schema is made here), and is written in one transaction: all or nothing. At the
 * end the row count of every table is compared.
 */

typedef struct
{
  const char *table;
  const char *columns;   /* as SELECTed from SQLite */
  const char *insert;    /* the PostgreSQL INSERT, one $n per column */
} CopyTable;

static const CopyTable tables[] = {
  { "users", "id, name, role, code, password_hash, disabled, created_at, full_name",
    "INSERT INTO users (id, name, role, code, password_hash, disabled, created_at, full_name)"
    " VALUES ($1::bigint, $2, $3, $4, $5, $6::int <> 0, $7::bigint, $8)" },
  { "tokens", "hash, user_id, replica_id, created_at, expires_at",
    "INSERT INTO tokens (hash, user_id, replica_id, created_at, expires_at)"
    " VALUES ($1, $2::bigint, $3, $4::bigint, $5::bigint)" },
  { "records", "seq, entity, id, parent_entity, parent_id, root, owner, assignee, deleted, state, pushed_by",
    "INSERT INTO records (seq, entity, id, parent_entity, parent_id, root, owner, assignee,"
    " deleted, state, pushed_by) VALUES ($1::bigint, $2, $3, $4, $5, $6, $7, $8, $9::int <> 0,"
    " $10, $11)" },
  { "revocations", "user, entity, id, seq",
    "INSERT INTO revocations (\"user\", entity, id, seq) VALUES ($1, $2, $3, $4::bigint)" },
  { "replicas", "replica_id, counter",
    "INSERT INTO replicas (replica_id, counter) VALUES ($1, $2::bigint)" },
  { "number_series", "replica_id, user_id, series",
    "INSERT INTO number_series (replica_id, user_id, series) VALUES ($1, $2::bigint, $3::bigint)" },
  { "numbers", "entity, number, id",
    "INSERT INTO numbers (entity, number, id) VALUES ($1, $2, $3)" },
  { "devices", "replica_id, user_id, acked_seq, last_seen",
    "INSERT INTO devices (replica_id, user_id, acked_seq, last_seen)"
    " VALUES ($1, $2::bigint, $3::bigint, $4::bigint)" },
  { "batches", "user_id, batch_id, answer, created_at",
    "INSERT INTO batches (user_id, batch_id, answer, created_at)"
    " VALUES ($1::bigint, $2, $3, $4::bigint)" },
  { "history", "after_seq, run",
    "INSERT INTO history (after_seq, run) VALUES ($1::bigint, $2)" },
  { "erasures", "entity, id, person, erased_at, erased_by",
    "INSERT INTO erasures (entity, id, person, erased_at, erased_by)"
    " VALUES ($1, $2, $3, $4::bigint, $5)" },
  { "audit", "n, at, user, device, entity, id, field, old, new",
    "INSERT INTO audit (n, at, \"user\", device, entity, id, field, old, new)"
    " OVERRIDING SYSTEM VALUE"
    " VALUES ($1::bigint, $2::bigint, $3, $4, $5, $6, $7, $8, $9)" },
  { "wiped", "replica_id, user_id, wiped_at",
    "INSERT INTO wiped (replica_id, user_id, wiped_at) VALUES ($1, $2::bigint, $3::bigint)" },
  { "wiped_tokens", "hash, replica_id",
    "INSERT INTO wiped_tokens (hash, replica_id) VALUES ($1, $2)" },
};

/* The counts on PostgreSQL, one statement per table (static text: prepared once). */
static const char *const pg_counts[] = {
  "SELECT count(*) FROM users", "SELECT count(*) FROM tokens", "SELECT count(*) FROM records",
  "SELECT count(*) FROM revocations", "SELECT count(*) FROM replicas",
  "SELECT count(*) FROM number_series", "SELECT count(*) FROM numbers",
  "SELECT count(*) FROM devices", "SELECT count(*) FROM batches", "SELECT count(*) FROM history",
  "SELECT count(*) FROM erasures", "SELECT count(*) FROM audit", "SELECT count(*) FROM wiped",
  "SELECT count(*) FROM wiped_tokens",
};
G_STATIC_ASSERT (G_N_ELEMENTS (pg_counts) == G_N_ELEMENTS (tables));

static int
fail (const char   *what,
      const GError *error)
{
  g_printerr ("saha-server: copy: %s: %s; nothing was copied\n", what, error->message);
  return 1;
}

static gboolean
sqlite_failed (sqlite3  *db,
               GError  **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", sqlite3_errmsg (db));
  return FALSE;
}

/* Copies one table; *copied gets the number of rows. */
static gboolean
copy_table (sqlite3            *db,
            SahaServerStorage  *to,
            const CopyTable    *table,
            gint64             *copied,
            GError            **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT %s FROM %s", table->columns, table->table);
  sqlite3_stmt *stmt = NULL;
  int rc;

  *copied = 0;
  if (sqlite3_prepare_v2 (db, select, -1, &stmt, NULL) != SQLITE_OK)
    return sqlite_failed (db, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);
      const char *values[16];

      g_assert (n <= (int) G_N_ELEMENTS (values));
      for (int i = 0; i < n; i++)
        values[i] = (const char *) sqlite3_column_text (stmt, i);
      if (!saha_server_storage_postgresql_run (to, table->insert, n, values, NULL, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
      (*copied)++;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return sqlite_failed (db, error);
  return TRUE;
}

static gboolean
sqlite_count (sqlite3     *db,
              const char  *table,
              gint64      *count,
              GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return sqlite_failed (db, error);
  ok = sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return ok || sqlite_failed (db, error);
}

int
saha_server_admin_copy (const char *from_data,
                        const char *to_database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaServerStorage) to = NULL;
  g_autofree char *path = g_build_filename (from_data, "server.db", NULL);
  gint64 copied[G_N_ELEMENTS (tables)];
  sqlite3 *db = NULL;
  gint64 existing = 0;
  gboolean ok = TRUE;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("saha-server: copy: %s has no server database (server.db)\n", from_data);
      return 1;
    }
  /* The newest schema first, as the server itself would on opening it. */
  {
    g_autoptr(SahaServerStorage) from = saha_server_storage_open (from_data, &error);

    if (from == NULL)
      return fail (from_data, error);
  }
  to = saha_server_storage_postgresql_open (to_database, &error);
  if (to == NULL)
    return fail ("the PostgreSQL database", error);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_printerr ("saha-server: copy: cannot open %s: %s\n", path, sqlite3_errmsg (db));
      sqlite3_close (db);
      return 1;
    }

  /* One snapshot of the source, one transaction on the target (under the write lock:
   * a server already running on the target waits). */
  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK
      || !saha_server_storage_begin (to, TRUE, &error))
    {
      if (error == NULL)
        sqlite_failed (db, &error);
      sqlite3_close (db);
      return fail ("starting", error);
    }
  if (!saha_server_storage_postgresql_run (to, "SELECT (SELECT count(*) FROM users)"
                                           " + (SELECT count(*) FROM records)"
                                           " + (SELECT count(*) FROM tokens)", 0, NULL, &existing,
                                           &error))
    ok = FALSE;
  else if (existing > 0)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "the database holds users or records already; copy only into a new one");
      ok = FALSE;
    }
  /* The new schema's own first history segment and meta rows give way to the copied. */
  ok = ok && saha_server_storage_postgresql_run (to, "DELETE FROM history", 0, NULL, NULL, &error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (tables); i++)
    ok = copy_table (db, to, &tables[i], &copied[i], &error);
  if (ok)
    {
      sqlite3_stmt *stmt = NULL;
      int rc;

      if (sqlite3_prepare_v2 (db, "SELECT key, value FROM meta WHERE key <> 'schema_version'", -1,
                              &stmt, NULL) != SQLITE_OK)
        ok = sqlite_failed (db, &error);
      while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        ok = saha_server_storage_set_meta (to, (const char *) sqlite3_column_text (stmt, 0),
                                           (const char *) sqlite3_column_text (stmt, 1), &error);
      if (ok && rc != SQLITE_DONE)
        ok = sqlite_failed (db, &error);
      sqlite3_finalize (stmt);
    }
  /* Identity columns continue after the copied ids. */
  ok = ok && saha_server_storage_postgresql_run (to, "SELECT setval (pg_get_serial_sequence ('users', 'id'),"
                                                 " GREATEST ((SELECT max (id) FROM users), 1))",
                                                 0, NULL, NULL, &error)
          && saha_server_storage_postgresql_run (to, "SELECT setval (pg_get_serial_sequence ('audit', 'n'),"
                                                 " GREATEST ((SELECT max (n) FROM audit), 1))",
                                                 0, NULL, NULL, &error);
  /* Every table has as many rows as the source's. */
  for (guint i = 0; ok && i < G_N_ELEMENTS (tables); i++)
    {
      gint64 source = -1;
      gint64 target = -1;

      ok = sqlite_count (db, tables[i].table, &source, &error)
           && saha_server_storage_postgresql_run (to, pg_counts[i], 0, NULL, &target, &error);
      if (ok && (source != target || source != copied[i]))
        {
          g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s: %" G_GINT64_FORMAT " rows in SQLite, %" G_GINT64_FORMAT
                       " in PostgreSQL", tables[i].table, source, target);
          ok = FALSE;
        }
    }
  ok = ok && saha_server_storage_commit (to, &error);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (db);
  if (!ok)
    {
      saha_server_storage_rollback (to);
      return fail ("copying", error);
    }
  /* VACUUM ANALYZE of the new tables (saha_server_storage_checkpoint ()). */
  saha_server_storage_checkpoint (to);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    g_print ("%s: %" G_GINT64_FORMAT "\n", tables[i].table, copied[i]);
  g_print ("copied %s into PostgreSQL; the counts match\n", from_data);
  return 0;
}
