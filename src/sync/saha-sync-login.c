/* saha-sync-login.c: signing a replica in and taking a new replica id (the token itself is
 * kept by saha-sync-credentials.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "saha-store-set-aside.h"
#include "saha-store-sync.h"
#include "saha-sync-credentials.h"
#include "saha-sync-private.h"

char *
saha_sync_new_replica_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();
  GString *id = g_string_new ("r-");

  for (const char *p = uuid; *p != '\0' && id->len < 18; p++)
    if (*p != '-')
      g_string_append_c (id, *p);
  return g_string_free (id, FALSE);
}

/* The number series of a sign-in or new-id answer. */
static gboolean
adopt_number_series (SahaStore   *store,
                     JsonObject  *answer,
                     GError     **error)
{
  return saha_store_sync_set_number_series (store,
                                            saha_json_get_int (answer,
                                                                                     "number_series",
                                                                                     0),
                                            error);
}

guint64
saha_sync_get_acked (SahaStore *store)
{
  g_autofree char *acked_text = saha_store_get_setting (store, "replica_counter_acked");

  return acked_text != NULL ? g_ascii_strtoull (acked_text, NULL, 10) : 0;
}

gboolean
saha_sync_take_new_replica_id (SahaStore   **store,
                               const char   *new_id,
                               const char   *token,
                               const char   *expires_at,
                               GError      **error)
{
  g_autofree char *path = g_strdup (saha_store_get_path (*store));
  g_autofree char *old_id = g_strdup (saha_store_get_replica_id (*store));
  g_autofree char *token_path = saha_sync_token_path (path);
  g_auto(SahaSyncToken) current = { 0 };
  SahaSyncTokenPlace place = SAHA_SYNC_TOKEN_NONE;
  guint64 acked = saha_sync_get_acked (*store);

  g_message ("Replica id %s is taken (restored or copied replica): now %s", old_id, new_id);
  if (token != NULL)
    place = saha_sync_credentials_locate (path);
  /* The pending edits newer than what the server acknowledged get dots of the new id. The
   * acknowledged counter stays: every dot of the new id is above it. */
  if (!saha_store_sync_change_replica_id (*store, new_id, acked, error))
    return FALSE;
  g_clear_object (store);
  *store = saha_store_open (path, error);
  if (*store == NULL)
    return FALSE;

  /* The token file for the new id: the new token, bound to it, or the same one. */
  if (token != NULL || g_file_test (token_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *server = saha_store_get_setting (*store, "server_url");
      g_autofree char *user = saha_store_get_setting (*store, "user");

      if (token == NULL && !saha_sync_token_load (path, &current, error))
        return FALSE;
      if (!saha_sync_token_save (path, token != NULL ? token : current.token,
                                 expires_at != NULL ? expires_at : "",
                                 user != NULL ? user : "", server != NULL ? server : "",
                                 new_id, error))
        return FALSE;
      /* A token the app kept in the secret service goes back there. */
      if (place == SAHA_SYNC_TOKEN_KEYRING)
        {
          g_autoptr(GError) keyring_error = NULL;

          if (saha_sync_credentials_move_to_keyring (path, NULL, &keyring_error)
              != SAHA_SYNC_TOKEN_KEYRING && keyring_error != NULL)
            g_message ("The new token stays in %s: %s", token_path, keyring_error->message);
        }
    }
  return TRUE;
}

gboolean
saha_sync_renew_replica (SahaStore       **store,
                         SahaSyncClient   *client,
                         char            **new_token,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *object;
  const char *replica_id;
  const char *token;

  answer = saha_sync_client_request (client, "POST", "/v1/replica", body, NULL, cancellable,
                                     error);
  if (answer == NULL)
    return FALSE;
  object = json_node_get_object (answer);
  replica_id = saha_json_get_string (object, "replica_id", NULL);
  token = saha_json_get_string (object, "token", NULL);
  if (replica_id == NULL || !saha_replica_id_is_valid (replica_id) || token == NULL)
    {
      g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                   _("The server's answer to a new replica id lacks the id or the token"));
      return FALSE;
    }
  if (!saha_sync_take_new_replica_id (store, replica_id, token,
                                      saha_json_get_string (object,
                                                                                  "expires_at",
                                                                                  ""),
                                      error)
      || !adopt_number_series (*store, object, error))
    return FALSE;
  if (new_token != NULL)
    *new_token = g_strdup (token);
  return TRUE;
}

static gboolean
store_login_answer (SahaStore   *store,
                    const char  *server_url,
                    const char  *user,
                    JsonObject  *answer,
                    guint64      counter,
                    GError     **error)
{
  JsonObject *me = saha_json_get_object (answer, "user");
  const char *token = saha_json_get_string (answer, "token", NULL);
  const char *expires_at = saha_json_get_string (answer, "expires_at", "");
  const char *epoch = saha_json_get_string (answer, "epoch", NULL);
  const char *role = saha_json_get_string (me, "role", NULL);
  const char *code = saha_json_get_string (me, "code", NULL);
  const char *name = saha_json_get_string (me, "name", user);
  g_autofree char *old_server = saha_store_get_setting (store, "server_url");
  g_autofree char *old_user = saha_store_get_setting (store, "user");
  g_autofree char *owner_user = saha_store_get_setting (store, "owner_user");
  g_autofree char *owner_server = saha_store_get_setting (store, "owner_server");
  g_autofree char *counter_text = g_strdup_printf ("%" G_GUINT64_FORMAT, counter);

  if (token == NULL || epoch == NULL || role == NULL)
    {
      g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                   _("The server's login answer lacks a token, epoch or role"));
      return FALSE;
    }

  if (!saha_store_begin (store, error))
    return FALSE;
  /* Another account or server sees other records: start over with a full pull, which
   * removes what the new account may not see (the previous account's pending edits are
   * set aside just below, not pushed). */
  if ((old_server != NULL && g_strcmp0 (old_server, server_url) != 0)
      || (old_user != NULL && g_strcmp0 (old_user, name) != 0))
    {
      if (!saha_store_set_setting (store, "cursor", "", error)
          || !saha_store_set_setting (store, "resync", "1", error))
        goto fail;
    }
  /* A replica belongs to one user at a time: the previous user's pending edits are
   * set aside, shown with their name, and pushed only when someone retries them. The
   * owner (owner_user at owner_server) stays when signing out; a replica signed out
   * before it was kept ("user" empty) holds edits of someone unknown. */
  if (owner_user == NULL && old_user != NULL)
    {
      owner_user = g_strdup (old_user);
      owner_server = g_strdup (*old_user != '\0' && old_server != NULL ? old_server : "");
    }
  if (owner_user != NULL
      && (g_strcmp0 (owner_user, name) != 0 || g_strcmp0 (owner_server, server_url) != 0))
    {
      guint n_set_aside = 0;

      if (!saha_store_sync_set_aside_pending (store, owner_user, &n_set_aside, error))
        goto fail;
      if (n_set_aside > 0)
        g_message ("%u records with edits of %s set aside: %s signs in", n_set_aside,
                   *owner_user != '\0' ? owner_user : "an earlier user", name);
    }
  if (!saha_store_set_setting (store, "server_url", server_url, error)
      || !saha_store_set_setting (store, "user", name, error)
      || !saha_store_set_setting (store, "owner_user", name, error)
      || !saha_store_set_setting (store, "owner_server", server_url, error)
      || !saha_store_set_setting (store, "user_role", role, error)
      || !saha_store_set_setting (store, "user_code", code, error)
      || !saha_store_set_setting (store, "server_epoch", epoch, error)
      || !saha_store_set_setting (store, "replica_counter_acked", counter_text, error))
    goto fail;
  if (!saha_store_commit (store, error))
    goto fail;
  if (!adopt_number_series (store, answer, error))
    return FALSE;

  return saha_sync_token_save (saha_store_get_path (store), token, expires_at, name,
                               server_url, saha_store_get_replica_id (store), error);

fail:
  saha_store_rollback (store);
  return FALSE;
}

/**
 * saha_sync_login:
 * @db_path: a replica file
 * @server_url: the server, e.g. "http://127.0.0.1:8080"
 * @user: the user name
 * @password: the password
 * @cancellable: (nullable): cancels the request
 * @error: return location for a #SAHA_SYNC_ERROR: %SAHA_SYNC_ERROR_AUTH for a wrong name
 *   or password, %SAHA_SYNC_ERROR_DEVICE_WIPED for a device marked lost,
 *   %SAHA_SYNC_ERROR_PROTOCOL for an answer it cannot read, else as
 *   saha_sync_client_request() or a #SAHA_STORE_ERROR
 *
 * Signs the replica in (see saha-sync.h): stores the server, user, role, code and epoch
 * in its settings and the bearer token in the token file, mode 0600. Another user or
 * server resets the pull cursor. Blocking; call it from a worker thread in a GUI.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_sync_login (const char    *db_path,
                 const char    *server_url,
                 const char    *user,
                 const char    *password,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(SahaSyncClient) client = NULL;

  g_return_val_if_fail (db_path != NULL && server_url != NULL, FALSE);
  g_return_val_if_fail (user != NULL && password != NULL, FALSE);

  store = saha_store_open (db_path, error);
  if (store == NULL)
    return FALSE;
  client = saha_sync_client_new (server_url, NULL, 3, 250);

  /* Twice at most: a second replica_reused after taking a fresh id is a server bug. */
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) request = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *error_code = NULL;
      guint64 counter = saha_store_sync_get_counter (store, &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "user");
      json_builder_add_string_value (builder, user);
      json_builder_set_member_name (builder, "password");
      json_builder_add_string_value (builder, password);
      json_builder_set_member_name (builder, "replica_id");
      json_builder_add_string_value (builder, saha_store_get_replica_id (store));
      json_builder_set_member_name (builder, "replica_counter");
      json_builder_add_int_value (builder, (gint64) counter);
      json_builder_set_member_name (builder, "replica_counter_acked");
      json_builder_add_int_value (builder, (gint64) MIN (saha_sync_get_acked (store), counter));
      json_builder_end_object (builder);
      request = json_builder_get_root (builder);
      text = json_to_string (request, FALSE);
      body = g_bytes_new_take (text, strlen (text));
      text = NULL;

      answer = saha_sync_client_request (client, "POST", "/v1/login", body, &error_code,
                                         cancellable, &local_error);
      if (answer != NULL)
        {
          const char *issued = saha_json_get_string (json_node_get_object (answer), "replica_id", NULL);

          /* The server did not confirm this file's id (a copy, or a restored file): its
           * pending edits take the id it issued before anything is stamped again. */
          if (issued != NULL && g_strcmp0 (issued, saha_store_get_replica_id (store)) != 0)
            {
              if (!saha_replica_id_is_valid (issued))
                {
                  g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                               _("The server issued an invalid replica id"));
                  return FALSE;
                }
              if (!saha_sync_take_new_replica_id (&store, issued, NULL, NULL, error))
                return FALSE;
            }
          return store_login_answer (store, server_url, user, json_node_get_object (answer),
                                     counter, error);
        }

      /* An older server that refuses instead of issuing an id. */
      if (g_strcmp0 (error_code, "replica_reused") == 0 && attempt == 0)
        {
          g_autofree char *fresh = saha_sync_new_replica_id ();

          if (!saha_sync_take_new_replica_id (&store, fresh, NULL, NULL, error))
            return FALSE;
          continue;
        }
      if (g_error_matches (local_error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_AUTH))
        {
          g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_AUTH,
                       _("Sign-in to %s failed: %s"), server_url, local_error->message);
          return FALSE;
        }
      /* This device was marked lost: its data goes, as on a sync (docs/security.md). */
      if (g_error_matches (local_error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_DEVICE_WIPED))
        {
          g_clear_object (&store);
          saha_sync_wipe_lost_device (db_path, error);
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_REPLICA_REUSED,
               _("The server refused a freshly made replica id as reused"));
  return FALSE;
}
