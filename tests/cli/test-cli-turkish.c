/* test-cli-turkish.c: saha-cli for a Turkish user: lists in Turkish alphabetical order,
 * messages in the user's language.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cli-run.h"

/* Runs saha-cli ARGS… (NULL-terminated) in @language ("tr", "en") with the build's
 * translations, the way a user's shell would: LANGUAGE and a UTF-8 locale. */
static CliResult *
run_cli (const char *language,
         ...) G_GNUC_NULL_TERMINATED;

static CliResult *
run_cli (const char *language,
         ...)
{
  const char * const env[] = { "LANGUAGE", language, "LC_ALL", "C.UTF-8", "SAHA_LOCALEDIR", SAHA_BUILD_LOCALEDIR, NULL };
  const char * const *first = NULL;
  CliResult *result;
  va_list ap;

  va_start (ap, language);
  result = cli_run_valist (env, first, ap);
  va_end (ap);
  return result;
}

static char *
db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "replica.db", NULL);
}

/* In Turkish order; byte order (the order before) gives Tarım, İnşaat; Demir, Çetin;
 * Yıldız, Özdemir; and puts Çağlar and Şahin after Zeynep. */
static const char * const sorted_names[] = {
  "Akdeniz İnşaat",
  "Akdeniz Tarım",
  "Ali Çetin",
  "Ali Demir",
  "Ali Özdemir",
  "Ali Yıldız",
  "Çağlar Elektrik",
  "Işık Ticaret",
  "İnce Gıda",
  "Quick Print",
  "Şahin Oto",
  "Walker & Sons",
  "Zeynep Kaya",
};

static void
create_customers (const char *db)
{
  for (guint i = 0; i < G_N_ELEMENTS (sorted_names); i++)
    {
      /* created in an order that is neither sorted nor reversed */
      const char *name = sorted_names[(i * 5 + 2) % G_N_ELEMENTS (sorted_names)];
      g_autofree char *name_arg = g_strconcat ("name=", name, NULL);
      g_autoptr(CliResult) result = run_cli ("en", "--db", db, "create", "customer", name_arg,
                                             "kind=company", NULL);

      g_assert_cmpint (result->status, ==, 0);
    }
}

/* "saha-cli list customer", as text, as JSON, by name descending and through a search,
 * and "export-csv customer" give the Turkish alphabetical order. */
static void
test_list_order (void)
{
  g_autofree char *db = db_path ();
  g_autoptr(CliResult) text = NULL;
  g_autoptr(CliResult) json = NULL;
  g_autoptr(CliResult) descending = NULL;
  g_autoptr(CliResult) search = NULL;
  g_autoptr(CliResult) csv = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  JsonArray *array;
  guint n = G_N_ELEMENTS (sorted_names);
  const char *at;

  create_customers (db);

  text = run_cli ("tr", "--db", db, "list", "customer", "--fields", "name", NULL);
  g_assert_cmpint (text->status, ==, 0);
  lines = g_strsplit (g_strchomp (text->out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, n);
  for (guint i = 0; i < n; i++)
    {
      /* "<id>  <name>" */
      const char *name = lines[i] + 36;

      while (*name == ' ')
        name++;
      g_assert_cmpstr (name, ==, sorted_names[i]);
    }

  json = run_cli ("tr", "--db", db, "list", "customer", "--json", NULL);
  g_assert_cmpint (json->status, ==, 0);
  root = json_from_string (json->out, &error);
  g_assert_no_error (error);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, n);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *fields = json_object_get_object_member (json_array_get_object_element (array, i),
                                                          "fields");

      g_assert_cmpstr (json_object_get_string_member (fields, "name"), ==, sorted_names[i]);
    }

  descending = run_cli ("tr", "--db", db, "list", "customer", "--fields", "name", "--descending",
                        "--limit", "1", NULL);
  g_assert_cmpint (descending->status, ==, 0);
  g_assert_nonnull (strstr (descending->out, "Zeynep Kaya"));

  search = run_cli ("tr", "--db", db, "list", "customer", "--search", "ali", "--json", NULL);
  g_assert_cmpint (search->status, ==, 0);
  g_clear_pointer (&root, json_node_unref);
  root = json_from_string (search->out, &error);
  g_assert_no_error (error);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *fields = json_object_get_object_member (json_array_get_object_element (array, i),
                                                          "fields");

      g_assert_cmpstr (json_object_get_string_member (fields, "name"), ==, sorted_names[2 + i]);
    }

  csv = run_cli ("tr", "--db", db, "export-csv", "customer", NULL);
  g_assert_cmpint (csv->status, ==, 0);
  at = csv->out;
  for (guint i = 0; i < n; i++)
    {
      at = strstr (at, sorted_names[i]);
      if (at == NULL)
        g_error ("export-csv has “%s” out of Turkish order:\n%s", sorted_names[i], csv->out);
    }
}

/* LANGUAGE=tr: help, usage errors and errors about the data are in Turkish; LANGUAGE=en
 * in English. */
static void
test_messages (void)
{
  g_autofree char *db = db_path ();
  g_autofree char *missing = g_build_filename (g_get_user_data_dir (), "yok.db", NULL);

  create_customers (db);

  {
    g_autoptr(CliResult) tr = run_cli ("tr", "--help", NULL);
    g_autoptr(CliResult) en = run_cli ("en", "--help", NULL);

    g_assert_cmpint (tr->status, ==, 0);
    g_assert_nonnull (strstr (tr->out, "Kullanım:"));
    g_assert_nonnull (strstr (tr->out, "Bir kayıt oluşturur ve kimliğini yazar"));
    g_assert_nonnull (strstr (tr->out, "kimlik doğrulama hatası"));
    g_assert_null (strstr (tr->out, "Create a record"));
    g_assert_nonnull (strstr (en->out, "Create a record and print its id"));
  }
  {
    g_autoptr(CliResult) tr = run_cli ("tr", "--db", db, "list", "müşteri", NULL);
    g_autoptr(CliResult) en = run_cli ("en", "--db", db, "list", "müşteri", NULL);

    g_assert_cmpint (tr->status, ==, 3);
    g_assert_true (g_str_has_prefix (tr->err, "saha-cli: Bilinmeyen kayıt türü “müşteri”"));
    g_assert_true (g_str_has_prefix (en->err, "saha-cli: Unknown entity “müşteri”"));
  }
  {
    g_autoptr(CliResult) tr = run_cli ("tr", "--db", missing, "list", "customer", NULL);

    g_assert_cmpint (tr->status, ==, 1);
    g_assert_nonnull (strstr (tr->err, "konumunda yerel kopya yok"));
  }
  {
    g_autoptr(CliResult) tr = run_cli ("tr", "--db", db, "sync", NULL);

    g_assert_cmpint (tr->status, !=, 0);
    g_assert_nonnull (strstr (tr->err, "Oturum açılmamış"));
  }
  {
    g_autoptr(CliResult) tr = run_cli ("tr", "--db", db, "list", "customer", "--limit", "x", NULL);

    g_assert_cmpint (tr->status, ==, 2);
    g_assert_nonnull (strstr (tr->err, "saha-cli list --help"));
    g_assert_nonnull (strstr (tr->err, "bkz."));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/turkish/list-order", test_list_order);
  g_test_add_func ("/cli/turkish/messages", test_messages);

  return g_test_run ();
}
