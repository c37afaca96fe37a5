/* saha-contact-policy.c: how a customer wants to be contacted, decided before a contact action.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "saha-contact-policy.h"

/* Minutes since midnight of a canonical "HH:MM"; -1 when unset or unreadable. */
static int
parse_minutes (const char *time_of_day)
{
  unsigned hours, minutes;

  if (time_of_day == NULL || sscanf (time_of_day, "%2u:%2u", &hours, &minutes) != 2
      || hours > 23 || minutes > 59)
    return -1;
  return hours * 60 + minutes;
}

/**
 * saha_contact_policy_within_hours:
 * @from: (nullable): the window's start, "HH:MM"; %NULL (or unreadable) leaves it open
 * @to: (nullable): the window's end, "HH:MM"; %NULL (or unreadable) leaves it open
 * @minute_of_day: the minute to test, 0..1439
 *
 * A window whose end is before its start runs past midnight.
 *
 * Returns: %TRUE when @minute_of_day lies within @from..@to, both ends included
 */
gboolean
saha_contact_policy_within_hours (const char *from,
                                  const char *to,
                                  int         minute_of_day)
{
  int start = parse_minutes (from);
  int end = parse_minutes (to);

  if (start < 0 && end < 0)
    return TRUE;
  if (start < 0)
    return minute_of_day <= end;
  if (end < 0)
    return minute_of_day >= start;
  if (start <= end)
    return minute_of_day >= start && minute_of_day <= end;

  /* Past midnight: 22:00–06:00 is 22:00..23:59 and 00:00..06:00. */
  return minute_of_day >= start || minute_of_day <= end;
}

/**
 * saha_contact_policy_opted_out:
 * @opt_out: (nullable): a customer's opt_out value, a comma-separated list of channels
 * @channel: a channel name
 *
 * Returns: %TRUE when @opt_out lists @channel
 */
gboolean
saha_contact_policy_opted_out (const char *opt_out,
                               const char *channel)
{
  g_auto(GStrv) members = NULL;

  if (opt_out == NULL || channel == NULL)
    return FALSE;

  members = g_strsplit (opt_out, ",", -1);
  for (guint i = 0; members[i] != NULL; i++)
    if (g_strcmp0 (g_strstrip (members[i]), channel) == 0)
      return TRUE;
  return FALSE;
}

/**
 * saha_contact_policy_check:
 * @customer: a customer record
 * @channel: "phone", "sms" or "email"
 * @local_now: the device's local time, for the preferred hours of a call
 *
 * Decides what contacting @customer through @channel may do now. Only phone calls are
 * checked against the customer's preferred hours.
 *
 * Returns: the verdict
 */
SahaContactVerdict
saha_contact_policy_check (const SahaRecord *customer,
                           const char       *channel,
                           GDateTime        *local_now)
{
  const char *address;

  g_return_val_if_fail (customer != NULL, SAHA_CONTACT_NO_ADDRESS);
  g_return_val_if_fail (channel != NULL, SAHA_CONTACT_NO_ADDRESS);

  if (saha_contact_policy_opted_out (saha_record_get (customer, "opt_out"), channel))
    return SAHA_CONTACT_OPTED_OUT;

  address = saha_record_get (customer, g_str_equal (channel, "email") ? "email" : "phone");
  if (address == NULL || *address == '\0')
    return SAHA_CONTACT_NO_ADDRESS;

  if (g_str_equal (channel, "phone") && local_now != NULL
      && !saha_contact_policy_within_hours (saha_record_get (customer, "contact_from"),
                                            saha_record_get (customer, "contact_to"),
                                            g_date_time_get_hour (local_now) * 60
                                            + g_date_time_get_minute (local_now)))
    return SAHA_CONTACT_OUTSIDE_HOURS;

  return SAHA_CONTACT_ALLOWED;
}

/**
 * saha_contact_policy_dup_question:
 * @customer: a customer record with preferred hours
 * @local_now: the device's local time
 *
 * Returns: (transfer full): the translated question that asks a person to confirm a call
 *   outside the customer's preferred hours; free with g_free()
 */
char *
saha_contact_policy_dup_question (const SahaRecord *customer,
                                  GDateTime        *local_now)
{
  const char *from = saha_record_get (customer, "contact_from");
  const char *to = saha_record_get (customer, "contact_to");
  g_autofree char *now_text = g_date_time_format (local_now, "%H:%M");
  g_autofree char *hours = NULL;

  if (from != NULL && to != NULL)
    /* Translators: a time range, e.g. "09:00–17:00" */
    hours = g_strdup_printf (_("%s–%s"), from, to);
  else if (from != NULL)
    hours = g_strdup_printf (_("From %s"), from);
  else
    hours = g_strdup_printf (_("Until %s"), to != NULL ? to : "");

  /* Translators: the current time, the customer's name, their preferred hours */
  return g_strdup_printf (_("It’s %s, outside %s’s preferred hours (%s). Call anyway?"),
                          now_text, saha_record_get (customer, "name"), hours);
}
