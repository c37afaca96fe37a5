/* saha-store-segments-query.c: customers by RFM segment, for lists that page from SQLite.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-private.h"
#include "saha-store-segments-query.h"

/*
 * temp.saha_segment holds one row per live customer with a segment other than none:
 * (customer id, segment name). It lives in the connection's temporary database, so a
 * refresh takes no lock on the replica and other connections never see it. The index on
 * (segment, customer) answers "customers of a segment" without a scan.
 */
static gboolean
ensure_table (SahaStore  *self,
              GError    **error)
{
  return saha_store_exec (self,
                          "CREATE TEMP TABLE IF NOT EXISTS saha_segment ("
                          " customer TEXT PRIMARY KEY, segment TEXT NOT NULL) WITHOUT ROWID",
                          error)
         && saha_store_exec (self,
                             "CREATE INDEX IF NOT EXISTS temp.saha_segment_by_segment "
                             " ON saha_segment (segment, customer)",
                             error);
}

typedef struct
{
  SahaStore *store;
  guint      n_segmented;
} Refresh;

static gboolean
keep_segment (const SahaCustomerRfm  *row,
              gpointer                user_data,
              GError                **error)
{
  Refresh *refresh = user_data;
  SahaCustomerRfm rfm = *row;
  g_autoptr(SahaStoreStmt) stmt = NULL;

  saha_customer_rfm_score (&rfm);
  if (rfm.segment == SAHA_SEGMENT_NONE)
    return TRUE;

  stmt = saha_store_prepare (refresh->store, "INSERT INTO temp.saha_segment (customer, segment) "
                             "VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, rfm.customer_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, saha_segment_to_string (rfm.segment), -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      saha_store_set_sqlite_error (refresh->store, error, "keeping segments");
      return FALSE;
    }
  refresh->n_segmented++;
  return TRUE;
}

/* Only customers with qualifying orders can have a segment other than none: they are
 * read one at a time, without names or an ordering, straight into the table (the list
 * of every customer by name took 50–80 MB at 100,000 customers, in the app's list worker). */
/**
 * saha_store_refresh_segments:
 * @self: a store
 * @now: (nullable): the time recency is counted to; %NULL for now
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Computes every live customer's segment and keeps them in a temporary table of this
 * connection, replacing what an earlier call kept; nothing is written to the replica.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_refresh_segments (SahaStore  *self,
                             GDateTime  *now,
                             GError    **error)
{
  Refresh refresh = { self, 0 };
  gint64 start = g_get_monotonic_time ();

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);

  if (!ensure_table (self, error))
    return FALSE;
  if (!saha_store_exec (self, "SAVEPOINT saha_segment_refresh", error))
    return FALSE;
  if (!saha_store_exec (self, "DELETE FROM temp.saha_segment", error)
      || !saha_store_each_customer_rfm (self, now, keep_segment, &refresh, error))
    goto fail;
  if (!saha_store_exec (self, "RELEASE saha_segment_refresh", error))
    goto fail;

  g_debug ("Refreshed the segments (%u customers in one) in %.1f ms", refresh.n_segmented,
           (g_get_monotonic_time () - start) / 1000.0);
  return TRUE;

fail:
  saha_store_exec (self, "ROLLBACK TO saha_segment_refresh", NULL);
  saha_store_exec (self, "RELEASE saha_segment_refresh", NULL);
  return FALSE;
}

/**
 * saha_store_lookup_segment:
 * @self: a store
 * @customer_id: (nullable): a customer's id
 *
 * Returns: the segment kept for @customer_id, %SAHA_SEGMENT_NONE when it has none or the
 *   segments were never refreshed on this connection
 */
SahaSegment
saha_store_lookup_segment (SahaStore  *self,
                           const char *customer_id)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;
  SahaSegment segment = SAHA_SEGMENT_NONE;

  g_return_val_if_fail (SAHA_IS_STORE (self), SAHA_SEGMENT_NONE);

  if (customer_id == NULL || !ensure_table (self, NULL))
    return SAHA_SEGMENT_NONE;

  stmt = saha_store_prepare (self, "SELECT segment FROM temp.saha_segment WHERE customer = ?",
                             NULL);
  if (stmt == NULL)
    return SAHA_SEGMENT_NONE;
  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    saha_segment_from_string ((const char *) sqlite3_column_text (stmt, 0), &segment);

  return segment;
}

/* "FROM ... WHERE ..." of customers in @segment matching @query; the values to bind, in
 * order, go to @bindings (saha_store_bindings_new()). */
static gboolean
build_filter (SahaSegment       segment,
              const SahaQuery  *query,
              GString          *sql,
              GPtrArray        *bindings,
              GError          **error)
{
  g_autofree char *match = NULL;

  g_string_append (sql, " FROM temp.saha_segment AS g JOIN customer AS t ON t.id = g.customer "
                   "WHERE g.segment = ? AND t.deleted = 0");
  saha_store_bind_text_value (bindings, g_strdup (saha_segment_to_string (segment)));

  if (query == NULL)
    return TRUE;

  if (query->search != NULL)
    match = saha_store_match_expression (query->search);
  if (match != NULL || saha_store_search_has_literals (query->search))
    {
      g_string_append (sql, " AND t.rowid IN (SELECT rowid FROM customer_search AS s WHERE 1");
      if (match != NULL)
        {
          g_string_append (sql, " AND customer_search MATCH ?");
          saha_store_bind_text_value (bindings, g_steal_pointer (&match));
        }
      saha_store_append_search_literals (query->search, "s", sql, bindings);
      g_string_append (sql, ")");
    }

  return saha_store_append_where (saha_schema_lookup ("customer"), query->where, query->n_where,
                                  sql, bindings, error);
}

static gboolean
check_query (const SahaQuery  *query,
             GError          **error)
{
  if (query != NULL && (query->order_by != NULL || query->descending || query->include_deleted))
    {
      g_set_error_literal (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                           "a segment's customers are listed by name only");
      return FALSE;
    }
  return TRUE;
}

/**
 * saha_store_list_in_segment:
 * @self: a store
 * @segment: the segment, as last refreshed
 * @query: (nullable): search, where fields, limit and offset; order_by, descending and
 *   include_deleted must be unset
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_INVALID for a query
 *   it does not support, %SAHA_STORE_ERROR_DATABASE when SQLite fails
 *
 * Returns: (transfer full) (element-type SahaRecord) (nullable): the live customers in
 *   @segment matching @query, by name then id; %NULL with @error set
 */
GPtrArray *
saha_store_list_in_segment (SahaStore        *self,
                            SahaSegment       segment,
                            const SahaQuery  *query,
                            GError          **error)
{
  const SahaEntityDef *def = saha_schema_lookup ("customer");
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GPtrArray) bindings = saha_store_bindings_new ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(SahaStoreStmt) stmt = NULL;
  guint n;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);

  if (!check_query (query, error) || !ensure_table (self, error))
    return NULL;

  g_string_append_printf (sql, "SELECT %s", saha_store_row_columns (def));
  if (!build_filter (segment, query, sql, bindings, error))
    return NULL;
  g_string_append (sql, " ORDER BY t.\"name\" COLLATE " SAHA_COLLATION_NAME ", t.id "
                   "LIMIT ? OFFSET ?");

  stmt = saha_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  saha_store_bind_all (stmt, bindings);
  n = bindings->len;
  sqlite3_bind_int64 (stmt, n + 1, query != NULL && query->limit > 0 ? (gint64) query->limit : -1);
  sqlite3_bind_int64 (stmt, n + 2, query != NULL ? query->offset : 0);

  records = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_record_unref);
  if (!saha_store_add_records_from_rows (self, def, stmt, records,
                                         "listing a segment's customers", error))
    return NULL;

  return g_steal_pointer (&records);
}

/**
 * saha_store_count_in_segment:
 * @self: a store
 * @segment: the segment, as last refreshed
 * @query: (nullable): as for saha_store_list_in_segment(); its limit and offset are ignored
 * @count: (out): the number of matching customers
 * @error: return location for a #SAHA_STORE_ERROR, as saha_store_list_in_segment()
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_count_in_segment (SahaStore        *self,
                             SahaSegment       segment,
                             const SahaQuery  *query,
                             guint            *count,
                             GError          **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT count(*)");
  g_autoptr(GPtrArray) bindings = saha_store_bindings_new ();

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  return check_query (query, error) && ensure_table (self, error)
         && build_filter (segment, query, sql, bindings, error)
         && saha_store_count_bound (self, sql->str, bindings, count,
                                    "counting a segment's customers", error);
}
