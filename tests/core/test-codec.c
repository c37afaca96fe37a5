/* test-codec.c: records to JSON and back, and the strict refusal of bad input.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "saha-core.h"

#define ID "5b0c1d2e-3f40-4152-8364-758697a8b9c0"
#define PRODUCT_ID "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"

/* A customer with a conflict on phone, an unset field and a list, as two replicas make it. */
static SahaRecord *
sample_record (void)
{
  SahaRecord *a = saha_record_new (saha_schema_lookup ("customer"), ID);
  g_autoptr(SahaRecord) b = NULL;
  const char *fields[] = { "name", "kind", "phone", "credit_limit", "opt_out", "notes", "lat" };
  const char *values[] = { "Işık Ltd. Şti.", "company", "0212 555 0101", "1250.50",
                           "sms,email", "line one\nline \"two\"", NULL };
  const char *phone[] = { "phone" };
  const char *phone_a[] = { "0212 555 0199" };
  const char *phone_b[] = { "0532 111 2233" };

  saha_record_write (a, "r-3f9a", 0, fields, values, G_N_ELEMENTS (fields));
  b = saha_record_copy (a);
  saha_record_write (a, "r-3f9a", 0, phone, phone_a, 1);
  saha_record_write (b, "server", 7, phone, phone_b, 1);
  saha_record_merge_into (a, b);
  return a;
}

static void
test_round_trip (void)
{
  g_autoptr(SahaRecord) record = sample_record ();
  g_autoptr(JsonNode) node = saha_record_to_json (record, SAHA_CODEC_REGISTERS);
  g_autofree char *text = saha_json_to_string (node, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaRecord) decoded = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *text_again = NULL;

  g_test_message ("%s", text);
  decoded = saha_record_from_json_data (text, -1, 0, &error);
  g_assert_no_error (error);
  g_assert_true (saha_record_equal (record, decoded));
  g_assert_true (saha_record_field_in_conflict (decoded, "phone"));

  /* Same state, same bytes. */
  again = saha_record_to_json (decoded, SAHA_CODEC_REGISTERS);
  text_again = saha_json_to_string (again, FALSE);
  g_assert_cmpstr (text, ==, text_again);
}

/* The wire form: single-candidate registers sharing the most common dot go as "values"
 * under one "dot"; the rest as "registers"; both decode to the same state. */
static void
test_compact (void)
{
  g_autoptr(SahaRecord) record = sample_record ();
  g_autoptr(JsonNode) node = saha_record_to_json (record, SAHA_CODEC_COMPACT);
  JsonObject *object = json_node_get_object (node);
  JsonObject *values, *registers;
  JsonArray *dot;
  g_autofree char *text = saha_json_to_string (node, FALSE);
  g_autoptr(SahaRecord) decoded = NULL;
  g_autoptr(SahaRecord) fresh = saha_record_new (saha_schema_lookup ("customer"), ID);
  g_autoptr(JsonNode) fresh_node = NULL;
  g_autoptr(GError) error = NULL;
  const char *fields[] = { "name", "kind" };
  const char *field_values[] = { "Acme", "company" };
  static const struct { const char *text; const char *message; } bad[] = {
    { "{\"entity\":\"customer\",\"id\":\"" ID "\",\"vv\":{\"r-a\":1},"
      "\"values\":{\"name\":\"Acme\"}}", "go together" },
    { "{\"entity\":\"customer\",\"id\":\"" ID "\",\"vv\":{\"r-a\":1},"
      "\"dot\":[\"r-a\",1]}", "go together" },
    { "{\"entity\":\"customer\",\"id\":\"" ID "\",\"vv\":{\"r-a\":1},\"dot\":[\"r-a\",1],"
      "\"values\":{\"name\":\"Acme\"},"
      "\"registers\":{\"name\":[{\"value\":\"Beta\",\"dot\":[\"r-a\",1]}]}}", "also given" },
    { "{\"entity\":\"customer\",\"id\":\"" ID "\",\"vv\":{\"r-a\":1},\"dot\":[\"r-a\",1],"
      "\"values\":{\"colour\":\"red\"}}", "no field" },
    { "{\"entity\":\"customer\",\"id\":\"" ID "\",\"vv\":{\"r-a\":1},\"dot\":[\"r-a\",1],"
      "\"values\":{\"deleted\":null}}", "must be a string" },
    { "{\"entity\":\"customer\",\"id\":\"" ID "\",\"vv\":{\"r-a\":1},\"dot\":[\"r-a\",1],"
      "\"values\":{\"credit_limit\":\"1250.5\"}}", "canonical" },
    { "{\"entity\":\"customer\",\"id\":\"" ID "\",\"vv\":{\"r-a\":1},\"dot\":[\"r-a\",0],"
      "\"values\":{\"name\":\"Acme\"}}", "not positive" },
    { "{\"entity\":\"customer\",\"id\":\"" ID "\",\"vv\":{\"r-a\":1},\"dot\":[\"r-a\",2],"
      "\"values\":{\"name\":\"Acme\"}}", NULL },
    { "{\"entity\":\"customer\",\"id\":\"" ID "\",\"vv\":{\"r-a\":1},\"dot\":[\"r-a\",1],"
      "\"values\":[\"Acme\"]}", "must be an object" },
  };

  g_test_message ("%s", text);
  g_assert_false (json_object_has_member (object, "fields"));
  g_assert_false (json_object_has_member (object, "conflicts"));
  dot = json_object_get_array_member (object, "dot");
  g_assert_cmpstr (json_array_get_string_element (dot, 0), ==, "r-3f9a");
  g_assert_cmpint (json_array_get_int_element (dot, 1), ==, 1);
  values = json_object_get_object_member (object, "values");
  g_assert_cmpstr (json_object_get_string_member (values, "name"), ==, "Işık Ltd. Şti.");
  g_assert_true (json_object_get_null_member (values, "lat"));
  g_assert_false (json_object_has_member (values, "phone"));
  /* phone is in conflict; "deleted" was written by both replicas. */
  registers = json_object_get_object_member (object, "registers");
  g_assert_cmpuint (json_object_get_size (registers), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (registers, "phone")), ==, 2);
  g_assert_true (json_object_has_member (registers, "deleted"));

  decoded = saha_record_from_json_data (text, -1, 0, &error);
  g_assert_no_error (error);
  g_assert_true (saha_record_equal (record, decoded));
  g_assert_true (saha_record_field_in_conflict (decoded, "phone"));

  /* One write: every register under one dot, no "registers" at all. */
  saha_record_write (fresh, "r-a", 0, fields, field_values, G_N_ELEMENTS (fields));
  fresh_node = saha_record_to_json (fresh, SAHA_CODEC_COMPACT);
  g_assert_false (json_object_has_member (json_node_get_object (fresh_node), "registers"));
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (json_node_get_object (fresh_node), "values")), ==, 3);
  g_clear_pointer (&decoded, saha_record_unref);
  decoded = saha_record_from_json (fresh_node, &error);
  g_assert_no_error (error);
  g_assert_true (saha_record_equal (fresh, decoded));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SahaRecord) refused = saha_record_from_json_data (bad[i].text, -1, 0, &error);

      g_test_message ("%s -> %s", bad[i].text, error ? error->message : "(accepted)");
      g_assert_null (refused);
      g_assert_nonnull (error);
      if (bad[i].message != NULL)
        g_assert_nonnull (strstr (error->message, bad[i].message));
      g_clear_error (&error);
    }
}

static void
test_shape (void)
{
  g_autoptr(SahaRecord) record = sample_record ();
  g_autoptr(JsonNode) node = saha_record_to_json (record, SAHA_CODEC_DEFAULT);
  JsonObject *object = json_node_get_object (node);
  JsonObject *fields = json_object_get_object_member (object, "fields");
  JsonObject *conflicts = json_object_get_object_member (object, "conflicts");
  JsonObject *vv = json_object_get_object_member (object, "vv");
  JsonArray *opt_out, *phones;
  g_autoptr(SahaRecord) no_registers = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (json_object_get_string_member (object, "entity"), ==, "customer");
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, ID);
  g_assert_false (json_object_get_boolean_member (object, "deleted"));
  g_assert_false (json_object_has_member (object, "registers"));

  g_assert_cmpstr (json_object_get_string_member (fields, "credit_limit"), ==, "1250.50");
  g_assert_cmpstr (json_object_get_string_member (fields, "phone"), ==, "0532 111 2233");
  g_assert_true (json_object_get_null_member (fields, "lat"));
  g_assert_true (json_object_get_null_member (fields, "email"));
  opt_out = json_object_get_array_member (fields, "opt_out");
  g_assert_cmpuint (json_array_get_length (opt_out), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (opt_out, 0), ==, "sms");
  g_assert_cmpstr (json_array_get_string_element (opt_out, 1), ==, "email");

  g_assert_cmpuint (json_object_get_size (conflicts), ==, 1);
  phones = json_object_get_array_member (conflicts, "phone");
  g_assert_cmpuint (json_array_get_length (phones), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (phones, 0), ==, "0532 111 2233");
  g_assert_cmpstr (json_array_get_string_element (phones, 1), ==, "0212 555 0199");

  g_assert_cmpint (json_object_get_int_member (vv, "r-3f9a"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (vv, "server"), ==, 7);

  /* Without registers a record decodes to its version vector only. */
  no_registers = saha_record_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_false (saha_record_has_field (no_registers, "name"));
  g_assert_cmpuint (saha_version_vector_size (saha_record_get_version_vector (no_registers)),
                    ==, 2);
}

static void
test_field_values (void)
{
  const SahaEntityDef *call = saha_schema_lookup ("service_call");
  const SahaEntityDef *product = saha_schema_lookup ("product");
  const SahaEntityDef *customer = saha_schema_lookup ("customer");
  const SahaFieldDef *minutes = saha_entity_def_lookup_field (call, "labour_minutes");
  const SahaFieldDef *active = saha_entity_def_lookup_field (product, "active");
  const SahaFieldDef *price = saha_entity_def_lookup_field (product, "unit_price");
  const SahaFieldDef *opt_out = saha_entity_def_lookup_field (customer, "opt_out");
  g_autoptr(JsonNode) n_int = saha_field_value_to_json (minutes, "90");
  g_autoptr(JsonNode) n_bool = saha_field_value_to_json (active, "false");
  g_autoptr(JsonNode) n_null = saha_field_value_to_json (price, NULL);
  g_autoptr(JsonNode) n_price = saha_field_value_to_json (price, "12.50");
  g_autoptr(JsonNode) n_double = json_node_init_double (json_node_alloc (), 12.5);
  g_autoptr(JsonNode) n_list = NULL;
  g_autoptr(JsonNode) n_int_price = json_node_init_int (json_node_alloc (), 12);
  g_autoptr(GError) error = NULL;
  JsonArray *array = json_array_new ();
  char *canonical = NULL;

  g_assert_cmpint (json_node_get_int (n_int), ==, 90);
  g_assert_false (json_node_get_boolean (n_bool));
  g_assert_true (JSON_NODE_HOLDS_NULL (n_null));
  g_assert_cmpstr (json_node_get_string (n_price), ==, "12.50");

  g_assert_true (saha_field_value_from_json (minutes, n_int, &canonical, &error));
  g_assert_cmpstr (canonical, ==, "90");
  g_clear_pointer (&canonical, g_free);
  g_assert_true (saha_field_value_from_json (active, n_bool, &canonical, &error));
  g_assert_cmpstr (canonical, ==, "false");
  g_clear_pointer (&canonical, g_free);
  g_assert_true (saha_field_value_from_json (price, n_null, &canonical, &error));
  g_assert_null (canonical);
  g_assert_true (saha_field_value_from_json (price, n_int_price, &canonical, &error));
  g_assert_cmpstr (canonical, ==, "12.00");
  g_clear_pointer (&canonical, g_free);

  json_array_add_string_element (array, "EMAIL");
  json_array_add_string_element (array, "phone");
  n_list = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);
  g_assert_true (saha_field_value_from_json (opt_out, n_list, &canonical, &error));
  g_assert_cmpstr (canonical, ==, "phone,email");
  g_clear_pointer (&canonical, g_free);

  /* Floating point never becomes money. */
  g_assert_false (saha_field_value_from_json (price, n_double, &canonical, &error));
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (saha_field_value_from_json (minutes, n_bool, &canonical, &error));
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE);
  g_assert_null (canonical);
}

typedef struct
{
  const char *name;
  const char *json;
  int         code;
} BadInput;

#define HEAD "{\"entity\":\"customer\",\"id\":\"" ID "\","
#define REG(field, value, replica, counter) \
  "\"" field "\":[{\"value\":" value ",\"dot\":[\"" replica "\"," counter "]}]"

static const BadInput bad_inputs[] = {
  { "truncated", HEAD "\"vv\":{\"a\":1", SAHA_CORE_ERROR_MALFORMED },
  { "empty", "", SAHA_CORE_ERROR_MALFORMED },
  { "not an object", "[1,2,3]", SAHA_CORE_ERROR_MALFORMED },
  { "trailing garbage", HEAD "\"vv\":{}} x", SAHA_CORE_ERROR_MALFORMED },
  { "unknown top member", HEAD "\"vv\":{},\"extra\":1}", SAHA_CORE_ERROR_MALFORMED },
  { "missing vv", HEAD "\"deleted\":false}", SAHA_CORE_ERROR_MALFORMED },
  { "missing entity", "{\"id\":\"" ID "\",\"vv\":{}}", SAHA_CORE_ERROR_MALFORMED },
  { "entity not a string", "{\"entity\":7,\"id\":\"" ID "\",\"vv\":{}}",
    SAHA_CORE_ERROR_MALFORMED },
  { "unknown entity", "{\"entity\":\"invoice\",\"id\":\"" ID "\",\"vv\":{}}",
    SAHA_CORE_ERROR_UNKNOWN_ENTITY },
  { "missing id", "{\"entity\":\"customer\",\"vv\":{}}", SAHA_CORE_ERROR_MALFORMED },
  { "bad id", "{\"entity\":\"customer\",\"id\":\"42\",\"vv\":{}}",
    SAHA_CORE_ERROR_INVALID_VALUE },
  { "upper-case id",
    "{\"entity\":\"customer\",\"id\":\"5B0C1D2E-3F40-4152-8364-758697A8B9C0\",\"vv\":{}}",
    SAHA_CORE_ERROR_INVALID_VALUE },
  { "vv not an object", HEAD "\"vv\":[]}", SAHA_CORE_ERROR_MALFORMED },
  { "vv string counter", HEAD "\"vv\":{\"a\":\"1\"}}", SAHA_CORE_ERROR_MALFORMED },
  { "vv fractional counter", HEAD "\"vv\":{\"a\":1.5}}", SAHA_CORE_ERROR_MALFORMED },
  { "vv zero counter", HEAD "\"vv\":{\"a\":0}}", SAHA_CORE_ERROR_INVALID_VALUE },
  { "vv negative counter", HEAD "\"vv\":{\"a\":-3}}", SAHA_CORE_ERROR_INVALID_VALUE },
  { "vv bad replica", HEAD "\"vv\":{\"a b\":1}}", SAHA_CORE_ERROR_INVALID_VALUE },
  { "registers not an object", HEAD "\"vv\":{\"a\":1},\"registers\":[]}",
    SAHA_CORE_ERROR_MALFORMED },
  { "unknown field", HEAD "\"vv\":{\"a\":1},\"registers\":{" REG ("fax", "\"1\"", "a", "1") "}}",
    SAHA_CORE_ERROR_UNKNOWN_FIELD },
  { "register not an array", HEAD "\"vv\":{\"a\":1},\"registers\":{\"name\":{}}}",
    SAHA_CORE_ERROR_MALFORMED },
  { "empty register", HEAD "\"vv\":{\"a\":1},\"registers\":{\"name\":[]}}",
    SAHA_CORE_ERROR_MALFORMED },
  { "unknown candidate member",
    HEAD "\"vv\":{\"a\":1},\"registers\":{\"name\":[{\"value\":\"A\",\"dot\":[\"a\",1],"
    "\"x\":1}]}}", SAHA_CORE_ERROR_MALFORMED },
  { "candidate without dot",
    HEAD "\"vv\":{\"a\":1},\"registers\":{\"name\":[{\"value\":\"A\"}]}}",
    SAHA_CORE_ERROR_MALFORMED },
  { "dot of three", HEAD "\"vv\":{\"a\":1},\"registers\":{\"name\":[{\"value\":\"A\","
    "\"dot\":[\"a\",1,2]}]}}", SAHA_CORE_ERROR_MALFORMED },
  { "dot counter string", HEAD "\"vv\":{\"a\":1},\"registers\":{"
    REG ("name", "\"A\"", "a", "\"1\"") "}}", SAHA_CORE_ERROR_MALFORMED },
  { "dot counter negative", HEAD "\"vv\":{\"a\":1},\"registers\":{"
    REG ("name", "\"A\"", "a", "-1") "}}", SAHA_CORE_ERROR_INVALID_VALUE },
  { "dot replica invalid", HEAD "\"vv\":{\"a\":1},\"registers\":{"
    REG ("name", "\"A\"", "a/b", "1") "}}", SAHA_CORE_ERROR_INVALID_VALUE },
  { "dot not covered", HEAD "\"vv\":{\"a\":1},\"registers\":{"
    REG ("name", "\"A\"", "a", "2") "}}", SAHA_CORE_ERROR_INVALID_VALUE },
  { "dot of unknown replica", HEAD "\"vv\":{\"a\":1},\"registers\":{"
    REG ("name", "\"A\"", "b", "1") "}}", SAHA_CORE_ERROR_INVALID_VALUE },
  { "value not canonical", HEAD "\"vv\":{\"a\":1},\"registers\":{"
    REG ("credit_limit", "\"1250,5\"", "a", "1") "}}", SAHA_CORE_ERROR_INVALID_VALUE },
  { "value untrimmed", HEAD "\"vv\":{\"a\":1},\"registers\":{"
    REG ("name", "\" Acme\"", "a", "1") "}}", SAHA_CORE_ERROR_INVALID_VALUE },
  { "value invalid", HEAD "\"vv\":{\"a\":1},\"registers\":{"
    REG ("kind", "\"robot\"", "a", "1") "}}", SAHA_CORE_ERROR_INVALID_VALUE },
  { "value a number", HEAD "\"vv\":{\"a\":1},\"registers\":{"
    REG ("credit_limit", "12", "a", "1") "}}", SAHA_CORE_ERROR_MALFORMED },
  { "deleted null", HEAD "\"vv\":{\"a\":1},\"registers\":{"
    REG ("deleted", "null", "a", "1") "}}", SAHA_CORE_ERROR_MALFORMED },
  { "deleted maybe", HEAD "\"vv\":{\"a\":1},\"registers\":{"
    REG ("deleted", "\"maybe\"", "a", "1") "}}", SAHA_CORE_ERROR_INVALID_VALUE },
  { "two values one dot", HEAD "\"vv\":{\"a\":1},\"registers\":{\"name\":["
    "{\"value\":\"A\",\"dot\":[\"a\",1]},{\"value\":\"B\",\"dot\":[\"a\",1]}]}}",
    SAHA_CORE_ERROR_INVALID_VALUE },
  { "NUL escape", HEAD "\"vv\":{\"a\":1},\"registers\":{"
    REG ("name", "\"Acme\\u0000evil\"", "a", "1") "}}", SAHA_CORE_ERROR_MALFORMED },
  { "non-UTF-8", HEAD "\"vv\":{\"a\":1},\"registers\":{"
    REG ("name", "\"Ac\xff\xfeme\"", "a", "1") "}}", SAHA_CORE_ERROR_MALFORMED },
};

static void
test_bad_inputs (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SahaRecord) record = NULL;

      g_test_message ("%s", bad_inputs[i].name);
      record = saha_record_from_json_data (bad_inputs[i].json, -1, 0, &error);
      g_assert_null (record);
      g_assert_error (error, SAHA_CORE_ERROR, bad_inputs[i].code);
      g_test_message ("  -> %s", error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_limits (void)
{
  g_autoptr(GString) json = g_string_new (HEAD "\"vv\":{\"a\":1},\"registers\":{\"notes\":"
                                          "[{\"value\":\"");
  g_autoptr(GString) many = g_string_new (HEAD "\"vv\":{");
  g_autoptr(GString) candidates = g_string_new (HEAD "\"vv\":{\"a\":100},\"registers\":"
                                                "{\"name\":[");
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  SahaRecord *record;

  /* A 100 KB string. */
  for (guint i = 0; i < 100 * 1024; i++)
    g_string_append_c (json, 'x');
  g_string_append (json, "\",\"dot\":[\"a\",1]}]}}");
  record = saha_record_from_json_data (json->str, json->len, 0, &error);
  g_assert_null (record);
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Over the caller's document limit. */
  record = saha_record_from_json_data (json->str, json->len, 1024, &error);
  g_assert_null (record);
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  for (guint i = 0; i <= SAHA_MAX_VV_ENTRIES; i++)
    g_string_append_printf (many, "%s\"r%u\":1", i ? "," : "", i);
  g_string_append (many, "}}");
  record = saha_record_from_json_data (many->str, many->len, 0, &error);
  g_assert_null (record);
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  for (guint i = 1; i <= SAHA_MAX_CANDIDATES + 1; i++)
    g_string_append_printf (candidates, "%s{\"value\":\"v%u\",\"dot\":[\"a\",%u]}",
                            i > 1 ? "," : "", i, i);
  g_string_append (candidates, "]}}");
  record = saha_record_from_json_data (candidates->str, candidates->len, 0, &error);
  g_assert_null (record);
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* Deep nesting is refused before json-glib recurses into it. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  record = saha_record_from_json_data (deep->str, deep->len, 0, &error);
  g_assert_null (record);
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MALFORMED);
}

static void
test_other_entity (void)
{
  g_autoptr(SahaRecord) line = saha_record_new (saha_schema_lookup ("order_line"), ID);
  const char *fields[] = { "order", "product", "quantity" };
  const char *values[] = { ID, PRODUCT_ID, "2.5" };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autoptr(SahaRecord) decoded = NULL;
  g_autoptr(GError) error = NULL;

  saha_record_write (line, "a", 0, fields, values, 3);
  saha_record_delete (line, "b", 0);
  node = saha_record_to_json (line, SAHA_CODEC_REGISTERS);
  text = saha_json_to_string (node, TRUE);
  decoded = saha_record_from_json_data (text, -1, 0, &error);
  g_assert_no_error (error);
  g_assert_true (saha_record_equal (line, decoded));
  g_assert_true (saha_record_is_deleted (decoded));
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "deleted"));
}

/* Random damage to a valid document: never a crash, and either a clean error or a
 * record that is consistent and encodes back to valid JSON. */
static void
test_mutations (void)
{
  g_autoptr(SahaRecord) record = sample_record ();
  g_autoptr(JsonNode) node = saha_record_to_json (record, SAHA_CODEC_REGISTERS);
  g_autofree char *text = saha_json_to_string (node, FALSE);
  gsize length = strlen (text);
  static const char alphabet[] = "{}[]\",:0123456789-.eE \\ntfalsu\xff\xc3";
  guint n_ok = 0, n_refused = 0;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *copy = g_strdup (text);
      gsize copy_length = length;
      guint n_changes = g_test_rand_int_range (1, 4);
      g_autoptr(GError) error = NULL;
      g_autoptr(SahaRecord) decoded = NULL;

      for (guint k = 0; k < n_changes && copy_length > 0; k++)
        {
          gsize at = g_test_rand_int_range (0, (gint32) copy_length);

          if (g_test_rand_int_range (0, 4) == 0)
            copy_length = at;  /* truncation */
          else
            copy[at] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];
        }

      decoded = saha_record_from_json_data (copy, copy_length, 0, &error);
      if (decoded == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == SAHA_CORE_ERROR);
          n_refused++;
        }
      else
        {
          g_autoptr(JsonNode) again = saha_record_to_json (decoded, SAHA_CODEC_REGISTERS);
          g_autofree char *again_text = saha_json_to_string (again, FALSE);
          g_autoptr(SahaRecord) twice = NULL;

          g_assert_no_error (error);
          g_assert_true (saha_record_check_consistent (decoded, NULL));
          twice = saha_record_from_json_data (again_text, -1, 0, &error);
          g_assert_no_error (error);
          g_assert_true (saha_record_equal (decoded, twice));
          n_ok++;
        }
    }
  g_test_message ("%u damaged documents decoded, %u refused", n_ok, n_refused);
  g_assert_cmpuint (n_refused, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/codec/round-trip", test_round_trip);
  g_test_add_func ("/core/codec/shape", test_shape);
  g_test_add_func ("/core/codec/compact", test_compact);
  g_test_add_func ("/core/codec/field-values", test_field_values);
  g_test_add_func ("/core/codec/bad-inputs", test_bad_inputs);
  g_test_add_func ("/core/codec/limits", test_limits);
  g_test_add_func ("/core/codec/other-entity", test_other_entity);
  g_test_add_func ("/core/codec/mutations", test_mutations);

  return g_test_run ();
}
