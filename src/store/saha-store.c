/* saha-store.c: the replica file: opening, migrations, statements, transactions, settings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "saha-store-private.h"
#include "saha-store-resources.h"

#define MIGRATIONS_PATH "/org/sahacrm/Saha/store/migrations"

struct _SahaStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  char       *replica_id;
  /* earlier ids after the sync engine gave the file a new one; callers may still hold them */
  GPtrArray  *old_replica_ids;
  /* SQL text -> sqlite3_stmt*, prepared once per connection */
  GHashTable *statements;
  /* entity names that have a full-text table */
  GHashTable *searchable;

  /* Full-text changes of the open transaction, written at commit (see
   * saha_store_queue_search()), and for each open write savepoint the queue length when
   * it began. */
  GArray     *search_ops;
  GArray     *savepoint_marks;

  /* Reused by every decode of a stored state: a parser per record was a tenth of reading
   * records back (a store is used by one thread at a time, like its connection). */
  JsonParser *parser;

  /* Change notification ("changed"). Entities written by the open transaction, filled by
   * the update hook on the connection's thread; moved to @committed by the commit hook and
   * emitted from an idle on @context, the thread-default context the store was opened on.
   * The idle holds a weak reference: a store dropped before it runs emits nothing. */
  GMainContext *context;
  GHashTable   *written;           /* entity names (static strings of the schema) */
  const char   *last_table;        /* the last table written (a static schema name)... */
  const char   *last_entity;       /* ...and its entity's name, or NULL */
  GMutex        committed_lock;
  GHashTable   *committed;         /* the same; under committed_lock */
  gboolean      emit_scheduled;    /* under committed_lock */

  /* Other connections' commits: PRAGMA data_version as last read, and the watch's timer. */
  gint64        data_version;
  GSource      *watch_source;
  gboolean      polling;           /* the poll's own statement is not counted below */

  /* Statements run while the thread owned the default main context (a read or write on
   * the UI thread), for the test that pages read in workers. */
  guint         main_thread_statements;  /* atomic */
  gboolean      counting;                /* the trace callback is installed */

  /* Interrupts the connection's statements once cancelled (saha_store_set_cancellable()). */
  GCancellable *cancellable;
};

typedef struct
{
  const SahaEntityDef *entity;
  gint64               rowid;
  char                *tr;      /* NULL: remove the row */
  char                *ascii;
} SearchOp;

G_DEFINE_TYPE (SahaStore, saha_store, G_TYPE_OBJECT)

static void set_watcher (SahaStore *self,
                         gboolean   watching);

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (saha-store-error-quark, saha_store_error)

static void
saha_store_dispose (GObject *object)
{
  SahaStore *self = SAHA_STORE (object);

  if (self->watch_source != NULL)
    {
      g_source_destroy (self->watch_source);
      g_clear_pointer (&self->watch_source, g_source_unref);
      set_watcher (self, FALSE);
    }
  /* Statements first: sqlite3_close() refuses a connection with live statements. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_object (&self->parser);
  if (self->db != NULL)
    {
      sqlite3_close (self->db);
      self->db = NULL;
    }

  G_OBJECT_CLASS (saha_store_parent_class)->dispose (object);
}

static void
saha_store_finalize (GObject *object)
{
  SahaStore *self = SAHA_STORE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->replica_id, g_free);
  g_clear_pointer (&self->old_replica_ids, g_ptr_array_unref);
  g_clear_pointer (&self->search_ops, g_array_unref);
  g_clear_pointer (&self->savepoint_marks, g_array_unref);
  g_clear_pointer (&self->searchable, g_hash_table_unref);
  g_clear_pointer (&self->written, g_hash_table_unref);
  g_clear_pointer (&self->committed, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->committed_lock);

  G_OBJECT_CLASS (saha_store_parent_class)->finalize (object);
}

static void
saha_store_class_init (SahaStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = saha_store_dispose;
  object_class->finalize = saha_store_finalize;

  /**
   * SahaStore::changed:
   * @store: the store
   * @entity: the entity whose records changed ("customer", "order", ...)
   * @by_this_connection: %TRUE for a commit of this store's own connection, %FALSE for
   *   one another connection made (a sync worker, saha-cli), seen through the data
   *   version (then every entity is named: SQLite does not say which tables changed)
   *
   * Records of @entity changed and the change is committed. Detailed by the entity's
   * name ("changed::customer"). Emitted on the thread-default main context the store was
   * opened on, after the commit, once per entity however many rows the transaction wrote.
   * Another connection's commits are noticed by saha_store_watch_changes() or
   * saha_store_poll_changes().
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE, G_TYPE_BOOLEAN);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* The cache's keys are SQL texts up to a kilobyte long (an entity's upsert), looked up for
 * every statement run: hashing the length and the two ends is enough to spread them, and
 * g_str_equal() still compares whole texts. g_str_hash() over the whole text was 2% of a
 * write. */
static guint
sql_hash (gconstpointer key)
{
  const char *sql = key;
  gsize length = strlen (sql);
  guint hash = length;

  for (gsize i = 0; i < MIN (length, 48); i++)
    hash = hash * 31 + (guchar) sql[i];
  for (gsize i = length > 48 ? MAX (48, length - 48) : length; i < length; i++)
    hash = hash * 31 + (guchar) sql[i];

  return hash;
}

static void
search_op_clear (gpointer data)
{
  SearchOp *op = data;

  g_clear_pointer (&op->tr, g_free);
  g_clear_pointer (&op->ascii, g_free);
}

static void
saha_store_init (SahaStore *self)
{
  self->search_ops = g_array_new (FALSE, TRUE, sizeof (SearchOp));
  g_array_set_clear_func (self->search_ops, search_op_clear);
  self->savepoint_marks = g_array_new (FALSE, FALSE, sizeof (guint));
  self->statements = g_hash_table_new_full (sql_hash, g_str_equal, g_free, finalize_statement);
  self->searchable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->old_replica_ids = g_ptr_array_new_with_free_func (g_free);
  self->written = g_hash_table_new (NULL, NULL);
  self->committed = g_hash_table_new (NULL, NULL);
  g_mutex_init (&self->committed_lock);
  self->context = g_main_context_ref_thread_default ();
}

/* Change notification */

/* The files a store watches (saha_store_watch_changes()), and for each what the other
 * connections of this process committed since the watcher last saw the data version
 * change: a sync worker or a page's read that stores a setting names its entities (often
 * none), where a commit by another process leaves nothing here and the watcher, knowing
 * nothing better, names every entity. */
typedef struct
{
  SahaStore  *watcher;     /* not a reference: it removes the entry as it goes */
  gboolean    committed;   /* a connection of this process committed */
  GHashTable *entities;    /* what it wrote: static entity names */
} Watched;

static GMutex      watched_lock;
static GHashTable *watched;   /* path -> Watched*, under watched_lock */

static void
watched_free (gpointer data)
{
  Watched *entry = data;

  g_hash_table_unref (entry->entities);
  g_free (entry);
}

/* Another connection of this process is committing: the watcher of the file learns what. */
static void
note_commit_for_watcher (SahaStore *self)
{
  Watched *entry;

  g_mutex_lock (&watched_lock);
  entry = watched != NULL ? g_hash_table_lookup (watched, self->path) : NULL;
  if (entry != NULL && entry->watcher != self)
    {
      GHashTableIter iter;
      gpointer name;

      entry->committed = TRUE;
      g_hash_table_iter_init (&iter, self->written);
      while (g_hash_table_iter_next (&iter, &name, NULL))
        g_hash_table_add (entry->entities, name);
    }
  g_mutex_unlock (&watched_lock);
}

/* What this process's other connections committed since the last call, for the watcher:
 * NULL when none did (then another process did). */
static GHashTable *
take_commits_for_watcher (SahaStore *self)
{
  GHashTable *entities = NULL;
  Watched *entry;

  g_mutex_lock (&watched_lock);
  entry = watched != NULL ? g_hash_table_lookup (watched, self->path) : NULL;
  if (entry != NULL && entry->watcher == self && entry->committed)
    {
      entities = g_steal_pointer (&entry->entities);
      entry->entities = g_hash_table_new (NULL, NULL);
      entry->committed = FALSE;
    }
  g_mutex_unlock (&watched_lock);

  return entities;
}

static void
set_watcher (SahaStore *self,
             gboolean   watching)
{
  Watched *entry;

  g_mutex_lock (&watched_lock);
  if (watched == NULL)
    watched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, watched_free);
  entry = g_hash_table_lookup (watched, self->path);
  if (watching && entry == NULL)
    {
      entry = g_new0 (Watched, 1);
      entry->watcher = self;
      entry->entities = g_hash_table_new (NULL, NULL);
      g_hash_table_insert (watched, g_strdup (self->path), entry);
    }
  else if (!watching && entry != NULL && entry->watcher == self)
    g_hash_table_remove (watched, self->path);
  g_mutex_unlock (&watched_lock);
}

static void
update_hook (void          *user_data,
             int            op,
             const char    *database,
             const char    *table,
             sqlite3_int64  rowid)
{
  SahaStore *self = user_data;

  /* A write touches the same few tables row after row. */
  if (self->last_table == NULL || strcmp (table, self->last_table) != 0)
    {
      const SahaEntityDef *def = saha_schema_lookup (table);

      self->last_table = def != NULL ? def->name : NULL;
      self->last_entity = self->last_table;
      if (def == NULL)
        return;
    }
  if (self->last_entity != NULL)
    g_hash_table_add (self->written, (gpointer) self->last_entity);
}

static void
rollback_hook (void *user_data)
{
  SahaStore *self = user_data;

  g_hash_table_remove_all (self->written);
}

static gboolean
emit_committed (gpointer user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(SahaStore) self = g_weak_ref_get (ref);
  g_autoptr(GHashTable) entities = NULL;
  g_autoptr(GList) names = NULL;

  if (self == NULL)
    return G_SOURCE_REMOVE;

  g_mutex_lock (&self->committed_lock);
  entities = g_steal_pointer (&self->committed);
  self->committed = g_hash_table_new (NULL, NULL);
  self->emit_scheduled = FALSE;
  g_mutex_unlock (&self->committed_lock);

  names = g_list_sort (g_hash_table_get_keys (entities), (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    g_signal_emit (self, signals[CHANGED], g_quark_from_static_string (l->data), l->data,
                   TRUE);

  return G_SOURCE_REMOVE;
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* Called by SQLite as a transaction commits (before the file says so; a commit that
 * fails after it only costs a reload). */
static int
commit_hook (void *user_data)
{
  SahaStore *self = user_data;
  GHashTableIter iter;
  gpointer name;
  gboolean schedule;

  note_commit_for_watcher (self);
  if (g_hash_table_size (self->written) == 0)
    return 0;

  g_mutex_lock (&self->committed_lock);
  g_hash_table_iter_init (&iter, self->written);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    g_hash_table_add (self->committed, name);
  schedule = !self->emit_scheduled;
  self->emit_scheduled = TRUE;
  g_mutex_unlock (&self->committed_lock);
  g_hash_table_remove_all (self->written);

  if (schedule)
    {
      g_autoptr(GSource) source = g_idle_source_new ();
      GWeakRef *ref = g_new0 (GWeakRef, 1);

      g_weak_ref_init (ref, self);
      g_source_set_static_name (source, "[saha] store changed");
      g_source_set_callback (source, emit_committed, ref, weak_ref_free);
      g_source_attach (source, self->context);
    }

  return 0;
}

static int
trace_statement (unsigned int  type,
                 void         *user_data,
                 void         *statement,
                 void         *sql)
{
  SahaStore *self = user_data;

  /* A trigger's statements are reported as "-- ..." comments: one statement ran. */
  if (!self->polling && (sql == NULL || strncmp (sql, "--", 2) != 0)
      && g_main_context_is_owner (g_main_context_default ()))
    g_atomic_int_inc (&self->main_thread_statements);

  return 0;
}

/* Reads the data version without counting it as a statement of the UI thread: polling it
 * is the store's own business. */
static gint64
read_data_version (SahaStore *self)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;
  gint64 version = 0;

  self->polling = TRUE;
  stmt = saha_store_prepare (self, "PRAGMA data_version", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  self->polling = FALSE;

  return version;
}

/**
 * saha_store_poll_changes:
 * @self: a store
 *
 * Reads the data version now and, when another connection committed since the last
 * look, emits #SahaStore::changed (with @by_this_connection %FALSE) for the entities the
 * other connections of this process wrote (a sync worker), or for every entity when none
 * of them committed (another process did, which does not say what it wrote). Only a store
 * watching its file (saha_store_watch_changes()) learns what this process's connections
 * wrote; any other names every entity.
 * Call it from the thread that uses the store, e.g. when a sync worker reports progress.
 *
 * Returns: %TRUE when another connection's commit was seen
 */
gboolean
saha_store_poll_changes (SahaStore *self)
{
  const SahaEntityDef * const *entities;
  GHashTable *in_process;
  guint n_entities;
  gint64 version;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);

  version = read_data_version (self);
  if (version == 0 || version == self->data_version)
    return FALSE;
  self->data_version = version;

  g_object_ref (self);
  in_process = take_commits_for_watcher (self);
  entities = saha_schema_entities (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    if (in_process == NULL || g_hash_table_contains (in_process, entities[i]->name))
      g_signal_emit (self, signals[CHANGED], g_quark_from_static_string (entities[i]->name),
                     entities[i]->name, FALSE);
  g_clear_pointer (&in_process, g_hash_table_unref);
  g_object_unref (self);

  return TRUE;
}

static gboolean
watch_elapsed (gpointer user_data)
{
  saha_store_poll_changes (user_data);
  return G_SOURCE_CONTINUE;
}

/**
 * saha_store_watch_changes:
 * @self: a store
 * @interval_ms: how often to look, in milliseconds (0: once a second)
 *
 * Polls the data version every @interval_ms on the thread-default main context of the
 * caller, so that commits of other connections (a sync worker, saha-cli) are announced
 * by #SahaStore::changed. One PRAGMA a poll: cheap enough for the UI thread, and not
 * counted by saha_store_get_main_thread_statements(). Calling it again changes the
 * interval. The watch ends with the store.
 */
void
saha_store_watch_changes (SahaStore *self,
                          guint      interval_ms)
{
  g_return_if_fail (SAHA_IS_STORE (self));

  if (self->watch_source != NULL)
    {
      g_source_destroy (self->watch_source);
      g_clear_pointer (&self->watch_source, g_source_unref);
    }
  set_watcher (self, TRUE);
  self->watch_source = g_timeout_source_new (interval_ms > 0 ? interval_ms : 1000);
  g_source_set_static_name (self->watch_source, "[saha] store data version");
  /* No reference: dispose destroys the source before the connection closes. */
  g_source_set_callback (self->watch_source, watch_elapsed, self, NULL);
  g_source_attach (self->watch_source, g_main_context_get_thread_default ());
}

/* SQLite calls it every PROGRESS_STEPS virtual machine steps of a statement; non-zero
 * interrupts the statement (SQLITE_INTERRUPT). */
#define PROGRESS_STEPS 1000

static int
progress_handler (void *user_data)
{
  SahaStore *self = user_data;

  return self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable);
}

/**
 * saha_store_set_cancellable:
 * @self: a store
 * @cancellable: (nullable): what cancels the reads to come, or %NULL for none
 *
 * Until it is set again, a statement of this connection stops (SQLITE_INTERRUPT, a
 * %SAHA_STORE_ERROR_DATABASE error) soon after @cancellable is cancelled: SQLite's
 * progress handler looks at it every thousand steps of its virtual machine, so a long
 * scan ends within a millisecond or so. A read cut short this way reports the error of
 * g_cancellable_set_error_if_cancelled() when its caller checks. Use it from the thread
 * that owns the store (a worker's own store: saha_store_read_async() sets its
 * cancellable so).
 */
void
saha_store_set_cancellable (SahaStore    *self,
                            GCancellable *cancellable)
{
  g_return_if_fail (SAHA_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  g_set_object (&self->cancellable, cancellable);
  sqlite3_progress_handler (self->db, cancellable != NULL ? PROGRESS_STEPS : 0,
                            cancellable != NULL ? progress_handler : NULL, self);
}

/**
 * saha_store_get_main_thread_statements:
 * @self: a store
 *
 * How many statements this store's connection ran on the thread owning the default main
 * context (the UI thread, while its main loop runs), data version polls excepted, since
 * saha_store_reset_main_thread_statements() was called. Tests use it to check that pages
 * read on worker threads.
 *
 * Returns: the count since the last reset (0 before the first)
 */
guint
saha_store_get_main_thread_statements (SahaStore *self)
{
  g_return_val_if_fail (SAHA_IS_STORE (self), 0);
  return (guint) g_atomic_int_get (&self->main_thread_statements);
}

/**
 * saha_store_reset_main_thread_statements:
 * @self: a store
 *
 * Sets the count of saha_store_get_main_thread_statements() back to 0; the first call
 * starts the counting (an SQLite trace callback on every statement, which a store that
 * nobody counts does without).
 */
void
saha_store_reset_main_thread_statements (SahaStore *self)
{
  g_return_if_fail (SAHA_IS_STORE (self));

  if (!self->counting)
    {
      sqlite3_trace_v2 (self->db, SQLITE_TRACE_STMT, trace_statement, self);
      self->counting = TRUE;
    }
  g_atomic_int_set (&self->main_thread_statements, 0);
}

/**
 * saha_store_default_path:
 *
 * Returns: (transfer full): the default profile's replica,
 *   $XDG_DATA_HOME/saha/default/replica.db; free with g_free()
 */
char *
saha_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "saha", "default", "replica.db", NULL);
}

/* How long a write waits for the write lock another connection holds. WAL readers never
 * wait; a writer waits out a normal import in another process (300,000 customers take
 * 10-30 s, docs/store.md) and only then gives up, saying what it waited for. */
#define BUSY_TIMEOUT_MS (120 * 1000)

static void
set_db_error (sqlite3     *db,
              GError     **error,
              const char  *doing)
{
  int code = sqlite3_extended_errcode (db);

  /* SQLITE_BUSY_SNAPSHOT and _RECOVERY come at once, not after the timeout */
  if ((code & 0xff) == SQLITE_BUSY && code != SQLITE_BUSY_SNAPSHOT && code != SQLITE_BUSY_RECOVERY)
    g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_DATABASE,
                 "%s: another program has been writing to the replica for more than %d s "
                 "(an import or a sync?) and still holds its write lock; try again when it "
                 "has finished (%d)", doing, BUSY_TIMEOUT_MS / 1000, code);
  else
    g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_DATABASE,
                 "%s: %s (%d)", doing, sqlite3_errmsg (db), code);
}

void
saha_store_set_sqlite_error (SahaStore   *self,
                             GError     **error,
                             const char  *doing)
{
  set_db_error (self->db, error, doing);
}

JsonParser *
saha_store_get_parser (SahaStore *self)
{
  if (self->parser == NULL)
    self->parser = json_parser_new_immutable ();
  return self->parser;
}

sqlite3 *
saha_store_get_db (SahaStore *self)
{
  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);

  return self->db;
}

/**
 * saha_store_get_path:
 * @self: a store
 *
 * Returns: (transfer none): the replica's file
 */
const char *
saha_store_get_path (SahaStore *self)
{
  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);

  return self->path;
}

/* Read from the file every time: the sync engine may give the replica a new id (a copied
 * or restored file, protocol.md "replica_reused") inside its own transaction, and a
 * rollback must take the change back too. */
/**
 * saha_store_get_replica_id:
 * @self: a store
 *
 * Returns: (transfer none): this replica's id
 */
const char *
saha_store_get_replica_id (SahaStore *self)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;
  const char *stored;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);

  stmt = saha_store_prepare (self, "SELECT replica_id FROM replica WHERE one = 1", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return self->replica_id;

  stored = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (stored, self->replica_id) != 0)
    {
      g_ptr_array_add (self->old_replica_ids, g_steal_pointer (&self->replica_id));
      self->replica_id = g_strdup (stored);
    }

  return self->replica_id;
}

sqlite3_stmt *
saha_store_prepare (SahaStore   *self,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      g_autofree char *doing = g_strdup_printf ("preparing \"%s\"", sql);

      set_db_error (self->db, error, doing);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
saha_store_exec (SahaStore   *self,
                 const char  *sql,
                 GError     **error)
{
  g_autoptr(SahaStoreStmt) stmt = saha_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  if (rc != SQLITE_DONE)
    {
      set_db_error (self->db, error, sql);
      return FALSE;
    }

  return TRUE;
}

/* The full-text index of a transaction.
 *
 * FTS5 writes its pending changes out as a new index segment at every SAVEPOINT and
 * RELEASE once a table has been written in the transaction, so one savepoint per local
 * write made every record its own segment, to be merged again later: three quarters of
 * the cost of a write in a batch (docs/store.md). So within a transaction the search rows
 * are queued here and written when it commits, all in one go. A write savepoint that
 * rolls back drops what it queued; searches inside the transaction flush first so that
 * they see their own writes. */

void
saha_store_queue_search (SahaStore           *self,
                         const SahaEntityDef *entity,
                         gint64               rowid,
                         char                *tr,
                         char                *ascii)
{
  SearchOp op = { entity, rowid, tr, ascii };

  g_array_append_val (self->search_ops, op);
}

static void
clear_search_queue (SahaStore *self)
{
  g_array_set_size (self->search_ops, 0);
  g_array_set_size (self->savepoint_marks, 0);
}

gboolean
saha_store_flush_search (SahaStore  *self,
                         GError    **error)
{
  const SahaEntityDef *sql_entity = NULL;
  g_autofree char *insert_sql = NULL;
  g_autofree char *delete_sql = NULL;

  for (guint i = 0; i < self->search_ops->len; i++)
    {
      SearchOp *op = &g_array_index (self->search_ops, SearchOp, i);
      g_autoptr(SahaStoreStmt) stmt = NULL;

      /* A queue is nearly always one entity's rows: the SQL is built once per run of
       * them, not per row (formatting it was 3 % of a batched write). */
      if (op->entity != sql_entity)
        {
          sql_entity = op->entity;
          g_free (insert_sql);
          g_free (delete_sql);
          insert_sql = g_strdup_printf ("INSERT OR REPLACE INTO \"%s_search\" (rowid, tr, ascii) VALUES (?, ?, ?)",
                                        op->entity->name);
          delete_sql = g_strdup_printf ("DELETE FROM \"%s_search\" WHERE rowid = ?", op->entity->name);
        }

      stmt = saha_store_prepare (self, op->tr != NULL ? insert_sql : delete_sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, op->rowid);
      if (op->tr != NULL)
        {
          sqlite3_bind_text (stmt, 2, op->tr, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 3, op->ascii, -1, SQLITE_STATIC);
        }
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          set_db_error (self->db, error, "updating the search index");
          return FALSE;
        }
    }

  /* Whatever was queued is now in the savepoints that were open, which SQLite itself
   * rolls back if they fail. */
  g_array_set_size (self->search_ops, 0);
  for (guint i = 0; i < self->savepoint_marks->len; i++)
    g_array_index (self->savepoint_marks, guint, i) = 0;

  return TRUE;
}

/* COMMIT with the queued index rows; on failure the whole transaction is rolled back. */
static gboolean
commit_transaction (SahaStore  *self,
                    GError    **error)
{
  if (saha_store_flush_search (self, error) &&
      saha_store_exec (self, "COMMIT", error))
    {
      clear_search_queue (self);
      return TRUE;
    }

  saha_store_rollback (self);
  return FALSE;
}

/* Transactions */

/**
 * saha_store_begin:
 * @self: a store
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Begins an outer transaction for many writes; writes inside it are savepoints, and a
 * failed write rolls back only itself.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_begin (SahaStore  *self,
                  GError    **error)
{
  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);

  if (!sqlite3_get_autocommit (self->db))
    {
      g_set_error_literal (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_DATABASE,
                           "a transaction is already open");
      return FALSE;
    }

  clear_search_queue (self);
  /* IMMEDIATE takes the write lock now: a deferred transaction that reads and then
   * writes can fail with SQLITE_BUSY_SNAPSHOT, which busy_timeout cannot wait out. */
  return saha_store_exec (self, "BEGIN IMMEDIATE", error);
}

/**
 * saha_store_commit:
 * @self: a store
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Commits the transaction saha_store_begin() began.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_commit (SahaStore  *self,
                   GError    **error)
{
  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);

  return commit_transaction (self, error);
}

/**
 * saha_store_rollback:
 * @self: a store
 *
 * Rolls back the transaction saha_store_begin() began.
 */
void
saha_store_rollback (SahaStore *self)
{
  g_return_if_fail (SAHA_IS_STORE (self));

  clear_search_queue (self);
  if (!sqlite3_get_autocommit (self->db))
    saha_store_exec (self, "ROLLBACK", NULL);
}

gboolean
saha_store_write_begin (SahaStore  *self,
                        gboolean   *own_transaction,
                        GError    **error)
{
  *own_transaction = sqlite3_get_autocommit (self->db);

  if (*own_transaction)
    {
      clear_search_queue (self);
      return saha_store_exec (self, "BEGIN IMMEDIATE", error);
    }

  /* Nested savepoints may share the name: RELEASE and ROLLBACK TO act on the innermost. */
  if (!saha_store_exec (self, "SAVEPOINT saha_write", error))
    return FALSE;
  g_array_append_val (self->savepoint_marks, self->search_ops->len);
  return TRUE;
}

gboolean
saha_store_write_end (SahaStore  *self,
                      gboolean    own_transaction,
                      gboolean    ok,
                      GError    **error)
{
  guint mark = 0;

  if (own_transaction)
    {
      if (ok)
        return commit_transaction (self, error);
      saha_store_rollback (self);
      return FALSE;
    }

  if (self->savepoint_marks->len > 0)
    {
      mark = g_array_index (self->savepoint_marks, guint, self->savepoint_marks->len - 1);
      g_array_set_size (self->savepoint_marks, self->savepoint_marks->len - 1);
    }

  if (ok && saha_store_exec (self, "RELEASE saha_write", error))
    return TRUE;

  /* After some errors (SQLITE_FULL, IOERR) SQLite has already rolled the whole
   * transaction back and the savepoint is gone; then these fail harmlessly. */
  if (mark < self->search_ops->len)
    g_array_set_size (self->search_ops, mark);
  if (saha_store_exec (self, "ROLLBACK TO saha_write", NULL))
    saha_store_exec (self, "RELEASE saha_write", NULL);

  return FALSE;
}

guint64
saha_store_next_counter (SahaStore  *self,
                         GError    **error)
{
  return saha_store_next_counter_above (self, 0, error);
}

guint64
saha_store_next_counter_above (SahaStore  *self,
                               guint64     floor,
                               GError    **error)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;
  g_autoptr(SahaStoreStmt) read = NULL;

  /* Two plain statements: UPDATE ... RETURNING costs more than both together. */
  stmt = saha_store_prepare (self, "UPDATE replica SET counter = max (counter, ?) + 1", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) MIN (floor, G_MAXINT64 - 1));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_db_error (self->db, error, "taking the next counter");
      return 0;
    }

  read = saha_store_prepare (self, "SELECT counter FROM replica", error);
  if (read == NULL)
    return 0;
  if (sqlite3_step (read) != SQLITE_ROW)
    {
      set_db_error (self->db, error, "taking the next counter");
      return 0;
    }

  return sqlite3_column_int64 (read, 0);
}

gboolean
saha_store_raise_counter (SahaStore  *self,
                          guint64     seen,
                          GError    **error)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;

  stmt = saha_store_prepare (self, "UPDATE replica SET counter = max (counter, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) MIN (seen, G_MAXINT64));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_db_error (self->db, error, "raising the replica counter");
      return FALSE;
    }
  return TRUE;
}

/**
 * saha_store_get_data_version:
 * @self: a store
 *
 * SQLite's PRAGMA data_version of the store's connection: it changes whenever another
 * connection (saha-cli, a sync worker) commits a change to the replica file; this
 * connection's own writes leave it. Cheap enough to poll every second from the thread
 * that owns the store.
 *
 * Returns: the data version, or 0 when it cannot be read
 */
gint64
saha_store_get_data_version (SahaStore *self)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (self), 0);

  stmt = saha_store_prepare (self, "PRAGMA data_version", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/* Settings */

/**
 * saha_store_get_setting:
 * @self: a store
 * @key: a setting's name
 *
 * Returns: (transfer full) (nullable): the setting's value, or %NULL when it is unset
 */
char *
saha_store_get_setting (SahaStore  *self,
                        const char *key)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = saha_store_prepare (self, "SELECT value FROM setting WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * saha_store_set_setting:
 * @self: a store
 * @key: a setting's name
 * @value: (nullable): the value; %NULL removes the setting
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_set_setting (SahaStore   *self,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (value == NULL)
    stmt = saha_store_prepare (self, "DELETE FROM setting WHERE key = ?", error);
  else
    stmt = saha_store_prepare (self,
                               "INSERT INTO setting (key, value) VALUES (?, ?) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      set_db_error (self->db, error, "saving a setting");
      return FALSE;
    }

  return TRUE;
}

/* Status */

static gboolean
count_rows (SahaStore   *self,
            const char  *sql,
            guint       *count,
            GError     **error)
{
  g_autoptr(SahaStoreStmt) stmt = saha_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      set_db_error (self->db, error, "counting records");
      return FALSE;
    }

  *count += sqlite3_column_int (stmt, 0);
  return TRUE;
}

/**
 * saha_store_get_status:
 * @self: a store
 * @status: (out caller-allocates): the counts and last sync; free its contents with
 *   saha_store_status_clear()
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_get_status (SahaStore        *self,
                       SahaStoreStatus  *status,
                       GError          **error)
{
  const SahaEntityDef * const *entities;
  guint n_entities;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  memset (status, 0, sizeof *status);
  entities = saha_schema_entities (&n_entities);

  for (guint i = 0; i < n_entities; i++)
    {
      /* The literal "= 1" lets SQLite use the partial indexes of 0001. */
      g_autofree char *pending = g_strdup_printf ("SELECT count(*) FROM \"%s\" WHERE dirty = 1",
                                                  entities[i]->name);
      g_autofree char *conflicts = g_strdup_printf ("SELECT count(*) FROM \"%s\" WHERE conflicted = 1",
                                                    entities[i]->name);

      if (!count_rows (self, pending, &status->pending, error) ||
          !count_rows (self, conflicts, &status->conflicts, error))
        return FALSE;
    }

  if (!count_rows (self, "SELECT count(*) FROM push_rejection", &status->rejected, error)
      || !count_rows (self, "SELECT count(*) FROM revoked_pending AS s WHERE NOT EXISTS "
                     "(SELECT 1 FROM push_rejection AS r WHERE r.entity = s.entity AND r.id = s.id)",
                     &status->set_aside_only, error))
    return FALSE;

  status->last_sync = saha_store_get_setting (self, "last_sync");
  return TRUE;
}

/**
 * saha_store_status_clear:
 * @status: a status saha_store_get_status() filled
 *
 * Frees the contents of @status.
 */
void
saha_store_status_clear (SahaStoreStatus *status)
{
  g_clear_pointer (&status->last_sync, g_free);
}

/* Opening and migrations */

static void
fold_function (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  char *(*fold) (const char *) = sqlite3_user_data (context);
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  sqlite3_result_text (context, fold (text), -1, g_free);
}

static int
collate_turkish (void       *user_data,
                 int         a_length,
                 const void *a,
                 int         b_length,
                 const void *b)
{
  return saha_collation_compare_len (a, a_length, b, b_length);
}

static gboolean
configure_connection (sqlite3  *db,
                      GError  **error)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

  sqlite3_extended_result_codes (db, TRUE);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  /* Migration 0002 indexes existing rows with the same C folding as saha_store_put_record(). */
  if (sqlite3_create_function (db, "saha_fold_turkish", 1, flags, saha_text_fold_turkish,
                               fold_function, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function (db, "saha_fold_ascii", 1, flags, saha_text_fold_ascii,
                               fold_function, NULL, NULL) != SQLITE_OK ||
      /* Lists sort names in Turkish order, and migration 0007 indexes them so. */
      sqlite3_create_collation_v2 (db, SAHA_COLLATION_NAME, SQLITE_UTF8, NULL, collate_turkish,
                                   NULL) != SQLITE_OK)
    {
      set_db_error (db, error, "registering functions");
      return FALSE;
    }

  /* WAL lets a sync thread write while the UI reads; NORMAL is durable across
   * application crashes and loses at most the last commits on power loss, never
   * consistency. */
  if (sqlite3_exec (db,
                    "PRAGMA journal_mode = WAL;"
                    "PRAGMA synchronous = NORMAL;"
                    "PRAGMA foreign_keys = ON;"
                    /* an erased person's values must not linger in freed pages
                     * (docs/security.md) */
                    "PRAGMA secure_delete = ON;"
                    /* 2 MiB by default: smaller than the indexes of a large replica, so
                     * every write read its b-tree pages back from the OS (docs/store.md). */
                    "PRAGMA cache_size = -32768;"
                    /* reads straight from the mapped file instead of copying each page
                     * through read(): searches touch thousands of rows */
                    "PRAGMA mmap_size = 1073741824;"
                    /* savepoint journals in memory, not in temporary files */
                    "PRAGMA temp_store = MEMORY;"
                    /* A batch of 1,000 new records dirties more than the default 1,000
                     * pages (random ids spread over the id index), so every commit ran a
                     * checkpoint with its fsync; 8,000 pages (32 MiB) lets the hot index
                     * pages of many batches be copied back once. The WAL is cut back to
                     * that size after each checkpoint. */
                    "PRAGMA wal_autocheckpoint = 8000;"
                    "PRAGMA journal_size_limit = 33554432;",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      set_db_error (db, error, "configuring the database");
      return FALSE;
    }

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The migration files, sorted; file k (0-based) holds version k + 1. */
static GStrv
list_migrations (void)
{
  GStrv names;

  names = g_resource_enumerate_children (saha_store_get_resource (), MIGRATIONS_PATH,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (names != NULL);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);

  for (guint i = 0; names[i] != NULL; i++)
    g_assert (strtoul (names[i], NULL, 10) == i + 1);

  return names;
}

guint
saha_store_latest_version (void)
{
  g_auto(GStrv) names = list_migrations ();

  return g_strv_length (names);
}

static gboolean
read_user_version (sqlite3  *db,
                   guint    *version,
                   GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (db, error, "reading the schema version");
      return FALSE;
    }

  ok = sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    *version = sqlite3_column_int (stmt, 0);
  else
    set_db_error (db, error, "reading the schema version");
  sqlite3_finalize (stmt);

  return ok;
}

static gboolean
apply_migration (sqlite3     *db,
                 const char  *name,
                 guint        version,
                 GError     **error)
{
  g_autofree char *resource = g_strconcat (MIGRATIONS_PATH "/", name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *set_version = NULL;
  gsize size;

  bytes = g_resource_lookup_data (saha_store_get_resource (), resource,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (bytes != NULL);
  sql = g_strndup (g_bytes_get_data (bytes, &size), g_bytes_get_size (bytes));

  /* PRAGMA takes no parameters; version is a number we made. */
  set_version = g_strdup_printf ("PRAGMA user_version = %u", version);

  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, set_version, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_autofree char *doing = g_strdup_printf ("applying migration %s", name);

      set_db_error (db, error, doing);
      return FALSE;
    }

  return TRUE;
}

/* Brings the file to @target, one transaction per migration, so that a crash leaves it
 * at some whole version. The version is read again under the write lock, since another
 * process may be opening the same new file. */
static gboolean
migrate (sqlite3  *db,
         guint     target,
         GError  **error)
{
  g_auto(GStrv) names = list_migrations ();
  guint latest = g_strv_length (names);
  guint version;

  if (!read_user_version (db, &version, error))
    return FALSE;

  if (version > latest)
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_TOO_NEW,
                   "the replica file has schema version %u, newer than this Saha knows (%u); "
                   "update Saha to open it", version, latest);
      return FALSE;
    }

  while (version < target)
    {
      if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        {
          set_db_error (db, error, "starting a migration");
          return FALSE;
        }

      if (!read_user_version (db, &version, error))
        goto fail;

      if (version < target &&
          !apply_migration (db, names[version], version + 1, error))
        goto fail;

      if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        {
          set_db_error (db, error, "finishing a migration");
          goto fail;
        }

      if (!read_user_version (db, &version, error))
        return FALSE;
      continue;

    fail:
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

/* "r-" and 16 random hex digits. g_uuid_string_random() reads the system's random
 * source; a version 4 UUID has fixed bits in hex digits 12 and 16, so this takes digits
 * 0-11 and 28-31. */
static char *
new_replica_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *hex = g_string_new (NULL);
  char *id;

  for (const char *p = uuid; *p != '\0'; p++)
    if (*p != '-')
      g_string_append_c (hex, *p);
  g_assert (hex->len == 32);

  id = g_strdup_printf ("r-%.12s%.4s", hex->str, hex->str + 28);
  g_string_free (hex, TRUE);
  return id;
}

/* Reads the replica id into @replica_id (when not NULL); FALSE with no error when the
 * file has none yet. */
static gboolean
read_replica_row (sqlite3  *db,
                  char    **replica_id,
                  GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT replica_id FROM replica", -1, &stmt, NULL) != SQLITE_OK)
    {
      set_db_error (db, error, "reading the replica id");
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      found = TRUE;
      if (replica_id != NULL)
        *replica_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  else if (rc != SQLITE_DONE)
    set_db_error (db, error, "reading the replica id");
  sqlite3_finalize (stmt);

  return found;
}

/* Makes the replica row of a new file. A file that has one is only read: opening a
 * replica to read it must not wait for the write lock, which an import or a sync in
 * another process may hold for a long time. */
static gboolean
ensure_replica_row (sqlite3  *db,
                    char    **replica_id,
                    GError  **error)
{
  g_autofree char *fresh = NULL;
  GError *local_error = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (read_replica_row (db, replica_id, &local_error))
    return TRUE;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  fresh = new_replica_id ();
  if (sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO replica (one, replica_id) VALUES (1, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    goto out;
  sqlite3_bind_text (stmt, 1, fresh, -1, SQLITE_STATIC);
  ok = sqlite3_step (stmt) == SQLITE_DONE;

out:
  if (!ok)
    set_db_error (db, error, "making the replica id");
  sqlite3_finalize (stmt);

  /* another process may have made it first: its id is the one */
  return ok && read_replica_row (db, replica_id, error);
}

/* Creates a missing file (and its directory) as the user's private file before SQLite
 * writes anything into it; SQLite gives the -wal and -shm files the database file's
 * permissions. */
static gboolean
create_private_file (const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_DATABASE,
                   "cannot create the folder %s: %s", dir, g_strerror (saved));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      int saved = errno;

      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_DATABASE,
                   "cannot create %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (fd >= 0)
    close (fd);

  return TRUE;
}

/* SQLite counts every allocation under one process-wide mutex unless told not to; nothing
 * here reads those counts, and the lock was 6 % of applying a pull page. It must be said
 * before SQLite initializes; if something in the process already used SQLite the call
 * fails harmlessly and the counting stays. */
static void
configure_sqlite_once (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&done, 1);
    }
}

static sqlite3 *
open_connection (const char  *path,
                 GError     **error)
{
  sqlite3 *db = NULL;

  configure_sqlite_once ();

  if (!create_private_file (path, error))
    return NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      g_autofree char *doing = g_strdup_printf ("opening %s", path);

      set_db_error (db, error, doing);
      sqlite3_close (db);
      return NULL;
    }

  if (!configure_connection (db, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

gboolean
saha_store_build_at_version (const char  *path,
                             guint        version,
                             GError     **error)
{
  sqlite3 *db = open_connection (path, error);
  gboolean ok;

  if (db == NULL)
    return FALSE;

  ok = migrate (db, version, error) &&
       (version == 0 || ensure_replica_row (db, NULL, error));
  sqlite3_close (db);

  return ok;
}

static gboolean
find_search_tables (SahaStore  *self,
                    GError    **error)
{
  const SahaEntityDef * const *entities;
  guint n_entities;

  entities = saha_schema_entities (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      g_autoptr(SahaStoreStmt) stmt = NULL;
      g_autofree char *table = g_strconcat (entities[i]->name, "_search", NULL);

      stmt = saha_store_prepare (self, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?",
                                 error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_add (self->searchable, g_strdup (entities[i]->name));
    }

  return TRUE;
}

gboolean
saha_store_entity_is_searchable (SahaStore           *self,
                                 const SahaEntityDef *entity)
{
  return g_hash_table_contains (self->searchable, entity->name);
}

/**
 * saha_store_open:
 * @path: the replica's file
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_TOO_NEW for a file a
 *   newer Saha made, %SAHA_STORE_ERROR_DATABASE when SQLite fails
 *
 * Opens the replica at @path, creating it with mode 0600 and migrating it as needed. The
 * store is one SQLite connection: use it from one thread at a time.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
SahaStore *
saha_store_open (const char  *path,
                 GError     **error)
{
  g_autoptr(SahaStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (SAHA_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->db = open_connection (path, error);
  if (self->db == NULL)
    return NULL;

  if (!migrate (self->db, saha_store_latest_version (), error) ||
      !ensure_replica_row (self->db, &self->replica_id, error) ||
      !find_search_tables (self, error))
    return NULL;

  /* The hooks come after the migrations: opening announces nothing. */
  sqlite3_update_hook (self->db, update_hook, self);
  sqlite3_commit_hook (self->db, commit_hook, self);
  sqlite3_rollback_hook (self->db, rollback_hook, self);
  self->data_version = read_data_version (self);

  g_debug ("opened %s, replica %s", path, self->replica_id);
  return g_steal_pointer (&self);
}
