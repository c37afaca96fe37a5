/* saha-dispatch-dialog.c: SahaDispatchDialog, assigns and schedules one service call from
 * the keyboard: a technician, a date, a time and how long it is expected to take.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "saha-sync-users.h"

#include "saha-dispatch-dialog.h"

struct _SahaDispatchDialog
{
  AdwWindow       parent_instance;

  SahaStore      *store;
  char           *id;
  GtkStringList  *technicians;   /* user names; position 0 is "" (unassigned) */

  GtkDropDown    *technician_dropdown;
  AdwEntryRow    *date_row;
  AdwEntryRow    *time_row;
  AdwEntryRow    *duration_row;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (SahaDispatchDialog, saha_dispatch_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
saha_dispatch_parse_local (const char  *date,
                           const char  *time,
                           GTimeZone   *tz,
                           GError     **error)
{
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  char end = '\0';
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (date != NULL && time != NULL && tz != NULL, NULL);

  if (sscanf (date, " %4d-%2d-%2d %c", &year, &month, &day, &end) != 3
      && sscanf (date, " %2d.%2d.%4d %c", &day, &month, &year, &end) != 3)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a date: write it as 2026-12-07"), date);
      return NULL;
    }
  if (sscanf (time, " %2d:%2d %c", &hour, &minute, &end) != 2
      || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a time of day: write it as 09:30"), time);
      return NULL;
    }
  if (year < 1900 || !g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a date: write it as 2026-12-07"), date);
      return NULL;
    }

  local = g_date_time_new (tz, year, month, day, hour, minute, 0);
  if (local == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a date: write it as 2026-12-07"), date);
      return NULL;
    }
  utc = g_date_time_to_utc (local);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static void
show_error (SahaDispatchDialog *self,
            GtkWidget          *row,
            const char         *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
}

void
saha_dispatch_dialog_set_technician (SahaDispatchDialog *self,
                                     const char         *technician)
{
  guint n;

  g_return_if_fail (SAHA_IS_DISPATCH_DIALOG (self));

  if (technician == NULL)
    technician = "";
  n = g_list_model_get_n_items (G_LIST_MODEL (self->technicians));
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->technicians, i), technician) == 0)
      {
        gtk_drop_down_set_selected (self->technician_dropdown, i);
        return;
      }

  /* A name the last user list did not hold (typed on another device, or no list yet). */
  gtk_string_list_append (self->technicians, technician);
  gtk_drop_down_set_selected (self->technician_dropdown, n);
}

gboolean
saha_dispatch_dialog_save (SahaDispatchDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(SahaRecord) record = NULL;
  g_autofree char *scheduled = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *minutes_text = NULL;
  const char *technician;
  SahaFieldInput inputs[4];
  guint n_inputs = 0;

  g_return_val_if_fail (SAHA_IS_DISPATCH_DIALOG (self), FALSE);

  gtk_widget_remove_css_class (GTK_WIDGET (self->date_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->time_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->duration_row), "error");
  date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));
  time = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->time_row))));
  scheduled = saha_dispatch_parse_local (date, time, tz, &error);
  if (scheduled == NULL)
    {
      /* Point at the field that could not be read. */
      g_autoptr(GError) date_error = NULL;
      g_autofree char *probe = saha_dispatch_parse_local (date, "00:00", tz, &date_error);

      show_error (self, GTK_WIDGET (probe == NULL ? self->date_row : self->time_row),
                  error->message);
      return FALSE;
    }

  /* Empty: no expected duration (the board counts the default length). */
  duration = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->duration_row))));
  if (*duration != '\0')
    {
      gint64 minutes = 0;

      if (!saha_parse_duration (duration, &minutes, &error))
        {
          show_error (self, GTK_WIDGET (self->duration_row), error->message);
          return FALSE;
        }
      minutes_text = g_strdup_printf ("%" G_GINT64_FORMAT, minutes);
    }

  technician = gtk_string_list_get_string (self->technicians,
                                           gtk_drop_down_get_selected (self->technician_dropdown));
  inputs[n_inputs++] = (SahaFieldInput) { "assigned_to", technician };
  inputs[n_inputs++] = (SahaFieldInput) { "scheduled_at", scheduled };
  record = saha_store_get (self->store, "service_call", self->id, NULL);
  /* Only a changed duration is written: an untouched field keeps its version. */
  if (record == NULL || g_strcmp0 (saha_record_get (record, "expected_minutes"), minutes_text) != 0)
    inputs[n_inputs++] = (SahaFieldInput) { "expected_minutes", minutes_text };
  if (technician != NULL && *technician != '\0' && record != NULL
      && g_strcmp0 (saha_record_get (record, "status"), "new") == 0)
    inputs[n_inputs++] = (SahaFieldInput) { "status", "assigned" };

  if (!saha_store_update (self->store, "service_call", self->id, inputs, n_inputs, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);

      show_error (self, NULL, message);
      return FALSE;
    }

  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  saha_dispatch_dialog_save (SAHA_DISPATCH_DIALOG (widget));
}

static void
on_entry_activated (SahaDispatchDialog *self)
{
  saha_dispatch_dialog_save (self);
}

/* The dropdown shows "Unassigned" for the empty name. */
static char *
technician_label (GtkStringObject *item)
{
  const char *name = gtk_string_object_get_string (item);

  return g_strdup (name == NULL || *name == '\0' ? _("Unassigned") : name);
}

SahaDispatchDialog *
saha_dispatch_dialog_new (GtkWindow  *parent,
                          SahaStore  *store,
                          const char *id)
{
  SahaDispatchDialog *self;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(SahaRecord) record = NULL;
  const char *scheduled;

  g_return_val_if_fail (SAHA_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (SAHA_TYPE_DISPATCH_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->id = g_strdup (id);

  users = saha_sync_users_load_cached (store);
  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      SahaSyncUser *user = g_ptr_array_index (users, i);

      if (g_strcmp0 (user->role, "tech") == 0)
        gtk_string_list_append (self->technicians, user->name);
    }

  record = saha_store_get (store, "service_call", id, NULL);
  if (record != NULL)
    {
      const char *number = saha_record_get (record, "number");
      g_autofree char *title = NULL;

      if (number != NULL)
        {
          /* Translators: the dispatch dialog's title; %s is a service call's number */
          title = g_strdup_printf (_("Schedule %s"), number);
          gtk_window_set_title (GTK_WINDOW (self), title);
        }
      saha_dispatch_dialog_set_technician (self, saha_record_get (record, "assigned_to"));
      if (saha_record_get (record, "expected_minutes") != NULL)
        {
          gint64 minutes = g_ascii_strtoll (saha_record_get (record, "expected_minutes"), NULL,
                                            10);
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT,
                                                   minutes / 60, minutes % 60);

          gtk_editable_set_text (GTK_EDITABLE (self->duration_row), text);
        }
    }

  scheduled = record != NULL ? saha_record_get (record, "scheduled_at") : NULL;
  {
    g_autoptr(GDateTime) utc = scheduled != NULL ? g_date_time_new_from_iso8601 (scheduled, NULL)
                                                 : NULL;
    g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc)
                                             : g_date_time_new_now_local ();
    g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");
    g_autofree char *time = utc != NULL ? g_date_time_format (local, "%H:%M") : g_strdup ("09:00");

    gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
    gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
  }
  return self;
}

static void
saha_dispatch_dialog_dispose (GObject *object)
{
  SahaDispatchDialog *self = SAHA_DISPATCH_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SAHA_TYPE_DISPATCH_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_dispatch_dialog_parent_class)->dispose (object);
}

static void
saha_dispatch_dialog_finalize (GObject *object)
{
  SahaDispatchDialog *self = SAHA_DISPATCH_DIALOG (object);

  g_clear_object (&self->technicians);
  g_free (self->id);

  G_OBJECT_CLASS (saha_dispatch_dialog_parent_class)->finalize (object);
}

static void
saha_dispatch_dialog_class_init (SahaDispatchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = saha_dispatch_dialog_dispose;
  object_class->finalize = saha_dispatch_dialog_finalize;

  /**
   * SahaDispatchDialog::saved:
   *
   * The call's technician and time were written.
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "dispatch.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-dispatch-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaDispatchDialog, technician_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SahaDispatchDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, SahaDispatchDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, SahaDispatchDialog, duration_row);
  gtk_widget_class_bind_template_child (widget_class, SahaDispatchDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
}

static void
saha_dispatch_dialog_init (SahaDispatchDialog *self)
{
  g_autoptr(GtkExpression) label = NULL;

  self->technicians = gtk_string_list_new ((const char * const []) { "", NULL });

  gtk_widget_init_template (GTK_WIDGET (self));
  label = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                       G_CALLBACK (technician_label), NULL, NULL);
  gtk_drop_down_set_expression (self->technician_dropdown, label);
  gtk_drop_down_set_model (self->technician_dropdown, G_LIST_MODEL (self->technicians));
}
