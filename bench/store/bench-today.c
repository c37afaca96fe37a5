/* bench-today.c: how long the rep's and the office's Today take to read from a replica.
 *   bench-today REPLICA.db [USER]     (USER: the rep whose day is read; default: the
 *                                      replica's signed-in user)
 * Prints the time of each read (cold, on a fresh connection, then warm) and what it found.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-today.h"

static void
report (const char    *what,
        SahaTodayList *list,
        gint64         start)
{
  guint total = 0;

  for (guint k = 0; k < SAHA_TODAY_N_KINDS; k++)
    total += list->totals[k];
  g_print ("%-16s %7.1f ms   %u rows shown of %u\n", what,
           (g_get_monotonic_time () - start) / 1000.0, list->items->len, total);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *user = NULL;

  if (argc < 2)
    {
      g_printerr ("usage: bench-today REPLICA.db [USER]\n");
      return 2;
    }

  for (guint pass = 0; pass < 2; pass++)
    {
      g_autoptr(SahaStore) store = saha_store_open (argv[1], &error);
      g_autoptr(SahaTodayList) rep = NULL;
      g_autoptr(SahaTodayList) office = NULL;
      gint64 start;

      if (store == NULL)
        g_error ("%s", error->message);
      if (user == NULL)
        user = argc > 2 ? g_strdup (argv[2]) : saha_store_get_setting (store, "user");
      if (user == NULL)
        g_error ("nobody is signed in on %s: name the user", argv[1]);

      start = g_get_monotonic_time ();
      rep = saha_store_rep_today_sync (store, user, now, 25, NULL, &error);
      if (rep == NULL)
        g_error ("%s", error->message);
      report (pass == 0 ? "rep (cold)" : "rep (warm)", rep, start);

      start = g_get_monotonic_time ();
      office = saha_store_office_today_sync (store, now, 25, NULL, &error);
      if (office == NULL)
        g_error ("%s", error->message);
      report (pass == 0 ? "office (cold)" : "office (warm)", office, start);
    }
  return 0;
}
