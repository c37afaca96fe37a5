/* sync-fixture.h: a real saha-server on loopback and real client replicas, for sync tests.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "saha-store.h"
#include "saha-sync.h"

G_BEGIN_DECLS

typedef struct
{
  char        *data_dir;
  char        *database;     /* SAHA_TEST_BACKEND=postgresql: its database's name, else NULL */
  gboolean     shares_database;  /* test_server_start_beside (): the database is another's */
  char        *url;          /* http://127.0.0.1:PORT */
  guint16      port;
  GSubprocess *process;
} TestServer;

/* Starts saha-server ($SAHA_SERVER) on 127.0.0.1:@port (0: any) with @data_dir (NULL: a
 * new temporary one) and waits for its "listening on" line. */
TestServer  *test_server_start       (const char  *data_dir,
                                      guint16      port);
/* PostgreSQL only: a second saha-server process on @first's database (any port); free
 * it before @first. */
TestServer  *test_server_start_beside (TestServer *first);
/* The password of every test user is "<name>-pw". */
void         test_server_add_user    (TestServer  *server,
                                      const char  *name,
                                      const char  *role);
/* test_server_start (NULL, 0) with the users given as name, role pairs, NULL-terminated. */
TestServer  *test_server_start_with_users (const char *name,
                                           const char *role,
                                           ...) G_GNUC_NULL_TERMINATED;

/* A test fixture holding one server; the teardown frees it. */
typedef struct
{
  TestServer *server;
} TestServerFixture;

void         test_server_fixture_teardown (TestServerFixture *fixture,
                                           gconstpointer      data);

/* SIGKILL (hard) or SIGTERM, then waits for the process. */
void         test_server_stop        (TestServer  *server,
                                      gboolean     hard);
/* Stops (if running) and starts again on the same data and port. */
void         test_server_restart     (TestServer  *server);
void         test_server_free        (TestServer  *server);
/* "--data=DIR" or "--database=CONNINFO": where @server keeps its data, for tests that
 * run saha-server themselves. */
char        *test_server_storage_option (TestServer *server);
/* With the server stopped: a copy of its data (a directory, or a database), to put back
 * with test_server_restore_backup () and drop with test_server_backup_free (). */
char        *test_server_backup      (TestServer  *server);
void         test_server_restore_backup (TestServer *server,
                                         const char *backup);
void         test_server_backup_free (TestServer  *server,
                                      char        *backup);
/* With the server stopped: a new, empty data directory (and database). */
void         test_server_use_new_storage (TestServer *server);
/* Runs "saha-server --data DIR ARGS..." (or --database) to completion and asserts it
 * succeeded. */
void         test_server_admin       (TestServer  *server,
                                      const char  *stdin_text,
                                      ...) G_GNUC_NULL_TERMINATED;

/* Runs "saha-server --data DIR ARGS..." to completion; returns its exit status, *out its
 * stdout (NULL: not kept). Its stderr goes to the test log. */
int          test_server_run         (TestServer  *server,
                                      char       **out,
                                      ...) G_GNUC_NULL_TERMINATED;
/* Moves the server's clock @seconds from the real time (SAHA_SERVER_CLOCK_OFFSET, which
 * this process's later saha-server commands inherit too) and restarts it. */
void         test_server_set_clock   (TestServer  *server,
                                      gint64       seconds);

/* Adds "NEEDLE in FILE" to @found for every file under @dir whose raw bytes hold @needle
 * (case-insensitive; grep -r -a, in another process: opening a database file here would
 * drop this process's SQLite locks on it). */
void         test_files_containing   (const char  *dir,
                                      const char  *needle,
                                      GPtrArray   *found);

typedef struct
{
  char       *dir;
  char       *path;          /* the replica file */
  char       *user;
  TestServer *server;
  SahaStore  *store;         /* the test's own connection, for local edits and checks */
} TestReplica;

/* A new replica file signed in to @server as @user. */
TestReplica *test_replica_new        (TestServer  *server,
                                      const char  *user);
void         test_replica_free       (TestReplica *replica);
/* Reopens the test's connection (after the engine took a new replica id). */
void         test_replica_reopen     (TestReplica *replica);
/* One blocking sync with the engine; NULL and *error on failure. */
SahaSyncResult *test_replica_sync    (TestReplica *replica,
                                      GError     **error);
/* Asserts a successful sync. */
SahaSyncResult *test_replica_sync_ok (TestReplica *replica);

/* Local writes: "field=value" arguments, NULL-terminated; abort the test on failure. */
char        *test_replica_create     (TestReplica *replica,
                                      const char  *entity,
                                      ...) G_GNUC_NULL_TERMINATED;
void         test_replica_set        (TestReplica *replica,
                                      const char  *entity,
                                      const char  *id,
                                      ...) G_GNUC_NULL_TERMINATED;
/* The record or NULL when the replica does not hold it. */
SahaRecord  *test_replica_get        (TestReplica *replica,
                                      const char  *entity,
                                      const char  *id);

/* Every record (tombstones included) of the replica, by "entity/id". */
GHashTable  *test_replica_all        (TestReplica *replica);
/* Every record a pull from "" gives @user (signed in with its own token). */
GHashTable  *test_server_view        (TestServer  *server,
                                      const char  *user);

/* Asserts that @replica holds exactly what a pull from "" gives its user, record for
 * record (tombstones included), and has nothing pending. */
void         test_replica_assert_converged (TestReplica *replica);

/* Runs saha-cli ($SAHA_CLI) --db @db ARGS...; returns its exit status, *out its stdout. */
int          test_run_cli            (const char  *db,
                                      const char  *stdin_text,
                                      char       **out,
                                      ...) G_GNUC_NULL_TERMINATED;

/* @n customers named "@prefix 00000"... assigned to @assigned_to, made on @replica in one
 * transaction; their ids are added to @ids when it is not NULL. */
void         test_replica_create_many (TestReplica *replica,
                                       guint        n,
                                       const char  *prefix,
                                       const char  *assigned_to,
                                       GPtrArray   *ids);

/* rm -r */
void         test_remove_tree        (const char  *path);

/* SAHA_TEST_SCALE, a positive factor for the amount of work of the long tests (1 when
 * unset or not positive): the valgrind test setup (tests/meson.build) sets 0.1, since the
 * saha-server and saha-cli these tests start run under memcheck too. */
double       test_scale              (void);

G_END_DECLS
