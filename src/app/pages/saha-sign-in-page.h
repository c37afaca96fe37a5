/* saha-sign-in-page.h: SahaSignInPage, the form that signs a replica in to a sync server.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SAHA_TYPE_SIGN_IN_PAGE (saha_sign_in_page_get_type ())
G_DECLARE_FINAL_TYPE (SahaSignInPage, saha_sign_in_page, SAHA, SIGN_IN_PAGE, GtkWidget)

/* The replica that signing in is for, and the server address offered at first. */
void     saha_sign_in_page_setup           (SahaSignInPage *self,
                                            const char     *db_path,
                                            const char     *server_url);
/* Whether "Continue offline" is offered: only for a replica that holds records. */
void     saha_sign_in_page_set_can_work_offline (SahaSignInPage *self,
                                                 gboolean        can_work_offline);
/* Shows @message (NULL: none) under the form. */
void     saha_sign_in_page_show_error      (SahaSignInPage *self,
                                            const char     *message);
/* The error shown under the form, or NULL. */
const char *saha_sign_in_page_get_error    (SahaSignInPage *self);

G_END_DECLS
