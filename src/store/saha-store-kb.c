/* saha-store-kb.c: the knowledge base: article search, articles for a service call, solved counts.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-store-kb.h"
#include "saha-store-private.h"

/* Words of a problem shorter than this, or in stop_words, say nothing about the fault
 * and would match half the knowledge base as prefixes. */
#define MIN_PROBLEM_WORD 3

static const char * const stop_words[] = {
  /* Turkish (as saha_text_query_tokens folds them, both foldings) */
  "bir", "var", "yok", "ve", "ile", "için", "icin", "çok", "cok", "daha", "gibi", "olan",
  "ama", "veya", "değil", "degil", "sonra", "önce", "once", "hiç", "hic",
  /* English */
  "the", "and", "not", "for", "with", "does", "doesn", "after", "before",
  NULL
};

/**
 * saha_kb_match_free:
 * @match: (nullable): a knowledge base match
 *
 * Frees @match and its strings.
 */
void
saha_kb_match_free (SahaKbMatch *match)
{
  if (match == NULL)
    return;
  g_clear_pointer (&match->record, saha_record_unref);
  g_free (match);
}

/**
 * saha_store_kb_solved_count:
 * @self: a store
 * @article_id: a knowledge base article's id
 * @count: (out): the live service calls whose kb_article is @article_id
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_kb_solved_count (SahaStore   *self,
                            const char  *article_id,
                            guint       *count,
                            GError     **error)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  /* service_call_kb_article (0004-crm.sql) makes this one index range. */
  stmt = saha_store_prepare (self, "SELECT count(*) FROM service_call "
                             "WHERE \"kb_article\" = ? AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      saha_store_set_sqlite_error (self, error, "counting solved calls");
      return FALSE;
    }
  *count = sqlite3_column_int (stmt, 0);
  return TRUE;
}

static SahaKbMatch *
match_new (SahaStore   *self,
           SahaRecord  *record,
           GError     **error)
{
  g_autoptr(SahaRecord) owned = record;
  SahaKbMatch *match;
  guint count;

  if (!saha_store_kb_solved_count (self, saha_record_get_id (record), &count, error))
    return NULL;
  match = g_new0 (SahaKbMatch, 1);
  match->record = g_steal_pointer (&owned);
  match->solved_count = count;
  return match;
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const SahaKbMatch *ma = *(SahaKbMatch * const *) a;
  const SahaKbMatch *mb = *(SahaKbMatch * const *) b;
  int by_title;

  if (ma->same_product != mb->same_product)
    return ma->same_product ? -1 : 1;
  if (ma->matched_words != mb->matched_words)
    return ma->matched_words > mb->matched_words ? -1 : 1;
  if (ma->solved_count != mb->solved_count)
    return ma->solved_count > mb->solved_count ? -1 : 1;
  by_title = saha_collation_compare (saha_record_get (ma->record, "title"),
                                     saha_record_get (mb->record, "title"));
  if (by_title != 0)
    return by_title;
  return g_strcmp0 (saha_record_get_id (ma->record), saha_record_get_id (mb->record));
}

static void
truncate_to (GPtrArray *matches,
             guint      limit)
{
  if (limit > 0 && matches->len > limit)
    g_ptr_array_set_size (matches, limit);
}

/* Appends a match for each live article @query finds to @matches, and to @by_id by
 * record id when it is not NULL; @same_product marks them found by the product. */
static gboolean
add_matches (SahaStore        *self,
             const SahaQuery  *query,
             gboolean          same_product,
             GPtrArray        *matches,
             GHashTable       *by_id,
             GError          **error)
{
  g_autoptr(GPtrArray) records = saha_store_list (self, "kb_article", query, error);

  if (records == NULL)
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    {
      SahaKbMatch *match = match_new (self, saha_record_ref (g_ptr_array_index (records, i)), error);

      if (match == NULL)
        return FALSE;
      match->same_product = same_product;
      g_ptr_array_add (matches, match);
      if (by_id != NULL)
        g_hash_table_insert (by_id, (gpointer) saha_record_get_id (match->record), match);
    }
  return TRUE;
}

/**
 * saha_store_kb_search:
 * @self: a store
 * @text: what a person typed
 * @limit: the most articles returned; 0 for all
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Articles with words starting with every word of @text (Turkish-correct, like
 * saha_store_list()'s search), most solved first, then by title.
 *
 * Returns: (transfer full) (element-type SahaKbMatch) (nullable): the matches, or %NULL
 *   with @error set
 */
GPtrArray *
saha_store_kb_search (SahaStore   *self,
                      const char  *text,
                      guint        limit,
                      GError     **error)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_kb_match_free);
  SahaQuery query = { .search = text, .order_by = "title" };

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);

  if (!add_matches (self, &query, FALSE, matches, NULL, error))
    return NULL;

  /* The article that solved most calls is the one a technician wants first. */
  g_ptr_array_sort (matches, compare_matches);
  truncate_to (matches, limit);
  return g_steal_pointer (&matches);
}

/* The live article at @rowid of kb_article, or NULL with *error unset when there is none. */
static SahaRecord *
article_at_rowid (SahaStore  *self,
                  gint64      rowid,
                  GError    **error)
{
  const SahaEntityDef *def = saha_schema_lookup ("kb_article");
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM kb_article AS t "
                                          "WHERE t.rowid = ? AND t.deleted = 0",
                                          saha_store_row_columns (def));
  g_autoptr(SahaStoreStmt) stmt = saha_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, rowid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return saha_store_record_from_row (self, def, stmt, 0, error);
  if (rc != SQLITE_DONE)
    saha_store_set_sqlite_error (self, error, "reading an article");
  return NULL;
}

/* The distinct words of @problem worth searching for, and the column they match. */
static GPtrArray *
problem_words (const char *problem,
               gboolean   *use_ascii)
{
  g_auto(GStrv) tokens = saha_text_query_tokens (problem, use_ascii);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; tokens != NULL && tokens[i] != NULL; i++)
    {
      gboolean plain = TRUE;

      for (const char *p = tokens[i]; *p != '\0' && plain; p = g_utf8_next_char (p))
        plain = g_unichar_isalnum (g_utf8_get_char (p));
      if (!plain || g_utf8_strlen (tokens[i], -1) < MIN_PROBLEM_WORD ||
          g_strv_contains (stop_words, tokens[i]) ||
          g_ptr_array_find_with_equal_func (words, tokens[i], g_str_equal, NULL))
        continue;
      g_ptr_array_add (words, g_strdup (tokens[i]));
    }
  return words;
}

/**
 * saha_store_kb_for_call:
 * @self: a store
 * @call_id: a service call's id
 * @limit: the most articles returned; 0 for all
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Articles about the call's product first, then those matching any word of its problem;
 * within each, more matched words first, then most solved.
 *
 * Returns: (transfer full) (element-type SahaKbMatch) (nullable): the matches, or %NULL
 *   with @error set
 */
GPtrArray *
saha_store_kb_for_call (SahaStore   *self,
                        const char  *call_id,
                        guint        limit,
                        GError     **error)
{
  g_autoptr(SahaRecord) call = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_kb_match_free);
  g_autoptr(GHashTable) word_hits = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) words = NULL;
  const char *product;
  gboolean use_ascii = FALSE;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);

  call = saha_store_get (self, "service_call", call_id, error);
  if (call == NULL)
    return NULL;
  product = saha_record_get (call, "product");

  if (product != NULL)
    {
      SahaFieldInput where = { "product", product };
      SahaQuery query = { .where = &where, .n_where = 1, .order_by = "title" };

      if (!add_matches (self, &query, TRUE, matches, by_id, error))
        return NULL;
    }

  /* One full-text query per word, each word a prefix, so that an article matching more
   * of the problem's words ranks higher: the "OR" of the words, with a count. */
  words = problem_words (saha_record_get (call, "problem"), &use_ascii);
  if (words->len > 0 && !saha_store_flush_search (self, error))
    return NULL;
  for (guint i = 0; i < words->len; i++)
    {
      g_autoptr(SahaStoreStmt) stmt = saha_store_prepare (self, "SELECT rowid FROM kb_article_search "
                                                          "WHERE kb_article_search MATCH ?", error);
      g_autofree char *match = g_strdup_printf ("%s : \"%s\"*", use_ascii ? "ascii" : "tr",
                                                (const char *) g_ptr_array_index (words, i));
      int rc;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 rowid = sqlite3_column_int64 (stmt, 0);
          guint hits = GPOINTER_TO_UINT (g_hash_table_lookup (word_hits, &rowid));

          /* rowids keeps the order in which articles were first found. */
          if (hits == 0)
            g_array_append_val (rowids, rowid);
          g_hash_table_insert (word_hits, g_memdup2 (&rowid, sizeof rowid),
                               GUINT_TO_POINTER (hits + 1));
        }
      if (rc != SQLITE_DONE)
        {
          saha_store_set_sqlite_error (self, error, "searching articles");
          return NULL;
        }
    }

  for (guint i = 0; i < rowids->len; i++)
    {
      gint64 rowid = g_array_index (rowids, gint64, i);
      guint hits = GPOINTER_TO_UINT (g_hash_table_lookup (word_hits, &rowid));
      GError *local_error = NULL;
      SahaRecord *record = article_at_rowid (self, rowid, &local_error);
      SahaKbMatch *match;

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (record == NULL)
        continue;
      match = g_hash_table_lookup (by_id, saha_record_get_id (record));
      if (match != NULL)
        {
          match->matched_words = hits;
          saha_record_unref (record);
          continue;
        }
      match = match_new (self, record, error);
      if (match == NULL)
        return NULL;
      match->matched_words = hits;
      g_ptr_array_add (matches, match);
    }

  g_ptr_array_sort (matches, compare_matches);
  truncate_to (matches, limit);
  return g_steal_pointer (&matches);
}
