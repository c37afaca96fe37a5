/* saha-editor-page.h: SahaEditorPage, the base of an editor shown beside a list as a page
 * (an order, a service call, a visit): its template, its message line, Back and the
 * "done" and "saved" signals.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SAHA_TYPE_EDITOR_PAGE (saha_editor_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (SahaEditorPage, saha_editor_page, SAHA, EDITOR_PAGE, GtkWidget)

struct _SahaEditorPageClass
{
  GtkWidgetClass parent_class;
};

/* For the subclasses. */

/* Sets the subclass's template from @resource, binds its "message_label" and installs
 * @back_action ("call.back"), which emits "done". */
void        saha_editor_page_class_set_template (GtkWidgetClass *widget_class,
                                                 const char     *resource,
                                                 const char     *back_action);
/* Shows @message (NULL hides the line) as an error or as a success. */
void        saha_editor_page_show_message (SahaEditorPage *self,
                                           const char     *message,
                                           gboolean        is_error);
const char *saha_editor_page_get_message  (SahaEditorPage *self);
/* Emits "saved" for the record @id. */
void        saha_editor_page_saved        (SahaEditorPage *self,
                                           const char     *id);

G_END_DECLS
