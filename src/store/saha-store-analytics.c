/* saha-store-analytics.c: RFM segments, profitability, campaign members and cross-sell over the replica.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-order-totals.h"
#include "saha-store-analytics.h"
#include "saha-store-private.h"

/* Only these orders earn money; drafts, quotes and cancelled orders never count. */
#define QUALIFYING "o.status IN ('confirmed', 'delivered') AND o.deleted = 0"

/* The pointer type of the customer sets bound to saha_in_set() (sqlite3_bind_pointer). */
#define CUSTOMER_SET_TYPE "saha-customer-set"

#define FUNCTIONS_KEY "saha-analytics-functions"

static const char * const segment_names[] = {
  [SAHA_SEGMENT_NONE] = "none",
  [SAHA_SEGMENT_CHAMPIONS] = "champions",
  [SAHA_SEGMENT_LOYAL] = "loyal",
  [SAHA_SEGMENT_POTENTIAL] = "potential",
  [SAHA_SEGMENT_NEW] = "new",
  [SAHA_SEGMENT_AT_RISK] = "at_risk",
  [SAHA_SEGMENT_HIBERNATING] = "hibernating",
  [SAHA_SEGMENT_LOST] = "lost",
};

/**
 * saha_segment_to_string:
 * @segment: an RFM segment
 *
 * Returns: (transfer none): the segment's name ("none", "champions", ...), the same as
 *   campaign.segment's choices; static
 */
const char *
saha_segment_to_string (SahaSegment segment)
{
  g_return_val_if_fail ((guint) segment < G_N_ELEMENTS (segment_names), NULL);

  return segment_names[segment];
}

/**
 * saha_segment_from_string:
 * @name: (nullable): a segment name
 * @segment: (out): the segment named
 *
 * Returns: %TRUE when @name is one of the names of saha_segment_to_string()
 */
gboolean
saha_segment_from_string (const char  *name,
                          SahaSegment *segment)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (segment_names); i++)
    if (strcmp (segment_names[i], name) == 0)
      {
        *segment = (SahaSegment) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * saha_customer_rfm_free:
 * @rfm: (nullable): a customer's RFM values
 *
 * Frees @rfm and its strings.
 */
void
saha_customer_rfm_free (SahaCustomerRfm *rfm)
{
  if (rfm == NULL)
    return;
  g_free (rfm->customer_id);
  g_free (rfm->name);
  g_free (rfm->last_order_at);
  g_free (rfm);
}

/**
 * saha_customer_profit_free:
 * @profit: (nullable): a customer's profit
 *
 * Frees @profit and its strings.
 */
void
saha_customer_profit_free (SahaCustomerProfit *profit)
{
  if (profit == NULL)
    return;
  g_free (profit->customer_id);
  g_free (profit->name);
  g_free (profit);
}

/**
 * saha_campaign_member_free:
 * @member: (nullable): a campaign recipient
 *
 * Frees @member and its strings.
 */
void
saha_campaign_member_free (SahaCampaignMember *member)
{
  if (member == NULL)
    return;
  g_free (member->customer_id);
  g_free (member->contact_id);
  g_free (member->customer_name);
  g_free (member->consent_id);
  g_free (member->consent_purpose);
  g_free (member->consent_at);
  g_free (member->name);
  g_free (member->phone);
  g_free (member->email);
  g_free (member->address);
  g_free (member->city);
  g_free (member->language);
  g_free (member);
}

/**
 * saha_suggestion_free:
 * @suggestion: (nullable): a product suggestion
 *
 * Frees @suggestion and its strings.
 */
void
saha_suggestion_free (SahaSuggestion *suggestion)
{
  if (suggestion == NULL)
    return;
  g_free (suggestion->product_id);
  g_free (suggestion->sku);
  g_free (suggestion->name);
  g_free (suggestion);
}

/**
 * saha_exclusion_to_string:
 * @exclusion: why a customer does not get a campaign's message
 *
 * Returns: (transfer none): its name ("member", "opted_out", ...); static
 */
const char *
saha_exclusion_to_string (SahaExclusion exclusion)
{
  switch (exclusion)
    {
    case SAHA_EXCLUSION_NONE:
      return "member";
    case SAHA_EXCLUSION_OPTED_OUT:
      return "opted_out";
    case SAHA_EXCLUSION_NO_PHONE:
      return "no_phone";
    case SAHA_EXCLUSION_NO_EMAIL:
      return "no_email";
    case SAHA_EXCLUSION_NO_ADDRESS:
      return "no_address";
    case SAHA_EXCLUSION_CONSENT_WITHDRAWN:
      return "consent_withdrawn";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * saha_suggestion_reason_to_string:
 * @reason: why a product is suggested
 *
 * Returns: (transfer none): "bought_together" or "segment"; static
 */
const char *
saha_suggestion_reason_to_string (SahaSuggestionReason reason)
{
  return reason == SAHA_SUGGESTION_SEGMENT ? "segment" : "bought_together";
}

/* ---- exact money arithmetic ---- */

/* The order editor's line net (src/core/saha-order-totals.c), with what is stored read
 * leniently: a line without a quantity or price, or wholly discounted, earns nothing. */
/**
 * saha_line_net_revenue:
 * @quantity: the quantity in thousandths
 * @unit_price: the unit price in minor units
 * @discount: the discount in hundredths of a percent
 * @revenue: (out): the line's revenue net of VAT, in minor units
 *
 * Returns: %FALSE when the revenue does not fit in 64 bits
 */
gboolean
saha_line_net_revenue (gint64  quantity,
                       gint64  unit_price,
                       gint64  discount,
                       gint64 *revenue)
{
  if (quantity <= 0 || unit_price <= 0 || discount >= 10000)
    {
      *revenue = 0;
      return TRUE;
    }
  if (discount < 0)
    discount = 0;

  return saha_order_line_net (quantity, unit_price, discount, revenue, NULL);
}

/* saha_line_net(quantity, unit_price, discount_pct): saha_line_net_revenue() for SQL;
 * NULL arguments count as 0 (a line without a price or quantity earns nothing yet). */
static void
line_net_function (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  gint64 revenue;

  if (!saha_line_net_revenue (sqlite3_value_int64 (argv[0]), sqlite3_value_int64 (argv[1]),
                              sqlite3_value_int64 (argv[2]), &revenue))
    {
      sqlite3_result_error (context, "an order line's amount is too large", -1);
      return;
    }
  sqlite3_result_int64 (context, revenue);
}

/* saha_in_set(SET, id): whether the GHashTable bound as SET holds id. */
static void
in_set_function (sqlite3_context  *context,
                 int               argc,
                 sqlite3_value   **argv)
{
  GHashTable *set = sqlite3_value_pointer (argv[0], CUSTOMER_SET_TYPE);
  const char *id = (const char *) sqlite3_value_text (argv[1]);

  sqlite3_result_int (context, set != NULL && id != NULL && g_hash_table_contains (set, id));
}

/* The SQL functions above, once per connection, before any statement uses them:
 * registering a function expires the connection's prepared statements. */
static gboolean
ensure_functions (SahaStore  *self,
                  GError    **error)
{
  sqlite3 *db = saha_store_get_db (self);

  if (g_object_get_data (G_OBJECT (self), FUNCTIONS_KEY) != NULL)
    return TRUE;

  if (sqlite3_create_function (db, "saha_line_net", 3,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               NULL, line_net_function, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function (db, "saha_in_set", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                               NULL, in_set_function, NULL, NULL) != SQLITE_OK)
    {
      saha_store_set_sqlite_error (self, error, "registering the analytics functions");
      return FALSE;
    }

  g_object_set_data (G_OBJECT (self), FUNCTIONS_KEY, GINT_TO_POINTER (1));
  return TRUE;
}

static gboolean
step_done (SahaStore     *self,
           int            rc,
           GError       **error,
           const char    *doing)
{
  if (rc == SQLITE_DONE)
    return TRUE;
  saha_store_set_sqlite_error (self, error, doing);
  return FALSE;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* ---- RFM ---- */

/* The fixed thresholds of docs/crm.md; a value at a threshold gets the higher score. */
static guint
recency_score (gint64 days)
{
  if (days <= 30)
    return 5;
  if (days <= 90)
    return 4;
  if (days <= 180)
    return 3;
  if (days <= 365)
    return 2;
  return 1;
}

static guint
frequency_score (guint orders)
{
  if (orders >= 10)
    return 5;
  if (orders >= 6)
    return 4;
  if (orders >= 3)
    return 3;
  if (orders == 2)
    return 2;
  return 1;
}

static guint
monetary_score (gint64 minor_units)
{
  if (minor_units >= 10000000)   /* 100,000.00 */
    return 5;
  if (minor_units >= 2500000)    /* 25,000.00 */
    return 4;
  if (minor_units >= 1000000)    /* 10,000.00 */
    return 3;
  if (minor_units >= 250000)     /* 2,500.00 */
    return 2;
  return 1;
}

/**
 * saha_customer_rfm_score:
 * @rfm: a customer's RFM values with recency_days, frequency and monetary set
 *
 * Fills the 1..5 scores and the segment of @rfm by the fixed thresholds of docs/crm.md
 * (scores 0 and %SAHA_SEGMENT_NONE when there is no qualifying order).
 */
void
saha_customer_rfm_score (SahaCustomerRfm *rfm)
{
  guint r, f, m;

  g_return_if_fail (rfm != NULL);

  if (rfm->frequency == 0)
    {
      rfm->r_score = rfm->f_score = rfm->m_score = 0;
      rfm->segment = SAHA_SEGMENT_NONE;
      return;
    }

  /* Orders without a date tell nothing of recency: as if they were the oldest. */
  r = rfm->recency_days >= 0 ? recency_score (rfm->recency_days) : 1;
  f = frequency_score (rfm->frequency);
  m = monetary_score (rfm->monetary);
  rfm->r_score = r;
  rfm->f_score = f;
  rfm->m_score = m;

  /* The first rule that matches names the segment (docs/crm.md has the table). */
  if (r >= 4 && f >= 4 && m >= 4)
    rfm->segment = SAHA_SEGMENT_CHAMPIONS;
  else if (r >= 3 && f >= 3)
    rfm->segment = SAHA_SEGMENT_LOYAL;
  else if (r >= 4 && f == 1)
    rfm->segment = SAHA_SEGMENT_NEW;
  else if (r >= 3)
    rfm->segment = SAHA_SEGMENT_POTENTIAL;
  else if (f >= 3)
    rfm->segment = SAHA_SEGMENT_AT_RISK;
  else if (r == 2)
    rfm->segment = SAHA_SEGMENT_HIBERNATING;
  else
    rfm->segment = SAHA_SEGMENT_LOST;
}

static gint64
days_between (const char *timestamp,
              GDateTime  *now)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) then = timestamp ? g_date_time_new_from_iso8601 (timestamp, utc) : NULL;
  GTimeSpan span;

  if (then == NULL)
    return -1;
  span = g_date_time_difference (now, then);
  /* An order dated in the future (a clock off on some device) is as recent as today. */
  return span <= 0 ? 0 : span / G_TIME_SPAN_DAY;
}

/* Every live customer's RFM values, sorted by name then id; also indexed by id in
 * @by_id when given (the array owns the values). */
/* One status's qualifying orders per customer, in customer order: the (status, deleted,
 * customer, ...) index walks them that way, so grouping needs no sort. Each order sums its
 * own lines through order_line_sale (0004-crm.sql), so an order without lines still counts
 * as an order; a line without a price of its own takes its product's current price. */
#define ORDERS_OF_STATUS(status, extra) \
  "SELECT o.customer, max(o.ordered_at), count(*), " \
  " sum((SELECT sum(saha_line_net(l.quantity, coalesce(l.unit_price, " \
  "        (SELECT p.unit_price FROM product AS p WHERE p.id = l.product)), l.discount_pct)) " \
  "      FROM order_line AS l WHERE l.\"order\" = o.id AND l.deleted = 0)) " \
  "FROM \"order\" AS o WHERE o.status = '" status "' AND o.deleted = 0" extra \
  " GROUP BY o.customer ORDER BY o.customer"
#define LIVE_CUSTOMER " AND EXISTS (SELECT 1 FROM customer AS c WHERE c.id = o.customer AND c.deleted = 0)"

/* The qualifying statuses (QUALIFYING), each its own statement: the streams are read side
 * by side, and a store keeps one prepared statement per SQL text. */
static const char * const orders_of_status[2][2] = {
  { ORDERS_OF_STATUS ("confirmed", ""), ORDERS_OF_STATUS ("delivered", "") },
  { ORDERS_OF_STATUS ("confirmed", LIVE_CUSTOMER), ORDERS_OF_STATUS ("delivered", LIVE_CUSTOMER) },
};

/* One row per customer with qualifying orders (only live customers the replica holds with
 * @live_only), given to @func with its last order, frequency and monetary value. The
 * statuses are read as sorted streams and merged here: a GROUP BY over both sorted every
 * qualifying order in memory (30 MB and more with 100,000 customers). */
static gboolean
each_ordering_customer (SahaStore         *self,
                        GDateTime         *now,
                        gboolean           live_only,
                        SahaStoreRfmFunc   func,
                        gpointer           user_data,
                        GError           **error)
{
  SahaStoreStmt *streams[G_N_ELEMENTS (orders_of_status[0])] = { NULL, };
  gboolean more[G_N_ELEMENTS (orders_of_status[0])];
  gboolean ok = FALSE;
  guint n = G_N_ELEMENTS (orders_of_status[0]);

  for (guint k = 0; k < n; k++)
    {
      int rc;

      streams[k] = saha_store_prepare (self, orders_of_status[live_only ? 1 : 0][k], error);
      if (streams[k] == NULL)
        goto out;
      rc = sqlite3_step (streams[k]);
      more[k] = rc == SQLITE_ROW;
      if (!more[k] && !step_done (self, rc, error, "reading orders"))
        goto out;
    }

  for (;;)
    {
      const char *customer = NULL;
      SahaCustomerRfm rfm = { 0 };
      g_autofree char *customer_id = NULL;
      g_autofree char *last_order_at = NULL;

      /* The smallest customer id at the head of a stream... */
      for (guint k = 0; k < n; k++)
        if (more[k])
          {
            const char *head = (const char *) sqlite3_column_text (streams[k], 0);

            if (customer == NULL || g_strcmp0 (head, customer) < 0)
              customer = head;
          }
      if (customer == NULL)
        break;
      customer_id = g_strdup (customer);

      /* ...adds up the rows of every stream that has it, and moves them on. */
      for (guint k = 0; k < n; k++)
        {
          const char *at;
          int rc;

          if (!more[k] || g_strcmp0 ((const char *) sqlite3_column_text (streams[k], 0), customer_id) != 0)
            continue;
          at = (const char *) sqlite3_column_text (streams[k], 1);
          if (at != NULL && g_strcmp0 (at, last_order_at) > 0)
            {
              g_free (last_order_at);
              last_order_at = g_strdup (at);
            }
          rfm.frequency += sqlite3_column_int (streams[k], 2);
          /* NULL when no order has a line: nothing earned. */
          rfm.monetary += sqlite3_column_int64 (streams[k], 3);
          rc = sqlite3_step (streams[k]);
          more[k] = rc == SQLITE_ROW;
          if (!more[k] && !step_done (self, rc, error, "reading orders"))
            goto out;
        }

      rfm.customer_id = customer_id;
      rfm.last_order_at = last_order_at;
      rfm.recency_days = days_between (last_order_at, now);
      if (!func (&rfm, user_data, error))
        goto out;
    }
  ok = TRUE;

out:
  for (guint k = 0; k < n; k++)
    if (streams[k] != NULL)
      sqlite3_reset (streams[k]);
  return ok;
}

/* Copies an ordering customer's figures into its entry of the index (a GHashTable of
 * customer id to SahaCustomerRfm). */
static gboolean
fill_rfm (const SahaCustomerRfm  *row,
          gpointer                user_data,
          GError                **error)
{
  SahaCustomerRfm *rfm = g_hash_table_lookup (user_data, row->customer_id);

  /* Orders of a customer the replica does not hold (or a tombstone) stay out. */
  if (rfm == NULL)
    return TRUE;
  rfm->last_order_at = g_strdup (row->last_order_at);
  rfm->frequency = row->frequency;
  rfm->monetary = row->monetary;
  rfm->recency_days = row->recency_days;
  return TRUE;
}

gboolean
saha_store_each_customer_rfm (SahaStore         *self,
                              GDateTime         *now,
                              SahaStoreRfmFunc   func,
                              gpointer           user_data,
                              GError           **error)
{
  g_autoptr(GDateTime) current = NULL;

  if (!ensure_functions (self, error))
    return FALSE;
  if (now == NULL)
    now = current = g_date_time_new_now_utc ();
  return each_ordering_customer (self, now, TRUE, func, user_data, error);
}

static GPtrArray *
compute_segments (SahaStore   *self,
                  GDateTime   *now,
                  GHashTable **by_id,
                  GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_customer_rfm_free);
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) current = NULL;
  g_autoptr(SahaStoreStmt) customers = NULL;
  int rc;

  if (!ensure_functions (self, error))
    return NULL;
  if (now == NULL)
    now = current = g_date_time_new_now_utc ();

  customers = saha_store_prepare (self, "SELECT id, \"name\" FROM customer WHERE deleted = 0 "
                                  "ORDER BY \"name\" COLLATE " SAHA_COLLATION_NAME ", id", error);
  if (customers == NULL)
    return NULL;
  while ((rc = sqlite3_step (customers)) == SQLITE_ROW)
    {
      SahaCustomerRfm *rfm = g_new0 (SahaCustomerRfm, 1);

      rfm->customer_id = column_dup (customers, 0);
      rfm->name = column_dup (customers, 1);
      rfm->recency_days = -1;
      g_ptr_array_add (result, rfm);
      g_hash_table_insert (index, rfm->customer_id, rfm);
    }
  if (!step_done (self, rc, error, "reading customers"))
    return NULL;

  if (!each_ordering_customer (self, now, FALSE, fill_rfm, index, error))
    return NULL;

  for (guint i = 0; i < result->len; i++)
    saha_customer_rfm_score (g_ptr_array_index (result, i));

  if (by_id != NULL)
    *by_id = g_steal_pointer (&index);
  return g_steal_pointer (&result);
}

/**
 * saha_store_compute_segments:
 * @self: a store
 * @now: (nullable): the time recency is counted to; %NULL for now
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Computes every live customer's RFM values and segment. Blocks; call from the thread
 * that owns @self.
 *
 * Returns: (transfer full) (element-type SahaCustomerRfm) (nullable): the customers sorted
 *   by name then id, or %NULL with @error set
 */
GPtrArray *
saha_store_compute_segments (SahaStore  *self,
                             GDateTime  *now,
                             GError    **error)
{
  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);

  return compute_segments (self, now, NULL, error);
}

/* ---- profitability ---- */

/**
 * saha_store_get_hourly_rate:
 * @self: a store
 * @hourly_rate: (out): the "hourly_rate" setting in minor units, 0 when it is unset
 * @error: return location for %SAHA_STORE_ERROR_INVALID when the setting is not an amount
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_get_hourly_rate (SahaStore  *self,
                            gint64     *hourly_rate,
                            GError    **error)
{
  g_autofree char *value = saha_store_get_setting (self, "hourly_rate");
  g_autoptr(GError) local_error = NULL;

  *hourly_rate = 0;
  if (value == NULL)
    return TRUE;
  if (!saha_money_parse (value, hourly_rate, &local_error) || *hourly_rate < 0)
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                   "the hourly_rate setting \"%s\" is not an amount like 600.00", value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_date (const char  *date,
            const char  *what,
            GError     **error)
{
  static const SahaFieldDef date_field = { .name = "date", .type = SAHA_FIELD_DATE };
  g_autofree char *canonical = NULL;
  g_autoptr(GError) local_error = NULL;

  if (date == NULL)
    return TRUE;
  if (!saha_field_normalize (&date_field, date, &canonical, &local_error) ||
      g_strcmp0 (canonical, date) != 0)
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                   "%s \"%s\" is not a date like 2026-11-25", what, date);
      return FALSE;
    }
  return TRUE;
}

static void
bind_optional_text (sqlite3_stmt *stmt,
                    int           index,
                    const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static int
compare_profit (gconstpointer a,
                gconstpointer b)
{
  const SahaCustomerProfit *pa = *(SahaCustomerProfit * const *) a;
  const SahaCustomerProfit *pb = *(SahaCustomerProfit * const *) b;
  int by_name;

  if (pa->profit != pb->profit)
    return pa->profit > pb->profit ? -1 : 1;
  by_name = saha_collation_compare (pa->name, pb->name);
  return by_name != 0 ? by_name : g_strcmp0 (pa->customer_id, pb->customer_id);
}

/**
 * saha_store_compute_profitability:
 * @self: a store
 * @from: (nullable): the first date counted, "YYYY-MM-DD"; %NULL for an open start
 * @to: (nullable): the last date counted, "YYYY-MM-DD"; %NULL for an open end
 * @hourly_rate: labour's cost per hour, in minor units
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_INVALID for a bad
 *   date, %SAHA_STORE_ERROR_DATABASE when SQLite fails
 *
 * Every live customer's revenue, costs and profit over the dates. Blocks; call from the
 * thread that owns @self.
 *
 * Returns: (transfer full) (element-type SahaCustomerProfit) (nullable): by profit
 *   descending, then name and id; %NULL with @error set
 */
GPtrArray *
saha_store_compute_profitability (SahaStore   *self,
                                  const char  *from,
                                  const char  *to,
                                  gint64       hourly_rate,
                                  GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_customer_profit_free);
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SahaStoreStmt) customers = NULL;
  g_autoptr(SahaStoreStmt) sales = NULL;
  g_autoptr(SahaStoreStmt) calls = NULL;
  int rc;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);

  if (!check_date (from, "from", error) || !check_date (to, "to", error))
    return NULL;
  if (hourly_rate < 0)
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                   "the hourly rate cannot be negative");
      return NULL;
    }
  if (!ensure_functions (self, error))
    return NULL;

  customers = saha_store_prepare (self, "SELECT id, \"name\" FROM customer WHERE deleted = 0 "
                                  "ORDER BY \"name\" COLLATE " SAHA_COLLATION_NAME ", id", error);
  if (customers == NULL)
    return NULL;
  while ((rc = sqlite3_step (customers)) == SQLITE_ROW)
    {
      SahaCustomerProfit *profit = g_new0 (SahaCustomerProfit, 1);

      profit->customer_id = column_dup (customers, 0);
      profit->name = column_dup (customers, 1);
      g_ptr_array_add (result, profit);
      g_hash_table_insert (index, profit->customer_id, profit);
    }
  if (!step_done (self, rc, error, "reading customers"))
    return NULL;

  /* An order is in the period by the UTC date of ordered_at; with a period, undated
   * orders are in none. Product cost is the product's current cost_price per line,
   * rounded per line like revenue. */
  sales = saha_store_prepare (self,
                              "SELECT o.customer, "
                              "  sum(saha_line_net(l.quantity, coalesce(l.unit_price, p.unit_price), l.discount_pct)), "
                              "  sum(saha_line_net(l.quantity, p.cost_price, 0)) "
                              "FROM \"order\" AS o "
                              "JOIN order_line AS l ON l.\"order\" = o.id AND l.deleted = 0 "
                              "LEFT JOIN product AS p ON p.id = l.product "
                              "WHERE " QUALIFYING " "
                              "AND (?1 IS NULL OR substr(o.ordered_at, 1, 10) >= ?1) "
                              "AND (?2 IS NULL OR substr(o.ordered_at, 1, 10) <= ?2) "
                              "GROUP BY o.customer", error);
  if (sales == NULL)
    return NULL;
  bind_optional_text (sales, 1, from);
  bind_optional_text (sales, 2, to);
  while ((rc = sqlite3_step (sales)) == SQLITE_ROW)
    {
      SahaCustomerProfit *profit = g_hash_table_lookup (index, sqlite3_column_text (sales, 0));

      if (profit == NULL)
        continue;
      profit->revenue = sqlite3_column_int64 (sales, 1);
      profit->product_cost = sqlite3_column_int64 (sales, 2);
    }
  if (!step_done (self, rc, error, "summing orders"))
    return NULL;

  /* A call is in the period by its resolved_at, or scheduled_at while it is not resolved;
   * cancelled calls cost nothing. Labour is rounded per call, parts per part line. */
  calls = saha_store_prepare (self,
                              "SELECT c.customer, c.labour_minutes, "
                              "  (SELECT sum(saha_line_net(sp.quantity, p.cost_price, 0)) "
                              "   FROM service_part AS sp LEFT JOIN product AS p ON p.id = sp.product "
                              "   WHERE sp.service_call = c.id AND sp.deleted = 0) "
                              "FROM service_call AS c "
                              "WHERE c.deleted = 0 AND coalesce(c.status, '') <> 'cancelled' "
                              "AND (?1 IS NULL OR substr(coalesce(c.resolved_at, c.scheduled_at), 1, 10) >= ?1) "
                              "AND (?2 IS NULL OR substr(coalesce(c.resolved_at, c.scheduled_at), 1, 10) <= ?2)",
                              error);
  if (calls == NULL)
    return NULL;
  bind_optional_text (calls, 1, from);
  bind_optional_text (calls, 2, to);
  while ((rc = sqlite3_step (calls)) == SQLITE_ROW)
    {
      SahaCustomerProfit *profit = g_hash_table_lookup (index, sqlite3_column_text (calls, 0));
      gint64 minutes = sqlite3_column_int64 (calls, 1);
      gint64 labour = 0;

      if (profit == NULL)
        continue;
      if (minutes > 0 &&
          !saha_money_scale (minutes, hourly_rate, 60, &labour))
        {
          g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                       "the labour cost of a service call is too large");
          return NULL;
        }
      profit->service_cost += labour + sqlite3_column_int64 (calls, 2);
    }
  if (!step_done (self, rc, error, "summing service calls"))
    return NULL;

  for (guint i = 0; i < result->len; i++)
    {
      SahaCustomerProfit *profit = g_ptr_array_index (result, i);

      profit->cost = profit->product_cost + profit->service_cost;
      profit->profit = profit->revenue - profit->cost;
    }
  g_ptr_array_sort (result, compare_profit);

  return g_steal_pointer (&result);
}

/* ---- campaigns ---- */

typedef struct
{
  char *phone;
  char *email;
  char *address;
  char *city;
  char *opt_out;
  char *language;
} ContactDetails;

static void
contact_details_clear (ContactDetails *details)
{
  g_free (details->phone);
  g_free (details->email);
  g_free (details->address);
  g_free (details->city);
  g_free (details->opt_out);
  g_free (details->language);
}

static void
contact_details_free (ContactDetails *details)
{
  contact_details_clear (details);
  g_free (details);
}

/* The customers with a qualifying order holding a line of @product_id. */
static GHashTable *
customers_who_bought (SahaStore   *self,
                      const char  *product_id,
                      GError     **error)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(SahaStoreStmt) stmt = NULL;
  int rc;

  stmt = saha_store_prepare (self,
                             "SELECT DISTINCT o.customer FROM order_line AS l "
                             "JOIN \"order\" AS o ON o.id = l.\"order\" "
                             "WHERE l.product = ? AND l.deleted = 0 AND " QUALIFYING,
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, product_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (set, column_dup (stmt, 0));
  if (!step_done (self, rc, error, "finding buyers"))
    return NULL;

  return g_steal_pointer (&set);
}

static gboolean
list_contains (const char *list,
               const char *item)
{
  g_auto(GStrv) items = NULL;

  if (list == NULL || item == NULL)
    return FALSE;
  items = g_strsplit (list, ",", -1);
  return g_strv_contains ((const char * const *) items, item);
}

static SahaExclusion
channel_exclusion (const ContactDetails *details,
                   const char           *channel,
                   GPtrArray            *consents,
                   const SahaConsent   **withdrawal)
{
  if (list_contains (details->opt_out, channel))
    return SAHA_EXCLUSION_OPTED_OUT;
  *withdrawal = saha_consent_find_withdrawal (consents, NULL, channel);
  if (*withdrawal != NULL)
    return SAHA_EXCLUSION_CONSENT_WITHDRAWN;
  if ((g_strcmp0 (channel, "phone") == 0 || g_strcmp0 (channel, "sms") == 0) &&
      details->phone == NULL)
    return SAHA_EXCLUSION_NO_PHONE;
  if (g_strcmp0 (channel, "email") == 0 && details->email == NULL)
    return SAHA_EXCLUSION_NO_EMAIL;
  if (g_strcmp0 (channel, "visit") == 0 && details->address == NULL)
    return SAHA_EXCLUSION_NO_ADDRESS;
  return SAHA_EXCLUSION_NONE;
}

/* Cities typed as "İSTANBUL", "istanbul" and " İstanbul" are one city. */
static gboolean
same_city (const char *a,
           const char *b)
{
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  fa = saha_text_fold_turkish (a);
  fb = saha_text_fold_turkish (b);
  return g_strcmp0 (g_strstrip (fa), g_strstrip (fb)) == 0;
}

/* A campaign's target but for its products: every field that is set must match. */
typedef struct
{
  const char  *segment_name;
  SahaSegment  segment;
  const char  *city;
  const char  *before;   /* the last qualifying order's date is before this one */
  const char  *after;
} Target;

/* @campaign's target, its strings owned by @campaign; FALSE for an unknown segment. */
static gboolean
read_target (SahaRecord *campaign,
             Target     *target)
{
  target->segment_name = saha_record_get (campaign, "segment");
  target->segment = SAHA_SEGMENT_NONE;
  target->city = saha_record_get (campaign, "city");
  target->before = saha_record_get (campaign, "last_order_before");
  target->after = saha_record_get (campaign, "last_order_after");
  return target->segment_name == NULL
         || saha_segment_from_string (target->segment_name, &target->segment);
}

static gboolean
in_target (const Target          *target,
           const SahaCustomerRfm *rfm,
           const char            *customer_city)
{
  if (target->segment_name != NULL && rfm->segment != target->segment)
    return FALSE;
  if (target->city != NULL && !same_city (target->city, customer_city))
    return FALSE;
  /* Dates compare with the UTC date of the last qualifying order; a customer who never
   * ordered has no last order, before or after anything. */
  if (target->before != NULL &&
      (rfm->last_order_at == NULL || strncmp (rfm->last_order_at, target->before, 10) >= 0))
    return FALSE;
  if (target->after != NULL &&
      (rfm->last_order_at == NULL || strncmp (rfm->last_order_at, target->after, 10) <= 0))
    return FALSE;
  return TRUE;
}

typedef struct
{
  char *id;
  char *name;
  char *phone;
  char *email;
  char *opt_out;
} ContactPerson;

static void
contact_person_free (ContactPerson *person)
{
  g_free (person->id);
  g_free (person->name);
  g_free (person->phone);
  g_free (person->email);
  g_free (person->opt_out);
  g_free (person);
}

/* Steps @stmt, whose rows have the customer id in column 1, to its end: the items
 * @from_row makes of the rows by customer id (GPtrArray, in row order, freeing them with
 * @free_func), or NULL with @error set. */
static GHashTable *
read_by_customer (SahaStore       *self,
                  sqlite3_stmt    *stmt,
                  gpointer       (*from_row) (sqlite3_stmt *stmt),
                  GDestroyNotify   free_func,
                  const char      *doing,
                  GError         **error)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *customer_id = (const char *) sqlite3_column_text (stmt, 1);
      GPtrArray *group = g_hash_table_lookup (groups, customer_id);

      if (group == NULL)
        {
          group = g_ptr_array_new_with_free_func (free_func);
          g_hash_table_insert (groups, g_strdup (customer_id), group);
        }
      g_ptr_array_add (group, from_row (stmt));
    }
  if (!step_done (self, rc, error, doing))
    return NULL;

  return g_steal_pointer (&groups);
}

static gpointer
consent_from_row (sqlite3_stmt *stmt)
{
  SahaConsent *consent = g_new0 (SahaConsent, 1);

  consent->id = column_dup (stmt, 0);
  consent->customer = column_dup (stmt, 1);
  consent->contact = column_dup (stmt, 2);
  consent->purpose = column_dup (stmt, 3);
  consent->state = column_dup (stmt, 4);
  consent->at = column_dup (stmt, 5);
  consent->method = column_dup (stmt, 6);
  return consent;
}

/* Every live consent, or customer @customer_id's when it is not NULL, by customer id
 * (GPtrArray of SahaConsent*, oldest first). */
static GHashTable *
read_consents (SahaStore   *self,
               const char  *customer_id,
               GError     **error)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;

  stmt = saha_store_prepare (self,
                             "SELECT id, customer, contact, purpose, state, at, method "
                             "FROM consent WHERE deleted = 0 AND customer IS NOT NULL "
                             "AND (?1 IS NULL OR customer = ?1) ORDER BY at, id", error);
  if (stmt == NULL)
    return NULL;
  if (customer_id != NULL)
    sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  return read_by_customer (self, stmt, consent_from_row, (GDestroyNotify) saha_consent_free,
                           "reading consents", error);
}

/**
 * saha_store_list_consents:
 * @self: a store
 * @customer_id: a customer's id
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Returns: (transfer full) (element-type SahaConsent) (nullable): the customer's live
 *   consent statements, oldest first, or %NULL with @error set
 */
GPtrArray *
saha_store_list_consents (SahaStore   *self,
                          const char  *customer_id,
                          GError     **error)
{
  g_autoptr(GHashTable) groups = NULL;
  GPtrArray *group;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  groups = read_consents (self, customer_id, error);
  if (groups == NULL)
    return NULL;
  group = g_hash_table_lookup (groups, customer_id);
  if (group == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) saha_consent_free);
  return g_ptr_array_ref (group);
}

static gpointer
contact_person_from_row (sqlite3_stmt *stmt)
{
  ContactPerson *person = g_new0 (ContactPerson, 1);

  person->id = column_dup (stmt, 0);
  person->name = column_dup (stmt, 2);
  person->phone = column_dup (stmt, 3);
  person->email = column_dup (stmt, 4);
  person->opt_out = column_dup (stmt, 5);
  return person;
}

/* Every live contact person (of @customer_id alone, unless NULL), by customer id (GPtrArray of ContactPerson*, by name). */
static GHashTable *
read_contact_persons (SahaStore   *self,
                      const char  *customer_id,
                      GError     **error)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;

  stmt = saha_store_prepare (self,
                             "SELECT id, customer, name, phone, email, opt_out FROM contact "
                             "WHERE deleted = 0 AND customer IS NOT NULL "
                             "AND (?1 IS NULL OR customer = ?1) ORDER BY name, id",
                             error);
  if (stmt == NULL)
    return NULL;
  if (customer_id != NULL)
    sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  return read_by_customer (self, stmt, contact_person_from_row,
                           (GDestroyNotify) contact_person_free, "reading contact persons",
                           error);
}

static void
set_withdrawal (SahaCampaignMember *member,
                const SahaConsent  *withdrawal)
{
  if (withdrawal == NULL)
    return;
  member->consent_id = g_strdup (withdrawal->id);
  member->consent_purpose = g_strdup (withdrawal->purpose);
  member->consent_at = g_strdup (withdrawal->at);
}

/* A contact person is a recipient of phone, sms and e-mail campaigns when they have the
 * channel's address; the customer's opt-outs and consents bind them too (a company that
 * said no to SMS said it for its people), and so do their own. */
static void
add_contact_persons (GPtrArray            *persons,
                     const ContactDetails *customer,
                     const char           *customer_id,
                     const char           *customer_name,
                     const char           *channel,
                     GPtrArray            *consents,
                     GPtrArray            *in,
                     GPtrArray            *out)
{
  gboolean by_phone = g_strcmp0 (channel, "phone") == 0 || g_strcmp0 (channel, "sms") == 0;
  gboolean by_email = g_strcmp0 (channel, "email") == 0;

  if (persons == NULL || (!by_phone && !by_email))
    return;
  for (guint i = 0; i < persons->len; i++)
    {
      ContactPerson *person = g_ptr_array_index (persons, i);
      const SahaConsent *withdrawal = NULL;
      SahaCampaignMember *member;
      SahaExclusion exclusion = SAHA_EXCLUSION_NONE;

      if ((by_phone && person->phone == NULL) || (by_email && person->email == NULL))
        continue;
      if (list_contains (customer->opt_out, channel) || list_contains (person->opt_out, channel))
        exclusion = SAHA_EXCLUSION_OPTED_OUT;
      else if ((withdrawal = saha_consent_find_withdrawal (consents, person->id, channel)) != NULL)
        exclusion = SAHA_EXCLUSION_CONSENT_WITHDRAWN;

      member = g_new0 (SahaCampaignMember, 1);
      member->customer_id = g_strdup (customer_id);
      member->contact_id = g_strdup (person->id);
      member->customer_name = g_strdup (customer_name);
      member->name = g_strdup (person->name);
      member->phone = g_strdup (person->phone);
      member->email = g_strdup (person->email);
      member->city = g_strdup (customer->city);
      member->language = g_strdup (customer->language);
      member->exclusion = exclusion;
      set_withdrawal (member, withdrawal);
      g_ptr_array_add (exclusion == SAHA_EXCLUSION_NONE ? in : out, member);
    }
}

/**
 * saha_store_campaign_members:
 * @self: a store
 * @campaign_id: a campaign's id
 * @now: (nullable): the time segments and consents are evaluated at; %NULL for now
 * @members: (out) (transfer full) (element-type SahaCampaignMember): who receives it
 * @excluded: (out) (transfer full) (element-type SahaCampaignMember): who is in the target
 *   but left out by the channel rules
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_NOT_FOUND for no such
 *   live campaign, %SAHA_STORE_ERROR_INVALID for a campaign whose target cannot be read,
 *   %SAHA_STORE_ERROR_DATABASE when SQLite fails
 *
 * Evaluates a campaign's target over the replica (see saha-store-analytics.h). Blocks;
 * call from the thread that owns @self.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_campaign_members (SahaStore   *self,
                             const char  *campaign_id,
                             GDateTime   *now,
                             GPtrArray  **members,
                             GPtrArray  **excluded,
                             GError     **error)
{
  g_autoptr(SahaRecord) campaign = NULL;
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GPtrArray) in = NULL;
  g_autoptr(GPtrArray) out = NULL;
  g_autoptr(GHashTable) details = NULL;
  g_autoptr(GHashTable) bought = NULL;
  g_autoptr(GHashTable) not_bought = NULL;
  g_autoptr(GHashTable) consents = NULL;
  g_autoptr(GHashTable) persons = NULL;
  g_autoptr(SahaStoreStmt) stmt = NULL;
  const char *channel;
  Target target;
  int rc;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (members != NULL && excluded != NULL, FALSE);

  campaign = saha_store_get (self, "campaign", campaign_id, error);
  if (campaign == NULL)
    return FALSE;
  if (saha_record_is_deleted (campaign))
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND,
                   "campaign %s is deleted", campaign_id);
      return FALSE;
    }

  channel = saha_record_get (campaign, "channel");
  if (!read_target (campaign, &target))
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                   "campaign %s has an unknown segment \"%s\"", campaign_id,
                   target.segment_name);
      return FALSE;
    }
  if (channel == NULL)
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                   "campaign %s has no channel", campaign_id);
      return FALSE;
    }

  customers = compute_segments (self, now, NULL, error);
  if (customers == NULL)
    return FALSE;

  if (saha_record_get (campaign, "bought_product") != NULL &&
      (bought = customers_who_bought (self, saha_record_get (campaign, "bought_product"),
                                      error)) == NULL)
    return FALSE;
  if (saha_record_get (campaign, "not_bought_product") != NULL &&
      (not_bought = customers_who_bought (self, saha_record_get (campaign, "not_bought_product"),
                                          error)) == NULL)
    return FALSE;

  details = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) contact_details_free);
  stmt = saha_store_prepare (self, "SELECT id, phone, email, address, city, opt_out, \"language\" "
                             "FROM customer WHERE deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ContactDetails *d = g_new0 (ContactDetails, 1);

      d->phone = column_dup (stmt, 1);
      d->email = column_dup (stmt, 2);
      d->address = column_dup (stmt, 3);
      d->city = column_dup (stmt, 4);
      d->opt_out = column_dup (stmt, 5);
      d->language = column_dup (stmt, 6);
      g_hash_table_insert (details, column_dup (stmt, 0), d);
    }
  if (!step_done (self, rc, error, "reading customers"))
    return FALSE;
  consents = read_consents (self, NULL, error);
  if (consents == NULL)
    return FALSE;
  persons = read_contact_persons (self, NULL, error);
  if (persons == NULL)
    return FALSE;

  in = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_campaign_member_free);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_campaign_member_free);
  for (guint i = 0; i < customers->len; i++)
    {
      SahaCustomerRfm *rfm = g_ptr_array_index (customers, i);
      ContactDetails *d = g_hash_table_lookup (details, rfm->customer_id);
      SahaCampaignMember *member;
      SahaExclusion exclusion;
      GPtrArray *customer_consents;
      const SahaConsent *withdrawal = NULL;

      if (d == NULL)
        continue;
      /* The target: every target field that is set must match. */
      if (!in_target (&target, rfm, d->city))
        continue;
      if (bought != NULL && !g_hash_table_contains (bought, rfm->customer_id))
        continue;
      if (not_bought != NULL && g_hash_table_contains (not_bought, rfm->customer_id))
        continue;

      customer_consents = g_hash_table_lookup (consents, rfm->customer_id);
      exclusion = channel_exclusion (d, channel, customer_consents, &withdrawal);
      member = g_new0 (SahaCampaignMember, 1);
      member->customer_id = g_strdup (rfm->customer_id);
      member->customer_name = g_strdup (rfm->name);
      set_withdrawal (member, withdrawal);
      member->name = g_strdup (rfm->name);
      member->phone = g_strdup (d->phone);
      member->email = g_strdup (d->email);
      member->address = g_strdup (d->address);
      member->city = g_strdup (d->city);
      member->language = g_strdup (d->language);
      member->exclusion = exclusion;
      g_ptr_array_add (exclusion == SAHA_EXCLUSION_NONE ? in : out, member);
      add_contact_persons (g_hash_table_lookup (persons, rfm->customer_id), d,
                           rfm->customer_id, rfm->name, channel, customer_consents, in, out);
    }

  *members = g_steal_pointer (&in);
  *excluded = g_steal_pointer (&out);
  return TRUE;
}

/* ---- one customer's segment and campaigns ---- */

/**
 * saha_store_customer_rfm:
 * @self: a store
 * @customer_id: a customer's id
 * @now: (nullable): the time recency is counted to; %NULL for now
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * One customer's RFM values and segment, from their own qualifying orders: the same
 * figures saha_store_compute_segments() gives them, without reading anyone else's
 * (segments have fixed thresholds). Blocks; call from the thread that owns @self.
 *
 * Returns: (transfer full) (nullable): the values (name unset; free with
 *   saha_customer_rfm_free()), or %NULL with @error set
 */
SahaCustomerRfm *
saha_store_customer_rfm (SahaStore   *self,
                         const char  *customer_id,
                         GDateTime   *now,
                         GError     **error)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;
  g_autoptr(GDateTime) current = NULL;
  SahaCustomerRfm *rfm;
  int rc;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  if (!ensure_functions (self, error))
    return NULL;
  if (now == NULL)
    now = current = g_date_time_new_now_utc ();

  /* As ORDERS_OF_STATUS, for both qualifying statuses of one customer at once. */
  stmt = saha_store_prepare (self,
                             "SELECT max(o.ordered_at), count(*), "
                             " sum((SELECT sum(saha_line_net(l.quantity, coalesce(l.unit_price, "
                             "        (SELECT p.unit_price FROM product AS p WHERE p.id = l.product)), "
                             "        l.discount_pct)) "
                             "      FROM order_line AS l WHERE l.\"order\" = o.id AND l.deleted = 0)) "
                             "FROM \"order\" AS o WHERE o.customer = ? AND " QUALIFYING, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      step_done (self, rc, error, "reading the customer's orders");
      if (error != NULL && *error == NULL)
        g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_DATABASE,
                     "reading the customer's orders gave no row");
      return NULL;
    }

  rfm = g_new0 (SahaCustomerRfm, 1);
  rfm->customer_id = g_strdup (customer_id);
  rfm->frequency = sqlite3_column_int (stmt, 1);
  rfm->monetary = sqlite3_column_int64 (stmt, 2);
  rfm->last_order_at = column_dup (stmt, 0);
  rfm->recency_days = rfm->frequency > 0 ? days_between (rfm->last_order_at, now) : -1;
  saha_customer_rfm_score (rfm);
  return rfm;
}

/* Whether @customer_id has a qualifying order with a line of @product_id. */
static gboolean
customer_bought (SahaStore   *self,
                 const char  *customer_id,
                 const char  *product_id,
                 gboolean    *bought,
                 GError     **error)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;
  int rc;

  stmt = saha_store_prepare (self,
                             "SELECT 1 FROM order_line AS l "
                             "JOIN \"order\" AS o ON o.id = l.\"order\" "
                             "WHERE l.product = ? AND o.customer = ? AND l.deleted = 0 AND "
                             QUALIFYING " LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, product_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, customer_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *bought = rc == SQLITE_ROW;
  return *bought || step_done (self, rc, error, "finding the customer's purchases");
}

/**
 * saha_store_customer_campaigns:
 * @self: a store
 * @customer_id: a customer's id
 * @now: (nullable): the time segments and consents are evaluated at; %NULL for now
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * The live campaigns @customer_id receives, by the rules of saha_store_campaign_members()
 * (the customer or one of their contact persons is among the members), worked out from
 * this customer's own records alone. A campaign whose target cannot be read is left out.
 * Blocks; call from the thread that owns @self.
 *
 * Returns: (transfer full) (element-type SahaRecord) (nullable): the campaigns sorted like
 *   saha_store_list() sorts them (empty for a customer not in the replica or deleted), or
 *   %NULL with @error set
 */
GPtrArray *
saha_store_customer_campaigns (SahaStore   *self,
                               const char  *customer_id,
                               GDateTime   *now,
                               GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_record_unref);
  g_autoptr(SahaCustomerRfm) rfm = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GHashTable) consents = NULL;
  g_autoptr(GHashTable) persons = NULL;
  g_autoptr(SahaStoreStmt) stmt = NULL;
  g_autofree char *name = NULL;
  ContactDetails details = { 0 };
  GPtrArray *customer_consents;
  int rc;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  stmt = saha_store_prepare (self, "SELECT phone, email, address, city, opt_out, \"language\", "
                             "\"name\" FROM customer WHERE id = ? AND deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, customer_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return step_done (self, rc, error, "reading the customer") ? g_steal_pointer (&result) : NULL;
  details.phone = column_dup (stmt, 0);
  details.email = column_dup (stmt, 1);
  details.address = column_dup (stmt, 2);
  details.city = column_dup (stmt, 3);
  details.opt_out = column_dup (stmt, 4);
  details.language = column_dup (stmt, 5);
  name = column_dup (stmt, 6);
  sqlite3_reset (stmt);

  if ((rfm = saha_store_customer_rfm (self, customer_id, now, error)) == NULL
      || (consents = read_consents (self, customer_id, error)) == NULL
      || (persons = read_contact_persons (self, customer_id, error)) == NULL
      || (campaigns = saha_store_list (self, "campaign", NULL, error)) == NULL)
    goto fail;
  customer_consents = g_hash_table_lookup (consents, customer_id);

  for (guint i = 0; i < campaigns->len; i++)
    {
      SahaRecord *campaign = g_ptr_array_index (campaigns, i);
      const char *channel = saha_record_get (campaign, "channel");
      const char *bought_product = saha_record_get (campaign, "bought_product");
      const char *not_bought_product = saha_record_get (campaign, "not_bought_product");
      const SahaConsent *withdrawal = NULL;
      Target target;
      gboolean bought;

      if (channel == NULL || !read_target (campaign, &target))
        continue;
      /* The target, as saha_store_campaign_members() reads it. */
      if (!in_target (&target, rfm, details.city))
        continue;
      if (bought_product != NULL)
        {
          if (!customer_bought (self, customer_id, bought_product, &bought, error))
            goto fail;
          if (!bought)
            continue;
        }
      if (not_bought_product != NULL)
        {
          if (!customer_bought (self, customer_id, not_bought_product, &bought, error))
            goto fail;
          if (bought)
            continue;
        }

      /* The customer receives it, or else one of their people does. */
      if (channel_exclusion (&details, channel, customer_consents, &withdrawal)
          != SAHA_EXCLUSION_NONE)
        {
          g_autoptr(GPtrArray) in = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_campaign_member_free);
          g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_campaign_member_free);

          add_contact_persons (g_hash_table_lookup (persons, customer_id), &details,
                               customer_id, name, channel, customer_consents, in, out);
          if (in->len == 0)
            continue;
        }
      g_ptr_array_add (result, saha_record_ref (campaign));
    }

  contact_details_clear (&details);
  return g_steal_pointer (&result);

fail:
  contact_details_clear (&details);
  return NULL;
}

/* ---- cross-sell ---- */

/* Appends the suggestions @stmt yields (product id, sku, name, score), skipping those in
 * @seen, until @results holds @limit. */
static gboolean
collect_suggestions (SahaStore            *self,
                     sqlite3_stmt         *stmt,
                     SahaSuggestionReason  reason,
                     GHashTable           *seen,
                     guint                 limit,
                     GPtrArray            *results,
                     GError              **error)
{
  int rc;

  while (results->len < limit && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      SahaSuggestion *suggestion;
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      if (g_hash_table_contains (seen, id))
        continue;
      suggestion = g_new0 (SahaSuggestion, 1);
      suggestion->product_id = g_strdup (id);
      suggestion->sku = column_dup (stmt, 1);
      suggestion->name = column_dup (stmt, 2);
      suggestion->score = sqlite3_column_int (stmt, 3);
      suggestion->reason = reason;
      g_hash_table_add (seen, suggestion->product_id);
      g_ptr_array_add (results, suggestion);
    }
  if (results->len >= limit)
    return TRUE;
  return step_done (self, rc, error, "finding suggestions");
}

/**
 * saha_store_suggest_products:
 * @self: a store
 * @customer_id: the customer the order is for
 * @product_ids: (array length=n_products) (nullable): the products the order holds already
 * @n_products: the number of @product_ids
 * @limit: the most suggestions returned
 * @now: (nullable): the time the customer's segment is computed at; %NULL for now
 * @results: (out) (transfer full) (element-type SahaSuggestion): the suggestions
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_INVALID for bad
 *   arguments, %SAHA_STORE_ERROR_DATABASE when SQLite fails
 *
 * Products bought together with the order's first, then products of the customer's
 * segment; never one already in the order, nor an inactive or deleted one.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_suggest_products (SahaStore          *self,
                             const char         *customer_id,
                             const char * const *product_ids,
                             guint               n_products,
                             guint               limit,
                             GDateTime          *now,
                             GPtrArray         **results,
                             GError            **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_suggestion_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) in_order = g_string_new ("[");
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  SahaCustomerRfm *self_rfm;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (results != NULL, FALSE);

  if (!saha_id_is_valid (customer_id))
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                   "\"%s\" is not a customer id", customer_id ? customer_id : "");
      return FALSE;
    }
  /* The order's products go to SQL as one bound JSON array for json_each(); ids are
   * checked UUIDs, so they need no escaping inside it. */
  for (guint i = 0; i < n_products; i++)
    {
      if (!saha_id_is_valid (product_ids[i]))
        {
          g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                       "\"%s\" is not a product id", product_ids[i] ? product_ids[i] : "");
          return FALSE;
        }
      g_string_append_printf (in_order, "%s\"%s\"", i > 0 ? "," : "", product_ids[i]);
      g_hash_table_add (seen, (gpointer) product_ids[i]);
    }
  g_string_append_c (in_order, ']');

  if (limit == 0)
    {
      *results = g_steal_pointer (&found);
      return TRUE;
    }
  if (!ensure_functions (self, error))
    return FALSE;

  if (n_products > 0)
    {
      /* Past qualifying orders holding a product of this one: how many of them also
       * hold each other product. order_line_product finds the orders, order_line_sale
       * their other lines. */
      g_autoptr(SahaStoreStmt) together =
        saha_store_prepare (self,
                            "SELECT p.id, p.sku, p.\"name\", x.n FROM "
                            "(SELECT l2.product AS product, count(DISTINCT l2.\"order\") AS n "
                            " FROM order_line AS l1 "
                            " JOIN \"order\" AS o ON o.id = l1.\"order\" "
                            " JOIN order_line AS l2 ON l2.\"order\" = l1.\"order\" AND l2.deleted = 0 "
                            " WHERE l1.product IN (SELECT value FROM json_each (?1)) AND l1.deleted = 0 "
                            " AND " QUALIFYING " "
                            " AND l2.product NOT IN (SELECT value FROM json_each (?1)) "
                            " GROUP BY l2.product) AS x "
                            "JOIN product AS p ON p.id = x.product "
                            "WHERE p.deleted = 0 AND coalesce(p.active, 1) = 1 "
                            "ORDER BY x.n DESC, p.\"name\" COLLATE " SAHA_COLLATION_NAME ", p.id",
                            error);

      if (together == NULL)
        return FALSE;
      sqlite3_bind_text (together, 1, in_order->str, -1, SQLITE_STATIC);
      if (!collect_suggestions (self, together, SAHA_SUGGESTION_BOUGHT_TOGETHER, seen, limit,
                                found, error))
        return FALSE;
    }

  if (found->len < limit)
    {
      g_autoptr(GHashTable) peers = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(SahaStoreStmt) segment = NULL;

      customers = compute_segments (self, now, &by_id, error);
      if (customers == NULL)
        return FALSE;
      self_rfm = g_hash_table_lookup (by_id, customer_id);

      /* A customer with no qualifying order has no segment that buys anything. */
      if (self_rfm != NULL && self_rfm->segment != SAHA_SEGMENT_NONE)
        {
          for (guint i = 0; i < customers->len; i++)
            {
              SahaCustomerRfm *rfm = g_ptr_array_index (customers, i);

              if (rfm->segment == self_rfm->segment && rfm != self_rfm)
                g_hash_table_add (peers, rfm->customer_id);
            }

          segment = saha_store_prepare (self,
                                        "SELECT p.id, p.sku, p.\"name\", x.n FROM "
                                        "(SELECT l.product AS product, count(DISTINCT o.customer) AS n "
                                        " FROM \"order\" AS o "
                                        " JOIN order_line AS l ON l.\"order\" = o.id AND l.deleted = 0 "
                                        " WHERE " QUALIFYING " AND saha_in_set (?1, o.customer) "
                                        " GROUP BY l.product) AS x "
                                        "JOIN product AS p ON p.id = x.product "
                                        "WHERE p.deleted = 0 AND coalesce(p.active, 1) = 1 "
                                        "AND p.id NOT IN (SELECT value FROM json_each (?2)) "
                                        "AND p.id NOT IN (SELECT l.product FROM \"order\" AS o "
                                        "  JOIN order_line AS l ON l.\"order\" = o.id AND l.deleted = 0 "
                                        "  WHERE o.customer = ?3 AND " QUALIFYING ") "
                                        "ORDER BY x.n DESC, p.\"name\" COLLATE "
                                        SAHA_COLLATION_NAME ", p.id", error);
          if (segment == NULL)
            return FALSE;
          sqlite3_bind_pointer (segment, 1, peers, CUSTOMER_SET_TYPE, NULL);
          sqlite3_bind_text (segment, 2, in_order->str, -1, SQLITE_STATIC);
          sqlite3_bind_text (segment, 3, customer_id, -1, SQLITE_STATIC);
          if (!collect_suggestions (self, segment, SAHA_SUGGESTION_SEGMENT, seen, limit, found,
                                    error))
            return FALSE;
          /* The cached statement must not keep a pointer to the set past its life. */
          sqlite3_reset (segment);
          sqlite3_clear_bindings (segment);
        }
    }

  *results = g_steal_pointer (&found);
  return TRUE;
}
