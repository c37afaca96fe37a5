/* rel-util.h: small checks shared by the reliability tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sync-fixture.h"

G_BEGIN_DECLS

/* TRUE when the suite was configured with -Dlong_tests=true. */
gboolean  rel_long                (void);
/* @short_n normally, @long_n in the long runs. */
guint     rel_scale               (guint        short_n,
                                   guint        long_n);
/* Opens @path with SQLite (recovering its WAL as any later opener would) and asserts
 * that "PRAGMA integrity_check" answers "ok". */
void      rel_assert_integrity    (const char  *path);
/* Makes the replica's next sync talk to @url (the server URL is a replica setting). */
void      rel_replica_set_server  (TestReplica *replica,
                                   const char  *url);

G_END_DECLS
