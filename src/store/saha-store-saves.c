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
