/* saha-server-clock.h: the server's clock.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Seconds since the epoch, UTC: the real time plus SAHA_SERVER_CLOCK_OFFSET seconds (may
 * be negative) when that is set, so that a test can run the server "a week later"
 * (docs/protocol.md). Every time the server stores or compares goes through here. */
gint64 saha_server_now (void);

G_END_DECLS
