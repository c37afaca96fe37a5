/* test-search.c: Turkish-correct prefix search of customers and products.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "store-test.h"

static SahaStore *
store_with_customers (void)
{
  SahaStore *store = store_test_open ("replica.db");

  g_free (store_test_create (store, "customer", "name", "Deniz Gıda", "kind", "company",
                             "city", "İSTANBUL", "district", "Kadıköy", NULL));
  g_free (store_test_create (store, "customer", "name", "IŞIK Elektrik", "kind", "company",
                             "city", "Ankara", NULL));
  g_free (store_test_create (store, "customer", "name", "İşık Pazarlama", "kind", "company",
                             "city", "İzmir", NULL));
  g_free (store_test_create (store, "customer", "name", "ŞİRKET A.Ş.", "kind", "company",
                             "city", "Bursa", NULL));
  g_free (store_test_create (store, "customer", "name", "Şirket Ltd", "kind", "company",
                             "city", "Bursa", NULL));
  return store;
}

/* The names found for @search, sorted, joined by "|". */
static char *
search (SahaStore  *store,
        const char *text)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  SahaQuery query = { .search = text };

  records = saha_store_list (store, "customer", &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (names, (gpointer) saha_record_get (records->pdata[i], "name"));
  g_ptr_array_add (names, NULL);
  return g_strjoinv ("|", (char **) names->pdata);
}

#define assert_search(store, text, expected) \
  G_STMT_START { \
    g_autofree char *found_ = search (store, text); \
    g_assert_cmpstr (found_, ==, expected); \
  } G_STMT_END

static void
test_istanbul (void)
{
  g_autoptr(SahaStore) store = store_with_customers ();

  assert_search (store, "istanbul", "Deniz Gıda");
  assert_search (store, "İst", "Deniz Gıda");
  assert_search (store, "kadıköy istanbul", "Deniz Gıda");
}

static void
test_dotless_i (void)
{
  g_autoptr(SahaStore) store = store_with_customers ();

  /* "ışık" and "IŞIK" fold alike; "işık" is another word */
  assert_search (store, "ışık", "IŞIK Elektrik");
  assert_search (store, "IŞIK", "IŞIK Elektrik");
  assert_search (store, "işık", "İşık Pazarlama");
}

static void
test_sirket (void)
{
  g_autoptr(SahaStore) store = store_with_customers ();

  assert_search (store, "şirket", "ŞİRKET A.Ş.|Şirket Ltd");
  /* ASCII typing finds both spellings */
  assert_search (store, "sirket", "ŞİRKET A.Ş.|Şirket Ltd");
  assert_search (store, "isik", "IŞIK Elektrik|İşık Pazarlama");
}

static void
test_updates_and_misc (void)
{
  g_autoptr(SahaStore) store = store_with_customers ();
  g_autofree char *id = store_test_create (store, "customer", "name", "Yeni Müşteri", "kind", "person", NULL);
  g_autoptr(GError) error = NULL;
  SahaFieldInput rename = { "name", "Eski Müşteri" };
  guint count = 0;
  SahaQuery query = { .search = "müş" };

  assert_search (store, "yeni", "Yeni Müşteri");
  g_assert_true (saha_store_update (store, "customer", id, &rename, 1, &error));
  assert_search (store, "yeni", "");
  assert_search (store, "eski", "Eski Müşteri");
  g_assert_true (saha_store_count (store, "customer", &query, &count, &error));
  g_assert_cmpuint (count, ==, 1);
  g_assert_true (saha_store_delete (store, "customer", id, &error));
  assert_search (store, "eski", "");
  /* FTS syntax in the query is only text */
  assert_search (store, "\"ŞİR* OR NEAR(", "");
  assert_search (store, "bursa şir", "ŞİRKET A.Ş.|Şirket Ltd");
}

static void
test_products (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  SahaQuery query = { .search = "vida" };

  g_free (store_test_create (store, "product", "sku", "VD-10", "name", "Çelik Vida", NULL));
  g_free (store_test_create (store, "product", "sku", "SM-2", "name", "Somun", NULL));
  records = saha_store_list (store, "product", &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);

  query.search = "vd";
  g_clear_pointer (&records, g_ptr_array_unref);
  records = saha_store_list (store, "product", &query, &error);
  g_assert_cmpuint (records->len, ==, 1);

  query.search = "x";
  g_clear_pointer (&records, g_ptr_array_unref);
  g_assert_null (saha_store_list (store, "note", &query, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Both ways of answering a search (from the matches, or along the name index for a
 * prefix matching thousands) give the same pages. */
static void
test_broad_prefix (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  guint count = 0;

  g_assert_true (saha_store_begin (store, &error));
  for (guint i = 0; i < 2300; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s %05u", i % 10 == 0 ? "Demir" : "Kaya",
                                               g_rand_int_range (rand, 0, 100000));
      g_autofree char *id = store_test_create (store, "customer", "name", name, "kind", "person", NULL);

      if (i % 10 != 0)
        g_ptr_array_add (expected, g_steal_pointer (&name));
      /* a deleted match never shows */
      if (i == 5)
        g_assert_true (saha_store_delete (store, "customer", id, &error));
    }
  g_assert_true (saha_store_commit (store, &error));
  g_ptr_array_remove_index (expected, 4);   /* the deleted one (i == 5) */
  g_ptr_array_sort (expected, compare_names);

  for (guint pass = 0; pass < 2; pass++)
    {
      SahaQuery query = { .search = pass == 0 ? "ka" : "KAYA", .limit = 50, .offset = 1000 };
      g_autoptr(GPtrArray) records = saha_store_list (store, "customer", &query, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (records->len, ==, 50);
      for (guint i = 0; i < records->len; i++)
        g_assert_cmpstr (saha_record_get (records->pdata[i], "name"), ==, expected->pdata[1000 + i]);

      query.descending = TRUE;
      query.offset = 0;
      g_clear_pointer (&records, g_ptr_array_unref);
      records = saha_store_list (store, "customer", &query, &error);
      g_assert_cmpstr (saha_record_get (records->pdata[0], "name"), ==, expected->pdata[expected->len - 1]);

      g_assert_true (saha_store_count (store, "customer", &query, &count, &error));
      g_assert_cmpuint (count, ==, expected->len);
    }

  {
    SahaQuery query = { .search = "dem", .limit = 10 };
    g_autoptr(GPtrArray) records = saha_store_list (store, "customer", &query, &error);

    g_assert_cmpuint (records->len, ==, 10);
  }

  /* a broad prefix with a literal "*": walked along the name index, and no name has one */
  {
    SahaQuery query = { .search = "ka*", .limit = 10 };
    g_autoptr(GPtrArray) records = saha_store_list (store, "customer", &query, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (records->len, ==, 0);
  }
}

/* Searches inside a transaction see its writes; a failed write and a rollback leave no
 * index rows behind. */
static void
test_transaction (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GError) error = NULL;
  SahaFieldInput bad[] = { { "name", "Hayalet" }, { "kind", "robot" } };

  g_assert_true (saha_store_begin (store, &error));
  g_free (store_test_create (store, "customer", "name", "Gölbaşı Fırın", "kind", "company", NULL));
  assert_search (store, "gölb", "Gölbaşı Fırın");
  g_free (store_test_create (store, "customer", "name", "Gölcük Balık", "kind", "company", NULL));
  g_assert_null (saha_store_create (store, "customer", bad, G_N_ELEMENTS (bad), &error));
  g_clear_error (&error);
  g_assert_true (saha_store_commit (store, &error));
  assert_search (store, "göl", "Gölbaşı Fırın|Gölcük Balık");
  assert_search (store, "hayalet", "");
  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM customer_search"), ==, 2);

  g_assert_true (saha_store_begin (store, &error));
  g_free (store_test_create (store, "customer", "name", "Gölyaka Et", "kind", "company", NULL));
  saha_store_rollback (store);
  assert_search (store, "gölya", "");
  g_assert_cmpint (store_test_query_int (store, "SELECT count(*) FROM customer_search"), ==, 2);
}

/* The search text is text: quotes, "*", "-", "OR" and the like are looked for as typed,
 * never read as FTS syntax, and a search of punctuation alone finds the records that
 * hold it instead of listing everything. */
static void
test_literal (void)
{
  g_autoptr(SahaStore) store = store_with_customers ();
  g_autoptr(GError) error = NULL;
  guint count = 0;
  SahaQuery query = { .search = "\"" };

  g_free (store_test_create (store, "customer", "name", "\"Yıldız\" Tekstil", "kind", "company",
                             "city", "Bursa", NULL));
  g_free (store_test_create (store, "customer", "name", "Star*Net Bilişim", "kind", "company",
                             "city", "Ankara", NULL));
  g_free (store_test_create (store, "customer", "name", "Ak-Pen Kırtasiye", "kind", "company",
                             "city", "İzmir", NULL));
  g_free (store_test_create (store, "customer", "name", "Orhan Or Yapı", "kind", "company",
                             "city", "Van", NULL));

  assert_search (store, "\"", "\"Yıldız\" Tekstil");
  assert_search (store, "\"yıldız\"", "\"Yıldız\" Tekstil");
  assert_search (store, "\"yildiz", "\"Yıldız\" Tekstil");
  assert_search (store, "'", "");
  assert_search (store, "*", "Star*Net Bilişim");
  assert_search (store, "star*", "Star*Net Bilişim");
  assert_search (store, "ŞİR*", "");
  assert_search (store, "-", "Ak-Pen Kırtasiye");
  assert_search (store, "ak-pen", "Ak-Pen Kırtasiye");
  /* "-" is no NOT: "-pen" is the text "-pen" */
  assert_search (store, "-pen", "Ak-Pen Kırtasiye");
  assert_search (store, "-bursa", "");
  /* "OR" is a word, not an operator: both words must be there */
  assert_search (store, "OR", "Orhan Or Yapı");
  assert_search (store, "şirket OR", "");
  assert_search (store, "NEAR(", "");
  assert_search (store, "A.Ş.", "ŞİRKET A.Ş.");
  assert_search (store, "a.s.", "ŞİRKET A.Ş.");
  assert_search (store, "bursa \"", "\"Yıldız\" Tekstil");
  /* white space alone searches nothing: the whole list */
  query.search = "  ";
  g_assert_true (saha_store_count (store, "customer", &query, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 9);
  query.search = "\"";
  g_assert_true (saha_store_count (store, "customer", &query, &count, &error));
  g_assert_cmpuint (count, ==, 1);

  /* a search of punctuation alone on an entity with no index is refused, like any search */
  g_assert_null (saha_store_list (store, "note", &query, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/search/istanbul", test_istanbul);
  g_test_add_func ("/store/search/dotless-i", test_dotless_i);
  g_test_add_func ("/store/search/sirket", test_sirket);
  g_test_add_func ("/store/search/follows-writes", test_updates_and_misc);
  g_test_add_func ("/store/search/products", test_products);
  g_test_add_func ("/store/search/broad-prefix", test_broad_prefix);
  g_test_add_func ("/store/search/transaction", test_transaction);
  g_test_add_func ("/store/search/literal", test_literal);

  return g_test_run ();
}
