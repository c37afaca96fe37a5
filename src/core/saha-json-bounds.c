/* saha-json-bounds.c: one pass over JSON text that bounds nesting, strings and values.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "saha-json-bounds.h"
#include "saha-codec.h"
#include "saha-schema.h"

const SahaJsonBounds saha_json_bounds_default = {
  .max_depth = SAHA_JSON_MAX_DEPTH,
  .max_string_bytes = SAHA_JSON_MAX_STRING_BYTES,
  .max_values = 0,
};

/**
 * saha_json_check_bounds:
 * @data: the JSON text
 * @length: its length in bytes
 * @bounds: the bounds (0 members are not checked)
 * @error: SAHA_CORE_ERROR_TOO_LARGE when the text goes past one of them
 *
 * Counts outside strings: the open arrays and objects, and the values (one for the
 * document, one more per ',' and per array or object that is not empty); inside
 * strings, their length. Malformed text passes as far as these counts go; the parser
 * that comes next refuses it.
 *
 * Returns: whether @data stays inside @bounds
 */
gboolean
saha_json_check_bounds (const char           *data,
                        gsize                 length,
                        const SahaJsonBounds *bounds,
                        GError              **error)
{
  guint depth = 0;
  gsize values = 1;
  gsize string_start = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          if (bounds->max_string_bytes > 0 && i - string_start > bounds->max_string_bytes)
            {
              g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_TOO_LARGE,
                           "the JSON text holds a string longer than %" G_GSIZE_FORMAT
                           " bytes (at byte %" G_GSIZE_FORMAT ")",
                           bounds->max_string_bytes, string_start);
              return FALSE;
            }
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          string_start = i;
          break;
        case '[':
        case '{':
          if (bounds->max_depth > 0 && ++depth > bounds->max_depth)
            {
              g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_TOO_LARGE,
                           "the JSON text nests arrays or objects more than %u deep "
                           "(at byte %" G_GSIZE_FORMAT ")", bounds->max_depth, i);
              return FALSE;
            }
          /* The first value inside, unless the array or object is empty. */
          {
            gsize next = i + 1;

            while (next < length && g_ascii_isspace (data[next]))
              next++;
            if (next < length && data[next] != ']' && data[next] != '}')
              values++;
          }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        case ',':
          values++;
          break;
        default:
          continue;
        }
      if (bounds->max_values > 0 && values > bounds->max_values)
        {
          g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_TOO_LARGE,
                       "the JSON text holds more than %" G_GSIZE_FORMAT " values",
                       bounds->max_values);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * saha_json_load_object:
 * @parser: the parser that keeps the document
 * @data: the JSON text, from outside
 * @length: its length in bytes
 * @bounds: (nullable): the bounds to check first; %NULL for saha_json_bounds_default
 * @error: MALFORMED or TOO_LARGE, naming what is wrong
 *
 * Returns: (transfer none) (nullable): the root object of @data, owned by @parser
 */
JsonObject *
saha_json_load_object (JsonParser           *parser,
                       const char           *data,
                       gsize                 length,
                       const SahaJsonBounds *bounds,
                       GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (JSON_IS_PARSER (parser), NULL);

  if (data == NULL)
    data = "", length = 0;
  if (!saha_json_check_no_nul (data, length, error))
    return NULL;
  if (!g_utf8_validate (data, (gssize) length, NULL))
    {
      g_set_error_literal (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MALFORMED,
                           "the text is not UTF-8");
      return NULL;
    }
  if (!saha_json_check_bounds (data, length, bounds != NULL ? bounds : &saha_json_bounds_default,
                               error))
    return NULL;
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MALFORMED,
                   "the text is not JSON: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MALFORMED,
                           root == NULL ? "the text is empty, not a JSON object"
                                        : "the text is not a JSON object");
      return NULL;
    }
  return json_node_get_object (root);
}

static JsonNode *
member_value (JsonObject *object,
              const char *name,
              GType       type)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    return NULL;
  return node;
}

/**
 * saha_json_get_string:
 * @object: (nullable): a JSON object
 * @name: a member name
 * @fallback: (nullable): what to return when the member is not a string
 *
 * Never warns, whatever the member holds.
 *
 * Returns: (transfer none) (nullable): the string member @name, owned by @object, or
 *   @fallback
 */
const char *
saha_json_get_string (JsonObject *object,
                      const char *name,
                      const char *fallback)
{
  JsonNode *node = member_value (object, name, G_TYPE_STRING);

  return node != NULL ? json_node_get_string (node) : fallback;
}

/**
 * saha_json_get_int:
 * @object: (nullable): a JSON object
 * @name: a member name
 * @fallback: what to return when the member is not an integer
 *
 * Returns: the integer member @name, or @fallback
 */
gint64
saha_json_get_int (JsonObject *object,
                   const char *name,
                   gint64      fallback)
{
  JsonNode *node = member_value (object, name, G_TYPE_INT64);

  return node != NULL ? json_node_get_int (node) : fallback;
}

/**
 * saha_json_get_boolean:
 * @object: (nullable): a JSON object
 * @name: a member name
 * @fallback: what to return when the member is not a boolean
 *
 * Returns: the boolean member @name, or @fallback
 */
gboolean
saha_json_get_boolean (JsonObject *object,
                       const char *name,
                       gboolean    fallback)
{
  JsonNode *node = member_value (object, name, G_TYPE_BOOLEAN);

  return node != NULL ? json_node_get_boolean (node) : fallback;
}

/**
 * saha_json_get_object:
 * @object: (nullable): a JSON object
 * @name: a member name
 *
 * Returns: (transfer none) (nullable): the object member @name, owned by @object, or %NULL
 *   when it is absent or not an object
 */
JsonObject *
saha_json_get_object (JsonObject *object,
                      const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * saha_json_get_array:
 * @object: (nullable): a JSON object
 * @name: a member name
 *
 * Returns: (transfer none) (nullable): the array member @name, owned by @object, or %NULL
 *   when it is absent or not an array
 */
JsonArray *
saha_json_get_array (JsonObject *object,
                     const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * saha_json_array_get_object:
 * @array: (nullable): a JSON array
 * @index: an element index, which may be out of range
 *
 * Returns: (transfer none) (nullable): element @index when it is an object, owned by
 *   @array, else %NULL
 */
JsonObject *
saha_json_array_get_object (JsonArray *array,
                            guint      index)
{
  JsonNode *node;

  if (array == NULL || index >= json_array_get_length (array))
    return NULL;
  node = json_array_get_element (array, index);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}
