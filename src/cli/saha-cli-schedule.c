/* saha-cli-schedule.c: saha-cli schedule, the dispatch board of one day, by technician.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "saha-cli-private.h"
#include "saha-store-dispatch.h"
#include "saha-sync-users.h"

/* The local day @date (YYYY-MM-DD; NULL: today) as a UTC range [*from, *to). */
static gboolean
day_range (const char  *date,
           char       **from,
           char       **to,
           GError     **error)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  g_autoptr(GDateTime) start_utc = NULL;
  g_autoptr(GDateTime) end_utc = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  if (date == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now (local);

      start = g_date_time_new (local, g_date_time_get_year (now), g_date_time_get_month (now),
                               g_date_time_get_day_of_month (now), 0, 0, 0);
    }
  else
    {
      static const SahaFieldDef date_field = { .name = "--date", .type = SAHA_FIELD_DATE };
      g_autofree char *canonical = NULL;
      int y, m, d;

      if (!saha_field_normalize (&date_field, date, &canonical, error))
        return FALSE;
      if (canonical == NULL || sscanf (canonical, "%d-%d-%d", &y, &m, &d) != 3)
        {
          g_set_error (error, SAHA_CLI_ERROR, SAHA_CLI_ERROR_INVALID,
                       _("--date: “%s” is not a date (YYYY-MM-DD)"), date);
          return FALSE;
        }
      start = g_date_time_new (local, y, m, d, 0, 0, 0);
    }
  if (start == NULL)
    {
      g_set_error (error, SAHA_CLI_ERROR, SAHA_CLI_ERROR_INVALID,
                   _("--date: “%s” is not a date (YYYY-MM-DD)"), date);
      return FALSE;
    }
  end = g_date_time_add_days (start, 1);
  start_utc = g_date_time_to_utc (start);
  end_utc = g_date_time_to_utc (end);
  *from = g_date_time_format (start_utc, "%Y-%m-%dT%H:%M:%SZ");
  *to = g_date_time_format (end_utc, "%Y-%m-%dT%H:%M:%SZ");
  return TRUE;
}

/* The technicians the server listed at the last sign-in or sync, for empty lanes. */
static GStrv
cached_technicians (SahaStore *store)
{
  g_autoptr(GPtrArray) users = saha_sync_users_load_cached (store);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      SahaSyncUser *user = g_ptr_array_index (users, i);

      if (g_strcmp0 (user->role, "tech") == 0)
        g_strv_builder_add (names, user->name);
    }
  return g_strv_builder_end (names);
}

static void
print_board_json (GPtrArray *lanes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < lanes->len; i++)
    {
      SahaDispatchLane *lane = g_ptr_array_index (lanes, i);

      for (guint j = 0; j < lane->calls->len; j++)
        {
          SahaDispatchCall *call = g_ptr_array_index (lane->calls, j);

          json_builder_begin_object (builder);
          saha_cli_json_add_string (builder, "technician", lane->technician);
          saha_cli_json_add_string (builder, "id", call->id);
          saha_cli_json_add_string (builder, "number", call->number);
          saha_cli_json_add_string (builder, "customer", call->customer);
          saha_cli_json_add_string (builder, "customer_name", call->customer_name);
          saha_cli_json_add_string (builder, "scheduled_at", call->scheduled_at);
          saha_cli_json_add_string (builder, "status", call->status);
          saha_cli_json_add_string (builder, "priority", call->priority);
          saha_cli_json_add_optional_int (builder, "expected_minutes", call->expected_minutes > 0,
                                          call->expected_minutes);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);
  saha_cli_print_builder (builder, TRUE);
}

/* A lane heading, then one line per call: local time, number, customer, priority,
 * status, and the expected duration when set. */
static void
print_board_text (GPtrArray *lanes)
{
  for (guint i = 0; i < lanes->len; i++)
    {
      SahaDispatchLane *lane = g_ptr_array_index (lanes, i);

      /* Translators: a dispatch board lane: the technician and their open calls. */
      g_print (ngettext ("%s: %u open call\n", "%s: %u open calls\n", lane->load),
               lane->technician != NULL ? lane->technician : _("(unassigned)"), lane->load);
      for (guint j = 0; j < lane->calls->len; j++)
        {
          SahaDispatchCall *call = g_ptr_array_index (lane->calls, j);
          g_autofree char *when = NULL;
          g_autofree char *length = NULL;

          if (call->scheduled_at != NULL)
            {
              g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (call->scheduled_at, NULL);
              g_autoptr(GDateTime) local = at != NULL ? g_date_time_to_local (at) : NULL;

              when = local != NULL ? g_date_time_format (local, "%H:%M") : NULL;
            }
          if (call->expected_minutes > 0)
            length = saha_format_duration (call->expected_minutes);
          g_print ("  %-5s  %s  %s  %s  %s%s%s\n", when != NULL ? when : "--:--",
                   call->number != NULL ? call->number : "-",
                   call->customer_name != NULL ? call->customer_name : call->customer,
                   call->priority != NULL ? call->priority : "-", call->status,
                   length != NULL ? "  " : "", length != NULL ? length : "");
        }
    }
}

int
saha_cli_schedule (const char  *db_path,
                   int          argc,
                   char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GPtrArray) lanes = NULL;
  g_autofree char *date = NULL;
  g_autofree char *tech = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_auto(GStrv) technicians = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_FILENAME, &date,
      N_("The local day to show (default: today)"), N_("YYYY-MM-DD") },
    { "tech", 0, 0, G_OPTION_ARG_FILENAME, &tech,
      N_("Only this technician's calls (\"\" for the unassigned ones)"), N_("USER") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON array of the calls, each with its technician"), NULL },
    { NULL }
  };

  if (!saha_cli_parse_command ("schedule", "",
                               _("The dispatch board of one day: each technician's service "
                                 "calls in time order with their open calls' count, then the "
                                 "unassigned ones (also those with no time yet). Cancelled "
                                 "calls are left out."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;
  if (argc != 1)
    return saha_cli_usage_error ("schedule", _("Expected no arguments"));
  if (tech != NULL && !g_utf8_validate (tech, -1, NULL))
    return saha_cli_usage_error ("schedule", _("--tech needs UTF-8 text"));
  if (!day_range (date, &from, &to, &error))
    return saha_cli_fail (g_steal_pointer (&error));

  store = saha_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));
  technicians = cached_technicians (store);
  lanes = saha_store_dispatch_board (store, from, to, (const char * const *) technicians,
                                     tech, NULL, &error);
  if (lanes == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (json)
    print_board_json (lanes);
  else
    print_board_text (lanes);
  return SAHA_CLI_EXIT_OK;
}
