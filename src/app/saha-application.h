/* saha-application.h: SahaApplication, the application object that opens the replica.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SAHA_TYPE_APPLICATION (saha_application_get_type ())
G_DECLARE_FINAL_TYPE (SahaApplication, saha_application, SAHA, APPLICATION, AdwApplication)

SahaApplication *saha_application_new        (void);
GSettings       *saha_application_get_settings (SahaApplication *self);

/* Binds the "saha" text domain to SAHA_LOCALEDIR when set (tests, screenshots of an
 * uninstalled build), else to the installed locale directory. */
void             saha_application_setup_i18n (void);
/* Whether what the application needs besides its binary is where it looks: the settings
 * schema (without it GSettings aborts the process) and, as @warning, the translations of
 * the user's language. Both say what is missing and how to run Saha from a build tree. */
gboolean         saha_application_check_setup (char   **warning,
                                               GError **error);

/* The replica the app opens: --db, else $SAHA_DB, else the default profile's. */
char            *saha_application_dup_db_path (SahaApplication *self);

G_END_DECLS
