/* test-cli-crm.c: saha-cli's CRM commands driven as a script would, with hand-computed figures.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cli-run.h"

static CliResult *
run_cli (const char *db,
         ...) G_GNUC_NULL_TERMINATED;

static CliResult *
run_cli (const char *db,
         ...)
{
  const char * const env[] = { "LC_ALL", "C", NULL };
  const char * const first[] = { "--db", db, NULL };
  CliResult *result;
  va_list ap;

  va_start (ap, db);
  result = cli_run_valist (env, first, ap);
  va_end (ap);
  return result;
}

#define cli_ok(db, ...) cli_ok_impl (__LINE__, run_cli (db, __VA_ARGS__, NULL))

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

static JsonObject *
find_object (JsonArray  *array,
             const char *member,
             const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, member), value) == 0)
        return object;
    }
  g_assert_not_reached ();
}

static void
test_crm_commands (void)
{
  g_autofree char *db = g_build_filename (g_get_user_data_dir (), "crm.db", NULL);
  g_autofree char *a = NULL, *b = NULL, *p1 = NULL, *p2 = NULL, *o = NULL, *call = NULL;
  g_autofree char *article = NULL, *campaign = NULL, *out = NULL;
  g_autofree char *on_a = NULL, *on_b = NULL, *on_p1 = NULL, *on_p2 = NULL, *on_o = NULL;
  g_autofree char *on_call = NULL, *on_article = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  JsonArray *array;

  p1 = cli_ok (db, "create", "product", "sku=P1", "name=Kombi", "unit_price=1000", "cost_price=600");
  p2 = cli_ok (db, "create", "product", "sku=P2", "name=Filtre", "unit_price=50", "cost_price=20");
  a = cli_ok (db, "create", "customer", "name=Ayşe Ltd", "kind=company", "city=İSTANBUL",
              "phone=555 0001", "email=ayse@example.com", "language=tr");
  b = cli_ok (db, "create", "customer", "name=Burak Gıda", "kind=company", "city=istanbul",
              "email=burak@example.com", "opt_out=email");
  on_a = g_strdup_printf ("customer=%s", a);
  on_b = g_strdup_printf ("customer=%s", b);
  on_p1 = g_strdup_printf ("product=%s", p1);
  on_p2 = g_strdup_printf ("product=%s", p2);

  /* A: one order 10 days before --now: 2 × 1000 at 10 % off + 1 × 50 = 1850.00 */
  o = cli_ok (db, "create", "order", on_a, "status=delivered", "ordered_at=2026-06-20T00:00:00Z");
  on_o = g_strdup_printf ("order=%s", o);
  g_free (cli_ok (db, "create", "order_line", on_o, on_p1, "quantity=2", "unit_price=1000", "discount_pct=10"));
  g_free (cli_ok (db, "create", "order_line", on_o, on_p2, "quantity=1", "unit_price=50"));
  /* B: a quote only */
  g_free (cli_ok (db, "create", "order", on_b, "status=quote", "ordered_at=2026-06-21T00:00:00Z"));

  out = cli_ok (db, "segments", "--json", "--now", "2026-06-30T00:00:00Z");
  node = parse (out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  object = find_object (array, "customer", a);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Ayşe Ltd");
  g_assert_cmpint (json_object_get_int_member (object, "recency_days"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (object, "frequency"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "monetary"), ==, "1850.00");
  g_assert_cmpstr (json_object_get_string_member (object, "segment"), ==, "new");
  object = find_object (array, "customer", b);
  g_assert_true (json_object_get_null_member (object, "recency_days"));
  g_assert_cmpstr (json_object_get_string_member (object, "monetary"), ==, "0.00");
  g_assert_cmpstr (json_object_get_string_member (object, "segment"), ==, "none");
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&out, g_free);

  /* Profit: A's service call of 90 minutes at 120.00/h = 180.00 and a filter at 20.00. */
  call = cli_ok (db, "create", "service_call", on_a, on_p1, "labour_minutes=90",
                 "problem=Kombi su akıtıyor");
  on_call = g_strdup_printf ("service_call=%s", call);
  g_free (cli_ok (db, "create", "service_part", on_call, on_p2, "quantity=1"));
  out = cli_ok (db, "profitability", "--json", "--hourly-rate", "120");
  node = parse (out);
  array = json_node_get_array (node);
  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "customer"), ==, a);
  g_assert_cmpstr (json_object_get_string_member (object, "revenue"), ==, "1850.00");
  /* 2 × 600 + 20 + 180 + 20 */
  g_assert_cmpstr (json_object_get_string_member (object, "cost"), ==, "1420.00");
  g_assert_cmpstr (json_object_get_string_member (object, "profit"), ==, "430.00");
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&out, g_free);
  /* Without --hourly-rate, the profile's setting (unset: labour is free); with a period,
   * the undated call is in none of it: 1850 − 1220. */
  out = cli_ok (db, "profitability", "--json", "--from", "2026-06-01", "--to", "2026-06-30");
  node = parse (out);
  object = find_object (json_node_get_array (node), "customer", a);
  g_assert_cmpstr (json_object_get_string_member (object, "profit"), ==, "630.00");
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&out, g_free);

  /* A campaign by e-mail to İstanbul: A is in; B opted out of e-mail. */
  campaign = cli_ok (db, "create", "campaign", "name=Yaz", "channel=email", "city=İstanbul");
  out = cli_ok (db, "campaign-members", campaign, "--json");
  node = parse (out);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "channel"), ==, "email");
  array = json_object_get_array_member (object, "members");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "customer"), ==, a);
  array = json_object_get_array_member (object, "excluded");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "reason"), ==, "opted_out");
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&out, g_free);
  out = cli_ok (db, "campaign-members", campaign, "--csv");
  g_assert_cmpstr (out, ==, "name,phone,email,language\r\nAyşe Ltd,555 0001,ayse@example.com,tr");
  g_clear_pointer (&out, g_free);

  /* Cross-sell: with Kombi, the filter from A's order. */
  out = cli_ok (db, "suggest", b, p1, "--json");
  node = parse (out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "product"), ==, p2);
  g_assert_cmpstr (json_object_get_string_member (object, "reason"), ==, "bought_together");
  g_assert_cmpint (json_object_get_int_member (object, "score"), ==, 1);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&out, g_free);

  /* Knowledge base: the article that solved A's call. */
  article = cli_ok (db, "create", "kb_article", "title=Kombi su akıtıyor", "body=Contayı değiştirin.",
                    on_p1, "tags=sızıntı");
  on_article = g_strdup_printf ("kb_article=%s", article);
  g_free (cli_ok (db, "set", "service_call", call, on_article));
  out = cli_ok (db, "kb-search", "SIZINTI", "--json");
  node = parse (out);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, article);
  g_assert_cmpint (json_object_get_int_member (object, "solved_count"), ==, 1);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&out, g_free);
  out = cli_ok (db, "kb-for-call", call, "--json");
  node = parse (out);
  object = json_array_get_object_element (json_node_get_array (node), 0);
  g_assert_true (json_object_get_boolean_member (object, "same_product"));
  g_assert_cmpint (json_object_get_int_member (object, "matched_words"), ==, 2);
  g_clear_pointer (&node, json_node_unref);
  g_clear_pointer (&out, g_free);

  /* Errors: one line on stderr, the documented exit codes. */
  {
    g_autoptr(CliResult) bad_id = run_cli (db, "campaign-members", "nope", NULL);
    g_autoptr(CliResult) missing = run_cli (db, "campaign-members", a, NULL);
    g_autoptr(CliResult) bad_date = run_cli (db, "profitability", "--from", "2026-02-30", NULL);
    g_autoptr(CliResult) no_args = run_cli (db, "suggest", NULL);

    g_assert_cmpint (bad_id->status, ==, 3);
    g_assert_cmpint (missing->status, ==, 4);
    g_assert_cmpint (bad_date->status, ==, 3);
    g_assert_cmpint (no_args->status, ==, 2);
    g_assert_true (g_str_has_prefix (missing->err, "saha-cli: "));
    g_assert_cmpstr (missing->out, ==, "");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/crm/commands", test_crm_commands);

  return g_test_run ();
}
