/* fuzz-csv.c: fuzzes the CSV reader (saha_csv_parse) and the replica's CSV import
 * (saha_store_import_csv) on a fresh replica per input.
 *
 * An input may start with a line "@ENTITY" that picks the entity imported into (default
 * customer); the rest is the CSV file.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <saha-store.h>
#include <string.h>

#include "saha-fuzz.h"

/* A migrated empty replica, kept in memory and written out for each input: opening an
 * existing file is much cheaper than creating and migrating one. */
static GBytes *template_replica;
static char *replica_path;

static void
make_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template_path = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  template_path = g_build_filename (saha_fuzz_scratch_dir (), "template.db", NULL);
  replica_path = g_build_filename (saha_fuzz_scratch_dir (), "replica.db", NULL);
  {
    g_autoptr(SahaStore) store = saha_store_open (template_path, &error);

    g_assert_no_error (error);
    g_assert_nonnull (store);
  }
  g_file_get_contents (template_path, &contents, &length, &error);
  g_assert_no_error (error);
  template_replica = g_bytes_new_take (g_steal_pointer (&contents), length);
}

static SahaStore *
fresh_replica (void)
{
  g_autoptr(GError) error = NULL;
  SahaStore *store;
  gsize length;
  const char *data = g_bytes_get_data (template_replica, &length);

  g_file_set_contents (replica_path, data, (gssize) length, &error);
  g_assert_no_error (error);
  store = saha_store_open (replica_path, &error);
  g_assert_no_error (error);
  return store;
}

static void
remove_replica (void)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (replica_path, suffixes[i], NULL);

      g_remove (path);
    }
}

/* Writing what the reader gave and reading it again must give the same cells: the
 * export of one replica is the import of another. */
static void
check_csv_round_trip (GPtrArray *rows)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GError) error = NULL;
  guint expected = 0;

  for (guint i = 0; i < rows->len; i++)
    {
      SahaCsvRow *row = g_ptr_array_index (rows, i);
      guint n = g_strv_length (row->cells);

      /* A row of one empty cell is written as an empty line, which the reader skips by
       * design (saha-csv.h); every other row must come back. */
      if (n == 1 && row->cells[0][0] == '\0')
        continue;
      saha_csv_append_row (out, (const char * const *) row->cells, n);
      expected++;
    }
  again = saha_csv_parse (out->str, out->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, expected);
  for (guint i = 0, j = 0; i < rows->len; i++)
    {
      SahaCsvRow *row = g_ptr_array_index (rows, i);

      if (g_strv_length (row->cells) == 1 && row->cells[0][0] == '\0')
        continue;
      g_assert_true (g_strv_equal ((const char * const *) row->cells,
                                   (const char * const *) ((SahaCsvRow *) g_ptr_array_index (again, j))->cells));
      j++;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autofree char *entity = g_strdup ("customer");
  const char *csv = (const char *) data;
  gsize length = size;
  guint n_rows = 0;

  if (template_replica == NULL)
    make_template ();

  if (length > 0 && csv[0] == '@')
    {
      const char *end = memchr (csv, '\n', length);

      if (end != NULL)
        {
          g_free (entity);
          entity = g_strndup (csv + 1, end - csv - 1);
          length -= end + 1 - csv;
          csv = end + 1;
        }
    }

  rows = saha_csv_parse (csv, length, &error);
  if (rows == NULL)
    {
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  else
    check_csv_round_trip (rows);

  store = fresh_replica ();
  if (saha_store_import_csv (store, entity, csv, length, &n_rows, &error))
    {
      g_autofree char *exported = NULL;
      g_autofree char *exported_again = NULL;
      guint n_again = 0;

      g_assert_no_error (error);
      /* The reader accepted what the importer accepted. */
      g_assert_nonnull (rows);
      g_assert_cmpuint (n_rows, ==, rows->len - 1);

      /* docs/cli.md: importing an export updates the same records and exports the same
       * CSV again. */
      exported = saha_store_export_csv (store, entity, &error);
      g_assert_no_error (error);
      g_assert_true (saha_store_import_csv (store, entity, exported, strlen (exported), &n_again, &error));
      g_assert_no_error (error);
      exported_again = saha_store_export_csv (store, entity, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (exported, ==, exported_again);
    }
  else
    g_assert_nonnull (error);

  g_clear_object (&store);
  remove_replica ();
  return 0;
}
