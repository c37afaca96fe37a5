/* saha-store-sync.c: the replica side of sync: pending records, push answers, pull pages.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "saha-store-private.h"
#include "saha-store-set-aside.h"
#include "saha-store-sync.h"

/**
 * saha_store_pending_key_free:
 * @key: (nullable): a pending record's key
 *
 * Frees @key and its strings.
 */
void
saha_store_pending_key_free (SahaStorePendingKey *key)
{
  if (key == NULL)
    return;
  g_free (key->id);
  g_free (key);
}

/**
 * saha_store_rejection_free:
 * @rejection: (nullable): a refused push
 *
 * Frees @rejection and its strings.
 */
void
saha_store_rejection_free (SahaStoreRejection *rejection)
{
  if (rejection == NULL)
    return;
  g_free (rejection->entity);
  g_free (rejection->id);
  g_free (rejection->code);
  g_free (rejection->message);
  g_free (rejection->at);
  g_free (rejection);
}

/* Entity names come from the schema table, never from input, so they may be spliced into
 * SQL (quoted: "order" is a keyword). The statement cache is keyed by the text. */
static sqlite3_stmt *
prepare_for_entity (SahaStore           *self,
                    const char          *format,
                    const SahaEntityDef *entity,
                    GError             **error)
{
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", entity->name);
  g_autoptr(GString) sql = g_string_new (format);

  g_string_replace (sql, "%s", quoted, 1);
  return saha_store_prepare (self, sql->str, error);
}

static gboolean
step_done (SahaStore     *self,
           sqlite3_stmt  *stmt,
           const char    *doing,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      saha_store_set_sqlite_error (self, error, doing);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Runs @sql, a statement about one record: its entity bound as ?1 and its id as ?2. */
static gboolean
run_for_record (SahaStore   *self,
                const char  *sql,
                const char  *entity,
                const char  *id,
                const char  *doing,
                GError     **error)
{
  sqlite3_stmt *stmt = saha_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, doing, error);
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * saha_store_sync_list_pending:
 * @self: a store
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Returns: (transfer full) (element-type SahaStorePendingKey) (nullable): every pending
 *   record with its change counter now, parents before children; %NULL with @error set
 */
GPtrArray *
saha_store_sync_list_pending (SahaStore  *self,
                              GError    **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_store_pending_key_free);
  const SahaEntityDef * const *entities;
  guint n_entities = 0;

  entities = saha_schema_entities (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      sqlite3_stmt *stmt = prepare_for_entity (self,
                                               "SELECT id, changes FROM %s WHERE dirty = 1",
                                               entities[i], error);
      int rc;

      if (stmt == NULL)
        return NULL;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          SahaStorePendingKey *key = g_new0 (SahaStorePendingKey, 1);

          key->entity = entities[i];
          key->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          key->change = sqlite3_column_int64 (stmt, 1);
          g_ptr_array_add (keys, key);
        }
      if (rc != SQLITE_DONE)
        {
          saha_store_set_sqlite_error (self, error, "listing pending records");
          sqlite3_reset (stmt);
          return NULL;
        }
      sqlite3_reset (stmt);
    }
  return g_steal_pointer (&keys);
}

/* dirty and changes of a row; FALSE (no error) when there is no row. */
static gboolean
read_row_state (SahaStore           *self,
                const SahaEntityDef *entity,
                const char          *id,
                gboolean            *dirty,
                gint64              *change,
                GError             **error)
{
  sqlite3_stmt *stmt = prepare_for_entity (self, "SELECT dirty, changes FROM %s WHERE id = ?",
                                           entity, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *dirty = sqlite3_column_int (stmt, 0) != 0;
      *change = sqlite3_column_int64 (stmt, 1);
      sqlite3_reset (stmt);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    saha_store_set_sqlite_error (self, error, "reading a record's sync state");
  sqlite3_reset (stmt);
  return FALSE;
}

/**
 * saha_store_sync_read_pending:
 * @self: a store
 * @entity: the record's entity
 * @id: the record's id
 * @change: (out): the record's local change counter
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Returns: (transfer full) (nullable): the record's state, or %NULL, without an error,
 *   when it is gone or no longer pending
 */
SahaRecord *
saha_store_sync_read_pending (SahaStore           *self,
                              const SahaEntityDef *entity,
                              const char          *id,
                              gint64              *change,
                              GError             **error)
{
  gboolean dirty = FALSE;

  if (!read_row_state (self, entity, id, &dirty, change, error) || !dirty)
    return NULL;
  return saha_store_lookup (self, entity, id, error);
}

/**
 * saha_store_sync_apply:
 * @self: a store
 * @remote: a pulled record state
 * @changed: (out) (optional): whether the replica changed
 * @error: return location for a #SAHA_STORE_ERROR
 *
 * Merges a pulled record into the local state; pending flags are untouched.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_apply (SahaStore   *self,
                       SahaRecord  *remote,
                       gboolean    *changed,
                       GError     **error)
{
  const SahaEntityDef *entity = saha_record_get_entity (remote);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SahaRecord) local = NULL;
  guint64 own;

  if (changed != NULL)
    *changed = FALSE;
  /* A dot of this replica's id in a pulled state (a copy of this file pushed it, or the
   * file was restored): the counter never goes below it, so it is not issued again. The
   * identity rule (docs/sync.md) should have given this file a new id first. */
  own = saha_version_vector_get (saha_record_get_version_vector (remote),
                                 saha_store_get_replica_id (self));
  if (own > 0 && !saha_store_raise_counter (self, own, error))
    return FALSE;
  local = saha_store_lookup (self, entity, saha_record_get_id (remote), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (local != NULL)
    {
      /* The merge is a join: nothing local is lost, dirty flags stay as they are. */
      if (!saha_record_merge_into (local, remote))
        return TRUE;
      if (!saha_store_put_record (self, local, FALSE, error))
        return FALSE;
    }
  else if (!saha_store_put_record (self, remote, FALSE, error))
    return FALSE;

  if (changed != NULL)
    *changed = TRUE;
  return TRUE;
}

/**
 * saha_store_sync_accept:
 * @self: a store
 * @merged: the server's merged state of the record
 * @change: the change counter the record had when it was read for the push
 * @error: return location for a #SAHA_STORE_ERROR
 *
 * A push answer "ok": merges @merged into the local state; the record stops being
 * pending only when its change counter is still @change. Its rejection is cleared.
 * Inside the engine's transaction.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_accept (SahaStore   *self,
                        SahaRecord  *merged,
                        gint64       change,
                        GError     **error)
{
  if (!saha_store_sync_apply (self, merged, NULL, error))
    return FALSE;
  return saha_store_sync_accept_pushed (self, saha_record_get_entity (merged),
                                        saha_record_get_id (merged), change, error);
}

/**
 * saha_store_sync_accept_pushed:
 * @self: a store
 * @entity: the record's entity
 * @id: the record's id
 * @change: the change counter the record had when it was read for the push
 * @error: return location for a #SAHA_STORE_ERROR
 *
 * A push answer "ok" without a record: as saha_store_sync_accept() with nothing to merge.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_accept_pushed (SahaStore            *self,
                               const SahaEntityDef  *entity,
                               const char           *id,
                               gint64                change,
                               GError              **error)
{
  sqlite3_stmt *stmt;

  /* Only when no local write happened since the batch was read: "changes" counts them. */
  stmt = prepare_for_entity (self, "UPDATE %s SET dirty = 0 WHERE id = ? AND changes = ?",
                             entity, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, change);
  if (!step_done (self, stmt, "clearing a pushed record's pending flag", error))
    return FALSE;

  return run_for_record (self, "DELETE FROM push_rejection WHERE entity = ?1 AND id = ?2",
                         entity->name, id, "clearing a push rejection", error);
}

/**
 * saha_store_sync_reject:
 * @self: a store
 * @entity: the record's entity name
 * @id: the record's id
 * @code: the server's refusal code
 * @message: (nullable): the server's words
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * A push answer "refused": the record keeps its state and stays pending; the refusal is
 * recorded, replacing an older one of the record.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_reject (SahaStore   *self,
                        const char  *entity,
                        const char  *id,
                        const char  *code,
                        const char  *message,
                        GError     **error)
{
  g_autofree char *at = now_iso8601 ();
  sqlite3_stmt *stmt;

  stmt = saha_store_prepare (self,
                             "INSERT OR REPLACE INTO push_rejection (entity, id, code, message, at) "
                             "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, code != NULL ? code : "refused", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, message != NULL ? message : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, at, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, "recording a push rejection", error);
}

/**
 * saha_store_sync_set_outbox:
 * @self: a store
 * @batch_id: (nullable): the batch's id; %NULL drops the outbox
 * @body: (nullable): the batch's request body
 * @changes: (nullable): what the batch pushes, as the push keeps it
 * @counter: the batch's replica counter
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Writes the push batch in flight, the outbox_* settings, together; with @batch_id
 * %NULL they are all removed.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_set_outbox (SahaStore   *self,
                            const char  *batch_id,
                            const char  *body,
                            const char  *changes,
                            guint64      counter,
                            GError     **error)
{
  g_autofree char *counter_text = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);

  if (batch_id != NULL)
    counter_text = g_strdup_printf ("%" G_GUINT64_FORMAT, counter);
  else
    body = changes = NULL;
  return saha_store_set_setting (self, "outbox_batch_id", batch_id, error)
         && saha_store_set_setting (self, "outbox_body", body, error)
         && saha_store_set_setting (self, "outbox_changes", changes, error)
         && saha_store_set_setting (self, "outbox_counter", counter_text, error);
}

/**
 * saha_store_sync_revoke:
 * @self: a store
 * @entity_name: the record's entity
 * @id: the record's id
 * @error: return location for %SAHA_CORE_ERROR_UNKNOWN_ENTITY for an unknown entity,
 *   else a #SAHA_STORE_ERROR (%SAHA_STORE_ERROR_DATABASE when SQLite fails)
 *
 * A record left the user's scope: removed, or set aside when it holds pending edits.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_revoke (SahaStore   *self,
                        const char  *entity_name,
                        const char  *id,
                        GError     **error)
{
  const SahaEntityDef *entity = saha_schema_lookup_checked (entity_name, error);
  g_autoptr(GError) local_error = NULL;
  gboolean dirty = FALSE;
  gint64 change = 0;

  if (entity == NULL)
    return FALSE;
  if (!read_row_state (self, entity, id, &dirty, &change, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  if (dirty)
    {
      /* Set aside under the user signed in now: the login sets every pending edit of a
       * previous user aside before anything else syncs (saha-store-set-aside.h). */
      g_autoptr(SahaRecord) record = saha_store_lookup (self, entity, id, &local_error);
      g_autofree char *user = saha_store_get_setting (self, "user");

      if (record == NULL)
        {
          if (local_error != NULL)
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND,
                         "%s %s is gone", entity->name, id);
          return FALSE;
        }
      if (!saha_store_sync_set_aside (self, record, "revoked", user, error))
        return FALSE;
    }
  return saha_store_remove_record (self, entity->name, id, error);
}

/**
 * saha_store_sync_full_begin:
 * @self: a store
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Starts a full re-sync (or a reconciliation) on this connection: clears the set of
 * received records.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_full_begin (SahaStore  *self,
                            GError    **error)
{
  /* A TEMP table: it belongs to this connection and never reaches the file, so an
   * interrupted re-sync simply starts again (the "resync" setting says so). */
  return saha_store_exec (self,
                          "CREATE TEMP TABLE IF NOT EXISTS sync_received ("
                          " entity TEXT NOT NULL, id TEXT NOT NULL,"
                          " PRIMARY KEY (entity, id)) WITHOUT ROWID", error)
         && saha_store_exec (self, "DELETE FROM temp.sync_received", error);
}

/**
 * saha_store_sync_full_note:
 * @self: a store
 * @entity: a received record's entity
 * @id: a received record's id
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Notes one record as received during a full re-sync.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_full_note (SahaStore   *self,
                           const char  *entity,
                           const char  *id,
                           GError     **error)
{
  return run_for_record (self,
                         "INSERT OR IGNORE INTO temp.sync_received (entity, id) VALUES (?1, ?2)",
                         entity, id, "noting a received record", error);
}

/**
 * saha_store_sync_full_finish:
 * @self: a store
 * @n_removed: (out) (optional): the number of records removed
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Ends a full re-sync: removes every record neither received nor pending.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_full_finish (SahaStore  *self,
                             guint      *n_removed,
                             GError    **error)
{
  const SahaEntityDef * const *entities;
  guint n_entities = 0;
  guint removed = 0;

  entities = saha_schema_entities (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *stmt;
      int rc;

      stmt = prepare_for_entity (self,
                                 "SELECT id FROM %s AS r WHERE dirty = 0 AND NOT EXISTS "
                                 "(SELECT 1 FROM temp.sync_received AS s "
                                 " WHERE s.entity = ? AND s.id = r.id)",
                                 entities[i], error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, entities[i]->name, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          saha_store_set_sqlite_error (self, error, "finding records the server no longer has");
          return FALSE;
        }
      for (guint j = 0; j < ids->len; j++)
        if (!saha_store_remove_record (self, entities[i]->name, ids->pdata[j], error))
          return FALSE;
      removed += ids->len;
    }
  if (n_removed != NULL)
    *n_removed = removed;
  return saha_store_exec (self, "DELETE FROM temp.sync_received", error);
}

/**
 * saha_store_sync_reconcile_apply:
 * @self: a store
 * @remote: a pulled record state
 * @n_marked: (inout) (optional): increased by one when the record is newly marked pending
 * @error: return location for a #SAHA_STORE_ERROR
 *
 * While reconciling with a restored server: merges @remote as saha_store_sync_apply()
 * does, notes it as received, and marks it pending when the local state held more.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_reconcile_apply (SahaStore   *self,
                                 SahaRecord  *remote,
                                 guint       *n_marked,
                                 GError     **error)
{
  const SahaEntityDef *entity = saha_record_get_entity (remote);
  const char *id = saha_record_get_id (remote);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SahaRecord) local = NULL;
  SahaVvOrder order;

  local = saha_store_lookup (self, entity, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!saha_store_sync_full_note (self, entity->name, id, error))
    return FALSE;
  if (local == NULL)
    return saha_store_put_record (self, remote, FALSE, error);

  order = saha_version_vector_compare (saha_record_get_version_vector (local),
                                       saha_record_get_version_vector (remote));
  if (order == SAHA_VV_EQUAL || order == SAHA_VV_DOMINATED)
    return saha_store_sync_apply (self, remote, NULL, error);

  /* The local state has writes the server's lacks: merged, and pending (put_record
   * keeps a row that is pending pending, and marks this one). */
  saha_record_merge_into (local, remote);
  if (!saha_store_put_record (self, local, TRUE, error))
    return FALSE;
  if (n_marked != NULL)
    (*n_marked)++;
  return TRUE;
}

/**
 * saha_store_sync_reconcile_revoke:
 * @self: a store
 * @entity_name: the record's entity
 * @id: the record's id
 * @error: return location for a #SAHA_STORE_ERROR
 *
 * A revocation met while reconciling: a record this replica ever wrote, or a pending one,
 * is set aside; others are removed.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_reconcile_revoke (SahaStore   *self,
                                  const char  *entity_name,
                                  const char  *id,
                                  GError     **error)
{
  const SahaEntityDef *entity = saha_schema_lookup_checked (entity_name, error);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SahaRecord) local = NULL;

  if (entity == NULL)
    return FALSE;
  local = saha_store_lookup (self, entity, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* Its own writes may be ones the restored server lost: kept, marked pending so that the
   * revocation sets the whole state aside. */
  if (local != NULL
      && saha_version_vector_get (saha_record_get_version_vector (local),
                                  saha_store_get_replica_id (self)) > 0
      && !saha_store_put_record (self, local, TRUE, error))
    return FALSE;
  return saha_store_sync_revoke (self, entity_name, id, error);
}

/**
 * saha_store_sync_reconcile_finish:
 * @self: a store
 * @n_marked: (inout) (optional): increased by the number of records newly marked pending
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Ends a reconciliation: marks pending every record that was not received; nothing is
 * removed.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_reconcile_finish (SahaStore  *self,
                                  guint      *n_marked,
                                  GError    **error)
{
  const SahaEntityDef * const *entities;
  guint n_entities = 0;

  entities = saha_schema_entities (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    {
      sqlite3_stmt *stmt = prepare_for_entity (self,
                                               "UPDATE %s SET dirty = 1, changes = changes + 1"
                                               " WHERE dirty = 0 AND id NOT IN"
                                               " (SELECT id FROM temp.sync_received"
                                               "  WHERE entity = ?)",
                                               entities[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, entities[i]->name, -1, SQLITE_STATIC);
      if (!step_done (self, stmt, "marking what the server lost as pending", error))
        return FALSE;
      if (n_marked != NULL)
        *n_marked += sqlite3_changes (saha_store_get_db (self));
    }
  return saha_store_exec (self, "DELETE FROM temp.sync_received", error);
}

/**
 * saha_store_sync_get_counter:
 * @self: a store
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Returns: the highest dot counter this replica has used, 0 for a new replica or with
 *   @error set
 */
guint64
saha_store_sync_get_counter (SahaStore  *self,
                             GError    **error)
{
  sqlite3_stmt *stmt = saha_store_prepare (self, "SELECT counter FROM replica WHERE one = 1",
                                           error);
  guint64 counter = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    counter = (guint64) sqlite3_column_int64 (stmt, 0);
  else
    saha_store_set_sqlite_error (self, error, "reading the replica counter");
  sqlite3_reset (stmt);
  return counter;
}

/* The pending record @record of @old_id re-dotted under @new_id with dot counter @counter
 * for every candidate newer than @acked (see the header). */
static SahaRecord *
redot_record (SahaRecord  *record,
              const char  *old_id,
              const char  *new_id,
              guint64      acked,
              guint64      counter)
{
  const SahaEntityDef *entity = saha_record_get_entity (record);
  g_autoptr(SahaVersionVector) vv = saha_version_vector_copy (saha_record_get_version_vector (record));
  SahaRecord *copy = saha_record_new (entity, saha_record_get_id (record));

  for (guint f = 0; f <= entity->n_fields; f++)
    {
      const char *field = f < entity->n_fields ? entity->fields[f].name : SAHA_DELETED_FIELD;
      guint n = 0;
      const SahaCandidate *candidates = saha_record_get_candidates (record, field, &n);

      for (guint c = 0; c < n; c++)
        {
          if (g_strcmp0 (candidates[c].dot.replica, old_id) == 0
              && candidates[c].dot.counter > acked)
            saha_record_add_candidate (copy, field, candidates[c].value, new_id, counter);
          else
            saha_record_add_candidate (copy, field, candidates[c].value,
                                       candidates[c].dot.replica, candidates[c].dot.counter);
        }
    }
  if (saha_version_vector_get (vv, old_id) > acked)
    saha_version_vector_set (vv, old_id, acked);
  saha_version_vector_set (vv, new_id, counter);
  saha_record_set_version_vector (copy, vv);
  return copy;
}

/**
 * saha_store_sync_change_replica_id:
 * @self: a store
 * @new_replica_id: the replica's new id
 * @acked_counter: the last replica_counter the server accepted
 * @error: return location for a #SAHA_STORE_ERROR
 *
 * The replica was restored or copied: takes @new_replica_id and re-dots the edits the
 * server has not acknowledged (see saha-store-sync.h), in one transaction. Reopen the
 * store afterwards.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_change_replica_id (SahaStore   *self,
                                   const char  *new_replica_id,
                                   guint64      acked_counter,
                                   GError     **error)
{
  g_autofree char *old_id = g_strdup (saha_store_get_replica_id (self));
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) set_aside = NULL;
  sqlite3_stmt *stmt;

  if (!saha_store_begin (self, error))
    return FALSE;

  stmt = saha_store_prepare (self, "UPDATE replica SET replica_id = ? WHERE one = 1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, new_replica_id, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, "giving the replica a new id", error))
    goto fail;

  keys = saha_store_sync_list_pending (self, error);
  if (keys == NULL)
    goto fail;
  for (guint i = 0; i < keys->len; i++)
    {
      SahaStorePendingKey *key = keys->pdata[i];
      g_autoptr(SahaRecord) record = saha_store_get (self, key->entity->name, key->id, error);
      g_autoptr(SahaRecord) redotted = NULL;
      guint64 counter;

      if (record == NULL)
        goto fail;
      counter = saha_store_next_counter (self, error);
      if (counter == 0)
        goto fail;
      redotted = redot_record (record, old_id, new_replica_id, acked_counter, counter);
      if (!saha_record_check_consistent (redotted, error)
          || !saha_store_put_record (self, redotted, TRUE, error))
        goto fail;
    }

  /* Edits set aside are pushed one day too (retry): the same re-dotting, state replaced. */
  set_aside = saha_store_list_set_aside (self, error);
  if (set_aside == NULL)
    goto fail;
  for (guint i = 0; i < set_aside->len; i++)
    {
      SahaStoreSetAside *entry = set_aside->pdata[i];
      g_autoptr(SahaRecord) redotted = NULL;
      guint64 counter = saha_store_next_counter (self, error);

      if (counter == 0)
        goto fail;
      redotted = redot_record (entry->state, old_id, new_replica_id, acked_counter, counter);
      if (!saha_record_check_consistent (redotted, error)
          || !saha_store_sync_replace_set_aside (self, redotted, error))
        goto fail;
    }

  /* The outbox holds the old id's dots: it must be rebuilt, and the server never took it
   * (replica_reused refuses the whole batch). */
  stmt = saha_store_prepare (self,
                             "DELETE FROM setting WHERE key IN "
                             "('outbox_batch_id', 'outbox_body', 'outbox_changes', 'outbox_counter')", error);
  if (stmt == NULL || !step_done (self, stmt, "dropping the refused outbox", error))
    goto fail;

  return saha_store_commit (self, error);

fail:
  saha_store_rollback (self);
  return FALSE;
}

/**
 * saha_store_sync_set_number_series:
 * @self: a store
 * @series: the number series the server gave this replica id
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Stores @series as the "number_series" setting; a new series starts its sequence at 1.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_set_number_series (SahaStore  *self,
                                   gint64      series,
                                   GError    **error)
{
  g_autofree char *current = saha_store_get_setting (self, "number_series");
  g_autofree char *past = saha_store_get_setting (self, "number_series_past");
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, series);
  g_autofree char *new_past = NULL;
  sqlite3_stmt *stmt;

  if (series <= 0 || g_strcmp0 (current, text) == 0)
    return TRUE;
  /* The series this file had before, for saha_store_sync_renumber(). */
  if (current != NULL)
    new_past = past != NULL && *past != '\0' ? g_strconcat (past, ",", current, NULL)
                                              : g_strdup (current);
  if (!saha_store_begin (self, error))
    return FALSE;
  stmt = saha_store_prepare (self, "UPDATE replica SET number_seq = 0 WHERE one = 1", error);
  if (stmt == NULL || !step_done (self, stmt, "starting a number series", error)
      || (new_past != NULL
          && !saha_store_set_setting (self, "number_series_past", new_past, error))
      || !saha_store_set_setting (self, "number_series", text, error))
    {
      saha_store_rollback (self);
      return FALSE;
    }
  return saha_store_commit (self, error);
}

/* Whether @number is "<code>-<year>-<series>-<seq>" made by this file in one of the
 * series it had before (the "number_series_past" setting) with its user code. */
static gboolean
number_of_past_series (SahaStore  *self,
                       const char *number)
{
  g_autofree char *past = saha_store_get_setting (self, "number_series_past");
  g_autofree char *code = saha_store_get_setting (self, "user_code");
  g_auto(GStrv) parts = g_strsplit (number, "-", -1);
  g_auto(GStrv) series = NULL;
  guint n = g_strv_length (parts);

  if (past == NULL || code == NULL || n != 4 || !g_str_equal (parts[0], code)
      || !g_ascii_isdigit (parts[2][0]) || !g_ascii_isdigit (parts[3][0]))
    return FALSE;
  series = g_strsplit (past, ",", -1);
  for (guint i = 0; series[i] != NULL; i++)
    if (g_ascii_strtoll (series[i], NULL, 10) == g_ascii_strtoll (parts[2], NULL, 10))
      return TRUE;
  return FALSE;
}

/**
 * saha_store_sync_renumber:
 * @self: a store
 * @entity: the refused record's entity
 * @id: the refused record's id
 * @renumbered: (out) (optional): whether the record got a new number
 * @error: return location for a #SAHA_STORE_ERROR
 *
 * The server refused a number as a duplicate: a number this file made in an earlier
 * series and never had acknowledged is replaced by one of the current series; any other
 * is left for the user (see saha-store-sync.h).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_renumber (SahaStore   *self,
                          const char  *entity,
                          const char  *id,
                          gboolean    *renumbered,
                          GError     **error)
{
  g_autoptr(SahaRecord) record = NULL;
  g_autofree char *number = NULL;
  const char *replica = saha_store_get_replica_id (self);
  const char *shown;
  const SahaCandidate *candidates;
  guint n = 0;
  gboolean local = FALSE;
  SahaFieldInput input = { "number", NULL };

  *renumbered = FALSE;
  record = saha_store_get (self, entity, id, error);
  if (record == NULL)
    return FALSE;
  if (saha_entity_def_field_index (saha_record_get_entity (record), "number") < 0
      || saha_record_is_deleted (record)
      || (shown = saha_record_get (record, "number")) == NULL
      || !number_of_past_series (self, shown))
    return TRUE;
  candidates = saha_record_get_candidates (record, "number", &n);
  for (guint c = 0; c < n; c++)
    local |= g_str_equal (candidates[c].dot.replica, replica)
             && g_strcmp0 (candidates[c].value, shown) == 0;
  if (!local)
    return TRUE;
  number = saha_store_make_number (self, error);
  if (number == NULL)
    return FALSE;
  input.value = number;
  g_message ("%s %s: number %s, made under a replica id another copy of this file uses, "
             "is now %s", entity, id, shown, number);
  if (!saha_store_update (self, entity, id, &input, 1, error))
    return FALSE;
  *renumbered = TRUE;
  return TRUE;
}

/**
 * saha_store_sync_count_revoked:
 * @self: a store
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Returns: the number of records set aside by a revocation, 0 with @error set
 */
guint
saha_store_sync_count_revoked (SahaStore  *self,
                               GError    **error)
{
  sqlite3_stmt *stmt = saha_store_prepare (self, "SELECT count(*) FROM revoked_pending", error);
  guint count = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint) sqlite3_column_int64 (stmt, 0);
  else
    saha_store_set_sqlite_error (self, error, "counting revoked records");
  sqlite3_reset (stmt);
  return count;
}

/**
 * saha_store_sync_list_rejections:
 * @self: a store
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Returns: (transfer full) (element-type SahaStoreRejection) (nullable): the refused
 *   pushes, or %NULL with @error set
 */
GPtrArray *
saha_store_sync_list_rejections (SahaStore  *self,
                                 GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_store_rejection_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = saha_store_prepare (self,
                             "SELECT entity, id, code, message, at FROM push_rejection "
                             "ORDER BY at, entity, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SahaStoreRejection *rejection = g_new0 (SahaStoreRejection, 1);

      rejection->entity = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      rejection->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      rejection->code = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      rejection->message = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      rejection->at = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      g_ptr_array_add (list, rejection);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      saha_store_set_sqlite_error (self, error, "listing push rejections");
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * saha_store_sync_erase:
 * @self: a store
 * @entity_name: the erased record's entity
 * @id: the erased record's id
 * @newly: (out) (optional): %TRUE the first time, when something was dropped
 * @error: return location for a #SAHA_STORE_ERROR
 *
 * The server erased a person's data: the first time, the local row, its set-aside edits
 * and its refused push are dropped; afterwards nothing happens.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_erase (SahaStore   *self,
                       const char  *entity_name,
                       const char  *id,
                       gboolean    *newly,
                       GError     **error)
{
  static const char * const forget[] = {
    "DELETE FROM revoked_pending WHERE entity = ?1 AND id = ?2",
    "DELETE FROM push_rejection WHERE entity = ?1 AND id = ?2",
  };
  const SahaEntityDef *entity = saha_schema_lookup_checked (entity_name, error);

  *newly = FALSE;
  if (entity == NULL)
    return FALSE;
  if (!run_for_record (self, "INSERT OR IGNORE INTO erased (entity, id) VALUES (?1, ?2)",
                       entity->name, id, "noting an erased record", error))
    return FALSE;
  if (sqlite3_changes (saha_store_get_db (self)) == 0)
    return TRUE;

  /* Whatever this replica holds of the record goes, pending edits included: the person
   * asked for it, and the server refuses them anyway. */
  for (guint i = 0; i < G_N_ELEMENTS (forget); i++)
    if (!run_for_record (self, forget[i], entity->name, id, "forgetting an erased record",
                         error))
      return FALSE;
  *newly = TRUE;
  return saha_store_remove_record (self, entity->name, id, error);
}

/**
 * saha_store_sync_scrub:
 * @self: a store
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * After erasures, outside a transaction: merges the full-text indexes so no token of a
 * dropped row remains, and checkpoints the write-ahead log into the file.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_scrub (SahaStore  *self,
                       GError    **error)
{
  guint n = 0;
  const SahaEntityDef * const *entities = saha_schema_entities (&n);
  sqlite3 *db = saha_store_get_db (self);

  /* An FTS5 index keeps a deleted row's tokens in its segments until they are merged:
   * "optimize" merges them all, and secure_delete zeroes the pages that freed. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = NULL;

      if (!saha_store_entity_is_searchable (self, entities[i]))
        continue;
      sql = g_strdup_printf ("INSERT INTO \"%s_search\" (\"%s_search\") VALUES ('optimize')",
                             entities[i]->name, entities[i]->name);
      if (!saha_store_exec (self, sql, error))
        return FALSE;
    }
  if (sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK)
    {
      saha_store_set_sqlite_error (self, error, "checkpointing the write-ahead log");
      return FALSE;
    }
  return TRUE;
}

/**
 * saha_store_sync_keep_proof:
 * @self: a store
 * @entity: the record's entity
 * @id: the record's id
 * @vv: the version vector of the state the server stored
 * @proof: the server's proof of that state
 * @replace: %FALSE to keep a proof already held for the record
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Keeps the server's proof of the pulled state with the state's version vector, to send
 * back with the record should the server be restored from an older copy.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_keep_proof (SahaStore               *self,
                            const char              *entity,
                            const char              *id,
                            const SahaVersionVector *vv,
                            const char              *proof,
                            gboolean                 replace,
                            GError                 **error)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;
  g_autoptr(JsonNode) vv_node = NULL;
  g_autofree char *vv_text = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL && id != NULL && vv != NULL && proof != NULL, FALSE);

  stmt = saha_store_prepare (self, replace
                             ? "INSERT OR REPLACE INTO pulled_proof (entity, id, vv, proof)"
                               " VALUES (?, ?, ?, ?)"
                             : "INSERT OR IGNORE INTO pulled_proof (entity, id, vv, proof)"
                               " VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  vv_node = saha_version_vector_to_json (vv);
  vv_text = saha_json_to_string (vv_node, FALSE);
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, vv_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, proof, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      saha_store_set_sqlite_error (self, error, "keeping the server's proof of a record");
      return FALSE;
    }
  return TRUE;
}

/**
 * saha_store_sync_pulled_proof:
 * @self: a store
 * @entity: an entity name
 * @id: a record id
 *
 * Returns: (transfer full) (nullable): `{ "vv": {...}, "proof": "..." }`, the last state
 *   of the record pulled from the server and the server's proof of it, for the record's
 *   "pulled" member in a push; %NULL when none is kept
 */
JsonNode *
saha_store_sync_pulled_proof (SahaStore  *self,
                              const char *entity,
                              const char *id)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);

  stmt = saha_store_prepare (self, "SELECT vv, proof FROM pulled_proof WHERE entity = ? AND id = ?",
                             NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  object = json_object_new ();
  json_object_set_member (object, "vv", json_node_copy (json_parser_get_root (parser)));
  json_object_set_string_member (object, "proof", (const char *) sqlite3_column_text (stmt, 1));
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}
