/* saha-visit-link.c: ties an order or a service call made at a customer's site to the
 * visit that is open there.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-visit-link.h"

/**
 * saha_visit_find_open:
 * @store: a store
 * @customer_id: a customer's id
 * @user: (nullable): a user name; %NULL or "" for anyone's visit
 * @error: return location for %SAHA_STORE_ERROR_DATABASE
 *
 * Returns: (transfer full) (nullable): the id of @user's open visit (checked in, not
 *   checked out) at @customer_id, or %NULL when there is none or with @error set
 */
char *
saha_visit_find_open (SahaStore   *store,
                      const char  *customer_id,
                      const char  *user,
                      GError     **error)
{
  SahaFieldInput where[] = { { "customer", customer_id }, { "user", user } };
  SahaQuery query = {
    .where = where,
    .n_where = user != NULL && *user != '\0' ? 2 : 1,
    .order_by = "check_in_at",
    .descending = TRUE,
  };
  g_autoptr(GPtrArray) visits = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (store), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  visits = saha_store_list (store, "visit", &query, error);
  if (visits == NULL)
    return NULL;

  /* The latest check-in without a check-out: a visit someone forgot to close days ago
   * would otherwise collect today's orders. */
  for (guint i = 0; i < visits->len; i++)
    {
      SahaRecord *visit = g_ptr_array_index (visits, i);

      if (saha_record_get (visit, "check_in_at") == NULL)
        continue;
      if (saha_record_get (visit, "check_out_at") == NULL)
        return g_strdup (saha_record_get_id (visit));
      break;
    }

  return NULL;
}

/**
 * saha_visit_link_open_visit:
 * @store: a store
 * @customer_id: a customer's id
 * @user: (nullable): a user name
 * @field: "order" or "service_call"
 * @record_id: the order or service call made there
 * @linked: (out) (optional): whether a visit was linked
 * @error: return location for a #SAHA_STORE_ERROR
 *
 * When @user has a visit open at @customer_id whose @field is empty, sets it to
 * @record_id.
 *
 * Returns: %FALSE only on a store error, with @error set
 */
gboolean
saha_visit_link_open_visit (SahaStore   *store,
                            const char  *customer_id,
                            const char  *user,
                            const char  *field,
                            const char  *record_id,
                            gboolean    *linked,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *visit_id = NULL;
  g_autoptr(SahaRecord) visit = NULL;
  SahaFieldInput inputs[1];

  g_return_val_if_fail (SAHA_IS_STORE (store), FALSE);

  if (linked != NULL)
    *linked = FALSE;

  visit_id = saha_visit_find_open (store, customer_id, user, &local_error);
  if (visit_id == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  visit = saha_store_get (store, "visit", visit_id, error);
  if (visit == NULL)
    return FALSE;
  /* The first order (or call) of a visit is the one it records; later ones stay
   * reachable from the customer's page. */
  if (saha_record_get (visit, field) != NULL)
    return TRUE;

  inputs[0] = (SahaFieldInput) { field, record_id };
  if (!saha_store_update (store, "visit", visit_id, inputs, 1, error))
    return FALSE;

  if (linked != NULL)
    *linked = TRUE;
  return TRUE;
}
