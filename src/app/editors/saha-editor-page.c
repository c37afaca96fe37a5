/* saha-editor-page.c: SahaEditorPage, the base of an editor shown beside a list as a page:
 * its template, its message line, Back and the "done" and "saved" signals.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-template.h"
#include "saha-editor-page.h"

typedef struct
{
  GtkWidget *message_label;
} SahaEditorPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SahaEditorPage, saha_editor_page, GTK_TYPE_WIDGET)

enum {
  SIGNAL_DONE,
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_DONE], 0);
}

void
saha_editor_page_class_set_template (GtkWidgetClass *widget_class,
                                     const char     *resource,
                                     const char     *back_action)
{
  gtk_widget_class_install_action (widget_class, back_action, NULL, back_activated);
  gtk_widget_class_set_template_from_resource (widget_class, resource);
  gtk_widget_class_bind_template_child_full (widget_class, "message_label", FALSE,
                                             G_PRIVATE_OFFSET (SahaEditorPage, message_label));
}

void
saha_editor_page_show_message (SahaEditorPage *self,
                               const char     *message,
                               gboolean        is_error)
{
  SahaEditorPagePrivate *priv = saha_editor_page_get_instance_private (self);

  gtk_label_set_label (GTK_LABEL (priv->message_label), message != NULL ? message : "");
  gtk_widget_set_visible (priv->message_label, message != NULL);
  gtk_widget_remove_css_class (priv->message_label, is_error ? "success" : "error");
  gtk_widget_add_css_class (priv->message_label, is_error ? "error" : "success");
}

const char *
saha_editor_page_get_message (SahaEditorPage *self)
{
  SahaEditorPagePrivate *priv = saha_editor_page_get_instance_private (self);

  return gtk_label_get_label (GTK_LABEL (priv->message_label));
}

void
saha_editor_page_saved (SahaEditorPage *self,
                        const char     *id)
{
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, id);
}

static void
saha_editor_page_dispose (GObject *object)
{
  saha_template_dispose (GTK_WIDGET (object), G_OBJECT_TYPE (object));

  G_OBJECT_CLASS (saha_editor_page_parent_class)->dispose (object);
}

static void
saha_editor_page_class_init (SahaEditorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = saha_editor_page_dispose;

  /* The person is done with the editor (Back). */
  signals[SIGNAL_DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The record was written to the replica; the argument is its id. */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
saha_editor_page_init (SahaEditorPage *self)
{
}
