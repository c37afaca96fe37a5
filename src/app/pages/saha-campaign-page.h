/* saha-campaign-page.h: SahaCampaignPage, campaigns: the list, a campaign's target and
 * message, its members and the customers left out, exported as CSV.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-page.h"

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_CAMPAIGN_PAGE (saha_campaign_page_get_type ())
G_DECLARE_FINAL_TYPE (SahaCampaignPage, saha_campaign_page, SAHA, CAMPAIGN_PAGE, SahaPage)

/* Members listed on screen; the CSV export holds them all. */
#define SAHA_CAMPAIGN_SHOWN_MEMBERS 200

void        saha_campaign_page_reload       (SahaCampaignPage *self);
/* Shows campaign @id (NULL: a new one, office only) and works out its members in a
 * worker thread. */
void        saha_campaign_page_open         (SahaCampaignPage *self,
                                             const char       *id);
/* Saves the form (office and admin); FALSE with the reason shown on the page. */
gboolean    saha_campaign_page_save         (SahaCampaignPage *self);
/* The members as CSV for an SMS or e-mail tool (name,phone,email,language). */
gboolean    saha_campaign_page_write_csv    (SahaCampaignPage *self,
                                             const char       *path,
                                             GError          **error);

G_END_DECLS
