/* saha-consent-section.h: SahaConsentSection, a customer's consent statements (KVKK) on
 * the 360° page: the customer's own and its contact persons', newest first, and a button
 * that records a new one.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_CONSENT_SECTION (saha_consent_section_get_type ())
G_DECLARE_FINAL_TYPE (SahaConsentSection, saha_consent_section, SAHA, CONSENT_SECTION,
                      AdwPreferencesGroup)

/* Lists the consent statements of @customer (NULL: none) and of its contact persons:
 * each row says the purpose and given or withdrawn, whose statement it is, when (local
 * time), how and who recorded it. The section emits "changed" after it wrote a record. */
void saha_consent_section_show (SahaConsentSection *self,
                                SahaStore          *store,
                                SahaRecord         *customer);

/* Formats a consent record for its row: "Marketing SMS: withdrawn" as *title and the
 * rest (person, time, method, recorder) as *subtitle. Shared with the campaign page's
 * reason. */
void saha_consent_describe     (SahaStore          *store,
                                SahaRecord         *consent,
                                char              **title,
                                char              **subtitle);

/* Why @channel ("phone", "sms", "email") may not be used for the customer (@contact_id
 * NULL) or one of its contact persons, from @consents (the customer's statements as
 * saha_store_list_consents() read them on a worker; NULL: not known): "Consent withdrawn:
 * Marketing SMS, DATE" for the statement saha_consent_find_withdrawal() finds, or NULL
 * when none keeps them. Reads nothing. */
char *saha_consent_withdrawal_reason (GPtrArray          *consents,
                                      const char         *contact_id,
                                      const char         *channel);

G_END_DECLS
