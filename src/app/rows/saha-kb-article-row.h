/* saha-kb-article-row.h: the row of one knowledge-base article, shared by the Knowledge
 * base page and a service call's article panel.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store-kb.h"

G_BEGIN_DECLS

/* An AdwExpanderRow named "kb-article": the article's title, how many calls it solved
 * (and its tags, with @show_tags) under it, and its body, selectable, inside. */
GtkWidget *saha_kb_article_row_new (SahaKbMatch *match,
                                    gboolean     show_tags);

G_END_DECLS
