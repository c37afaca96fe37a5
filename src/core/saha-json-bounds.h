/* saha-json-bounds.h: bounds on JSON text, checked before any recursive parse.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * json-glib's parser recurses once per nested array or object and builds a node per
 * value: a body of a million '[' overflows the stack of whatever thread parses it, and a
 * body of a few million tiny values takes hundreds of bytes of memory per byte of text.
 * saha_json_check_bounds() reads the text once, without recursion or allocation, and
 * says whether it stays inside @bounds; only then is it handed to json-glib. It does not
 * check that the text is JSON (the parser does that).
 *
 * Fields of SahaJsonBounds, 0 meaning "no bound":
 *   max_depth         arrays and objects open at once
 *   max_string_bytes  bytes of one string (key or value) as written, escapes included
 *   max_values        values of the whole document (every array element and member
 *                     value, nested ones included)
 */
typedef struct
{
  guint max_depth;
  gsize max_string_bytes;
  gsize max_values;
} SahaJsonBounds;

/* Deeper than any document Saha writes (a push body nests 7 deep, a record 5). */
#define SAHA_JSON_MAX_DEPTH 32
/* A value is at most SAHA_MAX_VALUE_BYTES (64 kB), at most 6 bytes of text per byte
 * when every character is written as a \u escape: 384 kB; 1 MiB leaves room. */
#define SAHA_JSON_MAX_STRING_BYTES (1024 * 1024)

/* Depth and string bounds, no bound on the number of values: for local files. */
extern const SahaJsonBounds saha_json_bounds_default;

gboolean saha_json_check_bounds (const char           *data,
                                 gsize                 length,
                                 const SahaJsonBounds *bounds,
                                 GError              **error);

/*
 * Reading JSON that came from outside (a request body, a server's answer, a file):
 * json-glib's getters assume the caller knows the shape, and answer a member of the wrong
 * type with a critical warning; an empty text parses to no root at all. These never
 * warn: a member that is absent or not of the asked type reads as @fallback (or NULL).
 */

/* Checks @data (NUL bytes and escapes, UTF-8, @bounds or the default ones when NULL),
 * loads it into @parser and returns its root object, owned by @parser; NULL with
 * SAHA_CORE_ERROR_MALFORMED or _TOO_LARGE naming what is wrong otherwise. */
JsonObject *saha_json_load_object  (JsonParser           *parser,
                                    const char           *data,
                                    gsize                 length,
                                    const SahaJsonBounds *bounds,
                                    GError              **error);
const char *saha_json_get_string   (JsonObject           *object,
                                    const char           *name,
                                    const char           *fallback);
gint64      saha_json_get_int      (JsonObject           *object,
                                    const char           *name,
                                    gint64                fallback);
gboolean    saha_json_get_boolean  (JsonObject           *object,
                                    const char           *name,
                                    gboolean              fallback);
JsonObject *saha_json_get_object   (JsonObject           *object,
                                    const char           *name);
JsonArray  *saha_json_get_array    (JsonObject           *object,
                                    const char           *name);
/* Element @index of @array when it is an object, else NULL. */
JsonObject *saha_json_array_get_object (JsonArray        *array,
                                        guint             index);

G_END_DECLS
