/* saha-record-dialog.h: SahaRecordDialog, the base of a dialog that writes one record about
 * a customer (a consent statement, a note): its default response saves, a failed write
 * keeps it open with the reason in its error line, and "saved" carries the new id.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_RECORD_DIALOG (saha_record_dialog_get_type ())
G_DECLARE_DERIVABLE_TYPE (SahaRecordDialog, saha_record_dialog, SAHA, RECORD_DIALOG,
                          AdwMessageDialog)

struct _SahaRecordDialogClass
{
  AdwMessageDialogClass parent_class;

  /* Writes the record as the dialog shows it: its id, or NULL with the reason shown. The
   * dialog's default response calls it. */
  char *(*save) (SahaRecordDialog *self);
};

/* For the subclasses. */

/* Sets the subclass's template from @resource and binds its "error_label". */
void        saha_record_dialog_class_set_template (GtkWidgetClass   *widget_class,
                                                   const char       *resource);
/* The replica written to and the customer the record is about, set once at creation. */
void        saha_record_dialog_set_customer    (SahaRecordDialog *self,
                                                SahaStore        *store,
                                                const char       *customer_id);
SahaStore  *saha_record_dialog_get_store       (SahaRecordDialog *self);
const char *saha_record_dialog_get_customer_id (SahaRecordDialog *self);
/* Shows @message in the error line; NULL hides it. */
void        saha_record_dialog_show_error      (SahaRecordDialog *self,
                                                const char       *message);
/* Creates the @entity record of @inputs: its id, emitting "saved", or NULL with @error
 * set (the subclass says why in its own words). */
char       *saha_record_dialog_create          (SahaRecordDialog     *self,
                                                const char           *entity,
                                                const SahaFieldInput *inputs,
                                                guint                 n_inputs,
                                                GError              **error);

G_END_DECLS
