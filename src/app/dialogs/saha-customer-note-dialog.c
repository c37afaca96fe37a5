/* saha-customer-note-dialog.c: SahaCustomerNoteDialog, writing down a call, a complaint or
 * anything said with a customer as a note record.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-customer-note-dialog.h"

static const char * const channels[] = { "call", "email", "sms", "visit", "complaint", "other",
                                          NULL };
static const char * const directions[] = { "in", "out", NULL };

struct _SahaCustomerNoteDialog
{
  SahaRecordDialog  parent_instance;

  GtkWidget        *channel_dropdown;
  GtkWidget        *direction_dropdown;
  GtkWidget        *summary_view;
  GtkWidget        *resolved_check;
};

G_DEFINE_FINAL_TYPE (SahaCustomerNoteDialog, saha_customer_note_dialog, SAHA_TYPE_RECORD_DIALOG)

static char *
summary_text (SahaCustomerNoteDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->summary_view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

/* "Add" stays off while there is nothing to write down, and the dialog says so. */
static void
on_summary_changed (SahaCustomerNoteDialog *self)
{
  g_autofree char *summary = summary_text (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "add", *summary != '\0');
  saha_record_dialog_show_error (SAHA_RECORD_DIALOG (self), NULL);
}

char *
saha_customer_note_dialog_save (SahaCustomerNoteDialog *self)
{
  g_autofree char *summary = summary_text (self);
  SahaRecordDialog *dialog = SAHA_RECORD_DIALOG (self);
  g_autofree char *user = saha_store_get_setting (saha_record_dialog_get_store (dialog), "user");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  guint channel = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->channel_dropdown));
  guint direction = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->direction_dropdown));
  gboolean resolved = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->resolved_check));
  g_autoptr(GError) error = NULL;
  char *id;
  SahaFieldInput inputs[] = {
    { "customer", saha_record_dialog_get_customer_id (dialog) },
    { "summary", summary },
    { "channel", channel < G_N_ELEMENTS (channels) - 1 ? channels[channel] : "other" },
    { "direction", direction < 2 ? directions[direction] : "in" },
    { "status", resolved ? "resolved" : "open" },
    { "at", at },
    { "by", user },
  };

  g_return_val_if_fail (SAHA_IS_CUSTOMER_NOTE_DIALOG (self), NULL);

  if (*summary == '\0')
    {
      saha_record_dialog_show_error (dialog, _("Write what was said first."));
      return NULL;
    }

  id = saha_record_dialog_create (dialog, "note", inputs,
                                  user != NULL && *user != '\0' ? G_N_ELEMENTS (inputs)
                                                                : G_N_ELEMENTS (inputs) - 1,
                                  &error);
  if (id == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The note is not saved: %s"),
                                                  error->message);

      saha_record_dialog_show_error (dialog, message);
    }
  return id;
}

static char *
save (SahaRecordDialog *dialog)
{
  return saha_customer_note_dialog_save (SAHA_CUSTOMER_NOTE_DIALOG (dialog));
}

SahaCustomerNoteDialog *
saha_customer_note_dialog_new (GtkWindow  *parent,
                               SahaStore  *store,
                               const char *customer_id)
{
  SahaCustomerNoteDialog *self;

  g_return_val_if_fail (SAHA_IS_STORE (store), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  self = g_object_new (SAHA_TYPE_CUSTOMER_NOTE_DIALOG, "transient-for", parent, "modal", TRUE,
                       NULL);
  saha_record_dialog_set_customer (SAHA_RECORD_DIALOG (self), store, customer_id);
  return self;
}

static void
saha_customer_note_dialog_class_init (SahaCustomerNoteDialogClass *klass)
{
  SAHA_RECORD_DIALOG_CLASS (klass)->save = save;

  saha_record_dialog_class_set_template (GTK_WIDGET_CLASS (klass),
                                         "/org/sahacrm/Saha/saha-customer-note-dialog.ui");
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), SahaCustomerNoteDialog,
                                        channel_dropdown);
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), SahaCustomerNoteDialog,
                                        direction_dropdown);
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), SahaCustomerNoteDialog,
                                        summary_view);
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), SahaCustomerNoteDialog,
                                        resolved_check);
}

static void
saha_customer_note_dialog_init (SahaCustomerNoteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The buffer is the text view's own, so it is connected here, not in the template. */
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->summary_view)),
                            "changed", G_CALLBACK (on_summary_changed), self);
}
