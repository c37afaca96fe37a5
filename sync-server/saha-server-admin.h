/* saha-server-admin.h: the admin commands of saha-server (user ..., demo).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "saha-server-storage.h"

G_BEGIN_DECLS

/* `user add|passwd|list|disable|revoke-tokens ...`; @role and @password_stdin come
 * from the command line options. Returns the exit status. */
int saha_server_admin_user (const SahaServerStorageTarget *target,
                            char       **args,
                            const char  *role,
                            const char  *full_name,
                            gboolean     password_stdin);

/* `company show [--json]`, `company set KEY=VALUE...` (saha-server-company.c). */
int saha_server_admin_company (const SahaServerStorageTarget *target,
                               char       **args,
                               gboolean     json);

/* `demo [--customers N]`: seeds the demo data set (saha-server-demo.c). */
int saha_server_admin_demo (const SahaServerStorageTarget *target,
                            guint        customers);

/* `audit [--record ID] [--user U] [--since DATE] [--json]` (saha-server-audit.c). */
int saha_server_admin_audit  (const SahaServerStorageTarget *target,
                              char       **args,
                              const char  *record,
                              const char  *user,
                              const char  *since,
                              gboolean     json);
/* `device list [--json]`, `device wipe REPLICA_ID`, `device wipe --user U`. */
int saha_server_admin_device (const SahaServerStorageTarget *target,
                              char       **args,
                              const char  *user,
                              gboolean     json);

/* `copy --from-data DIR --to-database CONNINFO` (saha-server-copy.c). */
int saha_server_admin_copy   (const char  *from_data,
                              const char  *to_database);

G_END_DECLS
