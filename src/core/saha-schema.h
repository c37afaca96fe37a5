/* saha-schema.h: the one table of entities and fields, and how values are checked.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Every field value inside Saha is a *canonical string* (or NULL for "unset"):
 *
 *   TEXT         the text itself, valid UTF-8, at most max_length characters
 *   INTEGER      "-12", "340"
 *   DECIMAL      fixed places, no trailing zeros after the point: "2.5", "3", "0.125"
 *   MONEY        major units, always two places: "1250.50", "-3.00"
 *   TIMESTAMP    UTC ISO 8601 to the second: "2026-11-25T08:24:53Z"
 *   DATE         "2026-11-25"
 *   TIME_OF_DAY  "09:30"
 *   ENUM         one of choices: "company"
 *   ENUM_LIST    members of choices, comma separated, in schema order, no repeats: "sms,email"
 *   REFERENCE    the referenced record's id (a UUID, lower case)
 *   BOOLEAN      "true" or "false"
 *
 * saha_field_normalize() turns what a person or a file gave into that form (accepting
 * "1250,5", "TRUE", "2026-11-25T11:24:53+03:00", "email, sms" ...) or explains why not.
 */
typedef enum
{
  SAHA_FIELD_TEXT,
  SAHA_FIELD_INTEGER,
  SAHA_FIELD_DECIMAL,
  SAHA_FIELD_MONEY,
  SAHA_FIELD_TIMESTAMP,
  SAHA_FIELD_DATE,
  SAHA_FIELD_TIME_OF_DAY,
  SAHA_FIELD_ENUM,
  SAHA_FIELD_ENUM_LIST,
  SAHA_FIELD_REFERENCE,
  SAHA_FIELD_BOOLEAN,
} SahaFieldType;

/* Extra shape checks for TEXT fields. */
typedef enum
{
  SAHA_TEXT_PLAIN,
  SAHA_TEXT_MULTILINE,  /* newlines allowed */
  SAHA_TEXT_EMAIL,      /* local@domain.tld */
  SAHA_TEXT_PHONE,      /* digits, spaces, + ( ) - . ; 3..20 digits */
  SAHA_TEXT_COUNTRY,    /* ISO 3166-1 alpha-2, upper case */
  SAHA_TEXT_CURRENCY,   /* ISO 4217, upper case */
} SahaTextFormat;

typedef enum
{
  SAHA_FIELD_FLAG_NONE       = 0,
  SAHA_FIELD_FLAG_REQUIRED   = 1 << 0,
  SAHA_FIELD_FLAG_SEARCHABLE = 1 << 1,  /* part of the entity's full-text index */
} SahaFieldFlags;

typedef struct
{
  const char          *name;
  SahaFieldType        type;
  SahaFieldFlags       flags;
  SahaTextFormat       format;         /* TEXT only */
  guint                max_length;     /* TEXT: characters; 0 means the default (200) */
  guint                places;         /* DECIMAL: digits after the point */
  gint64               min_value;      /* INTEGER/DECIMAL/MONEY bounds, in scaled units; */
  gint64               max_value;      /* both 0 means "no bound beyond int64" */
  const char * const  *choices;        /* ENUM, ENUM_LIST: NULL-terminated */
  const char          *target;         /* REFERENCE: the referenced entity */
  const char          *default_value;  /* canonical; applied when a record is created */
  const char          *label;          /* N_() for the UI */
} SahaFieldDef;

typedef struct
{
  const char         *name;         /* "customer", "order_line", ... */
  const char         *label;        /* N_() singular, for the UI */
  const SahaFieldDef *fields;
  guint               n_fields;
  /* The reference field that makes a record belong to a parent for access scope
   * ("customer" for orders, notes...; "order" for order lines), or NULL. */
  const char         *parent_field;
} SahaEntityDef;

#define SAHA_CORE_ERROR (saha_core_error_quark ())

typedef enum
{
  SAHA_CORE_ERROR_UNKNOWN_ENTITY,
  SAHA_CORE_ERROR_UNKNOWN_FIELD,
  SAHA_CORE_ERROR_INVALID_VALUE,
  SAHA_CORE_ERROR_MISSING_REQUIRED,
  SAHA_CORE_ERROR_MALFORMED,        /* JSON/CSV that cannot be read */
  SAHA_CORE_ERROR_TOO_LARGE,
} SahaCoreError;

GQuark saha_core_error_quark (void);

/* The longest string any value may have, whatever its field says (bytes). */
#define SAHA_MAX_VALUE_BYTES (64 * 1024)

const SahaEntityDef *saha_schema_lookup          (const char          *entity);
const SahaEntityDef *saha_schema_lookup_checked  (const char          *entity,
                                                  GError             **error);
/* All entities, in dependency order (parents before children). */
const SahaEntityDef * const *saha_schema_entities (guint              *n_entities);

const SahaFieldDef  *saha_entity_def_lookup_field (const SahaEntityDef *entity,
                                                   const char          *field);
/* -1 when the entity has no such field. */
int                  saha_entity_def_field_index  (const SahaEntityDef *entity,
                                                   const char          *field);

/* NULL or "" (after trimming white space) gives *canonical = NULL: the field is unset.
 * Required-ness is not checked here (see saha_record_check_required()). */
gboolean saha_field_normalize        (const SahaFieldDef *field,
                                      const char         *input,
                                      char              **canonical,
                                      GError            **error);

/* For storage in integer columns: INTEGER as is, MONEY in minor units, DECIMAL scaled by
 * 10^places, BOOLEAN 0/1. The input must be canonical. */
gboolean saha_field_is_integer       (const SahaFieldDef *field);
gboolean saha_field_canonical_to_int64 (const SahaFieldDef *field,
                                        const char         *canonical,
                                        gint64             *out);
char    *saha_field_int64_to_canonical (const SahaFieldDef *field,
                                        gint64              value);

/* Money helpers used by order totals: "1250.50" <-> 125050. */
gboolean saha_money_parse            (const char *text,
                                      gint64     *minor_units,
                                      GError    **error);
char    *saha_money_format           (gint64      minor_units);

/* Ids: a UUID made with g_uuid_string_random(), always lower case. */
gboolean saha_id_is_valid            (const char *id);
char    *saha_id_new                 (void);

/* The values of @entity's enum field @field, NULL-terminated, in the order the interface
 * offers them. */
const char * const  *saha_schema_choices      (const char          *entity,
                                               const char          *field);
/* The translated label of @value, one of the choices of @entity's field @field ("On
 * site" for service_call.status "on_site"), declared once in saha-schema.c; @value itself
 * when it has no label here (a value a newer version added), NULL for NULL. */
const char          *saha_schema_choice_label (const char          *entity,
                                               const char          *field,
                                               const char          *value);

G_END_DECLS
