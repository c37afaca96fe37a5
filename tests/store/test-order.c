/* test-order.c: every list the replica sorts by a name is in Turkish alphabetical order.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-store-kb.h"
#include "store-test.h"

/* In Turkish order; byte order puts "Akdeniz Tarım" before "Akdeniz İnşaat", "Ali Demir"
 * before "Ali Çetin", "Ali Yıldız" before "Ali Özdemir" and "Çağlar" after "Zeynep". */
static const char * const sorted_names[] = {
  "Acme Ltd",
  "Akdeniz İnşaat",
  "Akdeniz Tarım",
  "ali çakır",
  "Ali Çetin",
  "Ali Demir",
  "Ali Özdemir",
  "Ali Yıldız",
  "Çağlar Elektrik",
  "Işıklar Ticaret",
  "İstanbul Yapı",
  "Ömer Kaya",
  "Quantum Systems",
  "Şahin Oto",
  "Walker & Sons",
  "Zeynep Gıda",
};

/* The names in an order that is neither sorted nor reversed. */
static GPtrArray *
shuffled_names (void)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (sorted_names); i++)
    g_ptr_array_add (names, (gpointer) sorted_names[(i * 7 + 3) % G_N_ELEMENTS (sorted_names)]);
  return names;
}

static void
assert_sorted (GPtrArray  *records,
               const char *field,
               gboolean    descending)
{
  guint n = G_N_ELEMENTS (sorted_names);

  g_assert_cmpuint (records->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (saha_record_get (records->pdata[i], field), ==,
                     sorted_names[descending ? n - 1 - i : i]);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return saha_collation_compare (*(const char * const *) a, *(const char * const *) b);
}

/* The query plans of the store's cached statements that page @table (with a search, or
 * without),
 * one line per step: "inner: ..." for the steps that choose the page, "outer: ..." for
 * those that read its records. */
static char *
list_plans (SahaStore  *store,
            const char *table,
            gboolean    searches)
{
  sqlite3 *db = saha_store_get_db (store);
  g_autofree char *needle = g_strdup_printf ("JOIN \"%s\" AS t ON t.rowid = p.r", table);
  GString *plans = g_string_new (NULL);

  for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL); stmt != NULL; stmt = sqlite3_next_stmt (db, stmt))
    {
      g_autofree char *explain = NULL;
      sqlite3_stmt *plan = NULL;
      int inner = -1;

      if (strstr (sqlite3_sql (stmt), needle) == NULL ||
          (strstr (sqlite3_sql (stmt), "MATCH") != NULL) != searches)
        continue;
      explain = g_strconcat ("EXPLAIN QUERY PLAN ", sqlite3_sql (stmt), NULL);
      g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &plan, NULL), ==, SQLITE_OK);
      while (sqlite3_step (plan) == SQLITE_ROW)
        {
          const char *detail = (const char *) sqlite3_column_text (plan, 3);

          if (g_str_has_prefix (detail, "MATERIALIZE p"))
            inner = sqlite3_column_int (plan, 0);
          else
            g_string_append_printf (plans, "%s: %s\n",
                                    sqlite3_column_int (plan, 1) == inner ? "inner" : "outer", detail);
        }
      sqlite3_finalize (plan);
    }

  return g_string_free (plans, FALSE);
}

static void
test_customers (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GPtrArray) names = shuffled_names ();
  g_autoptr(GError) error = NULL;
  g_autofree char *plans = NULL;

  for (guint i = 0; i < names->len; i++)
    g_free (store_test_create (store, "customer", "name", names->pdata[i], "kind", "company", NULL));

  {
    g_autoptr(GPtrArray) records = saha_store_list (store, "customer", NULL, &error);

    g_assert_no_error (error);
    assert_sorted (records, "name", FALSE);
  }
  {
    SahaQuery query = { .descending = TRUE };
    g_autoptr(GPtrArray) records = saha_store_list (store, "customer", &query, &error);

    g_assert_no_error (error);
    assert_sorted (records, "name", TRUE);
  }

  /* pages follow the same order, without overlaps or gaps */
  for (guint offset = 0; offset < G_N_ELEMENTS (sorted_names); offset += 5)
    {
      SahaQuery query = { .limit = 5, .offset = offset };
      g_autoptr(GPtrArray) records = saha_store_list (store, "customer", &query, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < records->len; i++)
        g_assert_cmpstr (saha_record_get (records->pdata[i], "name"), ==, sorted_names[offset + i]);
    }

  /* a search too: "ali" matches the five Alis (and "Walker" does not) */
  {
    SahaQuery query = { .search = "ali" };
    g_autoptr(GPtrArray) records = saha_store_list (store, "customer", &query, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (records->len, ==, 5);
    for (guint i = 0; i < records->len; i++)
      g_assert_cmpstr (saha_record_get (records->pdata[i], "name"), ==, sorted_names[3 + i]);
  }

  /* The list walks the name index, which is in the same order, rather than sorting the
   * table: the 100,000-customer list keeps its speed. */
  plans = list_plans (store, "customer", FALSE);
  g_assert_nonnull (strstr (plans, "inner: SEARCH t USING COVERING INDEX customer_name"));
  g_assert_null (strstr (plans, "inner: USE TEMP B-TREE"));
}

/* Many matches take the other plan, through the name index: the same order. */
static void
test_broad_search (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  SahaQuery query = { .search = "ali", .limit = 100, .offset = 1000 };
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *plans = NULL;

  g_assert_true (saha_store_begin (store, &error));
  for (guint i = 0; i < 2100; i++)
    {
      const char *last_names[] = { "Yıldız", "Çetin", "Özdemir", "Demir", "İnce", "Işık", "Zorlu" };
      char *name = g_strdup_printf ("Ali %s %04u", last_names[i % G_N_ELEMENTS (last_names)], i / 7);

      g_free (store_test_create (store, "customer", "name", name, "kind", "person", NULL));
      g_ptr_array_add (expected, name);
    }
  g_assert_true (saha_store_commit (store, &error));
  g_ptr_array_sort (expected, compare_names);

  records = saha_store_list (store, "customer", &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 100);
  for (guint i = 0; i < records->len; i++)
    g_assert_cmpstr (saha_record_get (records->pdata[i], "name"), ==, expected->pdata[1000 + i]);

  /* in name order straight from the index, without sorting the matches */
  plans = list_plans (store, "customer", TRUE);
  g_assert_nonnull (strstr (plans, "inner: SEARCH t USING COVERING INDEX customer_name"));
  g_assert_null (strstr (plans, "inner: USE TEMP B-TREE"));
}

/* Contacts, products, campaigns by name, articles by title, and any text field asked
 * for by name (here a city). */
static void
test_other_lists (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GPtrArray) names = shuffled_names ();
  g_autoptr(GError) error = NULL;
  g_autofree char *customer = store_test_create (store, "customer", "name", "Merkez", "kind", "company", NULL);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *sku = g_strdup_printf ("SKU-%02u", i);

      g_free (store_test_create (store, "contact", "customer", customer, "name", names->pdata[i], NULL));
      g_free (store_test_create (store, "product", "sku", sku, "name", names->pdata[i], NULL));
      g_free (store_test_create (store, "campaign", "name", names->pdata[i], "channel", "sms", NULL));
      g_free (store_test_create (store, "kb_article", "title", names->pdata[i], "body", "…", NULL));
    }

  {
    SahaFieldInput where[] = { { "customer", customer } };
    SahaQuery query = { .where = where, .n_where = 1 };
    g_autoptr(GPtrArray) contacts = saha_store_list (store, "contact", &query, &error);
    g_autoptr(GPtrArray) products = saha_store_list (store, "product", NULL, &error);
    g_autoptr(GPtrArray) campaigns = saha_store_list (store, "campaign", NULL, &error);

    g_assert_no_error (error);
    assert_sorted (contacts, "name", FALSE);
    assert_sorted (products, "name", FALSE);
    assert_sorted (campaigns, "name", FALSE);
  }
  {
    SahaQuery query = { .order_by = "title" };
    g_autoptr(GPtrArray) articles = saha_store_list (store, "kb_article", &query, &error);
    /* every article matches equally and solved nothing: titles decide */
    g_autoptr(GPtrArray) matches = saha_store_kb_search (store, "…", 0, &error);

    g_assert_no_error (error);
    assert_sorted (articles, "title", FALSE);
    g_assert_cmpuint (matches->len, ==, G_N_ELEMENTS (sorted_names));
    for (guint i = 0; i < matches->len; i++)
      g_assert_cmpstr (saha_record_get (((SahaKbMatch *) matches->pdata[i])->record, "title"), ==,
                       sorted_names[i]);
  }
  {
    /* a customer list sorted by city: "Çorum" between "Çanakkale" and "Denizli" */
    const char *cities[] = { "Zonguldak", "Denizli", "Çorum", "Ankara", "Çanakkale", "Iğdır", "İzmir" };
    const char *expected[] = { "Ankara", "Çanakkale", "Çorum", "Denizli", "Iğdır", "İzmir", "Zonguldak" };
    SahaFieldInput where[] = { { "kind", "person" } };
    SahaQuery query = { .where = where, .n_where = 1, .order_by = "city" };
    g_autoptr(GPtrArray) records = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (cities); i++)
      g_free (store_test_create (store, "customer", "name", "Kişi", "kind", "person",
                                 "city", cities[i], NULL));
    records = saha_store_list (store, "customer", &query, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (records->len, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < records->len; i++)
      g_assert_cmpstr (saha_record_get (records->pdata[i], "city"), ==, expected[i]);
  }
}

/* The CSV export, the segments' customer list and a campaign's members. */
static void
test_exports_and_analytics (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GPtrArray) names = shuffled_names ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) segments = NULL;
  g_autoptr(GPtrArray) profits = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) excluded = NULL;
  g_autofree char *campaign = NULL;
  g_autofree char *csv = NULL;
  const char *at;

  for (guint i = 0; i < names->len; i++)
    g_free (store_test_create (store, "customer", "name", names->pdata[i], "kind", "company",
                               "phone", "+90 212 555 0101", NULL));

  csv = saha_store_export_csv (store, "customer", &error);
  g_assert_no_error (error);
  at = csv;
  for (guint i = 0; i < G_N_ELEMENTS (sorted_names); i++)
    {
      g_autofree char *cell = g_strdup_printf (",%s,", sorted_names[i]);

      at = strstr (at, cell);
      if (at == NULL)
        g_error ("the CSV export has “%s” out of Turkish order:\n%s", sorted_names[i], csv);
    }

  segments = saha_store_compute_segments (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (segments->len, ==, G_N_ELEMENTS (sorted_names));
  for (guint i = 0; i < segments->len; i++)
    g_assert_cmpstr (((SahaCustomerRfm *) segments->pdata[i])->name, ==, sorted_names[i]);

  /* nobody bought anything: every profit is 0 and names decide */
  profits = saha_store_compute_profitability (store, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (profits->len, ==, G_N_ELEMENTS (sorted_names));
  for (guint i = 0; i < profits->len; i++)
    g_assert_cmpstr (((SahaCustomerProfit *) profits->pdata[i])->name, ==, sorted_names[i]);

  campaign = store_test_create (store, "campaign", "name", "Bahar", "channel", "sms", NULL);
  g_assert_true (saha_store_campaign_members (store, campaign, NULL, &members, &excluded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, G_N_ELEMENTS (sorted_names));
  for (guint i = 0; i < members->len; i++)
    g_assert_cmpstr (((SahaCampaignMember *) members->pdata[i])->name, ==, sorted_names[i]);
}

/* A replica made before the collation existed is upgraded: its name index is rebuilt in
 * Turkish order and its lists follow it. */
static void
test_upgrade (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "old.db", NULL);
  g_autoptr(GPtrArray) names = shuffled_names ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autofree char *plans = NULL;

  g_assert_true (saha_store_build_at_version (path, 5, &error));
  g_assert_no_error (error);
  store = saha_store_open (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < names->len; i++)
    g_free (store_test_create (store, "customer", "name", names->pdata[i], "kind", "company", NULL));

  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM sqlite_schema WHERE "
                                         "name = 'customer_name' AND sql LIKE '%COLLATE saha_turkish%'"),
                   ==, 1);
  records = saha_store_list (store, "customer", NULL, &error);
  g_assert_no_error (error);
  assert_sorted (records, "name", FALSE);
  plans = list_plans (store, "customer", FALSE);
  g_assert_nonnull (strstr (plans, "inner: SEARCH t USING COVERING INDEX customer_name"));
  g_assert_null (strstr (plans, "inner: USE TEMP B-TREE"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/order/customers", test_customers);
  g_test_add_func ("/store/order/broad-search", test_broad_search);
  g_test_add_func ("/store/order/other-lists", test_other_lists);
  g_test_add_func ("/store/order/exports-and-analytics", test_exports_and_analytics);
  g_test_add_func ("/store/order/upgrade", test_upgrade);

  return g_test_run ();
}
