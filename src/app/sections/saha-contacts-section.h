/* saha-contacts-section.h: SahaContactsSection, a customer's contact persons on the 360°
 * page: listed with their own contact preferences, added, edited and deleted there.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_CONTACTS_SECTION (saha_contacts_section_get_type ())
G_DECLARE_FINAL_TYPE (SahaContactsSection, saha_contacts_section, SAHA, CONTACTS_SECTION,
                      AdwPreferencesGroup)

/* Lists @contacts (SahaRecord*), the contact persons of @customer (NULL: none) as the
 * page read them on a worker; reads nothing itself. Each row's call, message and e-mail
 * buttons are off for a channel the person, or the customer, opted out of, or whose
 * consent @consents (SahaConsent*, the customer's statements) withdraw, and say why.
 * The section emits "changed" after it wrote something: the page reads them again. */
void saha_contacts_section_show (SahaContactsSection *self,
                                 SahaStore           *store,
                                 SahaRecord          *customer,
                                 GPtrArray           *contacts,
                                 GPtrArray           *consents);

/* The channels of @opt_out (the comma-separated "opt_out" field of @entity, "customer" or
 * "contact"; NULL: none) by their labels, "SMS, E-mail"; "" when none. */
char *saha_opt_out_labels        (const char          *entity,
                                  const char          *opt_out);

G_END_DECLS
