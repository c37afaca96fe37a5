/* saha-json-bounds.c: one pass over JSON text that bounds nesting, strings and values.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "saha-json-bounds.h"
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
