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
  AdwMessageDialog  parent_instance;

  SahaStore        *store;
  char             *customer_id;

  GtkWidget        *channel_dropdown;
  GtkWidget        *direction_dropdown;
  GtkWidget        *summary_view;
  GtkWidget        *resolved_check;
  GtkWidget        *error_label;
};

G_DEFINE_FINAL_TYPE (SahaCustomerNoteDialog, saha_customer_note_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
  gtk_widget_set_visible (self->error_label, FALSE);
}

char *
saha_customer_note_dialog_save (SahaCustomerNoteDialog *self)
{
  g_autofree char *summary = summary_text (self);
  g_autofree char *user = saha_store_get_setting (self->store, "user");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  guint channel = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->channel_dropdown));
  guint direction = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->direction_dropdown));
  gboolean resolved = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->resolved_check));
  g_autoptr(GError) error = NULL;
  char *id;
  SahaFieldInput inputs[] = {
    { "customer", self->customer_id },
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
      gtk_label_set_label (GTK_LABEL (self->error_label), _("Write what was said first."));
      gtk_widget_set_visible (self->error_label, TRUE);
      return NULL;
    }

  id = saha_store_create (self->store, "note", inputs,
                          user != NULL && *user != '\0' ? G_N_ELEMENTS (inputs)
                                                        : G_N_ELEMENTS (inputs) - 1, &error);
  if (id == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The note is not saved: %s"),
                                                  error->message);

      gtk_label_set_label (GTK_LABEL (self->error_label), message);
      gtk_widget_set_visible (self->error_label, TRUE);
      return NULL;
    }

  g_signal_emit (self, signals[SIGNAL_SAVED], 0, id);
  return id;
}

static void
saha_customer_note_dialog_response (AdwMessageDialog *dialog,
                                    const char       *response)
{
  SahaCustomerNoteDialog *self = SAHA_CUSTOMER_NOTE_DIALOG (dialog);

  if (g_strcmp0 (response, "add") == 0)
    {
      g_autofree char *id = saha_customer_note_dialog_save (self);

      /* A failed write keeps the dialog open, with the reason in it. */
      if (id == NULL)
        return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
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
  self->store = g_object_ref (store);
  self->customer_id = g_strdup (customer_id);
  return self;
}

static void
saha_customer_note_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SAHA_TYPE_CUSTOMER_NOTE_DIALOG);

  G_OBJECT_CLASS (saha_customer_note_dialog_parent_class)->dispose (object);
}

static void
saha_customer_note_dialog_finalize (GObject *object)
{
  SahaCustomerNoteDialog *self = SAHA_CUSTOMER_NOTE_DIALOG (object);

  g_clear_object (&self->store);
  g_free (self->customer_id);

  G_OBJECT_CLASS (saha_customer_note_dialog_parent_class)->finalize (object);
}

static void
saha_customer_note_dialog_class_init (SahaCustomerNoteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = saha_customer_note_dialog_dispose;
  object_class->finalize = saha_customer_note_dialog_finalize;
  dialog_class->response = saha_customer_note_dialog_response;

  /* A note was written; the argument is its id. */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (GTK_WIDGET_CLASS (klass),
                                               "/org/sahacrm/Saha/saha-customer-note-dialog.ui");
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), SahaCustomerNoteDialog,
                                        channel_dropdown);
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), SahaCustomerNoteDialog,
                                        direction_dropdown);
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), SahaCustomerNoteDialog,
                                        summary_view);
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), SahaCustomerNoteDialog,
                                        resolved_check);
  gtk_widget_class_bind_template_child (GTK_WIDGET_CLASS (klass), SahaCustomerNoteDialog,
                                        error_label);
}

static void
saha_customer_note_dialog_init (SahaCustomerNoteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The buffer is the text view's own, so it is connected here, not in the template. */
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->summary_view)),
                            "changed", G_CALLBACK (on_summary_changed), self);
}
