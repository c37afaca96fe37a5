/* bench-crosssell.c: how fast cross-sell suggestions and segments come back over 100,000 order lines.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures only; nothing here passes or fails. Usage: bench-crosssell [N_LINES]
 * Builds a replica of 2,000 customers, 500 products and N_LINES (default 100,000) order
 * lines in N_LINES / 5 orders, then times 100 saha_store_suggest_products() calls for a
 * random customer and an order of 1 to 3 products, and 10 saha_store_compute_segments().
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "saha-store-analytics.h"

#define N_CUSTOMERS 2000
#define N_PRODUCTS 500
#define LINES_PER_ORDER 5
#define N_CALLS 100
#define N_SEGMENT_RUNS 10

static char *
create (SahaStore      *store,
        const char     *entity,
        SahaFieldInput *inputs,
        guint           n_inputs)
{
  g_autoptr(GError) error = NULL;
  char *id = saha_store_create (store, entity, inputs, n_inputs, &error);

  if (id == NULL)
    g_error ("creating a %s: %s", entity, error->message);
  return id;
}

/* Popular products are bought far more often than the rest, as in a real catalogue:
 * the square of a uniform number leans towards the front of the list. */
static guint
popular_product (GRand *rand)
{
  double u = g_rand_double (rand);

  return (guint) (u * u * N_PRODUCTS);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static void
print_figures (const char *what,
               GArray     *times)
{
  g_array_sort (times, compare_doubles);
  g_print ("%-34s median %7.2f ms   p95 %7.2f ms   max %7.2f ms   (%u calls)\n", what,
           g_array_index (times, double, times->len / 2),
           g_array_index (times, double, (times->len * 95) / 100 - (times->len >= 20 ? 1 : 0)),
           g_array_index (times, double, times->len - 1), times->len);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  g_autoptr(GPtrArray) customers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint n_lines = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 100000;
  guint n_orders = MAX (n_lines / LINES_PER_ORDER, 1);
  gint64 start;
  guint total_suggestions = 0;

  dir = g_dir_make_tmp ("saha-bench-crosssell-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "replica.db", NULL);
  store = saha_store_open (path, &error);
  g_assert_no_error (error);
  now = g_date_time_new_from_iso8601 ("2026-06-30T00:00:00Z", utc);

  start = g_get_monotonic_time ();
  g_assert_true (saha_store_begin (store, &error));
  for (guint i = 0; i < N_PRODUCTS; i++)
    {
      g_autofree char *sku = g_strdup_printf ("P-%04u", i);
      g_autofree char *name = g_strdup_printf ("Ürün %u", i);
      g_autofree char *price = g_strdup_printf ("%u.50", 10 + g_rand_int_range (rand, 0, 2000));
      g_autofree char *cost = g_strdup_printf ("%u.00", 5 + g_rand_int_range (rand, 0, 800));
      SahaFieldInput in[] = { { "sku", sku }, { "name", name }, { "unit_price", price },
                              { "cost_price", cost } };

      g_ptr_array_add (products, create (store, "product", in, G_N_ELEMENTS (in)));
    }
  for (guint i = 0; i < N_CUSTOMERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Müşteri %u", i);
      SahaFieldInput in[] = { { "name", name }, { "kind", "company" } };

      g_ptr_array_add (customers, create (store, "customer", in, G_N_ELEMENTS (in)));
    }
  for (guint i = 0; i < n_orders; i++)
    {
      static const char * const statuses[] = { "confirmed", "delivered", "delivered",
                                                "delivered", "draft", "cancelled" };
      g_autoptr(GDateTime) at = g_date_time_add_days (now, -g_rand_int_range (rand, 0, 730));
      g_autofree char *ordered_at = g_date_time_format (at, "%Y-%m-%dT%H:%M:%SZ");
      /* Some customers order much more than others, so every segment has members. */
      guint c = popular_product (rand) * N_CUSTOMERS / N_PRODUCTS;
      SahaFieldInput order_in[] = {
        { "customer", customers->pdata[c] },
        { "status", statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))] },
        { "ordered_at", ordered_at },
      };
      g_autofree char *order = create (store, "order", order_in, G_N_ELEMENTS (order_in));

      for (guint l = 0; l < LINES_PER_ORDER; l++)
        {
          g_autofree char *quantity = g_strdup_printf ("%d", g_rand_int_range (rand, 1, 20));
          SahaFieldInput line_in[] = {
            { "order", order },
            { "product", products->pdata[popular_product (rand)] },
            { "quantity", quantity },
            { "unit_price", "99.90" },
            { "discount_pct", l == 0 ? "5" : NULL },
          };

          g_free (create (store, "order_line", line_in, G_N_ELEMENTS (line_in)));
        }
      if (i % 1000 == 999)
        {
          g_assert_true (saha_store_commit (store, &error));
          g_assert_true (saha_store_begin (store, &error));
        }
    }
  g_assert_true (saha_store_commit (store, &error));
  g_print ("built %u customers, %u products, %u orders, %u lines in %.1f s\n", N_CUSTOMERS,
           N_PRODUCTS, n_orders, n_orders * LINES_PER_ORDER,
           (g_get_monotonic_time () - start) / 1e6);

  /* The first call registers the SQL functions and warms the page cache, as the first
   * suggestion of an app session would; it is timed with the rest. */
  for (guint i = 0; i < N_CALLS; i++)
    {
      g_autoptr(GPtrArray) results = NULL;
      const char *in_order[3];
      guint n = 1 + g_rand_int_range (rand, 0, 3);
      const char *customer = customers->pdata[g_rand_int_range (rand, 0, N_CUSTOMERS)];
      double ms;

      for (guint k = 0; k < n; k++)
        in_order[k] = products->pdata[popular_product (rand)];
      start = g_get_monotonic_time ();
      if (!saha_store_suggest_products (store, customer, in_order, n, 10, now, &results, &error))
        g_error ("suggesting: %s", error->message);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
      total_suggestions += results->len;
    }
  print_figures ("saha_store_suggest_products", times);
  g_print ("  (%.1f suggestions per call on average)\n", (double) total_suggestions / N_CALLS);

  g_array_set_size (times, 0);
  for (guint i = 0; i < N_SEGMENT_RUNS; i++)
    {
      g_autoptr(GPtrArray) rows = NULL;
      double ms;

      start = g_get_monotonic_time ();
      rows = saha_store_compute_segments (store, now, &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  print_figures ("saha_store_compute_segments", times);

  g_clear_object (&store);
  /* SAHA_BENCH_KEEP=1 leaves the replica for EXPLAIN QUERY PLAN and the like. */
  if (g_getenv ("SAHA_BENCH_KEEP") != NULL)
    {
      g_print ("kept %s\n", path);
      return 0;
    }
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return 0;
}
