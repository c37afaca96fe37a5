/* saha-task-dialog.c: SahaTaskDialog, a new follow-up task: title, due date and time.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-dispatch-dialog.h"
#include "saha-task-dialog.h"

struct _SahaTaskDialog
{
  AdwWindow    parent_instance;

  SahaStore   *store;
  char        *customer_id;
  char        *related_entity;
  char        *related_id;

  AdwEntryRow *title_row;
  AdwEntryRow *date_row;
  AdwEntryRow *time_row;
  GtkLabel    *error_label;
};

G_DEFINE_FINAL_TYPE (SahaTaskDialog, saha_task_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (SahaTaskDialog *self,
            GtkWidget      *row,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
}

gboolean
saha_task_dialog_save (SahaTaskDialog *self)
{
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_autofree char *due = NULL;
  g_autofree char *user = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) inputs = g_array_new (FALSE, FALSE, sizeof (SahaFieldInput));
  SahaFieldInput input;

  g_return_val_if_fail (SAHA_IS_TASK_DIALOG (self), FALSE);

  gtk_widget_remove_css_class (GTK_WIDGET (self->title_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->time_row), "error");
  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));
  time = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->time_row))));
  if (*title == '\0')
    {
      show_error (self, GTK_WIDGET (self->title_row), _("Give the task a title."));
      return FALSE;
    }
  due = saha_dispatch_parse_local (date, time, tz, &error);
  if (due == NULL)
    {
      g_autoptr(GError) date_error = NULL;
      g_autofree char *probe = saha_dispatch_parse_local (date, "00:00", tz, &date_error);

      show_error (self, GTK_WIDGET (probe == NULL ? self->date_row : self->time_row),
                  error->message);
      return FALSE;
    }

  user = saha_store_get_setting (self->store, "user");
#define ADD(n, v) G_STMT_START { input.name = (n); input.value = (v); \
                                 if (input.value != NULL) g_array_append_val (inputs, input); } G_STMT_END
  ADD ("title", title);
  ADD ("due_at", due);
  ADD ("owner", user);
  ADD ("customer", self->customer_id);
  ADD ("related_entity", self->related_entity);
  ADD ("related_id", self->related_id);
#undef ADD
  id = saha_store_create (self->store, "task", (SahaFieldInput *) inputs->data, inputs->len,
                          &error);
  if (id == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);

      show_error (self, NULL, message);
      return FALSE;
    }

  g_signal_emit (self, signals[SIGNAL_SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

void
saha_task_dialog_set_task_title (SahaTaskDialog *self,
                                 const char     *title)
{
  g_return_if_fail (SAHA_IS_TASK_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title != NULL ? title : "");
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  saha_task_dialog_save (SAHA_TASK_DIALOG (widget));
}

static void
on_entry_activated (SahaTaskDialog *self)
{
  saha_task_dialog_save (self);
}

SahaTaskDialog *
saha_task_dialog_new (GtkWindow  *parent,
                      SahaStore  *store,
                      const char *customer_id,
                      const char *related_entity,
                      const char *related_id)
{
  SahaTaskDialog *self;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *date = g_date_time_format (tomorrow, "%Y-%m-%d");

  g_return_val_if_fail (SAHA_IS_STORE (store), NULL);

  self = g_object_new (SAHA_TYPE_TASK_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->customer_id = g_strdup (customer_id);
  self->related_entity = g_strdup (related_entity);
  self->related_id = g_strdup (related_id);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), "09:00");
  return self;
}

static void
saha_task_dialog_dispose (GObject *object)
{
  SahaTaskDialog *self = SAHA_TASK_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SAHA_TYPE_TASK_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_task_dialog_parent_class)->dispose (object);
}

static void
saha_task_dialog_finalize (GObject *object)
{
  SahaTaskDialog *self = SAHA_TASK_DIALOG (object);

  g_free (self->customer_id);
  g_free (self->related_entity);
  g_free (self->related_id);

  G_OBJECT_CLASS (saha_task_dialog_parent_class)->finalize (object);
}

static void
saha_task_dialog_class_init (SahaTaskDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = saha_task_dialog_dispose;
  object_class->finalize = saha_task_dialog_finalize;

  /**
   * SahaTaskDialog::saved:
   * @id: the new task's id
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "task.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-task-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaTaskDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, SahaTaskDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, SahaTaskDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, SahaTaskDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
}

static void
saha_task_dialog_init (SahaTaskDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
