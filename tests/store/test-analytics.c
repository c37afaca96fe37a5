/* test-analytics.c: RFM segments, profitability, campaign members, cross-sell and the knowledge base, by hand-computed figures.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-analytics.h"
#include "saha-store-kb.h"
#include "saha-store-segments-query.h"
#include "store-test.h"

#define NOW "2026-06-30T00:00:00Z"

/*
 * The fixture, as of NOW (docs/crm.md has the thresholds):
 *
 *   products  P1 Kombi 1000.00 (cost 600.00), P2 Filtre 50.00 (20.00), P3 Pompa 300.00
 *             (200.00), P4 Termostat 120.00 (70.00), P5 Eski 10.00 (5.00) inactive
 *
 *   customer  orders (confirmed/delivered)                         R  F  M  segment
 *   A Ayşe    6: 06-20 P1×5+P2, 05-20 P1×5+P2, 04-20 P1×5+P4,      5  4  4  champions
 *             03-20 P1×5+P5, 02-20 P1×5, 01-20 P1×5
 *             = 30000 + 100 + 120 + 10 = 30230.00, last 10 days ago
 *   B Burak   3: P2×3 at 12.5 % off (131.25 each), one also          4  3  1  loyal
 *             1.333 × 10.01 at 15 % off (11.34); last 04-01 = 90 days
 *             = 405.09; plus a draft and a cancelled order (not counted)
 *   C Cem     1: 06-15 P3×1 priced by the product = 300.00          5  1  1  new
 *   D Deniz   2: P4×1 each, last 2025-10-01 = 272 days = 240.00     2  2  1  hibernating
 *   E Emre    1: 2024-01-01 P2×1 = 50.00                            1  1  1  lost
 *   F Fatma   3: P2×2 each, last 2025-03-01 = 486 days = 300.00     1  3  1  at_risk
 *   G Gül     a draft and a cancelled P1+P3 order only                         none
 *   H Hakan   2: P1+P4 each (a P3 line deleted), last 05-01 = 60    4  2  1  potential
 *             days = 2240.00
 *   I Irmak   1: 06-01 P2+P4 = 170.00                               5  1  1  new
 */
typedef struct
{
  SahaStore *store;
  char      *p[6];   /* p[1]..p[5] */
  char      *a, *b, *c, *d, *e, *f, *g, *h, *i;
  char      *call_c;
} Fixture;

static char *
add_order (Fixture    *fx,
           const char *customer,
           const char *status,
           const char *date)
{
  g_autofree char *at = g_strdup_printf ("%sT00:00:00Z", date);

  return store_test_create (fx->store, "order", "customer", customer, "status", status,
                            "ordered_at", at, NULL);
}

static void
add_line (Fixture    *fx,
          const char *order,
          const char *product,
          const char *quantity,
          const char *price,
          const char *discount)
{
  g_free (store_test_create (fx->store, "order_line", "order", order, "product", product,
                             "quantity", quantity, "unit_price", price,
                             "discount_pct", discount, NULL));
}

static char *
add_customer (Fixture    *fx,
              const char *name,
              ...)
{
  g_autoptr(GArray) inputs = g_array_new (FALSE, TRUE, sizeof (SahaFieldInput));
  g_autoptr(GError) error = NULL;
  SahaFieldInput name_input = { "name", name };
  SahaFieldInput kind_input = { "kind", "company" };
  const char *field;
  char *id;
  va_list args;

  g_array_append_val (inputs, name_input);
  g_array_append_val (inputs, kind_input);
  va_start (args, name);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      SahaFieldInput input = { field, va_arg (args, const char *) };

      g_array_append_val (inputs, input);
    }
  va_end (args);

  id = saha_store_create (fx->store, "customer", (SahaFieldInput *) inputs->data, inputs->len, &error);
  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  static const char * const months[] = { "2026-06-20", "2026-05-20", "2026-04-20",
                                         "2026-03-20", "2026-02-20", "2026-01-20" };
  g_autoptr(GError) error = NULL;
  char *o;

  fx->store = store_test_open ("replica.db");
  g_assert_true (saha_store_begin (fx->store, &error));

  fx->p[1] = store_test_create (fx->store, "product", "sku", "P1", "name", "Kombi",
                                "unit_price", "1000", "cost_price", "600", NULL);
  fx->p[2] = store_test_create (fx->store, "product", "sku", "P2", "name", "Filtre",
                                "unit_price", "50", "cost_price", "20", NULL);
  fx->p[3] = store_test_create (fx->store, "product", "sku", "P3", "name", "Pompa",
                                "unit_price", "300", "cost_price", "200", NULL);
  fx->p[4] = store_test_create (fx->store, "product", "sku", "P4", "name", "Termostat",
                                "unit_price", "120", "cost_price", "70", NULL);
  fx->p[5] = store_test_create (fx->store, "product", "sku", "P5", "name", "Eski",
                                "unit_price", "10", "cost_price", "5", "active", "false", NULL);

  fx->a = add_customer (fx, "Ayşe Ltd", "city", "İSTANBUL", "phone", "+90 212 555 0001",
                        "email", "ayse@example.com", "language", "tr", NULL);
  fx->b = add_customer (fx, "Burak Gıda", "city", "İstanbul", "email", "burak@example.com", NULL);
  fx->c = add_customer (fx, "Cem Usta", "city", "istanbul", "phone", "555 0003",
                        "opt_out", "sms", "address", "Moda Cd. 1", NULL);
  fx->d = add_customer (fx, "Deniz Oto", "city", "Ankara", "phone", "555 0004", NULL);
  fx->e = add_customer (fx, "Emre Kafe", "phone", "555 0005", "language", "en", NULL);
  fx->f = add_customer (fx, "Fatma Eczane", "email", "fatma@example.com", NULL);
  fx->g = add_customer (fx, "Gül Çiçek", "phone", "555 0007", NULL);
  fx->h = add_customer (fx, "Hakan İnşaat", "phone", "555 0008", NULL);
  fx->i = add_customer (fx, "Irmak Market", "email", "irmak@example.com", "opt_out", "phone", NULL);

  for (guint k = 0; k < G_N_ELEMENTS (months); k++)
    {
      o = add_order (fx, fx->a, k % 2 ? "confirmed" : "delivered", months[k]);
      add_line (fx, o, fx->p[1], "5", "1000", NULL);
      if (k < 2)
        add_line (fx, o, fx->p[2], "1", "50", NULL);
      if (k == 2)
        add_line (fx, o, fx->p[4], "1", "120", NULL);
      if (k == 3)
        add_line (fx, o, fx->p[5], "1", "10", NULL);
      g_free (o);
    }

  for (guint k = 0; k < 3; k++)
    {
      static const char * const dates[] = { "2026-04-01", "2026-03-01", "2026-02-01" };

      o = add_order (fx, fx->b, "delivered", dates[k]);
      add_line (fx, o, fx->p[2], "3", "50", "12.5");
      if (k == 1)
        add_line (fx, o, fx->p[2], "1.333", "10.01", "15");
      g_free (o);
    }
  o = add_order (fx, fx->b, "draft", "2026-06-29");
  add_line (fx, o, fx->p[1], "100", "1000", NULL);
  g_free (o);
  o = add_order (fx, fx->b, "cancelled", "2026-06-28");
  add_line (fx, o, fx->p[1], "100", "1000", NULL);
  g_free (o);

  /* No unit price on the line: the product's. */
  o = add_order (fx, fx->c, "delivered", "2026-06-15");
  g_free (store_test_create (fx->store, "order_line", "order", o, "product", fx->p[3],
                             "quantity", "1", NULL));
  g_free (o);

  for (guint k = 0; k < 2; k++)
    {
      o = add_order (fx, fx->d, "confirmed", k ? "2025-10-01" : "2025-08-01");
      add_line (fx, o, fx->p[4], "1", "120", NULL);
      g_free (o);
    }

  o = add_order (fx, fx->e, "confirmed", "2024-01-01");
  add_line (fx, o, fx->p[2], "1", "50", NULL);
  g_free (o);

  for (guint k = 0; k < 3; k++)
    {
      static const char * const dates[] = { "2025-03-01", "2025-02-01", "2025-01-01" };

      o = add_order (fx, fx->f, "delivered", dates[k]);
      add_line (fx, o, fx->p[2], "2", "50", NULL);
      g_free (o);
    }

  o = add_order (fx, fx->g, "draft", "2026-06-01");
  add_line (fx, o, fx->p[1], "1", "1000", NULL);
  g_free (o);
  o = add_order (fx, fx->g, "cancelled", "2026-06-02");
  add_line (fx, o, fx->p[1], "1", "1000", NULL);
  add_line (fx, o, fx->p[3], "1", "300", NULL);
  g_free (o);

  for (guint k = 0; k < 2; k++)
    {
      o = add_order (fx, fx->h, "delivered", k ? "2026-04-15" : "2026-05-01");
      add_line (fx, o, fx->p[1], "1", "1000", NULL);
      add_line (fx, o, fx->p[4], "1", "120", NULL);
      if (k == 0)
        {
          g_autofree char *line = store_test_create (fx->store, "order_line", "order", o,
                                                     "product", fx->p[3], "quantity", "1",
                                                     "unit_price", "300", NULL);

          g_assert_true (saha_store_delete (fx->store, "order_line", line, &error));
          g_assert_no_error (error);
        }
      g_free (o);
    }

  o = add_order (fx, fx->i, "confirmed", "2026-06-01");
  add_line (fx, o, fx->p[2], "1", "50", NULL);
  add_line (fx, o, fx->p[4], "1", "120", NULL);
  g_free (o);

  /* Service: Cem's call, resolved in July: 45 minutes and two filters at cost. D's call:
   * 7 minutes. Emre's cancelled call costs nothing. */
  fx->call_c = store_test_create (fx->store, "service_call", "customer", fx->c,
                                  "labour_minutes", "45", "resolved_at", "2026-07-02T10:00:00Z",
                                  "status", "resolved", NULL);
  g_free (store_test_create (fx->store, "service_part", "service_call", fx->call_c,
                             "product", fx->p[2], "quantity", "2", "unit_price", "50", NULL));
  g_free (store_test_create (fx->store, "service_call", "customer", fx->d, "labour_minutes", "7",
                             "scheduled_at", "2026-01-01T09:00:00Z", NULL));
  g_free (store_test_create (fx->store, "service_call", "customer", fx->e, "labour_minutes", "600",
                             "status", "cancelled", NULL));

  g_assert_true (saha_store_commit (fx->store, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->store);
  for (guint k = 0; k < G_N_ELEMENTS (fx->p); k++)
    g_free (fx->p[k]);
  g_free (fx->a);
  g_free (fx->b);
  g_free (fx->c);
  g_free (fx->d);
  g_free (fx->e);
  g_free (fx->f);
  g_free (fx->g);
  g_free (fx->h);
  g_free (fx->i);
  g_free (fx->call_c);
}

static GDateTime *
fixture_now (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  return g_date_time_new_from_iso8601 (NOW, utc);
}

static void
test_line_rounding (void)
{
  gint64 revenue;

  /* 2 × 100.00 at 10 % off */
  g_assert_true (saha_line_net_revenue (2000, 10000, 1000, &revenue));
  g_assert_cmpint (revenue, ==, 18000);
  /* 1.333 × 10.01 × 0.85 = 11.3418305 -> 11.34 */
  g_assert_true (saha_line_net_revenue (1333, 1001, 1500, &revenue));
  g_assert_cmpint (revenue, ==, 1134);
  /* 0.5 × 0.01 = half a kuruş: away from zero */
  g_assert_true (saha_line_net_revenue (500, 1, 0, &revenue));
  g_assert_cmpint (revenue, ==, 1);
  /* 0.499 × 0.01 rounds down */
  g_assert_true (saha_line_net_revenue (499, 1, 0, &revenue));
  g_assert_cmpint (revenue, ==, 0);
  /* 100 % off, and no quantity */
  g_assert_true (saha_line_net_revenue (1000, 5000, 10000, &revenue));
  g_assert_cmpint (revenue, ==, 0);
  g_assert_true (saha_line_net_revenue (0, 5000, 0, &revenue));
  g_assert_cmpint (revenue, ==, 0);
  /* a product past 2^63 before division still gives the exact result */
  g_assert_true (saha_line_net_revenue (G_GINT64_CONSTANT (1000000000000), 10000000, 0, &revenue));
  g_assert_cmpint (revenue, ==, G_GINT64_CONSTANT (10000000000000000));
  g_assert_false (saha_line_net_revenue (G_MAXINT64, G_MAXINT64, 0, &revenue));
}

static void
assert_scores (gint64       recency,
               guint        frequency,
               gint64       monetary,
               guint        r,
               guint        f,
               guint        m,
               const char  *segment)
{
  SahaCustomerRfm rfm = { .recency_days = recency, .frequency = frequency, .monetary = monetary };

  saha_customer_rfm_score (&rfm);
  g_assert_cmpuint (rfm.r_score, ==, r);
  g_assert_cmpuint (rfm.f_score, ==, f);
  g_assert_cmpuint (rfm.m_score, ==, m);
  g_assert_cmpstr (saha_segment_to_string (rfm.segment), ==, segment);
}

static void
test_scores (void)
{
  /* the thresholds, each side */
  assert_scores (30, 10, 10000000, 5, 5, 5, "champions");
  assert_scores (31, 6, 2500000, 4, 4, 4, "champions");
  assert_scores (91, 6, 2500000, 3, 4, 4, "loyal");
  assert_scores (90, 6, 2499999, 4, 4, 3, "loyal");
  assert_scores (180, 3, 1000000, 3, 3, 3, "loyal");
  assert_scores (5, 1, 99999999, 5, 1, 5, "new");
  assert_scores (90, 2, 250000, 4, 2, 2, "potential");
  assert_scores (181, 1, 249999, 2, 1, 1, "hibernating");
  assert_scores (365, 5, 0, 2, 3, 1, "at_risk");
  assert_scores (366, 3, 0, 1, 3, 1, "at_risk");
  assert_scores (366, 2, 0, 1, 2, 1, "lost");
  /* undated orders only: as old as can be */
  assert_scores (-1, 1, 100, 1, 1, 1, "lost");
  assert_scores (-1, 0, 0, 0, 0, 0, "none");
}

static SahaCustomerRfm *
find_rfm (GPtrArray  *rows,
          const char *id)
{
  for (guint k = 0; k < rows->len; k++)
    if (g_strcmp0 (((SahaCustomerRfm *) rows->pdata[k])->customer_id, id) == 0)
      return rows->pdata[k];
  g_assert_not_reached ();
}

static void
assert_rfm (GPtrArray  *rows,
            const char *id,
            gint64      recency,
            guint       frequency,
            const char *monetary,
            const char *segment)
{
  SahaCustomerRfm *rfm = find_rfm (rows, id);
  g_autofree char *money = saha_money_format (rfm->monetary);

  g_test_message ("%s", rfm->name);
  g_assert_cmpint (rfm->recency_days, ==, recency);
  g_assert_cmpuint (rfm->frequency, ==, frequency);
  g_assert_cmpstr (money, ==, monetary);
  g_assert_cmpstr (saha_segment_to_string (rfm->segment), ==, segment);
}

static void
test_segments (Fixture       *fx,
               gconstpointer  data)
{
  g_autoptr(GDateTime) now = fixture_now ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = saha_store_compute_segments (fx->store, now, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 9);
  /* sorted by name */
  g_assert_cmpstr (((SahaCustomerRfm *) rows->pdata[0])->name, ==, "Ayşe Ltd");
  g_assert_cmpstr (((SahaCustomerRfm *) rows->pdata[8])->name, ==, "Irmak Market");

  assert_rfm (rows, fx->a, 10, 6, "30230.00", "champions");
  assert_rfm (rows, fx->b, 90, 3, "405.09", "loyal");
  assert_rfm (rows, fx->c, 15, 1, "300.00", "new");
  assert_rfm (rows, fx->d, 272, 2, "240.00", "hibernating");
  assert_rfm (rows, fx->e, 911, 1, "50.00", "lost");
  assert_rfm (rows, fx->f, 486, 3, "300.00", "at_risk");
  assert_rfm (rows, fx->g, -1, 0, "0.00", "none");
  assert_rfm (rows, fx->h, 60, 2, "2240.00", "potential");
  assert_rfm (rows, fx->i, 29, 1, "170.00", "new");
  g_assert_cmpstr (find_rfm (rows, fx->a)->last_order_at, ==, "2026-06-20T00:00:00Z");
  g_assert_null (find_rfm (rows, fx->g)->last_order_at);

  /* The lists' segment table (filled without reading every customer) says the same. */
  g_assert_true (saha_store_refresh_segments (fx->store, now, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < rows->len; k++)
    {
      SahaCustomerRfm *rfm = rows->pdata[k];

      g_assert_cmpstr (saha_segment_to_string (saha_store_lookup_segment (fx->store, rfm->customer_id)),
                       ==, saha_segment_to_string (rfm->segment));
    }
  /* A deleted customer has none, orders or not. */
  g_assert_true (saha_store_delete (fx->store, "customer", fx->a, &error));
  g_assert_true (saha_store_refresh_segments (fx->store, now, &error));
  g_assert_cmpint (saha_store_lookup_segment (fx->store, fx->a), ==, SAHA_SEGMENT_NONE);
  g_assert_cmpint (saha_store_lookup_segment (fx->store, fx->b), ==, SAHA_SEGMENT_LOYAL);

  /* A segment's list searches like any list: its text literally ("@" must be there). */
  {
    const char *searches[] = { "burak@", "bur", "\"", "burak\"", "@example" };
    const guint expected[] = { 1, 1, 0, 0, 1 };

    for (guint k = 0; k < G_N_ELEMENTS (searches); k++)
      {
        SahaQuery query = { .search = searches[k] };
        g_autoptr(GPtrArray) found = saha_store_list_in_segment (fx->store, SAHA_SEGMENT_LOYAL,
                                                                 &query, &error);
        guint count = 99;

        g_assert_no_error (error);
        g_assert_cmpuint (found->len, ==, expected[k]);
        g_assert_true (saha_store_count_in_segment (fx->store, SAHA_SEGMENT_LOYAL, &query, &count,
                                                    &error));
        g_assert_cmpuint (count, ==, expected[k]);
      }
  }
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = saha_store_compute_segments (fx->store, now, &error);
  g_assert_cmpuint (rows->len, ==, 8);

  /* A confirmed order moves Gül out of "none"; cancelling it moves her back. */
  {
    g_autofree char *o = add_order (fx, fx->g, "confirmed", "2026-06-29");
    SahaFieldInput cancel[] = { { "status", "cancelled" }, { "cancel_reason", "Duplicate" } };

    g_clear_pointer (&rows, g_ptr_array_unref);
    rows = saha_store_compute_segments (fx->store, now, &error);
    assert_rfm (rows, fx->g, 1, 1, "0.00", "new");
    g_assert_true (saha_store_update (fx->store, "order", o, cancel, 2, &error));
    g_clear_pointer (&rows, g_ptr_array_unref);
    rows = saha_store_compute_segments (fx->store, now, &error);
    assert_rfm (rows, fx->g, -1, 0, "0.00", "none");
  }
}

static SahaCustomerProfit *
find_profit (GPtrArray  *rows,
             const char *id)
{
  for (guint k = 0; k < rows->len; k++)
    if (g_strcmp0 (((SahaCustomerProfit *) rows->pdata[k])->customer_id, id) == 0)
      return rows->pdata[k];
  g_assert_not_reached ();
}

static void
assert_profit (GPtrArray  *rows,
               const char *id,
               const char *revenue,
               const char *cost,
               const char *profit)
{
  SahaCustomerProfit *p = find_profit (rows, id);
  g_autofree char *r = saha_money_format (p->revenue);
  g_autofree char *c = saha_money_format (p->cost);
  g_autofree char *pr = saha_money_format (p->profit);

  g_test_message ("%s", p->name);
  g_assert_cmpstr (r, ==, revenue);
  g_assert_cmpstr (c, ==, cost);
  g_assert_cmpstr (pr, ==, profit);
  g_assert_cmpint (p->cost, ==, p->product_cost + p->service_cost);
}

static void
test_profitability (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 rate = -1;

  /* No setting: labour is free. */
  g_assert_true (saha_store_get_hourly_rate (fx->store, &rate, &error));
  g_assert_cmpint (rate, ==, 0);
  g_assert_true (saha_store_set_setting (fx->store, "hourly_rate", "100.00", &error));
  g_assert_true (saha_store_get_hourly_rate (fx->store, &rate, &error));
  g_assert_cmpint (rate, ==, 10000);

  rows = saha_store_compute_profitability (fx->store, NULL, NULL, rate, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 9);
  /* A: 30230.00 − (6×5×600 + 2×20 + 70 + 5) */
  assert_profit (rows, fx->a, "30230.00", "18115.00", "12115.00");
  /* C: 300 − 200 − (45 min at 100/h = 75.00, two filters at 20 = 40.00): costs money */
  assert_profit (rows, fx->c, "300.00", "315.00", "-15.00");
  /* D: 240 − 140 − 7 min at 100/h = 11.666… -> 11.67 */
  assert_profit (rows, fx->d, "240.00", "151.67", "88.33");
  /* E: the cancelled call's 600 minutes cost nothing */
  assert_profit (rows, fx->e, "50.00", "20.00", "30.00");
  /* B: 405.09 − (9×20 + 1.333×20 = 26.66) */
  assert_profit (rows, fx->b, "405.09", "206.66", "198.43");
  assert_profit (rows, fx->g, "0.00", "0.00", "0.00");

  /* by profit, descending: A first, C (a loss) last */
  g_assert_cmpstr (((SahaCustomerProfit *) rows->pdata[0])->customer_id, ==, fx->a);
  g_assert_cmpstr (((SahaCustomerProfit *) rows->pdata[8])->customer_id, ==, fx->c);
  for (guint k = 1; k < rows->len; k++)
    g_assert_cmpint (((SahaCustomerProfit *) rows->pdata[k - 1])->profit, >=,
                     ((SahaCustomerProfit *) rows->pdata[k])->profit);

  /* June only: A's 06-20 order; C's order but not the call resolved on 07-02. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = saha_store_compute_profitability (fx->store, "2026-06-01", "2026-06-30", rate, &error);
  g_assert_no_error (error);
  assert_profit (rows, fx->a, "5050.00", "3020.00", "2030.00");
  assert_profit (rows, fx->c, "300.00", "200.00", "100.00");
  assert_profit (rows, fx->d, "0.00", "0.00", "0.00");

  /* From July on: only C's call. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = saha_store_compute_profitability (fx->store, "2026-07-01", NULL, 6000, &error);
  g_assert_no_error (error);
  assert_profit (rows, fx->c, "0.00", "85.00", "-85.00");

  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = saha_store_compute_profitability (fx->store, "2026-13-01", NULL, 0, &error);
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);
  g_assert_null (rows);
  g_clear_error (&error);

  g_assert_true (saha_store_set_setting (fx->store, "hourly_rate", "lots", &error));
  g_assert_false (saha_store_get_hourly_rate (fx->store, &rate, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);
}

static char *
create_campaign (Fixture *fx,
                 ...)
{
  g_autoptr(GArray) inputs = g_array_new (FALSE, TRUE, sizeof (SahaFieldInput));
  g_autoptr(GError) error = NULL;
  const char *field;
  char *id;
  va_list args;

  va_start (args, fx);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      SahaFieldInput input = { field, va_arg (args, const char *) };

      g_array_append_val (inputs, input);
    }
  va_end (args);
  id = saha_store_create (fx->store, "campaign", (SahaFieldInput *) inputs->data, inputs->len, &error);
  g_assert_no_error (error);
  return id;
}

/* "Name" for members, "Name:reason" for the excluded, joined by "|". */
static char *
evaluate (Fixture    *fx,
          const char *campaign)
{
  g_autoptr(GDateTime) now = fixture_now ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) excluded = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (saha_store_campaign_members (fx->store, campaign, now, &members, &excluded, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < members->len; k++)
    {
      SahaCampaignMember *m = members->pdata[k];

      g_assert_cmpint (m->exclusion, ==, SAHA_EXCLUSION_NONE);
      g_string_append_printf (out, "%s%s", out->len ? "|" : "", m->name);
    }
  for (guint k = 0; k < excluded->len; k++)
    {
      SahaCampaignMember *m = excluded->pdata[k];

      g_string_append_printf (out, "%s%s:%s", out->len ? "|" : "", m->name,
                              saha_exclusion_to_string (m->exclusion));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_campaign(fx, id, expected) \
  G_STMT_START { \
    g_autofree char *got_ = evaluate (fx, id); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

static void
test_campaigns (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) excluded = NULL;
  g_autofree char *by_city = create_campaign (fx, "name", "İstanbul SMS", "channel", "sms",
                                              "city", "istanbul", NULL);
  g_autofree char *termostat = create_campaign (fx, "name", "Termostat", "channel", "email",
                                                "bought_product", fx->p[4],
                                                "last_order_after", "2026-01-01", NULL);
  g_autofree char *new_visit = create_campaign (fx, "name", "Pompa ziyareti", "channel", "visit",
                                                "segment", "new",
                                                "not_bought_product", fx->p[3], NULL);
  g_autofree char *win_back = create_campaign (fx, "name", "Geri kazan", "channel", "phone",
                                               "last_order_before", "2025-12-31", NULL);
  g_autofree char *champions = create_campaign (fx, "name", "VIP", "channel", "email",
                                                "segment", "champions", NULL);
  g_autofree char *to_delete = create_campaign (fx, "name", "Old", "channel", "sms", NULL);

  /* İSTANBUL, İstanbul and istanbul are one city; B has no phone, C opted out of SMS. */
  assert_campaign (fx, by_city, "Ayşe Ltd|Burak Gıda:no_phone|Cem Usta:opted_out");
  /* P4 buyers A, D, H, I; D's last order is before 2026; H has no e-mail; I opted out of
   * the phone only. */
  assert_campaign (fx, termostat, "Ayşe Ltd|Irmak Market|Hakan İnşaat:no_email");
  /* new: C and I; C bought P3; I has no address to visit */
  assert_campaign (fx, new_visit, "Irmak Market:no_address");
  /* last order before 2025-12-31: D, E, F; G never ordered; F has no phone */
  assert_campaign (fx, win_back, "Deniz Oto|Emre Kafe|Fatma Eczane:no_phone");
  assert_campaign (fx, champions, "Ayşe Ltd");

  /* Opting out changes the list at once. */
  {
    SahaFieldInput opt_out = { "opt_out", "email,sms" };

    g_assert_true (saha_store_update (fx->store, "customer", fx->a, &opt_out, 1, &error));
    assert_campaign (fx, champions, "Ayşe Ltd:opted_out");
  }

  g_assert_true (saha_store_delete (fx->store, "campaign", to_delete, &error));
  g_assert_false (saha_store_campaign_members (fx->store, to_delete, NULL, &members, &excluded, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (saha_store_campaign_members (fx->store, fx->a, NULL, &members, &excluded, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND);
}

/* One customer's segment and campaigns, from their own records, are what the everyone
 * computations give them: for every customer of the fixture, and every campaign of
 * test_campaigns(). */
static void
test_one_customer (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GDateTime) now = fixture_now ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) everyone = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  guint n_received = 0;

  g_free (create_campaign (fx, "name", "İstanbul SMS", "channel", "sms", "city", "istanbul", NULL));
  g_free (create_campaign (fx, "name", "Termostat", "channel", "email", "bought_product", fx->p[4],
                           "last_order_after", "2026-01-01", NULL));
  g_free (create_campaign (fx, "name", "Pompa ziyareti", "channel", "visit", "segment", "new",
                           "not_bought_product", fx->p[3], NULL));
  g_free (create_campaign (fx, "name", "Geri kazan", "channel", "phone",
                           "last_order_before", "2025-12-31", NULL));
  g_free (create_campaign (fx, "name", "VIP", "channel", "email", "segment", "champions", NULL));

  everyone = saha_store_compute_segments (fx->store, now, &error);
  g_assert_no_error (error);
  campaigns = saha_store_list (fx->store, "campaign", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (everyone->len, >, 5);

  for (guint i = 0; i < everyone->len; i++)
    {
      SahaCustomerRfm *expected = everyone->pdata[i];
      g_autoptr(SahaCustomerRfm) rfm = NULL;
      g_autoptr(GPtrArray) received = NULL;
      g_autoptr(GString) want = g_string_new (NULL);
      g_autoptr(GString) got = g_string_new (NULL);

      rfm = saha_store_customer_rfm (fx->store, expected->customer_id, now, &error);
      g_assert_no_error (error);
      g_assert_cmpint (rfm->segment, ==, expected->segment);
      g_assert_cmpuint (rfm->frequency, ==, expected->frequency);
      g_assert_cmpint (rfm->monetary, ==, expected->monetary);
      g_assert_cmpint (rfm->recency_days, ==, expected->recency_days);
      g_assert_cmpstr (rfm->last_order_at, ==, expected->last_order_at);

      for (guint k = 0; k < campaigns->len; k++)
        {
          const char *id = saha_record_get_id (campaigns->pdata[k]);
          g_autoptr(GPtrArray) members = NULL;
          g_autoptr(GPtrArray) excluded = NULL;

          g_assert_true (saha_store_campaign_members (fx->store, id, now, &members, &excluded,
                                                      &error));
          for (guint j = 0; j < members->len; j++)
            if (g_str_equal (((SahaCampaignMember *) members->pdata[j])->customer_id,
                             expected->customer_id))
              {
                g_string_append_printf (want, "%s|", id);
                break;
              }
        }
      received = saha_store_customer_campaigns (fx->store, expected->customer_id, now, &error);
      g_assert_no_error (error);
      for (guint k = 0; k < received->len; k++)
        g_string_append_printf (got, "%s|", saha_record_get_id (received->pdata[k]));
      g_assert_cmpstr (got->str, ==, want->str);
      n_received += received->len;
    }
  /* The fixture's customers do receive some: the comparison compared something. */
  g_assert_cmpuint (n_received, >=, 5);

  /* A deleted or unknown customer receives nothing. */
  {
    g_autoptr(GPtrArray) none = saha_store_customer_campaigns (fx->store, "no-such-customer",
                                                               now, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

/* "SKU:reason:score" joined by "|". */
static char *
suggest (Fixture            *fx,
         const char         *customer,
         const char * const *products,
         guint               limit)
{
  g_autoptr(GDateTime) now = fixture_now ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_assert_true (saha_store_suggest_products (fx->store, customer, products,
                                              products ? g_strv_length ((char **) products) : 0,
                                              limit, now, &results, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < results->len; k++)
    {
      SahaSuggestion *s = results->pdata[k];

      g_string_append_printf (out, "%s%s:%s:%u", out->len ? "|" : "", s->sku,
                              saha_suggestion_reason_to_string (s->reason), s->score);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_suggest(fx, customer, products, limit, expected) \
  G_STMT_START { \
    g_autofree char *got_ = suggest (fx, customer, products, limit); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

static void
test_suggestions (Fixture       *fx,
                  gconstpointer  data)
{
  const char *kombi[] = { fx->p[1], NULL };
  const char *termostat[] = { fx->p[4], NULL };
  const char *both[] = { fx->p[1], fx->p[4], NULL };
  const char *bad[] = { "not-an-id", NULL };
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;

  /* With Kombi: P4 in 3 qualifying orders (A's 04-20, H's two), P2 in 2 (A's); P5 is
   * inactive, P3 only in G's cancelled order and H's deleted line. Cem's segment (new,
   * with Irmak) buys P2 and P4, already suggested. */
  assert_suggest (fx, fx->c, kombi, 10, "P4:bought_together:3|P2:bought_together:2");
  /* With Termostat: P1 in 3 orders, P2 in Irmak's; then Irmak's segment peer Cem bought
   * P3, which Irmak never has. */
  assert_suggest (fx, fx->i, termostat, 10,
                  "P1:bought_together:3|P2:bought_together:1|P3:segment:1");
  assert_suggest (fx, fx->i, termostat, 2, "P1:bought_together:3|P2:bought_together:1");
  /* An empty order: only the segment; Cem's peer Irmak bought P2 and P4 (by name). */
  assert_suggest (fx, fx->c, NULL, 10, "P2:segment:1|P4:segment:1");
  /* Nothing already in the order comes back: P2 is in A's first two orders and Irmak's. */
  assert_suggest (fx, fx->h, both, 10, "P2:bought_together:3");
  /* A champion is alone in the segment; a customer without orders has none. */
  assert_suggest (fx, fx->a, NULL, 10, "");
  assert_suggest (fx, fx->g, NULL, 10, "");
  assert_suggest (fx, fx->g, kombi, 0, "");

  g_assert_false (saha_store_suggest_products (fx->store, fx->c, bad, 1, 10, NULL, &results, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);
}

static char *
kb_titles (GPtrArray *matches,
           gboolean   with_counts)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint k = 0; k < matches->len; k++)
    {
      SahaKbMatch *m = matches->pdata[k];

      g_string_append_printf (out, "%s%s", out->len ? "|" : "",
                              saha_record_get (m->record, "title"));
      if (with_counts)
        g_string_append_printf (out, ":%u:%u%s", m->solved_count, m->matched_words,
                                m->same_product ? ":same" : "");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define assert_kb_search(store, text, expected) \
  G_STMT_START { \
    g_autoptr(GError) error_ = NULL; \
    g_autoptr(GPtrArray) found_ = saha_store_kb_search (store, text, 0, &error_); \
    g_autofree char *got_ = NULL; \
    g_assert_no_error (error_); \
    got_ = kb_titles (found_, FALSE); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

static void
test_knowledge_base (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *k1 = store_test_create (fx->store, "kb_article", "title", "Kombi su akıtıyor",
                                           "body", "Contayı değiştirin.", "product", fx->p[1],
                                           "tags", "sızıntı", NULL);
  g_autofree char *k2 = store_test_create (fx->store, "kb_article", "title", "Pompa ses yapıyor",
                                           "body", "Rulmanı kontrol edin.\nSu basıncı düşükse doldurun.",
                                           "product", fx->p[3], "tags", "gürültü", NULL);
  g_autofree char *k3 = store_test_create (fx->store, "kb_article", "title", "Termostat ayarı",
                                           "body", "Kombi ile eşleştirin.", "product", fx->p[4], NULL);
  g_autofree char *k4 = store_test_create (fx->store, "kb_article", "title", "Kombi eski yöntem",
                                           "body", "Artık geçerli değil.", NULL);
  g_autofree char *call = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *got = NULL;
  guint count = 99;

  g_assert_true (saha_store_delete (fx->store, "kb_article", k4, &error));
  for (guint k = 0; k < 3; k++)
    g_free (store_test_create (fx->store, "service_call", "customer", fx->a, "kb_article", k1, NULL));
  g_free (store_test_create (fx->store, "service_call", "customer", fx->b, "kb_article", k3, NULL));
  {
    /* a deleted call solved nothing */
    g_autofree char *gone = store_test_create (fx->store, "service_call", "customer", fx->b,
                                               "kb_article", k3, NULL);

    g_assert_true (saha_store_delete (fx->store, "service_call", gone, &error));
  }

  g_assert_true (saha_store_kb_solved_count (fx->store, k1, &count, &error));
  g_assert_cmpuint (count, ==, 3);
  g_assert_true (saha_store_kb_solved_count (fx->store, k3, &count, &error));
  g_assert_cmpuint (count, ==, 1);
  g_assert_true (saha_store_kb_solved_count (fx->store, k2, &count, &error));
  g_assert_cmpuint (count, ==, 0);

  /* title, body and tags, Turkish-correct, most solved first; the deleted one never */
  assert_kb_search (fx->store, "kombi", "Kombi su akıtıyor|Termostat ayarı");
  assert_kb_search (fx->store, "KOMBİ", "Kombi su akıtıyor|Termostat ayarı");
  assert_kb_search (fx->store, "gürültü", "Pompa ses yapıyor");
  assert_kb_search (fx->store, "gurultu", "Pompa ses yapıyor");
  assert_kb_search (fx->store, "SIZINTI", "Kombi su akıtıyor");
  assert_kb_search (fx->store, "basın", "Pompa ses yapıyor");
  assert_kb_search (fx->store, "kombi pompa", "");
  assert_kb_search (fx->store, "eski", "");

  /* A Pompa call: the Pompa article first (and it matches 3 words), then the articles
   * matching "kombi", the more solved first. */
  call = store_test_create (fx->store, "service_call", "customer", fx->c, "product", fx->p[3],
                            "problem", "Kombi çalışınca pompa ses yapıyor", NULL);
  found = saha_store_kb_for_call (fx->store, call, 0, &error);
  g_assert_no_error (error);
  got = kb_titles (found, TRUE);
  g_assert_cmpstr (got, ==, "Pompa ses yapıyor:0:3:same|Kombi su akıtıyor:3:1|Termostat ayarı:1:1");
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_pointer (&got, g_free);

  found = saha_store_kb_for_call (fx->store, call, 1, &error);
  got = kb_titles (found, FALSE);
  g_assert_cmpstr (got, ==, "Pompa ses yapıyor");
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_pointer (&got, g_free);

  /* Short and stop words alone find nothing; a product alone finds its articles. */
  bare = store_test_create (fx->store, "service_call", "customer", fx->c,
                            "problem", "su bir çok var", NULL);
  found = saha_store_kb_for_call (fx->store, bare, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  {
    SahaFieldInput product = { "product", fx->p[4] };

    g_assert_true (saha_store_update (fx->store, "service_call", bare, &product, 1, &error));
  }
  found = saha_store_kb_for_call (fx->store, bare, 0, &error);
  got = kb_titles (found, TRUE);
  g_assert_cmpstr (got, ==, "Termostat ayarı:1:0:same");
  g_clear_pointer (&found, g_ptr_array_unref);

  found = saha_store_kb_for_call (fx->store, fx->a, 0, &error);
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND);
  g_assert_null (found);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/analytics/line-rounding", test_line_rounding);
  g_test_add_func ("/store/analytics/scores", test_scores);
  g_test_add ("/store/analytics/segments", Fixture, NULL, fixture_set_up, test_segments,
              fixture_tear_down);
  g_test_add ("/store/analytics/profitability", Fixture, NULL, fixture_set_up, test_profitability,
              fixture_tear_down);
  g_test_add ("/store/analytics/campaigns", Fixture, NULL, fixture_set_up, test_campaigns,
              fixture_tear_down);
  g_test_add ("/store/analytics/one-customer", Fixture, NULL, fixture_set_up, test_one_customer,
              fixture_tear_down);
  g_test_add ("/store/analytics/suggestions", Fixture, NULL, fixture_set_up, test_suggestions,
              fixture_tear_down);
  g_test_add ("/store/analytics/knowledge-base", Fixture, NULL, fixture_set_up,
              test_knowledge_base, fixture_tear_down);

  return g_test_run ();
}
