/* saha-section-page.h: SahaSectionPage, a sidebar page that states what the replica holds
 * for a part of Saha this version does not edit yet.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SAHA_TYPE_SECTION_PAGE (saha_section_page_get_type ())
G_DECLARE_FINAL_TYPE (SahaSectionPage, saha_section_page, SAHA, SECTION_PAGE, GtkWidget)

/* @summary is the status page's title (a count, e.g. "12 orders"); @description says what
 * the page is for and how to work with those records meanwhile. */
void        saha_section_page_set_status (SahaSectionPage *self,
                                          const char      *summary,
                                          const char      *description);
const char *saha_section_page_get_summary (SahaSectionPage *self);

G_END_DECLS
