/* saha-store-set-aside.c: edits set aside (the record left the scope, or another user signed
 * in), listed, given back and discarded.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-private.h"
#include "saha-store-set-aside.h"
#include "saha-store-sync.h"

/**
 * saha_store_set_aside_free:
 * @set_aside: (nullable): a set-aside record
 *
 * Frees @set_aside, its strings and its state.
 */
void
saha_store_set_aside_free (SahaStoreSetAside *set_aside)
{
  if (set_aside == NULL)
    return;
  g_free (set_aside->entity);
  g_free (set_aside->id);
  g_free (set_aside->reason);
  g_free (set_aside->made_by);
  g_free (set_aside->at);
  g_clear_pointer (&set_aside->state, saha_record_unref);
  g_free (set_aside);
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static SahaStoreSetAside *
set_aside_from_row (SahaStore     *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  g_autoptr(SahaStoreSetAside) entry = g_new0 (SahaStoreSetAside, 1);
  const char *state = (const char *) sqlite3_column_text (stmt, 2);

  entry->entity = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  entry->id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  entry->reason = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  entry->made_by = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  entry->at = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  entry->state = saha_record_from_json_data (state, -1, 0, error);
  if (entry->state == NULL)
    {
      g_prefix_error (error, "the set-aside %s %s cannot be read: ", entry->entity, entry->id);
      return NULL;
    }
  return g_steal_pointer (&entry);
}

#define SET_ASIDE_COLUMNS "entity, id, state, reason, made_by, at"

/* The row for @entity @id; NULL with *error unset when there is none. */
static SahaStoreSetAside *
lookup_set_aside (SahaStore   *self,
                  const char  *entity,
                  const char  *id,
                  GError     **error)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;
  int rc;

  stmt = saha_store_prepare (self, "SELECT " SET_ASIDE_COLUMNS " FROM revoked_pending "
                             "WHERE entity = ? AND id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return set_aside_from_row (self, stmt, error);
  if (rc != SQLITE_DONE)
    saha_store_set_sqlite_error (self, error, "reading set-aside edits");
  return NULL;
}

/* As lookup_set_aside(), with %SAHA_STORE_ERROR_NOT_FOUND when there is no row. */
static SahaStoreSetAside *
find_set_aside (SahaStore   *self,
                const char  *entity,
                const char  *id,
                GError     **error)
{
  GError *local_error = NULL;
  SahaStoreSetAside *entry = lookup_set_aside (self, entity, id, &local_error);

  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (entry == NULL)
    g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND,
                 "%s %s has no edits set aside", entity, id);
  return entry;
}

/**
 * saha_store_list_set_aside:
 * @self: a store
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Returns: (transfer full) (element-type SahaStoreSetAside) (nullable): every set-aside
 *   record, oldest first, or %NULL with @error set
 */
GPtrArray *
saha_store_list_set_aside (SahaStore  *self,
                           GError    **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_store_set_aside_free);
  g_autoptr(SahaStoreStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);

  stmt = saha_store_prepare (self, "SELECT " SET_ASIDE_COLUMNS " FROM revoked_pending "
                             "ORDER BY at, entity, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SahaStoreSetAside *entry = set_aside_from_row (self, stmt, error);

      if (entry == NULL)
        return NULL;
      g_ptr_array_add (list, entry);
    }
  if (rc != SQLITE_DONE)
    {
      saha_store_set_sqlite_error (self, error, "listing set-aside edits");
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
delete_row (SahaStore   *self,
            const char  *sql,
            const char  *entity,
            const char  *id,
            GError     **error)
{
  g_autoptr(SahaStoreStmt) stmt = saha_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      saha_store_set_sqlite_error (self, error, "removing set-aside edits");
      return FALSE;
    }
  return TRUE;
}

static gboolean
forget_set_aside (SahaStore   *self,
                  const char  *entity,
                  const char  *id,
                  GError     **error)
{
  return delete_row (self, "DELETE FROM revoked_pending WHERE entity = ? AND id = ?",
                     entity, id, error);
}

/**
 * saha_store_sync_set_aside:
 * @self: a store
 * @state: the record's whole state
 * @reason: "revoked" or "user_changed"
 * @made_by: (nullable): the user signed in when the edits were made
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * For the sync engine, inside its transaction: sets @state aside, joined with what is set
 * aside for the record already. The entity table is not touched.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_set_aside (SahaStore   *self,
                           SahaRecord  *state,
                           const char  *reason,
                           const char  *made_by,
                           GError     **error)
{
  const char *entity = saha_record_get_entity (state)->name;
  const char *id = saha_record_get_id (state);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SahaStoreSetAside) existing = NULL;
  g_autoptr(SahaRecord) joined = saha_record_copy (state);
  g_autoptr(SahaStoreStmt) stmt = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *who = g_strdup (made_by != NULL ? made_by : "");
  g_autofree char *why = g_strdup (reason);
  g_autofree char *at = now_iso8601 ();

  existing = lookup_set_aside (self, entity, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (existing != NULL)
    {
      /* A join: what was set aside before stays. Edits of two users in one row are
       * given back only when someone asks. */
      saha_record_merge_into (joined, existing->state);
      if (g_strcmp0 (existing->made_by, who) != 0)
        {
          g_free (who);
          who = g_strdup_printf ("%s, %s", existing->made_by, made_by != NULL ? made_by : "");
          g_free (why);
          why = g_strdup ("user_changed");
        }
      else if (g_strcmp0 (existing->reason, "user_changed") == 0)
        {
          g_free (why);
          why = g_strdup ("user_changed");
        }
    }

  node = saha_record_to_json (joined, SAHA_CODEC_REGISTERS);
  text = saha_json_to_string (node, FALSE);
  stmt = saha_store_prepare (self,
                             "INSERT OR REPLACE INTO revoked_pending "
                             "(entity, id, state, at, reason, made_by) VALUES (?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, why, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, who, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      saha_store_set_sqlite_error (self, error, "setting edits aside");
      return FALSE;
    }
  return TRUE;
}

/**
 * saha_store_sync_replace_set_aside:
 * @self: a store
 * @state: the new set-aside state of its record
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * For the sync engine, when the replica takes a new id: replaces the set-aside state of
 * @state's record by @state, without a join.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_replace_set_aside (SahaStore   *self,
                                   SahaRecord  *state,
                                   GError     **error)
{
  g_autoptr(JsonNode) node = saha_record_to_json (state, SAHA_CODEC_REGISTERS);
  g_autofree char *text = saha_json_to_string (node, FALSE);
  g_autoptr(SahaStoreStmt) stmt = NULL;

  stmt = saha_store_prepare (self, "UPDATE revoked_pending SET state = ? WHERE entity = ? AND id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, saha_record_get_entity (state)->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, saha_record_get_id (state), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      saha_store_set_sqlite_error (self, error, "re-writing set-aside edits");
      return FALSE;
    }
  return TRUE;
}

/**
 * saha_store_sync_set_aside_pending:
 * @self: a store
 * @made_by: (nullable): the user who made the pending edits
 * @n_set_aside: (out) (optional): the number of records set aside
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * For the sync engine when another user signs in: sets every pending record aside
 * ("user_changed"), removes it from its table and drops the push outbox.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_set_aside_pending (SahaStore   *self,
                                   const char  *made_by,
                                   guint       *n_set_aside,
                                   GError     **error)
{
  g_autoptr(GPtrArray) keys = saha_store_sync_list_pending (self, error);
  guint n = 0;

  if (keys == NULL)
    return FALSE;
  for (guint i = 0; i < keys->len; i++)
    {
      SahaStorePendingKey *key = keys->pdata[i];
      g_autoptr(GError) local_error = NULL;
      g_autoptr(SahaRecord) record = saha_store_lookup (self, key->entity, key->id, &local_error);

      if (record == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          continue;
        }
      if (!saha_store_sync_set_aside (self, record, "user_changed", made_by, error)
          || !saha_store_remove_record (self, key->entity->name, key->id, error))
        return FALSE;
      n++;
    }
  if (n_set_aside != NULL)
    *n_set_aside = n;

  /* The batch in flight holds the same edits, with the previous user's counter. */
  return saha_store_sync_set_outbox (self, NULL, NULL, NULL, 0, error);
}

/* Joins @entry's state into the record as the replica holds it now and marks it pending.
 * With @only_clean, nothing is written when the join would add a conflict (*given_back
 * FALSE). The row is removed when the edits are given back or the record already holds
 * them all. */
static gboolean
give_back (SahaStore         *self,
           SahaStoreSetAside *entry,
           gboolean           only_clean,
           gboolean          *given_back,
           GError           **error)
{
  const SahaEntityDef *entity = saha_record_get_entity (entry->state);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SahaRecord) live = saha_store_lookup (self, entity, entry->id, &local_error);
  g_autoptr(SahaRecord) joined = NULL;

  *given_back = FALSE;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (live == NULL)
    {
      joined = saha_record_copy (entry->state);
    }
  else
    {
      joined = saha_record_copy (live);
      if (!saha_record_merge_into (joined, entry->state))
        /* The server has had all of it meanwhile: nothing to give back. */
        return forget_set_aside (self, entry->entity, entry->id, error);

      if (only_clean)
        {
          g_autoptr(GPtrArray) before = saha_record_conflicted_fields (live);
          g_autoptr(GPtrArray) after = saha_record_conflicted_fields (joined);

          for (guint i = 0; i < after->len; i++)
            if (!g_ptr_array_find_with_equal_func (before, after->pdata[i], g_str_equal, NULL))
              return TRUE;
        }
    }

  if (!saha_store_put_record (self, joined, TRUE, error)
      || !forget_set_aside (self, entry->entity, entry->id, error))
    return FALSE;
  *given_back = TRUE;
  return TRUE;
}

/**
 * saha_store_sync_give_back_returned:
 * @self: a store
 * @user: the user signed in
 * @n_given_back: (out) (optional): the number of records pending again
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * For the sync engine after a pull: gives back the edits of @user set aside by a
 * revocation whose record returned and joins with no new conflict.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_give_back_returned (SahaStore   *self,
                                    const char  *user,
                                    guint       *n_given_back,
                                    GError     **error)
{
  g_autoptr(GPtrArray) list = saha_store_list_set_aside (self, error);
  guint n = 0;

  if (list == NULL)
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    {
      SahaStoreSetAside *entry = list->pdata[i];
      g_autoptr(GError) local_error = NULL;
      g_autoptr(SahaRecord) live = NULL;
      gboolean given_back = FALSE;

      if (g_strcmp0 (entry->reason, "revoked") != 0 || g_strcmp0 (entry->made_by, user) != 0)
        continue;
      /* Still away: it stays set aside. */
      live = saha_store_lookup (self, saha_record_get_entity (entry->state), entry->id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (live == NULL)
        continue;
      if (!give_back (self, entry, TRUE, &given_back, error))
        return FALSE;
      if (given_back)
        n++;
    }
  if (n_given_back != NULL)
    *n_given_back = n;
  return TRUE;
}

/**
 * saha_store_retry_set_aside:
 * @self: a store
 * @entity: the record's entity
 * @id: the record's id
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_NOT_FOUND when
 *   nothing of it is set aside, or it left the scope and is not back
 *
 * Joins the set-aside edits into the record as it is now and marks it pending, in one
 * transaction (see saha-store-set-aside.h).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_retry_set_aside (SahaStore   *self,
                            const char  *entity,
                            const char  *id,
                            GError     **error)
{
  g_autoptr(SahaStoreSetAside) entry = NULL;
  g_autoptr(SahaRecord) live = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean own_transaction = FALSE;
  gboolean given_back = FALSE;
  gboolean ok;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL && id != NULL, FALSE);

  if (!saha_store_write_begin (self, &own_transaction, error))
    return FALSE;

  entry = find_set_aside (self, entity, id, error);
  if (entry != NULL && g_strcmp0 (entry->reason, "revoked") == 0)
    live = saha_store_lookup (self, saha_record_get_entity (entry->state), id, &local_error);

  if (entry == NULL)
    {
      ok = FALSE;
    }
  else if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      ok = FALSE;
    }
  else if (g_strcmp0 (entry->reason, "revoked") == 0 && live == NULL)
    {
      /* The server would refuse it, and the replica may not show it. */
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND,
                   "%s %s is not in your scope again yet: its edits stay set aside until "
                   "it is assigned back to you", entity, id);
      ok = FALSE;
    }
  else
    {
      ok = give_back (self, entry, FALSE, &given_back, error);
    }

  return saha_store_write_end (self, own_transaction, ok, error) && ok;
}

/**
 * saha_store_discard_set_aside:
 * @self: a store
 * @entity: the record's entity
 * @id: the record's id
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_NOT_FOUND when
 *   nothing of it is set aside
 *
 * Throws the set-aside edits away with their refusal; the record as the server has it
 * stays.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_discard_set_aside (SahaStore   *self,
                              const char  *entity,
                              const char  *id,
                              GError     **error)
{
  g_autoptr(SahaStoreSetAside) entry = NULL;
  gboolean own_transaction = FALSE;
  gboolean ok;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (entity != NULL && id != NULL, FALSE);

  if (!saha_store_write_begin (self, &own_transaction, error))
    return FALSE;

  entry = find_set_aside (self, entity, id, error);
  ok = entry != NULL
       && forget_set_aside (self, entity, id, error)
       && saha_store_sync_prune_rejections (self, error);

  return saha_store_write_end (self, own_transaction, ok, error) && ok;
}

/**
 * saha_store_sync_prune_rejections:
 * @self: a store
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Forgets the push refusals of records that are neither pending nor set aside any more.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_sync_prune_rejections (SahaStore  *self,
                                  GError    **error)
{
  g_autoptr(GPtrArray) rejections = saha_store_sync_list_rejections (self, error);

  if (rejections == NULL)
    return FALSE;
  for (guint i = 0; i < rejections->len; i++)
    {
      SahaStoreRejection *rejection = rejections->pdata[i];
      const SahaEntityDef *entity = saha_schema_lookup (rejection->entity);
      g_autoptr(SahaStoreSetAside) entry = NULL;
      g_autoptr(SahaRecord) pending = NULL;
      g_autoptr(GError) local_error = NULL;
      gint64 change = 0;

      if (entity != NULL)
        pending = saha_store_sync_read_pending (self, entity, rejection->id, &change, &local_error);
      if (pending == NULL && local_error == NULL)
        entry = lookup_set_aside (self, rejection->entity, rejection->id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (pending != NULL || entry != NULL)
        continue;
      if (!delete_row (self, "DELETE FROM push_rejection WHERE entity = ? AND id = ?",
                       rejection->entity, rejection->id, error))
        return FALSE;
    }
  return TRUE;
}
