/* saha-store-today.c: the queries behind a rep's and an office user's Today.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-private.h"
#include "saha-store-segments-query.h"
#include "saha-store-sync.h"
#include "saha-store-today.h"

/* A quote without valid_until holds this long from ordered_at (docs/crm.md). */
#define QUOTE_DAYS 30
/* A quote "about to expire" ends within this many days from today. */
#define QUOTE_WARNING_DAYS 7
/* An at-risk customer with no visit for this long is on the rep's Today. */
#define AT_RISK_DAYS 60

/**
 * saha_today_item_free:
 * @item: (nullable): a row of a Today
 *
 * Frees @item and its strings.
 */
void
saha_today_item_free (SahaTodayItem *item)
{
  if (item == NULL)
    return;
  g_free (item->entity);
  g_free (item->id);
  g_free (item->title);
  g_free (item->customer_id);
  g_free (item->customer_name);
  g_free (item->at);
  g_free (item->detail);
  g_free (item);
}

/**
 * saha_today_list_free:
 * @list: (nullable): a Today as read
 *
 * Frees @list and its items.
 */
void
saha_today_list_free (SahaTodayList *list)
{
  if (list == NULL)
    return;
  g_clear_pointer (&list->items, g_ptr_array_unref);
  g_free (list);
}

static SahaTodayList *
list_new (void)
{
  SahaTodayList *list = g_new0 (SahaTodayList, 1);

  list->items = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_today_item_free);
  return list;
}

static int
progress_cancelled (void *data)
{
  return g_cancellable_is_cancelled (data);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static char *
utc_text (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* The start of @now's local day, @days later (negative: earlier), as UTC ISO 8601. */
static char *
day_start (GDateTime *now,
           int        days)
{
  g_autoptr(GDateTime) midnight = g_date_time_new (g_date_time_get_timezone (now),
                                                   g_date_time_get_year (now),
                                                   g_date_time_get_month (now),
                                                   g_date_time_get_day_of_month (now),
                                                   0, 0, 0);
  g_autoptr(GDateTime) day = g_date_time_add_days (midnight, days);

  return utc_text (day);
}

/* @now's local date, @days later, as YYYY-MM-DD (the form of a DATE field). */
static char *
local_date (GDateTime *now,
            int        days)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_format (day, "%Y-%m-%d");
}

/*
 * Runs @stmt (its parameters bound but ?9, the limit) and appends one item of @kind per
 * row to @list, counting them all in its totals. Every query here selects, in this
 * order: entity, id, title, customer id, customer name, at, detail, and the count of all
 * its rows before LIMIT ?9 ("count (*) OVER ()").
 */
static gboolean
collect (SahaStore      *self,
         sqlite3_stmt   *stmt,
         SahaTodayKind   kind,
         guint           limit,
         SahaTodayList  *list,
         GCancellable   *cancellable,
         const char     *doing,
         GError        **error)
{
  sqlite3 *db = saha_store_get_db (self);
  GPtrArray *items = list->items;
  int rc;

  sqlite3_bind_int64 (stmt, 9, limit > 0 ? (sqlite3_int64) limit : -1);

  if (cancellable != NULL)
    sqlite3_progress_handler (db, 1000, progress_cancelled, cancellable);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SahaTodayItem *item = g_new0 (SahaTodayItem, 1);

      item->kind = kind;
      item->entity = column_text (stmt, 0);
      item->id = column_text (stmt, 1);
      item->title = column_text (stmt, 2);
      item->customer_id = column_text (stmt, 3);
      item->customer_name = column_text (stmt, 4);
      item->at = column_text (stmt, 5);
      item->detail = column_text (stmt, 6);
      list->totals[kind] = (guint) sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (items, item);
    }
  if (cancellable != NULL)
    sqlite3_progress_handler (db, 0, NULL, NULL);

  if (rc != SQLITE_DONE)
    {
      if (rc == SQLITE_INTERRUPT && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      saha_store_set_sqlite_error (self, error, doing);
      return FALSE;
    }
  return TRUE;
}

static int
by_at (gconstpointer a,
       gconstpointer b)
{
  const SahaTodayItem *ia = *(SahaTodayItem **) a;
  const SahaTodayItem *ib = *(SahaTodayItem **) b;

  if (ia->kind != ib->kind
      && !(ia->kind <= SAHA_TODAY_TASK_DUE && ib->kind <= SAHA_TODAY_TASK_DUE))
    return (int) ia->kind - (int) ib->kind;
  return g_strcmp0 (ia->at, ib->at);
}

/* Today's visits and tasks share the first group, in time order; the rest keep their
 * query's order. */
static void
sort_day (GPtrArray *items)
{
  guint n_first = 0;

  while (n_first < items->len
         && ((SahaTodayItem *) g_ptr_array_index (items, n_first))->kind <= SAHA_TODAY_TASK_DUE)
    n_first++;
  /* g_ptr_array_sort is not stable, but no two items of the first group compare equal
   * unless they have the same time, where either order is right. */
  if (n_first > 1)
    {
      g_autoptr(GPtrArray) first = g_ptr_array_new ();

      for (guint i = 0; i < n_first; i++)
        g_ptr_array_add (first, g_ptr_array_index (items, i));
      g_ptr_array_sort (first, by_at);
      for (guint i = 0; i < n_first; i++)
        items->pdata[i] = g_ptr_array_index (first, i);
    }
}

/**
 * saha_store_rep_today_sync:
 * @self: a store, used from the thread that owns it
 * @user: the signed-in rep's user name
 * @now: the moment the day is read at, in the rep's time zone
 * @limit: the most rows of each kind (0: all); the totals count them all
 * @cancellable: (nullable): stops the queries between SQLite steps
 * @error: return location for %G_IO_ERROR_CANCELLED or %SAHA_STORE_ERROR_DATABASE
 *
 * The rep's day, in the order it is shown: the rep's visits of today (checked in today,
 * or checked in and not out yet) and open tasks due today, together in time order; then
 * open tasks due before today, oldest first; quotes of the rep's customers (or written by
 * the rep) whose last valid day is today or within %QUOTE_WARNING_DAYS days (valid_until,
 * else ordered_at + %QUOTE_DAYS days), soonest first; then the rep's customers in the
 * "at risk" segment with no visit for %AT_RISK_DAYS days, the longest unvisited first
 * (never visited before all). Segments are computed on this connection (a worker's own
 * store), as the customer list does. Blocks.
 *
 * Returns: (transfer full) (nullable): the items and the totals, or NULL with @error set
 */
SahaTodayList *
saha_store_rep_today_sync (SahaStore     *self,
                           const char    *user,
                           GDateTime     *now,
                           guint          limit,
                           GCancellable  *cancellable,
                           GError       **error)
{
  /* visit_check_in_at (0005) and task_owner_due (0008) answer the first two. */
  static const char visits_sql[] =
    "SELECT 'visit', v.id, NULL, v.\"customer\", c.\"name\", v.\"check_in_at\", v.\"purpose\","
    "       count (*) OVER ()"
    "  FROM visit AS v LEFT JOIN customer AS c ON c.id = v.\"customer\""
    " WHERE v.deleted = 0 AND v.\"user\" = ?1"
    "   AND ((v.\"check_in_at\" >= ?2 AND v.\"check_in_at\" < ?3)"
    "        OR (v.\"check_in_at\" IS NOT NULL AND v.\"check_in_at\" < ?3"
    "            AND v.\"check_out_at\" IS NULL))"
    " ORDER BY v.\"check_in_at\" LIMIT ?9";
  static const char tasks_sql[] =
    "SELECT 'task', t.id, t.\"title\", t.\"customer\", c.\"name\", t.\"due_at\", NULL, count (*) OVER ()"
    "  FROM task AS t LEFT JOIN customer AS c ON c.id = t.\"customer\""
    " WHERE t.\"owner\" = ?1 AND t.deleted = 0 AND t.\"done_at\" IS NULL"
    "   AND t.\"due_at\" >= ?2 AND t.\"due_at\" < ?3"
    " ORDER BY t.\"due_at\", t.id LIMIT ?9";
  static const char quotes_sql[] =
    "SELECT 'order', o.id, o.\"number\", o.\"customer\", c.\"name\","
    "       coalesce (o.\"valid_until\", date (o.\"ordered_at\", '+" G_STRINGIFY (QUOTE_DAYS)
    " days')) AS ends, NULL, count (*) OVER ()"
    "  FROM \"order\" AS o LEFT JOIN customer AS c ON c.id = o.\"customer\""
    " WHERE o.deleted = 0 AND o.\"status\" = 'quote'"
    "   AND (c.\"assigned_to\" = ?1 OR o.\"created_by\" = ?1)"
    "   AND ends >= ?2 AND ends <= ?3"
    " ORDER BY ends, o.\"number\", o.id LIMIT ?9";
  static const char at_risk_sql[] =
    "SELECT 'customer', c.id, c.\"name\", c.id, c.\"name\","
    "       (SELECT max (v.\"check_in_at\") FROM visit AS v"
    "         WHERE v.\"customer\" = c.id AND v.deleted = 0) AS last_visit, NULL,"
    "       count (*) OVER ()"
    "  FROM temp.saha_segment AS g JOIN customer AS c ON c.id = g.customer"
    " WHERE g.segment = 'at_risk' AND c.deleted = 0 AND c.\"assigned_to\" = ?1"
    "   AND (last_visit IS NULL OR last_visit < ?2)"
    " ORDER BY last_visit IS NOT NULL, last_visit, c.\"name\" COLLATE saha_turkish, c.id"
    " LIMIT ?9";
  g_autoptr(SahaTodayList) list = NULL;
  g_autofree char *today = NULL, *tomorrow = NULL, *overdue_from = NULL;
  g_autofree char *first_date = NULL, *last_date = NULL, *unvisited_since = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);
  g_return_val_if_fail (user != NULL && now != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  list = list_new ();
  today = day_start (now, 0);
  tomorrow = day_start (now, 1);
  /* Any task left undone is overdue however old; the index starts from the owner. */
  overdue_from = g_strdup ("");
  first_date = local_date (now, 0);
  last_date = local_date (now, QUOTE_WARNING_DAYS);
  {
    g_autoptr(GDateTime) since = g_date_time_add_days (now, -AT_RISK_DAYS);

    unvisited_since = utc_text (since);
  }

  {
    g_autoptr(SahaStoreStmt) visits = saha_store_prepare (self, visits_sql, error);

    if (visits == NULL)
      return NULL;
    sqlite3_bind_text (visits, 1, user, -1, SQLITE_STATIC);
    sqlite3_bind_text (visits, 2, today, -1, SQLITE_STATIC);
    sqlite3_bind_text (visits, 3, tomorrow, -1, SQLITE_STATIC);
    if (!collect (self, visits, SAHA_TODAY_VISIT, limit, list, cancellable,
                  "reading today's visits", error))
      return NULL;
  }

  stmt = saha_store_prepare (self, tasks_sql, error);
  if (stmt == NULL)
    return NULL;
  {
    g_autoptr(SahaStoreStmt) tasks = stmt;

    sqlite3_bind_text (tasks, 1, user, -1, SQLITE_STATIC);
    sqlite3_bind_text (tasks, 2, today, -1, SQLITE_STATIC);
    sqlite3_bind_text (tasks, 3, tomorrow, -1, SQLITE_STATIC);
    if (!collect (self, tasks, SAHA_TODAY_TASK_DUE, limit, list, cancellable,
                  "reading today's tasks", error))
      return NULL;
  }
  sort_day (list->items);

  /* The same statement: the overdue ones are due in ["", today). */
  stmt = saha_store_prepare (self, tasks_sql, error);
  if (stmt == NULL)
    return NULL;
  {
    g_autoptr(SahaStoreStmt) tasks = stmt;

    sqlite3_bind_text (tasks, 1, user, -1, SQLITE_STATIC);
    sqlite3_bind_text (tasks, 2, overdue_from, -1, SQLITE_STATIC);
    sqlite3_bind_text (tasks, 3, today, -1, SQLITE_STATIC);
    if (!collect (self, tasks, SAHA_TODAY_TASK_OVERDUE, limit, list, cancellable,
                  "reading overdue tasks", error))
      return NULL;
  }

  stmt = saha_store_prepare (self, quotes_sql, error);
  if (stmt == NULL)
    return NULL;
  {
    g_autoptr(SahaStoreStmt) quotes = stmt;

    sqlite3_bind_text (quotes, 1, user, -1, SQLITE_STATIC);
    sqlite3_bind_text (quotes, 2, first_date, -1, SQLITE_STATIC);
    sqlite3_bind_text (quotes, 3, last_date, -1, SQLITE_STATIC);
    if (!collect (self, quotes, SAHA_TODAY_QUOTE_EXPIRING, limit, list, cancellable,
                  "reading quotes about to expire", error))
      return NULL;
  }

  if (!saha_store_refresh_segments (self, now, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  stmt = saha_store_prepare (self, at_risk_sql, error);
  if (stmt == NULL)
    return NULL;
  {
    g_autoptr(SahaStoreStmt) at_risk = stmt;

    sqlite3_bind_text (at_risk, 1, user, -1, SQLITE_STATIC);
    sqlite3_bind_text (at_risk, 2, unvisited_since, -1, SQLITE_STATIC);
    if (!collect (self, at_risk, SAHA_TODAY_AT_RISK, limit, list, cancellable,
                  "reading customers at risk", error))
      return NULL;
  }

  return g_steal_pointer (&list);
}

/* A record's name as a person knows it, for a conflict or a refusal. */
static char *
record_title (SahaRecord *record)
{
  static const char * const fields[] = { "name", "number", "title", "summary", "sku", NULL };

  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *value = saha_record_get (record, fields[i]);

      if (value != NULL && *value != '\0')
        return g_strdup (value);
    }
  return NULL;
}

static SahaTodayItem *
record_item (SahaStore     *self,
             SahaTodayKind  kind,
             SahaRecord    *record,
             const char    *entity,
             const char    *id)
{
  SahaTodayItem *item = g_new0 (SahaTodayItem, 1);
  const char *customer_id = NULL;

  item->kind = kind;
  item->entity = g_strdup (entity);
  item->id = g_strdup (id);
  if (record != NULL)
    {
      item->title = record_title (record);
      customer_id = g_strcmp0 (entity, "customer") == 0 ? id
                    : saha_record_get (record, "customer");
    }
  if (customer_id != NULL)
    {
      g_autoptr(SahaRecord) customer = saha_store_get (self, "customer", customer_id, NULL);

      item->customer_id = g_strdup (customer_id);
      if (customer != NULL)
        item->customer_name = g_strdup (saha_record_get (customer, "name"));
    }
  return item;
}

/**
 * saha_store_office_today_sync:
 * @self: a store, used from the thread that owns it
 * @now: the moment the day is read at, in the office user's time zone
 * @limit: the most rows of each kind (0: all); the totals count them all
 * @cancellable: (nullable): stops the queries between SQLite steps
 * @error: return location for %G_IO_ERROR_CANCELLED or %SAHA_STORE_ERROR_DATABASE
 *
 * The office's day, in the order it is shown: open calls (new .. on_site) with no
 * technician, urgent first then by time; open calls scheduled before today, oldest first;
 * open complaints (channel complaint, not resolved) with no follow-up task still to do,
 * oldest first; then every record with a field in conflict and every refused push, which
 * wait for a person on the Conflicts page. Blocks.
 *
 * Returns: (transfer full) (nullable): the items and the totals, or NULL with @error set
 */
SahaTodayList *
saha_store_office_today_sync (SahaStore     *self,
                              GDateTime     *now,
                              guint          limit,
                              GCancellable  *cancellable,
                              GError       **error)
{
  static const char unassigned_sql[] =
    "SELECT 'service_call', sc.id, sc.\"number\", sc.\"customer\", c.\"name\","
    "       sc.\"scheduled_at\", coalesce (sc.\"priority\", 'normal'), count (*) OVER ()"
    "  FROM service_call AS sc LEFT JOIN customer AS c ON c.id = sc.\"customer\""
    " WHERE sc.\"assigned_to\" IS NULL AND sc.deleted = 0"
    "   AND coalesce (sc.\"status\", 'new') IN ('new', 'assigned', 'travelling', 'on_site')"
    " ORDER BY coalesce (sc.\"priority\", 'normal') <> 'urgent',"
    "          sc.\"scheduled_at\" IS NULL, sc.\"scheduled_at\", sc.\"number\", sc.id LIMIT ?9";
  static const char overdue_sql[] =
    "SELECT 'service_call', sc.id, sc.\"number\", sc.\"customer\", c.\"name\","
    "       sc.\"scheduled_at\", coalesce (sc.\"priority\", 'normal'), count (*) OVER ()"
    "  FROM service_call AS sc LEFT JOIN customer AS c ON c.id = sc.\"customer\""
    " WHERE sc.\"scheduled_at\" < ?1 AND sc.deleted = 0"
    "   AND coalesce (sc.\"status\", 'new') IN ('new', 'assigned', 'travelling', 'on_site')"
    " ORDER BY sc.\"scheduled_at\", sc.\"number\", sc.id LIMIT ?9";
  static const char complaints_sql[] =
    "SELECT 'note', n.id, n.\"summary\", n.\"customer\", c.\"name\", n.\"at\", NULL, count (*) OVER ()"
    "  FROM note AS n LEFT JOIN customer AS c ON c.id = n.\"customer\""
    " WHERE n.\"channel\" = 'complaint' AND n.deleted = 0"
    "   AND coalesce (n.\"status\", 'open') <> 'resolved'"
    "   AND NOT EXISTS (SELECT 1 FROM task AS t"
    "                    WHERE t.\"related_id\" = n.id AND t.\"related_entity\" = 'note'"
    "                      AND t.deleted = 0 AND t.\"done_at\" IS NULL)"
    " ORDER BY n.\"at\" IS NULL, n.\"at\", n.id LIMIT ?9";
  g_autoptr(SahaTodayList) list = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) rejections = NULL;
  g_autofree char *today = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  list = list_new ();
  today = day_start (now, 0);

  stmt = saha_store_prepare (self, unassigned_sql, error);
  if (stmt == NULL)
    return NULL;
  {
    g_autoptr(SahaStoreStmt) unassigned = stmt;

    if (!collect (self, unassigned, SAHA_TODAY_CALL_UNASSIGNED, limit, list, cancellable,
                  "reading unassigned calls", error))
      return NULL;
  }

  stmt = saha_store_prepare (self, overdue_sql, error);
  if (stmt == NULL)
    return NULL;
  {
    g_autoptr(SahaStoreStmt) overdue = stmt;

    sqlite3_bind_text (overdue, 1, today, -1, SQLITE_STATIC);
    if (!collect (self, overdue, SAHA_TODAY_CALL_OVERDUE, limit, list, cancellable,
                  "reading overdue calls", error))
      return NULL;
  }

  stmt = saha_store_prepare (self, complaints_sql, error);
  if (stmt == NULL)
    return NULL;
  {
    g_autoptr(SahaStoreStmt) complaints = stmt;

    if (!collect (self, complaints, SAHA_TODAY_COMPLAINT, limit, list, cancellable,
                  "reading open complaints", error))
      return NULL;
  }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  conflicts = saha_store_list_conflicts (self, error);
  if (conflicts == NULL)
    return NULL;
  list->totals[SAHA_TODAY_CONFLICT] = conflicts->len;
  for (guint i = 0; i < conflicts->len && (limit == 0 || i < limit); i++)
    {
      SahaRecord *record = g_ptr_array_index (conflicts, i);

      g_ptr_array_add (list->items, record_item (self, SAHA_TODAY_CONFLICT, record,
                                           saha_record_get_entity (record)->name,
                                           saha_record_get_id (record)));
    }

  rejections = saha_store_sync_list_rejections (self, error);
  if (rejections == NULL)
    return NULL;
  list->totals[SAHA_TODAY_REFUSED] = rejections->len;
  for (guint i = 0; i < rejections->len && (limit == 0 || i < limit); i++)
    {
      SahaStoreRejection *rejection = g_ptr_array_index (rejections, i);
      g_autoptr(SahaRecord) record = saha_store_get (self, rejection->entity, rejection->id,
                                                     NULL);
      SahaTodayItem *item = record_item (self, SAHA_TODAY_REFUSED, record, rejection->entity,
                                         rejection->id);

      item->at = g_strdup (rejection->at);
      item->detail = g_strdup (rejection->code);
      g_ptr_array_add (list->items, item);
    }

  return g_steal_pointer (&list);
}
