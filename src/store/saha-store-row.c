/* saha-store-row.c: records in and out of their rows: the codec, the row SQL, the search rows.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-store-private.h"

/* The SQL of one entity, built once per process from the schema table. */
typedef struct
{
  char *columns;
  char *insert;
  char *upsert;
  char *select;
  char *exists;
  char *remove;
} EntitySql;

static GMutex entity_sql_lock;
static GHashTable *entity_sql_table;

static const EntitySql *
entity_sql (const SahaEntityDef *def)
{
  EntitySql *sql;

  g_mutex_lock (&entity_sql_lock);

  if (entity_sql_table == NULL)
    entity_sql_table = g_hash_table_new (NULL, NULL);

  sql = g_hash_table_lookup (entity_sql_table, def);
  if (sql == NULL)
    {
      GString *upsert = g_string_new (NULL);

      g_string_append_printf (upsert, "INSERT INTO \"%s\" (id", def->name);
      for (guint i = 0; i < def->n_fields; i++)
        g_string_append_printf (upsert, ", \"%s\"", def->fields[i].name);
      g_string_append (upsert, ", vv, registers, deleted, conflicted, dirty, changes) VALUES (?");
      for (guint i = 0; i < def->n_fields + 6; i++)
        g_string_append (upsert, ", ?");
      g_string_append (upsert, ") ON CONFLICT (id) DO UPDATE SET ");
      for (guint i = 0; i < def->n_fields; i++)
        g_string_append_printf (upsert, "\"%s\" = excluded.\"%s\", ",
                                def->fields[i].name, def->fields[i].name);
      /* dirty and changes of a new row are the bound values; an existing row keeps its
       * own unless this is a local write (1, +1). */
      g_string_append (upsert,
                       "vv = excluded.vv, registers = excluded.registers, "
                       "deleted = excluded.deleted, conflicted = excluded.conflicted, "
                       "dirty = max (dirty, excluded.dirty), "
                       "changes = changes + excluded.changes "
                       "RETURNING rowid");

      sql = g_new0 (EntitySql, 1);
      /* A record made here is new for sure: a plain INSERT, without the upsert's
       * conflict handling and RETURNING, is a fifth cheaper. */
      sql->insert = g_strndup (upsert->str, strstr (upsert->str, " ON CONFLICT") - upsert->str);
      sql->upsert = g_string_free (upsert, FALSE);
      {
        GString *columns = g_string_new ("t.id, t.vv, t.registers");

        for (guint i = 0; i < def->n_fields; i++)
          g_string_append_printf (columns, ", t.\"%s\"", def->fields[i].name);
        sql->columns = g_string_free (columns, FALSE);
      }
      sql->select = g_strdup_printf ("SELECT %s FROM \"%s\" AS t WHERE t.id = ?", sql->columns, def->name);
      sql->exists = g_strdup_printf ("SELECT deleted FROM \"%s\" WHERE id = ?", def->name);
      sql->remove = g_strdup_printf ("DELETE FROM \"%s\" WHERE id = ? RETURNING rowid", def->name);
      g_hash_table_insert (entity_sql_table, (gpointer) def, sql);
    }

  g_mutex_unlock (&entity_sql_lock);
  return sql;
}

const char *
saha_store_row_columns (const SahaEntityDef *entity)
{
  return entity_sql (entity)->columns;
}

/* Binds a canonical value to the column type of 0001: integers scaled, the rest text. */
static void
bind_field_value (sqlite3_stmt       *stmt,
                  int                 index,
                  const SahaFieldDef *field,
                  const char         *canonical)
{
  gint64 number;

  if (canonical == NULL)
    sqlite3_bind_null (stmt, index);
  else if (saha_field_is_integer (field) && saha_field_canonical_to_int64 (field, canonical, &number))
    sqlite3_bind_int64 (stmt, index, number);
  else
    sqlite3_bind_text (stmt, index, canonical, -1, SQLITE_TRANSIENT);
}

/* Register and version vector encoding.
 *
 * Written by hand rather than with JsonBuilder/JsonGenerator: this runs for every record
 * written and building a node tree per record cost more than the INSERT itself (see
 * docs/store.md). Reading goes through JsonParser. */

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

/* g_string_append_printf() of two numbers was a tenth of the encoding. */
static void
append_uint64 (GString *out,
               guint64  value)
{
  char digits[24];
  int n = 0;

  do
    {
      digits[n++] = '0' + value % 10;
      value /= 10;
    }
  while (value > 0);

  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

/* A candidate whose value is the shown value of a TEXT-column field is written as
 * [r, counter] alone: the value is in the field's column already, exactly (integer
 * columns hold a conversion and keep their values here). That is every candidate of a
 * field not in conflict, and it takes a customer's registers from 485 to 200 bytes. */
static void
append_register (GString            *out,
                 SahaRecord         *record,
                 const SahaFieldDef *field_def,
                 const char         *field,
                 GPtrArray          *replicas,
                 gboolean           *first)
{
  const SahaCandidate *candidates;
  guint n_candidates;
  gboolean elide;
  const char *shown;

  candidates = saha_record_get_candidates (record, field, &n_candidates);
  if (n_candidates == 0)
    return;

  elide = field_def != NULL && !saha_field_is_integer (field_def);
  shown = elide ? saha_record_get (record, field) : NULL;

  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;

  append_json_string (out, field);
  g_string_append (out, ":[");
  for (guint i = 0; i < n_candidates; i++)
    {
      guint r = 0;

      /* A consistent record's dots are all in its version vector. */
      while (r < replicas->len && strcmp (g_ptr_array_index (replicas, r), candidates[i].dot.replica) != 0)
        r++;
      g_assert (r < replicas->len);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '[');
      if (elide && g_strcmp0 (candidates[i].value, shown) == 0)
        {
          append_uint64 (out, r);
          g_string_append_c (out, ',');
          append_uint64 (out, candidates[i].dot.counter);
          g_string_append_c (out, ']');
          continue;
        }
      if (candidates[i].value == NULL)
        g_string_append (out, "null");
      else
        append_json_string (out, candidates[i].value);
      g_string_append_c (out, ',');
      append_uint64 (out, r);
      g_string_append_c (out, ',');
      append_uint64 (out, candidates[i].dot.counter);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');
}

static void
encode_record (SahaRecord *record,
               GString    *vv_json,
               GString    *registers_json)
{
  const SahaEntityDef *def = saha_record_get_entity (record);
  const SahaVersionVector *vv = saha_record_get_version_vector (record);
  g_autoptr(GPtrArray) replicas = saha_version_vector_replicas (vv);
  gboolean first = TRUE;

  g_string_append_c (vv_json, '{');
  for (guint i = 0; i < replicas->len; i++)
    {
      const char *replica = g_ptr_array_index (replicas, i);

      if (i > 0)
        g_string_append_c (vv_json, ',');
      append_json_string (vv_json, replica);
      g_string_append_c (vv_json, ':');
      append_uint64 (vv_json, saha_version_vector_get (vv, replica));
    }
  g_string_append_c (vv_json, '}');

  g_string_append_c (registers_json, '{');
  for (guint i = 0; i < def->n_fields; i++)
    append_register (registers_json, record, &def->fields[i], def->fields[i].name, replicas, &first);
  append_register (registers_json, record, NULL, SAHA_DELETED_FIELD, replicas, &first);
  g_string_append_c (registers_json, '}');
}

static gboolean
corrupt (GError     **error,
         const char  *id,
         const char  *what)
{
  g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_DATABASE,
               "the stored state of record %s is damaged: %s", id, what);
  return FALSE;
}

static gboolean
decode_state (JsonParser    *parser,
              SahaRecord    *record,
              const char    *vv_text,
              const char    *registers_text,
              sqlite3_stmt  *stmt,
              int            first_field_column,
              GError       **error)
{
  const SahaEntityDef *def = saha_record_get_entity (record);
  const char *id = saha_record_get_id (record);
  g_autoptr(SahaVersionVector) vv = saha_version_vector_new ();
  g_autoptr(GPtrArray) replicas = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  if (vv_text == NULL || registers_text == NULL)
    return corrupt (error, id, "no version vector or registers");

  if (!json_parser_load_from_data (parser, vv_text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return corrupt (error, id, "unreadable version vector");

  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (object, l->data);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) <= 0 || !saha_replica_id_is_valid (l->data))
        return corrupt (error, id, "bad version vector entry");
      saha_version_vector_set (vv, l->data, json_node_get_int (node));
    }
  saha_record_set_version_vector (record, vv);
  replicas = saha_version_vector_replicas (vv);
  g_clear_pointer (&members, g_list_free);

  if (!json_parser_load_from_data (parser, registers_text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return corrupt (error, id, "unreadable registers");

  object = json_node_get_object (json_parser_get_root (parser));
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *field = l->data;
      JsonNode *node = json_object_get_member (object, field);
      JsonArray *candidates;
      int index = saha_entity_def_field_index (def, field);

      if (strcmp (field, SAHA_DELETED_FIELD) != 0 && index < 0)
        return corrupt (error, id, "unknown field");
      if (!JSON_NODE_HOLDS_ARRAY (node))
        return corrupt (error, id, "bad register");

      candidates = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (candidates); i++)
        {
          JsonNode *item = json_array_get_element (candidates, i);
          JsonArray *triple;
          JsonNode *value = NULL;
          const char *text = NULL;
          guint length, at;
          gint64 r, counter;

          if (!JSON_NODE_HOLDS_ARRAY (item))
            return corrupt (error, id, "bad candidate");
          triple = json_node_get_array (item);
          length = json_array_get_length (triple);
          /* [r, counter]: the shown value, from the field's TEXT column */
          if (length == 2 && index >= 0 && !saha_field_is_integer (&def->fields[index]))
            {
              text = (const char *) sqlite3_column_text (stmt, first_field_column + index);
              at = 0;
            }
          else if (length == 3)
            {
              value = json_array_get_element (triple, 0);
              if (!(JSON_NODE_HOLDS_NULL (value) ||
                    (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)))
                return corrupt (error, id, "bad candidate");
              text = JSON_NODE_HOLDS_NULL (value) ? NULL : json_node_get_string (value);
              at = 1;
            }
          else
            return corrupt (error, id, "bad candidate");

          r = json_array_get_int_element (triple, at);
          counter = json_array_get_int_element (triple, at + 1);
          if (r < 0 || r >= replicas->len || counter <= 0)
            return corrupt (error, id, "bad candidate");

          saha_record_add_candidate (record, field, text, g_ptr_array_index (replicas, r), counter);
        }
    }

  return TRUE;
}

SahaRecord *
saha_store_record_from_row (SahaStore           *self,
                            const SahaEntityDef *entity,
                            sqlite3_stmt        *stmt,
                            int                  column,
                            GError             **error)
{
  g_autoptr(SahaRecord) record = NULL;

  record = saha_record_new (entity, (const char *) sqlite3_column_text (stmt, column));
  if (!decode_state (saha_store_get_parser (self), record,
                     (const char *) sqlite3_column_text (stmt, column + 1),
                     (const char *) sqlite3_column_text (stmt, column + 2),
                     stmt, column + 3,
                     error))
    return NULL;

  return g_steal_pointer (&record);
}

gboolean
saha_store_add_records_from_rows (SahaStore           *self,
                                  const SahaEntityDef *entity,
                                  sqlite3_stmt        *stmt,
                                  GPtrArray           *records,
                                  const char          *doing,
                                  GError             **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SahaRecord *record = saha_store_record_from_row (self, entity, stmt, 0, error);

      if (record == NULL)
        return FALSE;
      g_ptr_array_add (records, record);
    }
  if (rc != SQLITE_DONE)
    {
      saha_store_set_sqlite_error (self, error, doing);
      return FALSE;
    }
  return TRUE;
}

SahaRecord *
saha_store_lookup (SahaStore           *self,
                   const SahaEntityDef *entity,
                   const char          *id,
                   GError             **error)
{
  g_autoptr(SahaStoreStmt) stmt = saha_store_prepare (self, entity_sql (entity)->select, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      saha_store_set_sqlite_error (self, error, "reading a record");
      return NULL;
    }

  return saha_store_record_from_row (self, entity, stmt, 0, error);
}

const SahaEntityDef *
saha_store_lookup_entity (const char  *entity,
                          GError     **error)
{
  GError *local_error = NULL;
  const SahaEntityDef *def;

  def = saha_schema_lookup_checked (entity, &local_error);
  if (def == NULL)
    {
      g_set_error_literal (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID, local_error->message);
      g_error_free (local_error);
    }

  return def;
}

/**
 * saha_store_get:
 * @self: a store
 * @entity: the entity name
 * @id: the record's id
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_INVALID for an
 *   unknown entity, %SAHA_STORE_ERROR_NOT_FOUND when the replica never held the record
 *
 * Returns: (transfer full) (nullable): the record's full state, tombstones included, or
 *   %NULL with @error set
 */
SahaRecord *
saha_store_get (SahaStore   *self,
                const char  *entity,
                const char  *id,
                GError     **error)
{
  const SahaEntityDef *def;
  GError *local_error = NULL;
  SahaRecord *record;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  def = saha_store_lookup_entity (entity, error);
  if (def == NULL)
    return NULL;

  record = saha_store_lookup (self, def, id, &local_error);
  if (record == NULL && local_error == NULL)
    g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND,
                 "no %s with id %s", def->name, id);
  else if (local_error != NULL)
    g_propagate_error (error, local_error);

  return record;
}

/* The searchable shown values in schema order, joined by spaces; NULL when none. */
static char *
search_text (SahaRecord *record)
{
  const SahaEntityDef *def = saha_record_get_entity (record);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < def->n_fields; i++)
    {
      const char *value;

      if (!(def->fields[i].flags & SAHA_FIELD_FLAG_SEARCHABLE))
        continue;
      value = saha_record_get (record, def->fields[i].name);
      if (value == NULL || *value == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, value);
    }

  return g_string_free (text, FALSE);
}

static gboolean
put_search_row (SahaStore   *self,
                SahaRecord  *record,
                gint64       rowid,
                GError     **error)
{
  const SahaEntityDef *def = saha_record_get_entity (record);

  if (saha_record_is_deleted (record))
    {
      saha_store_queue_search (self, def, rowid, NULL, NULL);
    }
  else
    {
      g_autofree char *text = search_text (record);

      saha_store_queue_search (self, def, rowid, saha_text_fold_turkish (text),
                               saha_text_fold_ascii (text));
    }

  /* Outside a transaction there is no commit to wait for. */
  if (sqlite3_get_autocommit (saha_store_get_db (self)))
    return saha_store_flush_search (self, error);

  return TRUE;
}

gboolean
saha_store_put_record_full (SahaStore   *self,
            SahaRecord  *record,
            gboolean     dirty,
            gboolean     is_new,
            GError     **error)
{
  const SahaEntityDef *def;
  g_autoptr(SahaStoreStmt) stmt = NULL;
  GString *vv_json, *registers_json;
  gboolean deleted;
  gint64 rowid;
  int column = 1;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  def = saha_record_get_entity (record);
  stmt = saha_store_prepare (self, is_new ? entity_sql (def)->insert : entity_sql (def)->upsert, error);
  if (stmt == NULL)
    return FALSE;

  deleted = saha_record_is_deleted (record);

  sqlite3_bind_text (stmt, column++, saha_record_get_id (record), -1, SQLITE_STATIC);
  for (guint i = 0; i < def->n_fields; i++)
    bind_field_value (stmt, column++, &def->fields[i], saha_record_get (record, def->fields[i].name));

  vv_json = g_string_sized_new (64);
  registers_json = g_string_sized_new (512);
  encode_record (record, vv_json, registers_json);
  sqlite3_bind_text (stmt, column++, g_string_free (vv_json, FALSE), -1, g_free);
  sqlite3_bind_text (stmt, column++, g_string_free (registers_json, FALSE), -1, g_free);
  sqlite3_bind_int (stmt, column++, deleted);
  sqlite3_bind_int (stmt, column++, !deleted && saha_record_has_conflicts (record));
  sqlite3_bind_int (stmt, column++, dirty ? 1 : 0);
  sqlite3_bind_int (stmt, column++, dirty ? 1 : 0);

  if (sqlite3_step (stmt) != (is_new ? SQLITE_DONE : SQLITE_ROW))
    {
      saha_store_set_sqlite_error (self, error, "saving a record");
      return FALSE;
    }
  rowid = is_new ? sqlite3_last_insert_rowid (saha_store_get_db (self)) : sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (saha_store_entity_is_searchable (self, def) &&
      !put_search_row (self, record, rowid, error))
    return FALSE;

  return TRUE;
}

gboolean
saha_store_put_record (SahaStore   *self,
                       SahaRecord  *record,
                       gboolean     dirty,
                       GError     **error)
{
  return saha_store_put_record_full (self, record, dirty, FALSE, error);
}

gboolean
saha_store_remove_record (SahaStore   *self,
                          const char  *entity,
                          const char  *id,
                          GError     **error)
{
  const SahaEntityDef *def;
  g_autoptr(SahaStoreStmt) stmt = NULL;
  gint64 rowid;
  int rc;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);

  def = saha_schema_lookup (entity);
  if (def == NULL)
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID, "unknown entity \"%s\"", entity);
      return FALSE;
    }

  /* The server's proof of a state this replica no longer holds is of no use. */
  {
    g_autoptr(SahaStoreStmt) proof = saha_store_prepare (self, "DELETE FROM pulled_proof"
                                                         " WHERE entity = ? AND id = ?", error);

    if (proof == NULL)
      return FALSE;
    sqlite3_bind_text (proof, 1, def->name, -1, SQLITE_STATIC);
    sqlite3_bind_text (proof, 2, id, -1, SQLITE_STATIC);
    if (sqlite3_step (proof) != SQLITE_DONE)
      {
        saha_store_set_sqlite_error (self, error, "removing a record");
        return FALSE;
      }
  }

  stmt = saha_store_prepare (self, entity_sql (def)->remove, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_ROW)
    {
      saha_store_set_sqlite_error (self, error, "removing a record");
      return FALSE;
    }
  rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (saha_store_entity_is_searchable (self, def))
    {
      saha_store_queue_search (self, def, rowid, NULL, NULL);
      if (sqlite3_get_autocommit (saha_store_get_db (self)))
        return saha_store_flush_search (self, error);
    }

  return TRUE;
}

/* The statement that tells whether a live or deleted row of @def has a given id. */
const char *
saha_store_row_exists_sql (const SahaEntityDef *def)
{
  return entity_sql (def)->exists;
}
