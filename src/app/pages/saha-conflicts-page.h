/* saha-conflicts-page.h: SahaConflictsPage, the records two people changed at once (pick a
 * value or type one) and the pushes the server refused (fix, retry or discard).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-page.h"

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_CONFLICTS_PAGE (saha_conflicts_page_get_type ())
G_DECLARE_FINAL_TYPE (SahaConflictsPage, saha_conflicts_page, SAHA, CONFLICTS_PAGE, SahaPage)

/* Re-reads the conflicts, refusals and set-aside edits from the store and rebuilds the page. */
void   saha_conflicts_page_reload          (SahaConflictsPage *self);
guint  saha_conflicts_page_get_n_conflicts (SahaConflictsPage *self);
guint  saha_conflicts_page_get_n_rejections (SahaConflictsPage *self);
/* Records whose edits are set aside (a refused one is counted here, not in rejections). */
guint  saha_conflicts_page_get_n_set_aside (SahaConflictsPage *self);

/*
 * Every button that decides something has a widget name tests (and screen readers, through
 * its label) can find:
 *   "pick:<record id>:<field>:<n>"   use the n-th value shown for the field
 *   "other:<record id>:<field>"      the entry row for a new value (apply resolves)
 *   "fix:<record id>:<field>"        the entry row editing a refused record's field
 *   "retry:<record id>", "discard:<record id>"
 *   "set-aside:<record id>"          the expander row of a record's set-aside edits
 *   "retry-set-aside:<record id>", "discard-set-aside:<record id>"
 * The page emits "changed" after each write so the window recounts and syncs.
 */

G_END_DECLS
