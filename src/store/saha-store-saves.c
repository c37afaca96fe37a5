/* saha-store-saves.c: a user-level save as one store call.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-saves.h"
#include "saha-visit-link.h"

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
      g_autofree char *quantity = g_strdup_printf ("%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT,
                                                   part->quantity_milli / 1000,
                                                   part->quantity_milli % 1000);
      g_autofree char *price = saha_money_format (part->unit_price_minor);
      SahaFieldInput inputs[] = {
        { "service_call", call_id },
        { "product", part->product_id },
        { "quantity", quantity },
        { "unit_price", price },
      };

      if (part->part_id != NULL)
        {
          if (!saha_store_update (self, "service_part", part->part_id, inputs + 2, 2, error))
            return FALSE;
        }
      else
        {
          g_autofree char *id = saha_store_create (self, "service_part", inputs,
                                                   G_N_ELEMENTS (inputs), error);

          if (id == NULL)
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
write_call (SahaStore                  *self,
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
  g_autoptr(SahaRecord) call = NULL;
  g_autofree char *stamp = NULL;

  if (n_fields > 0)
    g_array_append_vals (inputs, fields, n_fields);

  if (status != NULL)
    {
      const char *stamped = saha_service_call_stamped_field (status);
      const char *from;

      call = saha_store_get (self, "service_call", call_id, error);
      if (call == NULL)
        return FALSE;
      from = saha_record_get (call, "status");
      if (!saha_service_call_can_move (from, status))
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

          stamp = g_date_time_format_iso8601 (now);
          g_array_append_val (inputs, ((SahaFieldInput) { stamped, stamp }));
        }
    }

  if (inputs->len > 0
      && !saha_store_update (self, "service_call", call_id,
                             (SahaFieldInput *) inputs->data, inputs->len, error))
    return FALSE;

  return write_parts (self, call_id, parts, n_parts, removed_part_ids, error);
}

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
  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (call_id != NULL, FALSE);
  g_return_val_if_fail (fields != NULL || n_fields == 0, FALSE);
  g_return_val_if_fail (parts != NULL || n_parts == 0, FALSE);

  if (!saha_store_begin (self, error))
    return FALSE;
  if (!write_call (self, call_id, fields, n_fields, status, parts, n_parts, removed_part_ids,
                   error)
      || !saha_store_commit (self, error))
    {
      saha_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

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
  if (id == NULL
      || !saha_visit_link_open_visit (self, customer_id, user, "service_call", id, NULL, error)
      || !saha_store_commit (self, error))
    {
      saha_store_rollback (self);
      return NULL;
    }
  return g_steal_pointer (&id);
}

/* Canonical decimals for the store ("2.500", "12.99"), which it shortens ("2.5"). */
static char *
canonical_decimal (gint64 value,
                   guint  places)
{
  gint64 scale = places == 3 ? 1000 : 100;

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%0*" G_GINT64_FORMAT, value / scale,
                          (int) places, value % scale);
}

static gboolean
write_order (SahaStore               *self,
             const char              *order_id,
             const char              *customer_id,
             const char              *status,
             const char              *user,
             const SahaOrderLineSave *lines,
             guint                    n_lines,
             const char * const      *removed_line_ids,
             char                   **out_order_id,
             GStrvBuilder            *line_ids,
             GError                 **error)
{
  g_autofree char *new_id = NULL;

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
        return FALSE;
      order_id = new_id;
    }
  else
    {
      SahaFieldInput inputs[] = {
        { "customer", customer_id },
        { "status", status },
      };

      if (!saha_store_update (self, "order", order_id, inputs, G_N_ELEMENTS (inputs), error))
        return FALSE;
    }

  for (guint i = 0; removed_line_ids != NULL && removed_line_ids[i] != NULL; i++)
    if (!saha_store_delete (self, "order_line", removed_line_ids[i], error))
      return FALSE;

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

      if (line->line_id != NULL)
        {
          if (!saha_store_update (self, "order_line", line->line_id, inputs + 2,
                                  G_N_ELEMENTS (inputs) - 2, error))
            return FALSE;
          g_strv_builder_add (line_ids, line->line_id);
        }
      else
        {
          g_autofree char *line_id = saha_store_create (self, "order_line", inputs,
                                                        G_N_ELEMENTS (inputs), error);

          if (line_id == NULL)
            return FALSE;
          g_strv_builder_add (line_ids, line_id);
        }
    }

  if (new_id != NULL
      && !saha_visit_link_open_visit (self, customer_id, user, "order", new_id, NULL, error))
    return FALSE;

  *out_order_id = new_id != NULL ? g_steal_pointer (&new_id) : g_strdup (order_id);
  return TRUE;
}

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
  g_autofree char *saved_id = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer_id != NULL && status != NULL, FALSE);
  g_return_val_if_fail (lines != NULL || n_lines == 0, FALSE);
  g_return_val_if_fail (out_order_id != NULL && out_line_ids != NULL, FALSE);

  *out_order_id = NULL;
  *out_line_ids = NULL;

  if (!saha_store_begin (self, error))
    return FALSE;
  if (!write_order (self, order_id, customer_id, status, user, lines, n_lines,
                    removed_line_ids, &saved_id, line_ids, error)
      || !saha_store_commit (self, error))
    {
      saha_store_rollback (self);
      return FALSE;
    }

  *out_order_id = g_steal_pointer (&saved_id);
  *out_line_ids = g_strv_builder_end (line_ids);
  return TRUE;
}
