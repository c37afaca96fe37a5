/* saha-store-query.c: listing, counting and searching records; CSV import and export.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-store-private.h"

typedef enum
{
  BIND_TEXT,
  BIND_INT64,
} BindKind;

typedef struct
{
  BindKind kind;
  char    *text;
  gint64   number;
} Binding;

static void
binding_free (gpointer data)
{
  Binding *binding = data;

  g_free (binding->text);
  g_free (binding);
}

GPtrArray *
saha_store_bindings_new (void)
{
  return g_ptr_array_new_with_free_func (binding_free);
}

void
saha_store_bind_text_value (GPtrArray *bindings,
                            char      *text)
{
  Binding *binding = g_new0 (Binding, 1);

  binding->kind = BIND_TEXT;
  binding->text = text;
  g_ptr_array_add (bindings, binding);
}

static void
add_int64_binding (GPtrArray *bindings,
                   gint64     number)
{
  Binding *binding = g_new0 (Binding, 1);

  binding->kind = BIND_INT64;
  binding->number = number;
  g_ptr_array_add (bindings, binding);
}

/* The FTS5 query for @search: every token a prefix, in the column of its folding. Tokens
 * hold only letters and digits, so quoting them needs no escaping, and the whole text is
 * bound as a parameter. NULL when the search has no tokens (then it filters nothing). */
char *
saha_store_match_expression (const char *search)
{
  g_auto(GStrv) tokens = NULL;
  gboolean use_ascii = FALSE;
  GString *match = g_string_new (NULL);

  tokens = saha_text_query_tokens (search, &use_ascii);
  for (guint i = 0; tokens != NULL && tokens[i] != NULL; i++)
    {
      gboolean plain = tokens[i][0] != '\0';

      for (const char *p = tokens[i]; *p != '\0' && plain; p = g_utf8_next_char (p))
        plain = g_unichar_isalnum (g_utf8_get_char (p));
      if (!plain)
        continue;

      if (match->len > 0)
        g_string_append (match, " AND ");
      g_string_append_printf (match, "%s : \"%s\"*", use_ascii ? "ascii" : "tr", tokens[i]);
    }

  if (match->len == 0)
    {
      g_string_free (match, TRUE);
      return NULL;
    }

  return g_string_free (match, FALSE);
}

/* The words of @search (split at white space) that hold anything besides letters and
 * digits: a quote, "*", "-", "." ... The match expression only sees their letters and
 * digits, so each such word must also appear as typed in the record's folded searchable
 * text (saha_store_append_search_literals()). Folded like the match expression's tokens,
 * for the same column; NULL when there are none. */
static GStrv
search_literals (const char *search,
                 gboolean   *use_ascii)
{
  g_autoptr(GStrvBuilder) literals = g_strv_builder_new ();
  g_autoptr(GString) word = g_string_new (NULL);
  gboolean ascii = saha_text_is_ascii (search);
  gboolean plain = TRUE;
  guint n = 0;

  for (const char *p = search; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && !g_unichar_isspace (c))
        {
          g_string_append_unichar (word, c);
          plain = plain && (g_unichar_isalnum (c) || g_unichar_ismark (c));
          continue;
        }
      if (word->len > 0 && !plain)
        {
          g_autofree char *folded = ascii ? saha_text_fold_ascii (word->str)
                                          : saha_text_fold_turkish (word->str);

          g_strv_builder_add (literals, folded);
          n++;
        }
      g_string_truncate (word, 0);
      plain = TRUE;
      if (c == 0)
        break;
    }

  *use_ascii = ascii;
  return n > 0 ? g_strv_builder_end (literals) : NULL;
}

gboolean
saha_store_search_has_literals (const char *search)
{
  gboolean use_ascii;
  g_auto(GStrv) literals = search != NULL ? search_literals (search, &use_ascii) : NULL;

  return literals != NULL;
}

void
saha_store_append_search_literals (const char *search,
                                   const char *table,
                                   GString    *sql,
                                   GPtrArray  *bindings)
{
  gboolean use_ascii = FALSE;
  g_auto(GStrv) literals = search != NULL ? search_literals (search, &use_ascii) : NULL;

  for (guint i = 0; literals != NULL && literals[i] != NULL; i++)
    {
      g_string_append_printf (sql, " AND instr (%s.%s, ?) > 0", table, use_ascii ? "ascii" : "tr");
      saha_store_bind_text_value (bindings, g_strdup (literals[i]));
    }
}

/* A search prefix matching at least this many records is answered by walking the name
 * index and keeping the matches, instead of sorting every match. */
#define BROAD_SEARCH 2000

static gboolean
is_broad_search (SahaStore           *self,
                 const SahaEntityDef *def,
                 const char          *match,
                 GError             **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM (SELECT rowid FROM \"%s_search\" "
                                          "WHERE \"%s_search\" MATCH ? LIMIT %d)",
                                          def->name, def->name, BROAD_SEARCH);
  g_autoptr(SahaStoreStmt) stmt = saha_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);

  return sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) >= BROAD_SEARCH;
}

gboolean
saha_store_append_where (const SahaEntityDef   *def,
                         const SahaFieldInput  *wheres,
                         guint                  n_where,
                         GString               *sql,
                         GPtrArray             *bindings,
                         GError               **error)
{
  for (guint i = 0; i < n_where; i++)
    {
      const SahaFieldInput *where = &wheres[i];
      const SahaFieldDef *field;
      GError *local_error = NULL;
      g_autofree char *canonical = NULL;
      gint64 number;

      if (g_strcmp0 (where->name, "id") == 0)
        {
          g_string_append (sql, " AND t.id = ?");
          saha_store_bind_text_value (bindings, g_strstrip (g_ascii_strdown (where->value ? where->value : "", -1)));
          continue;
        }

      field = where->name != NULL ? saha_entity_def_lookup_field (def, where->name) : NULL;
      if (field == NULL)
        {
          g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                       "%s has no field \"%s\"", def->name, where->name ? where->name : "");
          return FALSE;
        }

      if (!saha_field_normalize (field, where->value, &canonical, &local_error))
        {
          g_set_error_literal (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID, local_error->message);
          g_error_free (local_error);
          return FALSE;
        }

      if (canonical == NULL)
        {
          g_string_append_printf (sql, " AND t.\"%s\" IS NULL", field->name);
        }
      else
        {
          g_string_append_printf (sql, " AND t.\"%s\" = ?", field->name);
          if ((field->type == SAHA_FIELD_INTEGER || field->type == SAHA_FIELD_DECIMAL ||
               field->type == SAHA_FIELD_MONEY || field->type == SAHA_FIELD_BOOLEAN) &&
              saha_field_canonical_to_int64 (field, canonical, &number))
            add_int64_binding (bindings, number);
          else
            saha_store_bind_text_value (bindings, g_steal_pointer (&canonical));
        }
    }

  return TRUE;
}

/* Whether a search of @def also finds its records by their customer's name: the entities
 * whose lists show a customer column and whose own text is a number (docs/store.md). */
static gboolean
searches_customer_name (SahaStore           *self,
                        const SahaEntityDef *def)
{
  const SahaFieldDef *customer = saha_entity_def_lookup_field (def, "customer");

  return (strcmp (def->name, "order") == 0 || strcmp (def->name, "service_call") == 0)
         && customer != NULL && customer->type == SAHA_FIELD_REFERENCE
         && saha_store_entity_is_searchable (self, saha_schema_lookup ("customer"));
}

/* Builds "FROM ... WHERE ..." for @query into @sql and its parameters into @bindings.
 *
 * A search either starts from the full-text matches and joins their rows (few matches),
 * or, when @by_name and the prefix is broad, walks the live records in name order through
 * the name index and keeps those among the matches: then a page of a prefix that matches
 * a fifth of 100,000 customers reads a few hundred index entries instead of sorting 20,000
 * rows (docs/store.md has the figures). */
static gboolean
build_filter (SahaStore           *self,
              const SahaEntityDef *def,
              const SahaQuery     *query,
              gboolean             by_name,
              GString             *sql,
              GPtrArray           *bindings,
              GError             **error)
{
  g_autofree char *match = NULL;
  gboolean literal = FALSE;
  gboolean broad = FALSE;

  if (query != NULL && query->search != NULL)
    {
      match = saha_store_match_expression (query->search);
      literal = saha_store_search_has_literals (query->search);
    }

  if ((match != NULL || literal) && !saha_store_entity_is_searchable (self, def))
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                   "%s records cannot be searched", def->name);
      return FALSE;
    }

  /* the transaction's own queued index rows first */
  if ((match != NULL || literal) && !saha_store_flush_search (self, error))
    return FALSE;

  if (match != NULL && by_name)
    {
      GError *local_error = NULL;

      broad = is_broad_search (self, def, match, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }

  if ((match != NULL || literal) && searches_customer_name (self, def))
    {
      /* Orders and calls are found by their own text or by their customer's name, read
       * from customer_search when the query runs, so a rename never leaves them behind.
       * Each branch must match every word on its own. */
      g_autofree char *customer_match = g_strdup (match);

      g_string_append_printf (sql, " FROM \"%s\" AS t WHERE t.deleted = 0 AND (t.rowid IN "
                              "(SELECT rowid FROM \"%s_search\" AS s WHERE %s",
                              def->name, def->name,
                              match != NULL ? "s.\"" : "1");
      if (match != NULL)
        {
          g_string_append_printf (sql, "%s_search\" MATCH ?", def->name);
          saha_store_bind_text_value (bindings, g_steal_pointer (&match));
        }
      saha_store_append_search_literals (query->search, "s", sql, bindings);
      g_string_append (sql, ") OR t.\"customer\" IN (SELECT c.id FROM customer AS c "
                       "JOIN customer_search AS s ON s.rowid = c.rowid WHERE ");
      if (customer_match != NULL)
        {
          g_string_append (sql, "customer_search MATCH ?");
          saha_store_bind_text_value (bindings, g_steal_pointer (&customer_match));
        }
      else
        g_string_append (sql, "1");
      saha_store_append_search_literals (query->search, "s", sql, bindings);
      g_string_append (sql, "))");
    }
  else if (broad)
    {
      /* Tombstones have no full-text row, so "deleted = 0" filters nothing here; it is
       * the first column of the name index (0001-tables.sql), which keeps the walk in
       * name order. */
      g_string_append_printf (sql, " FROM \"%s\" AS t INDEXED BY \"%s_name\" WHERE t.deleted = 0 "
                              "AND t.rowid IN (SELECT rowid FROM \"%s_search\" AS s WHERE \"%s_search\" MATCH ?",
                              def->name, def->name, def->name, def->name);
      saha_store_bind_text_value (bindings, g_steal_pointer (&match));
      saha_store_append_search_literals (query->search, "s", sql, bindings);
      g_string_append (sql, ")");
    }
  else if (match != NULL)
    {
      g_string_append_printf (sql, " FROM \"%s\" AS t JOIN \"%s_search\" AS s ON s.rowid = t.rowid "
                              "WHERE \"%s_search\" MATCH ?", def->name, def->name, def->name);
      saha_store_bind_text_value (bindings, g_steal_pointer (&match));
      saha_store_append_search_literals (query->search, "s", sql, bindings);
    }
  else if (literal)
    {
      /* punctuation alone: no index to start from, each record's text is read */
      g_string_append_printf (sql, " FROM \"%s\" AS t JOIN \"%s_search\" AS s ON s.rowid = t.rowid "
                              "WHERE 1", def->name, def->name);
      saha_store_append_search_literals (query->search, "s", sql, bindings);
    }
  else
    {
      g_string_append_printf (sql, " FROM \"%s\" AS t WHERE 1", def->name);
      if (query == NULL || !query->include_deleted)
        g_string_append (sql, " AND t.deleted = 0");
    }

  if (query != NULL && !saha_store_append_where (def, query->where, query->n_where, sql, bindings,
                                                 error))
    return FALSE;

  return TRUE;
}

void
saha_store_bind_all (sqlite3_stmt *stmt,
                     GPtrArray    *bindings)
{
  for (guint i = 0; i < bindings->len; i++)
    {
      Binding *binding = g_ptr_array_index (bindings, i);

      if (binding->kind == BIND_TEXT)
        sqlite3_bind_text (stmt, i + 1, binding->text, -1, SQLITE_STATIC);
      else
        sqlite3_bind_int64 (stmt, i + 1, binding->number);
    }
}

gboolean
saha_store_count_bound (SahaStore   *self,
                        const char  *sql,
                        GPtrArray   *bindings,
                        guint       *count,
                        const char  *doing,
                        GError     **error)
{
  g_autoptr(SahaStoreStmt) stmt = saha_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;
  saha_store_bind_all (stmt, bindings);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      saha_store_set_sqlite_error (self, error, doing);
      return FALSE;
    }

  *count = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static const char *
default_order (const SahaEntityDef *def)
{
  return saha_entity_def_field_index (def, "name") >= 0 ? "name" : "id";
}

static GPtrArray *
list_records (SahaStore           *self,
              const SahaEntityDef *def,
              const SahaQuery     *query,
              GError             **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) bindings = saha_store_bindings_new ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(SahaStoreStmt) stmt = NULL;
  const char *order_by = default_order (def);
  const SahaFieldDef *order_field;
  const char *direction;

  if (query != NULL && query->order_by != NULL)
    {
      if (strcmp (query->order_by, "id") != 0 && strcmp (query->order_by, "rowid") != 0
          && saha_entity_def_field_index (def, query->order_by) < 0)
        {
          g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                       "%s has no field \"%s\" to sort by", def->name, query->order_by);
          return NULL;
        }
      order_by = query->order_by;
    }
  direction = query != NULL && query->descending ? "DESC" : "ASC";
  order_field = saha_entity_def_lookup_field (def, order_by);

  /* The page is chosen first from narrow (key, id, rowid) rows and only its records are
   * read whole: SQLite's sorter carries every result column, and sorting the thousands
   * of matches of a short search prefix with their registers cost more than finding
   * them. The LIMIT keeps SQLite from flattening the subquery into the join. Text sorts
   * in Turkish alphabetical order, the order of the name indexes (0007-turkish-order.sql);
   * the key keeps its collation in the outer ORDER BY. */
  g_string_append_printf (sql, "SELECT %s FROM (SELECT t.rowid AS r, t.\"%s\"%s AS k, "
                          "t.id AS i", saha_store_row_columns (def), order_by,
                          order_field != NULL && order_field->type == SAHA_FIELD_TEXT
                          ? " COLLATE " SAHA_COLLATION_NAME : "");
  if (!build_filter (self, def, query, strcmp (order_by, "name") == 0, sql, bindings, error))
    return NULL;

  /* id breaks ties so that pages never overlap or skip a record. */
  g_string_append_printf (sql, " ORDER BY k %s, i %s LIMIT ? OFFSET ?) AS p "
                          "JOIN \"%s\" AS t ON t.rowid = p.r ORDER BY p.k %s, p.i %s",
                          direction, direction, def->name, direction, direction);
  add_int64_binding (bindings, query != NULL && query->limit > 0 ? (gint64) query->limit : -1);
  add_int64_binding (bindings, query != NULL ? query->offset : 0);

  stmt = saha_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  saha_store_bind_all (stmt, bindings);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_record_unref);
  if (!saha_store_add_records_from_rows (self, def, stmt, records, "listing records", error))
    return NULL;

  return g_steal_pointer (&records);
}

/**
 * saha_store_list:
 * @self: a store
 * @entity: the entity name
 * @query: (nullable): search, where fields, order and paging; %NULL for all live records
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_INVALID for an
 *   entity, field or value the schema refuses, %SAHA_STORE_ERROR_DATABASE when SQLite fails
 *
 * Blocks; call from the thread that owns @self.
 *
 * Returns: (transfer full) (element-type SahaRecord) (nullable): the matching records, or
 *   %NULL with @error set
 */
GPtrArray *
saha_store_list (SahaStore        *self,
                 const char       *entity,
                 const SahaQuery  *query,
                 GError          **error)
{
  const SahaEntityDef *def;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);

  def = saha_store_lookup_entity (entity, error);
  if (def == NULL)
    return NULL;

  return list_records (self, def, query, error);
}

/**
 * saha_store_count:
 * @self: a store
 * @entity: the entity name
 * @query: (nullable): as for saha_store_list(); its limit and offset are ignored
 * @count: (out): the number of matching records
 * @error: return location for a #SAHA_STORE_ERROR, as saha_store_list()
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_count (SahaStore        *self,
                  const char       *entity,
                  const SahaQuery  *query,
                  guint            *count,
                  GError          **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*)");
  g_autoptr(GPtrArray) bindings = saha_store_bindings_new ();
  const SahaEntityDef *def;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  def = saha_store_lookup_entity (entity, error);
  return def != NULL
         && build_filter (self, def, query, FALSE, sql, bindings, error)
         && saha_store_count_bound (self, sql->str, bindings, count, "counting records", error);
}

/**
 * saha_store_list_conflicts:
 * @self: a store
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Returns: (transfer full) (element-type SahaRecord) (nullable): every record of every
 *   entity with a field in conflict, or %NULL with @error set
 */
GPtrArray *
saha_store_list_conflicts (SahaStore  *self,
                           GError    **error)
{
  g_autoptr(GPtrArray) records = NULL;
  const SahaEntityDef * const *entities;
  guint n_entities;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_record_unref);
  entities = saha_schema_entities (&n_entities);

  for (guint i = 0; i < n_entities; i++)
    {
      /* "conflicted = 1" as written matches the partial index of 0001. */
      g_autofree char *sql = g_strdup_printf ("SELECT %s FROM \"%s\" AS t "
                                              "WHERE t.conflicted = 1 ORDER BY t.id",
                                              saha_store_row_columns (entities[i]), entities[i]->name);
      g_autoptr(SahaStoreStmt) stmt = saha_store_prepare (self, sql, error);

      if (stmt == NULL
          || !saha_store_add_records_from_rows (self, entities[i], stmt, records,
                                                "listing conflicts", error))
        return NULL;
    }

  return g_steal_pointer (&records);
}

/* CSV */

/**
 * saha_store_export_csv:
 * @self: a store
 * @entity: the entity name
 * @error: return location for a #SAHA_STORE_ERROR
 *
 * Returns: (transfer full) (nullable): CSV with a header "id" then every field in schema
 *   order, live records sorted like saha_store_list(); %NULL with @error set
 */
char *
saha_store_export_csv (SahaStore   *self,
                       const char  *entity,
                       GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  const SahaEntityDef *def;
  GString *out;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);

  def = saha_store_lookup_entity (entity, error);
  if (def == NULL)
    return NULL;

  records = list_records (self, def, NULL, error);
  if (records == NULL)
    return NULL;

  out = g_string_new (NULL);
  cells = g_ptr_array_new ();

  g_ptr_array_add (cells, (gpointer) "id");
  for (guint i = 0; i < def->n_fields; i++)
    g_ptr_array_add (cells, (gpointer) def->fields[i].name);
  saha_csv_append_row (out, (const char * const *) cells->pdata, cells->len);

  for (guint r = 0; r < records->len; r++)
    {
      SahaRecord *record = g_ptr_array_index (records, r);

      g_ptr_array_set_size (cells, 0);
      g_ptr_array_add (cells, (gpointer) saha_record_get_id (record));
      for (guint i = 0; i < def->n_fields; i++)
        {
          const char *value = saha_record_get (record, def->fields[i].name);

          g_ptr_array_add (cells, (gpointer) (value != NULL ? value : ""));
        }
      saha_csv_append_row (out, (const char * const *) cells->pdata, cells->len);
    }

  return g_string_free (out, FALSE);
}

/* Updates @record with the cells of @inputs that differ from what it shows, and nothing
 * when none do: re-importing an export changes nothing and leaves nothing pending. A
 * cell that would replace the shown value of a field in conflict is refused: writing it
 * would supersede every candidate, a choice only "saha-cli resolve" (or the Conflicts
 * page) makes. The shown value itself leaves the conflict as it is. */
static gboolean
update_differing (SahaStore            *self,
                  SahaRecord           *record,
                  const SahaFieldInput *inputs,
                  guint                 n_inputs,
                  GError              **error)
{
  const SahaEntityDef *def = saha_record_get_entity (record);
  g_autofree SahaFieldInput *differing = g_new0 (SahaFieldInput, MAX (n_inputs, 1));
  g_autoptr(GPtrArray) canonicals = g_ptr_array_new_with_free_func (g_free);
  guint n = 0;

  for (guint i = 0; i < n_inputs; i++)
    {
      const SahaFieldDef *field = saha_entity_def_lookup_field (def, inputs[i].name);
      const char *shown = saha_record_get (record, inputs[i].name);
      GError *local_error = NULL;
      char *canonical = NULL;

      g_assert (field != NULL);  /* the header was checked */
      if (!saha_field_normalize (field, inputs[i].value, &canonical, &local_error))
        {
          g_set_error_literal (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                               local_error->message);
          g_error_free (local_error);
          return FALSE;
        }
      g_ptr_array_add (canonicals, canonical);

      if (g_strcmp0 (canonical, shown) == 0)
        continue;

      if (saha_record_field_in_conflict (record, field->name))
        {
          guint n_candidates = 0;

          saha_record_get_candidates (record, field->name, &n_candidates);
          g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                       "%s of %s %s is in conflict (%u candidates, \"%s\" shown): the file's "
                       "\"%s\" would drop them all without anyone choosing; choose with "
                       "\"saha-cli resolve %s %s %s=VALUE\", or leave the cell as exported",
                       field->name, def->name, saha_record_get_id (record), n_candidates,
                       shown != NULL ? shown : "", canonical != NULL ? canonical : "",
                       def->name, saha_record_get_id (record), field->name);
          return FALSE;
        }

      differing[n].name = field->name;
      differing[n].value = canonical;
      n++;
    }

  if (n == 0)
    return TRUE;

  return saha_store_update (self, def->name, saha_record_get_id (record), differing, n, error);
}

static gboolean
import_row (SahaStore            *self,
            const SahaEntityDef  *def,
            GStrv                 header,
            int                   id_column,
            SahaCsvRow           *row,
            GError              **error)
{
  g_autofree SahaFieldInput *inputs = NULL;
  guint n_cells = g_strv_length (row->cells);
  guint n_header = g_strv_length (header);
  const char *id = NULL;
  guint n = 0;

  if (n_cells != n_header)
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                   "expected %u cells as in the header, found %u", n_header, n_cells);
      return FALSE;
    }

  inputs = g_new0 (SahaFieldInput, n_cells);
  for (guint i = 0; i < n_cells; i++)
    {
      if ((int) i == id_column)
        {
          id = row->cells[i];
          continue;
        }
      inputs[n].name = header[i];
      inputs[n].value = row->cells[i];
      n++;
    }

  if (id != NULL && *id != '\0')
    {
      g_autoptr(SahaRecord) existing = NULL;
      g_autofree char *normalized = g_strstrip (g_ascii_strdown (id, -1));
      GError *local_error = NULL;

      existing = saha_store_lookup (self, def, normalized, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      if (existing != NULL && !saha_record_is_deleted (existing))
        return update_differing (self, existing, inputs, n, error);
      if (existing != NULL)
        return saha_store_update (self, def->name, normalized, inputs, n, error);

      {
        g_autofree SahaFieldInput *with_id = g_new0 (SahaFieldInput, n + 1);
        g_autofree char *new_id = NULL;

        memcpy (with_id, inputs, n * sizeof (SahaFieldInput));
        with_id[n].name = "id";
        with_id[n].value = normalized;
        new_id = saha_store_create (self, def->name, with_id, n + 1, error);
        return new_id != NULL;
      }
    }
  else
    {
      g_autofree char *new_id = saha_store_create (self, def->name, inputs, n, error);

      return new_id != NULL;
    }
}

/**
 * saha_store_import_csv:
 * @self: a store
 * @entity: the entity name
 * @data: RFC 4180 CSV with a header row of field names (and optionally "id")
 * @length: length of @data in bytes
 * @n_rows: (out) (optional): the number of rows imported
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_INVALID naming the
 *   line of the first bad row, else as saha_store_create()
 *
 * Imports all rows or none: a row whose id exists updates that record, any other creates
 * one.
 *
 * Returns: %TRUE on success, %FALSE with @error set and nothing changed
 */
gboolean
saha_store_import_csv (SahaStore   *self,
                       const char  *entity,
                       const char  *data,
                       gsize        length,
                       guint       *n_rows,
                       GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  const SahaEntityDef *def;
  GError *local_error = NULL;
  SahaCsvRow *header;
  int id_column = -1;
  gboolean own, ok = TRUE;
  guint done = 0;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (n_rows != NULL)
    *n_rows = 0;

  def = saha_store_lookup_entity (entity, error);
  if (def == NULL)
    return FALSE;

  rows = saha_csv_parse (data, length, &local_error);
  if (rows == NULL)
    {
      g_set_error_literal (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }
  if (rows->len == 0)
    {
      g_set_error_literal (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                           "the file has no header row of field names");
      return FALSE;
    }

  header = g_ptr_array_index (rows, 0);
  for (guint i = 0; header->cells[i] != NULL; i++)
    {
      const char *name = header->cells[i];

      if (strcmp (name, "id") == 0 && id_column < 0)
        {
          id_column = i;
          continue;
        }

      if (saha_entity_def_field_index (def, name) < 0)
        {
          g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                       "line %u: %s has no field \"%s\"", header->line, def->name, name);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (strcmp (header->cells[j], name) == 0)
          {
            g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                         "line %u: the column \"%s\" appears twice", header->line, name);
            return FALSE;
          }
    }

  /* All rows or none: one transaction, each row a savepoint inside it. */
  if (!saha_store_write_begin (self, &own, error))
    return FALSE;

  for (guint r = 1; r < rows->len && ok; r++)
    {
      SahaCsvRow *row = g_ptr_array_index (rows, r);

      if (!import_row (self, def, header->cells, id_column, row, &local_error))
        {
          g_set_error (error, SAHA_STORE_ERROR, local_error->code,
                       "line %u: %s", row->line, local_error->message);
          g_clear_error (&local_error);
          ok = FALSE;
        }
      else
        done++;
    }

  if (!saha_store_write_end (self, own, ok, ok ? error : NULL))
    return FALSE;

  if (n_rows != NULL)
    *n_rows = done;
  return TRUE;
}
