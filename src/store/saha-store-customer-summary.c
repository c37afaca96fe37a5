/* saha-store-customer-summary.c: everything the 360° page shows of one customer, read in
 * one call on a worker's connection: the record, counts and recent lists of the
 * customer's orders, calls, visits and notes, their segment and their campaigns.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-customer-summary.h"
#include "saha-store-private.h"

/* The lists of the page: each entity with its count statement (by status when it has
 * one) and the field its recent records are ordered by. The SQL texts are constants:
 * only the customer's id is bound. */
static const struct
{
  const char *entity;
  const char *count_sql;
  const char *order_by;
} lists[] = {
  { "order",
    "SELECT status, count(*) FROM \"order\" WHERE customer = ? AND deleted = 0 GROUP BY status",
    "ordered_at" },
  { "service_call",
    "SELECT status, count(*) FROM service_call WHERE customer = ? AND deleted = 0 "
    "GROUP BY status",
    "scheduled_at" },
  { "visit",
    "SELECT NULL, count(*) FROM visit WHERE customer = ? AND deleted = 0",
    "check_in_at" },
  { "note",
    "SELECT NULL, count(*) FROM note WHERE customer = ? AND deleted = 0",
    "at" },
};

/**
 * saha_customer_summary_free:
 * @summary: (nullable): a summary
 *
 * Frees @summary and everything it holds.
 */
void
saha_customer_summary_free (SahaCustomerSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->customer, saha_record_unref);
  g_clear_pointer (&summary->counts, g_hash_table_unref);
  g_clear_pointer (&summary->recent, g_hash_table_unref);
  g_clear_pointer (&summary->rfm, saha_customer_rfm_free);
  g_clear_pointer (&summary->campaigns, g_ptr_array_unref);
  g_free (summary);
}

/**
 * saha_customer_summary_count:
 * @summary: a summary
 * @entity: "order", "service_call", "visit" or "note"
 * @status: (nullable): a status of @entity, or %NULL for all
 *
 * Returns: how many of the customer's live records of @entity (with @status) there are
 */
guint
saha_customer_summary_count (SahaCustomerSummary *summary,
                             const char          *entity,
                             const char          *status)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (summary != NULL, 0);
  g_return_val_if_fail (entity != NULL, 0);

  key = status != NULL ? g_strconcat (entity, ":", status, NULL) : g_strdup (entity);
  return GPOINTER_TO_UINT (g_hash_table_lookup (summary->counts, key));
}

/**
 * saha_customer_summary_dup_recent:
 * @summary: a summary
 * @entity: "order", "service_call", "visit" or "note"
 *
 * Returns: (transfer container) (element-type SahaRecord): the customer's most recent
 *   records of @entity, newest first (empty when none)
 */
GPtrArray *
saha_customer_summary_dup_recent (SahaCustomerSummary *summary,
                                  const char          *entity)
{
  GPtrArray *recent;

  g_return_val_if_fail (summary != NULL, NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  recent = g_hash_table_lookup (summary->recent, entity);
  return recent != NULL ? g_ptr_array_ref (recent)
                        : g_ptr_array_new_with_free_func ((GDestroyNotify) saha_record_unref);
}

static gboolean
read_counts (SahaStore           *self,
             SahaCustomerSummary *summary,
             const char          *entity,
             const char          *sql,
             const char          *customer_id,
             GError             **error)
{
  g_autoptr(SahaStoreStmt) stmt = saha_store_prepare (self, sql, error);
  guint total = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *status = (const char *) sqlite3_column_text (stmt, 0);
      guint count = (guint) sqlite3_column_int64 (stmt, 1);

      total += count;
      if (status != NULL)
        g_hash_table_insert (summary->counts, g_strconcat (entity, ":", status, NULL),
                             GUINT_TO_POINTER (count));
    }
  if (rc != SQLITE_DONE)
    {
      g_autofree char *doing = g_strdup_printf ("counting the customer's %s records", entity);

      saha_store_set_sqlite_error (self, error, doing);
      return FALSE;
    }
  g_hash_table_insert (summary->counts, g_strdup (entity), GUINT_TO_POINTER (total));
  return TRUE;
}

static SahaCustomerSummary *
read_summary (SahaStore   *self,
              const char  *customer_id,
              guint        recent_limit,
              GError     **error)
{
  g_autoptr(SahaCustomerSummary) summary = g_new0 (SahaCustomerSummary, 1);
  g_autoptr(GError) local_error = NULL;

  summary->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  summary->recent = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) g_ptr_array_unref);

  summary->customer = saha_store_get (self, "customer", customer_id, &local_error);
  if (summary->customer == NULL)
    {
      if (!g_error_matches (local_error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      /* Not in the replica (revoked, erased): the page says so. */
      return g_steal_pointer (&summary);
    }
  if (saha_record_is_deleted (summary->customer))
    return g_steal_pointer (&summary);

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      SahaFieldInput where[] = { { "customer", customer_id } };
      SahaQuery query = {
        .where = where,
        .n_where = 1,
        .order_by = lists[i].order_by,
        .descending = TRUE,
        .limit = recent_limit,
      };
      GPtrArray *recent;

      if (!read_counts (self, summary, lists[i].entity, lists[i].count_sql, customer_id, error))
        return NULL;
      recent = saha_store_list (self, lists[i].entity, &query, error);
      if (recent == NULL)
        return NULL;
      g_hash_table_insert (summary->recent, (gpointer) lists[i].entity, recent);
    }

  summary->rfm = saha_store_customer_rfm (self, customer_id, NULL, error);
  if (summary->rfm == NULL)
    return NULL;
  summary->campaigns = saha_store_customer_campaigns (self, customer_id, NULL, error);
  if (summary->campaigns == NULL)
    return NULL;

  return g_steal_pointer (&summary);
}

/**
 * saha_store_customer_summary_sync:
 * @self: a store, used by this thread alone
 * @customer_id: a customer's id
 * @recent_limit: the most records of each list (0: all)
 * @cancellable: (nullable): stops the read, inside SQLite too
 * @error: return location for %G_IO_ERROR_CANCELLED or a #SAHA_STORE_ERROR
 *
 * Reads everything the 360° page shows of one customer: the record (a tombstone too;
 * %NULL in the summary when the replica never held it), the counts and recent records of
 * their orders, service calls, visits and notes, their segment (saha_store_customer_rfm())
 * and the campaigns they receive (saha_store_customer_campaigns()) — from this customer's
 * own records, never everyone's. Blocks: call it on a worker thread with a store of its
 * own. A cancelled read stops within SQLite's next thousand steps.
 *
 * Returns: (transfer full) (nullable): the summary, or %NULL with @error set
 */
SahaCustomerSummary *
saha_store_customer_summary_sync (SahaStore     *self,
                                  const char    *customer_id,
                                  guint          recent_limit,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  SahaCustomerSummary *summary;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  saha_store_set_cancellable (self, cancellable);
  summary = read_summary (self, customer_id, recent_limit, &local_error);
  saha_store_set_cancellable (self, NULL);

  if (summary == NULL)
    {
      /* Interrupted by the progress handler: the caller asked for it. */
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      saha_customer_summary_free (summary);
      return NULL;
    }
  return summary;
}
