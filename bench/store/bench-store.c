/* bench-store.c: how fast the replica writes, searches and pages 100,000 customers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints figures only; nothing here passes or fails. Usage: bench-store [N_CUSTOMERS]
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "saha-store-private.h"

static guint BATCH = 1000;
#define N_SEARCHES 1000
#define N_PAGES 500

static const char * const first_names[] = {
  "Ahmet", "Mehmet", "Ayşe", "Fatma", "Emine", "Hatice", "Mustafa", "Ali", "Hüseyin", "Hasan",
  "İbrahim", "İsmail", "Zeynep", "Elif", "Şükrü", "Özlem", "Gülşen", "Çağla", "Ilgaz", "Işıl",
  "Burak", "Cem", "Deniz", "Ece", "Oğuz", "Ömer", "Tuğba", "Ümit", "Yasin", "Kübra",
};
static const char * const last_names[] = {
  "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
  "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan",
  "Şimşek", "Işık", "Güneş", "Erdoğan", "Aktaş", "Polat", "Keskin", "Taş", "Ünal", "Bulut",
};
static const char * const trades[] = {
  "Gıda", "İnşaat", "Tekstil", "Otomotiv", "Elektrik", "Mobilya", "Kuyumculuk", "Eczane",
  "Lojistik", "Tarım", "Makine", "Bilişim", "Turizm", "Yapı Market", "Şarküteri", "Ilıca",
};
static const char * const suffixes[] = { "Ltd. Şti.", "A.Ş.", "Ticaret", "ve Ortakları", "Sanayi" };
static const char * const cities[][4] = {
  { "İstanbul", "Kadıköy", "Üsküdar", "Beşiktaş" },
  { "Ankara", "Çankaya", "Keçiören", "Yenimahalle" },
  { "İzmir", "Karşıyaka", "Bornova", "Buca" },
  { "Bursa", "Osmangazi", "Nilüfer", "Yıldırım" },
  { "Antalya", "Muratpaşa", "Konyaaltı", "Kepez" },
  { "Konya", "Selçuklu", "Meram", "Karatay" },
  { "Eskişehir", "Odunpazarı", "Tepebaşı", "Sivrihisar" },
  { "Iğdır", "Aralık", "Karakoyunlu", "Tuzluca" },
  { "Şanlıurfa", "Haliliye", "Eyyübiye", "Siverek" },
  { "Çanakkale", "Gelibolu", "Biga", "Ayvacık" },
};

typedef struct
{
  char *values[12];
} Row;

static const char * const row_fields[] = {
  "id", "name", "kind", "code", "phone", "email", "district", "city", "credit_limit",
  "preferred_channel", "assigned_to", "notes",
};

static char *
make_email (const char *name,
            guint       n)
{
  g_autofree char *ascii = saha_text_fold_ascii (name);
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0' && out->len < 20; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, *p);
  g_string_append_printf (out, "%u@example.com.tr", n);
  return g_string_free (out, FALSE);
}

static void
make_row (GRand *rand,
          guint  n,
          Row   *row)
{
  const char *first = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
  const char *last = last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))];
  guint city = g_rand_int_range (rand, 0, G_N_ELEMENTS (cities));
  gboolean company = g_rand_boolean (rand);
  char *name;

  if (company)
    name = g_strdup_printf ("%s %s %s", last, trades[g_rand_int_range (rand, 0, G_N_ELEMENTS (trades))],
                            suffixes[g_rand_int_range (rand, 0, G_N_ELEMENTS (suffixes))]);
  else
    name = g_strdup_printf ("%s %s", first, last);

  row->values[0] = saha_id_new ();
  row->values[1] = name;
  row->values[2] = g_strdup (company ? "company" : "person");
  row->values[3] = g_strdup_printf ("C-%06u", n);
  row->values[4] = g_strdup_printf ("+90 5%02d %03d %04d", g_rand_int_range (rand, 30, 60),
                                    g_rand_int_range (rand, 100, 1000), g_rand_int_range (rand, 0, 10000));
  row->values[5] = make_email (name, n);
  row->values[6] = g_strdup (cities[city][g_rand_int_range (rand, 1, 4)]);
  row->values[7] = g_strdup (cities[city][0]);
  row->values[8] = g_strdup_printf ("%d.%02d", g_rand_int_range (rand, 0, 500000), g_rand_int_range (rand, 0, 100));
  row->values[9] = g_strdup (((const char *[]) { "phone", "sms", "email", "visit" })[g_rand_int_range (rand, 0, 4)]);
  row->values[10] = g_strdup_printf ("rep%02d", g_rand_int_range (rand, 1, 40));
  row->values[11] = g_rand_int_range (rand, 0, 4) == 0
                    ? g_strdup ("Ödemelerini düzenli yapar; salı günleri ziyaret edilmeli.")
                    : NULL;
}

/* Seconds of CPU this process used: on a shared machine wall time also counts the time
 * other processes held the cores. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *samples,
            double  p)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, (guint) (p * (samples->len - 1)));
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : 0;
}

/* The same rows into a plain table with the same columns: what SQLite alone costs. With
 * @like_store, the table also has the store's indexes and commits every BATCH rows, which
 * tells the cost of the batches and indexes apart from the store's own work. */
static double
raw_insert_rate (const char *path,
                 Row        *rows,
                 guint       n_rows,
                 gboolean    like_store)
{
  const SahaEntityDef *def = saha_schema_lookup ("customer");
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start;
  double seconds;

  g_assert (sqlite3_open (path, &db) == SQLITE_OK);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                    "CREATE TABLE customer (id TEXT PRIMARY KEY, name TEXT, kind TEXT, code TEXT, "
                    "phone TEXT, email TEXT, district TEXT, city TEXT, credit_limit INTEGER, "
                    "preferred_channel TEXT, assigned_to TEXT, notes TEXT)",
                NULL, NULL, NULL);
  if (like_store)
    sqlite3_exec (db, "CREATE INDEX customer_name ON customer (name, id);"
                      "CREATE INDEX customer_code ON customer (code);"
                      "CREATE INDEX customer_assigned_to ON customer (assigned_to);",
                  NULL, NULL, NULL);
  g_assert (sqlite3_prepare_v2 (db, "INSERT INTO customer VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                -1, &stmt, NULL) == SQLITE_OK);

  start = g_get_monotonic_time ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  for (guint i = 0; i < n_rows; i++)
    {
      for (guint c = 0; c < G_N_ELEMENTS (row_fields); c++)
        {
          if (c == 8)
            {
              gint64 minor;

              saha_field_canonical_to_int64 (saha_entity_def_lookup_field (def, "credit_limit"),
                                             rows[i].values[c], &minor);
              sqlite3_bind_int64 (stmt, c + 1, minor);
            }
          else
            sqlite3_bind_text (stmt, c + 1, rows[i].values[c], -1, SQLITE_STATIC);
        }
      g_assert (sqlite3_step (stmt) == SQLITE_DONE);
      sqlite3_reset (stmt);
      if (like_store && i % BATCH == BATCH - 1)
        sqlite3_exec (db, "COMMIT; BEGIN", NULL, NULL, NULL);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  seconds = (g_get_monotonic_time () - start) / 1e6;

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n_rows / seconds;
}

int
main (int   argc,
      char *argv[])
{
  guint n_rows = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  g_autofree char *dir = g_dir_make_tmp ("saha-bench-store-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "replica.db", NULL);
  g_autofree char *raw_path = g_build_filename (dir, "raw.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261125);
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) search_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) page_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) deep_ms = g_array_new (FALSE, FALSE, sizeof (double));
  Row *rows = g_new0 (Row, n_rows);
  g_autofree char *raw_indexed_path = g_build_filename (dir, "raw-indexed.db", NULL);
  double rate, cpu_rate, raw_rate, raw_indexed_rate, found = 0, cpu_start;
  gint64 start;

  if (g_getenv ("BENCH_BATCH") != NULL)
    BATCH = MAX (1, atoi (g_getenv ("BENCH_BATCH")));

  for (guint i = 0; i < n_rows; i++)
    make_row (rand, i, &rows[i]);

  store = saha_store_open (path, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  cpu_start = cpu_seconds ();
  for (guint i = 0; i < n_rows; i++)
    {
      SahaFieldInput inputs[G_N_ELEMENTS (row_fields)];
      g_autofree char *id = NULL;

      if (i % BATCH == 0 && !saha_store_begin (store, &error))
        g_error ("%s", error->message);
      for (guint c = 0; c < G_N_ELEMENTS (row_fields); c++)
        inputs[c] = (SahaFieldInput) { row_fields[c], rows[i].values[c] };
      id = saha_store_create (store, "customer", inputs, G_N_ELEMENTS (inputs), &error);
      if (id == NULL)
        g_error ("%s", error->message);
      if ((i % BATCH == BATCH - 1 || i == n_rows - 1) && !saha_store_commit (store, &error))
        g_error ("%s", error->message);
      if (g_getenv ("BENCH_VERBOSE") != NULL && i % 5000 == 4999)
        g_printerr ("%u: %.0f records/s so far\n", i + 1, (i + 1) / ((g_get_monotonic_time () - start) / 1e6));
    }
  rate = n_rows / ((g_get_monotonic_time () - start) / 1e6);
  cpu_rate = n_rows / (cpu_seconds () - cpu_start);

  /* for profiling the write path alone: BENCH_INSERT_ONLY=1 perf record ... */
  if (g_getenv ("BENCH_INSERT_ONLY") != NULL)
    {
      g_print ("insert (saha_store_create): %.0f records/s (%.0f per CPU second)\n", rate, cpu_rate);
      return 0;
    }

  raw_rate = raw_insert_rate (raw_path, rows, n_rows, FALSE);
  raw_indexed_rate = raw_insert_rate (raw_indexed_path, rows, n_rows, TRUE);

  /* Mixed 2-4 letter prefixes of real names, cities and districts, half typed in plain
   * ASCII and half with Turkish letters. */
  for (guint i = 0; i < N_SEARCHES; i++)
    {
      Row *row = &rows[g_rand_int_range (rand, 0, n_rows)];
      const char *source = row->values[g_rand_int_range (rand, 0, 3) == 0 ? 7 : 1];
      g_autofree char *word = g_strdup (source);
      g_autofree char *typed = NULL;
      g_autoptr(GPtrArray) records = NULL;
      guint len = g_rand_int_range (rand, 2, 5);
      SahaQuery query = { .limit = 50 };
      gint64 t;

      if (strchr (word, ' ') != NULL)
        *strchr (word, ' ') = '\0';
      if (g_utf8_strlen (word, -1) > len)
        *g_utf8_offset_to_pointer (word, len) = '\0';
      typed = i % 2 ? saha_text_fold_ascii (word) : g_strdup (word);
      query.search = typed;

      t = g_get_monotonic_time ();
      records = saha_store_list (store, "customer", &query, &error);
      g_assert_no_error (error);
      t = g_get_monotonic_time () - t;
      g_array_append_val (search_ms, (double) { t / 1e3 });
      found += records->len;
    }

  for (guint i = 0; i < N_PAGES; i++)
    {
      g_autoptr(GPtrArray) first = NULL;
      g_autoptr(GPtrArray) deep = NULL;
      SahaQuery query = { .limit = 50 };
      gint64 t;

      t = g_get_monotonic_time ();
      first = saha_store_list (store, "customer", &query, &error);
      g_assert_no_error (error);
      t = g_get_monotonic_time () - t;
      g_array_append_val (page_ms, (double) { t / 1e3 });
      g_assert (first->len == MIN (50, n_rows));

      query.offset = g_rand_int_range (rand, 0, MAX (1, n_rows - 50));
      t = g_get_monotonic_time ();
      deep = saha_store_list (store, "customer", &query, &error);
      t = g_get_monotonic_time () - t;
      g_array_append_val (deep_ms, (double) { t / 1e3 });
    }

  saha_store_exec (store, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);

  g_print ("customers:                 %u\n", n_rows);
  g_print ("insert (saha_store_create): %.0f records/s (%.0f per CPU second)\n", rate, cpu_rate);
  g_print ("insert (raw SQLite):        %.0f records/s\n", raw_rate);
  g_print ("store / raw:                %.0f %%\n", 100 * rate / raw_rate);
  g_print ("insert (raw + indexes, batches of %u): %.0f records/s (store: %.0f %%)\n",
           BATCH, raw_indexed_rate, 100 * rate / raw_indexed_rate);
  g_print ("search median:              %.3f ms\n", percentile (search_ms, 0.5));
  g_print ("search p95:                 %.3f ms (mean %.1f results)\n",
           percentile (search_ms, 0.95), found / N_SEARCHES);
  g_print ("first page median:          %.3f ms\n", percentile (page_ms, 0.5));
  g_print ("random page median:         %.3f ms (p95 %.3f)\n", percentile (deep_ms, 0.5),
           percentile (deep_ms, 0.95));
  g_print ("replica size:               %.1f MiB (%.0f bytes/customer)\n",
           file_size (path) / 1048576.0, (double) file_size (path) / n_rows);
  g_print ("raw table size:             %.1f MiB\n", file_size (raw_path) / 1048576.0);

  g_clear_object (&store);
  if (g_getenv ("BENCH_KEEP") != NULL)
    {
      g_print ("kept:                       %s\n", path);
      return 0;
    }
  for (guint i = 0; i < n_rows; i++)
    for (guint c = 0; c < G_N_ELEMENTS (row_fields); c++)
      g_free (rows[i].values[c]);
  g_free (rows);
  {
    const char *names[] = { "replica.db", "replica.db-wal", "replica.db-shm", "raw.db", "raw.db-wal", "raw.db-shm",
                            "raw-indexed.db", "raw-indexed.db-wal", "raw-indexed.db-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *file = g_build_filename (dir, names[i], NULL);

        g_unlink (file);
      }
    g_rmdir (dir);
  }

  return 0;
}
