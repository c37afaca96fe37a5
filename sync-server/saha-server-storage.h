/* saha-server-storage.h: the server's storage interface; SQL lives only behind it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * One SahaServerStorage is one connection to the server's database; it is used by one
 * thread at a time (each worker thread opens its own). Two backends are compiled in and
 * chosen at run time: SQLite, a file under a data directory (saha-server-storage-sqlite.c,
 * the default), and PostgreSQL through libpq (saha-server-storage-postgresql.c). Both
 * implement every function below (saha-server-storage-backend.h), so nothing above this
 * header knows which one it talks to.
 *
 * Write paths run between saha_server_storage_begin (self, TRUE) and _commit/_rollback;
 * reads that need one consistent snapshot (a pull page) use begin (self, FALSE).
 */

typedef struct _SahaServerStorage SahaServerStorage;

typedef enum
{
  SAHA_SERVER_ROLE_REP,
  SAHA_SERVER_ROLE_TECH,
  SAHA_SERVER_ROLE_OFFICE,
  SAHA_SERVER_ROLE_ADMIN,
} SahaServerRole;

const char *saha_server_role_to_string   (SahaServerRole  role);
gboolean    saha_server_role_from_string (const char     *text,
                                          SahaServerRole *role);
/* Reps and technicians: they see their scope only (docs/protocol.md, "Scope"). */
gboolean    saha_server_role_is_field    (SahaServerRole  role);

typedef struct
{
  gint64          id;
  char           *name;
  SahaServerRole  role;
  char           *code;
  char           *password_hash;
  gboolean        disabled;
  char           *full_name;   /* NULL when none was given */
} SahaServerUser;

void saha_server_user_free (SahaServerUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaServerUser, saha_server_user_free)

/* The owner of records every user sees (products): no user name can be "*". */
#define SAHA_SERVER_OWNER_EVERYONE "*"

/*
 * A record as the server keeps it: its merged state (the codec JSON with registers) and
 * the columns scope is decided on, derived from the state and the parent chain:
 *
 *   root      the customer at the top of the parent chain (the customer itself for a
 *             customer); NULL while an ancestor has not arrived yet
 *   owner     the root customer's assigned_to, "*" for shared entities (products), or,
 *             while the parent is missing, the field user who pushed the record
 *   assignee  a service call's assigned_to, inherited by its service parts
 */
typedef struct
{
  char     *entity;
  char     *id;
  char     *parent_entity;
  char     *parent_id;
  char     *root;
  char     *owner;
  char     *assignee;
  gboolean  deleted;
  gint64    seq;
  char     *state;
  char     *pushed_by;   /* written only: the replica whose push stored this state, or NULL */
} SahaServerRow;

SahaServerRow *saha_server_row_new  (void);
void           saha_server_row_free (SahaServerRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaServerRow, saha_server_row_free)

/* A page of a pull: the stored JSON text of each change, in seq order. */
typedef struct
{
  GPtrArray *states;    /* char *, codec JSON with registers */
  GPtrArray *revoked;   /* SahaServerRevocation * */
  gint64     cursor;    /* the seq the page covers up to */
  gboolean   more;
  gint64     remaining;
} SahaServerPullPage;

typedef struct
{
  char *entity;
  char *id;
} SahaServerRevocation;

void saha_server_pull_page_free (SahaServerPullPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaServerPullPage, saha_server_pull_page_free)

/* Opens (creating when missing: directory 0700, files 0600, a new random epoch) the
 * SQLite database under @data_dir. */
SahaServerStorage *saha_server_storage_open     (const char         *data_dir,
                                                 GError            **error);

/* Where the server's data lives: @database (a libpq connection string) when set, else
 * the SQLite file under @data_dir. */
typedef struct
{
  const char *data_dir;
  const char *database;
} SahaServerStorageTarget;

/* Opens @target's database, creating and migrating the schema when needed. A PostgreSQL
 * storage whose connection is lost fails with SAHA_SERVER_ERROR_UNAVAILABLE (503) and
 * connects again on its next transaction. */
SahaServerStorage *saha_server_storage_connect  (const SahaServerStorageTarget  *target,
                                                 GError                        **error);
/* "sqlite" or "postgresql". */
const char        *saha_server_storage_backend_name (SahaServerStorage *self);
void               saha_server_storage_close    (SahaServerStorage  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaServerStorage, saha_server_storage_close)

const char        *saha_server_storage_get_epoch (SahaServerStorage *self);

gboolean saha_server_storage_begin    (SahaServerStorage  *self,
                                       gboolean            write,
                                       GError            **error);
gboolean saha_server_storage_commit   (SahaServerStorage  *self,
                                       GError            **error);
void     saha_server_storage_rollback (SahaServerStorage  *self);
/* For one long bulk load (the demo seeder): a large page cache, so that a transaction
 * of a million rows stays linear. */
void     saha_server_storage_set_bulk_mode (SahaServerStorage *self);
/* Folds the write-ahead log into the database (at shutdown). */
void     saha_server_storage_checkpoint (SahaServerStorage *self);

/* Small facts kept with the data ("demo_at", ...); NULL when unset. */
char    *saha_server_storage_get_meta (SahaServerStorage  *self,
                                       const char         *key);
gboolean saha_server_storage_set_meta (SahaServerStorage  *self,
                                       const char         *key,
                                       const char         *value,
                                       GError            **error);

/* Users. */
gboolean        saha_server_storage_user_add          (SahaServerStorage  *self,
                                                       const char         *name,
                                                       SahaServerRole      role,
                                                       const char         *code,
                                                       const char         *password_hash,
                                                       GError            **error);
SahaServerUser *saha_server_storage_user_lookup       (SahaServerStorage  *self,
                                                       const char         *name,
                                                       GError            **error);
gboolean        saha_server_storage_user_code_exists  (SahaServerStorage  *self,
                                                       const char         *code);
gboolean        saha_server_storage_user_set_password (SahaServerStorage  *self,
                                                       gint64              user_id,
                                                       const char         *password_hash,
                                                       GError            **error);
gboolean        saha_server_storage_user_set_disabled (SahaServerStorage  *self,
                                                       gint64              user_id,
                                                       gboolean            disabled,
                                                       GError            **error);
/* @full_name NULL or "" clears it. */
gboolean        saha_server_storage_user_set_full_name (SahaServerStorage  *self,
                                                        gint64              user_id,
                                                        const char         *full_name,
                                                        GError            **error);
/* Every user, by name; @active_only leaves disabled users out. */
GPtrArray      *saha_server_storage_user_list         (SahaServerStorage  *self,
                                                       gboolean            active_only,
                                                       GError            **error);

/* Which user each known replica id belongs to: replica id, user name, replica id, ... */
GPtrArray      *saha_server_storage_replica_users     (SahaServerStorage  *self,
                                                       GError            **error);

/* Tokens, stored by the hex hash of the token, never the token itself. */
gboolean        saha_server_storage_token_add         (SahaServerStorage  *self,
                                                       const char         *token_hash,
                                                       gint64              user_id,
                                                       const char         *replica_id,
                                                       gint64              expires_at,
                                                       GError            **error);
/* The token's user (disabled users included) or NULL when unknown; *expires_at and
 * *replica_id tell the rest. */
SahaServerUser *saha_server_storage_token_lookup      (SahaServerStorage  *self,
                                                       const char         *token_hash,
                                                       gint64             *expires_at,
                                                       char              **replica_id,
                                                       GError            **error);
gboolean        saha_server_storage_token_delete      (SahaServerStorage  *self,
                                                       const char         *token_hash,
                                                       GError            **error);
/* Returns the number of tokens revoked, or -1 on error. */
gint64          saha_server_storage_tokens_delete_for_user (SahaServerStorage *self,
                                                            gint64             user_id,
                                                            GError           **error);

/* Replicas: the highest dot counter seen from each replica id. */
/* Whether the server has a row for @replica_id: it signed in or was pushed under here. */
gboolean saha_server_storage_replica_is_known    (SahaServerStorage  *self,
                                                  const char         *replica_id);
guint64  saha_server_storage_replica_get_counter   (SahaServerStorage  *self,
                                                    const char         *replica_id);
gboolean saha_server_storage_replica_raise_counter (SahaServerStorage  *self,
                                                    const char         *replica_id,
                                                    guint64             counter,
                                                    GError            **error);

/* Number series: each replica id of a user gets its own, 1, 2, 3... per user, for ever
 * (the same one again for the same replica id). Inside a write transaction. */
gint64   saha_server_storage_number_series      (SahaServerStorage  *self,
                                                 gint64              user_id,
                                                 const char         *replica_id,
                                                 GError            **error);
/* Human numbers (order and service call numbers): the id of the record of @entity that
 * holds @number (NULL: none yet, or on error with *error set). Claiming keeps the first
 * holder for ever. */
char    *saha_server_storage_number_holder      (SahaServerStorage  *self,
                                                 const char         *entity,
                                                 const char         *number,
                                                 GError            **error);
gboolean saha_server_storage_number_claim       (SahaServerStorage  *self,
                                                 const char         *entity,
                                                 const char         *number,
                                                 const char         *id,
                                                 GError            **error);

/* Devices: which replica pulled up to where, and when it was last seen. */
gboolean saha_server_storage_device_seen (SahaServerStorage  *self,
                                          const char         *replica_id,
                                          gint64              user_id,
                                          gint64              acked_seq,
                                          gint64              now,
                                          GError            **error);

/* Push batches: the stored answer of (user, batch id), or NULL. */
char    *saha_server_storage_batch_lookup (SahaServerStorage  *self,
                                           gint64              user_id,
                                           const char         *batch_id);
gboolean saha_server_storage_batch_store  (SahaServerStorage  *self,
                                           gint64              user_id,
                                           const char         *batch_id,
                                           const char         *answer,
                                           gint64              now,
                                           GError            **error);

/* Records. */
SahaServerRow *saha_server_storage_row_lookup   (SahaServerStorage  *self,
                                                 const char         *entity,
                                                 const char         *id,
                                                 GError            **error);
typedef enum
{
  SAHA_SERVER_SCOPE_ABSENT,    /* the server has no such record */
  SAHA_SERVER_SCOPE_OUTSIDE,
  SAHA_SERVER_SCOPE_INSIDE,
} SahaServerScope;

/* Whether field user @user's pulls deliver (@entity, @id): the same rule as
 * saha_server_storage_pull (). FALSE with @error on a storage failure. */
gboolean       saha_server_storage_row_scope    (SahaServerStorage  *self,
                                                 const char         *user,
                                                 const char         *entity,
                                                 const char         *id,
                                                 SahaServerScope    *scope,
                                                 GError            **error);
/* Inserts or replaces @row under a new change seq (stored in row->seq). */
gboolean       saha_server_storage_row_write    (SahaServerStorage  *self,
                                                 SahaServerRow      *row,
                                                 GError            **error);
/* The rows whose parent is (@entity, @id). */
GPtrArray     *saha_server_storage_row_children (SahaServerStorage  *self,
                                                 const char         *entity,
                                                 const char         *id,
                                                 GError            **error);
/* Every row of @entity (tombstones included), in seq order. */
GPtrArray     *saha_server_storage_rows_of_entity (SahaServerStorage  *self,
                                                   const char         *entity,
                                                   GError            **error);
/* Records that (@entity, @id) left @user's scope at a new seq. */
gboolean       saha_server_storage_revoke       (SahaServerStorage  *self,
                                                 const char         *user,
                                                 const char         *entity,
                                                 const char         *id,
                                                 GError            **error);

/* A pull page for @user (NULL: a user who sees everything) after @after_seq. Records
 * whose current state a push from @own_replica stored (that replica holds it already)
 * are passed over, not sent; NULL sends everything. */
SahaServerPullPage *saha_server_storage_pull    (SahaServerStorage  *self,
                                                 const char         *user,
                                                 gint64              after_seq,
                                                 guint               limit,
                                                 const char         *own_replica,
                                                 GError            **error);

/* History: the tag of the change at @seq, which a cursor carries: the random id of the
 * server process that handed @seq out ("0" for seq 0). A data directory restored from an
 * earlier copy hands the seqs after the copy's last one out again under another tag. */
char    *saha_server_storage_history_tag  (SahaServerStorage  *self,
                                           gint64              seq);

/* Tombstones: the largest seq of a purged tombstone or revocation (cursors below it must
 * re-sync), and the purge itself. */
gint64   saha_server_storage_get_purge_seq (SahaServerStorage  *self);
/* Removes tombstones and revocations with seq <= the smallest cursor acknowledged by a
 * device seen since @active_since (every change when none), and push answers older than
 * @answers_before. Returns the number of tombstones removed, -1 on error. */
gint64   saha_server_storage_purge         (SahaServerStorage  *self,
                                            gint64              active_since,
                                            gint64              answers_before,
                                            GError            **error);

/* The audit trail (append-only): one entry per field an accepted push changed. */
typedef struct
{
  gint64  at;          /* seconds since the epoch, UTC */
  char   *user;        /* who pushed */
  char   *device;      /* the replica id the push came from */
  char   *entity;
  char   *id;
  char   *field;       /* a field name, or "deleted" */
  char   *old_value;   /* the shown value before and after; NULL: unset */
  char   *new_value;
  gint64  n;           /* the entry's number (read only) */
} SahaServerAuditEntry;

/* What saha_server_storage_audit_blank_record () leaves in place of a value. */
#define SAHA_SERVER_AUDIT_ERASED "erased"

void       saha_server_audit_entry_free            (SahaServerAuditEntry        *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaServerAuditEntry, saha_server_audit_entry_free)
gboolean   saha_server_storage_audit_add           (SahaServerStorage           *self,
                                                    const SahaServerAuditEntry  *entry,
                                                    GError                     **error);
/* Entries in the order they were made; @record_id and @user NULL for any, @since in
 * seconds (0 for all). */
GPtrArray *saha_server_storage_audit_list          (SahaServerStorage           *self,
                                                    const char                  *record_id,
                                                    const char                  *user,
                                                    gint64                       since,
                                                    GError                     **error);
/* The entries numbered above @after_n made before @before whose field is not "deleted"
 * and that hold a value; *done_upto gets the number below which every entry was made
 * before @before (pass it as @after_n next time: older entries need no second look). */
GPtrArray *saha_server_storage_audit_list_before   (SahaServerStorage           *self,
                                                    gint64                       before,
                                                    gint64                       after_n,
                                                    gint64                      *done_upto,
                                                    GError                     **error);
/* For retention: entry @n's old and new values become @old_value and @new_value (their
 * hashes). The other rewrite the audit table allows. */
gboolean   saha_server_storage_audit_set_values    (SahaServerStorage           *self,
                                                    gint64                       n,
                                                    const char                  *old_value,
                                                    const char                  *new_value,
                                                    GError                     **error);
/* For erasure: every old and new value recorded for (@entity, @id) becomes "erased"
 * (unset values stay unset; the "deleted" field's true/false stays); who, when, from
 * which device and which field stay. The only rewrite the audit table allows. Run it in
 * the erasure's write transaction, for the record and for each child that describes the
 * person; checkpoint the WAL afterwards (with secure_delete on) so the old values leave
 * the files. Returns the number of entries blanked, -1 on error. */
gint64     saha_server_storage_audit_blank_record  (SahaServerStorage           *self,
                                                    const char                  *entity,
                                                    const char                  *id,
                                                    GError                     **error);

/* Devices (replica ids) and the wipe of a lost one. */
typedef struct
{
  char   *replica_id;
  char   *user;
  gint64  last_seen;   /* seconds; the last login, push or pull */
  gint64  wiped_at;    /* 0: not wiped */
} SahaServerDevice;

void       saha_server_device_free             (SahaServerDevice   *device);
/* Every device (of @user, or of everyone when NULL), by user then replica id. */
GPtrArray *saha_server_storage_device_list     (SahaServerStorage  *self,
                                                const char         *user,
                                                GError            **error);
/* Marks @replica_id wiped and ends its sessions: its tokens are deleted, their hashes
 * kept so that a copy is recognised. */
gboolean   saha_server_storage_device_wipe     (SahaServerStorage  *self,
                                                const char         *replica_id,
                                                gint64              user_id,
                                                gint64              now,
                                                GError            **error);
/* Whether @replica_id was wiped or @token_hash was held by a wiped device (either may
 * be NULL). */
gboolean   saha_server_storage_device_is_wiped (SahaServerStorage  *self,
                                                const char         *replica_id,
                                                const char         *token_hash);
/* Erasure (docs/security.md): (@entity, @id) was blanked by erasing person @person. */
gboolean   saha_server_storage_erasure_add  (SahaServerStorage  *self,
                                             const char         *entity,
                                             const char         *id,
                                             const char         *person,
                                             const char         *erased_by,
                                             gint64              now,
                                             GError            **error);
gboolean   saha_server_storage_is_erased    (SahaServerStorage  *self,
                                             const char         *entity,
                                             const char         *id,
                                             gboolean           *erased,
                                             GError            **error);
/* Every erased record, as SahaServerRevocation* (entity, id). */
GPtrArray *saha_server_storage_erasures     (SahaServerStorage  *self,
                                             GError            **error);
/* Removes the stored push answers that mention @id (they may hold its old state). */
gboolean   saha_server_storage_forget_answers_with (SahaServerStorage  *self,
                                                    const char         *id,
                                                    GError            **error);

G_END_DECLS
