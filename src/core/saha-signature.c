/* saha-signature.c: the service call's signature as text, vector strokes on a fixed
 * canvas.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "saha-signature.h"

G_DEFINE_QUARK (saha-signature-error-quark, saha_signature_error)

/**
 * saha_signature_strokes_new:
 *
 * Returns: (transfer full): an empty list of strokes, a #GPtrArray of #GArray of int (x
 *   and y canvas coordinates in turn); free with g_ptr_array_unref()
 */
GPtrArray *
saha_signature_strokes_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
}

/**
 * saha_signature_parse:
 * @json: (nullable): a service call's signature field
 * @error: return location for %SAHA_SIGNATURE_ERROR_INVALID
 *
 * Reads the strokes of a signature, clamping coordinates to the canvas.
 *
 * Returns: (transfer full) (nullable): the strokes, or %NULL with @error set for text that
 *   is not a signature this version reads
 */
GPtrArray *
saha_signature_parse (const char  *json,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) strokes = saha_signature_strokes_new ();
  JsonObject *object;
  JsonArray *array;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL)
      || json_parser_get_root (parser) == NULL
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    goto invalid;

  object = json_node_get_object (json_parser_get_root (parser));
  if (json_object_get_int_member_with_default (object, "v", 0) != 1
      || !json_object_has_member (object, "strokes")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "strokes")))
    goto invalid;

  array = json_object_get_array_member (object, "strokes");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonArray *points;
      GArray *stroke;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        goto invalid;
      points = json_node_get_array (node);
      if (json_array_get_length (points) % 2 != 0)
        goto invalid;

      stroke = g_array_new (FALSE, FALSE, sizeof (int));
      g_ptr_array_add (strokes, stroke);
      for (guint j = 0; j < json_array_get_length (points); j++)
        {
          JsonNode *point = json_array_get_element (points, j);
          int value;

          if (!JSON_NODE_HOLDS_VALUE (point)
              || json_node_get_value_type (point) != G_TYPE_INT64)
            goto invalid;
          value = (int) CLAMP (json_node_get_int (point), 0,
                               j % 2 == 0 ? SAHA_SIGNATURE_WIDTH : SAHA_SIGNATURE_HEIGHT);
          g_array_append_val (stroke, value);
        }
    }

  return g_steal_pointer (&strokes);

invalid:
  g_set_error_literal (error, SAHA_SIGNATURE_ERROR, SAHA_SIGNATURE_ERROR_INVALID,
                       _("The signature is damaged or was made by a newer version"));
  return NULL;
}

/**
 * saha_signature_format:
 * @strokes: strokes as saha_signature_strokes_new() makes them
 * @error: return location for %SAHA_SIGNATURE_ERROR_TOO_LONG
 *
 * Returns: (transfer full) (nullable): compact JSON text of @strokes, or %NULL when there
 *   are none (no error) or, with @error set, when the text is longer than the field holds
 */
char *
saha_signature_format (GPtrArray  *strokes,
                       GError    **error)
{
  GString *out;

  g_return_val_if_fail (strokes != NULL, NULL);

  if (strokes->len == 0)
    return NULL;

  /* Written by hand rather than through JsonGenerator: only integers, and no white
   * space, so a signature stays well inside the field's limit. */
  out = g_string_new (NULL);
  g_string_append_printf (out, "{\"v\":1,\"w\":%d,\"h\":%d,\"strokes\":[",
                          SAHA_SIGNATURE_WIDTH, SAHA_SIGNATURE_HEIGHT);
  for (guint i = 0; i < strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (strokes, i);

      g_string_append (out, i > 0 ? ",[" : "[");
      for (guint j = 0; j < stroke->len; j++)
        g_string_append_printf (out, j > 0 ? ",%d" : "%d", g_array_index (stroke, int, j));
      g_string_append_c (out, ']');
    }
  g_string_append (out, "]}");

  if (out->len > SAHA_SIGNATURE_MAX_LENGTH)
    {
      g_string_free (out, TRUE);
      g_set_error_literal (error, SAHA_SIGNATURE_ERROR, SAHA_SIGNATURE_ERROR_TOO_LONG,
                           _("The signature is too long to keep; clear it and sign again"));
      return NULL;
    }

  return g_string_free (out, FALSE);
}

