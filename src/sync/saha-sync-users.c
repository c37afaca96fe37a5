/* saha-sync-users.c: the server's list of active users (GET /v1/users), for assignment
 * pickers, and its copy kept in the replica for offline use.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-sync-private.h"
#include "saha-sync-users.h"

#define USERS_CACHE_SETTING "users_cache"
#define COMPANY_SETTING "company"

/**
 * saha_sync_user_free:
 * @user: (nullable): a user
 *
 * Frees @user and its strings.
 */
void
saha_sync_user_free (SahaSyncUser *user)
{
  if (user == NULL)
    return;
  g_free (user->name);
  g_free (user->role);
  g_free (user->code);
  g_free (user->full_name);
  g_free (user);
}

/* { "users": [ { "name", "role", "code", "full_name" } ... ] }: the server's answer and the
 * cache alike. */
static GPtrArray *
users_from_json (JsonNode *root)
{
  GPtrArray *users = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_sync_user_free);
  JsonArray *array = NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    array = saha_json_get_array (json_node_get_object (root), "users");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      SahaSyncUser *user;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      name = saha_json_get_string (object, "name", NULL);
      if (name == NULL || *name == '\0')
        continue;

      user = g_new0 (SahaSyncUser, 1);
      user->name = g_strdup (name);
      user->role = g_strdup (saha_json_get_string (object, "role", ""));
      user->code = g_strdup (saha_json_get_string (object, "code", ""));
      user->full_name = g_strdup (saha_json_get_string (object, "full_name", NULL));
      if (user->full_name != NULL && *user->full_name == '\0')
        g_clear_pointer (&user->full_name, g_free);
      g_ptr_array_add (users, user);
    }

  return users;
}

/**
 * saha_sync_users_fetch:
 * @db_path: a replica file signed in to a server
 * @cancellable: (nullable): cancels the request
 * @error: return location for a #SAHA_SYNC_ERROR: %SAHA_SYNC_ERROR_AUTH when not signed
 *   in, else as for a sync
 *
 * The blocking form of saha_sync_users_fetch_async(), for worker threads and the CLI.
 *
 * Returns: (transfer full) (element-type SahaSyncUser) (nullable): the users sorted by
 *   name, or %NULL with @error set
 */
GPtrArray *
saha_sync_users_fetch (const char    *db_path,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(SahaSyncClient) client = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);

  client = saha_sync_client_for_replica (db_path, 3, 250, &store, error);
  if (client == NULL)
    return NULL;
  return saha_sync_users_refresh (store, client, cancellable, error);
}

/* { "replicas": [ { "replica_id", "user" } ... ] } as pairs for the store; an older
 * server without the member gives none. */
static GPtrArray *
replica_users_from_json (JsonNode *root)
{
  GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);
  JsonArray *array = NULL;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    array = saha_json_get_array (json_node_get_object (root), "replicas");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *replica, *user;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      replica = saha_json_get_string (json_node_get_object (node), "replica_id", NULL);
      user = saha_json_get_string (json_node_get_object (node), "user", NULL);
      if (replica == NULL || user == NULL || !saha_replica_id_is_valid (replica)
          || *user == '\0')
        continue;
      g_ptr_array_add (pairs, g_strdup (replica));
      g_ptr_array_add (pairs, g_strdup (user));
    }
  return pairs;
}

GPtrArray *
saha_sync_users_refresh (SahaStore       *store,
                         SahaSyncClient  *client,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GPtrArray) pairs = NULL;
  g_autofree char *cache = NULL;

  answer = saha_sync_client_request (client, "GET", "/v1/users", NULL, NULL, cancellable, error);
  if (answer == NULL)
    return NULL;

  /* Kept as the server sent it, so the picker works without a network. */
  cache = json_to_string (answer, FALSE);
  pairs = replica_users_from_json (answer);
  if (!saha_store_set_setting (store, USERS_CACHE_SETTING, cache, error)
      || !saha_store_set_replica_users (store, pairs, error))
    return NULL;

  /* The company for offline reports; a server without it, or a failure here, keeps the
   * copy of the last sync. */
  {
    g_autoptr(GError) company_error = NULL;
    g_autoptr(JsonNode) company = saha_sync_client_request (client, "GET", "/v1/company", NULL,
                                                            NULL, cancellable, &company_error);
    JsonObject *object = company != NULL && JSON_NODE_HOLDS_OBJECT (company)
                         ? saha_json_get_object (json_node_get_object (company), "company")
                         : NULL;

    if (object != NULL)
      {
        g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
        g_autofree char *text = json_to_string (node, FALSE);

        if (!saha_store_set_setting (store, COMPANY_SETTING, text, error))
          return NULL;
      }
    else
      g_debug ("Keeping the company of the last sync: %s",
               company_error != NULL ? company_error->message : "no company in the answer");
  }

  return users_from_json (answer);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *users = saha_sync_users_fetch (task_data, cancellable, &error);

  if (users == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, users, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * saha_sync_users_fetch_async:
 * @db_path: a replica file signed in to a server
 * @cancellable: (nullable): cancels the request
 * @callback: called when the fetch is done
 * @user_data: passed to @callback
 *
 * Asks the server for its active users in a worker thread with its own store, and keeps
 * the answer in the replica's "users_cache" setting.
 */
void
saha_sync_users_fetch_async (const char          *db_path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (db_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, saha_sync_users_fetch_async);
  g_task_set_task_data (task, g_strdup (db_path), g_free);
  g_task_run_in_thread (task, fetch_thread);
}

/**
 * saha_sync_users_fetch_finish:
 * @result: the result given to the callback
 * @error: return location for a #SAHA_SYNC_ERROR, as for a sync
 *
 * Returns: (transfer full) (element-type SahaSyncUser) (nullable): the users sorted by
 *   name, or %NULL with @error set
 */
GPtrArray *
saha_sync_users_fetch_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * saha_sync_users_load_cached:
 * @store: a store, used from the thread that owns it
 *
 * Returns: (transfer full) (element-type SahaSyncUser): the users of the last successful
 *   fetch, empty when there was none
 */
GPtrArray *
saha_sync_users_load_cached (SahaStore *store)
{
  g_autofree char *cache = saha_store_get_setting (store, USERS_CACHE_SETTING);
  g_autoptr(JsonNode) root = NULL;

  if (cache != NULL)
    root = json_from_string (cache, NULL);
  return users_from_json (root);
}

/**
 * saha_sync_user_display_name:
 * @store: a replica
 * @name: (nullable): a user name
 *
 * Returns: (transfer full) (nullable): the full name of user @name as the server gave it
 *   at the last sync, or @name itself when there is none (%NULL for %NULL)
 */
char *
saha_sync_user_display_name (SahaStore  *store,
                             const char *name)
{
  g_autoptr(GPtrArray) users = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (store), NULL);

  if (name == NULL)
    return NULL;
  users = saha_sync_users_load_cached (store);
  for (guint i = 0; i < users->len; i++)
    {
      SahaSyncUser *user = g_ptr_array_index (users, i);

      if (g_strcmp0 (user->name, name) == 0 && user->full_name != NULL)
        return g_strdup (user->full_name);
    }
  return g_strdup (name);
}

/**
 * saha_sync_company_free:
 * @company: (nullable): a company
 *
 * Frees @company and its strings.
 */
void
saha_sync_company_free (SahaSyncCompany *company)
{
  if (company == NULL)
    return;
  g_free (company->name);
  g_free (company->address);
  g_free (company->tax_office);
  g_free (company->tax_id);
  g_free (company->phone);
  g_free (company->email);
  g_free (company->labour_rate);
  g_free (company->labour_vat);
  g_free (company);
}

static char *
company_member (JsonObject *object,
                const char *key)
{
  const char *value = object != NULL ? saha_json_get_string (object, key, NULL) : NULL;

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

/**
 * saha_sync_company_load_cached:
 * @store: a replica
 *
 * Returns: (transfer full): the company of the last successful sync (every field %NULL
 *   when there was none); free with saha_sync_company_free()
 */
SahaSyncCompany *
saha_sync_company_load_cached (SahaStore *store)
{
  SahaSyncCompany *company = g_new0 (SahaSyncCompany, 1);
  g_autofree char *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (store), company);

  text = saha_store_get_setting (store, COMPANY_SETTING);
  if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    object = json_node_get_object (json_parser_get_root (parser));
  company->name = company_member (object, "name");
  company->address = company_member (object, "address");
  company->tax_office = company_member (object, "tax_office");
  company->tax_id = company_member (object, "tax_id");
  company->phone = company_member (object, "phone");
  company->email = company_member (object, "email");
  company->labour_rate = company_member (object, "labour_rate");
  company->labour_vat = company_member (object, "labour_vat");
  return company;
}
