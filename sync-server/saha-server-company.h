/* saha-server-company.h: the company that service reports name, a server setting every
 * device receives (GET /v1/company).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "saha-server-storage.h"

G_BEGIN_DECLS

/* The company as a JSON object: name, address, tax_office, tax_id, phone, email,
 * labour_rate (an amount per hour, "850.00"), labour_vat ("20"); keys never set are left
 * out. An empty object when nothing was set. */
JsonNode *saha_server_company_load (SahaServerStorage  *storage,
                                    GError            **error);

/* Sets KEY=VALUE pairs (VALUE "" removes the key) after checking each; nothing is written
 * when one is wrong. Call inside a write transaction. */
gboolean  saha_server_company_set  (SahaServerStorage  *storage,
                                    char              **assignments,
                                    GError            **error);

G_END_DECLS
