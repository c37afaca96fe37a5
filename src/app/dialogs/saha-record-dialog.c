/* saha-record-dialog.c: SahaRecordDialog, the base of a dialog that writes one record about
 * a customer: the default response saves, a failed write keeps the dialog open with the
 * reason in it, and "saved" carries the new id.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-record-dialog.h"

typedef struct
{
  SahaStore *store;
  char      *customer_id;

  GtkWidget *error_label;
} SahaRecordDialogPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SahaRecordDialog, saha_record_dialog,
                                     ADW_TYPE_MESSAGE_DIALOG)

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
saha_record_dialog_class_set_template (GtkWidgetClass *widget_class,
                                       const char     *resource)
{
  gtk_widget_class_set_template_from_resource (widget_class, resource);
  gtk_widget_class_bind_template_child_full (widget_class, "error_label", FALSE,
                                             G_PRIVATE_OFFSET (SahaRecordDialog, error_label));
}

void
saha_record_dialog_set_customer (SahaRecordDialog *self,
                                 SahaStore        *store,
                                 const char       *customer_id)
{
  SahaRecordDialogPrivate *priv = saha_record_dialog_get_instance_private (self);

  g_set_object (&priv->store, store);
  g_free (priv->customer_id);
  priv->customer_id = g_strdup (customer_id);
}

SahaStore *
saha_record_dialog_get_store (SahaRecordDialog *self)
{
  SahaRecordDialogPrivate *priv = saha_record_dialog_get_instance_private (self);

  return priv->store;
}

const char *
saha_record_dialog_get_customer_id (SahaRecordDialog *self)
{
  SahaRecordDialogPrivate *priv = saha_record_dialog_get_instance_private (self);

  return priv->customer_id;
}

void
saha_record_dialog_show_error (SahaRecordDialog *self,
                               const char       *message)
{
  SahaRecordDialogPrivate *priv = saha_record_dialog_get_instance_private (self);

  if (message != NULL)
    gtk_label_set_label (GTK_LABEL (priv->error_label), message);
  gtk_widget_set_visible (priv->error_label, message != NULL);
}

char *
saha_record_dialog_create (SahaRecordDialog     *self,
                           const char           *entity,
                           const SahaFieldInput *inputs,
                           guint                 n_inputs,
                           GError              **error)
{
  SahaRecordDialogPrivate *priv = saha_record_dialog_get_instance_private (self);
  char *id = saha_store_create (priv->store, entity, inputs, n_inputs, error);

  if (id != NULL)
    g_signal_emit (self, signals[SIGNAL_SAVED], 0, id);
  return id;
}

static void
saha_record_dialog_response (AdwMessageDialog *dialog,
                             const char       *response)
{
  SahaRecordDialog *self = SAHA_RECORD_DIALOG (dialog);

  if (g_strcmp0 (response, adw_message_dialog_get_default_response (dialog)) == 0)
    {
      g_autofree char *id = SAHA_RECORD_DIALOG_GET_CLASS (self)->save (self);

      /* A failed write keeps the dialog open, with the reason in it. */
      if (id == NULL)
        return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
saha_record_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), G_OBJECT_TYPE (object));

  G_OBJECT_CLASS (saha_record_dialog_parent_class)->dispose (object);
}

static void
saha_record_dialog_finalize (GObject *object)
{
  SahaRecordDialogPrivate *priv =
    saha_record_dialog_get_instance_private (SAHA_RECORD_DIALOG (object));

  g_clear_object (&priv->store);
  g_free (priv->customer_id);

  G_OBJECT_CLASS (saha_record_dialog_parent_class)->finalize (object);
}

static void
saha_record_dialog_class_init (SahaRecordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = saha_record_dialog_dispose;
  object_class->finalize = saha_record_dialog_finalize;
  ADW_MESSAGE_DIALOG_CLASS (klass)->response = saha_record_dialog_response;

  /* The record was written; the argument is its id. */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
saha_record_dialog_init (SahaRecordDialog *self)
{
}
