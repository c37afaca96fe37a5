/* saha-record.c: replicated records, their multi-value registers, local writes and merge.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-record.h"

/*
 * Registers live in an array with one slot per schema field plus a last slot for
 * SAHA_DELETED_FIELD. A slot is NULL until the field is first written; otherwise it is a
 * GArray of SahaCandidate sorted by (dot, value), never empty.
 */
struct _SahaRecord
{
  gatomicrefcount      ref_count;
  const SahaEntityDef *entity;
  char                *id;
  SahaVersionVector   *vv;
  GArray             **registers;
};

static guint
n_slots (const SahaRecord *record)
{
  return record->entity->n_fields + 1;
}

static guint
deleted_slot (const SahaRecord *record)
{
  return record->entity->n_fields;
}

static int
slot_for_field (const SahaRecord *record,
                const char       *field)
{
  if (field == NULL)
    return -1;
  /* The store and the codec name fields with the schema's own strings: comparing
   * pointers first spares a strcmp() per field before it, which added up to a twentieth
   * of a local write. */
  for (guint i = 0; i < record->entity->n_fields; i++)
    if (record->entity->fields[i].name == field)
      return (int) i;
  if (strcmp (field, SAHA_DELETED_FIELD) == 0)
    return (int) deleted_slot (record);
  return saha_entity_def_field_index (record->entity, field);
}

static const char *
slot_name (const SahaRecord *record,
           guint             slot)
{
  return slot == deleted_slot (record) ? SAHA_DELETED_FIELD : record->entity->fields[slot].name;
}

static void
candidate_clear (gpointer data)
{
  SahaCandidate *candidate = data;

  g_free (candidate->value);
  g_free (candidate->dot.replica);
}

static int
candidate_compare (const SahaCandidate *a,
                   const SahaCandidate *b)
{
  int cmp = saha_dot_compare (&a->dot, &b->dot);

  if (cmp != 0)
    return cmp;
  if (a->value == NULL || b->value == NULL)
    return (a->value != NULL) - (b->value != NULL);
  return strcmp (a->value, b->value);
}

static int
candidate_compare_func (gconstpointer a,
                        gconstpointer b)
{
  return candidate_compare (a, b);
}

static GArray *
register_new (void)
{
  GArray *reg = g_array_new (FALSE, FALSE, sizeof (SahaCandidate));

  g_array_set_clear_func (reg, candidate_clear);
  return reg;
}

static void
register_append (GArray              *reg,
                 const SahaCandidate *candidate)
{
  SahaCandidate copy = {
    g_strdup (candidate->value),
    { g_strdup (candidate->dot.replica), candidate->dot.counter },
  };

  g_array_append_val (reg, copy);
}

static GArray *
register_copy (const GArray *reg)
{
  GArray *copy;

  if (reg == NULL)
    return NULL;

  copy = register_new ();
  for (guint i = 0; i < reg->len; i++)
    register_append (copy, &g_array_index (reg, SahaCandidate, i));
  return copy;
}

static gboolean
register_contains (const GArray        *reg,
                   const SahaCandidate *candidate)
{
  if (reg == NULL)
    return FALSE;

  for (guint i = 0; i < reg->len; i++)
    if (candidate_compare (&g_array_index (reg, SahaCandidate, i), candidate) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
register_equal (const GArray *a,
                const GArray *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (candidate_compare (&g_array_index (a, SahaCandidate, i),
                           &g_array_index (b, SahaCandidate, i)) != 0)
      return FALSE;
  return TRUE;
}

static const SahaCandidate *
register_shown (const GArray *reg)
{
  /* Sorted by dot: the greatest dot, the same pick on every replica, is last. */
  return reg != NULL && reg->len > 0 ? &g_array_index (reg, SahaCandidate, reg->len - 1) : NULL;
}

static gboolean
register_in_conflict (const GArray *reg)
{
  const SahaCandidate *shown = register_shown (reg);

  if (shown == NULL)
    return FALSE;

  for (guint i = 0; i + 1 < reg->len; i++)
    if (g_strcmp0 (g_array_index (reg, SahaCandidate, i).value, shown->value) != 0)
      return TRUE;
  return FALSE;
}

/* The merge rule of DESIGN.md: a candidate survives if the other side holds it too, or
 * has not seen its write (and so cannot have superseded it). */
static GArray *
register_merge (const GArray            *a,
                const SahaVersionVector *a_vv,
                const GArray            *b,
                const SahaVersionVector *b_vv)
{
  GArray *merged = register_new ();

  for (guint i = 0; a != NULL && i < a->len; i++)
    {
      const SahaCandidate *c = &g_array_index (a, SahaCandidate, i);

      if (register_contains (b, c) || !saha_version_vector_covers (b_vv, &c->dot))
        register_append (merged, c);
    }
  for (guint i = 0; b != NULL && i < b->len; i++)
    {
      const SahaCandidate *c = &g_array_index (b, SahaCandidate, i);

      if (!register_contains (a, c) && !saha_version_vector_covers (a_vv, &c->dot))
        register_append (merged, c);
    }

  if (merged->len == 0)
    {
      g_array_unref (merged);
      return NULL;
    }

  g_array_sort (merged, candidate_compare_func);
  return merged;
}

static void
register_set_single (SahaRecord *record,
                     guint       slot,
                     const char *value,
                     const char *replica,
                     guint64     counter)
{
  SahaCandidate candidate = { (char *) value, { (char *) replica, counter } };

  g_clear_pointer (&record->registers[slot], g_array_unref);
  record->registers[slot] = register_new ();
  register_append (record->registers[slot], &candidate);
}

static void
registers_free (GArray **registers,
                guint    n)
{
  for (guint i = 0; i < n; i++)
    g_clear_pointer (&registers[i], g_array_unref);
  g_free (registers);
}

/**
 * saha_record_new:
 * @entity: the record's entity
 * @id: a valid lower-case UUID
 *
 * Returns: a record with no fields written and an empty version vector.
 */
SahaRecord *
saha_record_new (const SahaEntityDef *entity,
                 const char          *id)
{
  SahaRecord *record;

  g_return_val_if_fail (entity != NULL, NULL);
  g_return_val_if_fail (saha_id_is_valid (id), NULL);

  record = g_new0 (SahaRecord, 1);
  g_atomic_ref_count_init (&record->ref_count);
  record->entity = entity;
  record->id = g_strdup (id);
  record->vv = saha_version_vector_new ();
  record->registers = g_new0 (GArray *, entity->n_fields + 1);
  return record;
}

/**
 * saha_record_ref:
 * @record: a record
 *
 * Returns: (transfer full): @record with one more reference
 */
SahaRecord *
saha_record_ref (SahaRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  g_atomic_ref_count_inc (&record->ref_count);
  return record;
}

/**
 * saha_record_unref:
 * @record: a record
 *
 * Drops one reference; the last frees the record.
 */
void
saha_record_unref (SahaRecord *record)
{
  g_return_if_fail (record != NULL);

  if (!g_atomic_ref_count_dec (&record->ref_count))
    return;

  registers_free (record->registers, n_slots (record));
  saha_version_vector_free (record->vv);
  g_free (record->id);
  g_free (record);
}

/**
 * saha_record_copy:
 * @record: a record
 *
 * Returns: (transfer full): a deep copy of @record, its version vector and registers
 */
SahaRecord *
saha_record_copy (const SahaRecord *record)
{
  SahaRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = saha_record_new (record->entity, record->id);
  saha_version_vector_free (copy->vv);
  copy->vv = saha_version_vector_copy (record->vv);
  for (guint i = 0; i < n_slots (record); i++)
    copy->registers[i] = register_copy (record->registers[i]);
  return copy;
}

/**
 * saha_record_get_entity:
 * @record: a record
 *
 * Returns: (transfer none): the entity of @record, a static schema entry
 */
const SahaEntityDef *
saha_record_get_entity (const SahaRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return record->entity;
}

/**
 * saha_record_get_id:
 * @record: a record
 *
 * Returns: (transfer none): the id of @record, owned by it
 */
const char *
saha_record_get_id (const SahaRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return record->id;
}

/**
 * saha_record_get_version_vector:
 * @record: a record
 *
 * Returns: (transfer none): the version vector of @record, owned by it and valid until
 *   it changes
 */
const SahaVersionVector *
saha_record_get_version_vector (const SahaRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return record->vv;
}

/**
 * saha_record_is_deleted:
 * @record: a record
 *
 * Returns: %TRUE when the deleted register holds only "true"; a record whose deleted
 *   register is in conflict shows as not deleted
 */
gboolean
saha_record_is_deleted (const SahaRecord *record)
{
  const GArray *reg;

  g_return_val_if_fail (record != NULL, FALSE);

  /* Deleted only when every candidate says so: an edit concurrent with the delete keeps
   * the record visible until someone decides. */
  reg = record->registers[deleted_slot (record)];
  if (reg == NULL)
    return FALSE;

  for (guint i = 0; i < reg->len; i++)
    if (g_strcmp0 (g_array_index (reg, SahaCandidate, i).value, "true") != 0)
      return FALSE;
  return TRUE;
}

/**
 * saha_record_get:
 * @record: a record
 * @field: a field of its entity, or SAHA_DELETED_FIELD
 *
 * Returns: (nullable): the shown value; for SAHA_DELETED_FIELD "true" only when the
 *   record is deleted (see saha_record_is_deleted()).
 */
const char *
saha_record_get (const SahaRecord *record,
                 const char       *field)
{
  int slot;
  const SahaCandidate *shown;

  g_return_val_if_fail (record != NULL, NULL);

  slot = slot_for_field (record, field);
  g_return_val_if_fail (slot >= 0, NULL);

  shown = register_shown (record->registers[slot]);
  if (shown == NULL)
    return NULL;
  if ((guint) slot == deleted_slot (record))
    return saha_record_is_deleted (record) ? "true" : "false";
  return shown->value;
}

/**
 * saha_record_has_field:
 * @record: a record
 * @field: a field of its entity, or %SAHA_DELETED_FIELD
 *
 * Returns: %TRUE when @field has been written on any replica
 */
gboolean
saha_record_has_field (const SahaRecord *record,
                       const char       *field)
{
  int slot;

  g_return_val_if_fail (record != NULL, FALSE);

  slot = slot_for_field (record, field);
  g_return_val_if_fail (slot >= 0, FALSE);

  return record->registers[slot] != NULL;
}

/**
 * saha_record_field_in_conflict:
 * @record: a record
 * @field: a field of its entity, or %SAHA_DELETED_FIELD
 *
 * Returns: %TRUE when the candidates of @field hold more than one distinct value
 */
gboolean
saha_record_field_in_conflict (const SahaRecord *record,
                               const char       *field)
{
  int slot;

  g_return_val_if_fail (record != NULL, FALSE);

  slot = slot_for_field (record, field);
  g_return_val_if_fail (slot >= 0, FALSE);

  return register_in_conflict (record->registers[slot]);
}

/**
 * saha_record_has_conflicts:
 * @record: a record
 *
 * Returns: %TRUE when any field, the deleted register included, is in conflict
 */
gboolean
saha_record_has_conflicts (const SahaRecord *record)
{
  g_return_val_if_fail (record != NULL, FALSE);

  for (guint i = 0; i < n_slots (record); i++)
    if (register_in_conflict (record->registers[i]))
      return TRUE;
  return FALSE;
}

/**
 * saha_record_conflicted_fields:
 * @record: a record
 *
 * Returns: (transfer container) (element-type utf8): the names of the fields in conflict
 *   in schema order, %SAHA_DELETED_FIELD last; the strings are static. Free with
 *   g_ptr_array_unref()
 */
GPtrArray *
saha_record_conflicted_fields (const SahaRecord *record)
{
  GPtrArray *fields;

  g_return_val_if_fail (record != NULL, NULL);

  fields = g_ptr_array_new ();
  for (guint i = 0; i < n_slots (record); i++)
    if (register_in_conflict (record->registers[i]))
      g_ptr_array_add (fields, (gpointer) slot_name (record, i));
  return fields;
}

/**
 * saha_record_get_candidates:
 * @record: a record
 * @field: a field of its entity, or %SAHA_DELETED_FIELD
 * @n_candidates: (out): the number of candidates, 0 for a field never written
 *
 * Returns: (transfer none) (array length=n_candidates) (nullable): the candidates of
 *   @field sorted by dot, owned by @record and valid until it changes
 */
const SahaCandidate *
saha_record_get_candidates (const SahaRecord *record,
                            const char       *field,
                            guint            *n_candidates)
{
  int slot;
  const GArray *reg;

  g_return_val_if_fail (n_candidates != NULL, NULL);
  *n_candidates = 0;
  g_return_val_if_fail (record != NULL, NULL);

  slot = slot_for_field (record, field);
  g_return_val_if_fail (slot >= 0, NULL);

  reg = record->registers[slot];
  if (reg == NULL)
    return NULL;

  *n_candidates = reg->len;
  return (const SahaCandidate *) (gpointer) reg->data;
}

static gboolean
values_contain (GPtrArray  *values,
                const char *value)
{
  for (guint i = 0; i < values->len; i++)
    if (g_strcmp0 (g_ptr_array_index (values, i), value) == 0)
      return TRUE;
  return FALSE;
}

/**
 * saha_record_candidate_values:
 *
 * Returns: (transfer full): copies of the distinct values, shown value first.
 */
GPtrArray *
saha_record_candidate_values (const SahaRecord *record,
                              const char       *field)
{
  GPtrArray *values;
  const GArray *reg;
  int slot;

  g_return_val_if_fail (record != NULL, NULL);

  slot = slot_for_field (record, field);
  g_return_val_if_fail (slot >= 0, NULL);

  values = g_ptr_array_new_with_free_func (g_free);
  reg = record->registers[slot];
  if (reg == NULL)
    return values;

  g_ptr_array_add (values, g_strdup (saha_record_get (record, field)));
  for (guint i = reg->len; i > 0; i--)
    {
      const char *value = g_array_index (reg, SahaCandidate, i - 1).value;

      if (!values_contain (values, value))
        g_ptr_array_add (values, g_strdup (value));
    }
  return values;
}

static guint64
next_counter (SahaRecord *record,
              const char *replica,
              guint64     counter)
{
  guint64 seen = saha_version_vector_get (record->vv, replica);

  if (counter == 0)
    counter = seen + 1;
  /* Not a programming error: a restored or copied replica file can hold records with
   * higher dots of its id than its counter. The caller reports it. */
  if (counter <= seen)
    return 0;

  saha_version_vector_set (record->vv, replica, counter);
  return counter;
}

/**
 * saha_record_write:
 * @record: the record to write
 * @replica: the writing replica's id
 * @counter: the dot's counter; 0 means vv[@replica] + 1
 * @fields: (array length=n_fields): field names of the record's entity
 * @values: (array length=n_fields): canonical values, %NULL to unset; not validated here
 * @n_fields: the number of fields written
 *
 * A local write: every field of @fields gets the single candidate (value, (@replica,
 * @counter)), and deleted is written "false". See saha-record.h.
 *
 * Returns: the counter used, or 0 (nothing written) when @counter is not above
 *   vv[@replica]
 */
guint64
saha_record_write (SahaRecord         *record,
                   const char         *replica,
                   guint64             counter,
                   const char * const *fields,
                   const char * const *values,
                   guint               n_fields)
{
  gboolean wrote_deleted = FALSE;

  g_return_val_if_fail (record != NULL, 0);
  g_return_val_if_fail (saha_replica_id_is_valid (replica), 0);
  g_return_val_if_fail (n_fields == 0 || (fields != NULL && values != NULL), 0);
  for (guint i = 0; i < n_fields; i++)
    g_return_val_if_fail (slot_for_field (record, fields[i]) >= 0, 0);

  counter = next_counter (record, replica, counter);
  if (counter == 0)
    return 0;

  for (guint i = 0; i < n_fields; i++)
    {
      guint slot = (guint) slot_for_field (record, fields[i]);

      register_set_single (record, slot, values[i], replica, counter);
      wrote_deleted |= slot == deleted_slot (record);
    }

  if (!wrote_deleted)
    register_set_single (record, deleted_slot (record), "false", replica, counter);

  return counter;
}

/**
 * saha_record_delete:
 * @record: the record to delete
 * @replica: the writing replica's id
 * @counter: the dot's counter, as for saha_record_write()
 *
 * A local delete: writes deleted = "true" and nothing else.
 *
 * Returns: the counter used, or 0 when nothing was written
 */
guint64
saha_record_delete (SahaRecord *record,
                    const char *replica,
                    guint64     counter)
{
  g_return_val_if_fail (record != NULL, 0);
  g_return_val_if_fail (saha_replica_id_is_valid (replica), 0);

  counter = next_counter (record, replica, counter);
  if (counter == 0)
    return 0;

  register_set_single (record, deleted_slot (record), "true", replica, counter);
  return counter;
}

static gboolean
same_record (const SahaRecord *a,
             const SahaRecord *b)
{
  return a->entity == b->entity && strcmp (a->id, b->id) == 0;
}

/**
 * saha_record_merge:
 * @a: a state of a record
 * @b: another state of the same record (same entity and id)
 *
 * The merge is commutative, associative and idempotent.
 *
 * Returns: (transfer full): a new record holding the merge of @a and @b
 */
SahaRecord *
saha_record_merge (const SahaRecord *a,
                   const SahaRecord *b)
{
  SahaRecord *merged;

  g_return_val_if_fail (a != NULL, NULL);
  g_return_val_if_fail (b != NULL, NULL);
  g_return_val_if_fail (same_record (a, b), NULL);

  merged = saha_record_new (a->entity, a->id);
  for (guint i = 0; i < n_slots (a); i++)
    merged->registers[i] = register_merge (a->registers[i], a->vv, b->registers[i], b->vv);
  saha_version_vector_merge (merged->vv, a->vv);
  saha_version_vector_merge (merged->vv, b->vv);
  return merged;
}

/**
 * saha_record_merge_into:
 * @record: the record to merge into
 * @other: another state of the same record
 *
 * Merges @other into @record in place.
 *
 * Returns: %TRUE when @record changed
 */
gboolean
saha_record_merge_into (SahaRecord       *record,
                        const SahaRecord *other)
{
  g_autoptr(SahaRecord) merged = NULL;
  GArray **registers;
  SahaVersionVector *vv;

  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (other != NULL, FALSE);
  g_return_val_if_fail (same_record (record, other), FALSE);

  merged = saha_record_merge (record, other);
  if (saha_record_equal (record, merged))
    return FALSE;

  /* Swap the state so that references to @record held elsewhere see the merge. */
  registers = record->registers;
  record->registers = merged->registers;
  merged->registers = registers;
  vv = record->vv;
  record->vv = merged->vv;
  merged->vv = vv;
  return TRUE;
}

/**
 * saha_record_equal:
 * @a: a record
 * @b: a record
 *
 * Returns: %TRUE when @a and @b have the same entity, id, version vector and candidates
 */
gboolean
saha_record_equal (const SahaRecord *a,
                   const SahaRecord *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (!same_record (a, b) || !saha_version_vector_equal (a->vv, b->vv))
    return FALSE;

  for (guint i = 0; i < n_slots (a); i++)
    if (!register_equal (a->registers[i], b->registers[i]))
      return FALSE;
  return TRUE;
}

/**
 * saha_record_check_required:
 * @record: a record
 * @error: return location for %SAHA_CORE_ERROR_MISSING_REQUIRED naming the field
 *
 * Checks that every required field has a shown value; deleted records always pass.
 *
 * Returns: %TRUE when none is missing, %FALSE with @error set
 */
gboolean
saha_record_check_required (const SahaRecord  *record,
                            GError           **error)
{
  g_return_val_if_fail (record != NULL, FALSE);

  if (saha_record_is_deleted (record))
    return TRUE;

  for (guint i = 0; i < record->entity->n_fields; i++)
    {
      const SahaFieldDef *field = &record->entity->fields[i];

      if ((field->flags & SAHA_FIELD_FLAG_REQUIRED) != 0
          && saha_record_get (record, field->name) == NULL)
        {
          g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MISSING_REQUIRED,
                       "%s: a %s needs a value for %s", field->name,
                       record->entity->name, field->name);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * saha_record_add_candidate:
 * @record: a record
 * @field: a field of its entity, or %SAHA_DELETED_FIELD
 * @value: (nullable): a canonical value, %NULL for unset
 * @replica: the dot's replica id
 * @counter: the dot's counter, above 0
 *
 * For decoders and storage: adds one candidate to @field's register, kept sorted by dot;
 * a duplicate is ignored. Causality is not checked here (saha_record_check_consistent()).
 */
void
saha_record_add_candidate (SahaRecord *record,
                           const char *field,
                           const char *value,
                           const char *replica,
                           guint64     counter)
{
  SahaCandidate candidate = { (char *) value, { (char *) replica, counter } };
  GArray *reg;
  int slot;

  g_return_if_fail (record != NULL);
  g_return_if_fail (saha_replica_id_is_valid (replica));
  g_return_if_fail (counter > 0);

  slot = slot_for_field (record, field);
  g_return_if_fail (slot >= 0);

  if (record->registers[slot] == NULL)
    record->registers[slot] = register_new ();
  reg = record->registers[slot];

  if (register_contains (reg, &candidate))
    return;

  register_append (reg, &candidate);
  g_array_sort (reg, candidate_compare_func);
}

/**
 * saha_record_set_version_vector:
 * @record: a record
 * @vv: the version vector to copy into @record
 *
 * For decoders and storage: replaces the version vector of @record with a copy of @vv.
 */
void
saha_record_set_version_vector (SahaRecord              *record,
                                const SahaVersionVector *vv)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (vv != NULL);

  saha_version_vector_free (record->vv);
  record->vv = saha_version_vector_copy (vv);
}

/**
 * saha_record_check_consistent:
 * @record: a record
 * @error: return location for a #SAHA_CORE_ERROR: %SAHA_CORE_ERROR_TOO_LARGE for more
 *   than %SAHA_MAX_CANDIDATES candidates or %SAHA_MAX_VV_ENTRIES entries,
 *   %SAHA_CORE_ERROR_INVALID_VALUE for a dot the version vector does not cover or two
 *   candidates with the same dot
 *
 * Returns: %TRUE when @record is consistent, %FALSE with @error set
 */
gboolean
saha_record_check_consistent (const SahaRecord  *record,
                              GError           **error)
{
  g_return_val_if_fail (record != NULL, FALSE);

  if (saha_version_vector_size (record->vv) > SAHA_MAX_VV_ENTRIES)
    {
      g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_TOO_LARGE,
                   "the version vector has %u entries, more than the %d allowed",
                   saha_version_vector_size (record->vv), SAHA_MAX_VV_ENTRIES);
      return FALSE;
    }

  for (guint i = 0; i < n_slots (record); i++)
    {
      const GArray *reg = record->registers[i];

      if (reg == NULL)
        continue;

      if (reg->len > SAHA_MAX_CANDIDATES)
        {
          g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_TOO_LARGE,
                       "%s: %u candidates, more than the %d allowed",
                       slot_name (record, i), reg->len, SAHA_MAX_CANDIDATES);
          return FALSE;
        }

      for (guint j = 0; j < reg->len; j++)
        {
          const SahaCandidate *c = &g_array_index (reg, SahaCandidate, j);

          if (!saha_version_vector_covers (record->vv, &c->dot))
            {
              g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE,
                           "%s: the candidate written by %s at %" G_GUINT64_FORMAT
                           " is not covered by the version vector (inconsistent record)",
                           slot_name (record, i), c->dot.replica, c->dot.counter);
              return FALSE;
            }
          if (j > 0 && saha_dot_compare (&g_array_index (reg, SahaCandidate, j - 1).dot,
                                         &c->dot) == 0)
            {
              g_set_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE,
                           "%s: two candidates share the write %s at %" G_GUINT64_FORMAT
                           " (inconsistent record)",
                           slot_name (record, i), c->dot.replica, c->dot.counter);
              return FALSE;
            }
        }
    }
  return TRUE;
}
