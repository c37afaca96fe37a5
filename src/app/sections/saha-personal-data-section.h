/* saha-personal-data-section.h: SahaPersonalDataSection, a customer's rights under KVKK on
 * the 360° page, for office and admin users: the record's history from the server's audit
 * trail, the person's own export (JSON and PDF) and erasure behind a confirmation.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_PERSONAL_DATA_SECTION (saha_personal_data_section_get_type ())
G_DECLARE_FINAL_TYPE (SahaPersonalDataSection, saha_personal_data_section, SAHA,
                      PERSONAL_DATA_SECTION, AdwPreferencesGroup)

/* Shows the section for @customer (NULL: hidden); it is visible only when @role, the
 * signed-in user's (the replica's "user_role", read by the page on a worker), is office
 * or admin. Reads nothing. */
void      saha_personal_data_section_show      (SahaPersonalDataSection *self,
                                                SahaStore               *store,
                                                SahaRecord              *customer,
                                                const char              *role);

/* What erasing the shown customer blanks besides the record itself, as the confirmation
 * names it: "2 contact persons, 3 notes, 1 visit and 1 signature". */
char     *saha_personal_data_section_describe_erasure (SahaPersonalDataSection *self);

/* Opens the confirmation of erasure ("erase-dialog"); its "erase" response asks the
 * server to erase the customer (saha_sync_erase(), in a worker thread), then syncs. */
void      saha_personal_data_section_ask_erase (SahaPersonalDataSection *self);

/* Writes the person's export (saha_person_export_build()) as a PDF at @pdf_path and the
 * JSON document beside it (the same name ending in .json), in a worker thread. The
 * "Export…" button asks for @pdf_path first. */
void      saha_personal_data_section_export_to (SahaPersonalDataSection *self,
                                                const char              *pdf_path);

/* TRUE while an erasure or an export runs. */
gboolean  saha_personal_data_section_get_busy  (SahaPersonalDataSection *self);
/* The last outcome shown to the person (a toast's text), or NULL. */
const char *saha_personal_data_section_get_last_message (SahaPersonalDataSection *self);

/* Whether the signed-in user (the replica's "user_role") may erase and export: office or
 * admin. The server decides again. */
gboolean  saha_personal_data_can_erase         (SahaStore               *store);

/* Asks to erase contact person @contact ("erase-contact-dialog", naming their consent
 * statements); its "erase" response asks the server (saha_sync_erase(), in a worker
 * thread), then syncs. The outcome is a toast over @from. */
void      saha_personal_data_ask_erase_contact (GtkWidget               *from,
                                                SahaStore               *store,
                                                SahaRecord              *contact);

G_END_DECLS
