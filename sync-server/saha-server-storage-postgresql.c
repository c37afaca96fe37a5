/* saha-server-storage-postgresql.c: the server's storage on PostgreSQL, through libpq.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "saha-server-error.h"
#include "saha-server-migrations.h"
#include "saha-server-storage-backend.h"

/*
 * The same tables and meanings as the SQLite backend (see the table list at the top of
 * saha-server-storage-sqlite.c), made and changed by the numbered migrations in
 * migrations/postgresql/; meta's "schema_version" row says which have run. Any number of
 * saha-server processes may use one database at once: everything a request needs is in
 * the database (sessions, push answers, device cursors, the purge horizon).
 *
 * Every statement is prepared once per connection (PQprepare) and run with bound
 * parameters (PQexecPrepared), all in text form; integers are cast in the SQL
 * ($1::bigint) so that their type never depends on inference.
 *
 * The change feed, gap-free under concurrent writers (docs/sync.md, "Several servers on
 * one PostgreSQL database"): every write transaction takes the transaction-level advisory
 * lock WRITE_LOCK first (saha_server_storage_begin (self, TRUE)), so write transactions
 * run one at a time, as they do on SQLite (BEGIN IMMEDIATE). The lock is released only
 * after the commit is visible, so the seqs of one transaction are all visible before the
 * next transaction can hand out a higher one: a reader's snapshot always holds every
 * change up to meta's "seq" of that snapshot and none after, and a pull whose cursor is
 * that seq can never pass over a change that commits later with a lower seq. The same
 * serialisation keeps the read-merge-write of a push correct (the row read is the row
 * overwritten). Pull pages run in a REPEATABLE READ snapshot without the lock.
 *
 * A lost connection: the statement fails with SAHA_SERVER_ERROR_UNAVAILABLE (503, the
 * client retries) and the transaction is gone; the next transaction (or statement outside
 * one) connects again (PQreset) and prepares its statements anew.
 */

/* pg_advisory_xact_lock keys: "saha" and "sahm" in ASCII. */
#define WRITE_LOCK "1935763553"
#define MIGRATE_LOCK "1935763565"

typedef struct
{
  SahaServerStorage base;
  PGconn     *conn;
  GHashTable *prepared;   /* SQL text (static) -> statement name */
  guint       n_prepared;
  char       *epoch;
  gboolean    in_transaction;
  gboolean    failed;      /* a statement of the transaction failed: COMMIT must not */
  gboolean    lost;        /* the connection dropped: reset before the next use */
  gboolean    naive;       /* SAHA_SERVER_PG_NAIVE_SEQ (tests only): no write lock */
  gint64      seq;         /* as in the SQLite backend: -1 until read in a transaction */
  gboolean    seq_unwritten;
} PgStorage;

static void pg_close (PgStorage *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PgStorage, pg_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* The connection's state after a failure: lost (503) or a statement error (500). */
static gboolean
set_pg_error (PgStorage         *self,
              const PGresult    *result,
              GError           **error)
{
  const char *message = result != NULL ? PQresultErrorMessage (result) : "";

  if (message == NULL || *message == '\0')
    message = PQerrorMessage (self->conn);
  if (self->in_transaction)
    self->failed = TRUE;
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      self->lost = TRUE;
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_UNAVAILABLE,
                   "The database cannot be reached: %s", message);
      return FALSE;
    }
  g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL, "Storage failure: %s", message);
  return FALSE;
}

/* Connects again after a lost connection; its prepared statements are gone with it. */
static gboolean
reconnect (PgStorage  *self,
           GError    **error)
{
  if (!self->lost && PQstatus (self->conn) == CONNECTION_OK)
    return TRUE;
  g_hash_table_remove_all (self->prepared);
  PQreset (self->conn);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_UNAVAILABLE,
                   "The database cannot be reached: %s", PQerrorMessage (self->conn));
      return FALSE;
    }
  self->lost = FALSE;
  return TRUE;
}

static PGresult *run_once (PgStorage          *self,
                           const char         *sql,
                           int                 n,
                           const char * const *values,
                           GError            **error);

/* Runs @sql (a string literal: its address is the key of its prepared statement) with
 * @n text parameters (NULL: SQL NULL). Returns the result of a successful statement.
 * Outside a transaction, a query (SELECT: nothing to do twice) that finds the connection
 * lost (the database restarted while this one was idle) is tried once more on a new one. */
static PGresult *
run (PgStorage          *self,
     const char         *sql,
     int                 n,
     const char * const *values,
     GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  PGresult *result = run_once (self, sql, n, values, &local_error);

  if (result == NULL && !self->in_transaction && self->lost && g_str_has_prefix (sql, "SELECT "))
    {
      g_clear_error (&local_error);
      result = run_once (self, sql, n, values, &local_error);
    }
  if (result == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return result;
}

static PGresult *
run_once (PgStorage          *self,
          const char         *sql,
          int                 n,
          const char * const *values,
          GError            **error)
{
  const char *name;
  PGresult *result;
  ExecStatusType status;

  if (self->in_transaction && self->failed)
    {
      g_set_error (error, SAHA_SERVER_ERROR, self->lost ? SAHA_SERVER_ERROR_UNAVAILABLE
                   : SAHA_SERVER_ERROR_INTERNAL, "The transaction failed already");
      return NULL;
    }
  if (!self->in_transaction && !reconnect (self, error))
    return NULL;
  name = g_hash_table_lookup (self->prepared, sql);
  if (name == NULL)
    {
      char *made = g_strdup_printf ("s%u", ++self->n_prepared);
      g_autoptr(PGresult) prepared = PQprepare (self->conn, made, sql, n, NULL);

      if (PQresultStatus (prepared) != PGRES_COMMAND_OK)
        {
          g_free (made);
          set_pg_error (self, prepared, error);
          return NULL;
        }
      g_hash_table_insert (self->prepared, (gpointer) sql, made);
      name = made;
    }
  result = PQexecPrepared (self->conn, name, n, values, NULL, NULL, 0);
  status = PQresultStatus (result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      set_pg_error (self, result, error);
      PQclear (result);
      return NULL;
    }
  return result;
}

/* run () for a statement whose rows are not wanted. */
static gboolean
run_done (PgStorage          *self,
          const char         *sql,
          int                 n,
          const char * const *values,
          GError            **error)
{
  PGresult *result = run (self, sql, n, values, error);

  PQclear (result);
  return result != NULL;
}

/* Simple-protocol text without parameters (transaction control, migrations). */
static gboolean
exec_plain (PgStorage   *self,
            const char  *sql,
            GError     **error)
{
  g_autoptr(PGresult) result = PQexec (self->conn, sql);
  ExecStatusType status = PQresultStatus (result);

  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return set_pg_error (self, result, error);
  return TRUE;
}

static char *
value (const PGresult *result,
       int             row,
       int             column)
{
  if (PQgetisnull (result, row, column))
    return NULL;
  return g_strdup (PQgetvalue (result, row, column));
}

static gint64
value_int (const PGresult *result,
           int             row,
           int             column)
{
  if (PQgetisnull (result, row, column))
    return 0;
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

static gboolean
value_bool (const PGresult *result,
            int             row,
            int             column)
{
  return !PQgetisnull (result, row, column) && PQgetvalue (result, row, column)[0] == 't';
}

/* Integers as text parameters: a small ring of buffers per call site is not needed, the
 * caller keeps each in its own array. */
#define INT_TEXT(buffer, number) (g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, (gint64) (number)), buffer)

static char *pg_get_meta (PgStorage *self, const char *key);
static gboolean pg_set_meta (PgStorage *self, const char *key, const char *value, GError **error);
static void pg_rollback (PgStorage *self);

static gint64
meta_int (PgStorage  *self,
          const char *key)
{
  g_autofree char *text = pg_get_meta (self, key);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* Brings the schema to the newest migration, in the open's transaction, under its own
 * advisory lock: servers started at the same moment migrate one after the other. */
static gboolean
migrate (PgStorage  *self,
         GError    **error)
{
  g_auto(GStrv) names = saha_server_migrations_list ("postgresql");
  guint latest = g_strv_length (names);
  guint version = 0;
  g_autoptr(PGresult) probe = NULL;

  if (!exec_plain (self, "SELECT pg_advisory_xact_lock (" MIGRATE_LOCK ")", error))
    return FALSE;
  probe = run (self, "SELECT to_regclass ('meta') IS NOT NULL", 0, NULL, error);
  if (probe == NULL)
    return FALSE;
  if (value_bool (probe, 0, 0))
    {
      g_autofree char *text = pg_get_meta (self, "schema_version");
      guint64 number;

      if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &number, NULL))
        {
          g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL,
                       "The database has a meta table without a schema version: "
                       "it is not a saha-server database");
          return FALSE;
        }
      version = number;
    }
  if (version > latest)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL,
                   "The database has schema version %u, newer than this saha-server knows "
                   "(%u): run a newer saha-server on it", version, latest);
      return FALSE;
    }
  if (version == latest)
    return TRUE;
  for (; version < latest; version++)
    {
      g_autofree char *sql = saha_server_migration_sql ("postgresql", names[version]);

      if (!exec_plain (self, sql, error))
        {
          g_prefix_error (error, "Migration %s: ", names[version]);
          return FALSE;
        }
    }
  {
    g_autofree char *text = g_strdup_printf ("%u", latest);

    return pg_set_meta (self, "schema_version", text, error);
  }
}

SahaServerStorage *
saha_server_storage_postgresql_open (const char  *conninfo,
                                     GError     **error)
{
  g_autoptr(PgStorage) self = g_new0 (PgStorage, 1);

  self->base.backend = &saha_server_storage_postgresql_backend;
  self->seq = -1;
  self->prepared = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->naive = g_strcmp0 (g_getenv ("SAHA_SERVER_PG_NAIVE_SEQ"), "1") == 0;
  self->conn = PQconnectdb (conninfo);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_UNAVAILABLE,
                   "Cannot connect to the database: %s", PQerrorMessage (self->conn));
      return NULL;
    }
  /* Messages of the server in English whatever the locale; NOTICEs (IF NOT EXISTS) not
   * printed; the time zone does not matter (times are integers). */
  if (!exec_plain (self, "SET client_min_messages = warning", error)
      || !exec_plain (self, "BEGIN", error))
    return NULL;
  self->in_transaction = TRUE;
  if (!migrate (self, error))
    {
      pg_rollback (self);
      return NULL;
    }
  self->epoch = pg_get_meta (self, "epoch");
  if (self->epoch == NULL)
    {
      self->epoch = saha_server_storage_random_id ();
      if (!pg_set_meta (self, "epoch", self->epoch, error)
          || !pg_set_meta (self, "seq", "0", error)
          || !pg_set_meta (self, "purge_seq", "0", error))
        {
          pg_rollback (self);
          return NULL;
        }
    }
  if (self->naive)
    {
      /* The naive sequence the concurrency test shows to be wrong: a plain sequence,
       * handed out without the write lock (see pg_next_seq ()). */
      if (!exec_plain (self, "CREATE SEQUENCE IF NOT EXISTS naive_seq", error)
          || !exec_plain (self, "SELECT setval ('naive_seq', GREATEST ((SELECT value::bigint FROM meta"
                          " WHERE key = 'seq'), (SELECT last_value FROM naive_seq), 1))", error))
        {
          pg_rollback (self);
          return NULL;
        }
    }
  if (!exec_plain (self, "COMMIT", error))
    return NULL;
  self->in_transaction = FALSE;
  return (SahaServerStorage *) g_steal_pointer (&self);
}

static void
pg_close (PgStorage *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->prepared, g_hash_table_unref);
  if (self->conn != NULL)
    PQfinish (self->conn);
  g_free (self->epoch);
  g_free (self);
}

static const char *
pg_get_epoch (PgStorage *self)
{
  return self->epoch;
}

static void
forget_seq (PgStorage *self)
{
  self->seq = -1;
  self->seq_unwritten = FALSE;
}

static gboolean
pg_begin (PgStorage  *self,
          gboolean    write,
          GError    **error)
{
  const char *begin;

  forget_seq (self);
  if (self->in_transaction)
    pg_rollback (self);
  if (!reconnect (self, error))
    return FALSE;
  self->failed = FALSE;
  /* Write transactions one at a time: see the top of this file. Every statement after the
   * lock sees what the transactions before it committed (READ COMMITTED). The BEGIN and
   * the lock go in one round trip. */
  if (!write)
    begin = "BEGIN ISOLATION LEVEL REPEATABLE READ";
  else if (self->naive)
    begin = "BEGIN ISOLATION LEVEL READ COMMITTED";
  else
    begin = "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock (" WRITE_LOCK ")";
  if (!exec_plain (self, begin, error))
    {
      /* A connection that dropped while idle is found here: once more on a new one. */
      if (PQstatus (self->conn) == CONNECTION_OK
          && PQtransactionStatus (self->conn) != PQTRANS_IDLE)
        PQclear (PQexec (self->conn, "ROLLBACK"));
      if (!self->lost || !reconnect (self, NULL))
        return FALSE;
      g_clear_error (error);
      if (!exec_plain (self, begin, error))
        {
          if (PQstatus (self->conn) == CONNECTION_OK
              && PQtransactionStatus (self->conn) != PQTRANS_IDLE)
            PQclear (PQexec (self->conn, "ROLLBACK"));
          return FALSE;
        }
    }
  self->in_transaction = TRUE;
  self->failed = FALSE;
  return TRUE;
}

static gboolean
write_seq (PgStorage  *self,
           GError    **error)
{
  char seq[24];
  const char *values[1];

  if (!self->seq_unwritten)
    return TRUE;
  values[0] = INT_TEXT (seq, self->seq);
  if (!run_done (self, self->naive
                 ? "UPDATE meta SET value = GREATEST (value::bigint, $1::bigint)::text WHERE key = 'seq'"
                 : "UPDATE meta SET value = $1 WHERE key = 'seq'", 1, values, error))
    return FALSE;
  self->seq_unwritten = FALSE;
  return TRUE;
}

static gboolean
pg_commit (PgStorage  *self,
           GError    **error)
{
  g_autoptr(PGresult) result = NULL;

  if (self->failed)
    {
      g_set_error (error, SAHA_SERVER_ERROR,
                   self->lost ? SAHA_SERVER_ERROR_UNAVAILABLE : SAHA_SERVER_ERROR_INTERNAL,
                   "A statement of the transaction failed: nothing was stored");
      pg_rollback (self);
      return FALSE;
    }
  if (!write_seq (self, error))
    {
      pg_rollback (self);
      return FALSE;
    }
  result = PQexec (self->conn, "COMMIT");
  /* COMMIT of a transaction PostgreSQL aborted answers "ROLLBACK". */
  if (PQresultStatus (result) != PGRES_COMMAND_OK || g_strcmp0 (PQcmdStatus (result), "COMMIT") != 0)
    {
      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        set_pg_error (self, result, error);
      else
        g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL,
                     "The transaction was rolled back by the database");
      self->in_transaction = FALSE;
      forget_seq (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  forget_seq (self);
  return TRUE;
}

static void
pg_rollback (PgStorage *self)
{
  forget_seq (self);
  if (self->in_transaction && PQstatus (self->conn) == CONNECTION_OK)
    PQclear (PQexec (self->conn, "ROLLBACK"));
  self->in_transaction = FALSE;
  self->failed = FALSE;
}

static void
pg_set_bulk_mode (PgStorage *self)
{
  /* A long bulk load: commit without waiting for the WAL flush of each transaction is
   * not it (the load is one transaction); nothing to tune per connection. */
}

static void
pg_checkpoint (PgStorage *self)
{
  g_autoptr(GError) error = NULL;

  /* After an erasure (and at shutdown): the old row versions that held the erased
   * values are removed from the tables now rather than at the next autovacuum (their
   * bytes, the WAL and backups: docs/deploy.md). After a bulk load (demo, copy): the
   * visibility map and statistics of the new rows, so that a pull's count of what
   * remains is an index-only scan at once. */
  if (self->in_transaction || !reconnect (self, &error)
      || !exec_plain (self, "VACUUM (ANALYZE) records, revocations, audit, batches", &error))
    g_warning ("VACUUM failed: %s", error != NULL ? error->message : "inside a transaction");
}

static char *
pg_get_meta (PgStorage  *self,
             const char *key)
{
  const char *values[] = { key };
  g_autoptr(PGresult) result = NULL;

  if (self->seq_unwritten && g_strcmp0 (key, "seq") == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, self->seq);
  result = run (self, "SELECT value FROM meta WHERE key = $1", 1, values, NULL);
  if (result == NULL || PQntuples (result) == 0)
    return NULL;
  return value (result, 0, 0);
}

static gboolean
pg_set_meta (PgStorage   *self,
             const char  *key,
             const char  *text,
             GError     **error)
{
  const char *values[] = { key, text };

  return run_done (self, "INSERT INTO meta (key, value) VALUES ($1, $2)"
                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value", 2, values, error);
}

/* Users */

#define USER_COLUMNS "users.id, users.name, users.role, users.code, users.password_hash, users.disabled, users.full_name"

static SahaServerUser *
user_from_row (const PGresult *result,
               int             row,
               int             first)
{
  SahaServerUser *user = g_new0 (SahaServerUser, 1);

  user->id = value_int (result, row, first);
  user->name = value (result, row, first + 1);
  if (!saha_server_role_from_string (PQgetvalue (result, row, first + 2), &user->role))
    user->role = SAHA_SERVER_ROLE_REP;
  user->code = value (result, row, first + 3);
  user->password_hash = value (result, row, first + 4);
  user->disabled = value_bool (result, row, first + 5);
  user->full_name = value (result, row, first + 6);
  return user;
}

static gboolean
pg_user_add (PgStorage       *self,
             const char      *name,
             SahaServerRole   role,
             const char      *code,
             const char      *password_hash,
             GError         **error)
{
  char now[24];
  const char *values[] = { name, saha_server_role_to_string (role), code, password_hash,
                           INT_TEXT (now, g_get_real_time () / G_USEC_PER_SEC) };
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GError) local_error = NULL;

  /* A name or code taken: nothing inserted (no failed statement in the transaction). */
  result = run (self, "INSERT INTO users (name, role, code, password_hash, created_at)"
                " VALUES ($1, $2, $3, $4, $5::bigint) ON CONFLICT DO NOTHING", 5, values,
                &local_error);
  if (result == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (g_strcmp0 (PQcmdTuples (result), "1") != 0)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_EXISTS,
                   "A user named %s already exists", name);
      return FALSE;
    }
  return TRUE;
}

static SahaServerUser *
pg_user_lookup (PgStorage   *self,
                const char  *name,
                GError     **error)
{
  const char *values[] = { name };
  g_autoptr(PGresult) result = run (self, "SELECT " USER_COLUMNS " FROM users WHERE name = $1",
                                    1, values, error);

  if (result == NULL || PQntuples (result) == 0)
    return NULL;
  return user_from_row (result, 0, 0);
}

static gboolean
pg_user_code_exists (PgStorage  *self,
                     const char *code)
{
  const char *values[] = { code };
  g_autoptr(PGresult) result = run (self, "SELECT 1 FROM users WHERE code = $1", 1, values, NULL);

  return result == NULL || PQntuples (result) > 0;
}

static gboolean
pg_user_set_password (PgStorage   *self,
                      gint64       user_id,
                      const char  *password_hash,
                      GError     **error)
{
  char id[24];
  const char *values[] = { INT_TEXT (id, user_id), password_hash };

  return run_done (self, "UPDATE users SET password_hash = $2 WHERE id = $1::bigint", 2, values,
                   error);
}

static gboolean
pg_user_set_disabled (PgStorage  *self,
                      gint64      user_id,
                      gboolean    disabled,
                      GError    **error)
{
  char id[24];
  const char *values[] = { INT_TEXT (id, user_id), disabled ? "true" : "false" };

  return run_done (self, "UPDATE users SET disabled = $2::boolean WHERE id = $1::bigint", 2,
                   values, error);
}

static gboolean
pg_user_set_full_name (PgStorage   *self,
                       gint64       user_id,
                       const char  *full_name,
                       GError     **error)
{
  char id[24];
  const char *values[] = { INT_TEXT (id, user_id), full_name };

  return run_done (self, "UPDATE users SET full_name = NULLIF ($2, '') WHERE id = $1::bigint", 2,
                   values, error);
}

static GPtrArray *
pg_user_list (PgStorage  *self,
              gboolean    active_only,
              GError    **error)
{
  const char *values[] = { active_only ? "true" : "false" };
  g_autoptr(PGresult) result = run (self, "SELECT " USER_COLUMNS " FROM users"
                                    " WHERE NOT ($1::boolean AND disabled) ORDER BY name", 1,
                                    values, error);
  GPtrArray *users;

  if (result == NULL)
    return NULL;
  users = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_user_free);
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (users, user_from_row (result, i, 0));
  return users;
}

static GPtrArray *
pg_replica_users (PgStorage  *self,
                  GError    **error)
{
  g_autoptr(PGresult) result = run (self,
                                    "SELECT t.replica_id, u.name FROM tokens AS t"
                                    "  JOIN users AS u ON u.id = t.user_id"
                                    " UNION "
                                    "SELECT d.replica_id, u.name FROM devices AS d"
                                    "  JOIN users AS u ON u.id = d.user_id"
                                    " ORDER BY 1", 0, NULL, error);
  GPtrArray *pairs;

  if (result == NULL)
    return NULL;
  pairs = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < PQntuples (result); i++)
    {
      g_ptr_array_add (pairs, value (result, i, 0));
      g_ptr_array_add (pairs, value (result, i, 1));
    }
  return pairs;
}

/* Tokens */

static gboolean
pg_token_add (PgStorage   *self,
              const char  *token_hash,
              gint64       user_id,
              const char  *replica_id,
              gint64       expires_at,
              GError     **error)
{
  char id[24], now[24], expires[24];
  const char *values[] = { token_hash, INT_TEXT (id, user_id), replica_id,
                           INT_TEXT (now, g_get_real_time () / G_USEC_PER_SEC),
                           INT_TEXT (expires, expires_at) };

  return run_done (self, "INSERT INTO tokens (hash, user_id, replica_id, created_at, expires_at)"
                   " VALUES ($1, $2::bigint, $3, $4::bigint, $5::bigint)", 5, values, error);
}

static SahaServerUser *
pg_token_lookup (PgStorage   *self,
                 const char  *token_hash,
                 gint64      *expires_at,
                 char       **replica_id,
                 GError     **error)
{
  const char *values[] = { token_hash };
  g_autoptr(PGresult) result = run (self,
                                    "SELECT tokens.expires_at, tokens.replica_id, " USER_COLUMNS
                                    " FROM tokens JOIN users ON users.id = tokens.user_id"
                                    " WHERE tokens.hash = $1", 1, values, error);

  if (result == NULL || PQntuples (result) == 0)
    return NULL;
  *expires_at = value_int (result, 0, 0);
  *replica_id = value (result, 0, 1);
  return user_from_row (result, 0, 2);
}

static gboolean
pg_token_delete (PgStorage   *self,
                 const char  *token_hash,
                 GError     **error)
{
  const char *values[] = { token_hash };

  return run_done (self, "DELETE FROM tokens WHERE hash = $1", 1, values, error);
}

static gint64
pg_tokens_delete_for_user (PgStorage  *self,
                           gint64      user_id,
                           GError    **error)
{
  char id[24];
  const char *values[] = { INT_TEXT (id, user_id) };
  g_autoptr(PGresult) result = run (self, "DELETE FROM tokens WHERE user_id = $1::bigint", 1,
                                    values, error);

  if (result == NULL)
    return -1;
  return g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
}

/* Replicas and devices */

static gboolean
pg_replica_is_known (PgStorage  *self,
                     const char *replica_id)
{
  const char *values[] = { replica_id };
  g_autoptr(PGresult) result = run (self, "SELECT 1 FROM replicas WHERE replica_id = $1", 1,
                                    values, NULL);

  return result == NULL || PQntuples (result) > 0;
}

static guint64
pg_replica_get_counter (PgStorage  *self,
                        const char *replica_id)
{
  const char *values[] = { replica_id };
  g_autoptr(PGresult) result = run (self, "SELECT counter FROM replicas WHERE replica_id = $1", 1,
                                    values, NULL);

  if (result == NULL || PQntuples (result) == 0)
    return 0;
  return (guint64) value_int (result, 0, 0);
}

static gboolean
pg_replica_raise_counter (PgStorage   *self,
                          const char  *replica_id,
                          guint64      counter,
                          GError     **error)
{
  char number[24];
  const char *values[] = { replica_id, INT_TEXT (number, MIN (counter, (guint64) G_MAXINT64)) };

  return run_done (self, "INSERT INTO replicas (replica_id, counter) VALUES ($1, $2::bigint)"
                   " ON CONFLICT (replica_id) DO UPDATE"
                   " SET counter = GREATEST (replicas.counter, excluded.counter)", 2, values, error);
}

static gint64
pg_number_series (PgStorage   *self,
                  gint64       user_id,
                  const char  *replica_id,
                  GError     **error)
{
  char id[24];
  const char *values[] = { replica_id, INT_TEXT (id, user_id) };
  g_autoptr(PGresult) found = run (self, "SELECT series FROM number_series WHERE replica_id = $1",
                                   1, values, error);
  g_autoptr(PGresult) made = NULL;

  if (found == NULL)
    return -1;
  if (PQntuples (found) > 0 && value_int (found, 0, 0) > 0)
    return value_int (found, 0, 0);
  made = run (self, "INSERT INTO number_series (replica_id, user_id, series)"
              " SELECT $1, $2::bigint, coalesce (max (series), 0) + 1 FROM number_series"
              " WHERE user_id = $2::bigint RETURNING series", 2, values, error);
  if (made == NULL || PQntuples (made) == 0)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL,
                     "Giving replica %s a number series failed", replica_id);
      return -1;
    }
  return value_int (made, 0, 0);
}

static char *
pg_number_holder (PgStorage   *self,
                  const char  *entity,
                  const char  *number,
                  GError     **error)
{
  const char *values[] = { entity, number };
  g_autoptr(PGresult) result = run (self, "SELECT id FROM numbers WHERE entity = $1 AND number = $2",
                                    2, values, error);

  if (result == NULL || PQntuples (result) == 0)
    return NULL;
  return value (result, 0, 0);
}

static gboolean
pg_number_claim (PgStorage   *self,
                 const char  *entity,
                 const char  *number,
                 const char  *id,
                 GError     **error)
{
  const char *values[] = { entity, number, id };

  return run_done (self, "INSERT INTO numbers (entity, number, id) VALUES ($1, $2, $3)"
                   " ON CONFLICT (entity, number) DO NOTHING", 3, values, error);
}

static gboolean
pg_device_seen (PgStorage   *self,
                const char  *replica_id,
                gint64       user_id,
                gint64       acked_seq,
                gint64       now,
                GError     **error)
{
  char id[24], acked[24], at[24];
  const char *values[] = { replica_id, INT_TEXT (id, user_id), INT_TEXT (acked, acked_seq),
                           INT_TEXT (at, now) };

  /* acked_seq < 0: seen, but no cursor acknowledged (login, a pull from the start). */
  return run_done (self,
                   "INSERT INTO devices (replica_id, user_id, acked_seq, last_seen)"
                   " VALUES ($1, $2::bigint, GREATEST ($3::bigint, 0), $4::bigint)"
                   " ON CONFLICT (replica_id) DO UPDATE"
                   " SET user_id = excluded.user_id, last_seen = excluded.last_seen,"
                   "     acked_seq = CASE WHEN $3::bigint >= 0 THEN $3::bigint"
                   "                 ELSE devices.acked_seq END", 4, values, error);
}

/* Batches */

static char *
pg_batch_lookup (PgStorage  *self,
                 gint64      user_id,
                 const char *batch_id)
{
  char id[24];
  const char *values[] = { INT_TEXT (id, user_id), batch_id };
  g_autoptr(PGresult) result = run (self, "SELECT answer FROM batches"
                                    " WHERE user_id = $1::bigint AND batch_id = $2", 2, values,
                                    NULL);

  if (result == NULL || PQntuples (result) == 0)
    return NULL;
  return value (result, 0, 0);
}

static gboolean
pg_batch_store (PgStorage   *self,
                gint64       user_id,
                const char  *batch_id,
                const char  *answer,
                gint64       now,
                GError     **error)
{
  char id[24], at[24];
  const char *values[] = { INT_TEXT (id, user_id), batch_id, answer, INT_TEXT (at, now) };

  return run_done (self, "INSERT INTO batches (user_id, batch_id, answer, created_at)"
                   " VALUES ($1::bigint, $2, $3, $4::bigint)", 4, values, error);
}

/* Records */

#define ROW_COLUMNS "entity, id, parent_entity, parent_id, root, owner, assignee, deleted, seq, state"

/* What a field user $2 may see of record r (the SQLite backend's FIELD_SCOPE). */
#define FIELD_SCOPE(r) \
  "(" r ".owner IN ('" SAHA_SERVER_OWNER_EVERYONE "', $2) OR " r ".assignee = $2" \
  " OR (" r ".entity = 'customer' AND EXISTS (SELECT 1 FROM records c" \
  "     WHERE c.parent_id = " r ".id AND c.entity = 'service_call' AND c.assignee = $2)))"

static SahaServerRow *
row_from_result (const PGresult *result,
                 int             i)
{
  SahaServerRow *row = saha_server_row_new ();

  row->entity = value (result, i, 0);
  row->id = value (result, i, 1);
  row->parent_entity = value (result, i, 2);
  row->parent_id = value (result, i, 3);
  row->root = value (result, i, 4);
  row->owner = value (result, i, 5);
  row->assignee = value (result, i, 6);
  row->deleted = value_bool (result, i, 7);
  row->seq = value_int (result, i, 8);
  row->state = value (result, i, 9);
  return row;
}

static SahaServerRow *
pg_row_lookup (PgStorage   *self,
               const char  *entity,
               const char  *id,
               GError     **error)
{
  const char *values[] = { entity, id };
  g_autoptr(PGresult) result = run (self, "SELECT " ROW_COLUMNS " FROM records"
                                    " WHERE entity = $1 AND id = $2", 2, values, error);

  if (result == NULL || PQntuples (result) == 0)
    return NULL;
  return row_from_result (result, 0);
}

static gboolean
pg_row_scope (PgStorage        *self,
              const char       *user,
              const char       *entity,
              const char       *id,
              SahaServerScope  *scope,
              GError          **error)
{
  const char *values[] = { entity, user, id };
  g_autoptr(PGresult) result = run (self, "SELECT " FIELD_SCOPE ("r") " FROM records r"
                                    " WHERE r.entity = $1 AND r.id = $3", 3, values, error);

  if (result == NULL)
    return FALSE;
  if (PQntuples (result) == 0)
    *scope = SAHA_SERVER_SCOPE_ABSENT;
  else
    *scope = value_bool (result, 0, 0) ? SAHA_SERVER_SCOPE_INSIDE : SAHA_SERVER_SCOPE_OUTSIDE;
  return TRUE;
}

static char *
pg_history_tag (PgStorage *self,
                gint64     seq)
{
  char number[24];
  const char *values[] = { INT_TEXT (number, seq) };
  g_autoptr(PGresult) result = run (self, "SELECT run FROM history WHERE after_seq < $1::bigint"
                                    " ORDER BY after_seq DESC LIMIT 1", 1, values, NULL);

  if (result == NULL || PQntuples (result) == 0)
    return g_strdup ("0");
  return value (result, 0, 0);
}

/* The seqs after @seq may be handed out by this process: a new history segment unless
 * this process has one already. With several servers on one database the segments
 * are one per process start, not one per turn of writers: a seq's tag is whichever
 * segment holds it, and a database restored from a backup is only served again by
 * restarted processes, whose new run ids start new segments (the lost seqs' tags are
 * never handed out again). */
static gboolean
history_claim (PgStorage  *self,
               gint64      seq,
               GError    **error)
{
  char number[24];
  const char *run_values[] = { saha_server_storage_process_run () };
  const char *values[] = { INT_TEXT (number, seq), saha_server_storage_process_run () };
  g_autoptr(PGresult) found = run (self, "SELECT 1 FROM history WHERE run = $1", 1, run_values,
                                   error);

  if (found == NULL)
    return FALSE;
  if (PQntuples (found) > 0)
    return TRUE;
  return run_done (self, "INSERT INTO history (after_seq, run) VALUES ($1::bigint, $2)"
                   " ON CONFLICT (after_seq) DO UPDATE SET run = excluded.run", 2, values, error);
}

static gint64
next_seq (PgStorage  *self,
          GError    **error)
{
  if (self->seq < 0 || self->naive)
    {
      g_autofree char *text = NULL;
      gint64 current;

      self->seq_unwritten = FALSE;
      text = pg_get_meta (self, "seq");
      if (text == NULL || (current = g_ascii_strtoll (text, NULL, 10)) < 0)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, SAHA_SERVER_ERROR, self->lost ? SAHA_SERVER_ERROR_UNAVAILABLE
                         : SAHA_SERVER_ERROR_INTERNAL,
                         "The change sequence is missing from the database");
          return -1;
        }
      if (self->seq < 0 && !history_claim (self, current, error))
        return -1;
      if (self->naive)
        {
          g_autoptr(PGresult) result = run (self, "SELECT nextval ('naive_seq')", 0, NULL, error);

          if (result == NULL)
            return -1;
          self->seq = value_int (result, 0, 0);
          self->seq_unwritten = TRUE;
          return self->seq;
        }
      self->seq = current;
    }
  self->seq++;
  self->seq_unwritten = TRUE;
  return self->seq;
}

static gboolean
pg_row_write (PgStorage      *self,
              SahaServerRow  *row,
              GError        **error)
{
  char number[24];
  gint64 seq;

  if ((seq = next_seq (self, error)) < 0)
    return FALSE;
  {
    const char *values[] = { row->entity, row->id, row->parent_entity, row->parent_id, row->root,
                             row->owner, row->assignee, row->deleted ? "true" : "false",
                             INT_TEXT (number, seq), row->state, row->pushed_by };

    /* The row moves to its new seq (the primary key) in place. */
    if (!run_done (self, "INSERT INTO records (" ROW_COLUMNS ", pushed_by)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8::boolean, $9::bigint, $10, $11)"
                   " ON CONFLICT (entity, id) DO UPDATE SET parent_entity = excluded.parent_entity,"
                   " parent_id = excluded.parent_id, root = excluded.root, owner = excluded.owner,"
                   " assignee = excluded.assignee, deleted = excluded.deleted, seq = excluded.seq,"
                   " state = excluded.state, pushed_by = excluded.pushed_by", 11, values, error))
      return FALSE;
  }
  row->seq = seq;
  return TRUE;
}

static GPtrArray *
pg_rows_of_entity (PgStorage   *self,
                   const char  *entity,
                   GError     **error)
{
  const char *values[] = { entity };
  g_autoptr(PGresult) result = run (self, "SELECT " ROW_COLUMNS " FROM records"
                                    " WHERE entity = $1 ORDER BY seq", 1, values, error);
  GPtrArray *rows;

  if (result == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_row_free);
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (rows, row_from_result (result, i));
  return rows;
}

static GPtrArray *
pg_row_children (PgStorage   *self,
                 const char  *entity,
                 const char  *id,
                 GError     **error)
{
  const char *values[] = { entity, id };
  g_autoptr(PGresult) result = run (self, "SELECT " ROW_COLUMNS " FROM records"
                                    " WHERE parent_id = $2 AND parent_entity = $1 ORDER BY seq",
                                    2, values, error);
  GPtrArray *rows;

  if (result == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_row_free);
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (rows, row_from_result (result, i));
  return rows;
}

static gboolean
pg_revoke (PgStorage   *self,
           const char  *user,
           const char  *entity,
           const char  *id,
           GError     **error)
{
  char number[24];
  gint64 seq;

  if ((seq = next_seq (self, error)) < 0)
    return FALSE;
  {
    const char *values[] = { user, entity, id, INT_TEXT (number, seq) };

    return run_done (self, "INSERT INTO revocations (\"user\", entity, id, seq)"
                     " VALUES ($1, $2, $3, $4::bigint)"
                     " ON CONFLICT (\"user\", entity, id) DO UPDATE SET seq = excluded.seq", 4,
                     values, error);
  }
}

/* Pull */

static gint64
count_after (PgStorage   *self,
             const char  *user,
             gint64       after,
             GError     **error)
{
  char number[24];
  const char *values[] = { INT_TEXT (number, after), user };
  g_autoptr(PGresult) result = NULL;

  if (user == NULL)
    result = run (self, "SELECT count(*) FROM records WHERE seq > $1::bigint", 1, values, error);
  else
    result = run (self, "SELECT count(*) FROM records r WHERE seq > $1::bigint AND " FIELD_SCOPE ("r"),
                  2, values, error);
  if (result == NULL)
    return -1;
  return value_int (result, 0, 0);
}

static SahaServerPullPage *
pg_pull (PgStorage   *self,
         const char  *user,
         gint64       after_seq,
         guint        limit,
         const char  *own_replica,
         GError     **error)
{
  g_autoptr(SahaServerPullPage) page = g_new0 (SahaServerPullPage, 1);
  char after[24], count[24];
  /* Nothing to pass over: an empty id, which no replica has. */
  const char *values[] = { INT_TEXT (after, after_seq), user, INT_TEXT (count, limit),
                           own_replica != NULL ? own_replica : "" };
  g_autoptr(PGresult) result = NULL;
  gint64 last_seq = after_seq;
  int walked;

  page->states = g_ptr_array_new_with_free_func (g_free);
  page->revoked = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_revocation_free);

  if (user == NULL)
    result = run (self, "SELECT seq, CASE WHEN pushed_by = $4 THEN NULL ELSE state END"
                  " FROM records WHERE seq > $1::bigint AND $2::text IS NULL"
                  " ORDER BY seq LIMIT $3::bigint", 4, values, error);
  else
    result = run (self, "SELECT seq, CASE WHEN pushed_by = $4 THEN NULL ELSE state END"
                  " FROM records r WHERE seq > $1::bigint AND " FIELD_SCOPE ("r")
                  " ORDER BY seq LIMIT $3::bigint", 4, values, error);
  if (result == NULL)
    return NULL;
  walked = PQntuples (result);
  for (int i = 0; i < walked; i++)
    {
      last_seq = value_int (result, i, 0);
      if (!PQgetisnull (result, i, 1))
        g_ptr_array_add (page->states, value (result, i, 1));
    }

  /* meta's seq in this snapshot: every change up to it is visible here (the write lock,
   * at the top of this file). */
  if ((guint) walked < limit)
    page->cursor = MAX (meta_int (self, "seq"), after_seq);
  else
    page->cursor = last_seq;

  page->remaining = count_after (self, user, page->cursor, error);
  if (page->remaining < 0)
    return NULL;
  page->more = page->remaining > 0;

  if (user != NULL)
    {
      char cursor[24];
      const char *revoked_values[] = { after, user, INT_TEXT (cursor, page->cursor) };
      g_autoptr(PGresult) revoked = run (self,
                                         "SELECT v.entity, v.id FROM revocations v"
                                         " WHERE v.\"user\" = $2 AND v.seq > $1::bigint"
                                         " AND v.seq <= $3::bigint"
                                         " AND NOT EXISTS (SELECT 1 FROM records r"
                                         "   WHERE r.entity = v.entity AND r.id = v.id AND "
                                         FIELD_SCOPE ("r") ")"
                                         " ORDER BY v.seq", 3, revoked_values, error);

      if (revoked == NULL)
        return NULL;
      for (int i = 0; i < PQntuples (revoked); i++)
        {
          SahaServerRevocation *revocation = g_new0 (SahaServerRevocation, 1);

          revocation->entity = value (revoked, i, 0);
          revocation->id = value (revoked, i, 1);
          g_ptr_array_add (page->revoked, revocation);
        }
    }
  return g_steal_pointer (&page);
}

/* Purge */

static gint64
pg_get_purge_seq (PgStorage *self)
{
  return meta_int (self, "purge_seq");
}

static gint64
pg_purge (PgStorage  *self,
          gint64      active_since,
          gint64      answers_before,
          GError    **error)
{
  char since[24], before[24], horizon_text[24], purge_text[24];
  const char *since_values[] = { INT_TEXT (since, active_since) };
  const char *before_values[] = { INT_TEXT (before, answers_before) };
  const char *horizon_values[1];
  g_autoptr(PGresult) result = NULL;
  gint64 horizon = -1;
  gint64 purged;
  gint64 purge_seq;

  if (!pg_begin (self, TRUE, error))
    return -1;
  result = run (self, "SELECT min (acked_seq) FROM devices WHERE last_seen >= $1::bigint", 1,
                since_values, error);
  if (result == NULL)
    goto fail;
  if (!PQgetisnull (result, 0, 0))
    horizon = value_int (result, 0, 0);
  g_clear_pointer (&result, PQclear);
  if (horizon < 0)
    horizon = meta_int (self, "seq");
  horizon_values[0] = INT_TEXT (horizon_text, horizon);
  purge_seq = pg_get_purge_seq (self);
  result = run (self, "SELECT GREATEST (coalesce ((SELECT max (seq) FROM records"
                "                            WHERE deleted AND seq <= $1::bigint), 0),"
                "                 coalesce ((SELECT max (seq) FROM revocations"
                "                            WHERE seq <= $1::bigint), 0))", 1, horizon_values,
                error);
  if (result == NULL)
    goto fail;
  purge_seq = MAX (purge_seq, value_int (result, 0, 0));
  g_clear_pointer (&result, PQclear);

  result = run (self, "DELETE FROM records WHERE deleted AND seq <= $1::bigint", 1,
                horizon_values, error);
  if (result == NULL)
    goto fail;
  purged = g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
  if (!run_done (self, "DELETE FROM revocations WHERE seq <= $1::bigint", 1, horizon_values, error)
      || !run_done (self, "DELETE FROM devices WHERE last_seen < $1::bigint", 1, since_values, error)
      || !run_done (self, "DELETE FROM batches WHERE created_at < $1::bigint", 1, before_values,
                    error)
      || !pg_set_meta (self, "purge_seq", INT_TEXT (purge_text, purge_seq), error))
    goto fail;
  if (!pg_commit (self, error))
    return -1;
  return purged;

fail:
  pg_rollback (self);
  return -1;
}

/* The audit trail */

static gboolean
pg_audit_add (PgStorage                   *self,
              const SahaServerAuditEntry  *entry,
              GError                     **error)
{
  char at[24];
  const char *values[] = { INT_TEXT (at, entry->at), entry->user, entry->device, entry->entity,
                           entry->id, entry->field, entry->old_value, entry->new_value };

  return run_done (self, "INSERT INTO audit (at, \"user\", device, entity, id, field, old, new)"
                   " VALUES ($1::bigint, $2, $3, $4, $5, $6, $7, $8)", 8, values, error);
}

static GPtrArray *
audit_entries (PGresult *result)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_audit_entry_free);

  for (int i = 0; i < PQntuples (result); i++)
    {
      SahaServerAuditEntry *entry = g_new0 (SahaServerAuditEntry, 1);

      entry->at = value_int (result, i, 0);
      entry->user = value (result, i, 1);
      entry->device = value (result, i, 2);
      entry->entity = value (result, i, 3);
      entry->id = value (result, i, 4);
      entry->field = value (result, i, 5);
      entry->old_value = value (result, i, 6);
      entry->new_value = value (result, i, 7);
      entry->n = value_int (result, i, 8);
      g_ptr_array_add (entries, entry);
    }
  return entries;
}

static GPtrArray *
pg_audit_list (PgStorage   *self,
               const char  *record_id,
               const char  *user,
               gint64       since,
               GError     **error)
{
  char from[24];
  const char *values[] = { record_id, user, INT_TEXT (from, since) };
  g_autoptr(PGresult) result = run (self,
                                    "SELECT at, \"user\", device, entity, id, field, old, new, n"
                                    " FROM audit WHERE ($1::text IS NULL OR id = $1)"
                                    " AND ($2::text IS NULL OR \"user\" = $2)"
                                    " AND at >= $3::bigint ORDER BY n", 3, values, error);

  return result != NULL ? audit_entries (result) : NULL;
}

static GPtrArray *
pg_audit_list_before (PgStorage   *self,
                      gint64       before,
                      gint64       after_n,
                      gint64      *done_upto,
                      GError     **error)
{
  char before_text[24], after_text[24];
  const char *first_values[] = { INT_TEXT (before_text, before) };
  const char *values[] = { before_text, INT_TEXT (after_text, after_n) };
  g_autoptr(PGresult) first = run (self, "SELECT min (n) FROM audit WHERE at >= $1::bigint", 1,
                                   first_values, error);
  g_autoptr(PGresult) result = NULL;

  if (first == NULL)
    return NULL;
  /* Every entry below the first one that is not old yet is old. */
  if (PQntuples (first) == 0 || PQgetisnull (first, 0, 0))
    *done_upto = G_MAXINT64;
  else
    *done_upto = value_int (first, 0, 0) - 1;
  result = run (self, "SELECT at, \"user\", device, entity, id, field, old, new, n FROM audit"
                " WHERE n > $2::bigint AND at < $1::bigint AND field <> 'deleted'"
                " AND (old IS NOT NULL OR new IS NOT NULL) ORDER BY n", 2, values, error);
  return result != NULL ? audit_entries (result) : NULL;
}

static gboolean
pg_audit_set_values (PgStorage   *self,
                     gint64       n,
                     const char  *old_value,
                     const char  *new_value,
                     GError     **error)
{
  char n_text[24];
  const char *values[] = { INT_TEXT (n_text, n), old_value, new_value };

  return run_done (self, "UPDATE audit SET old = $2, new = $3 WHERE n = $1::bigint", 3, values,
                   error);
}

static gint64
pg_audit_blank_record (PgStorage   *self,
                       const char  *entity,
                       const char  *id,
                       GError     **error)
{
  const char *values[] = { entity, id };
  g_autoptr(PGresult) result = run (self,
                                    "UPDATE audit SET"
                                    " old = CASE WHEN old IS NULL THEN NULL ELSE '" SAHA_SERVER_AUDIT_ERASED "' END,"
                                    " new = CASE WHEN new IS NULL THEN NULL ELSE '" SAHA_SERVER_AUDIT_ERASED "' END"
                                    " WHERE entity = $1 AND id = $2 AND field <> 'deleted'", 2,
                                    values, error);

  if (result == NULL)
    return -1;
  return g_ascii_strtoll (PQcmdTuples (result), NULL, 10);
}

/* Devices */

static GPtrArray *
pg_device_list (PgStorage   *self,
                const char  *user,
                GError     **error)
{
  const char *values[] = { user };
  g_autoptr(PGresult) result = run (self,
                                    "SELECT d.replica_id,"
                                    " (array_agg (users.name ORDER BY d.last_seen DESC))[1] AS name,"
                                    " max (d.last_seen), max (wiped.wiped_at)"
                                    " FROM (SELECT replica_id, user_id, last_seen FROM devices"
                                    "       UNION ALL SELECT replica_id, user_id, created_at FROM tokens"
                                    "       UNION ALL SELECT replica_id, user_id, 0 FROM wiped) d"
                                    " JOIN users ON users.id = d.user_id"
                                    " LEFT JOIN wiped ON wiped.replica_id = d.replica_id"
                                    " WHERE $1::text IS NULL OR users.name = $1"
                                    " GROUP BY d.replica_id ORDER BY name, d.replica_id", 1,
                                    values, error);
  GPtrArray *devices;

  if (result == NULL)
    return NULL;
  devices = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_device_free);
  for (int i = 0; i < PQntuples (result); i++)
    {
      SahaServerDevice *device = g_new0 (SahaServerDevice, 1);

      device->replica_id = value (result, i, 0);
      device->user = value (result, i, 1);
      device->last_seen = value_int (result, i, 2);
      device->wiped_at = value_int (result, i, 3);
      g_ptr_array_add (devices, device);
    }
  return devices;
}

static gboolean
pg_device_wipe (PgStorage   *self,
                const char  *replica_id,
                gint64       user_id,
                gint64       now,
                GError     **error)
{
  char id[24], at[24];
  const char *values[] = { replica_id, INT_TEXT (id, user_id), INT_TEXT (at, now) };
  const char *replica[] = { replica_id };

  return run_done (self, "INSERT INTO wiped (replica_id, user_id, wiped_at)"
                   " VALUES ($1, $2::bigint, $3::bigint) ON CONFLICT (replica_id) DO NOTHING", 3,
                   values, error)
         && run_done (self, "INSERT INTO wiped_tokens (hash, replica_id)"
                      " SELECT hash, replica_id FROM tokens WHERE replica_id = $1"
                      " ON CONFLICT DO NOTHING", 1, replica, error)
         && run_done (self, "DELETE FROM tokens WHERE replica_id = $1", 1, replica, error);
}

static gboolean
pg_device_is_wiped (PgStorage  *self,
                    const char *replica_id,
                    const char *token_hash)
{
  const char *values[] = { replica_id, token_hash };
  g_autoptr(PGresult) result = run (self,
                                    "SELECT 1 WHERE EXISTS (SELECT 1 FROM wiped WHERE replica_id = $1)"
                                    " OR EXISTS (SELECT 1 FROM wiped_tokens WHERE hash = $2)", 2,
                                    values, NULL);

  return result != NULL && PQntuples (result) > 0;
}

/* Erasure */

static gboolean
pg_erasure_add (PgStorage   *self,
                const char  *entity,
                const char  *id,
                const char  *person,
                const char  *erased_by,
                gint64       now,
                GError     **error)
{
  char at[24];
  const char *values[] = { entity, id, person, INT_TEXT (at, now), erased_by };

  return run_done (self, "INSERT INTO erasures (entity, id, person, erased_at, erased_by)"
                   " VALUES ($1, $2, $3, $4::bigint, $5) ON CONFLICT DO NOTHING", 5, values,
                   error);
}

static gboolean
pg_is_erased (PgStorage   *self,
              const char  *entity,
              const char  *id,
              gboolean    *erased,
              GError     **error)
{
  const char *values[] = { entity, id };
  g_autoptr(PGresult) result = run (self, "SELECT 1 FROM erasures WHERE entity = $1 AND id = $2",
                                    2, values, error);

  if (result == NULL)
    return FALSE;
  *erased = PQntuples (result) > 0;
  return TRUE;
}

static GPtrArray *
pg_erasures (PgStorage  *self,
             GError    **error)
{
  g_autoptr(PGresult) result = run (self, "SELECT entity, id FROM erasures ORDER BY entity, id",
                                    0, NULL, error);
  GPtrArray *list;

  if (result == NULL)
    return NULL;
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_revocation_free);
  for (int i = 0; i < PQntuples (result); i++)
    {
      SahaServerRevocation *key = g_new0 (SahaServerRevocation, 1);

      key->entity = value (result, i, 0);
      key->id = value (result, i, 1);
      g_ptr_array_add (list, key);
    }
  return list;
}

static gboolean
pg_forget_answers_with (PgStorage   *self,
                        const char  *id,
                        GError     **error)
{
  const char *values[] = { id };

  return run_done (self, "DELETE FROM batches WHERE strpos (answer, $1) > 0", 1, values, error);
}

/* The backend's table (saha-server-storage-backend.h). */
#define THUNK(ret, name, params, args) SAHA_STORAGE_THUNK (pg, PgStorage, ret, name, params, args)
#define THUNK0(ret, name) SAHA_STORAGE_THUNK0 (pg, PgStorage, ret, name)
#define VTHUNK0(name) SAHA_STORAGE_VTHUNK0 (pg, PgStorage, name)
SAHA_STORAGE_METHODS (THUNK, THUNK0, VTHUNK0)

#define SLOT(ret, name, params, args) .name = pg_thunk_##name,
#define SLOT0(ret, name) .name = pg_thunk_##name,
#define VSLOT0(name) .name = pg_thunk_##name,
const SahaServerStorageBackend saha_server_storage_postgresql_backend = {
  .name = "postgresql",
  SAHA_STORAGE_METHODS (SLOT, SLOT0, VSLOT0)
};

/* For `saha-server copy` (saha-server-copy.c): runs @sql (kept alive by the caller until
 * the storage is closed: its address names the prepared statement) with @n text
 * parameters; *first (when not NULL) gets the first column of the first row as a
 * number. */
gboolean
saha_server_storage_postgresql_run (SahaServerStorage   *storage,
                                    const char          *sql,
                                    int                  n,
                                    const char * const  *values,
                                    gint64              *first,
                                    GError             **error)
{
  PgStorage *self = (PgStorage *) storage;
  g_autoptr(PGresult) result = NULL;

  g_return_val_if_fail (storage->backend == &saha_server_storage_postgresql_backend, FALSE);
  result = run (self, sql, n, values, error);
  if (result == NULL)
    return FALSE;
  if (first != NULL)
    *first = PQntuples (result) > 0 && PQnfields (result) > 0 ? value_int (result, 0, 0) : 0;
  return TRUE;
}
