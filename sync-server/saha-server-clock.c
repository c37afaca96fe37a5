/* saha-server-clock.c: the server's clock.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "saha-server-clock.h"

static gint64
clock_offset (void)
{
  static gsize read = 0;
  static gint64 offset = 0;

  if (g_once_init_enter (&read))
    {
      const char *text = g_getenv ("SAHA_SERVER_CLOCK_OFFSET");
      gint64 value;

      if (text != NULL
          && g_ascii_string_to_signed (text, 10, -G_MAXINT32, G_MAXINT32, &value, NULL))
        offset = value;
      g_once_init_leave (&read, 1);
    }
  return offset;
}

gint64
saha_server_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC + clock_offset ();
}
