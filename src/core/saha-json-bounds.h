/* saha-json-bounds.h: bounds on JSON text, checked before any recursive parse.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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

G_END_DECLS
