/* saha-codec.c: the JSON form of records and version vectors, strict on the way in.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-codec.h"

#define DEFAULT_MAX_DOCUMENT_BYTES (1024 * 1024)
/* A record is four levels deep; json-glib parses recursively, so refuse absurd nesting
 * before it can exhaust the stack. */
#define MAX_NESTING 32

/* The deleted register, checked like a boolean field. */
static const SahaFieldDef deleted_def = {
  .name = SAHA_DELETED_FIELD,
  .type = SAHA_FIELD_BOOLEAN,
};

G_GNUC_PRINTF (3, 4)
static gboolean
fail (GError     **error,
      int          code,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    {
      g_assert (*error == NULL);
      *error = g_error_new_valist (SAHA_CORE_ERROR, code, format, args);
    }
  va_end (args);
  return FALSE;
}

/* Text from the peer as a message may show it: short, valid UTF-8. */
static char *
short_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  if (g_utf8_strlen (valid, -1) > 40)
    {
      g_autofree char *cut = g_utf8_substring (valid, 0, 40);

      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&valid);
}

static const char *
node_kind (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "a string";
    case G_TYPE_BOOLEAN:
      return "a boolean";
    case G_TYPE_INT64:
      return "an integer";
    case G_TYPE_DOUBLE:
      return "a fractional number";
    default:
      return "a value";
    }
}

/* An object node holding @object, whose reference it takes. */
static JsonNode *
object_node_take (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

static gboolean
node_is (JsonNode *node,
         GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean
check_string_size (const char  *what,
                   const char  *text,
                   GError     **error)
{
  gsize length = strlen (text);

  if (length > SAHA_MAX_VALUE_BYTES)
    return fail (error, SAHA_CORE_ERROR_TOO_LARGE,
                 "%s: the value is %" G_GSIZE_FORMAT " bytes long, more than the %d allowed",
                 what, length, SAHA_MAX_VALUE_BYTES);
  return TRUE;
}

/* ---- values ---- */

/**
 * saha_field_value_to_json:
 * @field: the field @canonical belongs to
 * @canonical: (nullable): a canonical value, %NULL for unset
 *
 * The JSON form of one value: INTEGER as a number, BOOLEAN as true/false, ENUM_LIST as an
 * array of strings, any other type as its canonical string, unset as null.
 *
 * Returns: (transfer full): a new node; free with json_node_unref()
 */
JsonNode *
saha_field_value_to_json (const SahaFieldDef *field,
                          const char         *canonical)
{
  JsonNode *node;

  g_return_val_if_fail (field != NULL, NULL);

  if (canonical == NULL)
    return json_node_new (JSON_NODE_NULL);

  switch (field->type)
    {
    case SAHA_FIELD_INTEGER:
      {
        gint64 value;

        if (saha_field_canonical_to_int64 (field, canonical, &value))
          return json_node_init_int (json_node_alloc (), value);
      }
      break;

    case SAHA_FIELD_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), strcmp (canonical, "true") == 0);

    case SAHA_FIELD_ENUM_LIST:
      {
        g_auto(GStrv) members = g_strsplit (canonical, ",", -1);
        JsonArray *array = json_array_new ();

        for (guint i = 0; members[i] != NULL; i++)
          json_array_add_string_element (array, members[i]);
        node = json_node_alloc ();
        json_node_init_array (node, array);
        json_array_unref (array);
        return node;
      }

    case SAHA_FIELD_TEXT:
    case SAHA_FIELD_DECIMAL:
    case SAHA_FIELD_MONEY:
    case SAHA_FIELD_TIMESTAMP:
    case SAHA_FIELD_DATE:
    case SAHA_FIELD_TIME_OF_DAY:
    case SAHA_FIELD_ENUM:
    case SAHA_FIELD_REFERENCE:
    default:
      break;
    }

  return json_node_init_string (json_node_alloc (), canonical);
}

/**
 * saha_field_value_from_json:
 * @field: the field the value is for
 * @node: (nullable): a JSON string, number, boolean, array of strings or null
 * @canonical: (out) (transfer full) (nullable): the canonical value, %NULL for unset
 * @error: return location for a #SAHA_CORE_ERROR: %SAHA_CORE_ERROR_INVALID_VALUE for a
 *   JSON type the field does not take or a value that does not validate
 *
 * Reads a value given as JSON and normalises it with saha_field_normalize().
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_field_value_from_json (const SahaFieldDef  *field,
                            JsonNode            *node,
                            char               **canonical,
                            GError             **error)
{
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (canonical != NULL, FALSE);

  *canonical = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (node_is (node, G_TYPE_STRING))
    {
      const char *text = json_node_get_string (node);

      if (!check_string_size (field->name, text, error))
        return FALSE;
      return saha_field_normalize (field, text, canonical, error);
    }

  if (node_is (node, G_TYPE_INT64)
      && (field->type == SAHA_FIELD_INTEGER || field->type == SAHA_FIELD_DECIMAL
          || field->type == SAHA_FIELD_MONEY))
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

      return saha_field_normalize (field, text, canonical, error);
    }

  if (node_is (node, G_TYPE_DOUBLE)
      && (field->type == SAHA_FIELD_DECIMAL || field->type == SAHA_FIELD_MONEY))
    /* A JSON fraction has already been rounded to binary floating point. */
    return fail (error, SAHA_CORE_ERROR_INVALID_VALUE,
                 "%s: write numbers with a fraction as strings, like \"1250.50\"", field->name);

  if (node_is (node, G_TYPE_BOOLEAN) && field->type == SAHA_FIELD_BOOLEAN)
    {
      *canonical = g_strdup (json_node_get_boolean (node) ? "true" : "false");
      return TRUE;
    }

  if (JSON_NODE_HOLDS_ARRAY (node) && field->type == SAHA_FIELD_ENUM_LIST)
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(GString) joined = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          const char *member;

          if (!node_is (element, G_TYPE_STRING))
            return fail (error, SAHA_CORE_ERROR_INVALID_VALUE,
                         "%s: the list holds %s; it must hold strings",
                         field->name, node_kind (element));
          member = json_node_get_string (element);
          if (!check_string_size (field->name, member, error))
            return FALSE;
          if (strchr (member, ',') != NULL)
            return fail (error, SAHA_CORE_ERROR_INVALID_VALUE,
                         "%s: \"%s\" is not one of the choices", field->name, member);
          g_string_append_printf (joined, "%s%s", i ? "," : "", member);
        }
      return saha_field_normalize (field, joined->str, canonical, error);
    }

  return fail (error, SAHA_CORE_ERROR_INVALID_VALUE,
               "%s: got %s, which this field cannot hold", field->name, node_kind (node));
}

/* ---- version vectors ---- */

/**
 * saha_version_vector_to_json:
 * @vv: a version vector
 *
 * Returns: (transfer full): an object node mapping replica ids to counters; free with
 *   json_node_unref()
 */
JsonNode *
saha_version_vector_to_json (const SahaVersionVector *vv)
{
  g_autoptr(GPtrArray) replicas = NULL;
  JsonObject *object;

  g_return_val_if_fail (vv != NULL, NULL);

  object = json_object_new ();
  replicas = saha_version_vector_replicas (vv);
  for (guint i = 0; i < replicas->len; i++)
    {
      const char *replica = g_ptr_array_index (replicas, i);

      /* Counters come from replicas that never reach 2^63 edits; the cast is exact. */
      json_object_set_int_member (object, replica,
                                  (gint64) saha_version_vector_get (vv, replica));
    }

  return object_node_take (object);
}

static gboolean
check_replica (const char  *what,
               const char  *replica,
               GError     **error)
{
  if (!saha_replica_id_is_valid (replica))
    {
      g_autofree char *shown = short_text (replica);

      return fail (error, SAHA_CORE_ERROR_INVALID_VALUE,
                   "%s: \"%s\" is not a replica id (1 to %d of A-Z a-z 0-9 _ -)",
                   what, shown, SAHA_MAX_REPLICA_ID_LEN);
    }
  return TRUE;
}

static gboolean
read_replica (const char  *what,
              JsonNode    *node,
              const char **replica,
              GError     **error)
{
  if (!node_is (node, G_TYPE_STRING))
    return fail (error, SAHA_CORE_ERROR_MALFORMED,
                 "%s: a replica id must be a string, not %s", what, node_kind (node));

  *replica = json_node_get_string (node);
  return check_replica (what, *replica, error);
}

static gboolean
read_counter (const char  *what,
              JsonNode    *node,
              guint64     *counter,
              GError     **error)
{
  gint64 value;

  if (!node_is (node, G_TYPE_INT64))
    return fail (error, SAHA_CORE_ERROR_MALFORMED,
                 "%s: a counter must be an integer, not %s", what, node_kind (node));

  value = json_node_get_int (node);
  if (value <= 0)
    return fail (error, SAHA_CORE_ERROR_INVALID_VALUE,
                 "%s: the counter %" G_GINT64_FORMAT " is not positive", what, value);

  *counter = (guint64) value;
  return TRUE;
}

/**
 * saha_version_vector_from_json:
 * @node: an object node mapping replica ids to positive counters
 * @error: return location for a #SAHA_CORE_ERROR: %SAHA_CORE_ERROR_MALFORMED for a wrong
 *   shape, %SAHA_CORE_ERROR_INVALID_VALUE for a bad replica id or counter,
 *   %SAHA_CORE_ERROR_TOO_LARGE for more than %SAHA_MAX_VV_ENTRIES entries
 *
 * Returns: (transfer full) (nullable): the version vector, or %NULL with @error set
 */
SahaVersionVector *
saha_version_vector_from_json (JsonNode  *node,
                               GError   **error)
{
  g_autoptr(SahaVersionVector) vv = NULL;
  JsonObjectIter iter;
  const char *replica;
  JsonNode *member;
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, SAHA_CORE_ERROR_MALFORMED,
            "vv: must be an object of replica id to counter, not %s", node_kind (node));
      return NULL;
    }

  object = json_node_get_object (node);
  if (json_object_get_size (object) > SAHA_MAX_VV_ENTRIES)
    {
      fail (error, SAHA_CORE_ERROR_TOO_LARGE, "vv: %u entries, more than the %d allowed",
            json_object_get_size (object), SAHA_MAX_VV_ENTRIES);
      return NULL;
    }

  vv = saha_version_vector_new ();
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &replica, &member))
    {
      guint64 counter;

      if (!check_replica ("vv", replica, error)
          || !read_counter ("vv", member, &counter, error))
        return NULL;
      saha_version_vector_set (vv, replica, counter);
    }

  return g_steal_pointer (&vv);
}

/* ---- records ---- */

static void
add_value (JsonObject         *object,
           const char         *name,
           const SahaFieldDef *field,
           const char         *canonical)
{
  json_object_set_member (object, name, saha_field_value_to_json (field, canonical));
}

static JsonNode *
candidates_to_json (const SahaCandidate *candidates,
                    guint                n_candidates)
{
  JsonArray *array = json_array_new ();
  JsonNode *node;

  for (guint i = 0; i < n_candidates; i++)
    {
      JsonObject *candidate = json_object_new ();
      JsonArray *dot = json_array_new ();

      if (candidates[i].value != NULL)
        json_object_set_string_member (candidate, "value", candidates[i].value);
      else
        json_object_set_null_member (candidate, "value");
      json_array_add_string_element (dot, candidates[i].dot.replica);
      json_array_add_int_element (dot, (gint64) candidates[i].dot.counter);
      json_object_set_array_member (candidate, "dot", dot);
      json_array_add_object_element (array, candidate);
    }

  node = json_node_alloc ();
  json_node_init_array (node, array);
  json_array_unref (array);
  return node;
}

/* Register i of an entity: its fields in schema order, then "deleted". */
static const char *
register_name (const SahaEntityDef *entity,
               guint                i)
{
  return i < entity->n_fields ? entity->fields[i].name : SAHA_DELETED_FIELD;
}

static gboolean
dot_equal (const SahaDot *a,
           const SahaDot *b)
{
  return a->counter == b->counter && strcmp (a->replica, b->replica) == 0;
}

/* The compact form's registers. Most registers hold one candidate, and most of those
 * share one dot (every field a create or an edit wrote carries that write's dot): they
 * go as plain "values" under one "dot", the rest as "registers". A customer takes 18
 * JSON nodes instead of 60, which is most of the cost of parsing a pull page. */
static void
add_packed_registers (JsonObject       *object,
                      const SahaRecord *record)
{
  const SahaEntityDef *entity = saha_record_get_entity (record);
  guint n_registers = entity->n_fields + 1;
  g_autofree const SahaCandidate **candidates = g_new (const SahaCandidate *, n_registers);
  g_autofree guint *sizes = g_new (guint, n_registers);
  const SahaDot *common = NULL;
  guint common_count = 0;
  JsonObject *values = NULL, *registers = NULL;

  for (guint i = 0; i < n_registers; i++)
    candidates[i] = saha_record_get_candidates (record, register_name (entity, i), &sizes[i]);

  /* The dot most single-candidate registers share; ties go to the first in schema order. */
  for (guint i = 0; i < n_registers; i++)
    {
      guint count = 0;

      if (sizes[i] != 1 || (common != NULL && dot_equal (common, &candidates[i]->dot)))
        continue;
      for (guint j = i; j < n_registers; j++)
        if (sizes[j] == 1 && dot_equal (&candidates[j]->dot, &candidates[i]->dot))
          count++;
      if (count > common_count)
        {
          common = &candidates[i]->dot;
          common_count = count;
        }
    }

  for (guint i = 0; i < n_registers; i++)
    {
      const char *name = register_name (entity, i);

      if (sizes[i] == 0)
        continue;
      if (sizes[i] == 1 && common != NULL && dot_equal (common, &candidates[i]->dot))
        {
          if (values == NULL)
            values = json_object_new ();
          if (candidates[i]->value != NULL)
            json_object_set_string_member (values, name, candidates[i]->value);
          else
            json_object_set_null_member (values, name);
        }
      else
        {
          if (registers == NULL)
            registers = json_object_new ();
          json_object_set_member (registers, name, candidates_to_json (candidates[i], sizes[i]));
        }
    }

  if (values != NULL)
    {
      JsonArray *dot = json_array_new ();

      json_array_add_string_element (dot, common->replica);
      json_array_add_int_element (dot, (gint64) common->counter);
      json_object_set_array_member (object, "dot", dot);
      json_object_set_object_member (object, "values", values);
    }
  if (registers != NULL)
    json_object_set_object_member (object, "registers", registers);
}

/**
 * saha_record_to_json:
 * @record: the record to encode
 * @flags: %SAHA_CODEC_REGISTERS to add every field's candidates, %SAHA_CODEC_COMPACT for
 *   the sync wire form (registers only)
 *
 * Encodes @record in the JSON form described in saha-codec.h.
 *
 * Returns: (transfer full): a new object node; free with json_node_unref()
 */
JsonNode *
saha_record_to_json (const SahaRecord *record,
                     SahaCodecFlags    flags)
{
  const SahaEntityDef *entity;
  JsonObject *object, *fields, *conflicts;
  g_autoptr(GPtrArray) conflicted = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  entity = saha_record_get_entity (record);
  object = json_object_new ();
  json_object_set_string_member (object, "entity", entity->name);
  json_object_set_string_member (object, "id", saha_record_get_id (record));

  /* The wire form (SAHA_CODEC_COMPACT) leaves the derived members out: decoding ignores
   * them, and they were about half of a record's text and most of its JSON nodes. */
  if (flags & SAHA_CODEC_COMPACT)
    flags |= SAHA_CODEC_REGISTERS;
  else
    {
      /* Every field, null when unset, so that scripts can rely on the keys being there. */
      fields = json_object_new ();
      for (guint i = 0; i < entity->n_fields; i++)
        add_value (fields, entity->fields[i].name, &entity->fields[i],
                   saha_record_get (record, entity->fields[i].name));
      json_object_set_object_member (object, "fields", fields);

      conflicts = json_object_new ();
      conflicted = saha_record_conflicted_fields (record);
      for (guint i = 0; i < conflicted->len; i++)
        {
          const char *name = g_ptr_array_index (conflicted, i);
          const SahaFieldDef *field = saha_entity_def_lookup_field (entity, name);
          g_autoptr(GPtrArray) values = saha_record_candidate_values (record, name);
          JsonArray *array = json_array_new ();

          for (guint j = 0; j < values->len; j++)
            json_array_add_element (array,
                                    saha_field_value_to_json (field ? field : &deleted_def,
                                                              g_ptr_array_index (values, j)));
          json_object_set_array_member (conflicts, name, array);
        }
      json_object_set_object_member (object, "conflicts", conflicts);

      json_object_set_boolean_member (object, "deleted", saha_record_is_deleted (record));
    }
  json_object_set_member (object, "vv",
                          saha_version_vector_to_json (saha_record_get_version_vector (record)));

  if (flags & SAHA_CODEC_COMPACT)
    add_packed_registers (object, record);
  else if (flags & SAHA_CODEC_REGISTERS)
    {
      JsonObject *registers = json_object_new ();

      for (guint i = 0; i <= entity->n_fields; i++)
        {
          const char *name = i < entity->n_fields ? entity->fields[i].name : SAHA_DELETED_FIELD;
          guint n = 0;
          const SahaCandidate *candidates = saha_record_get_candidates (record, name, &n);

          if (n > 0)
            json_object_set_member (registers, name, candidates_to_json (candidates, n));
        }
      json_object_set_object_member (object, "registers", registers);
    }

  return object_node_take (object);
}

/* A register value: a canonical string, or null (unset) for any register but "deleted". */
static gboolean
read_value (const char          *name,
            const SahaFieldDef  *field,
            JsonNode            *value_node,
            const char         **value_out,
            GError             **error)
{
  *value_out = NULL;
  if (node_is (value_node, G_TYPE_STRING))
    {
      g_autofree char *canonical = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *value = json_node_get_string (value_node);

      if (!check_string_size (name, value, error))
        return FALSE;
      if (!saha_field_normalize (field, value, &canonical, &local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* Registers travel in canonical form; anything else means a broken or hostile peer. */
      if (g_strcmp0 (canonical, value) != 0)
        {
          g_autofree char *shown = short_text (value);

          return fail (error, SAHA_CORE_ERROR_INVALID_VALUE,
                       "%s: the register value \"%s\" is not in canonical form", name, shown);
        }
      *value_out = value;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_NULL (value_node) || field == &deleted_def)
    return fail (error, SAHA_CORE_ERROR_MALFORMED,
                 "registers.%s: a value must be a string%s, not %s", name,
                 field == &deleted_def ? "" : " or null", node_kind (value_node));
  return TRUE;
}

/* A dot: [replica, counter]. */
static gboolean
read_dot (const char  *what,
          JsonNode    *dot_node,
          const char **replica,
          guint64     *counter,
          GError     **error)
{
  JsonArray *dot;

  if (!JSON_NODE_HOLDS_ARRAY (dot_node)
      || json_array_get_length (json_node_get_array (dot_node)) != 2)
    return fail (error, SAHA_CORE_ERROR_MALFORMED, "%s: a dot must be [replica, counter]", what);

  dot = json_node_get_array (dot_node);
  return read_replica (what, json_array_get_element (dot, 0), replica, error)
         && read_counter (what, json_array_get_element (dot, 1), counter, error);
}

/* The field a register name names ("deleted" included), or NULL with an error. */
static const SahaFieldDef *
register_field (const SahaEntityDef  *entity,
                const char           *what,
                const char           *name,
                GError              **error)
{
  const SahaFieldDef *field;

  if (strcmp (name, SAHA_DELETED_FIELD) == 0)
    return &deleted_def;
  field = saha_entity_def_lookup_field (entity, name);
  if (field == NULL)
    {
      g_autofree char *shown = short_text (name);

      fail (error, SAHA_CORE_ERROR_UNKNOWN_FIELD, "%s: a %s has no field \"%s\"", what,
            entity->name, shown);
    }
  return field;
}

static gboolean
read_candidate (SahaRecord         *record,
                const char         *name,
                const SahaFieldDef *field,
                JsonNode           *node,
                GError            **error)
{
  JsonObject *object;
  JsonNode *value_node, *dot_node;
  const char *value = NULL;
  const char *replica = NULL;
  guint64 counter = 0;
  JsonObjectIter iter;
  const char *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, SAHA_CORE_ERROR_MALFORMED,
                 "registers.%s: a candidate must be an object, not %s", name, node_kind (node));

  object = json_node_get_object (node);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, NULL))
    if (strcmp (member, "value") != 0 && strcmp (member, "dot") != 0)
      {
        g_autofree char *shown = short_text (member);

        return fail (error, SAHA_CORE_ERROR_MALFORMED,
                     "registers.%s: unknown member \"%s\" in a candidate", name, shown);
      }

  value_node = json_object_get_member (object, "value");
  dot_node = json_object_get_member (object, "dot");
  if (value_node == NULL || dot_node == NULL)
    return fail (error, SAHA_CORE_ERROR_MALFORMED,
                 "registers.%s: a candidate needs \"value\" and \"dot\"", name);

  if (!read_value (name, field, value_node, &value, error)
      || !read_dot (name, dot_node, &replica, &counter, error))
    return FALSE;

  saha_record_add_candidate (record, name, value, replica, counter);
  return TRUE;
}

/* The compact form's "values": single-candidate registers sharing the record's "dot". */
static gboolean
read_values (SahaRecord  *record,
             JsonNode    *values_node,
             JsonNode    *dot_node,
             GError     **error)
{
  const SahaEntityDef *entity = saha_record_get_entity (record);
  const char *replica = NULL;
  guint64 counter = 0;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (values_node == NULL || dot_node == NULL)
    return fail (error, SAHA_CORE_ERROR_MALFORMED, "\"values\" and \"dot\" go together");
  if (!JSON_NODE_HOLDS_OBJECT (values_node))
    return fail (error, SAHA_CORE_ERROR_MALFORMED, "values: must be an object, not %s",
                 node_kind (values_node));
  if (!read_dot ("dot", dot_node, &replica, &counter, error))
    return FALSE;

  json_object_iter_init (&iter, json_node_get_object (values_node));
  while (json_object_iter_next (&iter, &name, &member))
    {
      const SahaFieldDef *field = register_field (entity, "values", name, error);
      const char *value = NULL;

      if (field == NULL || !read_value (field->name, field, member, &value, error))
        return FALSE;
      saha_record_add_candidate (record, field->name, value, replica, counter);
    }
  return TRUE;
}

static gboolean
read_registers (SahaRecord  *record,
                JsonNode    *node,
                GError     **error)
{
  const SahaEntityDef *entity = saha_record_get_entity (record);
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, SAHA_CORE_ERROR_MALFORMED,
                 "registers: must be an object, not %s", node_kind (node));

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &member))
    {
      const SahaFieldDef *field = register_field (entity, "registers", name, error);
      JsonArray *array;
      guint n;

      if (field == NULL)
        return FALSE;
      if (saha_record_get_candidates (record, field->name, &n) != NULL && n > 0)
        return fail (error, SAHA_CORE_ERROR_MALFORMED,
                     "registers.%s: also given in \"values\"", name);

      if (!JSON_NODE_HOLDS_ARRAY (member))
        return fail (error, SAHA_CORE_ERROR_MALFORMED,
                     "registers.%s: must be an array of candidates, not %s",
                     name, node_kind (member));

      array = json_node_get_array (member);
      n = json_array_get_length (array);
      if (n == 0)
        return fail (error, SAHA_CORE_ERROR_MALFORMED,
                     "registers.%s: a register holds at least one candidate", name);
      if (n > SAHA_MAX_CANDIDATES)
        return fail (error, SAHA_CORE_ERROR_TOO_LARGE,
                     "registers.%s: %u candidates, more than the %d allowed",
                     name, n, SAHA_MAX_CANDIDATES);

      for (guint i = 0; i < n; i++)
        if (!read_candidate (record, field->name, field, json_array_get_element (array, i),
                             error))
          return FALSE;
    }
  return TRUE;
}

/**
 * saha_record_from_json:
 * @node: a JSON object node in the form of saha_record_to_json() with registers
 * @error: return location for a #SAHA_CORE_ERROR (see saha-codec.h for the codes)
 *
 * Decodes a record strictly: only "entity", "id", "vv" and "registers" are read, and
 * anything unknown, badly shaped, invalid, over the limits or inconsistent fails. The
 * server's "proof" of a state and a device's "pulled" proof are known members that this
 * leaves to the sync code (docs/sync.md, "A restored server").
 *
 * Returns: (transfer full) (nullable): the record, or %NULL with @error set
 */
SahaRecord *
saha_record_from_json (JsonNode  *node,
                       GError   **error)
{
  static const char * const known[] = {
    "entity", "id", "fields", "conflicts", "deleted", "vv", "dot", "values", "registers",
    "proof", "pulled", NULL
  };
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(SahaVersionVector) vv = NULL;
  const SahaEntityDef *entity;
  JsonObject *object;
  JsonNode *entity_node, *id_node, *vv_node, *registers_node, *values_node, *dot_node;
  JsonObjectIter iter;
  const char *member;
  const char *id;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (error, SAHA_CORE_ERROR_MALFORMED, "a record must be a JSON object, not %s",
            node_kind (node));
      return NULL;
    }

  object = json_node_get_object (node);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, NULL))
    if (!g_strv_contains (known, member))
      {
        g_autofree char *shown = short_text (member);

        fail (error, SAHA_CORE_ERROR_MALFORMED, "unknown member \"%s\" in a record", shown);
        return NULL;
      }

  entity_node = json_object_get_member (object, "entity");
  if (!node_is (entity_node, G_TYPE_STRING))
    {
      fail (error, SAHA_CORE_ERROR_MALFORMED, "entity: must be a string, not %s",
            entity_node ? node_kind (entity_node) : "missing");
      return NULL;
    }
  if (strlen (json_node_get_string (entity_node)) > 64)
    {
      fail (error, SAHA_CORE_ERROR_UNKNOWN_ENTITY, "entity: unknown entity");
      return NULL;
    }
  entity = saha_schema_lookup_checked (json_node_get_string (entity_node), error);
  if (entity == NULL)
    return NULL;

  id_node = json_object_get_member (object, "id");
  if (!node_is (id_node, G_TYPE_STRING))
    {
      fail (error, SAHA_CORE_ERROR_MALFORMED, "id: must be a string, not %s",
            id_node ? node_kind (id_node) : "missing");
      return NULL;
    }
  id = json_node_get_string (id_node);
  if (!saha_id_is_valid (id))
    {
      g_autofree char *shown = short_text (id);

      fail (error, SAHA_CORE_ERROR_INVALID_VALUE,
            "id: \"%s\" is not a record id (a lower-case UUID)", shown);
      return NULL;
    }

  vv_node = json_object_get_member (object, "vv");
  if (vv_node == NULL)
    {
      fail (error, SAHA_CORE_ERROR_MALFORMED, "vv: missing");
      return NULL;
    }
  vv = saha_version_vector_from_json (vv_node, error);
  if (vv == NULL)
    return NULL;

  record = saha_record_new (entity, id);
  saha_record_set_version_vector (record, vv);

  values_node = json_object_get_member (object, "values");
  dot_node = json_object_get_member (object, "dot");
  if ((values_node != NULL || dot_node != NULL)
      && !read_values (record, values_node, dot_node, error))
    return NULL;

  registers_node = json_object_get_member (object, "registers");
  if (registers_node != NULL && !read_registers (record, registers_node, error))
    return NULL;

  if (!saha_record_check_consistent (record, error))
    return NULL;

  return g_steal_pointer (&record);
}

/* The deepest nesting of arrays and objects, counted outside strings; also spots a
 * \u0000 escape, which json-glib would turn into a C string cut short without a word. */
static guint
scan_document (const char *data,
               gsize       length,
               gboolean   *has_nul_escape)
{
  guint depth = 0, deepest = 0;
  gboolean in_string = FALSE;

  *has_nul_escape = FALSE;
  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              if (i + 5 < length && data[i + 1] == 'u' && data[i + 2] == '0'
                  && data[i + 3] == '0' && data[i + 4] == '0' && data[i + 5] == '0')
                *has_nul_escape = TRUE;
              i++;
            }
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          depth++;
          deepest = MAX (deepest, depth);
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return deepest;
}

/**
 * saha_json_check_no_nul:
 * @data: JSON text
 * @length: length of @data in bytes
 * @error: return location for %SAHA_CORE_ERROR_MALFORMED
 *
 * Rejects JSON text with a NUL byte or a \u0000 escape, which json-glib would silently cut
 * a string at. Run it on a whole document before parsing it.
 *
 * Returns: %TRUE when @data holds no NUL, %FALSE with @error set otherwise
 */
gboolean
saha_json_check_no_nul (const char  *data,
                        gsize        length,
                        GError     **error)
{
  gboolean has_nul_escape = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (memchr (data, '\0', length) != NULL)
    {
      fail (error, SAHA_CORE_ERROR_MALFORMED,
            "the text holds a NUL byte, which no field can hold");
      return FALSE;
    }

  scan_document (data, length, &has_nul_escape);
  if (has_nul_escape)
    {
      fail (error, SAHA_CORE_ERROR_MALFORMED,
            "a string holds a NUL character (\\u0000), which no field can hold");
      return FALSE;
    }

  return TRUE;
}

/**
 * saha_record_from_json_data:
 * @data: JSON text holding one record
 * @length: length of @data in bytes, or -1 when it is NUL-terminated
 * @max_bytes: the largest document accepted; 0 means 1 MiB
 * @error: return location for a #SAHA_CORE_ERROR: %SAHA_CORE_ERROR_TOO_LARGE over
 *   @max_bytes or the JSON bounds, %SAHA_CORE_ERROR_MALFORMED for text that is not JSON,
 *   else as saha_record_from_json()
 *
 * Checks and parses one JSON document and decodes the record it holds.
 *
 * Returns: (transfer full) (nullable): the record, or %NULL with @error set
 */
SahaRecord *
saha_record_from_json_data (const char  *data,
                            gssize       length,
                            gsize        max_bytes,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *end = NULL;
  gboolean has_nul_escape = FALSE;
  JsonNode *root;
  gsize size;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (max_bytes == 0)
    max_bytes = DEFAULT_MAX_DOCUMENT_BYTES;

  if (size > max_bytes)
    {
      fail (error, SAHA_CORE_ERROR_TOO_LARGE,
            "the record is %" G_GSIZE_FORMAT " bytes, more than the %" G_GSIZE_FORMAT
            " allowed", size, max_bytes);
      return NULL;
    }

  if (!g_utf8_validate_len (data, size, &end))
    {
      fail (error, SAHA_CORE_ERROR_MALFORMED,
            "the record is not valid UTF-8 text (bad byte at offset %" G_GSIZE_FORMAT ")",
            (gsize) (end - data));
      return NULL;
    }

  if (scan_document (data, size, &has_nul_escape) > MAX_NESTING)
    {
      fail (error, SAHA_CORE_ERROR_MALFORMED,
            "the record nests arrays or objects more than %d deep", MAX_NESTING);
      return NULL;
    }
  if (has_nul_escape)
    {
      fail (error, SAHA_CORE_ERROR_MALFORMED, "the record holds a \\u0000 character");
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      fail (error, SAHA_CORE_ERROR_MALFORMED, "the record is not valid JSON: %s",
            local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      fail (error, SAHA_CORE_ERROR_MALFORMED, "the record is empty");
      return NULL;
    }

  return saha_record_from_json (root, error);
}

/**
 * saha_json_to_string:
 * @node: a JSON node
 * @pretty: whether to indent the text
 *
 * Returns: (transfer full): the text of @node; free with g_free()
 */
char *
saha_json_to_string (JsonNode *node,
                     gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  generator = json_generator_new ();
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  return json_generator_to_data (generator, NULL);
}
