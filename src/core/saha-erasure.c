/* saha-erasure.c: what erasing a person (KVKK article 7, GDPR article 17) blanks in each record.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-erasure.h"
#include "saha-schema.h"

typedef enum
{
  BLANK,         /* unset */
  MARK,          /* SAHA_ERASED_VALUE, always (a required field) */
  MARK_IF_SET,   /* SAHA_ERASED_VALUE when it held a value, else unset */
} Treatment;

/* The personal fields, by entity. Fields an entity does not have (a newer schema's) are
 * skipped, so the table may name them ahead of time. */
static const struct
{
  const char *entity;
  const char *field;
  Treatment   treatment;
} personal_fields[] = {
  { "customer", "name", MARK },
  { "customer", "code", BLANK },
  { "customer", "tax_id", BLANK },
  { "customer", "phone", BLANK },
  { "customer", "email", BLANK },
  { "customer", "address", BLANK },
  { "customer", "district", BLANK },
  { "customer", "city", BLANK },
  { "customer", "lat", BLANK },
  { "customer", "lon", BLANK },
  { "customer", "contact_from", BLANK },
  { "customer", "contact_to", BLANK },
  { "customer", "preferred_channel", BLANK },
  { "customer", "opt_out", BLANK },
  { "customer", "notes", BLANK },
  { "contact", "name", MARK },
  { "contact", "role", BLANK },
  { "contact", "phone", BLANK },
  { "contact", "email", BLANK },
  { "contact", "preferred_channel", BLANK },
  { "contact", "opt_out", BLANK },
  { "note", "summary", MARK },
  { "visit", "outcome", BLANK },
  { "visit", "notes", BLANK },
  { "visit", "lat", BLANK },
  { "visit", "lon", BLANK },
  { "service_call", "signed_by", MARK_IF_SET },
  { "service_call", "signature", BLANK },
  { "consent", "notes", BLANK },
  { "order", "notes", BLANK },
  { "task", "notes", BLANK },
};

/**
 * saha_erasure_applies_to:
 * @entity: an entity name
 *
 * Returns: %TRUE when erasing a person changes records of @entity (the customer, contact
 *   and the child records that describe them)
 */
gboolean
saha_erasure_applies_to (const char *entity)
{
  for (guint i = 0; entity != NULL && i < G_N_ELEMENTS (personal_fields); i++)
    if (strcmp (personal_fields[i].entity, entity) == 0)
      return TRUE;
  return FALSE;
}

/**
 * saha_erasure_blank:
 * @record: a record of an entity for which saha_erasure_applies_to() is %TRUE
 * @replica: the replica id that writes
 * @counter: the dot's counter, as for saha_record_write()
 * @delete: whether the record also becomes a tombstone
 *
 * Blanks every personal field of @record in one write, superseding every older candidate
 * of those fields; business fields stay. See saha-erasure.h.
 *
 * Returns: the counter used, or 0 when @record has nothing to blank
 */
guint64
saha_erasure_blank (SahaRecord *record,
                    const char *replica,
                    guint64     counter,
                    gboolean    delete)
{
  const SahaEntityDef *def;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();

  g_return_val_if_fail (record != NULL, 0);

  def = saha_record_get_entity (record);
  for (guint i = 0; i < G_N_ELEMENTS (personal_fields); i++)
    {
      const char *value = NULL;

      if (strcmp (personal_fields[i].entity, def->name) != 0 ||
          saha_entity_def_lookup_field (def, personal_fields[i].field) == NULL)
        continue;
      if (personal_fields[i].treatment == MARK ||
          (personal_fields[i].treatment == MARK_IF_SET &&
           saha_record_get (record, personal_fields[i].field) != NULL))
        value = SAHA_ERASED_VALUE;
      g_ptr_array_add (fields, (gpointer) personal_fields[i].field);
      g_ptr_array_add (values, (gpointer) value);
    }
  if (fields->len == 0 && !delete)
    return 0;

  /* A write makes the record live unless it writes the deleted register itself. */
  g_ptr_array_add (fields, (gpointer) SAHA_DELETED_FIELD);
  g_ptr_array_add (values, (gpointer) (delete || saha_record_is_deleted (record) ? "true"
                                                                              : "false"));
  return saha_record_write (record, replica, counter,
                            (const char * const *) fields->pdata,
                            (const char * const *) values->pdata, fields->len);
}
