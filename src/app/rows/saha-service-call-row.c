/* saha-service-call-row.c: the list row of a service call (number, customer, problem,
 * when, status), shared by the Today and Service calls pages.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-service-call-row.h"
#include "saha-service-call-workflow.h"

const char *
saha_service_call_status_label (const char *status)
{
  return saha_schema_choice_label ("service_call", "status", status);
}

GtkWidget *
saha_service_call_row_new (SahaStore  *store,
                           SahaRecord *call)
{
  g_autoptr(SahaRecord) customer = saha_store_get (store, "customer",
                                                   saha_record_get (call, "customer"), NULL);

  return saha_service_call_row_new_for_customer (call, customer != NULL
                                                       ? saha_record_get (customer, "name")
                                                       : NULL);
}

GtkWidget *
saha_service_call_row_new_for_customer (SahaRecord *call,
                                        const char *customer_name)
{
  const char *status = saha_record_get (call, "status");
  const char *problem = saha_record_get (call, "problem");
  const char *scheduled = saha_record_get (call, "scheduled_at");
  g_autofree char *when = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (saha_service_call_status_label (status));

  if (scheduled != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (scheduled, NULL);

      if (utc != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (utc);
          const char *expected = saha_record_get (call, "expected_minutes");

          when = saha_format_date_time (local, saha_format_style_default ());
          /* With an expected duration, when it should end: "06.12.2026 10:00–11:30". */
          if (expected != NULL)
            {
              g_autoptr(GDateTime) end = g_date_time_add_minutes (local,
                                                                  (int) g_ascii_strtoll (expected,
                                                                                         NULL,
                                                                                         10));
              g_autofree char *until = g_date_time_format (end, "%H:%M");
              char *ranged = g_strdup_printf ("%s–%s", when, until);

              g_free (when);
              when = ranged;
            }
        }
    }

  title = g_strdup_printf ("%s · %s", saha_record_get (call, "number") != NULL
                                      ? saha_record_get (call, "number") : "—",
                           customer_name != NULL ? customer_name : "—");
  subtitle = g_strdup_printf ("%s%s%s", when != NULL ? when : "",
                              when != NULL && problem != NULL ? " · " : "",
                              problem != NULL ? problem : "");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "saha-status");
  gtk_widget_add_css_class (label, !saha_service_call_status_is_open (status) ? "dim-label"
                                   : g_strcmp0 (saha_record_get (call, "priority"), "urgent") == 0
                                   ? "error" : "accent");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "record-id", g_strdup (saha_record_get_id (call)),
                          g_free);
  return row;
}

const char *
saha_service_call_priority_icon (const char *priority)
{
  if (g_strcmp0 (priority, "urgent") == 0)
    return "dialog-warning-symbolic";
  if (g_strcmp0 (priority, "high") == 0)
    return "go-up-symbolic";
  if (g_strcmp0 (priority, "low") == 0)
    return "go-down-symbolic";
  return NULL;
}

GtkWidget *
saha_service_call_row_add_priority (AdwActionRow *row,
                                    const char   *priority)
{
  const char *icon = saha_service_call_priority_icon (priority);
  GtkWidget *image, *label;

  if (icon == NULL)
    return NULL;
  image = gtk_image_new_from_icon_name (icon);
  label = gtk_label_new (saha_schema_choice_label ("service_call", "priority", priority));
  gtk_widget_set_name (image, "today-priority-icon");
  gtk_widget_set_name (label, "today-priority");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  if (g_strcmp0 (priority, "urgent") == 0)
    {
      gtk_widget_add_css_class (image, "error");
      gtk_widget_add_css_class (label, "error");
    }
  adw_action_row_add_prefix (row, image);
  adw_action_row_add_suffix (row, label);
  return label;
}
