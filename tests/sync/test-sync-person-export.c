/* test-sync-person-export.c: a person's own export holds every record about them and
 * nothing about anyone else (KVKK art. 11).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-person-export.h"
#include "sync-fixture.h"

typedef TestServerFixture Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = test_server_start_with_users ("rep-a", "rep", "office", "office", NULL);
}

static void
sync_ok (TestReplica *replica)
{
  g_autoptr(SahaSyncResult) result = test_replica_sync_ok (replica);
}

/* The ids of the records in the export's "records", as a set. */
static GHashTable *
exported_ids (JsonObject *document)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *records = json_object_get_array_member (document, "records");

  for (guint i = 0; i < json_array_get_length (records); i++)
    g_hash_table_add (ids, g_strdup (json_object_get_string_member (
                                       json_array_get_object_element (records, i), "id")));
  return ids;
}

/* Issue 16 piece 3: the office exports a customer. The JSON holds the customer, their
 * contact person, order with its line, service call, visit, note, consent and task, and
 * the audit trail of them (a rep's change included, with user and device, and the export
 * itself); no other customer's record, name or audit entry. A field user may not export.
 * The PDF is written from it. Exporting a contact person gives that person and their consent,
 * not their company's other records. */
static void
test_export_person (Fixture       *fixture,
                    gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  g_autofree char *customer = NULL, *other = NULL, *contact = NULL, *note = NULL;
  g_autofree char *visit = NULL, *product = NULL, *order = NULL, *line = NULL;
  g_autofree char *call = NULL, *consent = NULL, *task = NULL, *other_note = NULL;
  g_autofree char *contact_consent = NULL;
  g_autofree char *customer_arg = NULL, *other_arg = NULL, *order_arg = NULL;
  g_autofree char *product_arg = NULL, *contact_arg = NULL;
  g_autofree char *out = NULL, *pdf = NULL, *json_file = NULL, *file_text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *document;
  JsonArray *audit;
  gboolean saw_rep_edit = FALSE, saw_export = FALSE;
  const char *expected[8];

  customer = test_replica_create (office, "customer", "name=Ayşe Dışaaktar", "kind=person",
                                  "phone=+90 555 111 2233", "assigned_to=rep-a", NULL);
  other = test_replica_create (office, "customer", "name=Başka Biri", "kind=person",
                               "phone=+90 555 999 8877", "assigned_to=rep-a", NULL);
  customer_arg = g_strdup_printf ("customer=%s", customer);
  other_arg = g_strdup_printf ("customer=%s", other);
  contact = test_replica_create (office, "contact", customer_arg, "name=Can Kişi", NULL);
  contact_arg = g_strdup_printf ("contact=%s", contact);
  note = test_replica_create (office, "note", customer_arg, "summary=Called about delivery",
                              NULL);
  other_note = test_replica_create (office, "note", other_arg, "summary=Başka Biri's note",
                                    NULL);
  visit = test_replica_create (office, "visit", customer_arg, "purpose=sales",
                               "notes=Met at home", NULL);
  product = test_replica_create (office, "product", "sku=EXP-1", "name=Kettle",
                                 "unit_price=100.00", NULL);
  product_arg = g_strdup_printf ("product=%s", product);
  order = test_replica_create (office, "order", customer_arg, "status=confirmed", NULL);
  order_arg = g_strdup_printf ("order=%s", order);
  line = test_replica_create (office, "order_line", order_arg, product_arg, "quantity=2",
                              "unit_price=100.00", NULL);
  call = test_replica_create (office, "service_call", customer_arg, "problem=Leaks", NULL);
  consent = test_replica_create (office, "consent", customer_arg, "purpose=marketing_sms",
                                 "state=given", "at=2026-01-01T10:00:00Z", NULL);
  contact_consent = test_replica_create (office, "consent", customer_arg, contact_arg,
                                         "purpose=marketing_phone", "state=withdrawn",
                                         "at=2026-01-02T10:00:00Z", NULL);
  task = test_replica_create (office, "task", customer_arg, "title=Send the catalogue", NULL);
  test_replica_create (office, "order", other_arg, "status=draft", NULL);
  sync_ok (office);
  sync_ok (rep);
  test_replica_set (rep, "customer", customer, "phone=+90 555 111 4455", NULL);
  sync_ok (rep);
  sync_ok (office);

  /* A field user may not export. */
  g_assert_cmpint (test_run_cli (rep->path, NULL, NULL, "export-person", "customer", customer,
                                 "--json", NULL), !=, 0);

  pdf = g_build_filename (office->dir, "person.pdf", NULL);
  json_file = g_build_filename (office->dir, "person.json", NULL);
  g_assert_cmpint (test_run_cli (office->path, NULL, &out, "export-person", "customer",
                                 customer, "--json", "-o", json_file, NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  document = json_node_get_object (json_parser_get_root (parser));

  ids = exported_ids (document);
  expected[0] = customer; expected[1] = contact; expected[2] = note; expected[3] = visit;
  expected[4] = order; expected[5] = line; expected[6] = call; expected[7] = consent;
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_hash_table_contains (ids, expected[i]));
  g_assert_true (g_hash_table_contains (ids, task));
  g_assert_true (g_hash_table_contains (ids, contact_consent));
  g_assert_false (g_hash_table_contains (ids, other));
  g_assert_false (g_hash_table_contains (ids, other_note));
  g_assert_false (g_hash_table_contains (ids, product));
  g_assert_null (strstr (out, "Başka Biri"));
  g_assert_null (strstr (out, "555 999 8877"));
  g_assert_nonnull (strstr (out, "+90 555 111 4455"));

  audit = json_object_get_array_member (document, "audit");
  g_assert_cmpuint (json_array_get_length (audit), >, 0);
  for (guint i = 0; i < json_array_get_length (audit); i++)
    {
      JsonObject *entry = json_array_get_object_element (audit, i);
      const char *id = json_object_get_string_member (entry, "id");

      g_assert_true (g_hash_table_contains (ids, id));
      if (g_str_equal (id, customer)
          && g_strcmp0 (json_object_get_string_member (entry, "field"), "phone") == 0
          && g_strcmp0 (json_object_get_string_member (entry, "user"), "rep-a") == 0)
        {
          saw_rep_edit = TRUE;
          g_assert_cmpstr (json_object_get_string_member (entry, "device"), ==,
                           saha_store_get_replica_id (rep->store));
        }
      if (g_strcmp0 (json_object_get_string_member (entry, "field"), "exported") == 0)
        {
          saw_export = TRUE;
          g_assert_cmpstr (json_object_get_string_member (entry, "user"), ==, "office");
        }
    }
  g_assert_true (saw_rep_edit);
  g_assert_true (saw_export);

  /* The file holds the same document. */
  g_assert_true (g_file_get_contents (json_file, &file_text, NULL, NULL));
  g_assert_nonnull (strstr (file_text, customer));
  g_clear_pointer (&file_text, g_free);

  /* The PDF (the app's button draws it) from the same document. */
  g_assert_true (saha_person_export_write_pdf (json_parser_get_root (parser), pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &file_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (file_text, "%PDF-"));

  /* A contact person: that person and their own consent, not the company's records. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (test_run_cli (office->path, NULL, &out, "export-person", "contact", contact,
                                 "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, contact));
  g_assert_nonnull (strstr (out, contact_consent));
  g_assert_null (strstr (out, note));
  g_assert_null (strstr (out, "Called about delivery"));
  g_assert_null (strstr (out, "Ayşe"));

  test_replica_free (rep);
  test_replica_free (office);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add ("/kvkk/export-person", Fixture, NULL, fixture_setup, test_export_person,
              test_server_fixture_teardown);
  return g_test_run ();
}
