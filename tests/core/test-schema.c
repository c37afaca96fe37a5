/* test-schema.c: the schema table and what saha_field_normalize() accepts and refuses.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "saha-core.h"

typedef struct
{
  const char *entity;
  const char *field;
  const char *input;
  const char *canonical;  /* NULL: refused (or unset when input is blank) */
} Case;

static const Case accepted[] = {
  /* TEXT */
  { "customer", "name", "  Acme Ltd.  ", "Acme Ltd." },
  { "customer", "name", "Şirket İSTANBUL", "Şirket İSTANBUL" },
  { "customer", "notes", "line one\r\nline two\ttab", "line one\nline two\ttab" },
  { "customer", "email", "satis@example.com.tr", "satis@example.com.tr" },
  { "customer", "phone", "+90 (212) 555-01.01", "+90 (212) 555-01.01" },
  { "customer", "country", "tr", "TR" },
  { "customer", "country", "gb", "GB" },
  { "customer", "country", "AX", "AX" },
  { "customer", "country", "zw", "ZW" },
  { "customer", "currency", " eur ", "EUR" },
  /* INTEGER */
  { "service_call", "labour_minutes", "90", "90" },
  { "service_call", "labour_minutes", "+007", "7" },
  { "service_call", "labour_minutes", "0", "0" },
  /* MONEY */
  { "customer", "credit_limit", "1250,5", "1250.50" },
  { "customer", "credit_limit", "1250.5", "1250.50" },
  { "customer", "credit_limit", "3", "3.00" },
  /* Amounts as a person types them, in Turkish or English, with the lira sign. */
  { "customer", "credit_limit", "₺1.250,50", "1250.50" },
  { "customer", "credit_limit", "1.250,50 TL", "1250.50" },
  { "customer", "credit_limit", "1,250.50", "1250.50" },
  { "customer", "credit_limit", "1.000.000", "1000000.00" },
  { "customer", "credit_limit", "1 250,5 ₺", "1250.50" },
  { "customer", "credit_limit", ".5", "0.50" },
  { "customer", "credit_limit", "12.340", "12.34" },
  { "customer", "credit_limit", "92233720368547758.07", "92233720368547758.07" },
  /* DECIMAL */
  { "order_line", "quantity", "2.500", "2.5" },
  { "order_line", "quantity", "3", "3" },
  { "order_line", "quantity", "0,125", "0.125" },
  { "order_line", "quantity", "0.001", "0.001" },
  { "order_line", "discount_pct", "100", "100" },
  { "order_line", "discount_pct", "0", "0" },
  { "customer", "lat", "41.008238", "41.008238" },
  { "customer", "lat", "-90", "-90" },
  { "customer", "lon", "-180.000000", "-180" },
  { "customer", "lon", "28,97836", "28.97836" },
  /* TIMESTAMP (the test runs in UTC+3) */
  { "order", "ordered_at", "2026-11-25T11:24:53+03:00", "2026-11-25T08:24:53Z" },
  { "order", "ordered_at", "2026-11-25T08:24:53Z", "2026-11-25T08:24:53Z" },
  { "order", "ordered_at", "2026-11-25T08:24:53.789Z", "2026-11-25T08:24:53Z" },
  { "order", "ordered_at", "2026-11-25T11:24:53", "2026-11-25T08:24:53Z" },
  { "order", "ordered_at", "2026-01-01T01:00:00", "2025-12-31T22:00:00Z" },
  /* DATE */
  { "order", "delivery_date", "2028-02-29", "2028-02-29" },
  /* TIME_OF_DAY */
  { "customer", "contact_from", "09:30", "09:30" },
  { "customer", "contact_from", "9:05", "09:05" },
  { "customer", "contact_to", "23:59", "23:59" },
  { "customer", "contact_to", "00:00", "00:00" },
  /* ENUM */
  { "customer", "kind", "Company", "company" },
  { "order", "status", "CONFIRMED", "confirmed" },
  { "product", "vat_rate", "20", "20" },
  /* ENUM_LIST */
  { "customer", "opt_out", "email, SMS", "sms,email" },
  { "customer", "opt_out", "visit,phone,visit", "phone,visit" },
  { "customer", "opt_out", "email,", "email" },
  /* REFERENCE */
  { "contact", "customer", "5B0C1D2E-3F40-4152-8364-758697A8B9C0",
    "5b0c1d2e-3f40-4152-8364-758697a8b9c0" },
  /* BOOLEAN */
  { "product", "active", "TRUE", "true" },
  { "product", "active", "yes", "true" },
  { "product", "active", "1", "true" },
  { "product", "active", "No", "false" },
  { "product", "active", "0", "false" },
  { "product", "active", "false", "false" },
  /* blank is unset */
  { "customer", "name", "   ", NULL },
  { "customer", "credit_limit", "", NULL },
};

typedef struct
{
  const char *entity;
  const char *field;
  const char *input;
  const char *message;  /* the exact message, or NULL to check only the field prefix */
} Refused;

static const Refused refused[] = {
  { "order", "status", "shipped",
    "status: \"shipped\" is not one of draft, quote, confirmed, delivered, cancelled" },
  { "customer", "credit_limit", "12.345",
    "credit_limit: \"12.345\" has more than 2 decimal places" },
  { "customer", "credit_limit", "-1", "credit_limit: \"-1\" must be at least 0.00" },
  { "customer", "credit_limit", "1.2,50", NULL },
  { "customer", "credit_limit", "1.2.50", NULL },
  { "customer", "credit_limit", "12 5", NULL },
  { "customer", "credit_limit", "₺", NULL },
  { "customer", "credit_limit", "12e3", NULL },
  { "customer", "credit_limit", "abc", NULL },
  { "customer", "credit_limit", "-", NULL },
  { "customer", "credit_limit", "92233720368547758.08", NULL },
  { "customer", "credit_limit", "99999999999999999999", NULL },
  { "order_line", "quantity", "0", "quantity: \"0\" must be greater than 0" },
  { "order_line", "quantity", "1.0005", NULL },
  { "order_line", "discount_pct", "100.01", "discount_pct: \"100.01\" must be at most 100" },
  { "customer", "lat", "90.000001", NULL },
  { "customer", "lon", "-181", NULL },
  { "service_call", "labour_minutes", "1.5", NULL },
  { "service_call", "labour_minutes", "-5", NULL },
  { "service_call", "labour_minutes", "9223372036854775808", NULL },
  { "order", "ordered_at", "2026-11-25", NULL },
  { "order", "ordered_at", "yesterday", NULL },
  { "order", "ordered_at", "2026-13-01T00:00:00Z", NULL },
  { "order", "ordered_at", "0999-12-31T23:00:00Z", NULL },
  { "order", "delivery_date", "2027-02-29", "delivery_date: \"2027-02-29\" is not a real date" },
  { "order", "delivery_date", "25.11.2026", NULL },
  { "order", "delivery_date", "2026-11-25T00:00:00Z", NULL },
  { "order", "delivery_date", "2026-1-5", NULL },
  { "customer", "contact_from", "24:00", NULL },
  { "customer", "contact_from", "12:60", NULL },
  { "customer", "contact_from", "1230", NULL },
  { "customer", "contact_from", "12:3", NULL },
  { "customer", "kind", "company,person", NULL },
  { "customer", "opt_out", "email,fax", NULL },
  { "contact", "customer", "not-an-id", NULL },
  { "contact", "customer", "5b0c1d2e3f4041528364758697a8b9c0", NULL },
  { "product", "active", "maybe", NULL },
  { "product", "active", "2", NULL },
  { "customer", "name", "two\nlines", "name: \"two\\nlines\" must be a single line" },
  { "customer", "name", "tab\there", NULL },
  { "customer", "name", "bell\a", NULL },
  { "customer", "notes", "nul-free but escape \x1b", NULL },
  { "customer", "email", "satis.example.com", NULL },
  { "customer", "email", "satis@example", NULL },
  { "customer", "email", "@example.com", NULL },
  { "customer", "email", "a b@example.com", NULL },
  { "customer", "email", "a@b@example.com", NULL },
  { "customer", "phone", "12", NULL },
  { "customer", "phone", "call me", NULL },
  { "customer", "phone", "123456789012345678901", NULL },
  { "customer", "country", "TUR", NULL },
  { "customer", "country", "T1", NULL },
  /* two letters, but no country: ISO 3166-1 alpha-2 only (user-assigned codes too) */
  { "customer", "country", "ZZ", "country: \"ZZ\" is not an ISO 3166-1 country code like TR" },
  { "customer", "country", "xk", NULL },
  { "customer", "country", "UK", NULL },
  { "customer", "currency", "TL", NULL },
  { "customer", "assigned_to",
    "a-user-name-that-is-much-longer-than-sixty-four-characters-allowed-here", NULL },
};

static const SahaFieldDef *
field_def (const char *entity,
           const char *field)
{
  const SahaEntityDef *def = saha_schema_lookup (entity);
  const SahaFieldDef *f;

  g_assert_nonnull (def);
  f = saha_entity_def_lookup_field (def, field);
  g_assert_nonnull (f);
  return f;
}

static void
test_accepted (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      const Case *c = &accepted[i];
      const SahaFieldDef *f = field_def (c->entity, c->field);
      g_autoptr(GError) error = NULL;
      g_autofree char *canonical = NULL;
      g_autofree char *again = NULL;

      g_test_message ("%s.%s <- \"%s\"", c->entity, c->field, c->input);
      g_assert_true (saha_field_normalize (f, c->input, &canonical, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (canonical, ==, c->canonical);

      /* Canonical values are fixed points: the codec relies on it. */
      g_assert_true (saha_field_normalize (f, canonical, &again, &error));
      g_assert_cmpstr (again, ==, canonical);
    }
}

static void
test_refused (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      const Refused *c = &refused[i];
      const SahaFieldDef *f = field_def (c->entity, c->field);
      g_autoptr(GError) error = NULL;
      g_autofree char *canonical = NULL;
      g_autofree char *prefix = g_strconcat (c->field, ": \"", NULL);

      g_test_message ("%s.%s <- \"%s\"", c->entity, c->field, c->input);
      g_assert_false (saha_field_normalize (f, c->input, &canonical, &error));
      g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE);
      g_assert_null (canonical);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      if (c->message != NULL)
        g_assert_cmpstr (error->message, ==, c->message);
    }
}

static void
test_text_limits (void)
{
  const SahaFieldDef *name = field_def ("customer", "name");
  const SahaFieldDef *notes = field_def ("customer", "notes");
  const SahaFieldDef *signature = field_def ("service_call", "signature");
  g_autofree char *two_hundred = g_strnfill (200, 'x');
  g_autofree char *too_long = g_strnfill (201, 'x');
  g_autoptr(GString) turkish = g_string_new (NULL);
  g_autofree char *ten_k = g_strnfill (10000, 'y');
  g_autofree char *ten_k_plus = g_strnfill (10001, 'y');
  g_autofree char *sixty_k = g_strnfill (60000, '[');
  g_autofree char *huge = g_strnfill (SAHA_MAX_VALUE_BYTES + 1, 'z');
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_assert_true (saha_field_normalize (name, two_hundred, &out, &error));
  g_assert_cmpstr (out, ==, two_hundred);
  g_clear_pointer (&out, g_free);
  g_assert_false (saha_field_normalize (name, too_long, &out, &error));
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  /* The limit counts characters, not bytes: 200 "ş" are 400 bytes and fine. */
  for (guint i = 0; i < 200; i++)
    g_string_append (turkish, "ş");
  g_assert_true (saha_field_normalize (name, turkish->str, &out, &error));
  g_clear_pointer (&out, g_free);

  g_assert_true (saha_field_normalize (notes, ten_k, &out, &error));
  g_clear_pointer (&out, g_free);
  g_assert_false (saha_field_normalize (notes, ten_k_plus, &out, &error));
  g_clear_error (&error);
  g_assert_true (saha_field_normalize (signature, sixty_k, &out, &error));
  g_clear_pointer (&out, g_free);

  g_assert_false (saha_field_normalize (notes, huge, &out, &error));
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_assert_false (saha_field_normalize (name, "bad \xff byte", &out, &error));
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE);
  g_assert_null (out);
}

static void
test_entities (void)
{
  static const char * const order[] = {
    "customer", "contact", "product", "kb_article", "order", "order_line", "service_call",
    "service_part", "visit", "note", "campaign", "task", "consent",
  };
  static const struct { const char *entity, *parent; } parents[] = {
    { "customer", NULL }, { "product", NULL }, { "contact", "customer" },
    { "order", "customer" }, { "service_call", "customer" }, { "visit", "customer" },
    { "note", "customer" }, { "order_line", "order" }, { "service_part", "service_call" },
    { "kb_article", NULL }, { "campaign", NULL }, { "task", "customer" }, { "consent", "customer" },
  };
  guint n = 0;
  const SahaEntityDef * const *entities = saha_schema_entities (&n);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (entities[i]->name, ==, order[i]);
      g_assert_true (saha_schema_lookup (order[i]) == entities[i]);

      /* Parents come first, and every reference targets an entity that exists. */
      for (guint j = 0; j < entities[i]->n_fields; j++)
        {
          const SahaFieldDef *f = &entities[i]->fields[j];

          g_assert_nonnull (f->label);
          if (f->type == SAHA_FIELD_REFERENCE)
            {
              const SahaEntityDef *target = saha_schema_lookup (f->target);
              gboolean earlier = FALSE;

              g_assert_nonnull (target);
              for (guint k = 0; k < i; k++)
                earlier |= entities[k] == target;
              g_assert_true (earlier);
            }
          if (f->type == SAHA_FIELD_ENUM || f->type == SAHA_FIELD_ENUM_LIST)
            g_assert_nonnull (f->choices);
          if (f->default_value != NULL)
            {
              g_autofree char *canonical = NULL;

              g_assert_true (saha_field_normalize (f, f->default_value, &canonical, &error));
              g_assert_cmpstr (canonical, ==, f->default_value);
            }
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (parents); i++)
    g_assert_cmpstr (saha_schema_lookup (parents[i].entity)->parent_field, ==, parents[i].parent);

  g_assert_null (saha_schema_lookup ("invoice"));
  g_assert_null (saha_schema_lookup_checked ("invoice", &error));
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_UNKNOWN_ENTITY);
  g_assert_nonnull (strstr (error->message, "invoice"));

  g_assert_cmpint (saha_entity_def_field_index (saha_schema_lookup ("customer"), "name"), ==, 0);
  g_assert_cmpint (saha_entity_def_field_index (saha_schema_lookup ("customer"), "nope"), ==, -1);
  g_assert_null (saha_entity_def_lookup_field (saha_schema_lookup ("note"), "deleted"));
}

static void
test_defaults_and_required (void)
{
  static const struct { const char *entity, *field, *value; } defaults[] = {
    { "customer", "country", "TR" }, { "customer", "currency", "TRY" },
    { "product", "unit", "pcs" }, { "product", "active", "true" },
    { "order", "status", "draft" }, { "order", "currency", "TRY" },
    { "service_call", "priority", "normal" }, { "service_call", "status", "new" },
    { "customer", "name", NULL }, { "note", "status", NULL },
  };
  static const struct { const char *entity, *fields; } required[] = {
    { "customer", "name,kind" }, { "contact", "customer,name" },
    { "product", "sku,name" }, { "order", "customer" },
    { "order_line", "order,product" }, { "service_call", "customer" },
    { "service_part", "service_call,product" }, { "visit", "customer" },
    { "note", "customer,summary" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    g_assert_cmpstr (field_def (defaults[i].entity, defaults[i].field)->default_value,
                     ==, defaults[i].value);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      const SahaEntityDef *def = saha_schema_lookup (required[i].entity);
      g_auto(GStrv) names = g_strsplit (required[i].fields, ",", -1);

      for (guint j = 0; j < def->n_fields; j++)
        g_assert_cmpint (!!(def->fields[j].flags & SAHA_FIELD_FLAG_REQUIRED), ==,
                         g_strv_contains ((const char * const *) names, def->fields[j].name));
    }

  g_assert_true (field_def ("customer", "city")->flags & SAHA_FIELD_FLAG_SEARCHABLE);
  g_assert_true (field_def ("product", "sku")->flags & SAHA_FIELD_FLAG_SEARCHABLE);
  g_assert_false (field_def ("customer", "notes")->flags & SAHA_FIELD_FLAG_SEARCHABLE);
}

static void
test_int64 (void)
{
  const SahaFieldDef *money = field_def ("customer", "credit_limit");
  const SahaFieldDef *quantity = field_def ("order_line", "quantity");
  const SahaFieldDef *minutes = field_def ("service_call", "labour_minutes");
  const SahaFieldDef *active = field_def ("product", "active");
  const SahaFieldDef *name = field_def ("customer", "name");
  g_autoptr(GError) error = NULL;
  gint64 v = 0;
  char *s;

  g_assert_true (saha_field_canonical_to_int64 (money, "1250.50", &v));
  g_assert_cmpint (v, ==, 125050);
  s = saha_field_int64_to_canonical (money, 125050);
  g_assert_cmpstr (s, ==, "1250.50");
  g_free (s);
  g_assert_true (saha_field_canonical_to_int64 (quantity, "2.5", &v));
  g_assert_cmpint (v, ==, 2500);
  s = saha_field_int64_to_canonical (quantity, 2500);
  g_assert_cmpstr (s, ==, "2.5");
  g_free (s);
  g_assert_true (saha_field_canonical_to_int64 (minutes, "340", &v));
  g_assert_cmpint (v, ==, 340);
  g_assert_true (saha_field_canonical_to_int64 (active, "false", &v));
  g_assert_cmpint (v, ==, 0);
  g_assert_false (saha_field_canonical_to_int64 (name, "Acme", &v));

  g_assert_true (saha_money_parse ("1250,5", &v, &error));
  g_assert_cmpint (v, ==, 125050);
  g_assert_true (saha_money_parse ("-3", &v, &error));
  g_assert_cmpint (v, ==, -300);
  g_assert_false (saha_money_parse ("1.001", &v, &error));
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  s = saha_money_format (-300);
  g_assert_cmpstr (s, ==, "-3.00");
  g_free (s);
  s = saha_money_format (5);
  g_assert_cmpstr (s, ==, "0.05");
  g_free (s);
  s = saha_money_format (G_MININT64);
  g_assert_cmpstr (s, ==, "-92233720368547758.08");
  g_free (s);
  g_assert_true (saha_money_parse ("-92233720368547758.08", &v, &error));
  g_assert_cmpint (v, ==, G_MININT64);
}

static void
test_ids (void)
{
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *id = saha_id_new ();
      g_autofree char *other = saha_id_new ();

      g_assert_true (saha_id_is_valid (id));
      g_assert_cmpstr (id, !=, other);
    }
  g_assert_false (saha_id_is_valid ("5B0C1D2E-3F40-4152-8364-758697A8B9C0"));
  g_assert_false (saha_id_is_valid (""));
  g_assert_false (saha_id_is_valid (NULL));
}

/* Every value of the enum fields the interface shows has its label in the schema, the
 * one place the app's dropdowns, rows and filters take them from. */
static void
test_choice_labels (void)
{
  static const char * const shown[][2] = {
    { "customer", "kind" }, { "customer", "preferred_channel" }, { "customer", "opt_out" },
    { "customer", "language" }, { "order", "status" }, { "service_call", "priority" },
    { "service_call", "status" }, { "visit", "purpose" }, { "note", "channel" },
    { "campaign", "channel" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      const char * const *choices = saha_schema_choices (shown[i][0], shown[i][1]);

      g_assert_nonnull (choices);
      for (guint j = 0; choices[j] != NULL; j++)
        {
          const char *label = saha_schema_choice_label (shown[i][0], shown[i][1], choices[j]);

          g_test_message ("%s.%s %s: %s", shown[i][0], shown[i][1], choices[j], label);
          g_assert_nonnull (label);
          g_assert_cmpstr (label, !=, choices[j]);
        }
    }

  g_assert_cmpstr (saha_schema_choice_label ("service_call", "status", "on_site"), ==, "On site");
  g_assert_cmpstr (saha_schema_choice_label ("order", "status", "draft"), ==, "Draft");
  /* A value a newer version added shows as itself; nothing is hidden. */
  g_assert_cmpstr (saha_schema_choice_label ("service_call", "status", "parked"), ==, "parked");
  g_assert_null (saha_schema_choice_label ("service_call", "status", NULL));
}

int
main (int   argc,
      char *argv[])
{
  /* A fixed zone of UTC+3 (Türkiye's) so local-time inputs have a known meaning. */
  g_setenv ("TZ", "<+03>-3", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/schema/accepted", test_accepted);
  g_test_add_func ("/core/schema/refused", test_refused);
  g_test_add_func ("/core/schema/text-limits", test_text_limits);
  g_test_add_func ("/core/schema/entities", test_entities);
  g_test_add_func ("/core/schema/defaults-and-required", test_defaults_and_required);
  g_test_add_func ("/core/schema/int64", test_int64);
  g_test_add_func ("/core/schema/ids", test_ids);
  g_test_add_func ("/core/schema/choice-labels", test_choice_labels);

  return g_test_run ();
}
