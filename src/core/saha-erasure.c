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

/**
 * saha_erasure_is_personal:
 * @entity: an entity name
 * @field: one of its field names
 *
 * Returns: %TRUE when erasure blanks @field of @entity (it describes a person)
 */
gboolean
saha_erasure_is_personal (const char *entity,
                          const char *field)
{
  for (guint i = 0; entity != NULL && field != NULL && i < G_N_ELEMENTS (personal_fields); i++)
    if (strcmp (personal_fields[i].entity, entity) == 0 &&
        strcmp (personal_fields[i].field, field) == 0)
      return TRUE;
  return FALSE;
}

/* The personal free text retention blanks, and the dates that say when a record ended
 * (the first one set counts). */
static const struct
{
  const char *entity;
  const char *fields[3];
  const char *ended[3];
} retained[] = {
  { "service_call", { "signed_by", "signature", NULL }, { "closed_at", "resolved_at", NULL } },
  { "visit", { "outcome", "notes", NULL }, { "check_out_at", "check_in_at", NULL } },
};

static gint
retained_index (const SahaRecord *record)
{
  const char *entity = saha_record_get_entity (record)->name;

  for (guint i = 0; i < G_N_ELEMENTS (retained); i++)
    if (strcmp (retained[i].entity, entity) == 0)
      return (gint) i;
  return -1;
}

static gboolean
holds_retained_text (const SahaRecord *record,
                     gint              index)
{
  for (guint f = 0; retained[index].fields[f] != NULL; f++)
    {
      const char *value = saha_record_get (record, retained[index].fields[f]);

      if (value != NULL && g_strcmp0 (value, SAHA_ERASED_VALUE) != 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * saha_retention_is_due:
 * @record: a record
 * @before: seconds since the epoch (UTC): records that ended before it are due
 *
 * Whether retention blanks @record now: a closed or cancelled service call, or a visit,
 * that ended before @before and still holds personal free text. See saha-erasure.h.
 *
 * Returns: %TRUE when @record is due
 */
gboolean
saha_retention_is_due (const SahaRecord *record,
                       gint64            before)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) ended = NULL;
  gint index;

  g_return_val_if_fail (record != NULL, FALSE);

  index = retained_index (record);
  if (index < 0 || saha_record_is_deleted (record) || !holds_retained_text (record, index))
    return FALSE;
  if (strcmp (retained[index].entity, "service_call") == 0)
    {
      const char *status = saha_record_get (record, "status");

      if (g_strcmp0 (status, "closed") != 0 && g_strcmp0 (status, "cancelled") != 0)
        return FALSE;
    }
  utc = g_time_zone_new_utc ();
  for (guint d = 0; ended == NULL && retained[index].ended[d] != NULL; d++)
    {
      const char *text = saha_record_get (record, retained[index].ended[d]);

      if (text != NULL)
        ended = g_date_time_new_from_iso8601 (text, utc);
    }
  return ended != NULL && g_date_time_to_unix (ended) < before;
}

/**
 * saha_retention_blank:
 * @record: a record saha_retention_is_due() chose
 * @replica: the replica id that writes
 * @counter: the dot's counter, as for saha_record_write()
 *
 * Blanks @record's personal free text in one write, superseding every older candidate
 * of those fields. See saha-erasure.h.
 *
 * Returns: the counter used, or 0 when @record has nothing to blank
 */
guint64
saha_retention_blank (SahaRecord *record,
                      const char *replica,
                      guint64     counter)
{
  const char *fields[3];
  const char *values[3];
  guint n = 0;
  gint index;

  g_return_val_if_fail (record != NULL, 0);

  index = retained_index (record);
  if (index < 0 || !holds_retained_text (record, index))
    return 0;
  for (guint f = 0; retained[index].fields[f] != NULL; f++)
    {
      const char *field = retained[index].fields[f];

      fields[n] = field;
      values[n] = strcmp (field, "signed_by") == 0 && saha_record_get (record, field) != NULL
                  ? SAHA_ERASED_VALUE : NULL;
      n++;
    }
  /* A write makes the record live unless it writes the deleted register itself. */
  fields[n] = SAHA_DELETED_FIELD;
  values[n] = saha_record_is_deleted (record) ? "true" : "false";
  n++;
  return saha_record_write (record, replica, counter, fields, values, n);
}
