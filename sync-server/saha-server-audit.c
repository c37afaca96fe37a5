/* saha-server-audit.c: the audit trail and device commands of saha-server (`audit`,
 * `device list`, `device wipe`).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>

#include "saha-server-admin.h"
#include "saha-server-clock.h"
#include "saha-server-storage.h"

static char *
iso_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* "2026-12-06" (midnight UTC) or an ISO 8601 date and time ("2026-12-06T10:00:00Z";
 * without a zone, UTC). */
static gboolean
parse_since (const char *text,
             gint64     *since)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;

  if (strlen (text) == 10)
    {
      g_autofree char *full = g_strconcat (text, "T00:00:00", NULL);
      time = g_date_time_new_from_iso8601 (full, utc);
    }
  else
    time = g_date_time_new_from_iso8601 (text, utc);
  if (time == NULL)
    return FALSE;
  *since = g_date_time_to_unix (time);
  return TRUE;
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

int
saha_server_admin_audit (const SahaServerStorageTarget *target,
                         char       **args,
                         const char  *record,
                         const char  *user,
                         const char  *since_text,
                         gboolean     json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaServerStorage) storage = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 since = 0;

  if (args != NULL && args[0] != NULL)
    {
      g_printerr ("saha-server: usage: audit [--record ID] [--user U] [--since DATE] [--json]\n");
      return 2;
    }
  if (since_text != NULL && !parse_since (since_text, &since))
    {
      g_printerr ("saha-server: audit: --since \"%s\" is not a date (2026-12-06 or "
                  "2026-12-06T10:00:00Z)\n", since_text);
      return 2;
    }
  storage = saha_server_storage_connect (target, &error);
  if (storage == NULL
      || (entries = saha_server_storage_audit_list (storage, record, user, since, &error)) == NULL)
    {
      g_printerr ("saha-server: audit: %s\n", error->message);
      return 1;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < entries->len; i++)
        {
          SahaServerAuditEntry *entry = g_ptr_array_index (entries, i);
          g_autofree char *at = iso_time (entry->at);

          json_builder_begin_object (builder);
          add_string_or_null (builder, "at", at);
          add_string_or_null (builder, "user", entry->user);
          add_string_or_null (builder, "device", entry->device);
          add_string_or_null (builder, "entity", entry->entity);
          add_string_or_null (builder, "id", entry->id);
          add_string_or_null (builder, "field", entry->field);
          add_string_or_null (builder, "old", entry->old_value);
          add_string_or_null (builder, "new", entry->new_value);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return 0;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      SahaServerAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *at = iso_time (entry->at);

      g_print ("%s\t%s\t%s\t%s %s\t%s\t%s -> %s\n", at, entry->user != NULL ? entry->user : "-",
               entry->device != NULL ? entry->device : "-", entry->entity, entry->id,
               entry->field, entry->old_value != NULL ? entry->old_value : "(unset)",
               entry->new_value != NULL ? entry->new_value : "(unset)");
    }
  return 0;
}

static int
device_list (SahaServerStorage *storage,
             gboolean           json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = saha_server_storage_device_list (storage, NULL, &error);

  if (devices == NULL)
    {
      g_printerr ("saha-server: device list: %s\n", error->message);
      return 1;
    }
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < devices->len; i++)
        {
          SahaServerDevice *device = g_ptr_array_index (devices, i);
          g_autofree char *seen = device->last_seen > 0 ? iso_time (device->last_seen) : NULL;
          g_autofree char *wiped = device->wiped_at > 0 ? iso_time (device->wiped_at) : NULL;

          json_builder_begin_object (builder);
          add_string_or_null (builder, "replica_id", device->replica_id);
          add_string_or_null (builder, "user", device->user);
          add_string_or_null (builder, "last_seen", seen);
          add_string_or_null (builder, "wiped_at", wiped);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      print_json (builder);
      return 0;
    }
  for (guint i = 0; i < devices->len; i++)
    {
      SahaServerDevice *device = g_ptr_array_index (devices, i);
      g_autofree char *seen = device->last_seen > 0 ? iso_time (device->last_seen) : g_strdup ("-");
      g_autofree char *wiped = device->wiped_at > 0 ? iso_time (device->wiped_at) : NULL;

      g_print ("%s\t%s\t%s%s%s\n", device->replica_id, device->user, seen,
               wiped != NULL ? "\twiped " : "", wiped != NULL ? wiped : "");
    }
  return 0;
}

/* Marks @replica_id (or, with @user, every device of @user) lost: sessions end now, and
 * the device deletes its data when it next connects. */
static int
device_wipe (SahaServerStorage *storage,
             const char        *replica_id,
             const char        *user_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(SahaServerUser) user = NULL;
  gint64 now = saha_server_now ();
  guint wiped = 0;

  if (user_name != NULL)
    {
      user = saha_server_storage_user_lookup (storage, user_name, &error);
      if (user == NULL)
        {
          g_printerr ("saha-server: device wipe: %s\n",
                      error != NULL ? error->message : "there is no such user");
          return 1;
        }
    }
  if (!saha_server_storage_begin (storage, TRUE, &error)
      || (devices = saha_server_storage_device_list (storage, user_name, &error)) == NULL)
    goto fail;
  for (guint i = 0; i < devices->len; i++)
    {
      SahaServerDevice *device = g_ptr_array_index (devices, i);
      g_autoptr(SahaServerUser) owner = NULL;

      if (user_name == NULL && g_strcmp0 (device->replica_id, replica_id) != 0)
        continue;
      owner = saha_server_storage_user_lookup (storage, device->user, &error);
      if (owner == NULL)
        goto fail;
      if (!saha_server_storage_device_wipe (storage, device->replica_id, owner->id, now, &error))
        goto fail;
      g_print ("wiped %s (%s)%s\n", device->replica_id, device->user,
               device->wiped_at > 0 ? ", already marked before" : "");
      wiped++;
    }
  if (wiped == 0)
    {
      saha_server_storage_rollback (storage);
      if (user_name != NULL)
        g_printerr ("saha-server: device wipe: %s has no devices\n", user_name);
      else
        g_printerr ("saha-server: device wipe: no device has replica id %s (see device list)\n",
                    replica_id);
      return 1;
    }
  if (!saha_server_storage_commit (storage, &error))
    goto fail;
  return 0;

fail:
  saha_server_storage_rollback (storage);
  g_printerr ("saha-server: device wipe: %s\n", error != NULL ? error->message : "failed");
  return 1;
}

int
saha_server_admin_device (const SahaServerStorageTarget *target,
                          char       **args,
                          const char  *user,
                          gboolean     json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaServerStorage) storage = NULL;
  guint n_args = args != NULL ? g_strv_length (args) : 0;
  gboolean list = n_args == 1 && g_strcmp0 (args[0], "list") == 0 && user == NULL;
  gboolean wipe = g_strcmp0 (n_args > 0 ? args[0] : NULL, "wipe") == 0
                  && ((n_args == 2 && user == NULL) || (n_args == 1 && user != NULL));

  if (!list && !wipe)
    {
      g_printerr ("saha-server: usage: device list [--json]\n"
                  "                    device wipe REPLICA_ID | device wipe --user U\n");
      return 2;
    }
  storage = saha_server_storage_connect (target, &error);
  if (storage == NULL)
    {
      g_printerr ("saha-server: device: %s\n", error->message);
      return 1;
    }
  if (list)
    return device_list (storage, json);
  return device_wipe (storage, n_args == 2 ? args[1] : NULL, user);
}
