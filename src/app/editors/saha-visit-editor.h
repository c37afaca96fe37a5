/* saha-visit-editor.h: SahaVisitEditor, checking in at a customer's site, what the visit
 * was for and came to, and checking out.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_VISIT_EDITOR (saha_visit_editor_get_type ())
G_DECLARE_FINAL_TYPE (SahaVisitEditor, saha_visit_editor, SAHA, VISIT_EDITOR, GtkWidget)

GtkWidget  *saha_visit_editor_new          (void);
void        saha_visit_editor_set_store    (SahaVisitEditor *self,
                                            SahaStore       *store);
/* A visit not checked in yet at @customer_id; the signed-in user's open visit there is
 * shown instead when there is one. */
void        saha_visit_editor_new_visit    (SahaVisitEditor *self,
                                            const char      *customer_id);
gboolean    saha_visit_editor_load_visit   (SahaVisitEditor *self,
                                            const char      *visit_id,
                                            GError         **error);
const char *saha_visit_editor_get_visit_id (SahaVisitEditor *self);
/* What the Check In, Check Out and Save buttons do; FALSE (and the editor says why) on
 * wrong input. */
gboolean    saha_visit_editor_check_in     (SahaVisitEditor *self);
gboolean    saha_visit_editor_check_out    (SahaVisitEditor *self);
gboolean    saha_visit_editor_save         (SahaVisitEditor *self);

G_END_DECLS
