/* saha-profitability-page.h: SahaProfitabilityPage, the office's view of who earns money
 * and who costs it over a period.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-page.h"

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_PROFITABILITY_PAGE (saha_profitability_page_get_type ())
G_DECLARE_FINAL_TYPE (SahaProfitabilityPage, saha_profitability_page, SAHA, PROFITABILITY_PAGE,
                      SahaPage)

/* How many customers each list shows. */
#define SAHA_PROFITABILITY_LIMIT 10

/* Computes again for the period typed (YYYY-MM-DD, either may be empty) in a worker
 * thread; "loading" is TRUE until the lists show the result. */
void     saha_profitability_page_reload     (SahaProfitabilityPage *self);

G_END_DECLS
