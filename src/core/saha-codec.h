/* saha-codec.h: records to and from JSON (json-glib), for the wire, export and the CLI.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "saha-record.h"

G_BEGIN_DECLS

/*
 * The JSON form of a record:
 *
 *   {
 *     "entity": "customer",
 *     "id": "5b0c...",
 *     "fields": { "name": "Acme", "credit_limit": "1250.50", "opt_out": ["sms"], ... },
 *     "conflicts": { "phone": ["+90 212 555 0101", "+90 212 555 0199"] },
 *     "deleted": false,
 *     "vv": { "r-3f9a": 3, "server": 7 },
 *     "registers": {                       (only with SAHA_CODEC_REGISTERS)
 *       "name": [ { "value": "Acme", "dot": ["r-3f9a", 3] } ],
 *       "deleted": [ { "value": "false", "dot": ["r-3f9a", 3] } ]
 *     }
 *   }
 *
 * Values in "fields" and "conflicts": INTEGER as a JSON integer, BOOLEAN as true/false,
 * ENUM_LIST as an array of strings, every other type as its canonical string, unset as
 * null. Register values are always the canonical string or null.
 *
 * Decoding reads "entity", "id", "vv" and "registers" only ("fields", "conflicts" and
 * "deleted" are derived and ignored) and is strict: any unknown member, wrong type,
 * unknown entity or field, bad id, bad dot, value that does not validate, string over
 * the limits or inconsistent register fails with a GError and no record.
 *
 * Error codes (SAHA_CORE_ERROR): MALFORMED for text that is not JSON or not UTF-8, wrong
 * JSON types, unknown or missing members and badly shaped dots; UNKNOWN_ENTITY and
 * UNKNOWN_FIELD; INVALID_VALUE for a bad id, replica id, non-positive counter, a register
 * value that is not canonical or does not validate, and candidates whose dot the version
 * vector does not cover (an inconsistent record); TOO_LARGE for a document over
 * @max_bytes, a string over SAHA_MAX_VALUE_BYTES, more than SAHA_MAX_CANDIDATES
 * candidates or more than SAHA_MAX_VV_ENTRIES version vector entries.
 */
/*
 * SAHA_CODEC_COMPACT is the sync wire form: "entity", "id", "vv" and "registers" only
 * (it implies SAHA_CODEC_REGISTERS), without the derived "fields", "conflicts" and
 * "deleted". It decodes to the same record.
 */
typedef enum
{
  SAHA_CODEC_DEFAULT   = 0,
  SAHA_CODEC_REGISTERS = 1 << 0,
  SAHA_CODEC_COMPACT   = 1 << 1,
} SahaCodecFlags;

JsonNode   *saha_record_to_json              (const SahaRecord   *record,
                                              SahaCodecFlags      flags);
SahaRecord *saha_record_from_json            (JsonNode           *node,
                                              GError            **error);
/* Parses one JSON document (at most @max_bytes; 0 = 1 MiB) holding one record. */
SahaRecord *saha_record_from_json_data       (const char         *data,
                                              gssize              length,
                                              gsize               max_bytes,
                                              GError            **error);

/* FALSE (MALFORMED) when JSON text @data holds a NUL byte or a \u0000 escape in a
 * string: json-glib hands strings over as C strings, so a NUL would cut a value short
 * without a word. Run it on a whole document before parsing it. */
gboolean    saha_json_check_no_nul           (const char         *data,
                                              gsize               length,
                                              GError            **error);

/* A shown value as JSON, per the rules above. */
JsonNode   *saha_field_value_to_json         (const SahaFieldDef *field,
                                              const char         *canonical);
/* A JSON value (string, number, bool, array, null) to a canonical string, validated. */
gboolean    saha_field_value_from_json       (const SahaFieldDef *field,
                                              JsonNode           *node,
                                              char              **canonical,
                                              GError            **error);

JsonNode   *saha_version_vector_to_json      (const SahaVersionVector *vv);
SahaVersionVector *saha_version_vector_from_json (JsonNode       *node,
                                                  GError        **error);

/* Pretty or compact text of a node. */
char       *saha_json_to_string              (JsonNode           *node,
                                              gboolean            pretty);

G_END_DECLS
