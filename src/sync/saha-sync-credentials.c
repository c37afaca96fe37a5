/* saha-sync-credentials.c: where a profile's bearer token lives (the token file or the
 * desktop's secret service): reading and writing it, moving it there, clearing it, and
 * signing out of the server.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#ifdef HAVE_LIBSECRET
#include <libsecret/secret.h>
#endif

#include "saha-sync-credentials.h"
#include "saha-sync-private.h"

/**
 * saha_sync_token_path:
 * @db_path: a replica file
 *
 * Returns: (transfer full): the replica's token file, "<db_path>.token"; free with g_free()
 */
char *
saha_sync_token_path (const char *db_path)
{
  return g_strconcat (db_path, ".token", NULL);
}

guint64
saha_sync_file_inode (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return 0;
  return (guint64) st.st_ino;
}

SahaSyncClient *
saha_sync_client_for_replica (const char  *db_path,
                              guint        max_attempts,
                              guint        retry_delay_ms,
                              SahaStore  **store,
                              GError     **error)
{
  g_autoptr(SahaStore) opened = NULL;
  g_auto(SahaSyncToken) token = { 0 };
  g_autofree char *server_url = NULL;
  SahaSyncClient *client;

  opened = saha_store_open (db_path, error);
  if (opened == NULL)
    return NULL;
  server_url = saha_store_get_setting (opened, "server_url");
  if (server_url == NULL || *server_url == '\0')
    {
      g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_AUTH,
                   _("This profile is not signed in to a server"));
      return NULL;
    }
  if (!saha_sync_token_load (db_path, &token, error))
    return NULL;

  client = saha_sync_client_new (server_url, token.token, max_attempts, retry_delay_ms);
  *store = g_steal_pointer (&opened);
  return client;
}

void
saha_sync_token_clear (SahaSyncToken *token)
{
  g_clear_pointer (&token->token, g_free);
  g_clear_pointer (&token->replica_id, g_free);
  token->inode = 0;
}

gboolean
saha_sync_token_load (const char     *db_path,
                      SahaSyncToken  *token,
                      GError        **error)
{
  g_autofree char *path = saha_sync_token_path (db_path);
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  const char *value;

  memset (token, 0, sizeof *token);
  /* The file (saha-cli login) wins; the app keeps its token in the secret service. */
  if (!g_file_get_contents (path, &contents, NULL, &local_error)
      && (contents = saha_sync_credentials_keyring_lookup (db_path, NULL, NULL)) == NULL)
    {
      g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_AUTH,
                   _("Not signed in (no token beside %s): run “saha-cli login” first"),
                   db_path);
      return FALSE;
    }
  object = saha_json_load_object (parser, contents, strlen (contents), NULL, NULL);
  if ((value = saha_json_get_string (object, "token", NULL)) == NULL)
    {
      g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_AUTH,
                   _("The token file %s is damaged: sign in again"), path);
      return FALSE;
    }
  token->token = g_strdup (value);
  token->replica_id = g_strdup (saha_json_get_string (object, "replica_id", NULL));
  token->inode = (guint64) saha_json_get_int (object, "inode", 0);
  return TRUE;
}

gboolean
saha_sync_token_save (const char  *db_path,
                      const char  *token,
                      const char  *expires_at,
                      const char  *user,
                      const char  *server,
                      const char  *replica_id,
                      GError     **error)
{
  g_autofree char *path = saha_sync_token_path (db_path);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires_at);
  json_builder_set_member_name (builder, "user");
  json_builder_add_string_value (builder, user);
  json_builder_set_member_name (builder, "server");
  json_builder_add_string_value (builder, server);
  json_builder_set_member_name (builder, "replica_id");
  json_builder_add_string_value (builder, replica_id);
  json_builder_set_member_name (builder, "inode");
  json_builder_add_int_value (builder, (gint64) saha_sync_file_inode (db_path));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);

  /* The token is a password for the server: only the user may read it. Written to a
   * temporary file created 0600 and renamed, so a crash never leaves half a token. */
  return g_file_set_contents_full (path, text, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/*
 * The token document (the token file's JSON: token, expiry, user, server, replica id and
 * inode) is kept whole in the secret service, so the replica-copy check of the sync
 * engine works the same for both places. One item per replica file, found by its path.
 */
#ifdef HAVE_LIBSECRET
static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "org.sahacrm.Saha.Token", SECRET_SCHEMA_NONE,
    {
      { "replica", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}
#endif

/**
 * saha_sync_credentials_keyring_available:
 *
 * Whether a secret service owns org.freedesktop.secrets on the session bus right now; it
 * is never started for the question. Blocking (a D-Bus round trip).
 *
 * Returns: %TRUE when one runs; always %FALSE in a build without libsecret
 */
gboolean
saha_sync_credentials_keyring_available (void)
{
#ifdef HAVE_LIBSECRET
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autofree char *runtime_bus = NULL;
  const char *no_keyring = g_getenv ("SAHA_NO_KEYRING");
  gboolean has_owner = FALSE;

  /* For benchmarks and scripted runs on a desktop that must use the file. */
  if (no_keyring != NULL && *no_keyring != '\0' && g_strcmp0 (no_keyring, "0") != 0)
    return FALSE;

  /* Without a session bus GLib would try to autolaunch one (dbus-launch under X11):
   * a CLI run from cron must not start daemons to learn there is no keyring. */
  runtime_bus = g_build_filename (g_get_user_runtime_dir (), "bus", NULL);
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL
      && !g_file_test (runtime_bus, G_FILE_TEST_EXISTS))
    return FALSE;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    return FALSE;

  /* NameHasOwner rather than a call to the service: a call would start an installed
   * but stopped keyring daemon, which then asks for a password nobody expects. */
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                       1000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);
  return has_owner;
#else
  return FALSE;
#endif
}

/**
 * saha_sync_credentials_keyring_lookup:
 * @db_path: a replica file
 * @cancellable: (nullable): cancels the lookup
 * @error: return location for the secret service's error
 *
 * Blocking.
 *
 * Returns: (transfer full) (nullable): the token document kept in the secret service for
 *   @db_path, or %NULL when there is none, no secret service runs, or with @error set
 */
char *
saha_sync_credentials_keyring_lookup (const char    *db_path,
                                      GCancellable  *cancellable,
                                      GError       **error)
{
  g_return_val_if_fail (db_path != NULL, NULL);

#ifdef HAVE_LIBSECRET
  if (!saha_sync_credentials_keyring_available ())
    return NULL;
  return secret_password_lookup_sync (token_schema (), cancellable, error,
                                      "replica", db_path, NULL);
#else
  return NULL;
#endif
}

/**
 * saha_sync_credentials_locate:
 * @db_path: a replica file
 *
 * Where the token of the replica is; the file wins when both exist. Blocking (a D-Bus
 * round trip when the secret service runs).
 *
 * Returns: the token's place, %SAHA_SYNC_TOKEN_NONE when not signed in
 */
SahaSyncTokenPlace
saha_sync_credentials_locate (const char *db_path)
{
  g_autofree char *path = NULL;
  g_autofree char *document = NULL;

  g_return_val_if_fail (db_path != NULL, SAHA_SYNC_TOKEN_NONE);

  path = saha_sync_token_path (db_path);
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return SAHA_SYNC_TOKEN_FILE;

  document = saha_sync_credentials_keyring_lookup (db_path, NULL, NULL);
  return document != NULL ? SAHA_SYNC_TOKEN_KEYRING : SAHA_SYNC_TOKEN_NONE;
}

/**
 * saha_sync_credentials_move_to_keyring:
 * @db_path: a replica file whose token file saha_sync_login() wrote
 * @cancellable: (nullable): cancels the store
 * @error: return location for the secret service's or a #GIOError's error, set when the
 *   token stays in its file because the secret service refused
 *
 * When a secret service runs, stores the token document there and removes the file.
 * Blocking.
 *
 * Returns: the place the token ends up in; %SAHA_SYNC_TOKEN_FILE when no secret service
 *   runs or it refused
 */
SahaSyncTokenPlace
saha_sync_credentials_move_to_keyring (const char    *db_path,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
#ifdef HAVE_LIBSECRET
  g_autofree char *path = NULL;
  g_autofree char *document = NULL;
  g_autofree char *label = NULL;
  g_autofree char *basename = NULL;

  g_return_val_if_fail (db_path != NULL, SAHA_SYNC_TOKEN_NONE);

  path = saha_sync_token_path (db_path);
  if (!g_file_get_contents (path, &document, NULL, NULL))
    return saha_sync_credentials_locate (db_path);
  if (!saha_sync_credentials_keyring_available ())
    return SAHA_SYNC_TOKEN_FILE;

  basename = g_path_get_basename (db_path);
  /* Translators: the label of the sign-in token in the desktop's password manager */
  label = g_strdup_printf (_("Saha sign-in for %s"), basename);
  if (!secret_password_store_sync (token_schema (), SECRET_COLLECTION_DEFAULT, label,
                                   document, cancellable, error, "replica", db_path, NULL))
    return SAHA_SYNC_TOKEN_FILE;

  /* Only once the secret service holds it: a failed store keeps the file working. */
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot remove the token file %s: %s"), path, g_strerror (saved_errno));
      return SAHA_SYNC_TOKEN_FILE;
    }
  return SAHA_SYNC_TOKEN_KEYRING;
#else
  g_return_val_if_fail (db_path != NULL, SAHA_SYNC_TOKEN_NONE);
  return saha_sync_credentials_locate (db_path);
#endif
}

/**
 * saha_sync_credentials_clear:
 * @db_path: a replica file
 * @cancellable: (nullable): cancels the secret service call
 * @error: return location for a #GIOError when the token file could not be removed, or
 *   the secret service's error
 *
 * Removes the token of @db_path from the file and from the secret service; a missing
 * file is not an error. Blocking.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_sync_credentials_clear (const char    *db_path,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (db_path != NULL, FALSE);

  path = saha_sync_token_path (db_path);
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot remove the token file %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

#ifdef HAVE_LIBSECRET
  if (saha_sync_credentials_keyring_available ())
    {
      g_autoptr(GError) local_error = NULL;

      /* FALSE without an error means there was no such item. */
      if (!secret_password_clear_sync (token_schema (), cancellable, &local_error,
                                       "replica", db_path, NULL)
          && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
#endif

  return TRUE;
}

/**
 * saha_sync_logout:
 * @db_path: a replica file
 * @server_told: (out) (optional): whether the server revoked the token
 * @cancellable: (nullable): cancels the request
 * @error: return location for the error of saha_sync_credentials_clear()
 *
 * Signs out: revokes the token on the server (one attempt, best effort, so that signing
 * out offline works), then clears it locally. Blocking; run it in a worker thread.
 *
 * Returns: %FALSE only when the token could not be removed locally
 */
gboolean
saha_sync_logout (const char    *db_path,
                  gboolean      *server_told,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_auto(SahaSyncToken) token = { 0 };
  g_autoptr(SahaStore) store = NULL;
  g_autofree char *server_url = NULL;
  gboolean told = FALSE;

  g_return_val_if_fail (db_path != NULL, FALSE);

  if (saha_sync_token_load (db_path, &token, NULL)
      && (store = saha_store_open (db_path, NULL)) != NULL
      && (server_url = saha_store_get_setting (store, "server_url")) != NULL
      && *server_url != '\0')
    {
      /* One attempt: a person signing out offline should not wait for retries. */
      g_autoptr(SahaSyncClient) client = saha_sync_client_new (server_url, token.token, 1, 0);
      g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GError) server_error = NULL;

      answer = saha_sync_client_request (client, "POST", "/v1/logout", body, NULL,
                                         cancellable, &server_error);
      told = answer != NULL;
      if (!told)
        g_message ("The server was not told of the sign-out: %s", server_error->message);
    }

  if (server_told != NULL)
    *server_told = told;

  return saha_sync_credentials_clear (db_path, cancellable, error);
}

/**
 * saha_sync_wipe_replica:
 * @db_path: a replica file, with no connection open to it
 * @error: return location for a #GIOError naming a file that could not be removed
 *
 * A lost device's wipe: removes the token, then the replica file with its -wal, -shm
 * and -journal files. Missing files are not an error. Blocking.
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
saha_sync_wipe_replica (const char  *db_path,
                        GError     **error)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal", "" };
  g_autoptr(GError) keyring_error = NULL;

  g_return_val_if_fail (db_path != NULL, FALSE);

  /* The token first: a replica left behind by a failure is at least signed out. A
   * secret service that refuses does not stop the data from being deleted. */
  if (!saha_sync_credentials_clear (db_path, NULL, &keyring_error))
    g_warning ("Wiping %s: %s", db_path, keyring_error->message);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db_path, suffixes[i], NULL);

      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot delete %s: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }
    }
  if (keyring_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&keyring_error));
      return FALSE;
    }
  return TRUE;
}

void
saha_sync_wipe_lost_device (const char  *db_path,
                            GError     **error)
{
  g_autoptr(GError) wipe_error = NULL;

  if (!saha_sync_wipe_replica (db_path, &wipe_error))
    g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_DEVICE_WIPED,
                 _("This device was marked lost by an administrator, but deleting its data "
                   "failed: %s"), wipe_error->message);
  else
    g_set_error (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_DEVICE_WIPED,
                 _("This device was marked lost by an administrator: its data (%s, its "
                   "sign-in token and keyring entry) has been deleted from this computer"),
                 db_path);
}
