/* saha-store-kb.h: the knowledge base: fix-it articles found by words, product and calls solved.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-store.h"

G_BEGIN_DECLS

/* A knowledge base article found by a search, with how many service calls it solved. */
typedef struct
{
  SahaRecord *record;
  guint       solved_count;
  guint       matched_words;  /* kb_for_call: words of the problem it matched */
  gboolean    same_product;   /* kb_for_call: about the call's product */
} SahaKbMatch;

void        saha_kb_match_free              (SahaKbMatch *match);

/* The live service calls whose kb_article is @article_id. */
gboolean    saha_store_kb_solved_count      (SahaStore   *self,
                                             const char  *article_id,
                                             guint       *count,
                                             GError     **error);

/* Articles with words starting with every word of @text (Turkish-correct, like
 * saha_store_list's search), most solved first, then by title; @limit 0: all. */
GPtrArray  *saha_store_kb_search            (SahaStore   *self,
                                             const char  *text,
                                             guint        limit,
                                             GError     **error);

/* Articles for service call @call_id: those about its product first, then those matching
 * any word of its problem; within each, more matched words first, then most solved. */
GPtrArray  *saha_store_kb_for_call          (SahaStore   *self,
                                             const char  *call_id,
                                             guint        limit,
                                             GError     **error);

G_END_DECLS
