/* saha-server-storage-backend.h: how a storage backend plugs in behind saha-server-storage.h.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-server-storage.h"

G_BEGIN_DECLS

/*
 * Every saha_server_storage_* function of saha-server-storage.h that works on an open
 * storage is a method here, listed once: SAHA_STORAGE_METHODS (M, M0, V0) expands
 *   M  (return type, name, (parameters after self), (their names))
 *   M0 (return type, name)     a method with self alone
 *   V0 (name)                  the same, returning nothing
 * so the table of function pointers, the public functions that call through it
 * (saha-server-storage.c) and each backend's table are made from the same list and
 * cannot drift apart.
 */
#define SAHA_STORAGE_METHODS(M, M0, V0) \
  M0 (const char *, get_epoch) \
  M (gboolean, begin, (gboolean write, GError **error), (write, error)) \
  M (gboolean, commit, (GError **error), (error)) \
  V0 (rollback) \
  V0 (set_bulk_mode) \
  V0 (checkpoint) \
  M (char *, get_meta, (const char *key), (key)) \
  M (gboolean, set_meta, (const char *key, const char *value, GError **error), (key, value, error)) \
  M (gboolean, user_add, (const char *name, SahaServerRole role, const char *code, \
                          const char *password_hash, GError **error), \
     (name, role, code, password_hash, error)) \
  M (SahaServerUser *, user_lookup, (const char *name, GError **error), (name, error)) \
  M (gboolean, user_code_exists, (const char *code), (code)) \
  M (gboolean, user_set_password, (gint64 user_id, const char *password_hash, GError **error), \
     (user_id, password_hash, error)) \
  M (gboolean, user_set_disabled, (gint64 user_id, gboolean disabled, GError **error), \
     (user_id, disabled, error)) \
  M (gboolean, user_set_full_name, (gint64 user_id, const char *full_name, GError **error), \
     (user_id, full_name, error)) \
  M (GPtrArray *, user_list, (gboolean active_only, GError **error), (active_only, error)) \
  M (GPtrArray *, replica_users, (GError **error), (error)) \
  M (gboolean, token_add, (const char *token_hash, gint64 user_id, const char *replica_id, \
                           gint64 expires_at, GError **error), \
     (token_hash, user_id, replica_id, expires_at, error)) \
  M (SahaServerUser *, token_lookup, (const char *token_hash, gint64 *expires_at, \
                                      char **replica_id, GError **error), \
     (token_hash, expires_at, replica_id, error)) \
  M (gboolean, token_delete, (const char *token_hash, GError **error), (token_hash, error)) \
  M (gint64, tokens_delete_for_user, (gint64 user_id, GError **error), (user_id, error)) \
  M (gboolean, replica_is_known, (const char *replica_id), (replica_id)) \
  M (guint64, replica_get_counter, (const char *replica_id), (replica_id)) \
  M (gboolean, replica_raise_counter, (const char *replica_id, guint64 counter, GError **error), \
     (replica_id, counter, error)) \
  M (gint64, number_series, (gint64 user_id, const char *replica_id, GError **error), \
     (user_id, replica_id, error)) \
  M (char *, number_holder, (const char *entity, const char *number, GError **error), \
     (entity, number, error)) \
  M (gboolean, number_claim, (const char *entity, const char *number, const char *id, \
                              GError **error), (entity, number, id, error)) \
  M (gboolean, device_seen, (const char *replica_id, gint64 user_id, gint64 acked_seq, \
                             gint64 now, GError **error), \
     (replica_id, user_id, acked_seq, now, error)) \
  M (char *, batch_lookup, (gint64 user_id, const char *batch_id), (user_id, batch_id)) \
  M (gboolean, batch_store, (gint64 user_id, const char *batch_id, const char *answer, \
                             gint64 now, GError **error), \
     (user_id, batch_id, answer, now, error)) \
  M (SahaServerRow *, row_lookup, (const char *entity, const char *id, GError **error), \
     (entity, id, error)) \
  M (gboolean, row_scope, (const char *user, const char *entity, const char *id, \
                           SahaServerScope *scope, GError **error), \
     (user, entity, id, scope, error)) \
  M (gboolean, row_write, (SahaServerRow *row, GError **error), (row, error)) \
  M (GPtrArray *, rows_of_entity, (const char *entity, GError **error), (entity, error)) \
  M (GPtrArray *, row_children, (const char *entity, const char *id, GError **error), \
     (entity, id, error)) \
  M (gboolean, revoke, (const char *user, const char *entity, const char *id, GError **error), \
     (user, entity, id, error)) \
  M (SahaServerPullPage *, pull, (const char *user, gint64 after_seq, guint limit, \
                                  const char *own_replica, GError **error), \
     (user, after_seq, limit, own_replica, error)) \
  M (char *, history_tag, (gint64 seq), (seq)) \
  M0 (gint64, get_purge_seq) \
  M (gint64, purge, (gint64 active_since, gint64 answers_before, GError **error), \
     (active_since, answers_before, error)) \
  M (gboolean, audit_add, (const SahaServerAuditEntry *entry, GError **error), (entry, error)) \
  M (GPtrArray *, audit_list, (const char *record_id, const char *user, gint64 since, \
                               GError **error), (record_id, user, since, error)) \
  M (GPtrArray *, audit_list_before, (gint64 before, gint64 after_n, gint64 *done_upto, \
                                      GError **error), (before, after_n, done_upto, error)) \
  M (gboolean, audit_set_values, (gint64 n, const char *old_value, const char *new_value, \
                                  GError **error), (n, old_value, new_value, error)) \
  M (gint64, audit_blank_record, (const char *entity, const char *id, GError **error), \
     (entity, id, error)) \
  M (GPtrArray *, device_list, (const char *user, GError **error), (user, error)) \
  M (gboolean, device_wipe, (const char *replica_id, gint64 user_id, gint64 now, \
                             GError **error), (replica_id, user_id, now, error)) \
  M (gboolean, device_is_wiped, (const char *replica_id, const char *token_hash), \
     (replica_id, token_hash)) \
  M (gboolean, erasure_add, (const char *entity, const char *id, const char *person, \
                             const char *erased_by, gint64 now, GError **error), \
     (entity, id, person, erased_by, now, error)) \
  M (gboolean, is_erased, (const char *entity, const char *id, gboolean *erased, \
                           GError **error), (entity, id, erased, error)) \
  M (GPtrArray *, erasures, (GError **error), (error)) \
  M (gboolean, forget_answers_with, (const char *id, GError **error), (id, error)) \
  V0 (close)

#define SAHA_STORAGE_UNPACK(...) __VA_ARGS__

#define SAHA_STORAGE_SLOT(ret, name, params, args) \
  ret (*name) (SahaServerStorage *self, SAHA_STORAGE_UNPACK params);
#define SAHA_STORAGE_SLOT0(ret, name) ret (*name) (SahaServerStorage *self);
#define SAHA_STORAGE_VSLOT0(name) void (*name) (SahaServerStorage *self);

typedef struct
{
  const char *name;   /* "sqlite", "postgresql" */
  SAHA_STORAGE_METHODS (SAHA_STORAGE_SLOT, SAHA_STORAGE_SLOT0, SAHA_STORAGE_VSLOT0)
} SahaServerStorageBackend;

/* The start of every backend's storage struct. */
struct _SahaServerStorage
{
  const SahaServerStorageBackend *backend;
};

/*
 * A backend names its functions PREFIX_NAME (taking its own struct, whose first member
 * is the SahaServerStorage) and makes its table with
 *   SAHA_STORAGE_BACKEND_DEFINE (prefix, OwnType, "name")
 * which defines, for each method, a function taking SahaServerStorage that calls it.
 */
#define SAHA_STORAGE_THUNK(prefix, type, ret, name, params, args) \
  static ret prefix##_thunk_##name (SahaServerStorage *self, SAHA_STORAGE_UNPACK params) \
  { return prefix##_##name ((type *) self, SAHA_STORAGE_UNPACK args); }
#define SAHA_STORAGE_THUNK0(prefix, type, ret, name) \
  static ret prefix##_thunk_##name (SahaServerStorage *self) \
  { return prefix##_##name ((type *) self); }
#define SAHA_STORAGE_VTHUNK0(prefix, type, name) \
  static void prefix##_thunk_##name (SahaServerStorage *self) \
  { prefix##_##name ((type *) self); }

/* Shared by the backends (saha-server-storage.c). */
void  saha_server_revocation_free (SahaServerRevocation *revocation);
/* A random 16-hex-digit id (an epoch, a run id). */
char *saha_server_storage_random_id (void);
/* This process's run id (see "history" in saha-server-storage-sqlite.c): made once. */
const char *saha_server_storage_process_run (void);

extern const SahaServerStorageBackend saha_server_storage_sqlite_backend;
extern const SahaServerStorageBackend saha_server_storage_postgresql_backend;

SahaServerStorage *saha_server_storage_sqlite_open     (const char  *data_dir,
                                                        GError     **error);
SahaServerStorage *saha_server_storage_postgresql_open (const char  *conninfo,
                                                        GError     **error);
/* saha-server copy: one statement on a PostgreSQL storage (see its definition). */
gboolean saha_server_storage_postgresql_run (SahaServerStorage   *storage,
                                             const char          *sql,
                                             int                  n,
                                             const char * const  *values,
                                             gint64              *first,
                                             GError             **error);

G_END_DECLS
