/* saha-record-editor.h: SahaRecordEditor, the form that creates or edits a customer or a
 * contact person, every field checked as saha-cli checks it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_RECORD_EDITOR (saha_record_editor_get_type ())
G_DECLARE_FINAL_TYPE (SahaRecordEditor, saha_record_editor, SAHA, RECORD_EDITOR, AdwWindow)

/*
 * Edits record @id of @entity ("customer" or "contact"), or creates one when @id is NULL;
 * @parent_id is the customer a new contact person belongs to (NULL for a customer). The
 * rows come from the schema (labels, choices); Save checks every field with the schema's
 * own saha_field_normalize(), the check every write of the store, saha-cli's included,
 * makes, shows each problem under its field and writes nothing until all are right.
 * A saved record emits "saved" with its id, tells the window, and closes the editor.
 */
SahaRecordEditor *saha_record_editor_new   (GtkWindow        *parent,
                                            SahaStore        *store,
                                            const char       *entity,
                                            const char       *id,
                                            const char       *parent_id);
/* What Save does; FALSE (with the problems shown) when something is refused. */
gboolean          saha_record_editor_save  (SahaRecordEditor *self);

G_END_DECLS
