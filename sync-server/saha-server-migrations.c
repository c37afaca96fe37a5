/* saha-server-migrations.c: the numbered schema migrations, read from the resources.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>
#include <gio/gio.h>

#include "saha-server-migrations.h"
#include "saha-server-resources.h"

#define MIGRATIONS_PATH "/org/sahacrm/Saha/server/migrations/"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GStrv
saha_server_migrations_list (const char *backend)
{
  g_autofree char *path = g_strconcat (MIGRATIONS_PATH, backend, "/", NULL);
  GStrv names;

  names = g_resource_enumerate_children (saha_server_get_resource (), path,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert (names != NULL);
  qsort (names, g_strv_length (names), sizeof (char *), compare_names);
  for (guint i = 0; names[i] != NULL; i++)
    g_assert (strtoul (names[i], NULL, 10) == i + 1);
  return names;
}

char *
saha_server_migration_sql (const char *backend,
                           const char *name)
{
  g_autofree char *path = g_strconcat (MIGRATIONS_PATH, backend, "/", name, NULL);
  g_autoptr(GBytes) bytes = g_resource_lookup_data (saha_server_get_resource (), path,
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  g_assert (bytes != NULL);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}
