/* saha-today-office.c: SahaTodayOffice, the office's day: unassigned and overdue calls,
 * complaints without a follow-up, and the conflicts and refused changes waiting.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-store-reader.h"
#include "saha-store-today.h"
#include "saha-today-office.h"
#include "saha-today-row.h"

struct _SahaTodayOffice
{
  GtkWidget     parent_instance;

  GCancellable *read_cancellable;   /* the read in flight */

  /* template widgets */
  GtkWidget    *summary_label;
  GtkListBox   *list;
  GtkWidget    *empty_page;
};

G_DEFINE_FINAL_TYPE (SahaTodayOffice, saha_today_office, GTK_TYPE_WIDGET)

/* What the worker read: who is signed in, and the items (NULL when nobody is). */
typedef struct
{
  char          *user;
  SahaTodayList *today;
} Day;

static void
day_free (Day *day)
{
  g_free (day->user);
  g_clear_pointer (&day->today, saha_today_list_free);
  g_free (day);
}

static gpointer
read_day (SahaStore     *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  Day *day = g_new0 (Day, 1);

  day->user = saha_store_get_setting (store, "user");
  if (day->user == NULL || *day->user == '\0')
    return day;
  day->today = saha_store_office_today_sync (store, now, SAHA_TODAY_ROWS_PER_KIND, cancellable,
                                             error);
  if (day->today == NULL)
    {
      day_free (day);
      return NULL;
    }
  return day;
}

static void
clear_rows (SahaTodayOffice *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
}

static void
day_read (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SahaTodayOffice *self = SAHA_TODAY_OFFICE (object);
  g_autoptr(GError) error = NULL;
  Day *day = saha_store_read_finish (result, &error);
  g_autofree char *summary = NULL;
  guint n;

  /* Superseded by a newer read: that one fills the list. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->read_cancellable);
  if (day == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->summary_label), error->message);
      return;
    }

  n = saha_today_row_fill (self->list, day->today);

  if (day->user == NULL)
    {
      adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page),
                                       _("Sign in to see what waits for the office."));
      gtk_label_set_label (GTK_LABEL (self->summary_label), "");
    }
  else
    {
      summary = g_strdup_printf (ngettext ("%u thing waits for the office",
                                           "%u things wait for the office", n), n);
      gtk_label_set_label (GTK_LABEL (self->summary_label), summary);
      adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page),
                                       _("Every call has a technician and none is overdue; no "
                                         "complaint lacks a follow-up and no conflict waits."));
    }
  gtk_widget_set_visible (self->empty_page, n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->list), n > 0);
  day_free (day);
}

void
saha_today_office_reload (SahaTodayOffice *self,
                          SahaStore       *store)
{
  g_return_if_fail (SAHA_IS_TODAY_OFFICE (self));

  if (store == NULL)
    {
      if (self->read_cancellable != NULL)
        g_cancellable_cancel (self->read_cancellable);
      g_clear_object (&self->read_cancellable);
      clear_rows (self);
      return;
    }
  /* The rows stay until the new ones are read: a reload after a sync does not blink. */
  saha_store_read_async (self, store, read_day, NULL, NULL, (GDestroyNotify) day_free,
                         saha_store_read_restart (&self->read_cancellable), day_read, NULL);
}

gboolean
saha_today_office_get_loading (SahaTodayOffice *self)
{
  g_return_val_if_fail (SAHA_IS_TODAY_OFFICE (self), FALSE);
  return self->read_cancellable != NULL;
}

GStrv
saha_today_office_dup_keys (SahaTodayOffice *self)
{
  g_return_val_if_fail (SAHA_IS_TODAY_OFFICE (self), NULL);
  return saha_today_row_dup_keys (self->list);
}

static void
on_row_activated (SahaTodayOffice *self,
                  GtkListBoxRow   *row)
{
  saha_today_row_open (GTK_WIDGET (self), row);
}

static void
saha_today_office_dispose (GObject *object)
{
  SahaTodayOffice *self = SAHA_TODAY_OFFICE (object);

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SAHA_TYPE_TODAY_OFFICE);
  /* The template's root box is not a bound child, so it is unparented here. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (saha_today_office_parent_class)->dispose (object);
}

static void
saha_today_office_class_init (SahaTodayOfficeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = saha_today_office_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-today-office.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaTodayOffice, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SahaTodayOffice, list);
  gtk_widget_class_bind_template_child (widget_class, SahaTodayOffice, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
saha_today_office_init (SahaTodayOffice *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->list, saha_today_row_update_header, NULL, NULL);
}
