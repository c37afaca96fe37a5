/* main.c: starts the Saha application.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SahaApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;

  saha_application_setup_i18n ();
  if (!saha_application_check_setup (&warning, &error))
    {
      g_printerr ("saha: %s\n", error->message);
      return 1;
    }
  if (warning != NULL)
    g_printerr ("saha: %s\n", warning);

  app = saha_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
