/* saha-server-storage-sqlite.c: the server's storage on SQLite (WAL); the only file with SQL.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>

#include "saha-server-clock.h"
#include "saha-server-error.h"
#include "saha-server-migrations.h"
#include "saha-server-storage-backend.h"

/*
 * The database file: server.db under the data directory. Its schema is made and changed
 * by the numbered migrations in migrations/sqlite/ (saha-server-migrations.h); meta's
 * "schema_version" row says which have run.
 *
 * meta         key/value facts: "epoch" (random, made with the file; part of every
 *              cursor), "seq" (the last change sequence number handed out),
 *              "purge_seq" (the last seq of a tombstone or revocation purged; cursors
 *              below it must re-sync), "demo_at" (set once the demo data was seeded),
 *              "schema_version" (the last migration applied).
 * users        accounts; name and code are each unique. password_hash is libsodium's
 *              crypto_pwhash_str (argon2id) string.
 * tokens       bearer tokens by the hex BLAKE2b hash of the token; deleting a row
 *              revokes the token. A token is bound to the replica that signed in.
 * records      the merged state of every record (codec JSON with registers) and the
 *              columns scope is decided on (see SahaServerRow). seq is the rowid: every
 *              change of a record, scope changes included, moves it to a new, larger seq,
 *              so a pull is a walk of the rowid after the cursor. (entity, id) is unique.
 *              pushed_by is the replica whose push stored the current state (NULL for
 *              any other write): that replica holds the state and need not pull it.
 * revocations  (user, entity, id) left that user's scope at seq; a pull lists those after
 *              the cursor that the user still cannot see. One row per record and user:
 *              a newer revocation replaces the older one.
 * replicas     the highest dot counter seen from each replica id (login and push), to
 *              detect restored or copied replica files.
 * devices      per replica: its user, the last cursor seq it acknowledged by pulling
 *              from it, and when it was last seen: the tombstone purge horizon.
 * batches      the stored answer of each push batch, by (user, batch id): a replay gets
 *              the same answer and changes nothing.
 * history      which process handed out which seqs: a row (after_seq, run) says that the
 *              seqs above after_seq (up to the next row's) were handed out by the process
 *              whose random run id is run. A data directory restored from a copy and
 *              started again hands out the seqs after the copy's last one under a new run
 *              id, so a cursor naming (seq, run) of the lost history no longer matches:
 *              saha_server_storage_history_tag(). One row per process that wrote.
 * erasures     every record blanked by the erasure of a person (docs/security.md), by
 *              (entity, id), with the erased person's record, when and by whom. Never
 *              purged: every pull lists them, whatever its cursor, and pushes of them
 *              are refused, so no device can bring the person back.
 * audit        append-only: one row per field an accepted push changed (at, user, device
 *              = the pushing replica id, entity, id, field, old and new shown value).
 *              Triggers refuse deleting rows and changing anything but old/new, which
 *              only sqlite_audit_blank_record () (erasure) and
 *              sqlite_audit_set_values () (retention's hashing) rewrite.
 * wiped        devices an admin marked lost (`saha-server device wipe`): every request
 *              from that replica id, or with a token it held, is answered 410
 *              device_wiped.
 * wiped_tokens the hashes of the tokens a wiped device held (deleted from tokens), so a
 *              copy of one is recognised and answered the same.
 */

/* What a field user @2 may see of record r: shared records, their customers' trees,
 * their calls (with parts) and the customers of their calls. */
#define FIELD_SCOPE(r) \
  "(" r ".owner IN ('" SAHA_SERVER_OWNER_EVERYONE "', ?2) OR " r ".assignee = ?2" \
  " OR (" r ".entity = 'customer' AND EXISTS (SELECT 1 FROM records c" \
  "     WHERE c.parent_id = " r ".id AND c.entity = 'service_call' AND c.assignee = ?2)))"

typedef struct
{
  SahaServerStorage base;
  sqlite3    *db;
  GHashTable *statements;  /* SQL text (static) -> sqlite3_stmt */
  char       *epoch;
  /* The change sequence inside a write transaction: read once, counted here, and written
   * back to meta once, at commit (an UPDATE per record was 6 % of a push). -1: not read. */
  gint64      seq;
  gboolean    seq_unwritten;
} SqliteStorage;

static char    *sqlite_get_meta (SqliteStorage *self, const char *key);
static gboolean sqlite_set_meta (SqliteStorage *self, const char *key, const char *value,
                                 GError **error);
static gboolean sqlite_commit   (SqliteStorage *self, GError **error);
static void     sqlite_rollback (SqliteStorage *self);

static gboolean
set_sqlite_error (SqliteStorage  *self,
                  GError            **error)
{
  g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL,
               "Storage failure: %s", sqlite3_errmsg (self->db));
  return FALSE;
}

/* The prepared statement for @sql (a string literal: its address is the key), reset and
 * with its bindings cleared. Statements are prepared once per connection. */
static sqlite3_stmt *
statement (SqliteStorage  *self,
           const char         *sql,
           GError            **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt == NULL)
    {
      if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
        {
          set_sqlite_error (self, error);
          return NULL;
        }
      g_hash_table_insert (self->statements, (gpointer) sql, stmt);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Runs a statement that returns no rows; the statement is left reset. */
static gboolean
step_done (SqliteStorage  *self,
           sqlite3_stmt       *stmt,
           GError            **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, error);
  return TRUE;
}

static gboolean
exec (SqliteStorage  *self,
      const char         *sql,
      GError            **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error);
  return TRUE;
}

static void
statement_finalize (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static gint64
meta_int (SqliteStorage *self,
          const char        *key)
{
  g_autofree char *text = sqlite_get_meta (self, key);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

/* Whether @sql (a probe for a table or a column) gives a row. */
static gboolean
has_row (SqliteStorage  *self,
         const char         *sql,
         gboolean           *found,
         GError            **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return set_sqlite_error (self, error);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (self, error);
  *found = rc == SQLITE_ROW;
  return TRUE;
}

/* The schema version of the database, inside the write transaction: 0 for a new file.
 * A database made before migrations were numbered (a meta table, no schema_version) is
 * adopted: 0001 (written with IF NOT EXISTS for this) adds what it lacks, and it counts
 * as version 2 if records already has pushed_by (added by 0002), else 1. Later
 * migrations need no probes. */
static gboolean
schema_version (SqliteStorage  *self,
                guint              *version,
                GError            **error)
{
  g_auto(GStrv) names = saha_server_migrations_list ("sqlite");
  g_autofree char *text = NULL;
  g_autofree char *first = NULL;
  gboolean found;

  if (!has_row (self, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                &found, error))
    return FALSE;
  if (!found)
    {
      *version = 0;
      return TRUE;
    }
  text = sqlite_get_meta (self, "schema_version");
  if (text != NULL)
    {
      guint64 value;

      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, NULL))
        {
          g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL,
                       "The database's schema version \"%s\" is not a number", text);
          return FALSE;
        }
      *version = value;
      return TRUE;
    }
  first = saha_server_migration_sql ("sqlite", names[0]);
  if (!exec (self, first, error)
      || !has_row (self, "SELECT 1 FROM pragma_table_info ('records') WHERE name = 'pushed_by'",
                   &found, error))
    return FALSE;
  *version = found ? 2 : 1;
  return TRUE;
}

/* Brings the database to the newest schema this server knows, in the open's write
 * transaction (all or nothing). A database from a newer server is refused, unchanged. */
static gboolean
migrate (SqliteStorage  *self,
         const char         *path,
         GError            **error)
{
  g_auto(GStrv) names = saha_server_migrations_list ("sqlite");
  guint latest = g_strv_length (names);
  guint version;

  if (!schema_version (self, &version, error))
    return FALSE;
  if (version > latest)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL,
                   "%s has schema version %u, newer than this saha-server knows (%u): "
                   "run a newer saha-server on it", path, version, latest);
      return FALSE;
    }
  if (version == latest)
    return TRUE;
  for (; version < latest; version++)
    {
      g_autofree char *sql = saha_server_migration_sql ("sqlite", names[version]);

      if (!exec (self, sql, error))
        {
          g_prefix_error (error, "Migration %s: ", names[version]);
          return FALSE;
        }
    }
  {
    g_autofree char *text = g_strdup_printf ("%u", latest);

    return sqlite_set_meta (self, "schema_version", text, error);
  }
}

static void sqlite_close (SqliteStorage *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SqliteStorage, sqlite_close)

SahaServerStorage *
saha_server_storage_sqlite_open (const char  *data_dir,
                                 GError     **error)
{
  g_autoptr(SqliteStorage) self = g_new0 (SqliteStorage, 1);
  g_autofree char *path = g_build_filename (data_dir, "server.db", NULL);

  self->base.backend = &saha_server_storage_sqlite_backend;
  self->seq = -1;  /* not read yet: see next_seq() */

  self->statements = g_hash_table_new_full (NULL, NULL, NULL, statement_finalize);

  /* The customer file must never fall into the wrong hands: only the server's own user
   * may read the directory and the files in it (the WAL files inherit the umask that
   * main() sets). */
  if (g_mkdir_with_parents (data_dir, 0700) != 0 || g_chmod (data_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot use the data directory %s: %s", data_dir, g_strerror (saved));
      return NULL;
    }

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL,
                   "Cannot open %s: %s", path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : "out of memory");
      return NULL;
    }
  g_chmod (path, 0600);
  /* Several worker threads each hold a connection: writers wait for each other. */
  sqlite3_busy_timeout (self->db, 30000);

  /* Reads through a memory map: with pread() every page a worker's small page cache
   * misses (the (entity, id) index is hit at random by pushes) was copied out of the
   * kernel again, most of a push's time. The map is shared by all connections through
   * the kernel's page cache; it only costs address space and reclaimable file pages. */
  if (!exec (self, "PRAGMA journal_mode = WAL", error)
      || !exec (self, "PRAGMA mmap_size = 1073741824", error)
      || !exec (self, "PRAGMA cache_size = -16384", error)
      || !exec (self, "PRAGMA synchronous = NORMAL", error)
      || !exec (self, "PRAGMA foreign_keys = ON", error)
      /* An erased person's old values must not linger in freed pages (security.md). */
      || !exec (self, "PRAGMA secure_delete = ON", error))
    return NULL;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  if (!migrate (self, path, error))
    {
      sqlite_rollback (self);
      return NULL;
    }
  self->epoch = sqlite_get_meta (self, "epoch");
  if (self->epoch == NULL)
    {
      self->epoch = saha_server_storage_random_id ();
      if (!sqlite_set_meta (self, "epoch", self->epoch, error)
          || !sqlite_set_meta (self, "seq", "0", error)
          || !sqlite_set_meta (self, "purge_seq", "0", error))
        {
          sqlite_rollback (self);
          return NULL;
        }
    }
  if (!sqlite_commit (self, error))
    return NULL;

  return (SahaServerStorage *) g_steal_pointer (&self);
}

static void
sqlite_close (SqliteStorage *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_free (self->epoch);
  g_free (self);
}

static const char *
sqlite_get_epoch (SqliteStorage *self)
{
  return self->epoch;
}

static void
forget_seq (SqliteStorage *self)
{
  self->seq = -1;
  self->seq_unwritten = FALSE;
}

/* Writes the counted seq back to meta, inside the transaction. */
static gboolean
write_seq (SqliteStorage  *self,
           GError            **error)
{
  sqlite3_stmt *stmt;

  if (!self->seq_unwritten)
    return TRUE;
  stmt = statement (self, "UPDATE meta SET value = ?1 WHERE key = 'seq'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->seq);
  if (!step_done (self, stmt, error))
    return FALSE;
  self->seq_unwritten = FALSE;
  return TRUE;
}

static gboolean
sqlite_begin (SqliteStorage  *self,
                           gboolean            write,
                           GError            **error)
{
  forget_seq (self);
  /* IMMEDIATE takes the write lock up front, so two pushes never deadlock upgrading. */
  return exec (self, write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", error);
}

static gboolean
sqlite_commit (SqliteStorage  *self,
                            GError            **error)
{
  if (write_seq (self, error) && exec (self, "COMMIT", error))
    {
      forget_seq (self);
      return TRUE;
    }
  sqlite_rollback (self);
  return FALSE;
}

static void
sqlite_rollback (SqliteStorage *self)
{
  forget_seq (self);
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static void
sqlite_set_bulk_mode (SqliteStorage *self)
{
  /* 512 MiB at most; SQLite only takes what it touches. */
  sqlite3_exec (self->db, "PRAGMA cache_size = -524288", NULL, NULL, NULL);
}

static void
sqlite_checkpoint (SqliteStorage *self)
{
  if (sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
    g_warning ("WAL checkpoint failed: %s", sqlite3_errmsg (self->db));
}

static char *
sqlite_get_meta (SqliteStorage *self,
                              const char        *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  /* The seq counted in this transaction is the current one. */
  if (self->seq_unwritten && g_strcmp0 (key, "seq") == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, self->seq);
  stmt = statement (self, "SELECT value FROM meta WHERE key = ?1", NULL);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = column_text (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static gboolean
sqlite_set_meta (SqliteStorage  *self,
                              const char         *key,
                              const char         *value,
                              GError            **error)
{
  sqlite3_stmt *stmt = statement (self, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                                  error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  bind_text (stmt, 2, value);
  return step_done (self, stmt, error);
}

/* Users */

static SahaServerUser *
user_from_row (sqlite3_stmt *stmt,
               int           first)
{
  SahaServerUser *user = g_new0 (SahaServerUser, 1);

  user->id = sqlite3_column_int64 (stmt, first);
  user->name = column_text (stmt, first + 1);
  if (!saha_server_role_from_string ((const char *) sqlite3_column_text (stmt, first + 2), &user->role))
    user->role = SAHA_SERVER_ROLE_REP;
  user->code = column_text (stmt, first + 3);
  user->password_hash = column_text (stmt, first + 4);
  user->disabled = sqlite3_column_int (stmt, first + 5) != 0;
  user->full_name = column_text (stmt, first + 6);
  return user;
}

#define USER_COLUMNS "users.id, users.name, users.role, users.code, users.password_hash, users.disabled, users.full_name"

static gboolean
sqlite_user_add (SqliteStorage  *self,
                              const char         *name,
                              SahaServerRole      role,
                              const char         *code,
                              const char         *password_hash,
                              GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "INSERT INTO users (name, role, code, password_hash, created_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  bind_text (stmt, 2, saha_server_role_to_string (role));
  bind_text (stmt, 3, code);
  bind_text (stmt, 4, password_hash);
  sqlite3_bind_int64 (stmt, 5, saha_server_now ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_EXISTS,
                   "A user named %s already exists", name);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (self, error);
  return TRUE;
}

static SahaServerUser *
sqlite_user_lookup (SqliteStorage  *self,
                                 const char         *name,
                                 GError            **error)
{
  sqlite3_stmt *stmt = statement (self, "SELECT " USER_COLUMNS " FROM users WHERE name = ?1", error);
  SahaServerUser *user = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, name);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    user = user_from_row (stmt, 0);
  else if (rc != SQLITE_DONE)
    set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  return user;
}

static gboolean
sqlite_user_code_exists (SqliteStorage *self,
                                      const char        *code)
{
  sqlite3_stmt *stmt = statement (self, "SELECT 1 FROM users WHERE code = ?1", NULL);
  gboolean exists;

  if (stmt == NULL)
    return TRUE;
  bind_text (stmt, 1, code);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return exists;
}

static gboolean
sqlite_user_set_password (SqliteStorage  *self,
                                       gint64              user_id,
                                       const char         *password_hash,
                                       GError            **error)
{
  sqlite3_stmt *stmt = statement (self, "UPDATE users SET password_hash = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  bind_text (stmt, 2, password_hash);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_user_set_disabled (SqliteStorage  *self,
                                       gint64              user_id,
                                       gboolean            disabled,
                                       GError            **error)
{
  sqlite3_stmt *stmt = statement (self, "UPDATE users SET disabled = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  sqlite3_bind_int (stmt, 2, disabled ? 1 : 0);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_user_set_full_name (SqliteStorage  *self,
                                        gint64              user_id,
                                        const char         *full_name,
                                        GError            **error)
{
  sqlite3_stmt *stmt = statement (self, "UPDATE users SET full_name = NULLIF (?2, '') WHERE id = ?1",
                                  error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  bind_text (stmt, 2, full_name);
  return step_done (self, stmt, error);
}

static GPtrArray *
sqlite_user_list (SqliteStorage  *self,
                               gboolean            active_only,
                               GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT " USER_COLUMNS " FROM users"
                                  " WHERE NOT (?1 AND disabled) ORDER BY name", error);
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_user_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, active_only ? 1 : 0);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (users, user_from_row (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&users);
}

/* Every replica id a user signed in with (tokens, kept or expired) or pulled from
 * (devices), as pairs of strings: replica id, user name. Disabled users included: their
 * edits stay in records. */
static GPtrArray *
sqlite_replica_users (SqliteStorage  *self,
                                   GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT t.replica_id, u.name FROM tokens AS t"
                                  "  JOIN users AS u ON u.id = t.user_id"
                                  " UNION "
                                  "SELECT d.replica_id, u.name FROM devices AS d"
                                  "  JOIN users AS u ON u.id = d.user_id"
                                  " ORDER BY 1", error);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_ptr_array_add (pairs, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (pairs, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&pairs);
}

/* Tokens */

static gboolean
sqlite_token_add (SqliteStorage  *self,
                               const char         *token_hash,
                               gint64              user_id,
                               const char         *replica_id,
                               gint64              expires_at,
                               GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "INSERT INTO tokens (hash, user_id, replica_id, created_at, expires_at)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  sqlite3_bind_int64 (stmt, 2, user_id);
  bind_text (stmt, 3, replica_id);
  sqlite3_bind_int64 (stmt, 4, saha_server_now ());
  sqlite3_bind_int64 (stmt, 5, expires_at);
  return step_done (self, stmt, error);
}

static SahaServerUser *
sqlite_token_lookup (SqliteStorage  *self,
                                  const char         *token_hash,
                                  gint64             *expires_at,
                                  char              **replica_id,
                                  GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT tokens.expires_at, tokens.replica_id, " USER_COLUMNS
                                  " FROM tokens JOIN users ON users.id = tokens.user_id"
                                  " WHERE tokens.hash = ?1", error);
  SahaServerUser *user = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, token_hash);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *expires_at = sqlite3_column_int64 (stmt, 0);
      *replica_id = column_text (stmt, 1);
      user = user_from_row (stmt, 2);
    }
  else if (rc != SQLITE_DONE)
    set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  return user;
}

static gboolean
sqlite_token_delete (SqliteStorage  *self,
                                  const char         *token_hash,
                                  GError            **error)
{
  sqlite3_stmt *stmt = statement (self, "DELETE FROM tokens WHERE hash = ?1", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  return step_done (self, stmt, error);
}

static gint64
sqlite_tokens_delete_for_user (SqliteStorage  *self,
                                            gint64              user_id,
                                            GError            **error)
{
  sqlite3_stmt *stmt = statement (self, "DELETE FROM tokens WHERE user_id = ?1", error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, user_id);
  if (!step_done (self, stmt, error))
    return -1;
  return sqlite3_changes64 (self->db);
}

/* Replicas and devices */

static gboolean
sqlite_replica_is_known (SqliteStorage *self,
                                      const char        *replica_id)
{
  sqlite3_stmt *stmt = statement (self, "SELECT 1 FROM replicas WHERE replica_id = ?1", NULL);
  gboolean known;

  if (stmt == NULL)
    return TRUE;
  bind_text (stmt, 1, replica_id);
  known = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return known;
}

static guint64
sqlite_replica_get_counter (SqliteStorage *self,
                                         const char        *replica_id)
{
  sqlite3_stmt *stmt = statement (self, "SELECT counter FROM replicas WHERE replica_id = ?1", NULL);
  guint64 counter = 0;

  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, replica_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    counter = (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return counter;
}

static gboolean
sqlite_replica_raise_counter (SqliteStorage  *self,
                                           const char         *replica_id,
                                           guint64             counter,
                                           GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "INSERT INTO replicas (replica_id, counter) VALUES (?1, ?2)"
                                  " ON CONFLICT (replica_id) DO UPDATE"
                                  " SET counter = max (counter, excluded.counter)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, replica_id);
  sqlite3_bind_int64 (stmt, 2, (gint64) MIN (counter, (guint64) G_MAXINT64));
  return step_done (self, stmt, error);
}

static gint64
sqlite_number_series (SqliteStorage  *self,
                                   gint64              user_id,
                                   const char         *replica_id,
                                   GError            **error)
{
  sqlite3_stmt *stmt = statement (self, "SELECT series FROM number_series WHERE replica_id = ?1",
                                  error);
  gint64 series = 0;

  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, replica_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    series = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (series > 0)
    return series;

  stmt = statement (self,
                    "INSERT INTO number_series (replica_id, user_id, series)"
                    " SELECT ?1, ?2, coalesce (max (series), 0) + 1 FROM number_series"
                    " WHERE user_id = ?2 RETURNING series", error);
  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, replica_id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL,
                   "Giving replica %s a number series: %s", replica_id,
                   sqlite3_errmsg (self->db));
      return -1;
    }
  series = sqlite3_column_int64 (stmt, 0);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ;
  sqlite3_reset (stmt);
  return series;
}

static char *
sqlite_number_holder (SqliteStorage  *self,
                                   const char         *entity,
                                   const char         *number,
                                   GError            **error)
{
  sqlite3_stmt *stmt = statement (self, "SELECT id FROM numbers WHERE entity = ?1 AND number = ?2",
                                  error);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, number);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = column_text (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

static gboolean
sqlite_number_claim (SqliteStorage  *self,
                                  const char         *entity,
                                  const char         *number,
                                  const char         *id,
                                  GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "INSERT INTO numbers (entity, number, id) VALUES (?1, ?2, ?3)"
                                  " ON CONFLICT (entity, number) DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, number);
  bind_text (stmt, 3, id);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_device_seen (SqliteStorage  *self,
                                 const char         *replica_id,
                                 gint64              user_id,
                                 gint64              acked_seq,
                                 gint64              now,
                                 GError            **error)
{
  /* acked_seq < 0: seen, but no cursor acknowledged (login, a pull from the start). */
  sqlite3_stmt *stmt = statement (self,
                                  "INSERT INTO devices (replica_id, user_id, acked_seq, last_seen)"
                                  " VALUES (?1, ?2, max (?3, 0), ?4)"
                                  " ON CONFLICT (replica_id) DO UPDATE"
                                  " SET user_id = excluded.user_id, last_seen = excluded.last_seen,"
                                  "     acked_seq = CASE WHEN ?3 >= 0 THEN ?3 ELSE acked_seq END",
                                  error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, replica_id);
  sqlite3_bind_int64 (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, acked_seq);
  sqlite3_bind_int64 (stmt, 4, now);
  return step_done (self, stmt, error);
}

/* Batches */

static char *
sqlite_batch_lookup (SqliteStorage *self,
                                  gint64             user_id,
                                  const char        *batch_id)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT answer FROM batches WHERE user_id = ?1 AND batch_id = ?2",
                                  NULL);
  char *answer = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, user_id);
  bind_text (stmt, 2, batch_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    answer = column_text (stmt, 0);
  sqlite3_reset (stmt);
  return answer;
}

static gboolean
sqlite_batch_store (SqliteStorage  *self,
                                 gint64              user_id,
                                 const char         *batch_id,
                                 const char         *answer,
                                 gint64              now,
                                 GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "INSERT INTO batches (user_id, batch_id, answer, created_at)"
                                  " VALUES (?1, ?2, ?3, ?4)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, user_id);
  bind_text (stmt, 2, batch_id);
  bind_text (stmt, 3, answer);
  sqlite3_bind_int64 (stmt, 4, now);
  return step_done (self, stmt, error);
}

/* Records */

#define ROW_COLUMNS "entity, id, parent_entity, parent_id, root, owner, assignee, deleted, seq, state"

static SahaServerRow *
row_from_statement (sqlite3_stmt *stmt)
{
  SahaServerRow *row = saha_server_row_new ();

  row->entity = column_text (stmt, 0);
  row->id = column_text (stmt, 1);
  row->parent_entity = column_text (stmt, 2);
  row->parent_id = column_text (stmt, 3);
  row->root = column_text (stmt, 4);
  row->owner = column_text (stmt, 5);
  row->assignee = column_text (stmt, 6);
  row->deleted = sqlite3_column_int (stmt, 7) != 0;
  row->seq = sqlite3_column_int64 (stmt, 8);
  row->state = column_text (stmt, 9);
  return row;
}

static SahaServerRow *
sqlite_row_lookup (SqliteStorage  *self,
                                const char         *entity,
                                const char         *id,
                                GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT " ROW_COLUMNS " FROM records WHERE entity = ?1 AND id = ?2",
                                  error);
  SahaServerRow *row = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    row = row_from_statement (stmt);
  else if (rc != SQLITE_DONE)
    set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  return row;
}

static gboolean
sqlite_row_scope (SqliteStorage  *self,
                               const char         *user,
                               const char         *entity,
                               const char         *id,
                               SahaServerScope    *scope,
                               GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT " FIELD_SCOPE ("r") " FROM records r"
                                  " WHERE r.entity = ?1 AND r.id = ?3",
                                  error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, user);
  bind_text (stmt, 3, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *scope = sqlite3_column_int (stmt, 0) ? SAHA_SERVER_SCOPE_INSIDE : SAHA_SERVER_SCOPE_OUTSIDE;
  else if (rc == SQLITE_DONE)
    *scope = SAHA_SERVER_SCOPE_ABSENT;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (self, error);
  return TRUE;
}

/* The run of the history segment that handed out @seq; "0" for seq 0. */
static char *
sqlite_history_tag (SqliteStorage *self,
                                 gint64             seq)
{
  sqlite3_stmt *stmt = statement (self, "SELECT run FROM history WHERE after_seq < ?1"
                                  " ORDER BY after_seq DESC LIMIT 1", NULL);
  char *tag = NULL;

  if (stmt == NULL)
    return g_strdup ("0");
  sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    tag = column_text (stmt, 0);
  sqlite3_reset (stmt);
  return tag != NULL ? tag : g_strdup ("0");
}

/* The seqs after @seq are handed out by this process: a new history segment unless the
 * last one is already this process's. A segment that handed out nothing (its after_seq
 * is @seq) named no cursor and is replaced. */
static gboolean
history_claim (SqliteStorage  *self,
               gint64              seq,
               GError            **error)
{
  const char *run = saha_server_storage_process_run ();
  sqlite3_stmt *stmt = statement (self, "SELECT run FROM history ORDER BY after_seq DESC LIMIT 1",
                                  error);
  gboolean ours = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ours = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), run) == 0;
  sqlite3_reset (stmt);
  if (ours)
    return TRUE;
  stmt = statement (self, "INSERT OR REPLACE INTO history (after_seq, run) VALUES (?1, ?2)",
                    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  bind_text (stmt, 2, run);
  return step_done (self, stmt, error);
}

static gint64
next_seq (SqliteStorage  *self,
          GError            **error)
{
  if (self->seq < 0)
    {
      g_autofree char *text = sqlite_get_meta (self, "seq");
      gint64 value;

      if (text == NULL || (value = g_ascii_strtoll (text, NULL, 10)) < 0)
        {
          g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL,
                       "The change sequence is missing from the database");
          return -1;
        }
      if (!history_claim (self, value, error))
        return -1;
      self->seq = value;
    }
  self->seq++;
  self->seq_unwritten = TRUE;
  return self->seq;
}

static gboolean
sqlite_row_write (SqliteStorage  *self,
                               SahaServerRow      *row,
                               GError            **error)
{
  sqlite3_stmt *stmt;
  gint64 seq;

  if ((seq = next_seq (self, error)) < 0)
    return FALSE;
  /* REPLACE drops the row under its old seq (the unique (entity, id)) and inserts it
   * under the new one. */
  stmt = statement (self,
                    "INSERT OR REPLACE INTO records (" ROW_COLUMNS ", pushed_by)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, row->entity);
  bind_text (stmt, 2, row->id);
  bind_text (stmt, 3, row->parent_entity);
  bind_text (stmt, 4, row->parent_id);
  bind_text (stmt, 5, row->root);
  bind_text (stmt, 6, row->owner);
  bind_text (stmt, 7, row->assignee);
  sqlite3_bind_int (stmt, 8, row->deleted ? 1 : 0);
  sqlite3_bind_int64 (stmt, 9, seq);
  bind_text (stmt, 10, row->state);
  bind_text (stmt, 11, row->pushed_by);
  if (!step_done (self, stmt, error))
    return FALSE;
  row->seq = seq;
  return TRUE;
}

static GPtrArray *
sqlite_row_children (SqliteStorage  *self,
                                  const char         *entity,
                                  const char         *id,
                                  GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT " ROW_COLUMNS " FROM records"
                                  " WHERE parent_id = ?2 AND parent_entity = ?1 ORDER BY seq", error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_row_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_from_statement (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static GPtrArray *
sqlite_rows_of_entity (SqliteStorage  *self,
                                    const char         *entity,
                                    GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT " ROW_COLUMNS " FROM records WHERE entity = ?1 ORDER BY seq",
                                  error);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_row_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, entity);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_from_statement (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gboolean
sqlite_revoke (SqliteStorage  *self,
                            const char         *user,
                            const char         *entity,
                            const char         *id,
                            GError            **error)
{
  sqlite3_stmt *stmt;
  gint64 seq;

  if ((seq = next_seq (self, error)) < 0)
    return FALSE;
  stmt = statement (self,
                    "INSERT OR REPLACE INTO revocations (user, entity, id, seq)"
                    " VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, user);
  bind_text (stmt, 2, entity);
  bind_text (stmt, 3, id);
  sqlite3_bind_int64 (stmt, 4, seq);
  return step_done (self, stmt, error);
}

/* Pull */

/* How many records after @after a pull may still send: an upper bound, as those the
 * asking replica pushed itself are counted too (the count reads the seq index alone,
 * and it is only a progress figure). */
static gint64
count_after (SqliteStorage  *self,
             const char         *user,
             gint64              after,
             GError            **error)
{
  sqlite3_stmt *stmt;
  gint64 count = -1;

  if (user == NULL)
    stmt = statement (self, "SELECT count(*) FROM records WHERE seq > ?1", error);
  else
    stmt = statement (self, "SELECT count(*) FROM records r WHERE seq > ?1 AND " FIELD_SCOPE ("r"),
                      error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, after);
  if (user != NULL)
    bind_text (stmt, 2, user);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  else
    set_sqlite_error (self, error);
  sqlite3_reset (stmt);
  return count;
}

static SahaServerPullPage *
sqlite_pull (SqliteStorage  *self,
                          const char         *user,
                          gint64              after_seq,
                          guint               limit,
                          const char         *own_replica,
                          GError            **error)
{
  g_autoptr(SahaServerPullPage) page = g_new0 (SahaServerPullPage, 1);
  sqlite3_stmt *stmt;
  gint64 last_seq = after_seq;
  guint walked = 0;
  int rc;

  page->states = g_ptr_array_new_with_free_func (g_free);
  page->revoked = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_revocation_free);

  /* The page walks @limit records; those the asking replica pushed itself are walked over
   * (the cursor moves past them) but their states are not read out. */
  if (user == NULL)
    stmt = statement (self, "SELECT seq, CASE WHEN pushed_by IS ?4 THEN NULL ELSE state END"
                      " FROM records WHERE seq > ?1 ORDER BY seq LIMIT ?3", error);
  else
    stmt = statement (self,
                      "SELECT seq, CASE WHEN pushed_by IS ?4 THEN NULL ELSE state END"
                      " FROM records r WHERE seq > ?1 AND " FIELD_SCOPE ("r")
                      " ORDER BY seq LIMIT ?3", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, after_seq);
  if (user != NULL)
    bind_text (stmt, 2, user);
  sqlite3_bind_int64 (stmt, 3, limit);
  /* Nothing to pass over: an empty id, which no replica has ("IS NULL" would match every
   * record no push stored). */
  bind_text (stmt, 4, own_replica != NULL ? own_replica : "");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      walked++;
      last_seq = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        g_ptr_array_add (page->states, column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return NULL;
    }

  if (walked < limit)
    page->cursor = MAX (meta_int (self, "seq"), after_seq);
  else
    page->cursor = last_seq;

  page->remaining = count_after (self, user, page->cursor, error);
  if (page->remaining < 0)
    return NULL;
  page->more = page->remaining > 0;

  if (user != NULL)
    {
      /* Revocations of records the user can see again (re-assigned back) are left out:
       * those come again as changes, under the seq of the re-assignment. */
      stmt = statement (self,
                        "SELECT v.entity, v.id FROM revocations v"
                        " WHERE v.user = ?2 AND v.seq > ?1 AND v.seq <= ?3"
                        " AND NOT EXISTS (SELECT 1 FROM records r"
                        "   WHERE r.entity = v.entity AND r.id = v.id AND " FIELD_SCOPE ("r") ")"
                        " ORDER BY v.seq", error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_int64 (stmt, 1, after_seq);
      bind_text (stmt, 2, user);
      sqlite3_bind_int64 (stmt, 3, page->cursor);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          SahaServerRevocation *revocation = g_new0 (SahaServerRevocation, 1);

          revocation->entity = column_text (stmt, 0);
          revocation->id = column_text (stmt, 1);
          g_ptr_array_add (page->revoked, revocation);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (self, error);
          return NULL;
        }
    }

  return g_steal_pointer (&page);
}

/* Purge */

static gint64
sqlite_get_purge_seq (SqliteStorage *self)
{
  return meta_int (self, "purge_seq");
}

static gint64
sqlite_purge (SqliteStorage  *self,
                           gint64              active_since,
                           gint64              answers_before,
                           GError            **error)
{
  sqlite3_stmt *stmt;
  gint64 horizon = -1;
  gint64 purged;
  gint64 purge_seq;
  g_autofree char *purge_text = NULL;

  if (!sqlite_begin (self, TRUE, error))
    return -1;

  stmt = statement (self, "SELECT min (acked_seq) FROM devices WHERE last_seen >= ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, active_since);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    horizon = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (horizon < 0)
    horizon = meta_int (self, "seq");
  /* purge_seq only moves to what is really removed: a cursor must re-sync only when a
   * tombstone or revocation after it is gone, not because nobody was connected. */
  purge_seq = sqlite_get_purge_seq (self);
  stmt = statement (self,
                    "SELECT max (coalesce ((SELECT max (seq) FROM records WHERE deleted AND seq <= ?1), 0),"
                    "            coalesce ((SELECT max (seq) FROM revocations WHERE seq <= ?1), 0))", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, horizon);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    purge_seq = MAX (purge_seq, sqlite3_column_int64 (stmt, 0));
  sqlite3_reset (stmt);

  stmt = statement (self, "DELETE FROM records WHERE deleted AND seq <= ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, horizon);
  if (!step_done (self, stmt, error))
    goto fail;
  purged = sqlite3_changes64 (self->db);

  stmt = statement (self, "DELETE FROM revocations WHERE seq <= ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, horizon);
  if (!step_done (self, stmt, error))
    goto fail;

  /* A device unseen since @active_since no longer holds the horizon back: its row only
   * grew the table (one per replica ever signed in). If it comes back, its old cursor
   * gets a re-sync and its first pull makes a new row. */
  stmt = statement (self, "DELETE FROM devices WHERE last_seen < ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, active_since);
  if (!step_done (self, stmt, error))
    goto fail;

  stmt = statement (self, "DELETE FROM batches WHERE created_at < ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, answers_before);
  if (!step_done (self, stmt, error))
    goto fail;

  purge_text = g_strdup_printf ("%" G_GINT64_FORMAT, purge_seq);
  if (!sqlite_set_meta (self, "purge_seq", purge_text, error))
    goto fail;
  if (!sqlite_commit (self, error))
    return -1;
  return purged;

fail:
  sqlite_rollback (self);
  return -1;
}

/* The audit trail */

static gboolean
sqlite_audit_add (SqliteStorage           *self,
                               const SahaServerAuditEntry  *entry,
                               GError                     **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "INSERT INTO audit (at, user, device, entity, id, field, old, new)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry->at);
  bind_text (stmt, 2, entry->user);
  bind_text (stmt, 3, entry->device);
  bind_text (stmt, 4, entry->entity);
  bind_text (stmt, 5, entry->id);
  bind_text (stmt, 6, entry->field);
  bind_text (stmt, 7, entry->old_value);
  bind_text (stmt, 8, entry->new_value);
  return step_done (self, stmt, error);
}

static GPtrArray *
audit_entries (SqliteStorage  *self,
               sqlite3_stmt       *stmt,
               GError            **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  int rc;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_audit_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SahaServerAuditEntry *entry = g_new0 (SahaServerAuditEntry, 1);

      entry->at = sqlite3_column_int64 (stmt, 0);
      entry->user = column_text (stmt, 1);
      entry->device = column_text (stmt, 2);
      entry->entity = column_text (stmt, 3);
      entry->id = column_text (stmt, 4);
      entry->field = column_text (stmt, 5);
      entry->old_value = column_text (stmt, 6);
      entry->new_value = column_text (stmt, 7);
      entry->n = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

static GPtrArray *
sqlite_audit_list (SqliteStorage  *self,
                                const char         *record_id,
                                const char         *user,
                                gint64              since,
                                GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT at, user, device, entity, id, field, old, new, n FROM audit"
                                  " WHERE (?1 IS NULL OR id = ?1) AND (?2 IS NULL OR user = ?2)"
                                  " AND at >= ?3 ORDER BY n", error);

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, record_id);
  bind_text (stmt, 2, user);
  sqlite3_bind_int64 (stmt, 3, since);
  return audit_entries (self, stmt, error);
}

static GPtrArray *
sqlite_audit_list_before (SqliteStorage  *self,
                                       gint64              before,
                                       gint64              after_n,
                                       gint64             *done_upto,
                                       GError            **error)
{
  sqlite3_stmt *stmt = statement (self, "SELECT min (n) FROM audit WHERE at >= ?1", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, before);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      set_sqlite_error (self, error);
      return NULL;
    }
  /* Every entry below the first one that is not old yet is old. */
  if (sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    *done_upto = G_MAXINT64;
  else
    *done_upto = sqlite3_column_int64 (stmt, 0) - 1;
  sqlite3_reset (stmt);

  stmt = statement (self,
                    "SELECT at, user, device, entity, id, field, old, new, n FROM audit"
                    " WHERE n > ?2 AND at < ?1 AND field <> 'deleted'"
                    " AND (old IS NOT NULL OR new IS NOT NULL) ORDER BY n", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, before);
  sqlite3_bind_int64 (stmt, 2, after_n);
  return audit_entries (self, stmt, error);
}

static gboolean
sqlite_audit_set_values (SqliteStorage  *self,
                                      gint64              n,
                                      const char         *old_value,
                                      const char         *new_value,
                                      GError            **error)
{
  sqlite3_stmt *stmt = statement (self, "UPDATE audit SET old = ?2, new = ?3 WHERE n = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, n);
  bind_text (stmt, 2, old_value);
  bind_text (stmt, 3, new_value);
  return step_done (self, stmt, error);
}

static gint64
sqlite_audit_blank_record (SqliteStorage  *self,
                                        const char         *entity,
                                        const char         *id,
                                        GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "UPDATE audit SET"
                                  " old = CASE WHEN old IS NULL THEN NULL ELSE '" SAHA_SERVER_AUDIT_ERASED "' END,"
                                  " new = CASE WHEN new IS NULL THEN NULL ELSE '" SAHA_SERVER_AUDIT_ERASED "' END"
                                  " WHERE entity = ?1 AND id = ?2 AND field <> 'deleted'", error);

  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, id);
  if (!step_done (self, stmt, error))
    return -1;
  return sqlite3_changes64 (self->db);
}

/* Devices */

static GPtrArray *
sqlite_device_list (SqliteStorage  *self,
                                 const char         *user,
                                 GError            **error)
{
  /* A device is a replica id that signed in (devices) or holds a token; wiped ones stay
   * listed, marked. */
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT d.replica_id, users.name, max (d.last_seen), wiped.wiped_at"
                                  " FROM (SELECT replica_id, user_id, last_seen FROM devices"
                                  "       UNION ALL SELECT replica_id, user_id, created_at FROM tokens"
                                  "       UNION ALL SELECT replica_id, user_id, 0 FROM wiped) d"
                                  " JOIN users ON users.id = d.user_id"
                                  " LEFT JOIN wiped ON wiped.replica_id = d.replica_id"
                                  " WHERE ?1 IS NULL OR users.name = ?1"
                                  " GROUP BY d.replica_id ORDER BY users.name, d.replica_id", error);
  g_autoptr(GPtrArray) devices = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  devices = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_device_free);
  bind_text (stmt, 1, user);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SahaServerDevice *device = g_new0 (SahaServerDevice, 1);

      device->replica_id = column_text (stmt, 0);
      device->user = column_text (stmt, 1);
      device->last_seen = sqlite3_column_int64 (stmt, 2);
      device->wiped_at = sqlite3_column_type (stmt, 3) == SQLITE_NULL
                         ? 0 : sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (devices, device);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&devices);
}

static gboolean
sqlite_device_wipe (SqliteStorage  *self,
                                 const char         *replica_id,
                                 gint64              user_id,
                                 gint64              now,
                                 GError            **error)
{
  sqlite3_stmt *mark = statement (self,
                                  "INSERT INTO wiped (replica_id, user_id, wiped_at) VALUES (?1, ?2, ?3)"
                                  " ON CONFLICT (replica_id) DO NOTHING", error);
  sqlite3_stmt *keep;
  sqlite3_stmt *drop;

  if (mark == NULL)
    return FALSE;
  bind_text (mark, 1, replica_id);
  sqlite3_bind_int64 (mark, 2, user_id);
  sqlite3_bind_int64 (mark, 3, now);
  if (!step_done (self, mark, error))
    return FALSE;
  keep = statement (self,
                    "INSERT OR IGNORE INTO wiped_tokens (hash, replica_id)"
                    " SELECT hash, replica_id FROM tokens WHERE replica_id = ?1", error);
  if (keep == NULL)
    return FALSE;
  bind_text (keep, 1, replica_id);
  if (!step_done (self, keep, error))
    return FALSE;
  drop = statement (self, "DELETE FROM tokens WHERE replica_id = ?1", error);
  if (drop == NULL)
    return FALSE;
  bind_text (drop, 1, replica_id);
  return step_done (self, drop, error);
}

static gboolean
sqlite_device_is_wiped (SqliteStorage *self,
                                     const char        *replica_id,
                                     const char        *token_hash)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT 1 WHERE EXISTS (SELECT 1 FROM wiped WHERE replica_id = ?1)"
                                  " OR EXISTS (SELECT 1 FROM wiped_tokens WHERE hash = ?2)", NULL);
  gboolean wiped;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, replica_id);
  bind_text (stmt, 2, token_hash);
  wiped = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return wiped;
}

/* Erasure */

static gboolean
sqlite_erasure_add (SqliteStorage  *self,
                                 const char         *entity,
                                 const char         *id,
                                 const char         *person,
                                 const char         *erased_by,
                                 gint64              now,
                                 GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "INSERT OR IGNORE INTO erasures"
                                  " (entity, id, person, erased_at, erased_by)"
                                  " VALUES (?1, ?2, ?3, ?4, ?5)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, id);
  bind_text (stmt, 3, person);
  sqlite3_bind_int64 (stmt, 4, now);
  bind_text (stmt, 5, erased_by);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_is_erased (SqliteStorage  *self,
                               const char         *entity,
                               const char         *id,
                               gboolean           *erased,
                               GError            **error)
{
  sqlite3_stmt *stmt = statement (self,
                                  "SELECT 1 FROM erasures WHERE entity = ?1 AND id = ?2", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, entity);
  bind_text (stmt, 2, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return FALSE;
    }
  *erased = rc == SQLITE_ROW;
  return TRUE;
}

static GPtrArray *
sqlite_erasures (SqliteStorage  *self,
                              GError            **error)
{
  sqlite3_stmt *stmt = statement (self, "SELECT entity, id FROM erasures ORDER BY entity, id",
                                  error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_revocation_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SahaServerRevocation *key = g_new0 (SahaServerRevocation, 1);

      key->entity = column_text (stmt, 0);
      key->id = column_text (stmt, 1);
      g_ptr_array_add (list, key);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (self, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
sqlite_forget_answers_with (SqliteStorage  *self,
                                         const char         *id,
                                         GError            **error)
{
  sqlite3_stmt *stmt = statement (self, "DELETE FROM batches WHERE instr (answer, ?1) > 0",
                                  error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  return step_done (self, stmt, error);
}

/* The backend's table (saha-server-storage-backend.h). */
#define THUNK(ret, name, params, args) SAHA_STORAGE_THUNK (sqlite, SqliteStorage, ret, name, params, args)
#define THUNK0(ret, name) SAHA_STORAGE_THUNK0 (sqlite, SqliteStorage, ret, name)
#define VTHUNK0(name) SAHA_STORAGE_VTHUNK0 (sqlite, SqliteStorage, name)
SAHA_STORAGE_METHODS (THUNK, THUNK0, VTHUNK0)

#define SLOT(ret, name, params, args) .name = sqlite_thunk_##name,
#define SLOT0(ret, name) .name = sqlite_thunk_##name,
#define VSLOT0(name) .name = sqlite_thunk_##name,
const SahaServerStorageBackend saha_server_storage_sqlite_backend = {
  .name = "sqlite",
  SAHA_STORAGE_METHODS (SLOT, SLOT0, VSLOT0)
};
