/* test-server-audit.c: the audit trail's storage: append-only, and the erasure's blank.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "saha-server-storage.h"

static void
add (SahaServerStorage *storage,
     const char        *id,
     const char        *field,
     const char        *old_value,
     const char        *new_value)
{
  g_autoptr(GError) error = NULL;
  SahaServerAuditEntry entry = {
    .at = 1765000000, .user = (char *) "rep-a", .device = (char *) "r-1",
    .entity = (char *) "customer", .id = (char *) id, .field = (char *) field,
    .old_value = (char *) old_value, .new_value = (char *) new_value,
  };

  g_assert_true (saha_server_storage_audit_add (storage, &entry, &error));
  g_assert_no_error (error);
}

/* blank_record replaces the person's values with "erased" and keeps who, when, which
 * field; other records are untouched; the table refuses deletes and other rewrites. */
static void
test_blank_and_append_only (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("saha-audit-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "server.db", NULL);
  g_autoptr(SahaServerStorage) storage = saha_server_storage_open (dir, &error);
  g_autoptr(GPtrArray) entries = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_no_error (error);
  g_assert_true (saha_server_storage_begin (storage, TRUE, &error));
  add (storage, "c1", "name", NULL, "Ayşe Yılmaz");
  add (storage, "c1", "phone", "+90 532 111 22 33", NULL);
  add (storage, "c1", "deleted", NULL, "true");
  add (storage, "c2", "name", NULL, "Mehmet Kaya");
  g_assert_cmpint (saha_server_storage_audit_blank_record (storage, "customer", "c1", &error), ==, 2);
  g_assert_true (saha_server_storage_commit (storage, &error));
  g_assert_no_error (error);

  entries = saha_server_storage_audit_list (storage, "c1", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 3);
  {
    SahaServerAuditEntry *name = g_ptr_array_index (entries, 0);
    SahaServerAuditEntry *phone = g_ptr_array_index (entries, 1);
    SahaServerAuditEntry *deleted = g_ptr_array_index (entries, 2);

    g_assert_cmpstr (name->field, ==, "name");
    g_assert_null (name->old_value);
    g_assert_cmpstr (name->new_value, ==, SAHA_SERVER_AUDIT_ERASED);
    g_assert_cmpstr (name->user, ==, "rep-a");
    g_assert_cmpstr (name->device, ==, "r-1");
    g_assert_cmpint (name->at, ==, 1765000000);
    g_assert_cmpstr (phone->old_value, ==, SAHA_SERVER_AUDIT_ERASED);
    g_assert_null (phone->new_value);
    g_assert_cmpstr (deleted->new_value, ==, "true");
  }
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = saha_server_storage_audit_list (storage, "c2", NULL, 0, &error);
  g_assert_cmpstr (((SahaServerAuditEntry *) g_ptr_array_index (entries, 0))->new_value, ==,
                   "Mehmet Kaya");

  /* Append-only, whoever opens the file. */
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit", NULL, NULL, &message), !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "append-only"));
  sqlite3_free (message);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit SET user = 'someone'", NULL, NULL, &message),
                   !=, SQLITE_OK);
  sqlite3_free (message);
  sqlite3_close (db);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = saha_server_storage_audit_list (storage, NULL, "rep-a", 0, &error);
  g_assert_cmpuint (entries->len, ==, 4);

  g_clear_pointer (&storage, saha_server_storage_close);
  {
    g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db_path, "-shm", NULL);
    g_unlink (db_path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/audit/blank-and-append-only", test_blank_and_append_only);
  return g_test_run ();
}
