/* saha-server-admin.c: the user administration commands of saha-server.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <string.h>

#include "saha-server-admin.h"
#include "saha-server-auth.h"
#include "saha-server-error.h"
#include "saha-server-storage.h"

/* User names end up in assigned_to fields, URLs and logs: keep them plain. */
static gboolean
user_name_is_valid (const char *name)
{
  gsize length = strlen (name);

  if (length == 0 || length > 64 || !g_ascii_isalnum (name[0]))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

static int
fail (const char   *command,
      const GError *error)
{
  g_printerr ("saha-server: %s: %s\n", command, error->message);
  return 1;
}

static SahaServerUser *
require_user (SahaServerStorage *storage,
              const char        *name)
{
  g_autoptr(GError) error = NULL;
  SahaServerUser *user = saha_server_storage_user_lookup (storage, name, &error);

  if (user == NULL)
    g_printerr ("saha-server: %s\n", error != NULL ? error->message : "no such user");
  if (user == NULL && error == NULL)
    g_printerr ("saha-server: there is no user named %s\n", name);
  return user;
}

/* A full name is for people to read: one line of text, at most 200 characters. */
static gboolean
full_name_is_valid (const char *full_name)
{
  if (!g_utf8_validate (full_name, -1, NULL) || g_utf8_strlen (full_name, -1) > 200)
    return FALSE;
  for (const char *p = full_name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static int
user_add (SahaServerStorage *storage,
          const char        *name,
          const char        *role_text,
          const char        *full_name,
          gboolean           password_stdin)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *code = NULL;
  SahaServerRole role;

  if (!user_name_is_valid (name))
    {
      g_printerr ("saha-server: user add: \"%s\" is not a valid user name (letters, digits, "
                  "- _ . ; at most 64, starting with a letter or digit)\n", name);
      return 2;
    }
  if (role_text == NULL || !saha_server_role_from_string (role_text, &role))
    {
      g_printerr ("saha-server: user add: --role must be rep, tech, office or admin\n");
      return 2;
    }
  if (full_name != NULL && !full_name_is_valid (full_name))
    {
      g_printerr ("saha-server: user add: --full-name must be one line of text of at most 200 "
                  "characters\n");
      return 2;
    }
  if (!password_stdin)
    {
      g_printerr ("saha-server: user add: give the password on standard input with --password-stdin\n");
      return 2;
    }
  if ((password = saha_server_password_read_stdin (&error)) == NULL
      || (hash = saha_server_password_hash (password, &error)) == NULL)
    return fail ("user add", error);

  if (!saha_server_storage_begin (storage, TRUE, &error))
    return fail ("user add", error);
  code = saha_server_user_code_for (storage, name);
  if (!saha_server_storage_user_add (storage, name, role, code, hash, &error))
    {
      saha_server_storage_rollback (storage);
      return fail ("user add", error);
    }
  if (full_name != NULL)
    {
      g_autoptr(SahaServerUser) user = saha_server_storage_user_lookup (storage, name, &error);

      if (user == NULL
          || !saha_server_storage_user_set_full_name (storage, user->id, full_name, &error))
        {
          saha_server_storage_rollback (storage);
          return fail ("user add", error);
        }
    }
  if (!saha_server_storage_commit (storage, &error))
    {
      saha_server_storage_rollback (storage);
      return fail ("user add", error);
    }
  g_print ("added %s (%s, code %s)\n", name, role_text, code);
  return 0;
}

static int
user_passwd (SahaServerStorage *storage,
             const char        *name,
             gboolean           password_stdin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaServerUser) user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *hash = NULL;
  gint64 revoked;

  if (!password_stdin)
    {
      g_printerr ("saha-server: user passwd: give the password on standard input with --password-stdin\n");
      return 2;
    }
  if ((user = require_user (storage, name)) == NULL)
    return 1;
  if ((password = saha_server_password_read_stdin (&error)) == NULL
      || (hash = saha_server_password_hash (password, &error)) == NULL)
    return fail ("user passwd", error);
  /* A new password ends every session signed in with the old one (a stolen token must
   * not outlive it), in the same transaction: no request sees one without the other. */
  if (!saha_server_storage_begin (storage, TRUE, &error))
    return fail ("user passwd", error);
  if (!saha_server_storage_user_set_password (storage, user->id, hash, &error)
      || (revoked = saha_server_storage_tokens_delete_for_user (storage, user->id, &error)) < 0
      || !saha_server_storage_commit (storage, &error))
    {
      saha_server_storage_rollback (storage);
      return fail ("user passwd", error);
    }
  g_print ("changed the password of %s\n", name);
  g_print ("revoked %" G_GINT64_FORMAT " token(s) of %s\n", revoked, name);
  return 0;
}

static int
user_set (SahaServerStorage *storage,
          const char        *name,
          const char        *full_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaServerUser) user = NULL;

  if (full_name == NULL || !full_name_is_valid (full_name))
    {
      g_printerr ("saha-server: user set: give --full-name, one line of text of at most 200 "
                  "characters (\"\" clears it)\n");
      return 2;
    }
  if ((user = require_user (storage, name)) == NULL)
    return 1;
  if (!saha_server_storage_begin (storage, TRUE, &error)
      || !saha_server_storage_user_set_full_name (storage, user->id, full_name, &error)
      || !saha_server_storage_commit (storage, &error))
    {
      saha_server_storage_rollback (storage);
      return fail ("user set", error);
    }
  g_print ("%s is now called %s\n", name, *full_name != '\0' ? full_name : "by the user name");
  return 0;
}

static int
user_list (SahaServerStorage *storage)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = saha_server_storage_user_list (storage, FALSE, &error);

  if (users == NULL)
    return fail ("user list", error);
  for (guint i = 0; i < users->len; i++)
    {
      SahaServerUser *user = g_ptr_array_index (users, i);

      g_print ("%s\t%s\t%s\t%s%s\n", user->name, saha_server_role_to_string (user->role),
               user->code, user->full_name != NULL ? user->full_name : "",
               user->disabled ? "\tdisabled" : "");
    }
  return 0;
}

/* Disabling also revokes the user's tokens: a disabled account must not keep syncing. */
static int
user_disable_or_revoke (SahaServerStorage *storage,
                        const char        *name,
                        gboolean           disable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaServerUser) user = NULL;
  gint64 revoked;

  if ((user = require_user (storage, name)) == NULL)
    return 1;
  if (!saha_server_storage_begin (storage, TRUE, &error))
    return fail ("user", error);
  if ((disable && !saha_server_storage_user_set_disabled (storage, user->id, TRUE, &error))
      || (revoked = saha_server_storage_tokens_delete_for_user (storage, user->id, &error)) < 0
      || !saha_server_storage_commit (storage, &error))
    {
      saha_server_storage_rollback (storage);
      return fail ("user", error);
    }
  if (disable)
    g_print ("disabled %s\n", name);
  g_print ("revoked %" G_GINT64_FORMAT " token(s) of %s\n", revoked, name);
  return 0;
}

int
saha_server_admin_user (const SahaServerStorageTarget *target,
                        char       **args,
                        const char  *role,
                        const char  *full_name,
                        gboolean     password_stdin)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaServerStorage) storage = NULL;
  guint n_args = args != NULL ? g_strv_length (args) : 0;
  const char *command = n_args > 0 ? args[0] : NULL;

  if (command == NULL
      || (g_strcmp0 (command, "list") == 0 && n_args != 1)
      || (g_strcmp0 (command, "list") != 0 && n_args != 2))
    {
      g_printerr ("saha-server: usage: user add NAME --role rep|tech|office|admin [--full-name TEXT] --password-stdin\n"
                  "                    user set NAME --full-name TEXT\n"
                  "                    user passwd NAME --password-stdin\n"
                  "                    user list | user disable NAME | user revoke-tokens NAME\n");
      return 2;
    }
  if (!saha_server_auth_init ())
    {
      g_printerr ("saha-server: libsodium cannot start\n");
      return 1;
    }
  storage = saha_server_storage_connect (target, &error);
  if (storage == NULL)
    return fail ("user", error);

  if (g_strcmp0 (command, "add") == 0)
    return user_add (storage, args[1], role, full_name, password_stdin);
  if (g_strcmp0 (command, "set") == 0)
    return user_set (storage, args[1], full_name);
  if (g_strcmp0 (command, "passwd") == 0)
    return user_passwd (storage, args[1], password_stdin);
  if (g_strcmp0 (command, "list") == 0)
    return user_list (storage);
  if (g_strcmp0 (command, "disable") == 0)
    return user_disable_or_revoke (storage, args[1], TRUE);
  if (g_strcmp0 (command, "revoke-tokens") == 0)
    return user_disable_or_revoke (storage, args[1], FALSE);
  g_printerr ("saha-server: unknown user command \"%s\"\n", command);
  return 2;
}
