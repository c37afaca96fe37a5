/* saha-text.h: Turkish-correct text folding for search.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Search in Saha folds text two ways and indexes both (see docs/search.md):
 *
 *  - Turkish folding: lower case by Turkish rules (İ → i, I → ı, Ş → ş ...), diacritics
 *    kept. "IŞIK" and "ışık" fold alike; "işık" stays apart from them.
 *  - ASCII folding: every i-like letter (i, ı, İ, I) → i, Turkish and other Latin
 *    diacritics removed (ş → s, ç → c, ğ → g, ö → o, ü → u ...), lower case.
 *
 * A query typed in pure ASCII ("istanbul", "sirket") is matched against the ASCII
 * folding, so people without a Turkish keyboard find "İSTANBUL" and "ŞİRKET"; a query
 * with any non-ASCII letter ("İst", "ışık") is matched against the Turkish folding, so
 * "işık" never finds "ışık".
 */
char     *saha_text_fold_turkish (const char *text);
char     *saha_text_fold_ascii   (const char *text);
gboolean  saha_text_is_ascii     (const char *text);

/* Splits a query into word tokens (letters and digits), folded per the rule above.
 * *use_ascii tells which folding the tokens are in. */
GStrv     saha_text_query_tokens (const char *query,
                                  gboolean   *use_ascii);

G_END_DECLS
