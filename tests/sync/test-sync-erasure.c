/* test-sync-erasure.c: erasing a person leaves nothing of them in any database file.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "sync-fixture.h"

#define NAME "Zeynep Erasmusoğlu"
#define NAME_PART "Erasmus"
#define PHONE "+90 555 987 6543"
#define CONTACT_NAME "Mert Silinecek"

typedef TestServerFixture Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = test_server_start_with_users ("rep-a", "rep", "office", "office",
                                                  "admin", "admin", NULL);
}

static void
sync_ok (TestReplica *replica)
{
  g_autoptr(SahaSyncResult) result = test_replica_sync_ok (replica);
}

/* The files under @dir whose raw bytes hold @needle (the database, its -wal and -shm,
 * and whatever else is there), added to @found. grep reads them in another process: a
 * process that opens and closes a database file drops its own SQLite connections' POSIX
 * locks on it, which corrupts the file. */
static void
find_in_files (const char *dir,
               const char *needle,
               GPtrArray  *found)
{
  const char *argv[] = { "grep", "-r", "-a", "-l", "-i", "-F", "-e", needle, dir, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  /* grep exits 0 when it found, 1 when it did not, 2 on trouble. */
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) <= 1);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (found, g_strdup_printf ("%s in %s", needle, lines[i]));
}

static void
assert_nowhere (const char * const *dirs,
                const char * const *needles)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  for (guint d = 0; dirs[d] != NULL; d++)
    for (guint n = 0; needles[n] != NULL; n++)
      find_in_files (dirs[d], needles[n], found);
  for (guint i = 0; i < found->len; i++)
    g_test_message ("still there: %s", (char *) g_ptr_array_index (found, i));
  g_assert_cmpuint (found->len, ==, 0);
}

static gboolean
somewhere (const char *dir,
           const char *needle)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  find_in_files (dir, needle, found);
  return found->len > 0;
}

/* Issue 16 piece 2: the office erases a customer. The server, the office's replica, the
 * rep's laptop and an admin laptop that was offline during the erasure (holding an
 * unsent edit that names the person) keep no byte of the name or the phone in any
 * database file, -wal included; the order and its line keep their amounts and point at
 * the anonymous, erased customer; a field user may not erase. */
static void
test_erasure_everywhere (Fixture       *fixture,
                         gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  TestReplica *away = test_replica_new (fixture->server, "admin");
  g_autofree char *customer = NULL, *contact = NULL, *note = NULL, *visit = NULL;
  g_autofree char *product = NULL, *order = NULL, *line = NULL, *call = NULL;
  g_autofree char *customer_arg = NULL, *order_arg = NULL, *product_arg = NULL;
  g_autofree char *out = NULL, *phone = NULL;
  g_autoptr(SahaRecord) before = NULL;
  g_autoptr(SahaRecord) kept_line = NULL;
  g_autoptr(SahaRecord) kept_order = NULL;
  TestReplica *devices[] = { office, rep, away };

  customer = test_replica_create (office, "customer", "name=" NAME, "kind=person",
                                  "phone=" PHONE, "email=zeynep@example.com",
                                  "address=Erasmus Sokak 5", "city=İzmir",
                                  "assigned_to=rep-a", "notes=" NAME " prefers mornings", NULL);
  before = test_replica_get (office, "customer", customer);
  phone = g_strdup (saha_record_get (before, "phone"));
  customer_arg = g_strdup_printf ("customer=%s", customer);
  contact = test_replica_create (office, "contact", customer_arg, "name=" CONTACT_NAME,
                                 "phone=+90 555 000 1122", NULL);
  note = test_replica_create (office, "note", customer_arg,
                              "summary=" NAME " complained about the invoice", NULL);
  visit = test_replica_create (office, "visit", customer_arg, "purpose=sales",
                               "notes=Met " NAME " at home", NULL);
  product = test_replica_create (office, "product", "sku=KVKK-1", "name=Kettle",
                                 "unit_price=100.00", NULL);
  order = test_replica_create (office, "order", customer_arg, "status=confirmed",
                               "ordered_at=2026-03-01T10:00:00Z", "notes=For " NAME, NULL);
  order_arg = g_strdup_printf ("order=%s", order);
  product_arg = g_strdup_printf ("product=%s", product);
  line = test_replica_create (office, "order_line", order_arg, product_arg, "quantity=3",
                              "unit_price=1250.50", NULL);
  call = test_replica_create (office, "service_call", customer_arg, "problem=Leaks",
                              "signed_by=" NAME, "signature=M 1 1 L 5 5", NULL);
  sync_ok (office);
  sync_ok (rep);
  sync_ok (away);

  /* The search is not empty-handed by construction: the files hold the person now. */
  g_assert_true (somewhere (rep->dir, phone) || somewhere (rep->dir, NAME_PART));

  /* Offline, the admin laptop writes more about the person. */
  test_replica_set (away, "customer", customer, "notes=" NAME " called again, " PHONE, NULL);

  /* A field user may not erase; the office may. */
  g_assert_cmpint (test_run_cli (rep->path, NULL, NULL, "erase", "customer", customer, NULL),
                   !=, 0);
  g_assert_cmpint (test_run_cli (office->path, NULL, &out, "erase", "customer", customer,
                                 NULL), ==, 0);
  g_test_message ("%s", out);
  sync_ok (rep);
  /* The laptop comes back: its edit is refused, what it holds of the person dropped. */
  sync_ok (away);
  sync_ok (away);

  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      g_autoptr(SahaRecord) gone = NULL;

      test_replica_reopen (devices[i]);
      gone = test_replica_get (devices[i], "customer", customer);
      if (gone != NULL)
        {
          g_assert_true (saha_record_is_deleted (gone));
          g_assert_cmpstr (saha_record_get (gone, "name"), ==, "erased");
          g_assert_null (saha_record_get (gone, "phone"));
          g_assert_false (saha_record_has_conflicts (gone));
        }
    }

  {
    const char *dirs[] = { fixture->server->data_dir, office->dir, rep->dir, away->dir, NULL };
    const char *needles[] = { NAME_PART, phone, "555 987 6543", CONTACT_NAME, "Silinecek",
                              "zeynep@example.com", NULL };

    /* The test's own connections are closed so that nothing of theirs stays mapped. */
    for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
      g_clear_object (&devices[i]->store);
    assert_nowhere (dirs, needles);
    for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
      test_replica_reopen (devices[i]);
  }

  /* The business records stay, with their amounts, pointing at the erased customer. */
  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      g_clear_pointer (&kept_line, saha_record_unref);
      g_clear_pointer (&kept_order, saha_record_unref);
      kept_line = test_replica_get (devices[i], "order_line", line);
      kept_order = test_replica_get (devices[i], "order", order);
      g_assert_nonnull (kept_line);
      g_assert_nonnull (kept_order);
      g_assert_false (saha_record_is_deleted (kept_order));
      g_assert_cmpstr (saha_record_get (kept_line, "quantity"), ==, "3");
      g_assert_cmpstr (saha_record_get (kept_line, "unit_price"), ==, "1250.50");
      g_assert_cmpstr (saha_record_get (kept_order, "customer"), ==, customer);
      g_assert_cmpstr (saha_record_get (kept_order, "status"), ==, "confirmed");
      g_assert_null (saha_record_get (kept_order, "notes"));
    }

  test_replica_free (away);
  test_replica_free (rep);
  test_replica_free (office);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/sync/erasure/everywhere", Fixture, NULL, fixture_setup,
              test_erasure_everywhere, test_server_fixture_teardown);

  return g_test_run ();
}
