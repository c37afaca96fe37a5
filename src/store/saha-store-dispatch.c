/* saha-store-dispatch.c: the dispatch board's query: calls in a range, by technician.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-store-dispatch.h"
#include "saha-store-private.h"

/**
 * saha_dispatch_call_free:
 * @call: (nullable): a call on the dispatch board
 *
 * Frees @call and its strings.
 */
void
saha_dispatch_call_free (SahaDispatchCall *call)
{
  if (call == NULL)
    return;
  g_free (call->id);
  g_free (call->number);
  g_free (call->customer);
  g_free (call->customer_name);
  g_free (call->scheduled_at);
  g_free (call->status);
  g_free (call->priority);
  g_free (call);
}

/**
 * saha_dispatch_lane_free:
 * @lane: (nullable): a lane of the dispatch board
 *
 * Frees @lane, its strings and its calls.
 */
void
saha_dispatch_lane_free (SahaDispatchLane *lane)
{
  if (lane == NULL)
    return;
  g_free (lane->technician);
  g_clear_pointer (&lane->calls, g_ptr_array_unref);
  g_free (lane);
}

static SahaDispatchLane *
lane_new (const char *technician)
{
  SahaDispatchLane *lane = g_new0 (SahaDispatchLane, 1);

  lane->technician = g_strdup (technician);
  lane->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_dispatch_call_free);
  return lane;
}

static SahaDispatchLane *
lane_for (GPtrArray  *lanes,
          GHashTable *by_name,
          const char *technician)
{
  SahaDispatchLane *lane = g_hash_table_lookup (by_name, technician != NULL ? technician : "");

  if (lane == NULL)
    {
      lane = lane_new (technician);
      g_ptr_array_add (lanes, lane);
      g_hash_table_insert (by_name, lane->technician != NULL ? lane->technician : (char *) "",
                           lane);
    }
  return lane;
}

static int
progress_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data);
}

static int
lane_compare (gconstpointer a,
              gconstpointer b)
{
  const SahaDispatchLane *la = *(SahaDispatchLane **) a;
  const SahaDispatchLane *lb = *(SahaDispatchLane **) b;

  /* The unassigned lane last. */
  if (la->technician == NULL || lb->technician == NULL)
    return (la->technician == NULL) - (lb->technician == NULL);
  return g_utf8_collate (la->technician, lb->technician);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/**
 * saha_store_dispatch_board:
 * @self: a store, used from the thread that owns it
 * @from: the first instant of the range, UTC ISO 8601 (a local day's or week's start)
 * @to: the instant after it
 * @technicians: (nullable): technicians who get a lane even with no calls (the users the
 *   server lists with the tech role), NULL-terminated
 * @technician: (nullable): only this technician's lane ("" for the unassigned lane alone)
 * @cancellable: (nullable): stops the query between SQLite steps
 * @error: return location for %G_IO_ERROR_CANCELLED or %SAHA_STORE_ERROR_DATABASE
 *
 * The calls scheduled in [@from, @to), not cancelled, by assignee: one lane per
 * technician in name order, then the unassigned lane, which also holds the open calls
 * that have neither a technician nor a time yet (they wait to be dispatched wherever the
 * board is). A lane's load counts its open calls and their expected minutes (a call
 * without expected_minutes as %SAHA_DISPATCH_DEFAULT_MINUTES). Blocks: for a worker
 * thread or saha-cli.
 *
 * Returns: (transfer full) (element-type SahaDispatchLane) (nullable): the lanes, or NULL with @error (G_IO_ERROR_CANCELLED
 *   when cancelled)
 */
GPtrArray *
saha_store_dispatch_board (SahaStore           *self,
                           const char          *from,
                           const char          *to,
                           const char * const  *technicians,
                           const char          *technician,
                           GCancellable        *cancellable,
                           GError             **error)
{
  /* The range walks service_call_scheduled_at (0005); the unassigned, unscheduled open
   * calls are few and found through service_call_assigned_to (0001). */
  static const char sql[] =
    "SELECT sc.id, sc.\"number\", sc.\"customer\", c.\"name\", sc.\"scheduled_at\","
    "       coalesce (sc.\"status\", 'new'), sc.\"priority\", sc.\"assigned_to\","
    "       sc.\"expected_minutes\""
    "  FROM service_call AS sc LEFT JOIN customer AS c ON c.id = sc.\"customer\""
    " WHERE sc.deleted = 0 AND coalesce (sc.\"status\", 'new') <> 'cancelled'"
    "   AND ((sc.\"scheduled_at\" >= ?1 AND sc.\"scheduled_at\" < ?2)"
    "        OR (sc.\"assigned_to\" IS NULL AND sc.\"scheduled_at\" IS NULL"
    "            AND coalesce (sc.\"status\", 'new') IN ('new', 'assigned', 'travelling',"
    "                                                    'on_site')))"
    "   AND (?3 IS NULL OR coalesce (sc.\"assigned_to\", '') = ?3)"
    " ORDER BY sc.\"scheduled_at\" IS NULL, sc.\"scheduled_at\", sc.\"number\", sc.id";
  g_autoptr(GPtrArray) lanes = NULL;
  g_autoptr(GHashTable) by_name = NULL;
  g_autoptr(SahaStoreStmt) stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_dispatch_lane_free);
  by_name = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; technicians != NULL && technicians[i] != NULL; i++)
    if (technician == NULL || g_strcmp0 (technician, technicians[i]) == 0)
      lane_for (lanes, by_name, technicians[i]);
  if (technician == NULL || *technician == '\0')
    lane_for (lanes, by_name, NULL);

  stmt = saha_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_STATIC);
  if (technician != NULL)
    sqlite3_bind_text (stmt, 3, technician, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);

  db = saha_store_get_db (self);
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, progress_cancelled, cancellable);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SahaDispatchCall *call = g_new0 (SahaDispatchCall, 1);
      const char *assignee = (const char *) sqlite3_column_text (stmt, 7);
      SahaDispatchLane *lane = lane_for (lanes, by_name, assignee);

      call->id = column_text (stmt, 0);
      call->number = column_text (stmt, 1);
      call->customer = column_text (stmt, 2);
      call->customer_name = column_text (stmt, 3);
      call->scheduled_at = column_text (stmt, 4);
      call->status = column_text (stmt, 5);
      call->priority = column_text (stmt, 6);
      call->expected_minutes = sqlite3_column_int64 (stmt, 8);
      if (saha_service_call_status_is_open (call->status))
        {
          lane->load++;
          lane->load_minutes += call->expected_minutes > 0 ? call->expected_minutes
                                                           : SAHA_DISPATCH_DEFAULT_MINUTES;
        }
      g_ptr_array_add (lane->calls, call);
    }
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);

  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_INTERRUPT && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      saha_store_set_sqlite_error (self, error, "reading the dispatch board");
      return NULL;
    }

  g_ptr_array_sort (lanes, lane_compare);
  return g_steal_pointer (&lanes);
}
