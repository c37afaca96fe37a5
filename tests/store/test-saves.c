/* test-saves.c: a user-level save is one store call, one transaction: the service call's
 * fields, its status move (checked against the workflow and stamped) and its parts are
 * written together or not at all.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-saves.h"
#include "store-test.h"

typedef struct
{
  SahaStore *store;
  char      *customer_id;
  char      *product_id;
  char      *call_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->store = store_test_open ("saves.db");
  fixture->customer_id = store_test_create (fixture->store, "customer", "name", "Toros İnşaat",
                                            "kind", "company", NULL);
  fixture->product_id = store_test_create (fixture->store, "product", "sku", "SIG-16",
                                           "name", "Sigorta", "unit_price", "12.50", NULL);
  fixture->call_id = store_test_create (fixture->store, "service_call",
                                        "customer", fixture->customer_id, "status", "on_site",
                                        "problem", "Pano sigortası atıyor", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->store);
  g_free (fixture->customer_id);
  g_free (fixture->product_id);
  g_free (fixture->call_id);
}

static guint
count_parts (Fixture *fixture)
{
  SahaFieldInput where[] = { { "service_call", fixture->call_id } };
  SahaQuery query = { .where = where, .n_where = 1 };
  g_autoptr(GPtrArray) parts = saha_store_list (fixture->store, "service_part", &query, NULL);

  g_assert_nonnull (parts);
  return parts != NULL ? parts->len : 0;
}

static void
test_move_with_parts (Fixture       *fixture,
                      gconstpointer  user_data)
{
  SahaFieldInput fields[] = { { "resolution", "Sigorta değişti" }, { "labour_minutes", "45" } };
  SahaServicePartInput parts[] = { { NULL, fixture->product_id, 2000, 1250 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaRecord) call = NULL;

  g_assert_true (saha_store_save_service_call (fixture->store, fixture->call_id,
                                               fields, G_N_ELEMENTS (fields), "resolved",
                                               parts, G_N_ELEMENTS (parts), NULL, &error));
  g_assert_no_error (error);

  call = saha_store_get (fixture->store, "service_call", fixture->call_id, &error);
  g_assert_cmpstr (saha_record_get (call, "status"), ==, "resolved");
  g_assert_nonnull (saha_record_get (call, "resolved_at"));
  g_assert_cmpstr (saha_record_get (call, "labour_minutes"), ==, "45");
  g_assert_cmpuint (count_parts (fixture), ==, 1);
}

static void
test_refused_move_writes_nothing (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  SahaFieldInput fields[] = { { "resolution", "Sigorta değişti" } };
  SahaServicePartInput parts[] = { { NULL, fixture->product_id, 1000, 1250 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaRecord) call = NULL;

  /* on_site may not jump to closed: the workflow says resolved first. */
  g_assert_false (saha_store_save_service_call (fixture->store, fixture->call_id,
                                                fields, G_N_ELEMENTS (fields), "closed",
                                                parts, G_N_ELEMENTS (parts), NULL, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);

  call = saha_store_get (fixture->store, "service_call", fixture->call_id, NULL);
  g_assert_cmpstr (saha_record_get (call, "status"), ==, "on_site");
  g_assert_null (saha_record_get (call, "resolution"));
  g_assert_cmpuint (count_parts (fixture), ==, 0);
}

static void
test_bad_part_rolls_back (Fixture       *fixture,
                          gconstpointer  user_data)
{
  SahaFieldInput fields[] = { { "resolution", "Sigorta değişti" } };
  SahaServicePartInput parts[] = {
    { NULL, fixture->product_id, 1000, 1250 },
    { NULL, "00000000-0000-4000-8000-000000000000", 1000, 1250 },   /* no such product */
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaRecord) call = NULL;

  g_assert_false (saha_store_save_service_call (fixture->store, fixture->call_id,
                                                fields, G_N_ELEMENTS (fields), NULL,
                                                parts, G_N_ELEMENTS (parts), NULL, &error));
  g_assert_nonnull (error);

  call = saha_store_get (fixture->store, "service_call", fixture->call_id, NULL);
  g_assert_null (saha_record_get (call, "resolution"));
  g_assert_cmpuint (count_parts (fixture), ==, 0);
}

static void
test_removed_part (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *part_id = store_test_create (fixture->store, "service_part",
                                                "service_call", fixture->call_id,
                                                "product", fixture->product_id,
                                                "quantity", "1", "unit_price", "12.50", NULL);
  const char *removed[] = { part_id, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (count_parts (fixture), ==, 1);
  g_assert_true (saha_store_save_service_call (fixture->store, fixture->call_id, NULL, 0, NULL,
                                               NULL, 0, removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_parts (fixture), ==, 0);
}

static void
test_create_links_open_visit (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *visit_id = store_test_create (fixture->store, "visit",
                                                 "customer", fixture->customer_id,
                                                 "user", "ayse",
                                                 "check_in_at", "2026-12-06T09:00:00Z", NULL);
  SahaFieldInput fields[] = {
    { "customer", fixture->customer_id }, { "problem", "Pompa ses yapıyor" },
    { "assigned_to", "ayse" },
  };
  SahaFieldInput bad[] = { { "customer", fixture->customer_id }, { "priority", "soon" } };
  g_autoptr(GError) error = NULL;
  g_autofree char *call_id = NULL;
  g_autofree char *refused = NULL;
  g_autoptr(SahaRecord) visit = NULL;

  call_id = saha_store_create_service_call (fixture->store, fixture->customer_id, fields,
                                            G_N_ELEMENTS (fields), "ayse", &error);
  g_assert_no_error (error);
  g_assert_nonnull (call_id);
  visit = saha_store_get (fixture->store, "visit", visit_id, NULL);
  g_assert_cmpstr (saha_record_get (visit, "service_call"), ==, call_id);

  /* A refused call leaves nothing behind. */
  refused = saha_store_create_service_call (fixture->store, fixture->customer_id, bad,
                                            G_N_ELEMENTS (bad), "ayse", &error);
  g_assert_null (refused);
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);
  g_assert_cmpint (store_test_query_int (fixture->store,
                                         "SELECT count(*) FROM service_call"),
                   ==, 2);
}

static void
test_order_with_lines (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *visit_id = store_test_create (fixture->store, "visit",
                                                 "customer", fixture->customer_id,
                                                 "user", "ayse",
                                                 "check_in_at", "2026-12-06T09:00:00Z", NULL);
  SahaOrderLineSave lines[] = {
    { NULL, fixture->product_id, { 2500, 1299, 0, 20 } },
    { NULL, fixture->product_id, { 1000, 10000, 1250, 10 } },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *order_id = NULL;
  g_auto(GStrv) line_ids = NULL;
  g_autoptr(SahaRecord) visit = NULL;
  g_autoptr(SahaRecord) line = NULL;

  g_assert_true (saha_store_save_order (fixture->store, NULL, fixture->customer_id, "quote",
                                        "ayse", lines, G_N_ELEMENTS (lines), NULL,
                                        &order_id, &line_ids, &error));
  g_assert_no_error (error);
  g_assert_nonnull (order_id);
  g_assert_cmpuint (g_strv_length (line_ids), ==, 2);
  line = saha_store_get (fixture->store, "order_line", line_ids[0], NULL);
  g_assert_cmpstr (saha_record_get (line, "quantity"), ==, "2.5");
  g_assert_cmpstr (saha_record_get (line, "order"), ==, order_id);
  visit = saha_store_get (fixture->store, "visit", visit_id, NULL);
  g_assert_cmpstr (saha_record_get (visit, "order"), ==, order_id);

  /* The second save updates the lines it was given ids for and deletes a removed one. */
  {
    SahaOrderLineSave again[] = { { line_ids[0], fixture->product_id, { 3000, 1299, 0, 20 } } };
    const char *removed[] = { line_ids[1], NULL };
    g_autofree char *same_id = NULL;
    g_auto(GStrv) same_lines = NULL;

    g_assert_true (saha_store_save_order (fixture->store, order_id, fixture->customer_id,
                                          "confirmed", "ayse", again, 1, removed, &same_id,
                                          &same_lines, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (same_id, ==, order_id);
    g_assert_cmpstr (same_lines[0], ==, line_ids[0]);
    g_assert_cmpint (store_test_query_int (fixture->store,
                                           "SELECT count(*) FROM order_line WHERE deleted = 0"),
                     ==, 1);
  }
}

static void
test_refused_order_writes_nothing (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  SahaOrderLineSave lines[] = {
    { NULL, fixture->product_id, { 1000, 1299, 0, 20 } },
    { NULL, "00000000-0000-4000-8000-000000000000", { 1000, 1299, 0, 20 } },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *order_id = NULL;
  g_auto(GStrv) line_ids = NULL;

  g_assert_false (saha_store_save_order (fixture->store, NULL, fixture->customer_id, "draft",
                                         NULL, lines, G_N_ELEMENTS (lines), NULL, &order_id,
                                         &line_ids, &error));
  g_assert_nonnull (error);
  g_assert_null (order_id);
  g_assert_null (line_ids);
  g_assert_cmpint (store_test_query_int (fixture->store, "SELECT count(*) FROM \"order\""),
                   ==, 0);
  g_assert_cmpint (store_test_query_int (fixture->store, "SELECT count(*) FROM order_line"),
                   ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/store/saves/service-call/move-with-parts", Fixture, NULL,
              fixture_set_up, test_move_with_parts, fixture_tear_down);
  g_test_add ("/store/saves/service-call/refused-move-writes-nothing", Fixture, NULL,
              fixture_set_up, test_refused_move_writes_nothing, fixture_tear_down);
  g_test_add ("/store/saves/service-call/bad-part-rolls-back", Fixture, NULL,
              fixture_set_up, test_bad_part_rolls_back, fixture_tear_down);
  g_test_add ("/store/saves/service-call/removed-part", Fixture, NULL,
              fixture_set_up, test_removed_part, fixture_tear_down);

  g_test_add ("/store/saves/service-call/create-links-open-visit", Fixture, NULL,
              fixture_set_up, test_create_links_open_visit, fixture_tear_down);

  g_test_add ("/store/saves/order/with-lines", Fixture, NULL,
              fixture_set_up, test_order_with_lines, fixture_tear_down);
  g_test_add ("/store/saves/order/refused-writes-nothing", Fixture, NULL,
              fixture_set_up, test_refused_order_writes_nothing, fixture_tear_down);

  return g_test_run ();
}
