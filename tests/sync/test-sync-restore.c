/* test-sync-restore.c: a server restored from an earlier copy of its data directory loses
 * nothing any device still holds.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "saha-store-sync.h"
#include "saha-sync-private.h"
#include "sync-fixture.h"

/* cp -a @from @to */
static void
copy_tree (const char *from,
           const char *to)
{
  const char *argv[] = { "cp", "-a", from, to, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

/* What an administrator does: stop the server, copy its data directory aside. Returns
 * the copy's path. The server is started again. */
static char *
take_backup (TestServer *server)
{
  g_autofree char *parent = g_dir_make_tmp ("saha-backup-XXXXXX", NULL);
  char *copy = g_build_filename (parent, "data", NULL);

  test_server_stop (server, FALSE);
  copy_tree (server->data_dir, copy);
  test_server_restart (server);
  return copy;
}

/* Stop, put the copy back in place of the data directory, start (same port). */
static void
restore_backup (TestServer *server,
                const char *copy)
{
  test_server_stop (server, FALSE);
  test_remove_tree (server->data_dir);
  copy_tree (copy, server->data_dir);
  test_server_restart (server);
}

/* a <= b: b has seen everything a has. */
static gboolean
vv_leq (const SahaVersionVector *a,
        const SahaVersionVector *b)
{
  SahaVvOrder order = saha_version_vector_compare (a, b);

  return order == SAHA_VV_EQUAL || order == SAHA_VV_DOMINATED;
}

/* The first round after a restore: a record given back that carries another device's
 * edits the server lost, or references a record the server lost, is refused
 * (unknown_version, missing_reference) and kept pending until that device has given its
 * own back; the rounds after it refuse nothing. */
static void
sync_settling (TestReplica **all,
               guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SahaSyncResult) result = test_replica_sync_ok (all[i]);
    }
}

static void
sync_all (TestReplica **all,
          guint         n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SahaSyncResult) result = test_replica_sync_ok (all[i]);

      g_assert_cmpuint (result->refused, ==, 0);
    }
}

/* Every record of @before (entity/id → record) is still in @replica, with at least its
 * state: nothing it held was deleted or rolled back. */
static void
assert_kept (TestReplica *replica,
             GHashTable  *before)
{
  g_autoptr(GHashTable) now = test_replica_all (replica);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      SahaRecord *record = g_hash_table_lookup (now, key);

      if (record == NULL)
        g_error ("%s: %s was deleted", replica->path, (char *) key);
      if (!vv_leq (saha_record_get_version_vector (value),
                                    saha_record_get_version_vector (record)))
        g_error ("%s: %s went back to an older state", replica->path, (char *) key);
    }
}

/* @key is on the server, in the state @held has (or a later one). */
static void
assert_on_server (GHashTable *view,
                  const char *key,
                  SahaRecord *held)
{
  SahaRecord *record = g_hash_table_lookup (view, key);

  if (record == NULL)
    g_error ("the server lacks %s", key);
  g_assert_true (vv_leq (saha_record_get_version_vector (held),
                                          saha_record_get_version_vector (record)));
}

static void
run_restore (gboolean other_pushes_first)
{
  TestServer *server = test_server_start_with_users ("rep-a", "rep", "office", "office", NULL);
  TestReplica *office = test_replica_new (server, "office");
  TestReplica *phone = test_replica_new (server, "rep-a");
  TestReplica *laptop = test_replica_new (server, "rep-a");
  TestReplica *all[] = { office, phone, laptop };
  g_autofree char *old = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *by_phone = NULL;
  g_autofree char *by_office = NULL;
  g_autofree char *by_laptop = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *backup_parent = NULL;
  g_autoptr(GPtrArray) after_restore = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) phone_before = NULL;
  g_autoptr(GHashTable) laptop_before = NULL;
  g_autoptr(GHashTable) office_before = NULL;
  g_autoptr(GHashTable) view = NULL;

  old = test_replica_create (office, "customer", "name=Fırat Enerji", "kind=company",
                             "assigned_to=rep-a", NULL);
  edited = test_replica_create (office, "customer", "name=Dicle Su", "kind=company",
                                "assigned_to=rep-a", NULL);
  sync_all (all, 3);

  /* Last night's copy. */
  backup = take_backup (server);
  backup_parent = g_path_get_dirname (backup);

  /* The day's work after the copy, synced everywhere. */
  by_phone = test_replica_create (phone, "customer", "name=Harran Pamuk", "kind=company",
                                  "assigned_to=rep-a", NULL);
  test_replica_set (phone, "customer", edited, "city=Diyarbakır", NULL);
  by_office = test_replica_create (office, "customer", "name=Mardin Taş", "kind=company",
                                   "assigned_to=rep-a", NULL);
  sync_all (all, 3);
  sync_all (all, 3);
  {
    g_autofree char *parent = g_strdup_printf ("customer=%s", by_phone);

    by_laptop = test_replica_create (laptop, "note", parent, "summary=teklif verildi",
                                     "channel=visit", NULL);
  }
  test_replica_set (laptop, "customer", old, "notes=paid in cash", NULL);
  sync_all (all, 3);
  sync_all (all, 3);
  for (guint i = 0; i < 3; i++)
    test_replica_assert_converged (all[i]);
  phone_before = test_replica_all (phone);
  laptop_before = test_replica_all (laptop);
  office_before = test_replica_all (office);

  /* The disk dies; the administrator puts last night's copy back. */
  restore_backup (server, backup);

  if (other_pushes_first)
    {
      /* The office works first: its pushes move the server's sequence past the
       * devices' cursors again. */
      test_replica_create_many (office, 20, "Yeni Müşteri", "rep-a", after_restore);
      {
        g_autoptr(SahaSyncResult) result = test_replica_sync_ok (office);
      }
    }

  sync_settling ((TestReplica *[]) { laptop, phone, office }, 3);
  sync_all (all, 3);
  sync_all (all, 3);

  /* Nothing any device held was deleted or rolled back. */
  assert_kept (phone, phone_before);
  assert_kept (laptop, laptop_before);
  assert_kept (office, office_before);

  /* Everything the restored server had lost is back on it. */
  view = test_server_view (server, "office");
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, office_before);
    while (g_hash_table_iter_next (&iter, &key, &value))
      assert_on_server (view, key, value);
    g_hash_table_iter_init (&iter, phone_before);
    while (g_hash_table_iter_next (&iter, &key, &value))
      assert_on_server (view, key, value);
    g_hash_table_iter_init (&iter, laptop_before);
    while (g_hash_table_iter_next (&iter, &key, &value))
      assert_on_server (view, key, value);
  }

  /* The records created after the restore reached every device of their user. */
  for (guint i = 0; i < after_restore->len; i++)
    {
      g_autoptr(SahaRecord) on_phone = test_replica_get (phone, "customer", after_restore->pdata[i]);
      g_autoptr(SahaRecord) on_laptop = test_replica_get (laptop, "customer", after_restore->pdata[i]);

      g_assert_nonnull (on_phone);
      g_assert_nonnull (on_laptop);
    }

  /* The values themselves. */
  {
    g_autoptr(SahaRecord) a = test_replica_get (laptop, "customer", edited);
    g_autoptr(SahaRecord) b = test_replica_get (office, "customer", old);
    g_autoptr(SahaRecord) c = test_replica_get (phone, "customer", by_office);

    g_assert_cmpstr (saha_record_get (a, "city"), ==, "Diyarbakır");
    g_assert_cmpstr (saha_record_get (b, "notes"), ==, "paid in cash");
    g_assert_nonnull (c);
    g_clear_pointer (&c, saha_record_unref);
    c = test_replica_get (office, "note", by_laptop);
    g_assert_nonnull (c);
  }

  for (guint i = 0; i < 3; i++)
    test_replica_assert_converged (all[i]);

  for (guint i = 0; i < 3; i++)
    test_replica_free (all[i]);
  test_remove_tree (backup_parent);
  test_server_free (server);
}

static void
test_restore_other_pushes_first (void)
{
  run_restore (TRUE);
}

static void
test_restore_nobody_pushes_first (void)
{
  run_restore (FALSE);
}

/* A customer the phone edited after the copy, reassigned to someone else on the restored
 * server, and a note the phone made under it: the revocation sets the customer aside
 * (the phone's edit may be one the server lost), and the note, given back and refused
 * forbidden, is set aside like a revoked record with pending edits: never deleted and
 * never a refusal at every sync. */
static void
test_restore_given_back_out_of_scope (void)
{
  TestServer *server = test_server_start_with_users ("rep-a", "rep", "rep-b", "rep",
                                                     "office", "office", NULL);
  TestReplica *office = test_replica_new (server, "office");
  TestReplica *phone = test_replica_new (server, "rep-a");
  g_autofree char *customer = NULL;
  g_autofree char *note = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *backup_parent = NULL;
  g_autoptr(GHashTable) view = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaRecord) gone = NULL;

  customer = test_replica_create (office, "customer", "name=Fırat Enerji", "kind=company",
                                  "assigned_to=rep-a", NULL);
  sync_all ((TestReplica *[]) { office, phone }, 2);
  backup = take_backup (server);
  backup_parent = g_path_get_dirname (backup);

  parent = g_strdup_printf ("customer=%s", customer);
  note = test_replica_create (phone, "note", parent, "summary=sözleşme imzalandı",
                              "channel=visit", NULL);
  test_replica_set (phone, "customer", customer, "notes=indirim istedi", NULL);
  sync_all ((TestReplica *[]) { phone }, 1);

  restore_backup (server, backup);
  /* On the restored server the office gives the customer to rep-b. */
  test_replica_set (office, "customer", customer, "assigned_to=rep-b", NULL);
  sync_all ((TestReplica *[]) { office }, 1);

  /* The customer's revocation and the note's refusal: both set aside, the phone's edit of
   * the customer (lost by the server) with it. */
  sync_all ((TestReplica *[]) { phone, phone }, 2);
  g_assert_cmpuint (saha_store_sync_count_revoked (phone->store, &error), ==, 2);
  g_assert_no_error (error);
  gone = test_replica_get (phone, "note", note);
  g_assert_null (gone);
  test_replica_assert_converged (phone);
  /* It stays with rep-a: the customer is rep-b's now, and only the office decides. */
  view = test_server_view (server, "rep-b");
  {
    g_autofree char *key = g_strdup_printf ("note/%s", note);

    g_assert_false (g_hash_table_contains (view, key));
  }

  test_replica_free (office);
  test_replica_free (phone);
  test_remove_tree (backup_parent);
  test_server_free (server);
}

static guint
count_colons (const char *text)
{
  guint n = 0;

  for (; *text != '\0'; text++)
    n += *text == ':';
  return n;
}

/* A replica whose cursor is of the old two-part form (stored before cursors named their
 * change) reconciles once: nothing is deleted, and the cursor carries a tag from then on. */
static void
test_old_cursor_reconciles (void)
{
  TestServer *server = test_server_start_with_users ("rep-a", "rep", "office", "office", NULL);
  TestReplica *office = test_replica_new (server, "office");
  TestReplica *phone = test_replica_new (server, "rep-a");
  g_autofree char *customer = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *old_form = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GError) error = NULL;

  customer = test_replica_create (office, "customer", "name=Dicle Su", "kind=company",
                                  "assigned_to=rep-a", NULL);
  sync_all ((TestReplica *[]) { office, phone }, 2);
  cursor = saha_store_get_setting (phone->store, "cursor");
  g_assert_cmpuint (count_colons (cursor), ==, 2);
  old_form = g_strndup (cursor, strrchr (cursor, ':') - cursor);
  saha_store_set_setting (phone->store, "cursor", old_form, &error);
  g_assert_no_error (error);
  before = test_replica_all (phone);

  sync_all ((TestReplica *[]) { phone }, 1);
  assert_kept (phone, before);
  g_free (cursor);
  cursor = saha_store_get_setting (phone->store, "cursor");
  g_assert_cmpuint (count_colons (cursor), ==, 2);
  test_replica_assert_converged (phone);

  test_replica_free (office);
  test_replica_free (phone);
  test_server_free (server);
}

/* Starting a server (a restore starts one) purges the tombstones every device has seen.
 * A note whose customer's tombstone went keeps its scope when the office edits it: it
 * stayed rep-a's, so rep-a is neither revoked from it nor refused for editing it. */
static void
test_purged_parent_keeps_child_scope (void)
{
  TestServer *server = test_server_start_with_users ("rep-a", "rep", "office", "office", NULL);
  TestReplica *office = test_replica_new (server, "office");
  TestReplica *phone = test_replica_new (server, "rep-a");
  g_autofree char *customer = NULL;
  g_autofree char *note = NULL;
  g_autofree char *parent = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaRecord) kept = NULL;

  customer = test_replica_create (office, "customer", "name=Fırat Enerji", "kind=company",
                                  "assigned_to=rep-a", NULL);
  parent = g_strdup_printf ("customer=%s", customer);
  note = test_replica_create (office, "note", parent, "summary=ilk ziyaret", "channel=visit",
                              NULL);
  sync_all ((TestReplica *[]) { office, phone }, 2);
  g_assert_true (saha_store_delete (office->store, "customer", customer, &error));
  g_assert_no_error (error);
  sync_all ((TestReplica *[]) { office, phone, office, phone }, 4);

  test_server_stop (server, FALSE);
  test_server_restart (server);

  test_replica_set (office, "note", note, "summary=ikinci ziyaret", NULL);
  sync_all ((TestReplica *[]) { office, phone }, 2);
  kept = test_replica_get (phone, "note", note);
  g_assert_nonnull (kept);
  g_assert_cmpstr (saha_record_get (kept, "summary"), ==, "ikinci ziyaret");
  test_replica_set (phone, "note", note, "summary=üçüncü ziyaret", NULL);
  sync_all ((TestReplica *[]) { phone, office }, 2);
  g_assert_cmpuint (saha_store_sync_count_revoked (phone->store, &error), ==, 0);
  g_assert_no_error (error);
  g_clear_pointer (&kept, saha_record_unref);
  kept = test_replica_get (office, "note", note);
  g_assert_cmpstr (saha_record_get (kept, "summary"), ==, "üçüncü ziyaret");
  /* (Not test_replica_assert_converged(): the replicas keep the customer's tombstone,
   * which the server has purged.) */

  test_replica_free (office);
  test_replica_free (phone);
  test_server_free (server);
}


/* Put @bytes back over @replica's file in place (same inode, token kept), as a user
 * restoring a backup of the profile does. */
static void
restore_file (TestReplica *replica,
              GBytes      *bytes)
{
  g_autofree char *wal = g_strconcat (replica->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (replica->path, "-shm", NULL);
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  g_clear_object (&replica->store);
  g_unlink (wal);
  g_unlink (shm);
  g_file_set_contents (replica->path, data, length, &error);
  g_assert_no_error (error);
  test_replica_reopen (replica);
}

/* A replica id retired after the server's copy: the laptop's profile is restored from an
 * older backup after the server's copy was taken, so the laptop takes a new replica id
 * (its old one is behind what the server stored) and pulls back its own edit made under
 * the old id. Then the server is restored from its copy, which knows the old id only up to
 * before that edit. The laptop gives the edit back under its new id — the old id is the
 * same user's — and the office's copy of it goes through after it. */
static void
test_retired_id_given_back (void)
{
  TestServer *server = test_server_start_with_users ("rep-a", "rep", "office", "office", NULL);
  TestReplica *office = test_replica_new (server, "office");
  TestReplica *laptop = test_replica_new (server, "rep-a");
  TestReplica *both[] = { laptop, office };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) profile_backup = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *backup_parent = NULL;
  g_autoptr(GHashTable) view = NULL;

  customer = test_replica_create (laptop, "customer", "name=Kızılırmak Tarım",
                                  "kind=company", "assigned_to=rep-a", NULL);
  sync_all (both, 2);
  {
    char *contents = NULL;
    gsize length;

    g_clear_object (&laptop->store);
    g_file_get_contents (laptop->path, &contents, &length, &error);
    g_assert_no_error (error);
    profile_backup = g_bytes_new_take (contents, length);
    test_replica_reopen (laptop);
  }
  backup = take_backup (server);
  backup_parent = g_path_get_dirname (backup);

  /* After both copies: an edit synced to the server and to the office. */
  test_replica_set (laptop, "customer", customer, "city=Kırşehir", NULL);
  sync_all (both, 2);

  /* The profile is restored from its backup: the next sync takes a new replica id and
   * brings the edit back. */
  restore_file (laptop, profile_backup);
  sync_all (both, 2);
  {
    g_autoptr(SahaRecord) back = test_replica_get (laptop, "customer", customer);

    g_assert_cmpstr (saha_record_get (back, "city"), ==, "Kırşehir");
  }

  restore_backup (server, backup);
  /* The new replica id came after the server's copy, with its token: the restored server
   * does not know it, so the laptop signs in again (as after any restore, docs/sync.md). */
  saha_sync_login (laptop->path, server->url, "rep-a", "rep-a-pw", NULL, &error);
  g_assert_no_error (error);
  test_replica_reopen (laptop);

  sync_settling (both, 2);
  sync_all (both, 2);
  sync_all (both, 2);

  view = test_server_view (server, "office");
  {
    g_autofree char *key = g_strconcat ("customer/", customer, NULL);
    SahaRecord *record = g_hash_table_lookup (view, key);

    g_assert_nonnull (record);
    g_assert_cmpstr (saha_record_get (record, "city"), ==, "Kırşehir");
  }
  test_replica_assert_converged (laptop);
  test_replica_assert_converged (office);

  test_replica_free (laptop);
  test_replica_free (office);
  test_remove_tree (backup_parent);
  test_server_free (server);
}

/* Changes only another user's device still holds: the rep's laptop edits a customer after
 * the server's copy was taken and syncs, the office pulls the edit, then the laptop is
 * gone (lost, its profile deleted) and the server is restored from its copy. The restored
 * server knows the laptop's replica id only up to before the edit, and the office is not
 * the rep: a version vector naming the laptop's later changes would be a forgery (refused,
 * unknown_version) — unless it comes with the server's own proof that it once stored
 * them. The office gives the edit back with the proof of the state it pulled, and the
 * server takes it. */
static void
test_lost_device_given_back_by_another_user (void)
{
  TestServer *server = test_server_start_with_users ("rep-a", "rep", "office", "office", NULL);
  TestReplica *office = test_replica_new (server, "office");
  TestReplica *laptop = test_replica_new (server, "rep-a");
  TestReplica *both[] = { laptop, office };
  TestReplica *new_laptop = NULL;
  TestReplica *after[2];
  g_autofree char *customer = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *backup_parent = NULL;
  g_autoptr(GHashTable) view = NULL;

  customer = test_replica_create (laptop, "customer", "name=Kızılırmak Tarım",
                                  "kind=company", "assigned_to=rep-a", NULL);
  sync_all (both, 2);
  backup = take_backup (server);
  backup_parent = g_path_get_dirname (backup);

  /* After the copy: the laptop's edit, synced to the server and pulled by the office. */
  test_replica_set (laptop, "customer", customer, "city=Kırşehir", "notes=Sulama kanalı", NULL);
  sync_all (both, 2);
  /* The laptop is lost. */
  test_replica_free (laptop);

  restore_backup (server, backup);
  /* The office's session and cursor are of the copy: it reconciles and gives back. */
  new_laptop = test_replica_new (server, "rep-a");
  after[0] = office;
  after[1] = new_laptop;
  sync_settling (after, 2);
  sync_all (after, 2);
  sync_all (after, 2);

  view = test_server_view (server, "office");
  {
    g_autofree char *key = g_strconcat ("customer/", customer, NULL);
    SahaRecord *record = g_hash_table_lookup (view, key);

    g_assert_nonnull (record);
    g_assert_cmpstr (saha_record_get (record, "city"), ==, "Kırşehir");
    g_assert_cmpstr (saha_record_get (record, "notes"), ==, "Sulama kanalı");
  }
  {
    g_autoptr(SahaRecord) mine = test_replica_get (new_laptop, "customer", customer);

    g_assert_nonnull (mine);
    g_assert_cmpstr (saha_record_get (mine, "city"), ==, "Kırşehir");
  }
  test_replica_assert_converged (office);
  test_replica_assert_converged (new_laptop);

  test_replica_free (new_laptop);
  test_replica_free (office);
  test_remove_tree (backup_parent);
  test_server_free (server);
}

/* A proof is the server's, for one state of one record: a device cannot raise another
 * replica's counter with a proof it made up, nor with the proof of another record. */
static void
test_forged_proof_refused (void)
{
  TestServer *server = test_server_start_with_users ("rep-a", "rep", "office", "office", NULL);
  TestReplica *office = test_replica_new (server, "office");
  TestReplica *rep = test_replica_new (server, "rep-a");
  TestReplica *both[] = { rep, office };
  g_autofree char *customer = NULL;
  g_autofree char *other = NULL;
  g_autoptr(GError) error = NULL;
  const char *office_id;

  customer = test_replica_create (rep, "customer", "name=Kızılırmak Tarım", "kind=company",
                                  "assigned_to=rep-a", NULL);
  other = test_replica_create (rep, "customer", "name=Yeşilırmak Gıda", "kind=company",
                               "assigned_to=rep-a", NULL);
  sync_all (both, 2);
  office_id = saha_store_get_replica_id (office->store);

  /* The rep claims the office's replica at counter 1000 for its customer, with a made-up
   * proof, and then with the real proof of its other customer. */
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(SahaRecord) record = test_replica_get (rep, "customer", customer);
      g_autoptr(SahaVersionVector) vv = saha_version_vector_copy (saha_record_get_version_vector (record));
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonNode) vv_node = NULL;
      g_autoptr(JsonNode) real = saha_store_sync_pulled_proof (rep->store, "customer", other);
      g_autofree char *body = NULL;
      g_autofree char *token = NULL;
      JsonObject *pulled = json_object_new ();

      g_assert_nonnull (real);
      saha_version_vector_set (vv, office_id, 1000);
      vv_node = saha_version_vector_to_json (vv);
      json_object_set_member (pulled, "vv", json_node_copy (vv_node));
      json_object_set_string_member (pulled, "proof",
                                     attempt == 0 ? "AAAAAAAAAAAAAAAAAAAAAA"
                                     : json_object_get_string_member (json_node_get_object (real),
                                                                      "proof"));
      node = saha_record_to_json (record, SAHA_CODEC_COMPACT);
      json_object_set_member (json_node_get_object (node), "vv", json_node_copy (vv_node));
      json_object_set_object_member (json_node_get_object (node), "pulled", pulled);
      {
        g_autofree char *text = saha_json_to_string (node, FALSE);
        g_autofree char *batch = g_uuid_string_random ();

        body = g_strdup_printf ("{\"batch_id\":\"%s\",\"replica_id\":\"%s\","
                                "\"replica_counter\":%" G_GUINT64_FORMAT ",\"records\":[%s]}",
                                batch, saha_store_get_replica_id (rep->store),
                                saha_store_sync_get_counter (rep->store, NULL), text);
      }
      {
        g_autofree char *out = NULL;
        g_autoptr(SahaSyncClient) client = NULL;
        g_auto(SahaSyncToken) saved = { 0 };
        g_autoptr(JsonNode) answer = NULL;
        g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
        JsonObject *result;

        g_assert_true (saha_sync_token_load (rep->path, &saved, &error));
        client = saha_sync_client_new (server->url, saved.token, 1, 0);
        answer = saha_sync_client_request (client, "POST", "/v1/push", bytes, NULL, NULL,
                                           &error);
        g_assert_no_error (error);
        result = json_array_get_object_element (json_object_get_array_member (json_node_get_object (answer), "results"), 0);
        g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "refused");
        g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "unknown_version");
      }
    }

  /* The office's own edit still counts: its counter was not raised. */
  test_replica_set (office, "customer", customer, "city=Samsun", NULL);
  sync_all (both, 2);
  sync_all (both, 2);
  {
    g_autoptr(SahaRecord) seen = test_replica_get (rep, "customer", customer);

    g_assert_cmpstr (saha_record_get (seen, "city"), ==, "Samsun");
  }

  test_replica_free (rep);
  test_replica_free (office);
  test_server_free (server);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sync/restore/other-device-pushes-first", test_restore_other_pushes_first);
  g_test_add_func ("/sync/restore/nobody-pushes-first", test_restore_nobody_pushes_first);
  g_test_add_func ("/sync/restore/given-back-out-of-scope-set-aside",
                   test_restore_given_back_out_of_scope);
  g_test_add_func ("/sync/restore/old-cursor-reconciles", test_old_cursor_reconciles);
  g_test_add_func ("/sync/restore/retired-id-given-back", test_retired_id_given_back);
  g_test_add_func ("/sync/restore/lost-device-given-back-by-another-user",
                   test_lost_device_given_back_by_another_user);
  g_test_add_func ("/sync/restore/forged-proof-refused", test_forged_proof_refused);
  g_test_add_func ("/sync/restore/purged-parent-keeps-child-scope",
                   test_purged_parent_keeps_child_scope);

  return g_test_run ();
}
