/* saha-server-migrations.h: the numbered schema migrations of the server's database.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Each storage backend has its own folder of migrations, sync-server/migrations/BACKEND/,
 * compiled in (saha-server.gresource.xml). File NNNN-what.sql brings the schema from
 * version NNNN - 1 to NNNN; the version a database is at is the "schema_version" row of
 * its meta table. Adding a change to the schema: a new file with the next number (in the
 * folder of every backend) and its line in saha-server.gresource.xml. A file once
 * released never changes.
 */

/* The migration file names of @backend ("sqlite"), sorted: name k (0-based) holds
 * version k + 1. Aborts when the numbers have a gap (a build mistake). */
GStrv  saha_server_migrations_list (const char *backend);
/* The SQL text of migration @name of @backend. */
char  *saha_server_migration_sql   (const char *backend,
                                    const char *name);

G_END_DECLS
