/* saha-store-record.c: the local writes: create, update, delete, restore, resolve, merge.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-store-private.h"

/* Local writes */

/* Every core error a local write can meet is the caller's input being wrong. */
static gboolean
invalid_from_core (GError **error,
                   GError  *core_error)
{
  g_set_error_literal (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID, core_error->message);
  g_error_free (core_error);
  return FALSE;
}

/* Normalized inputs: parallel arrays of field names (static, from the schema) and
 * canonical values (owned). */
typedef struct
{
  GPtrArray *names;
  GPtrArray *values;
  char      *id;
} Inputs;

static void
inputs_clear (Inputs *inputs)
{
  g_clear_pointer (&inputs->names, g_ptr_array_unref);
  g_clear_pointer (&inputs->values, g_ptr_array_unref);
  g_clear_pointer (&inputs->id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Inputs, inputs_clear)

static gboolean
inputs_has (const Inputs *inputs,
            const char   *name)
{
  for (guint i = 0; i < inputs->names->len; i++)
    if (strcmp (g_ptr_array_index (inputs->names, i), name) == 0)
      return TRUE;
  return FALSE;
}

/* Every field's name in @inputs is the schema's own string (inputs_add() is only given
 * field->name), so a field is found by its pointer: with a strcmp() per pair, the
 * duplicate and default checks of a create were a twentieth of its time. */
static gboolean
inputs_has_field (const Inputs       *inputs,
                  const SahaFieldDef *field)
{
  for (guint i = 0; i < inputs->names->len; i++)
    if (g_ptr_array_index (inputs->names, i) == (gpointer) field->name)
      return TRUE;
  return FALSE;
}

/* The schema field of a name taken from @inputs; NULL for SAHA_DELETED_FIELD. */
static const SahaFieldDef *
input_field (const SahaEntityDef *def,
             const char          *name)
{
  for (guint i = 0; i < def->n_fields; i++)
    if (def->fields[i].name == name)
      return &def->fields[i];
  return NULL;
}

static void
inputs_add (Inputs     *inputs,
            const char *name,
            char       *value)
{
  g_ptr_array_add (inputs->names, (gpointer) name);
  g_ptr_array_add (inputs->values, value);
}

static gboolean
normalize_inputs (const SahaEntityDef  *def,
                  const SahaFieldInput *in,
                  guint                 n_in,
                  gboolean              allow_id,
                  gboolean              allow_deleted,
                  Inputs               *out,
                  GError              **error)
{
  out->names = g_ptr_array_new ();
  out->values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_in; i++)
    {
      const char *name = in[i].name;
      const SahaFieldDef *field;
      GError *local_error = NULL;
      char *canonical = NULL;

      if (name == NULL)
        {
          g_set_error_literal (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID, "a field has no name");
          return FALSE;
        }

      if (allow_id && strcmp (name, "id") == 0)
        {
          g_autofree char *id = g_strstrip (g_strdup (in[i].value ? in[i].value : ""));

          if (*id == '\0')
            continue;
          if (!saha_id_is_valid (id))
            {
              g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                           "id: \"%s\" is not a valid id (a lower-case UUID)", id);
              return FALSE;
            }
          g_free (out->id);
          out->id = g_steal_pointer (&id);
          continue;
        }

      if (allow_deleted && strcmp (name, SAHA_DELETED_FIELD) == 0)
        {
          g_autofree char *value = g_strstrip (g_strdup (in[i].value ? in[i].value : ""));

          if (g_ascii_strcasecmp (value, "true") != 0 && g_ascii_strcasecmp (value, "false") != 0)
            {
              g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                           "deleted: \"%s\" is not true or false", value);
              return FALSE;
            }
          if (inputs_has (out, SAHA_DELETED_FIELD))
            goto twice;
          inputs_add (out, SAHA_DELETED_FIELD,
                      g_strdup (g_ascii_strcasecmp (value, "true") == 0 ? "true" : "false"));
          continue;
        }

      field = saha_entity_def_lookup_field (def, name);
      if (field == NULL)
        {
          g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                       "%s has no field \"%s\"", def->name, name);
          return FALSE;
        }
      if (inputs_has_field (out, field))
        goto twice;

      if (!saha_field_normalize (field, in[i].value, &canonical, &local_error))
        return invalid_from_core (error, local_error);
      inputs_add (out, field->name, canonical);
      continue;

    twice:
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                   "%s: given more than once", name);
      return FALSE;
    }

  return TRUE;
}

/* A local write may only point at records this replica holds and that are not deleted;
 * SQL cannot check it (0001-tables.sql says why there are no foreign keys). */
static gboolean
check_references (SahaStore           *self,
                  const SahaEntityDef *def,
                  const Inputs        *inputs,
                  GError             **error)
{
  for (guint i = 0; i < inputs->names->len; i++)
    {
      const SahaFieldDef *field = input_field (def, g_ptr_array_index (inputs->names, i));
      const char *value = g_ptr_array_index (inputs->values, i);
      const SahaEntityDef *target;
      g_autoptr(SahaStoreStmt) stmt = NULL;
      int rc;

      if (field == NULL || field->type != SAHA_FIELD_REFERENCE || value == NULL)
        continue;

      target = saha_schema_lookup (field->target);
      g_assert (target != NULL);
      stmt = saha_store_prepare (self, saha_store_row_exists_sql (target), error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 0)
        continue;
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          saha_store_set_sqlite_error (self, error, "checking a reference");
          return FALSE;
        }

      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_BAD_REFERENCE,
                   rc == SQLITE_ROW ? "%s: the %s with id %s is deleted"
                                    : "%s: no %s with id %s",
                   field->name, target->name, value);
      return FALSE;
    }

  return TRUE;
}

/* "<code>-<year>-<seq>": the code is the user's (set by the sync engine at login) or
 * this replica's, and seq is this replica's own, so replicas never collide offline. */
char *
saha_store_make_number (SahaStore  *self,
                        GError    **error)
{
  g_autoptr(SahaStoreStmt) stmt = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *code = saha_store_get_setting (self, "user_code");
  g_autofree char *series = saha_store_get_setting (self, "number_series");
  gint64 seq;

  stmt = saha_store_prepare (self, "UPDATE replica SET number_seq = number_seq + 1 RETURNING number_seq",
                             error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      saha_store_set_sqlite_error (self, error, "numbering a record");
      return NULL;
    }
  seq = sqlite3_column_int64 (stmt, 0);

  if (code == NULL || *code == '\0')
    {
      const char *replica = saha_store_get_replica_id (self);

      if (g_str_has_prefix (replica, "r-"))
        replica += 2;
      g_free (code);
      code = g_ascii_strup (replica, MIN (strlen (replica), 6));
    }

  /* The server gives every replica id of a user its own series: unique for ever. */
  if (series != NULL && g_ascii_strtoll (series, NULL, 10) > 0)
    return g_strdup_printf ("%s-%d-%02" G_GINT64_FORMAT "-%04" G_GINT64_FORMAT, code,
                            g_date_time_get_year (now), g_ascii_strtoll (series, NULL, 10), seq);
  return g_strdup_printf ("%s-%d-%04" G_GINT64_FORMAT, code, g_date_time_get_year (now), seq);
}

static gboolean
not_found (GError              **error,
           const SahaEntityDef  *def,
           const char           *id)
{
  g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND,
               "no %s with id %s", def->name, id);
  return FALSE;
}

/* The next dot counter for a write to @record: above the replica's counter and above the
 * record's own entry for this replica id (a record of a restored file can hold more). */
static guint64
next_counter_for (SahaStore         *self,
                  const SahaRecord  *record,
                  GError           **error)
{
  return saha_store_next_counter_above (self,
                                        saha_version_vector_get (saha_record_get_version_vector (record),
                                                                 saha_store_get_replica_id (self)),
                                        error);
}

static gboolean
not_written (GError              **error,
             const SahaEntityDef  *def,
             const char           *id)
{
  g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
               "%s %s was not changed: its version is ahead of this replica's counter",
               def->name, id);
  return FALSE;
}

/* The record a write in progress changes: %NULL with @error set when reading it fails or
 * the replica has no such record (nor, when @live, a live one). */
static SahaRecord *
lookup_for_write (SahaStore            *self,
                  const SahaEntityDef  *def,
                  const char           *id,
                  gboolean              live,
                  GError              **error)
{
  g_autoptr(SahaRecord) record = NULL;
  GError *local_error = NULL;

  record = saha_store_lookup (self, def, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (record == NULL || (live && saha_record_is_deleted (record)))
    {
      not_found (error, def, id);
      return NULL;
    }
  return g_steal_pointer (&record);
}

/* Writes @inputs to @record with the next dot, checks it and saves it as pending. */
static gboolean
write_record (SahaStore           *self,
              SahaRecord          *record,
              const Inputs        *inputs,
              gboolean             is_new,
              GError             **error);

/* The value @inputs give @field, or @fallback when they do not mention it. */
static const char *
input_value (const Inputs *inputs,
             const char   *field,
             const char   *fallback)
{
  for (guint i = 0; i < inputs->names->len; i++)
    if (strcmp (g_ptr_array_index (inputs->names, i), field) == 0)
      return g_ptr_array_index (inputs->values, i);
  return fallback;
}

/* The rules of a local write beyond each field's own check (docs/crm.md): a call's or an
 * order's status moves only along its documented transitions and a cancellation says
 * why; a task belongs to whoever creates it unless it names its owner, and a task marked
 * done says who did it. @current is the record before the write, NULL for a new one. */
static gboolean
apply_write_rules (SahaStore           *self,
                   const SahaEntityDef *def,
                   SahaRecord          *current,
                   Inputs              *inputs,
                   GError             **error)
{
  if (strcmp (def->name, "service_call") == 0 || strcmp (def->name, "order") == 0)
    {
      const char *from = current != NULL ? saha_record_get (current, "status") : NULL;
      const char *to = input_value (inputs, "status", from);
      g_autofree char *role = saha_store_get_setting (self, "user_role");
      /* Unsigned replicas are checked again by the server when they first push. */
      gboolean may_reopen = role == NULL || strcmp (role, "office") == 0
                            || strcmp (role, "admin") == 0;
      GError *local_error = NULL;

      if (!inputs_has (inputs, "status"))
        return TRUE;
      if (current != NULL && saha_record_field_in_conflict (current, "status"))
        return TRUE;  /* writing any candidate resolves the conflict */
      if (!saha_status_check_move (def->name, from, to, may_reopen, &local_error))
        return invalid_from_core (error, local_error);
    }
  else if (strcmp (def->name, "customer") == 0 && current == NULL)
    {
      g_autofree char *user = saha_store_get_setting (self, "user");
      g_autofree char *role = saha_store_get_setting (self, "user_role");

      /* Field staff may only create customers assigned to themselves (DESIGN.md). */
      if (user != NULL && *user != '\0' && role != NULL
          && (strcmp (role, "rep") == 0 || strcmp (role, "tech") == 0)
          && input_value (inputs, "assigned_to", NULL) == NULL)
        inputs_add (inputs, saha_entity_def_lookup_field (def, "assigned_to")->name,
                    g_strdup (user));
    }
  else if (strcmp (def->name, "task") == 0)
    {
      g_autofree char *user = saha_store_get_setting (self, "user");

      if (user == NULL || *user == '\0')
        return TRUE;
      if (current == NULL && !inputs_has (inputs, "owner"))
        inputs_add (inputs, saha_entity_def_lookup_field (def, "owner")->name,
                    g_strdup (user));
      if (input_value (inputs, "done_at", NULL) != NULL && !inputs_has (inputs, "done_by")
          && (current == NULL || saha_record_get (current, "done_at") == NULL))
        inputs_add (inputs, saha_entity_def_lookup_field (def, "done_by")->name,
                    g_strdup (user));
    }
  return TRUE;
}

/* The id of the follow-up task of note @note_id: the same on every replica, so that two
 * devices that each make the follow-up of one note (both writing it while offline) make
 * one task, which merges, never two. */
static char *
follow_up_id (const char *note_id)
{
  g_autofree char *seed = g_strconcat ("saha-follow-up:", note_id, NULL);
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, seed, -1);

  /* A version 8 (custom) UUID of the hash's first 122 bits. */
  hex[12] = '8';
  hex[16] = "89ab"[g_ascii_xdigit_value (hex[16]) & 3];
  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16,
                          hex + 20);
}

/* An open complaint note gets a follow-up task for the customer's rep, once: on the
 * device that writes the note, in the same transaction (offline too); never again for
 * the same note, even after its task was done or deleted, and never by a pull. */
static gboolean
add_follow_up (SahaStore   *self,
               SahaRecord  *note,
               GError     **error)
{
  const SahaEntityDef *task_def = saha_schema_lookup ("task");
  const char *customer_id = saha_record_get (note, "customer");
  const char *summary = saha_record_get (note, "summary");
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *due_at = NULL;
  g_autoptr(SahaRecord) existing = NULL;
  g_autoptr(SahaRecord) customer = NULL;
  g_autoptr(SahaRecord) task = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_auto(Inputs) inputs = { 0, };
  GError *local_error = NULL;

  if (g_strcmp0 (saha_record_get (note, "channel"), "complaint") != 0
      || g_strcmp0 (saha_record_get (note, "status"), "resolved") == 0
      || saha_record_is_deleted (note) || customer_id == NULL)
    return TRUE;

  id = follow_up_id (saha_record_get_id (note));
  existing = saha_store_lookup (self, task_def, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (existing != NULL)
    return TRUE;

  customer = saha_store_lookup (self, saha_schema_lookup ("customer"), customer_id,
                                &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (customer != NULL)
    owner = g_strdup (saha_record_get (customer, "assigned_to"));
  if (owner == NULL)
    owner = saha_store_get_setting (self, "user");

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    /* A complaint is answered within a day. */
    due = g_date_time_add_days (now, 1);
  }
  due_at = g_date_time_format (due, "%Y-%m-%dT%H:%M:%SZ");
  /* Stored text, not interface text: a title a person may change like any other. */
  title = g_strdup_printf ("Follow up: %.*s", 120,
                           summary != NULL ? summary : "complaint");
  {
    gchar *end = NULL;

    /* Never cut a character in two. */
    if (!g_utf8_validate (title, -1, (const char **) &end))
      *end = '\0';
  }

  inputs.names = g_ptr_array_new ();
  inputs.values = g_ptr_array_new_with_free_func (g_free);
  {
    static const char * const fields[] = {
      "title", "customer", "owner", "due_at", "related_entity", "related_id",
    };
    const char *values[] = { title, customer_id, owner, due_at, "note",
                             saha_record_get_id (note) };

    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      if (values[i] != NULL)
        {
          char *canonical = NULL;
          const SahaFieldDef *field = saha_entity_def_lookup_field (task_def, fields[i]);

          if (!saha_field_normalize (field, values[i], &canonical, &local_error))
            return invalid_from_core (error, local_error);
          inputs_add (&inputs, field->name, canonical);
        }
  }
  task = saha_record_new (task_def, id);
  return write_record (self, task, &inputs, TRUE, error);
}

/* Writes @inputs to @record with the next dot, checks it and saves it as pending. */
static gboolean
write_record (SahaStore           *self,
              SahaRecord          *record,
              const Inputs        *inputs,
              gboolean             is_new,
              GError             **error)
{
  const SahaEntityDef *def = saha_record_get_entity (record);
  GError *local_error = NULL;
  guint64 counter;

  counter = next_counter_for (self, record, error);
  if (counter == 0)
    return FALSE;

  if (saha_record_write (record, saha_store_get_replica_id (self), counter,
                         (const char * const *) inputs->names->pdata,
                         (const char * const *) inputs->values->pdata,
                         inputs->names->len) == 0)
    return not_written (error, def, saha_record_get_id (record));

  if (!saha_record_check_required (record, &local_error))
    return invalid_from_core (error, local_error);

  return check_references (self, def, inputs, error) &&
         saha_store_put_record_full (self, record, TRUE, is_new, error);
}

/**
 * saha_store_create:
 * @self: a store
 * @entity: the entity name
 * @in: (array length=n_in): the fields, an "id" input giving the new id
 * @n_in: the number of @in
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_INVALID for an
 *   entity, field or value the schema refuses or a missing required field,
 *   %SAHA_STORE_ERROR_BAD_REFERENCE for a reference to a record not in the replica,
 *   %SAHA_STORE_ERROR_DATABASE when SQLite fails
 *
 * Creates a record in one savepoint; schema defaults fill unset fields and order and
 * service call numbers are made when not given. Call from the thread that owns @self.
 *
 * Returns: (transfer full) (nullable): the new record's id, or %NULL with @error set and
 *   nothing written
 */
char *
saha_store_create (SahaStore             *self,
                   const char            *entity,
                   const SahaFieldInput  *in,
                   guint                  n_in,
                   GError               **error)
{
  g_auto(Inputs) inputs = { 0, };
  g_autoptr(SahaRecord) record = NULL;
  const SahaEntityDef *def;
  gboolean own, ok = FALSE;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);
  g_return_val_if_fail (in != NULL || n_in == 0, NULL);

  def = saha_store_lookup_entity (entity, error);
  if (def == NULL || !normalize_inputs (def, in, n_in, TRUE, FALSE, &inputs, error))
    return NULL;

  /* Defaults fill the fields the caller did not mention; a field given empty stays
   * unset, so an exported record imports as it was. */
  for (guint i = 0; i < def->n_fields; i++)
    if (def->fields[i].default_value != NULL && !inputs_has_field (&inputs, &def->fields[i]))
      inputs_add (&inputs, def->fields[i].name, g_strdup (def->fields[i].default_value));

  if (inputs.id == NULL)
    inputs.id = saha_id_new ();

  if (!saha_store_write_begin (self, &own, error))
    return NULL;

  {
    g_autoptr(SahaStoreStmt) exists = saha_store_prepare (self, saha_store_row_exists_sql (def), error);

    if (exists == NULL)
      goto out;
    sqlite3_bind_text (exists, 1, inputs.id, -1, SQLITE_STATIC);
    if (sqlite3_step (exists) == SQLITE_ROW)
      {
        g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                     "a %s with id %s already exists", def->name, inputs.id);
        goto out;
      }
  }

  if ((strcmp (def->name, "order") == 0 || strcmp (def->name, "service_call") == 0) &&
      saha_entity_def_field_index (def, "number") >= 0 && !inputs_has (&inputs, "number"))
    {
      char *number = saha_store_make_number (self, error);

      if (number == NULL)
        goto out;
      inputs_add (&inputs, saha_entity_def_lookup_field (def, "number")->name, number);
    }

  if (!apply_write_rules (self, def, NULL, &inputs, error))
    goto out;
  record = saha_record_new (def, inputs.id);
  ok = write_record (self, record, &inputs, TRUE, error)
       && (strcmp (def->name, "note") != 0 || add_follow_up (self, record, error));

out:
  if (!saha_store_write_end (self, own, ok, ok ? error : NULL))
    return NULL;

  return g_strdup (inputs.id);
}

/**
 * saha_store_update:
 * @self: a store
 * @entity: the entity name
 * @id: the record's id
 * @in: (array length=n_in): the fields to write; a %NULL or empty value unsets one
 * @n_in: the number of @in
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_NOT_FOUND for no such
 *   live record, else as saha_store_create()
 *
 * Writes fields of a record in one savepoint and marks it pending.
 *
 * Returns: %TRUE on success, %FALSE with @error set and nothing changed
 */
gboolean
saha_store_update (SahaStore             *self,
                   const char            *entity,
                   const char            *id,
                   const SahaFieldInput  *in,
                   guint                  n_in,
                   GError               **error)
{
  g_auto(Inputs) inputs = { 0, };
  g_autoptr(SahaRecord) record = NULL;
  const SahaEntityDef *def;
  gboolean own, ok = FALSE;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  def = saha_store_lookup_entity (entity, error);
  if (def == NULL || !normalize_inputs (def, in, n_in, FALSE, FALSE, &inputs, error))
    return FALSE;

  if (!saha_store_write_begin (self, &own, error))
    return FALSE;

  record = lookup_for_write (self, def, id, TRUE, error);
  ok = record != NULL
       && apply_write_rules (self, def, record, &inputs, error)
       && write_record (self, record, &inputs, FALSE, error)
       && (strcmp (def->name, "note") != 0 || add_follow_up (self, record, error));

  return saha_store_write_end (self, own, ok, ok ? error : NULL);
}

/* Deletes (@deleted) or restores the record in one savepoint: a write of the deleted
 * field at the replica's next counter. Deleting a deleted record is an error; restoring a
 * live one leaves it as it is. */
static gboolean
write_deleted (SahaStore   *self,
               const char  *entity,
               const char  *id,
               gboolean     deleted,
               GError     **error)
{
  static const char * const names[] = { SAHA_DELETED_FIELD };
  static const char * const values[] = { "false" };
  g_autoptr(SahaRecord) record = NULL;
  const SahaEntityDef *def;
  gboolean own, ok = FALSE;
  guint64 counter;

  def = saha_store_lookup_entity (entity, error);
  if (def == NULL)
    return FALSE;

  if (!saha_store_write_begin (self, &own, error))
    return FALSE;

  record = lookup_for_write (self, def, id, FALSE, error);
  if (record == NULL)
    goto out;
  if (saha_record_is_deleted (record) == deleted)
    {
      if (deleted)
        g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND,
                     "%s %s is already deleted", def->name, id);
      else
        ok = TRUE;
    }
  else if ((counter = next_counter_for (self, record, error)) != 0)
    {
      guint64 written = deleted
                        ? saha_record_delete (record, saha_store_get_replica_id (self), counter)
                        : saha_record_write (record, saha_store_get_replica_id (self), counter,
                                             names, values, 1);

      if (written == 0)
        not_written (error, def, id);
      else
        ok = saha_store_put_record (self, record, TRUE, error);
    }

out:
  return saha_store_write_end (self, own, ok, ok ? error : NULL);
}

/**
 * saha_store_delete:
 * @self: a store
 * @entity: the entity name
 * @id: the record's id
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_NOT_FOUND for no such
 *   live record, %SAHA_STORE_ERROR_DATABASE when SQLite fails
 *
 * Deletes a record (a tombstone that syncs) in one savepoint.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_delete (SahaStore   *self,
                   const char  *entity,
                   const char  *id,
                   GError     **error)
{
  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return write_deleted (self, entity, id, TRUE, error);
}

/**
 * saha_store_restore:
 * @self: a store
 * @entity: the entity name
 * @id: the record's id
 * @error: return location for a #SAHA_STORE_ERROR (%SAHA_STORE_ERROR_NOT_FOUND when the
 *   replica has no such record), else as saha_store_update()
 *
 * Takes a local delete back with a new write of deleted = "false" (the undo of a delete,
 * before or after it was synced); a live record is left as it is.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_restore (SahaStore   *self,
                    const char  *entity,
                    const char  *id,
                    GError     **error)
{
  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return write_deleted (self, entity, id, FALSE, error);
}

/**
 * saha_store_resolve:
 * @self: a store
 * @entity: the entity name
 * @id: the record's id
 * @in: (array length=n_in): the chosen value of each field in conflict ("deleted"
 *   included, with "true" or "false")
 * @n_in: the number of @in
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_NO_CONFLICT for a
 *   field not in conflict, else as saha_store_update()
 *
 * Settles conflicts: each value supersedes every candidate of its field.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_resolve (SahaStore             *self,
                    const char            *entity,
                    const char            *id,
                    const SahaFieldInput  *in,
                    guint                  n_in,
                    GError               **error)
{
  g_auto(Inputs) inputs = { 0, };
  g_autoptr(SahaRecord) record = NULL;
  const SahaEntityDef *def;
  gboolean own, ok = FALSE;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  def = saha_store_lookup_entity (entity, error);
  if (def == NULL || !normalize_inputs (def, in, n_in, FALSE, TRUE, &inputs, error))
    return FALSE;

  if (inputs.names->len == 0)
    {
      g_set_error_literal (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                           "name a field in conflict and the value to keep");
      return FALSE;
    }

  if (!saha_store_write_begin (self, &own, error))
    return FALSE;

  record = lookup_for_write (self, def, id, TRUE, error);
  if (record == NULL)
    goto out;

  for (guint i = 0; i < inputs.names->len; i++)
    {
      const char *field = g_ptr_array_index (inputs.names, i);

      if (!saha_record_field_in_conflict (record, field))
        {
          g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NO_CONFLICT,
                       "%s of %s %s is not in conflict", field, def->name, id);
          goto out;
        }
    }

  ok = write_record (self, record, &inputs, FALSE, error);

out:
  return saha_store_write_end (self, own, ok, ok ? error : NULL);
}

/* Every candidate value must be what the schema would have made of it. */
static gboolean
check_values (SahaRecord  *record,
              GError     **error)
{
  const SahaEntityDef *def = saha_record_get_entity (record);

  for (guint i = 0; i < def->n_fields; i++)
    {
      const SahaCandidate *candidates;
      guint n_candidates;

      candidates = saha_record_get_candidates (record, def->fields[i].name, &n_candidates);
      for (guint j = 0; j < n_candidates; j++)
        {
          g_autofree char *canonical = NULL;
          GError *local_error = NULL;

          if (candidates[j].value == NULL)
            continue;
          if (!saha_field_normalize (&def->fields[i], candidates[j].value, &canonical, &local_error))
            return invalid_from_core (error, local_error);
          if (g_strcmp0 (canonical, candidates[j].value) != 0)
            {
              g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                           "%s: \"%s\" is not in canonical form", def->fields[i].name,
                           candidates[j].value);
              return FALSE;
            }
        }
    }

  return TRUE;
}

/**
 * saha_store_merge:
 * @self: a store
 * @record: a state of a record from elsewhere (an export, a backup)
 * @mark_dirty: whether a change makes the record pending
 * @changed: (out) (optional): whether the replica changed
 * @error: return location for a #SAHA_STORE_ERROR, as saha_store_create()
 *
 * Merges @record into the replica with saha_record_merge(), validated like a local write,
 * in one savepoint.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_merge (SahaStore   *self,
                  SahaRecord  *record,
                  gboolean     mark_dirty,
                  gboolean    *changed,
                  GError     **error)
{
  const SahaEntityDef *def;
  g_autoptr(SahaRecord) merged = NULL;
  GError *local_error = NULL;
  gboolean own, ok = FALSE, did_change = FALSE;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (changed != NULL)
    *changed = FALSE;

  def = saha_record_get_entity (record);
  if (!saha_record_check_consistent (record, &local_error))
    return invalid_from_core (error, local_error);
  if (!check_values (record, error))
    return FALSE;

  if (!saha_store_write_begin (self, &own, error))
    return FALSE;

  merged = saha_store_lookup (self, def, saha_record_get_id (record), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      goto out;
    }
  if (merged == NULL)
    {
      merged = saha_record_copy (record);
      did_change = TRUE;
    }
  else
    {
      did_change = saha_record_merge_into (merged, record);
    }

  if (!saha_record_check_required (merged, &local_error))
    {
      invalid_from_core (error, local_error);
      goto out;
    }

  /* Never count below a dot of this replica's id that arrived from elsewhere. */
  ok = (!did_change || saha_store_put_record (self, merged, mark_dirty, error))
       && saha_store_raise_counter (self,
                                    saha_version_vector_get (saha_record_get_version_vector (record),
                                                             saha_store_get_replica_id (self)),
                                    error);

out:
  if (!saha_store_write_end (self, own, ok, ok ? error : NULL))
    return FALSE;

  if (changed != NULL)
    *changed = did_change;
  return TRUE;
}
