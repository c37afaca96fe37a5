/* fuzz-server-fixture.c: a server database with known users, tokens and records, fresh
 * for every fuzz input (a copy of a template made once per process).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-server-fixture.h"

#include <glib/gstdio.h>
#include <string.h>

#include "saha-fuzz.h"
#include "saha-server-auth.h"
#include "saha-server-sync.h"

static GBytes *template_db;
static char *work_dir;

static void
add_user (SahaServerStorage *storage,
          const char        *name,
          SahaServerRole     role,
          const char        *code,
          const char        *token,
          const char        *replica_id,
          gint64             expires_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaServerUser) user = NULL;
  g_autofree char *hash = saha_server_token_hash (token);

  /* Never verified: the harnesses start from tokens, and argon2 would slow them down. */
  if (saha_server_storage_user_code_exists (storage, code) == FALSE)
    {
      saha_server_storage_user_add (storage, name, role, code, "unused", &error);
      g_assert_no_error (error);
    }
  user = saha_server_storage_user_lookup (storage, name, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  saha_server_storage_token_add (storage, hash, user->id, replica_id, expires_at, &error);
  g_assert_no_error (error);
}

static void
make_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template_dir = g_build_filename (saha_fuzz_scratch_dir (), "template", NULL);
  g_autofree char *template_path = g_build_filename (template_dir, "server.db", NULL);
  g_autofree char *batch_path = g_build_filename (SAHA_FUZZ_SOURCE_DIR, "corpus", "push",
                                                  "full-batch.json", NULL);
  g_autofree char *batch = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  gint64 later = g_get_real_time () / G_USEC_PER_SEC + 365 * 24 * 3600;

  g_assert_true (saha_server_auth_init ());
  work_dir = g_build_filename (saha_fuzz_scratch_dir (), "server", NULL);

  {
    g_autoptr(SahaServerStorage) storage = saha_server_storage_open (template_dir, &error);
    g_autoptr(SahaServerUser) admin = NULL;
    g_autofree char *answer = NULL;

    g_assert_no_error (error);
    saha_server_storage_set_meta (storage, "epoch", SAHA_FUZZ_EPOCH, &error);
    g_assert_no_error (error);
    add_user (storage, "fuzz-rep", SAHA_SERVER_ROLE_REP, "FREP", "rep-token", "r-fuzzrep", later);
    add_user (storage, "fuzz-rep", SAHA_SERVER_ROLE_REP, "FREP", "expired-token", "r-fuzzrep", 1);
    add_user (storage, "fuzz-tech", SAHA_SERVER_ROLE_TECH, "FTEC", "tech-token", "r-fuzztech", later);
    add_user (storage, "fuzz-office", SAHA_SERVER_ROLE_OFFICE, "FOFF", "office-token", "r-fuzzoffice", later);
    add_user (storage, "fuzz-admin", SAHA_SERVER_ROLE_ADMIN, "FADM", "admin-token", "r-fuzzadmin", later);
    add_user (storage, "fuzz-other", SAHA_SERVER_ROLE_REP, "FOTH", "other-token", "r-fuzzother", later);
    add_user (storage, "fuzz-gone", SAHA_SERVER_ROLE_REP, "FGON", "gone-token", "r-fuzzgone", later);
    {
      g_autoptr(SahaServerUser) gone = saha_server_storage_user_lookup (storage, "fuzz-gone", &error);

      g_assert_no_error (error);
      saha_server_storage_user_set_disabled (storage, gone->id, TRUE, &error);
      g_assert_no_error (error);
    }

    g_file_get_contents (batch_path, &batch, &length, &error);
    g_assert_no_error (error);
    admin = saha_server_storage_user_lookup (storage, "fuzz-admin", &error);
    g_assert_no_error (error);
    answer = saha_server_sync_push (storage, admin, batch, length, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (answer, "\"ok\""));
    g_assert_null (strstr (answer, "\"refused\""));
  }

  g_file_get_contents (template_path, &contents, &length, &error);
  g_assert_no_error (error);
  template_db = g_bytes_new_take (g_steal_pointer (&contents), length);
  saha_fuzz_empty_dir (template_dir);
  g_rmdir (template_dir);
}

SahaServerStorage *
saha_fuzz_server_open (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SahaServerStorage *storage;
  gconstpointer data;
  gsize length;

  if (template_db == NULL)
    make_template ();

  g_assert_cmpint (g_mkdir_with_parents (work_dir, 0700), ==, 0);
  path = g_build_filename (work_dir, "server.db", NULL);
  data = g_bytes_get_data (template_db, &length);
  g_file_set_contents (path, data, (gssize) length, &error);
  g_assert_no_error (error);
  storage = saha_server_storage_open (work_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saha_server_storage_get_epoch (storage), ==, SAHA_FUZZ_EPOCH);
  return storage;
}

void
saha_fuzz_server_close (SahaServerStorage *storage)
{
  saha_server_storage_close (storage);
  saha_fuzz_empty_dir (work_dir);
}

SahaServerUser *
saha_fuzz_server_user (SahaServerStorage *storage,
                       const char        *name)
{
  g_autoptr(GError) error = NULL;
  SahaServerUser *user = saha_server_storage_user_lookup (storage, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (user);
  return user;
}
