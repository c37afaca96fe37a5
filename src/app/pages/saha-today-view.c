/* saha-today-view.c: SahaTodayView, the technician's day: the calls assigned to the
 * signed-in user that are scheduled today or still open.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include <json-glib/json-glib.h>

#include "saha-template.h"
#include "saha-list-box.h"
#include "saha-service-call-row.h"
#include "saha-service-call-workflow.h"
#include "saha-store-reader.h"
#include "saha-today-agenda.h"
#include "saha-today-view.h"

struct _SahaTodayView
{
  SahaPage        parent_instance;

  SahaStore      *store;
  GCancellable   *read_cancellable;   /* the read in flight */

  AdwWindowTitle *window_title;
  GtkWidget      *summary_label;
  GtkListBox     *list;
  GtkWidget      *empty_page;
  SahaTodayAgenda *rep_day;
  SahaTodayAgenda *office_day;
};

G_DEFINE_FINAL_TYPE (SahaTodayView, saha_today_view, SAHA_TYPE_PAGE)

gboolean
saha_today_view_call_is_for_today (SahaRecord *call,
                                   const char *user,
                                   GDateTime  *today)
{
  const char *scheduled = saha_record_get (call, "scheduled_at");
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (user == NULL || g_strcmp0 (saha_record_get (call, "assigned_to"), user) != 0)
    return FALSE;
  /* Finished business is not the day's. */
  if (g_strcmp0 (saha_record_get (call, "status"), "closed") == 0
      || g_strcmp0 (saha_record_get (call, "status"), "cancelled") == 0)
    return FALSE;
  if (saha_service_call_status_is_open (saha_record_get (call, "status")))
    return TRUE;
  if (scheduled == NULL || (utc = g_date_time_new_from_iso8601 (scheduled, NULL)) == NULL)
    return FALSE;

  /* "Today" is the technician's calendar day, not the UTC one. */
  local = g_date_time_to_timezone (utc, g_date_time_get_timezone (today));
  return g_date_time_get_year (local) == g_date_time_get_year (today)
         && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (today);
}

/* The groups of the technician's day, in the order shown. */
typedef enum
{
  GROUP_OVERDUE,
  GROUP_TODAY,
  GROUP_UPCOMING,
} Group;

static const char *
group_label (Group group)
{
  switch (group)
    {
    case GROUP_OVERDUE:
      return _("Overdue");
    case GROUP_UPCOMING:
      return _("Upcoming");
    case GROUP_TODAY:
    default:
      return _("Today");
    }
}

/* A call: overdue when still open from an earlier day; upcoming when on a later one;
 * today otherwise (also an open call with no time yet). */
static Group
group_of (SahaRecord *call,
          GDateTime  *today)
{
  const char *scheduled = saha_record_get (call, "scheduled_at");
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  int day, this_day;

  if (scheduled == NULL || (utc = g_date_time_new_from_iso8601 (scheduled, NULL)) == NULL)
    return GROUP_TODAY;
  local = g_date_time_to_timezone (utc, g_date_time_get_timezone (today));
  day = g_date_time_get_year (local) * 400 + g_date_time_get_day_of_year (local);
  this_day = g_date_time_get_year (today) * 400 + g_date_time_get_day_of_year (today);
  if (day < this_day)
    return GROUP_OVERDUE;
  return day > this_day ? GROUP_UPCOMING : GROUP_TODAY;
}

/* What the office decides of a call: a change of any since the technician last opened it
 * marks the call. */
static char *
dispatch_signature (SahaRecord *call)
{
  return g_strdup_printf ("%s|%s|%s", saha_record_get (call, "scheduled_at") ?: "",
                          saha_record_get (call, "priority") ?: "",
                          saha_record_get (call, "assigned_to") ?: "");
}

/* The setting "today_seen": { call id: dispatch_signature() } as last looked at. */
#define SEEN_SETTING "today_seen"

static JsonObject *
load_seen (SahaStore *store)
{
  g_autofree char *text = saha_store_get_setting (store, SEEN_SETTING);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static void
save_seen (SahaStore  *store,
           JsonObject *seen)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  json_node_set_object (root, seen);
  text = json_to_string (root, FALSE);
  if (!saha_store_set_setting (store, SEEN_SETTING, text, &error))
    g_warning ("Cannot keep what Today showed: %s", error->message);
}

/* The day's calls as read in the worker, with each call's customer name. */
typedef struct
{
  char      *user;        /* NULL: not signed in */
  char      *role;        /* the login's: "rep" and "office"/"admin" have days of their own */
  GPtrArray *calls;
  GPtrArray *customers;   /* char *, NULL when unknown */
  GArray    *groups;      /* Group, per call */
  GPtrArray *marks;       /* const char *: "new", "changed" or NULL, per call */
} Day;

static void
day_free (Day *day)
{
  g_free (day->user);
  g_free (day->role);
  g_clear_pointer (&day->calls, g_ptr_array_unref);
  g_clear_pointer (&day->customers, g_ptr_array_unref);
  g_clear_pointer (&day->groups, g_array_unref);
  g_clear_pointer (&day->marks, g_ptr_array_unref);
  g_free (day);
}

typedef struct
{
  SahaRecord *call;
  char       *customer;
  Group       group;
  guint       position;
} Entry;

static int
entry_compare (gconstpointer a,
               gconstpointer b)
{
  const Entry *ea = a, *eb = b;

  /* By group, then as listed (by time). */
  if (ea->group != eb->group)
    return (int) ea->group - (int) eb->group;
  return (int) ea->position - (int) eb->position;
}

static gboolean
role_has_agenda (const char *role)
{
  return g_strcmp0 (role, "rep") == 0 || g_strcmp0 (role, "office") == 0
         || g_strcmp0 (role, "admin") == 0;
}

static gpointer
read_day (SahaStore     *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  GDateTime *today = data;
  Day *day = g_new0 (Day, 1);
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr(JsonObject) seen = NULL;
  gboolean first_look;

  day->user = saha_store_get_setting (store, "user");
  day->role = saha_store_get_setting (store, "user_role");
  day->calls = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_record_unref);
  day->customers = g_ptr_array_new_with_free_func (g_free);
  day->groups = g_array_new (FALSE, FALSE, sizeof (Group));
  day->marks = g_ptr_array_new ();
  if (day->user == NULL || *day->user == '\0')
    {
      g_clear_pointer (&day->user, g_free);
      return day;
    }
  /* A rep's and the office's day are read by their own widget. */
  if (role_has_agenda (day->role))
    return day;

  {
    SahaFieldInput where[] = { { "assigned_to", day->user } };
    SahaQuery query = { .where = where, .n_where = 1, .order_by = "scheduled_at" };

    calls = saha_store_list (store, "service_call", &query, error);
  }
  if (calls == NULL)
    {
      day_free (day);
      return NULL;
    }

  for (guint i = 0; i < calls->len; i++)
    {
      SahaRecord *call = g_ptr_array_index (calls, i);
      g_autoptr(SahaRecord) customer = NULL;
      Entry entry = { 0 };

      if (!saha_today_view_call_is_for_today (call, day->user, today))
        continue;
      customer = saha_store_get (store, "customer", saha_record_get (call, "customer"), NULL);
      entry.call = saha_record_ref (call);
      entry.customer = customer != NULL ? g_strdup (saha_record_get (customer, "name")) : NULL;
      entry.group = group_of (call, today);
      entry.position = i;
      g_array_append_val (entries, entry);
    }
  g_array_sort (entries, entry_compare);

  /* The first look ever is the baseline: nothing is marked, all is seen. */
  seen = load_seen (store);
  first_look = seen == NULL;
  if (first_look)
    seen = json_object_new ();
  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);
      g_autofree char *signature = dispatch_signature (entry->call);
      const char *id = saha_record_get_id (entry->call);
      const char *mark = NULL;

      if (first_look)
        json_object_set_string_member (seen, id, signature);
      else if (!json_object_has_member (seen, id))
        mark = "new";
      else if (g_strcmp0 (json_object_get_string_member_with_default (seen, id, ""),
                          signature) != 0)
        mark = "changed";
      g_ptr_array_add (day->calls, entry->call);
      g_ptr_array_add (day->customers, entry->customer);
      g_array_append_val (day->groups, entry->group);
      g_ptr_array_add (day->marks, (gpointer) mark);
    }
  if (first_look)
    save_seen (store, seen);

  return day;
}

/* The call was opened: what it says now is seen. */
static void
mark_seen (SahaTodayView *self,
           GtkWidget     *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "record-id");
  const char *signature = g_object_get_data (G_OBJECT (row), "signature");
  g_autoptr(JsonObject) seen = NULL;

  if (self->store == NULL || id == NULL || signature == NULL)
    return;
  seen = load_seen (self->store);
  if (seen == NULL)
    seen = json_object_new ();
  json_object_set_string_member (seen, id, signature);
  save_seen (self->store, seen);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const char *group = g_object_get_data (G_OBJECT (row), "group");
  GtkWidget *header;

  if (before != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (before), "group"), group) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (group);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_list_box_row_set_header (row, header);
}

/* The row's "go on" arrow stays last, after what was added behind it. */
static void
keep_arrow_last (GtkWidget *added)
{
  GtkWidget *box = gtk_widget_get_parent (added);

  for (GtkWidget *child = gtk_widget_get_first_child (box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_IMAGE (child)
        && g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (child)), "go-next-symbolic") == 0)
      {
        gtk_box_reorder_child_after (GTK_BOX (box), child, gtk_widget_get_last_child (box));
        return;
      }
}

/* A call's row with its priority (unless normal) in words and an icon, and its mark. */
static GtkWidget *
call_row_new (SahaRecord *call,
              const char *customer,
              Group       group,
              const char *mark)
{
  GtkWidget *row = saha_service_call_row_new_for_customer (call, customer);
  const char *priority = saha_record_get (call, "priority");
  GtkWidget *priority_label;

  g_object_set_data (G_OBJECT (row), "group", (gpointer) group_label (group));
  g_object_set_data_full (G_OBJECT (row), "signature", dispatch_signature (call), g_free);
  priority_label = saha_service_call_row_add_priority (ADW_ACTION_ROW (row), priority);
  if (priority_label != NULL)
    keep_arrow_last (priority_label);
  if (mark != NULL)
    {
      /* Translators: Today's mark of a call the office assigned since the last look */
      GtkWidget *label = gtk_label_new (g_strcmp0 (mark, "new") == 0 ? C_("call", "New")
                                        /* Translators: Today's mark of a call the office
                                         * rescheduled or reprioritised since the last look */
                                        : C_("call", "Changed"));

      gtk_widget_set_name (label, "today-mark");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "saha-status");
      gtk_widget_add_css_class (label, "accent");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      keep_arrow_last (label);
    }
  return row;
}

static void
day_read (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SahaTodayView *self = SAHA_TODAY_VIEW (object);
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

  /* A rep's and the office's day are theirs (SahaTodayAgenda, saha-today-agenda.c), by
   * the role the login stored. */
  {
    gboolean rep = day->user != NULL && g_strcmp0 (day->role, "rep") == 0;
    gboolean office = day->user != NULL && role_has_agenda (day->role) && !rep;

    gtk_widget_set_visible (GTK_WIDGET (self->rep_day), rep);
    gtk_widget_set_visible (GTK_WIDGET (self->office_day), office);
    gtk_widget_set_visible (self->summary_label, !rep && !office);
    if (rep || office)
      {
        gtk_widget_set_visible (GTK_WIDGET (self->list), FALSE);
        gtk_widget_set_visible (self->empty_page, FALSE);
        saha_today_agenda_reload (rep ? self->rep_day : self->office_day, self->store);
        day_free (day);
        return;
      }
  }

  if (day->user == NULL)
    {
      adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page),
                                       _("Sign in to see the calls assigned to you."));
      gtk_widget_set_visible (self->empty_page, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->list), FALSE);
      gtk_label_set_label (GTK_LABEL (self->summary_label), "");
      day_free (day);
      return;
    }

  n = day->calls->len;
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->list,
                         call_row_new (g_ptr_array_index (day->calls, i),
                                       g_ptr_array_index (day->customers, i),
                                       g_array_index (day->groups, Group, i),
                                       g_ptr_array_index (day->marks, i)));

  summary = g_strdup_printf (ngettext ("%u call for you", "%u calls for you", n), n);
  gtk_label_set_label (GTK_LABEL (self->summary_label), summary);
  adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page),
                                   _("No open calls are assigned to you and none is "
                                     "scheduled for today."));
  gtk_widget_set_visible (self->empty_page, n == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->list), n > 0);
  day_free (day);
}

static void
saha_today_view_reload_page (SahaPage *page)
{
  SahaTodayView *self = SAHA_TODAY_VIEW (page);
  GDateTime *today = g_date_time_new_now_local ();
  g_autofree char *date = saha_format_date (today, saha_format_style_default ());

  saha_list_box_remove_all (self->list);
  adw_window_title_set_subtitle (self->window_title, date);

  if (self->store == NULL)
    {
      g_date_time_unref (today);
      return;
    }

  saha_store_read_async (self, self->store, read_day, today,
                         (GDestroyNotify) g_date_time_unref, (GDestroyNotify) day_free,
                         saha_store_read_restart (&self->read_cancellable), day_read, NULL);
}

gboolean
saha_today_view_get_loading (SahaTodayView *self)
{
  g_return_val_if_fail (SAHA_IS_TODAY_VIEW (self), FALSE);
  return self->read_cancellable != NULL || saha_today_agenda_get_loading (self->rep_day)
         || saha_today_agenda_get_loading (self->office_day);
}

GStrv
saha_today_view_dup_call_ids (SahaTodayView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_strv_builder_add (builder, g_object_get_data (G_OBJECT (child), "record-id"));

  return g_strv_builder_end (builder);
}

void
saha_today_view_reload (SahaTodayView *self)
{
  g_return_if_fail (SAHA_IS_TODAY_VIEW (self));
  saha_page_reload (SAHA_PAGE (self));
}

static void
saha_today_view_store_set (SahaPage *page)
{
  SahaTodayView *self = SAHA_TODAY_VIEW (page);

  g_set_object (&self->store, saha_page_get_store (page));
}

static void
on_row_activated (SahaTodayView *self,
                  GtkListBoxRow *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "record-id");

  mark_seen (self, GTK_WIDGET (row));
  if (id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-service-call", "s", id);
}

static void
saha_today_view_dispose (GObject *object)
{
  SahaTodayView *self = SAHA_TODAY_VIEW (object);

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  saha_template_dispose (GTK_WIDGET (self), SAHA_TYPE_TODAY_VIEW);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_today_view_parent_class)->dispose (object);
}

static void
saha_today_view_class_init (SahaTodayViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SahaPageClass *page_class = SAHA_PAGE_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = saha_today_view_dispose;
  page_class->store_set = saha_today_view_store_set;
  page_class->reload = saha_today_view_reload_page;
  /* The calls, their customers' names and places. */
  saha_page_class_set_entities (page_class, "service_call", "customer", NULL);


  g_type_ensure (SAHA_TYPE_TODAY_AGENDA);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-today-view.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaTodayView, window_title);
  gtk_widget_class_bind_template_child (widget_class, SahaTodayView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SahaTodayView, list);
  gtk_widget_class_bind_template_child (widget_class, SahaTodayView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, SahaTodayView, rep_day);
  gtk_widget_class_bind_template_child (widget_class, SahaTodayView, office_day);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
saha_today_view_init (SahaTodayView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->list, header_func, NULL, NULL);
}
