/* saha-today-agenda.c: SahaTodayAgenda, the day of a rep or of the office (saha-today-agenda.h
 * says what each holds): one widget for both, the role picking the query and the words.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-template.h"
#include "saha-list-box.h"
#include "saha-store-reader.h"
#include "saha-store-today.h"
#include "saha-today-agenda.h"
#include "saha-today-row.h"

typedef enum
{
  ROLE_REP,
  ROLE_OFFICE,
} Role;

struct _SahaTodayAgenda
{
  GtkWidget     parent_instance;

  Role          role;

  GCancellable *read_cancellable;   /* the read in flight */

  /* template widgets */
  GtkWidget    *summary_label;
  GtkListBox   *list;
  GtkWidget    *empty_page;
};

G_DEFINE_FINAL_TYPE (SahaTodayAgenda, saha_today_agenda, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ROLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const role_names[] = { "rep", "office" };

/* What the worker read: whose day, and its items (NULL when nobody is signed in). */
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
  if (GPOINTER_TO_INT (data) == ROLE_OFFICE)
    day->today = saha_store_office_today_sync (store, now, SAHA_TODAY_ROWS_PER_KIND,
                                               cancellable, error);
  else
    day->today = saha_store_rep_today_sync (store, day->user, now, SAHA_TODAY_ROWS_PER_KIND,
                                            cancellable, error);
  if (day->today == NULL)
    {
      day_free (day);
      return NULL;
    }
  return day;
}

static void
day_read (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SahaTodayAgenda *self = SAHA_TODAY_AGENDA (object);
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
                                       self->role == ROLE_OFFICE
                                       ? _("Sign in to see what waits for the office.")
                                       : _("Sign in to see your day."));
      gtk_label_set_label (GTK_LABEL (self->summary_label), "");
    }
  else
    {
      if (self->role == ROLE_OFFICE)
        summary = g_strdup_printf (ngettext ("%u thing waits for the office",
                                             "%u things wait for the office", n), n);
      else
        summary = g_strdup_printf (ngettext ("%u thing for your day", "%u things for your day",
                                             n), n);
      gtk_label_set_label (GTK_LABEL (self->summary_label), summary);
      adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page),
                                       self->role == ROLE_OFFICE
                                       ? _("Every call has a technician and none is overdue; no "
                                           "complaint lacks a follow-up and no conflict waits.")
                                       : _("No visit or task today, nothing overdue, no quote "
                                           "about to expire and no customer at risk."));
    }
  gtk_widget_set_visible (self->empty_page, n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->list), n > 0);
  day_free (day);
}

void
saha_today_agenda_reload (SahaTodayAgenda *self,
                          SahaStore       *store)
{
  g_return_if_fail (SAHA_IS_TODAY_AGENDA (self));

  if (store == NULL)
    {
      if (self->read_cancellable != NULL)
        g_cancellable_cancel (self->read_cancellable);
      g_clear_object (&self->read_cancellable);
      saha_list_box_remove_all (self->list);
      return;
    }
  /* The rows stay until the new ones are read: a reload after a sync does not blink. */
  saha_store_read_async (self, store, read_day, GINT_TO_POINTER (self->role), NULL, (GDestroyNotify) day_free,
                         saha_store_read_restart (&self->read_cancellable), day_read, NULL);
}

gboolean
saha_today_agenda_get_loading (SahaTodayAgenda *self)
{
  g_return_val_if_fail (SAHA_IS_TODAY_AGENDA (self), FALSE);
  return self->read_cancellable != NULL;
}

GStrv
saha_today_agenda_dup_keys (SahaTodayAgenda *self)
{
  g_return_val_if_fail (SAHA_IS_TODAY_AGENDA (self), NULL);
  return saha_today_row_dup_keys (self->list);
}

static void
on_row_activated (SahaTodayAgenda *self,
                  GtkListBoxRow   *row)
{
  saha_today_row_open (GTK_WIDGET (self), row);
}

static void
saha_today_agenda_dispose (GObject *object)
{
  SahaTodayAgenda *self = SAHA_TODAY_AGENDA (object);

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  saha_template_dispose (GTK_WIDGET (self), SAHA_TYPE_TODAY_AGENDA);

  G_OBJECT_CLASS (saha_today_agenda_parent_class)->dispose (object);
}

const char *
saha_today_agenda_get_role (SahaTodayAgenda *self)
{
  g_return_val_if_fail (SAHA_IS_TODAY_AGENDA (self), NULL);
  return role_names[self->role];
}

static void
saha_today_agenda_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SahaTodayAgenda *self = SAHA_TODAY_AGENDA (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_string (value, role_names[self->role]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_today_agenda_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SahaTodayAgenda *self = SAHA_TODAY_AGENDA (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      self->role = g_strcmp0 (g_value_get_string (value), "office") == 0 ? ROLE_OFFICE : ROLE_REP;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The role is known: the names tests and screenshots find, and the empty page's words. */
static void
saha_today_agenda_constructed (GObject *object)
{
  SahaTodayAgenda *self = SAHA_TODAY_AGENDA (object);
  g_autofree char *summary_name = g_strdup_printf ("today-%s-summary", role_names[self->role]);
  g_autofree char *items_name = g_strdup_printf ("today-%s-items", role_names[self->role]);

  G_OBJECT_CLASS (saha_today_agenda_parent_class)->constructed (object);

  gtk_widget_set_name (self->summary_label, summary_name);
  gtk_widget_set_name (GTK_WIDGET (self->list), items_name);
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->empty_page),
                                 self->role == ROLE_OFFICE ? "emblem-ok-symbolic"
                                                           : "x-office-calendar-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->empty_page),
                             self->role == ROLE_OFFICE ? _("Nothing Waiting")
                                                       : _("Nothing Planned"));
}

static void
saha_today_agenda_class_init (SahaTodayAgendaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = saha_today_agenda_dispose;
  object_class->constructed = saha_today_agenda_constructed;
  object_class->get_property = saha_today_agenda_get_property;
  object_class->set_property = saha_today_agenda_set_property;

  properties[PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL, "rep",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-today-agenda.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaTodayAgenda, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SahaTodayAgenda, list);
  gtk_widget_class_bind_template_child (widget_class, SahaTodayAgenda, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
saha_today_agenda_init (SahaTodayAgenda *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->list, saha_today_row_update_header, NULL, NULL);
}
