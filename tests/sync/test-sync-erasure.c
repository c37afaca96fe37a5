/* test-sync-erasure.c: erasing a person leaves nothing of them in any database file.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sync-fixture.h"
#include "../test-backend.h"

#define NAME "Zeynep Erasmusoğlu"
#define NAME_PART "Erasmus"
#define PHONE "+90 555 987 6543"
#define CONTACT_NAME "Mert Silinecek"
/* A contact person of another customer, erased on their own. */
#define OTHER_CONTACT "Hakan Gidecekoglu"
#define OTHER_CONTACT_PHONE "+90 532 765 4321"
#define COMPANY "Kalici Makine Sanayi"
#define DAY (24 * 3600)

typedef TestServerFixture Fixture;

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  test_server_fixture_teardown (fixture, data);
  g_unsetenv ("SAHA_SERVER_CLOCK_OFFSET");
  g_unsetenv ("SAHA_SERVER_DEVICE_STALE");
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_unsetenv ("SAHA_SERVER_CLOCK_OFFSET");
  g_unsetenv ("SAHA_SERVER_DEVICE_STALE");
  fixture->server = test_server_start_with_users ("rep-a", "rep", "office", "office",
                                                  "admin", "admin", NULL);
}

static void
sync_ok (TestReplica *replica)
{
  g_autoptr(SahaSyncResult) result = test_replica_sync_ok (replica);
}

static void
assert_nowhere (const char * const *dirs,
                const char * const *needles)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  for (guint d = 0; dirs[d] != NULL; d++)
    for (guint n = 0; needles[n] != NULL; n++)
      test_files_containing (dirs[d], needles[n], found);
  for (guint i = 0; i < found->len; i++)
    g_test_message ("still there: %s", (char *) g_ptr_array_index (found, i));
  g_assert_cmpuint (found->len, ==, 0);
}

static gboolean
somewhere (const char *dir,
           const char *needle)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  test_files_containing (dir, needle, found);
  return found->len > 0;
}

/* The gross total of @order on @replica from its lines @line_ids (NULL-terminated), in
 * minor units: the order editor's and the report's rule (saha_order_total_amounts()). */
static gint64
order_gross (TestReplica        *replica,
             const char * const *line_ids)
{
  g_autoptr(GArray) inputs = g_array_new (FALSE, TRUE, sizeof (SahaOrderLineInput));
  g_autoptr(GError) error = NULL;
  SahaOrderAmounts amounts;

  for (guint i = 0; line_ids[i] != NULL; i++)
    {
      g_autoptr(SahaRecord) line = test_replica_get (replica, "order_line", line_ids[i]);
      SahaOrderLineInput input = { 0, 0, 0, 0 };
      const char *value;

      g_assert_nonnull (line);
      g_assert_false (saha_record_is_deleted (line));
      g_assert_true (saha_order_parse_decimal (saha_record_get (line, "quantity"), 3,
                                               &input.quantity_milli, NULL));
      g_assert_true (saha_money_parse (saha_record_get (line, "unit_price"),
                                       &input.unit_price_minor, NULL));
      if ((value = saha_record_get (line, "discount_pct")) != NULL)
        g_assert_true (saha_order_parse_decimal (value, 2, &input.discount_bp, NULL));
      if ((value = saha_record_get (line, "vat_rate")) != NULL)
        input.vat_percent = g_ascii_strtoll (value, NULL, 10);
      g_array_append_val (inputs, input);
    }
  g_assert_true (saha_order_total_amounts ((SahaOrderLineInput *) (void *) inputs->data,
                                           inputs->len, &amounts, &error));
  g_assert_no_error (error);
  return amounts.gross;
}

/* Issue 16 piece 2: the office erases a customer, and a contact person of another
 * customer. The server, the office's replica, the rep's laptop and an admin laptop that
 * was offline during the erasures (holding unsent edits that name both people) and
 * comes back a week later by the server's clock, past the tombstone horizon, keep no
 * byte of the names or the phones in any database file, -wal included; the orders keep
 * their lines and totals and point at the anonymous, erased customer; the other
 * customer stays as it was; a field user may not erase. */
static void
test_erasure_everywhere (Fixture       *fixture,
                         gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  TestReplica *away = test_replica_new (fixture->server, "admin");
  g_autofree char *customer = NULL, *contact = NULL, *note = NULL, *visit = NULL;
  g_autofree char *product = NULL, *order = NULL, *line = NULL, *line2 = NULL, *call = NULL;
  g_autofree char *company = NULL, *other_contact = NULL, *consent = NULL;
  g_autofree char *customer_arg = NULL, *order_arg = NULL, *product_arg = NULL;
  g_autofree char *company_arg = NULL, *contact_arg = NULL;
  g_autofree char *out = NULL, *phone = NULL, *other_phone = NULL;
  g_autoptr(SahaRecord) before = NULL;
  g_autoptr(SahaRecord) kept_line = NULL;
  g_autoptr(SahaRecord) kept_order = NULL;
  TestReplica *devices[] = { office, rep, away };
  gint64 gross_before;

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
                              "unit_price=1250.50", "vat_rate=20", NULL);
  line2 = test_replica_create (office, "order_line", order_arg, product_arg, "quantity=2.5",
                               "unit_price=99.99", "discount_pct=12.5", "vat_rate=10", NULL);
  call = test_replica_create (office, "service_call", customer_arg, "problem=Leaks",
                              "signed_by=" NAME, "signature=M 1 1 L 5 5", NULL);

  /* Another customer, which stays, and its contact person, who is erased. */
  company = test_replica_create (office, "customer", "name=" COMPANY, "kind=company",
                                 "phone=+90 224 111 2233", "assigned_to=rep-a", NULL);
  company_arg = g_strdup_printf ("customer=%s", company);
  other_contact = test_replica_create (office, "contact", company_arg, "name=" OTHER_CONTACT,
                                       "phone=" OTHER_CONTACT_PHONE, "role=Purchasing", NULL);
  {
    g_autoptr(SahaRecord) made = test_replica_get (office, "contact", other_contact);
    other_phone = g_strdup (saha_record_get (made, "phone"));
  }
  contact_arg = g_strdup_printf ("contact=%s", other_contact);
  consent = test_replica_create (office, "consent", company_arg, contact_arg,
                                 "purpose=marketing_sms", "state=given",
                                 "at=2026-02-01T09:00:00Z", "method=phone",
                                 "notes=" OTHER_CONTACT " said yes on the phone", NULL);
  gross_before = order_gross (office, (const char * const[]) { line, line2, NULL });
  /* 3 × 1250.50 + 20 % VAT = 4501.80; 2.5 × 99.99 − 12.5 % = 218.73, + 10 % = 240.60. */
  g_assert_cmpint (gross_before, ==, 450180 + 24060);
  sync_ok (office);
  sync_ok (rep);
  sync_ok (away);

  /* The search is not empty-handed by construction: the files hold the people now. */
  g_assert_true (somewhere (rep->dir, phone) || somewhere (rep->dir, NAME_PART));
  g_assert_true (somewhere (away->dir, "Gidecek"));

  /* Offline, the admin laptop writes more about both people. */
  test_replica_set (away, "customer", customer, "notes=" NAME " called again, " PHONE, NULL);
  test_replica_set (away, "contact", other_contact, "email=hakan.gidecekoglu@example.com",
                    "role=Buyer, " OTHER_CONTACT, NULL);

  /* A field user may not erase; the office may. */
  g_assert_cmpint (test_run_cli (rep->path, NULL, NULL, "erase", "customer", customer, NULL),
                   !=, 0);
  g_assert_cmpint (test_run_cli (office->path, NULL, &out, "erase", "customer", customer,
                                 NULL), ==, 0);
  g_test_message ("%s", out);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (test_run_cli (office->path, NULL, &out, "erase", "contact", other_contact,
                                 NULL), ==, 0);
  g_test_message ("%s", out);
  sync_ok (office);
  sync_ok (rep);

  /* A week later by the server's clock, with a three-day tombstone horizon: the office
   * and the rep sync, the laptop that stayed away does not, and the server (restarted,
   * which purges) forgets the tombstones the laptop never saw. */
  g_setenv ("SAHA_SERVER_DEVICE_STALE", "259200", TRUE);
  test_server_set_clock (fixture->server, 7 * DAY);
  sync_ok (office);
  sync_ok (rep);
  test_server_restart (fixture->server);

  /* The laptop comes back (the server asks it for a full re-sync): its two edits are
   * refused, what it holds of the two people dropped. */
  {
    g_autoptr(SahaSyncResult) result = test_replica_sync_ok (away);

    g_assert_cmpuint (result->refused, >=, 2);
  }
  sync_ok (away);

  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      g_autoptr(SahaRecord) gone = NULL;
      g_autoptr(SahaRecord) gone_contact = NULL;
      g_autoptr(SahaRecord) kept = NULL;

      test_replica_reopen (devices[i]);
      gone = test_replica_get (devices[i], "customer", customer);
      if (gone != NULL)
        {
          g_assert_true (saha_record_is_deleted (gone));
          g_assert_cmpstr (saha_record_get (gone, "name"), ==, "erased");
          g_assert_null (saha_record_get (gone, "phone"));
          g_assert_false (saha_record_has_conflicts (gone));
        }
      gone_contact = test_replica_get (devices[i], "contact", other_contact);
      if (gone_contact != NULL)
        {
          g_assert_true (saha_record_is_deleted (gone_contact));
          g_assert_cmpstr (saha_record_get (gone_contact, "name"), ==, "erased");
          g_assert_null (saha_record_get (gone_contact, "phone"));
          g_assert_null (saha_record_get (gone_contact, "email"));
        }
      /* The company itself is not erased. */
      kept = test_replica_get (devices[i], "customer", company);
      g_assert_nonnull (kept);
      g_assert_false (saha_record_is_deleted (kept));
      g_assert_cmpstr (saha_record_get (kept, "name"), ==, COMPANY);
    }

  {
    /* The server's files when it keeps them (SQLite); what PostgreSQL leaves in its pages,
     * WAL and backups is docs/deploy.md's. */
    const char *all_dirs[] = { fixture->server->data_dir, office->dir, rep->dir, away->dir, NULL };
    const char * const *dirs = saha_test_backend_is_postgresql () ? all_dirs + 1 : all_dirs;
    const char *needles[] = { NAME_PART, phone, "555 987 6543", CONTACT_NAME, "Silinecek",
                              "zeynep@example.com", OTHER_CONTACT, "Gidecek", other_phone,
                              "532 765 4321", "hakan.gidecekoglu", NULL };

    /* The test's own connections are closed so that nothing of theirs stays mapped. */
    for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
      g_clear_object (&devices[i]->store);
    assert_nowhere (dirs, needles);
    /* The company's name is still there: the search finds what is kept. */
    for (guint d = 0; dirs[d] != NULL; d++)
      g_assert_true (somewhere (dirs[d], "Kalici Makine"));
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
      g_assert_cmpint (order_gross (devices[i], (const char * const[]) { line, line2, NULL }),
                       ==, gross_before);
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
              test_erasure_everywhere, fixture_teardown);

  return g_test_run ();
}
