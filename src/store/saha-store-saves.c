/* saha-store-saves.c: a user-level save as one store call.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-saves.h"
#include "saha-visit-link.h"

/* Canonical decimals for the store ("2.500", "12.99"), which it shortens ("2.5"). */
static char *
canonical_decimal (gint64 value,
                   guint  places)
{
  gint64 scale = places == 3 ? 1000 : 100;

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT, value / scale,
                          (int) places, value % scale);
}

/* Updates child record @id of @entity with @inputs past the first @n_parent (which name
 * the parent and what it is made of), or creates it from all of @inputs when @id is NULL;
 * adds the child's id to @ids when not NULL. */
static gboolean
write_child (SahaStore            *self,
             const char           *entity,
             const char           *id,
             const SahaFieldInput *inputs,
             guint                 n_inputs,
             guint                 n_parent,
             GStrvBuilder         *ids,
             GError              **error)
{
  g_autofree char *created = NULL;

  if (id != NULL)
    {
      if (!saha_store_update (self, entity, id, inputs + n_parent, n_inputs - n_parent, error))
        return FALSE;
    }
  else if ((id = created = saha_store_create (self, entity, inputs, n_inputs, error)) == NULL)
    return FALSE;

  if (ids != NULL)
    g_strv_builder_add (ids, id);
  return TRUE;
}

static gboolean
write_parts (SahaStore                  *self,
             const char                 *call_id,
             const SahaServicePartInput *parts,
             guint                       n_parts,
             const char * const         *removed_part_ids,
             GError                    **error)
{
  for (guint i = 0; removed_part_ids != NULL && removed_part_ids[i] != NULL; i++)
    if (!saha_store_delete (self, "service_part", removed_part_ids[i], error))
      return FALSE;

  for (guint i = 0; i < n_parts; i++)
    {
      const SahaServicePartInput *part = &parts[i];
      g_autofree char *quantity = canonical_decimal (part->quantity_milli, 3);
      g_autofree char *price = saha_money_format (part->unit_price_minor);
      SahaFieldInput inputs[] = {
        { "service_call", call_id },
        { "product", part->product_id },
        { "quantity", quantity },
        { "unit_price", price },
      };

      if (!write_child (self, "service_part", part->part_id, inputs, G_N_ELEMENTS (inputs), 2,
                        NULL, error))
        return FALSE;
    }

  return TRUE;
}

/* Ends the transaction begun by a save: commits when @ok, rolls back otherwise. */
static gboolean
end_save (SahaStore  *self,
          gboolean    ok,
          GError    **error)
{
  if (ok && saha_store_commit (self, error))
    return TRUE;
  saha_store_rollback (self);
  return FALSE;
}

/* The status field and its stamp for a move of @call_id to @status, appended to @inputs;
 * FALSE when the workflow does not allow the move from the stored status. */
static gboolean
add_move (SahaStore   *self,
          const char  *call_id,
          const char  *status,
          GArray      *inputs,
          char       **stamp,
          GError     **error)
{
  const char *stamped = saha_service_call_stamped_field (status);
  g_autoptr(SahaRecord) call = saha_store_get (self, "service_call", call_id, error);
  const char *from;

  if (call == NULL)
    return FALSE;
  from = saha_record_get (call, "status");
  /* Reopening a cancelled call is the office's: saha_store_update() checks the role. */
  if (!saha_service_call_can_move (from, status)
      && !(g_strcmp0 (from, "cancelled") == 0 && g_strcmp0 (status, "new") == 0))
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                   "a service call that is %s cannot become %s",
                   from != NULL ? from : "new", status);
      return FALSE;
    }
  g_array_append_val (inputs, ((SahaFieldInput) { "status", status }));
  if (stamped != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      *stamp = g_date_time_format_iso8601 (now);
      g_array_append_val (inputs, ((SahaFieldInput) { stamped, *stamp }));
    }
  return TRUE;
}

/**
 * saha_store_save_service_call:
 * @self: a store
 * @call_id: the service call's id
 * @fields: (array length=n_fields) (nullable): the fields to write
 * @n_fields: the number of @fields
 * @status: (nullable): the status to move to, %NULL to keep it
 * @parts: (array length=n_parts) (nullable): the parts used, existing and new
 * @n_parts: the number of @parts
 * @removed_part_ids: (array zero-terminated=1) (nullable): the parts to delete
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_INVALID for a value
 *   or status move refused, or as saha_store_update()
 *
 * Saves a service call in one transaction, with its workflow check and parts (see
 * saha-store-saves.h). Anything refused leaves the replica as it was. Call from the
 * thread that owns @self.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_save_service_call (SahaStore                  *self,
                              const char                 *call_id,
                              const SahaFieldInput       *fields,
                              guint                       n_fields,
                              const char                 *status,
                              const SahaServicePartInput *parts,
                              guint                       n_parts,
                              const char * const         *removed_part_ids,
                              GError                    **error)
{
  g_autoptr(GArray) inputs = g_array_new (FALSE, FALSE, sizeof (SahaFieldInput));
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (call_id != NULL, FALSE);
  g_return_val_if_fail (fields != NULL || n_fields == 0, FALSE);
  g_return_val_if_fail (parts != NULL || n_parts == 0, FALSE);

  if (n_fields > 0)
    g_array_append_vals (inputs, fields, n_fields);
  if (!saha_store_begin (self, error))
    return FALSE;

  return end_save (self,
                   (status == NULL || add_move (self, call_id, status, inputs, &stamp, error))
                   && (inputs->len == 0
                       || saha_store_update (self, "service_call", call_id,
                                             (SahaFieldInput *) inputs->data, inputs->len,
                                             error))
                   && write_parts (self, call_id, parts, n_parts, removed_part_ids, error),
                   error);
}

/**
 * saha_store_create_service_call:
 * @self: a store
 * @customer_id: the customer the call is for
 * @fields: (array length=n_fields): the call's fields, which name the customer too
 * @n_fields: the number of @fields
 * @user: (nullable): the user creating it, whose open visit at the customer is linked
 * @error: return location for a #SAHA_STORE_ERROR, as saha_store_create()
 *
 * Creates a service call and links @user's open visit to it, in one transaction.
 *
 * Returns: (transfer full) (nullable): the new call's id, or %NULL with @error set and
 *   nothing written
 */
char *
saha_store_create_service_call (SahaStore            *self,
                                const char           *customer_id,
                                const SahaFieldInput *fields,
                                guint                 n_fields,
                                const char           *user,
                                GError              **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (self), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  if (!saha_store_begin (self, error))
    return NULL;
  id = saha_store_create (self, "service_call", fields, n_fields, error);
  if (!end_save (self,
                 id != NULL
                 && saha_visit_link_open_visit (self, customer_id, user, "service_call", id,
                                                NULL, error),
                 error))
    return NULL;
  return g_steal_pointer (&id);
}

/**
 * saha_store_save_order:
 * @self: a store
 * @order_id: (nullable): the order to update; %NULL creates one
 * @customer_id: the order's customer
 * @status: (nullable): the order's status
 * @user: (nullable): the user creating the order, whose open visit is linked
 * @lines: (array length=n_lines) (nullable): the order's lines, existing and new
 * @n_lines: the number of @lines
 * @removed_line_ids: (array zero-terminated=1) (nullable): the lines to delete
 * @out_order_id: (out) (transfer full) (optional): the order's id
 * @out_line_ids: (out) (transfer full) (optional): the id of each of @lines, in order
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_INVALID for a value
 *   or status move refused, or as saha_store_update()
 *
 * Saves an order and its lines in one transaction (see saha-store-saves.h). On failure
 * nothing is written and the out values are left %NULL.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_save_order (SahaStore               *self,
                       const char              *order_id,
                       const char              *customer_id,
                       const char              *status,
                       const char              *user,
                       const SahaOrderLineSave *lines,
                       guint                    n_lines,
                       const char * const      *removed_line_ids,
                       char                   **out_order_id,
                       GStrv                   *out_line_ids,
                       GError                 **error)
{
  g_autoptr(GStrvBuilder) line_ids = g_strv_builder_new ();
  g_autofree char *new_id = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer_id != NULL && status != NULL, FALSE);
  g_return_val_if_fail (lines != NULL || n_lines == 0, FALSE);
  g_return_val_if_fail (out_order_id != NULL && out_line_ids != NULL, FALSE);

  *out_order_id = NULL;
  *out_line_ids = NULL;

  if (!saha_store_begin (self, error))
    return FALSE;

  if (order_id == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *ordered_at = g_date_time_format_iso8601 (now);
      SahaFieldInput inputs[] = {
        { "customer", customer_id },
        { "status", status },
        { "ordered_at", ordered_at },
        { "currency", "TRY" },
        { "created_by", user },
      };

      new_id = saha_store_create (self, "order", inputs,
                                  user != NULL && *user != '\0' ? 5 : 4, error);
      if (new_id == NULL)
        goto rollback;
      order_id = new_id;
    }
  else
    {
      SahaFieldInput inputs[] = {
        { "customer", customer_id },
        { "status", status },
      };

      if (!saha_store_update (self, "order", order_id, inputs, G_N_ELEMENTS (inputs), error))
        goto rollback;
    }

  for (guint i = 0; removed_line_ids != NULL && removed_line_ids[i] != NULL; i++)
    if (!saha_store_delete (self, "order_line", removed_line_ids[i], error))
      goto rollback;

  for (guint i = 0; i < n_lines; i++)
    {
      const SahaOrderLineSave *line = &lines[i];
      g_autofree char *quantity = canonical_decimal (line->input.quantity_milli, 3);
      g_autofree char *price = canonical_decimal (line->input.unit_price_minor, 2);
      g_autofree char *discount = canonical_decimal (line->input.discount_bp, 2);
      g_autofree char *vat = g_strdup_printf ("%" G_GINT64_FORMAT, line->input.vat_percent);
      SahaFieldInput inputs[] = {
        { "order", order_id },
        { "product", line->product_id },
        { "quantity", quantity },
        { "unit_price", price },
        { "discount_pct", discount },
        { "vat_rate", vat },
      };

      if (!write_child (self, "order_line", line->line_id, inputs, G_N_ELEMENTS (inputs), 2,
                        line_ids, error))
        goto rollback;
    }

  if (new_id != NULL
      && !saha_visit_link_open_visit (self, customer_id, user, "order", new_id, NULL, error))
    goto rollback;

  if (!saha_store_commit (self, error))
    goto rollback;

  *out_order_id = new_id != NULL ? g_steal_pointer (&new_id) : g_strdup (order_id);
  *out_line_ids = g_strv_builder_end (line_ids);
  return TRUE;

rollback:
  saha_store_rollback (self);
  return FALSE;
}


/* What a customer's deletion takes with it: the records that only describe the customer.
 * Orders, service calls and visits are the company's history and are never taken. */
static const char * const customer_dependents[] = { "contact", "note", "task", "consent" };
static const char * const customer_history[] = { "order", "service_call", "visit" };

static guint
count_of_customer (SahaStore   *self,
                   const char  *entity,
                   const char  *customer_id,
                   GError     **error)
{
  SahaFieldInput where[] = { { "customer", customer_id } };
  SahaQuery query = { .where = where, .n_where = 1 };
  guint count = 0;

  if (!saha_store_count (self, entity, &query, &count, error))
    return G_MAXUINT;
  return count;
}

/**
 * saha_store_customer_deletion:
 * @self: a store
 * @customer_id: the customer's id
 * @counts: (out caller-allocates): what a delete of the customer would take with it
 *   (contacts, notes, tasks, consents) and what would stop it (orders, service calls,
 *   visits)
 * @error: return location for a #SAHA_STORE_ERROR from the counting queries
 *
 * Counts the customer's records for the delete confirmation. Reads only.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_customer_deletion (SahaStore          *self,
                              const char         *customer_id,
                              SahaCustomerCounts *counts,
                              GError            **error)
{
  guint *dependents[] = { &counts->contacts, &counts->notes, &counts->tasks,
                          &counts->consents };
  guint *history[] = { &counts->orders, &counts->service_calls, &counts->visits };

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer_id != NULL && counts != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (customer_dependents); i++)
    if ((*dependents[i] = count_of_customer (self, customer_dependents[i], customer_id,
                                             error)) == G_MAXUINT)
      return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (customer_history); i++)
    if ((*history[i] = count_of_customer (self, customer_history[i], customer_id,
                                          error)) == G_MAXUINT)
      return FALSE;
  return TRUE;
}

/**
 * saha_store_delete_customer:
 * @self: a store
 * @customer_id: the customer's id
 * @out_removed: (out) (transfer full): each deleted record as "entity:id", for
 *   saha_store_restore_records()
 * @error: return location for a #SAHA_STORE_ERROR: %SAHA_STORE_ERROR_INVALID (nothing
 *   written) while orders, service calls or visits name the customer
 *
 * Deletes the customer with its contact persons, notes, tasks and consent statements, in
 * one transaction.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_delete_customer (SahaStore   *self,
                            const char  *customer_id,
                            GStrv       *out_removed,
                            GError     **error)
{
  g_autoptr(GStrvBuilder) removed = g_strv_builder_new ();
  SahaCustomerCounts counts = { 0, };
  gboolean ok;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer_id != NULL && out_removed != NULL, FALSE);

  *out_removed = NULL;
  if (!saha_store_customer_deletion (self, customer_id, &counts, error))
    return FALSE;
  if (counts.orders + counts.service_calls + counts.visits > 0)
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                   "customer %s has %u orders, %u service calls and %u visits: a customer "
                   "with history is kept", customer_id, counts.orders, counts.service_calls,
                   counts.visits);
      return FALSE;
    }

  if (!saha_store_begin (self, error))
    return FALSE;

  ok = saha_store_delete (self, "customer", customer_id, error);
  if (ok)
    {
      g_autofree char *entry = g_strconcat ("customer:", customer_id, NULL);

      g_strv_builder_add (removed, entry);
    }
  for (guint i = 0; ok && i < G_N_ELEMENTS (customer_dependents); i++)
    {
      SahaFieldInput where[] = { { "customer", customer_id } };
      SahaQuery query = { .where = where, .n_where = 1 };
      g_autoptr(GPtrArray) records = saha_store_list (self, customer_dependents[i], &query,
                                                      error);

      ok = records != NULL;
      for (guint j = 0; ok && j < records->len; j++)
        {
          const char *id = saha_record_get_id (g_ptr_array_index (records, j));

          ok = saha_store_delete (self, customer_dependents[i], id, error);
          if (ok)
            {
              g_autofree char *entry = g_strconcat (customer_dependents[i], ":", id, NULL);

              g_strv_builder_add (removed, entry);
            }
        }
    }

  if (!end_save (self, ok, error))
    return FALSE;
  *out_removed = g_strv_builder_end (removed);
  return TRUE;
}

/**
 * saha_store_restore_records:
 * @self: a store
 * @removed: (array zero-terminated=1): records as "entity:id", as
 *   saha_store_delete_customer() lists them
 * @error: return location for a #SAHA_STORE_ERROR, as saha_store_restore()
 *
 * Takes back the deletions of @removed in one transaction (all or none): the undo of a
 * delete.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_store_restore_records (SahaStore           *self,
                            const char * const  *removed,
                            GError             **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (removed != NULL, FALSE);

  if (!saha_store_begin (self, error))
    return FALSE;
  for (guint i = 0; ok && removed[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (removed[i], ":", 2);

      if (parts[0] == NULL || parts[1] == NULL)
        {
          g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                       "\"%s\" is not ENTITY:ID", removed[i]);
          ok = FALSE;
        }
      else
        ok = saha_store_restore (self, parts[0], parts[1], error);
    }
  return end_save (self, ok, error);
}
