/* saha-server-company.c: the company that service reports name, a server setting every
 * device receives (GET /v1/company), kept as one JSON object in the meta table.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-core.h"
#include "saha-server-admin.h"
#include "saha-server-company.h"
#include "saha-server-error.h"

#define COMPANY_META_KEY "company"

typedef enum
{
  COMPANY_TEXT,
  COMPANY_MULTILINE,
  COMPANY_MONEY,
  COMPANY_VAT,
} CompanyKind;

static const struct
{
  const char  *key;
  CompanyKind  kind;
  guint        max_length;
} company_keys[] = {
  { "name",        COMPANY_TEXT,      200 },
  { "address",     COMPANY_MULTILINE, 500 },
  { "tax_office",  COMPANY_TEXT,      100 },
  { "tax_id",      COMPANY_TEXT,       64 },
  { "phone",       COMPANY_TEXT,       64 },
  { "email",       COMPANY_TEXT,      200 },
  { "labour_rate", COMPANY_MONEY,       0 },
  { "labour_vat",  COMPANY_VAT,         0 },
};

static int
company_key_index (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (company_keys); i++)
    if (g_strcmp0 (company_keys[i].key, key) == 0)
      return (int) i;
  return -1;
}

JsonNode *
saha_server_company_load (SahaServerStorage  *storage,
                          GError            **error)
{
  g_autofree char *text = saha_server_storage_get_meta (storage, COMPANY_META_KEY);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL)
    {
      root = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (root, json_object_new ());
      return root;
    }
  if (!json_parser_load_from_data (parser, text, -1, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL,
                   "The stored company setting is not a JSON object");
      return NULL;
    }
  return json_node_copy (root);
}

/* The canonical form of @value for @index, or NULL with @error. */
static char *
company_value (guint        index,
               const char  *value,
               GError     **error)
{
  const char *key = company_keys[index].key;

  switch (company_keys[index].kind)
    {
    case COMPANY_MONEY:
      {
        gint64 minor;

        if (!saha_money_parse (value, &minor, NULL) || minor < 0)
          {
            g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                         "%s: \"%s\" is not an amount (850.00 or 850,00)", key, value);
            return NULL;
          }
        return saha_money_format (minor);
      }
    case COMPANY_VAT:
      if (g_strcmp0 (value, "0") != 0 && g_strcmp0 (value, "1") != 0
          && g_strcmp0 (value, "10") != 0 && g_strcmp0 (value, "20") != 0)
        {
          g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                       "%s: must be 0, 1, 10 or 20 (percent)", key);
          return NULL;
        }
      return g_strdup (value);
    case COMPANY_TEXT:
    case COMPANY_MULTILINE:
    default:
      if (!g_utf8_validate (value, -1, NULL)
          || g_utf8_strlen (value, -1) > company_keys[index].max_length)
        {
          g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                       "%s: must be text of at most %u characters", key,
                       company_keys[index].max_length);
          return NULL;
        }
      for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_iscntrl (c) && !(c == '\n' && company_keys[index].kind == COMPANY_MULTILINE))
            {
              g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                           "%s: control characters are not allowed", key);
              return NULL;
            }
        }
      return g_strdup (value);
    }
}

gboolean
saha_server_company_set (SahaServerStorage  *storage,
                         char              **assignments,
                         GError            **error)
{
  g_autoptr(JsonNode) root = saha_server_company_load (storage, error);
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *text = NULL;
  JsonObject *company;

  if (root == NULL)
    return FALSE;
  company = json_node_get_object (root);
  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    {
      const char *equals = strchr (assignments[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      int index;

      if (equals == NULL)
        {
          g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                       "\"%s\": expected KEY=VALUE", assignments[i]);
          return FALSE;
        }
      key = g_strndup (assignments[i], (gsize) (equals - assignments[i]));
      index = company_key_index (key);
      if (index < 0)
        {
          g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                       "\"%s\" is not a company setting (name, address, tax_office, tax_id, "
                       "phone, email, labour_rate, labour_vat)", key);
          return FALSE;
        }
      if (equals[1] == '\0')
        {
          json_object_remove_member (company, key);
          continue;
        }
      value = company_value ((guint) index, equals + 1, error);
      if (value == NULL)
        return FALSE;
      json_object_set_string_member (company, key, value);
    }
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return saha_server_storage_set_meta (storage, COMPANY_META_KEY, text, error);
}

int
saha_server_admin_company (const SahaServerStorageTarget *target,
                           char       **args,
                           gboolean     json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaServerStorage) storage = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *command = args != NULL ? args[0] : NULL;

  if ((g_strcmp0 (command, "show") != 0 || args[1] != NULL)
      && (g_strcmp0 (command, "set") != 0 || args[1] == NULL))
    {
      g_printerr ("saha-server: usage: company show [--json]\n"
                  "                    company set KEY=VALUE... (name, address, tax_office, "
                  "tax_id, phone, email, labour_rate, labour_vat; KEY= removes)\n");
      return 2;
    }
  storage = saha_server_storage_connect (target, &error);
  if (storage == NULL)
    {
      g_printerr ("saha-server: company: %s\n", error->message);
      return 1;
    }
  if (g_strcmp0 (command, "set") == 0)
    {
      if (!saha_server_storage_begin (storage, TRUE, &error)
          || !saha_server_company_set (storage, args + 1, &error)
          || !saha_server_storage_commit (storage, &error))
        {
          saha_server_storage_rollback (storage);
          g_printerr ("saha-server: company set: %s\n", error->message);
          return error->domain == SAHA_SERVER_ERROR
                 && error->code == SAHA_SERVER_ERROR_INVALID_REQUEST ? 2 : 1;
        }
    }
  root = saha_server_company_load (storage, &error);
  if (root == NULL)
    {
      g_printerr ("saha-server: company: %s\n", error->message);
      return 1;
    }
  if (json)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_pretty (generator, TRUE);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (company_keys); i++)
    {
      JsonObject *company = json_node_get_object (root);
      const char *key = company_keys[i].key;

      if (json_object_has_member (company, key))
        g_print ("%s\t%s\n", key, json_object_get_string_member (company, key));
    }
  return 0;
}
