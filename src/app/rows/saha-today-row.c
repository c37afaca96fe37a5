/* saha-today-row.c: the rows of the rep's and the office's Today: one per SahaTodayItem,
 * grouped under headings, each opening what it names.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "saha-list-box.h"
#include "saha-refusal.h"
#include "saha-service-call-row.h"
#include "saha-today-row.h"

const char *
saha_today_row_group_label (SahaTodayKind kind)
{
  switch (kind)
    {
    case SAHA_TODAY_VISIT:
    case SAHA_TODAY_TASK_DUE:
      /* Translators: the rep's Today: visits and tasks of the day */
      return C_("rep day", "Today");
    case SAHA_TODAY_TASK_OVERDUE:
      return _("Overdue Tasks");
    case SAHA_TODAY_QUOTE_EXPIRING:
      return _("Quotes About to Expire");
    case SAHA_TODAY_AT_RISK:
      /* Translators: customers of the "at risk" segment not visited for 60 days */
      return _("At Risk, Not Visited for 60 Days");
    case SAHA_TODAY_CALL_UNASSIGNED:
      return _("Unassigned Calls");
    case SAHA_TODAY_CALL_OVERDUE:
      return _("Overdue Calls");
    case SAHA_TODAY_COMPLAINT:
      return _("Complaints Without a Follow-up");
    case SAHA_TODAY_CONFLICT:
    case SAHA_TODAY_REFUSED:
    default:
      return _("Conflicts and Refused Changes");
    }
}

/* @at (UTC ISO 8601, or a YYYY-MM-DD date) for people; NULL when it is neither. */
static char *
format_at (const char *at,
           gboolean    with_time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  int year, month, day;

  if (at == NULL)
    return NULL;
  if (strlen (at) == 10 && sscanf (at, "%4d-%2d-%2d", &year, &month, &day) == 3)
    {
      g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

      local = g_date_time_new (zone, year, month, day, 12, 0, 0);
      return local != NULL ? saha_format_date (local, saha_format_style_default ()) : NULL;
    }
  utc = g_date_time_new_from_iso8601 (at, NULL);
  if (utc == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  return with_time ? saha_format_date_time (local, saha_format_style_default ())
                   : saha_format_date (local, saha_format_style_default ());
}

/* @at's hours and minutes in local time ("14:30"). */
static char *
format_time (const char *at)
{
  g_autoptr(GDateTime) utc = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return NULL;
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%H:%M");
}

static const char *
entity_label (const char *entity)
{
  const SahaEntityDef *def = saha_schema_lookup (entity);

  return def != NULL ? _(def->label) : entity;
}

/* The title and the line under it of @item's row. */
static void
describe (SahaTodayItem  *item,
          char          **title,
          char          **subtitle)
{
  const char *customer = item->customer_name != NULL ? item->customer_name : "—";

  switch (item->kind)
    {
    case SAHA_TODAY_VISIT:
      {
        g_autofree char *time = format_time (item->at);
        const char *purpose = saha_schema_choice_label ("visit", "purpose", item->detail);

        *title = g_strdup (customer);
        /* Translators: a visit on the rep's Today: "Visit at 09:30 · Sales" */
        *subtitle = purpose != NULL ? g_strdup_printf (_("Visit at %s · %s"), time, purpose)
                                    : g_strdup_printf (_("Visit at %s"), time);
        break;
      }

    case SAHA_TODAY_TASK_DUE:
      {
        g_autofree char *time = format_time (item->at);

        *title = g_strdup (item->title);
        /* Translators: a task on the rep's Today: "Task due 14:00 · Işık Elektrik" */
        *subtitle = g_strdup_printf (_("Task due %s · %s"), time, customer);
        break;
      }

    case SAHA_TODAY_TASK_OVERDUE:
      {
        g_autofree char *when = format_at (item->at, TRUE);

        *title = g_strdup (item->title);
        /* Translators: an overdue task: "Was due 03.12.2026 14:00 · Işık Elektrik" */
        *subtitle = g_strdup_printf (_("Was due %s · %s"), when, customer);
        break;
      }

    case SAHA_TODAY_QUOTE_EXPIRING:
      {
        g_autofree char *when = format_at (item->at, FALSE);

        *title = g_strdup (customer);
        /* Translators: "Quote SR1-2026-0042 holds until 10.12.2026" */
        *subtitle = g_strdup_printf (_("Quote %s holds until %s"),
                                     item->title != NULL ? item->title : "—", when);
        break;
      }

    case SAHA_TODAY_AT_RISK:
      {
        g_autofree char *when = format_at (item->at, FALSE);

        *title = g_strdup (customer);
        *subtitle = when != NULL ? g_strdup_printf (_("Last visited %s"), when)
                                 : g_strdup (_("Never visited"));
        break;
      }

    case SAHA_TODAY_CALL_UNASSIGNED:
    case SAHA_TODAY_CALL_OVERDUE:
      {
        g_autofree char *when = format_at (item->at, TRUE);

        *title = g_strdup_printf ("%s · %s", item->title != NULL ? item->title : "—", customer);
        if (item->kind == SAHA_TODAY_CALL_OVERDUE)
          /* Translators: an overdue call: "Was scheduled for 03.12.2026 10:00" */
          *subtitle = g_strdup_printf (_("Was scheduled for %s"), when);
        else if (when != NULL)
          /* Translators: a call with no technician: "No technician · 06.12.2026 14:00" */
          *subtitle = g_strdup_printf (_("No technician · %s"), when);
        else
          *subtitle = g_strdup (_("No technician, no time yet"));
        break;
      }

    case SAHA_TODAY_COMPLAINT:
      {
        g_autofree char *when = format_at (item->at, FALSE);

        *title = g_strdup (item->title);
        /* Translators: an open complaint: "Complaint · Işık Elektrik · 02.12.2026" */
        *subtitle = when != NULL ? g_strdup_printf (_("Complaint · %s · %s"), customer, when)
                                 : g_strdup_printf (_("Complaint · %s"), customer);
        break;
      }

    case SAHA_TODAY_CONFLICT:
      *title = g_strdup (item->title != NULL ? item->title : entity_label (item->entity));
      /* Translators: a record in conflict: "Customer: two edits wait for a choice" */
      *subtitle = g_strdup_printf (_("%s: two edits wait for a choice"),
                                   entity_label (item->entity));
      break;

    case SAHA_TODAY_REFUSED:
    default:
      *title = g_strdup (item->title != NULL ? item->title : entity_label (item->entity));
      *subtitle = g_strdup_printf ("%s: %s", entity_label (item->entity),
                                   saha_refusal_describe (item->detail));
      break;
    }
}

GtkWidget *
saha_today_row_new (SahaTodayItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (item != NULL, NULL);

  describe (item, &title, &subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "—");
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  if (item->kind == SAHA_TODAY_CALL_UNASSIGNED || item->kind == SAHA_TODAY_CALL_OVERDUE)
    saha_service_call_row_add_priority (ADW_ACTION_ROW (row), item->detail);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  g_object_set_data_full (G_OBJECT (row), "record-id", g_strdup (item->id), g_free);
  g_object_set_data_full (G_OBJECT (row), "entity", g_strdup (item->entity), g_free);
  g_object_set_data_full (G_OBJECT (row), "customer-id", g_strdup (item->customer_id),
                          g_free);
  g_object_set_data (G_OBJECT (row), "group",
                     (gpointer) saha_today_row_group_label (item->kind));
  g_object_set_data (G_OBJECT (row), "kind", GINT_TO_POINTER (item->kind));
  return row;
}

/* Where the rows of @kind left out of a Today are listed: a sidebar page, or NULL. */
static const char *
more_page (SahaTodayKind kind)
{
  switch (kind)
    {
    case SAHA_TODAY_VISIT:
      return "visits";
    case SAHA_TODAY_TASK_DUE:
    case SAHA_TODAY_TASK_OVERDUE:
      return "tasks";
    case SAHA_TODAY_QUOTE_EXPIRING:
      return "orders";
    case SAHA_TODAY_AT_RISK:
      return "customers";
    case SAHA_TODAY_CALL_UNASSIGNED:
    case SAHA_TODAY_CALL_OVERDUE:
      return "dispatch";
    case SAHA_TODAY_CONFLICT:
    case SAHA_TODAY_REFUSED:
      return "conflicts";
    case SAHA_TODAY_COMPLAINT:
    default:
      return NULL;
    }
}

/* A row saying that @n more of @kind were left out. */
static GtkWidget *
more_row_new (SahaTodayKind kind,
              guint         n)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf (ngettext ("%u more", "%u more", n), n);
  const char *page = more_page (kind);

  gtk_widget_set_name (row, "today-more");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (row, "dim-label");
  g_object_set_data (G_OBJECT (row), "group", (gpointer) saha_today_row_group_label (kind));
  g_object_set_data (G_OBJECT (row), "more-page", (gpointer) page);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), page != NULL);
  if (page != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               gtk_image_new_from_icon_name ("go-next-symbolic"));
  return row;
}

guint
saha_today_row_fill (GtkListBox    *list,
                     SahaTodayList *today)
{
  guint shown[SAHA_TODAY_N_KINDS] = { 0 };
  guint total = 0;

  saha_list_box_remove_all (list);
  if (today == NULL)
    return 0;

  for (guint k = 0; k < SAHA_TODAY_N_KINDS; k++)
    total += today->totals[k];
  for (guint i = 0; i < today->items->len; i++)
    {
      SahaTodayItem *item = g_ptr_array_index (today->items, i);
      SahaTodayItem *next = i + 1 < today->items->len ? g_ptr_array_index (today->items, i + 1)
                                                      : NULL;
      const char *group = saha_today_row_group_label (item->kind);

      gtk_list_box_append (list, saha_today_row_new (item));
      shown[item->kind]++;
      /* The group ends here: say what of its kinds was left out. */
      if (next == NULL || g_strcmp0 (saha_today_row_group_label (next->kind), group) != 0)
        for (guint k = 0; k < SAHA_TODAY_N_KINDS; k++)
          if (today->totals[k] > shown[k]
              && g_strcmp0 (saha_today_row_group_label (k), group) == 0)
            gtk_list_box_append (list, more_row_new (k, today->totals[k] - shown[k]));
    }
  return total;
}

void
saha_today_row_update_header (GtkListBoxRow *row,
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
  gtk_widget_set_name (header, "today-group");
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_label_set_wrap (GTK_LABEL (header), TRUE);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_list_box_row_set_header (row, header);
}

void
saha_today_row_open (GtkWidget     *widget,
                     GtkListBoxRow *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "record-id");
  const char *entity = g_object_get_data (G_OBJECT (row), "entity");
  const char *customer_id = g_object_get_data (G_OBJECT (row), "customer-id");
  SahaTodayKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "kind"));
  const char *page = g_object_get_data (G_OBJECT (row), "more-page");

  if (page != NULL)
    {
      gtk_widget_activate_action (widget, "win.show-page", "s", page);
      return;
    }
  if (id == NULL || entity == NULL)
    return;
  if (kind == SAHA_TODAY_CONFLICT || kind == SAHA_TODAY_REFUSED)
    gtk_widget_activate_action (widget, "win.show-page", "s", "conflicts");
  else if (g_strcmp0 (entity, "visit") == 0)
    gtk_widget_activate_action (widget, "win.open-visit", "s", id);
  else if (g_strcmp0 (entity, "task") == 0)
    gtk_widget_activate_action (widget, "app.open-task", "s", id);
  else if (g_strcmp0 (entity, "order") == 0)
    gtk_widget_activate_action (widget, "win.open-order", "s", id);
  else if (g_strcmp0 (entity, "service_call") == 0)
    gtk_widget_activate_action (widget, "win.open-service-call", "s", id);
  else if (g_strcmp0 (entity, "customer") == 0)
    gtk_widget_activate_action (widget, "win.open-customer", "s", id);
  else if (customer_id != NULL)
    /* A complaint is read, answered and followed up on its customer's page. */
    gtk_widget_activate_action (widget, "win.open-customer", "s", customer_id);
}

GStrv
saha_today_row_dup_keys (GtkListBox *list)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *id = g_object_get_data (G_OBJECT (child), "record-id");
      g_autofree char *key = NULL;

      if (id == NULL)
        continue;
      key = g_strdup_printf ("%s:%s", (char *) g_object_get_data (G_OBJECT (child), "entity"),
                             id);
      g_strv_builder_add (builder, key);
    }
  return g_strv_builder_end (builder);
}
