/* saha-store.h: the client replica, a SQLite file holding the records a user may see.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "saha-core.h"

G_BEGIN_DECLS

#define SAHA_STORE_ERROR (saha_store_error_quark ())

typedef enum
{
  SAHA_STORE_ERROR_NOT_FOUND,       /* no such record (or it is deleted, for writes) */
  SAHA_STORE_ERROR_INVALID,         /* a value, field or entity the schema refuses */
  SAHA_STORE_ERROR_BAD_REFERENCE,   /* a reference to a record that is not in the replica */
  SAHA_STORE_ERROR_NO_CONFLICT,     /* resolve of a field that is not in conflict */
  SAHA_STORE_ERROR_DATABASE,        /* SQLite failed: disk full, locked, corrupt ... */
  SAHA_STORE_ERROR_TOO_NEW,         /* the file was made by a newer Saha */
} SahaStoreError;

GQuark saha_store_error_quark (void);

#define SAHA_TYPE_STORE (saha_store_get_type ())
G_DECLARE_FINAL_TYPE (SahaStore, saha_store, SAHA, STORE, GObject)

/*
 * One SahaStore is one SQLite connection and must be used from one thread at a time.
 * A worker thread (sync, list paging) opens its own SahaStore on the same path; WAL lets
 * readers go on while a writer commits.
 *
 * The default profile lives in $XDG_DATA_HOME/saha/default/: replica.db is the replica,
 * shared by saha-cli and the app. The profile directory of a replica is the directory
 * its file is in.
 */
char           *saha_store_default_path        (void);

/* Opens (creating with mode 0600 and migrating as needed) the replica at @path. */
SahaStore      *saha_store_open                (const char           *path,
                                                GError              **error);
const char     *saha_store_get_path            (SahaStore            *self);
const char     *saha_store_get_replica_id      (SahaStore            *self);

/* What a person or a file gave for one field; the store normalizes and validates it
 * through the schema. A NULL or empty value unsets the field. */
typedef struct
{
  const char *name;
  const char *value;
} SahaFieldInput;

/*
 * Local writes. Each is one transaction (a savepoint inside saha_store_begin()) that
 * validates every value, checks references point at records present and not deleted,
 * applies the write to the record's registers with this replica's next counter, updates
 * the row, and marks the record dirty (pending push). On any error nothing changes.
 */
/* Returns the new record's id. Schema defaults fill unset fields; an "id" input gives
 * the id (a UUID) instead of a random one; order and service_call numbers are made
 * when not given (docs/store.md). */
char           *saha_store_create              (SahaStore            *self,
                                                const char           *entity,
                                                const SahaFieldInput *inputs,
                                                guint                 n_inputs,
                                                GError              **error);
gboolean        saha_store_update              (SahaStore            *self,
                                                const char           *entity,
                                                const char           *id,
                                                const SahaFieldInput *inputs,
                                                guint                 n_inputs,
                                                GError              **error);
gboolean        saha_store_delete              (SahaStore            *self,
                                                const char           *entity,
                                                const char           *id,
                                                GError              **error);
/* Takes a local delete back with a new write of deleted = "false" (the undo of a delete,
 * before or after it was synced); a live record is left as it is. */
gboolean        saha_store_restore             (SahaStore            *self,
                                                const char           *entity,
                                                const char           *id,
                                                GError              **error);
/* Each named field must be in conflict ("deleted" included, with "true" or "false");
 * the value supersedes every candidate. */
gboolean        saha_store_resolve             (SahaStore            *self,
                                                const char           *entity,
                                                const char           *id,
                                                const SahaFieldInput *inputs,
                                                guint                 n_inputs,
                                                GError              **error);

/* Merges a record state from elsewhere (another replica's `export --json`, a backup) into
 * the replica with saha_record_merge(); the merged record is validated like a local
 * write (schema, required fields). When the merge changes what the replica holds and
 * @mark_dirty is TRUE, the record becomes pending so the server receives it.
 * *changed (may be NULL) tells whether anything changed. One savepoint. */
gboolean        saha_store_merge               (SahaStore            *self,
                                                SahaRecord           *record,
                                                gboolean              mark_dirty,
                                                gboolean             *changed,
                                                GError              **error);

/* The record's full state, tombstones included; NOT_FOUND when the replica never held it. */
SahaRecord     *saha_store_get                 (SahaStore            *self,
                                                const char           *entity,
                                                const char           *id,
                                                GError              **error);

typedef struct
{
  const char           *search;          /* Turkish-correct prefix search, or NULL */
  const SahaFieldInput *where;           /* field = value (normalized like a write) */
  guint                 n_where;
  const char           *order_by;        /* a field, "id", or "rowid" (the order records were
                                          * first written to this replica: an order's lines
                                          * as they were added); NULL: "name" when the
                                          * entity has it */
  gboolean              descending;
  guint                 limit;           /* 0: no limit */
  guint                 offset;
  gboolean              include_deleted;
} SahaQuery;

/* Records of @entity matching @query (NULL: all live records), as SahaRecord*. */
GPtrArray      *saha_store_list                (SahaStore            *self,
                                                const char           *entity,
                                                const SahaQuery      *query,
                                                GError              **error);
gboolean        saha_store_count               (SahaStore            *self,
                                                const char           *entity,
                                                const SahaQuery      *query,
                                                guint                *count,
                                                GError              **error);
/* Every record of every entity with a field in conflict, as SahaRecord*. */
GPtrArray      *saha_store_list_conflicts      (SahaStore            *self,
                                                GError              **error);

/* An outer transaction for many writes (imports, benchmarks, pull pages). Writes inside
 * it are savepoints; a failed write rolls back only itself. */
gboolean        saha_store_begin               (SahaStore            *self,
                                                GError              **error);
gboolean        saha_store_commit              (SahaStore            *self,
                                                GError              **error);
void            saha_store_rollback            (SahaStore            *self);

/* RFC 4180 CSV with a header row of field names (and optionally "id"). All rows or none:
 * the first bad row fails the import with its line number and nothing changes. A row
 * whose id exists updates that record; otherwise a record is created. */
gboolean        saha_store_import_csv          (SahaStore            *self,
                                                const char           *entity,
                                                const char           *data,
                                                gsize                 length,
                                                guint                *n_rows,
                                                GError              **error);
/* Header "id" then every field in schema order; live records sorted like saha_store_list. */
char           *saha_store_export_csv          (SahaStore            *self,
                                                const char           *entity,
                                                GError              **error);

/* A number that changes whenever another connection (another process: saha-cli, a sync
 * worker) commits a change to the replica file; this connection's own writes leave it.
 * 0 when it cannot be read. Cheap enough to poll every second. */
gint64          saha_store_get_data_version    (SahaStore            *self);

/* Change notification: "changed::ENTITY" (const char *entity, gboolean by_this_connection)
 * after a commit, on the thread-default main context the store was opened on; one
 * emission per entity written, however many rows. Other connections' commits are seen
 * through the data version: saha_store_watch_changes() polls it (every @interval_ms, 0
 * for a second) on the caller's context, saha_store_poll_changes() looks now; both name
 * every entity, not knowing which changed. */
void            saha_store_watch_changes       (SahaStore            *self,
                                                guint                 interval_ms);
gboolean        saha_store_poll_changes        (SahaStore            *self);

/* Until set again, the connection's statements stop soon after @cancellable is cancelled
 * (SQLite's progress handler: SQLITE_INTERRUPT, an error of SAHA_STORE_ERROR_DATABASE);
 * NULL for none. The thread that owns the store sets it, around a read. */
void            saha_store_set_cancellable     (SahaStore            *self,
                                                GCancellable         *cancellable);

/* Statements run on the thread owning the default main context (the UI thread), data
 * version polls excepted, since the last reset (the first reset starts the counting):
 * tests check with it that screens read in workers. */
guint           saha_store_get_main_thread_statements   (SahaStore *self);
void            saha_store_reset_main_thread_statements (SahaStore *self);

/* Profile-wide settings kept in the replica (server URL, user, cursor, last sync...). */
char           *saha_store_get_setting         (SahaStore            *self,
                                                const char           *key);
gboolean        saha_store_set_setting         (SahaStore            *self,
                                                const char           *key,
                                                const char           *value,
                                                GError              **error);

/* Which user each replica id belongs to, as the server lists them (GET /v1/users):
 * @pairs holds replica id, user name, replica id, ... Rows are added or renamed, never
 * removed. */
gboolean        saha_store_set_replica_users   (SahaStore            *self,
                                                GPtrArray            *pairs,
                                                GError              **error);
/* The user name of @replica_id (this replica's own: the signed-in user), or NULL when
 * the server never named it. */
char           *saha_store_get_replica_user    (SahaStore            *self,
                                                const char           *replica_id);

typedef struct
{
  guint  pending;      /* records with local changes not yet accepted by the server */
  guint  conflicts;    /* records with a field in conflict */
  guint  rejected;     /* records whose last push the server refused */
  guint  set_aside_only; /* records whose edits are set aside and were not refused (a
                          * refused one is counted in rejected): saha-store-set-aside.h */
  char  *last_sync;    /* UTC ISO 8601 or NULL */
} SahaStoreStatus;

gboolean        saha_store_get_status          (SahaStore            *self,
                                                SahaStoreStatus      *status,
                                                GError              **error);
void            saha_store_status_clear        (SahaStoreStatus      *status);

G_END_DECLS
