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

  saha_application_setup_i18n ();

  app = saha_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
