/* saha-cancel-dialog.c: SahaCancelDialog, the confirmation and reason of a cancellation.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-cancel-dialog.h"

struct _SahaCancelDialog
{
  AdwMessageDialog  parent_instance;

  GtkWidget        *reason_entry;
};

G_DEFINE_FINAL_TYPE (SahaCancelDialog, saha_cancel_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  CONFIRMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_reason (SahaCancelDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
}

static void
on_reason_changed (SahaCancelDialog *self)
{
  g_autofree char *reason = dup_reason (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "cancel-record",
                                           *reason != '\0');
}

static void
saha_cancel_dialog_response (AdwMessageDialog *dialog,
                             const char       *response)
{
  SahaCancelDialog *self = SAHA_CANCEL_DIALOG (dialog);
  g_autofree char *reason = dup_reason (self);

  if (g_strcmp0 (response, "cancel-record") == 0 && *reason != '\0')
    g_signal_emit (self, signals[CONFIRMED], 0, reason);
}

static void
saha_cancel_dialog_class_init (SahaCancelDialogClass *klass)
{
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  dialog_class->response = saha_cancel_dialog_response;

  /* The person confirmed the cancellation; the argument is the reason. */
  signals[CONFIRMED] = g_signal_new ("confirmed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
saha_cancel_dialog_init (SahaCancelDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  self->reason_entry = gtk_entry_new ();
  gtk_widget_set_name (self->reason_entry, "cancel-reason");
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->reason_entry),
                                  _("Why, e.g. the customer fixed it themselves"));
  gtk_entry_set_activates_default (GTK_ENTRY (self->reason_entry), TRUE);
  g_signal_connect_swapped (self->reason_entry, "changed", G_CALLBACK (on_reason_changed), self);
  adw_message_dialog_set_extra_child (dialog, self->reason_entry);

  adw_message_dialog_add_responses (dialog,
                                    "keep", _("_Keep It"),
                                    "cancel-record", _("C_ancel It"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "cancel-record", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (dialog, "cancel-record", FALSE);
  adw_message_dialog_set_default_response (dialog, "keep");
  adw_message_dialog_set_close_response (dialog, "keep");
  gtk_widget_set_name (GTK_WIDGET (self), "cancel-dialog");
}

SahaCancelDialog *
saha_cancel_dialog_new (GtkWindow  *parent,
                        const char *entity,
                        const char *number)
{
  SahaCancelDialog *self;
  g_autofree char *heading = NULL;

  g_return_val_if_fail (entity != NULL, NULL);

  self = g_object_new (SAHA_TYPE_CANCEL_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  if (g_str_equal (entity, "order"))
    /* Translators: %s is an order's number */
    heading = g_strdup_printf (_("Cancel Order %s?"), number != NULL ? number : "");
  else
    /* Translators: %s is a service call's number */
    heading = g_strdup_printf (_("Cancel Service Call %s?"), number != NULL ? number : "");
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                               _("Write why it is cancelled: the reason is kept with it, "
                                 "for everyone who reads it later."));
  return self;
}
