/* saha-kb-page.h: SahaKbPage, searching, reading and (office) writing knowledge base articles.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-page.h"

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_KB_PAGE (saha_kb_page_get_type ())
G_DECLARE_FINAL_TYPE (SahaKbPage, saha_kb_page, SAHA, KB_PAGE, SahaPage)

#define SAHA_KB_SEARCH_LIMIT 50

/* Searches again (the entry's text) in a worker thread. */
void     saha_kb_page_reload      (SahaKbPage *self);

G_END_DECLS
