/* saha-server-retention.c: how long closed calls' and visits' personal free text is kept
 * (docs/security.md, "Retention"), and the `retention` command of saha-server.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <sodium.h>
#include <string.h>

#include "saha-erasure.h"
#include "saha-server-admin.h"
#include "saha-server-clock.h"
#include "saha-server-error.h"
#include "saha-server-retention.h"
#include "saha-server-sync.h"

#define DAY (24 * 3600)
/* The replica id retention writes as (as "s-erasure" for erasure). */
#define RETENTION_REPLICA "s-retention"
/* Who the audit trail says made the change. */
#define RETENTION_USER "(retention)"
#define HASH_KEY "audit_hash_key"
/* The audit entry number up to which every entry has had its values hashed. */
#define HASHED_UPTO "audit_hashed_upto"
/* A stored state is the server's own output; a generous bound, not a security limit. */
#define STORED_STATE_MAX_BYTES (64 * 1024 * 1024)

void
saha_server_retention_free (SahaServerRetention *retention)
{
  if (retention == NULL)
    return;
  g_clear_pointer (&retention->blanked, g_ptr_array_unref);
  g_free (retention);
}

gint64
saha_server_retention_days (SahaServerStorage *storage)
{
  g_autofree char *text = saha_server_storage_get_meta (storage, SAHA_SERVER_RETENTION_KEY);
  guint64 days = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, 365 * 100, &days, NULL))
    return 0;
  return (gint64) days;
}

static void
revocation_free (SahaServerRevocation *key)
{
  if (key == NULL)
    return;
  g_free (key->entity);
  g_free (key->id);
  g_free (key);
}

/* The server's key for hashing audit values, made (32 random bytes) on first use. */
static gboolean
hash_key (SahaServerStorage  *storage,
          guchar              key[crypto_generichash_KEYBYTES],
          GError            **error)
{
  g_autofree char *hex = saha_server_storage_get_meta (storage, HASH_KEY);
  size_t length = 0;

  if (hex != NULL && sodium_hex2bin (key, crypto_generichash_KEYBYTES, hex, strlen (hex),
                                     NULL, &length, NULL) == 0
      && length == crypto_generichash_KEYBYTES)
    return TRUE;
  {
    char text[crypto_generichash_KEYBYTES * 2 + 1];

    randombytes_buf (key, crypto_generichash_KEYBYTES);
    sodium_bin2hex (text, sizeof text, key, crypto_generichash_KEYBYTES);
    return saha_server_storage_set_meta (storage, HASH_KEY, text, error);
  }
}

/* "hashed:" and the hex keyed BLAKE2b of @value; NULL when @value is unset, erased or
 * hashed already (it stays as it is). */
static char *
hashed (const guchar  key[crypto_generichash_KEYBYTES],
        const char   *value)
{
  guchar digest[32];
  char hex[sizeof digest * 2 + 1];

  if (value == NULL || g_str_equal (value, SAHA_SERVER_AUDIT_ERASED)
      || g_str_has_prefix (value, SAHA_SERVER_AUDIT_HASHED))
    return NULL;
  crypto_generichash (digest, sizeof digest, (const guchar *) value, strlen (value), key,
                      crypto_generichash_KEYBYTES);
  sodium_bin2hex (hex, sizeof hex, digest, sizeof digest);
  return g_strconcat (SAHA_SERVER_AUDIT_HASHED, hex, NULL);
}

/* Hashes the personal values of @entries; adds the number of entries changed. */
static gboolean
hash_entries (SahaServerStorage     *storage,
              const guchar           key[crypto_generichash_KEYBYTES],
              GPtrArray             *entries,
              gint64                *hashed_count,
              GError               **error)
{
  for (guint i = 0; i < entries->len; i++)
    {
      SahaServerAuditEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *old_hash = NULL, *new_hash = NULL;

      if (!saha_erasure_is_personal (entry->entity, entry->field))
        continue;
      old_hash = hashed (key, entry->old_value);
      new_hash = hashed (key, entry->new_value);
      if (old_hash == NULL && new_hash == NULL)
        continue;
      if (!saha_server_storage_audit_set_values (storage, entry->n,
                                                 old_hash != NULL ? old_hash : entry->old_value,
                                                 new_hash != NULL ? new_hash : entry->new_value,
                                                 error))
        return FALSE;
      (*hashed_count)++;
    }
  return TRUE;
}

static SahaRecord *
record_of (const SahaServerRow  *row,
           GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  SahaRecord *record = saha_record_from_json_data (row->state, -1, STORED_STATE_MAX_BYTES,
                                                   &local_error);

  if (record == NULL)
    g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL,
                 "The stored %s %s cannot be read: %s", row->entity, row->id,
                 local_error->message);
  return record;
}

/* The records of @entity that are due, as SahaServerRevocation *, into @due: read in a
 * read transaction, so that pushes go on meanwhile. */
static gboolean
find_due (SahaServerStorage  *storage,
          const char         *entity,
          gint64              before,
          GPtrArray          *due,
          GError            **error)
{
  g_autoptr(GPtrArray) rows = saha_server_storage_rows_of_entity (storage, entity, error);

  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      SahaServerRow *row = g_ptr_array_index (rows, i);
      g_autoptr(SahaRecord) record = NULL;
      SahaServerRevocation *key;

      if (row->deleted)
        continue;
      record = record_of (row, error);
      if (record == NULL)
        return FALSE;
      if (!saha_retention_is_due (record, before))
        continue;
      key = g_new0 (SahaServerRevocation, 1);
      key->entity = g_strdup (row->entity);
      key->id = g_strdup (row->id);
      g_ptr_array_add (due, key);
    }
  return TRUE;
}

/* Blanks the records of @due that are still due (inside the write transaction). */
static gboolean
blank_due (SahaServerStorage    *storage,
           GPtrArray            *due,
           SahaServerRetention  *retention,
           const guchar          key[crypto_generichash_KEYBYTES],
           GError              **error)
{
  for (guint i = 0; i < due->len; i++)
    {
      SahaServerRevocation *key_of = g_ptr_array_index (due, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(SahaServerRow) row = NULL;
      g_autoptr(SahaRecord) record = NULL;
      g_autoptr(GPtrArray) entries = NULL;

      row = saha_server_storage_row_lookup (storage, key_of->entity, key_of->id, &local_error);
      if (row == NULL && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (row == NULL || row->deleted)
        continue;
      record = record_of (row, error);
      if (record == NULL)
        return FALSE;
      /* A push since the read may have changed it. */
      if (!saha_retention_is_due (record, retention->before)
          || saha_retention_blank (record, RETENTION_REPLICA, 0) == 0)
        continue;
      if (!saha_server_sync_store (storage, row, record, NULL, NULL, RETENTION_USER, NULL,
                                   error)
          || !saha_server_storage_forget_answers_with (storage, row->id, error))
        return FALSE;
      /* The record's own history, the entries just made included, keeps no plain
       * personal value either. */
      entries = saha_server_storage_audit_list (storage, row->id, NULL, 0, error);
      if (entries == NULL || !hash_entries (storage, key, entries, &retention->hashed, error))
        return FALSE;
      g_ptr_array_add (retention->blanked, g_steal_pointer (&g_ptr_array_index (due, i)));
    }
  return TRUE;
}

SahaServerRetention *
saha_server_retention_run (SahaServerStorage  *storage,
                           gint64              days,
                           gint64              now,
                           gboolean            dry_run,
                           GError            **error)
{
  g_autoptr(SahaServerRetention) retention = g_new0 (SahaServerRetention, 1);
  g_autoptr(GPtrArray) old_entries = NULL;
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func ((GDestroyNotify) revocation_free);
  g_autofree char *upto_text = NULL;
  g_autofree char *done_text = NULL;
  guchar key[crypto_generichash_KEYBYTES];
  gint64 upto = 0, done_upto = 0;
  gboolean ok;

  g_return_val_if_fail (days > 0, NULL);

  retention->days = days;
  retention->before = now - days * DAY;
  retention->blanked = g_ptr_array_new_with_free_func ((GDestroyNotify) revocation_free);
  /* What is due, read without holding the write lock. */
  if (!saha_server_storage_begin (storage, FALSE, error))
    return NULL;
  if (!find_due (storage, "service_call", retention->before, due, error)
      || !find_due (storage, "visit", retention->before, due, error))
    {
      saha_server_storage_rollback (storage);
      return NULL;
    }
  saha_server_storage_rollback (storage);

  if (!saha_server_storage_begin (storage, TRUE, error))
    return NULL;
  upto_text = saha_server_storage_get_meta (storage, HASHED_UPTO);
  if (upto_text != NULL)
    upto = g_ascii_strtoll (upto_text, NULL, 10);
  ok = hash_key (storage, key, error)
       && blank_due (storage, due, retention, key, error)
       && (old_entries = saha_server_storage_audit_list_before (storage, retention->before, upto,
                                                                &done_upto, error)) != NULL
       && hash_entries (storage, key, old_entries, &retention->hashed, error);
  /* The next run starts after what is done for good (the whole trail when nothing is
   * younger than the period: then up to its last entry). */
  if (ok && done_upto == G_MAXINT64)
    for (guint i = 0; i < old_entries->len; i++)
      done_upto = i == 0 ? ((SahaServerAuditEntry *) g_ptr_array_index (old_entries, i))->n
                         : MAX (done_upto,
                                ((SahaServerAuditEntry *) g_ptr_array_index (old_entries, i))->n);
  if (ok && done_upto != G_MAXINT64 && done_upto > upto)
    {
      done_text = g_strdup_printf ("%" G_GINT64_FORMAT, done_upto);
      ok = saha_server_storage_set_meta (storage, HASHED_UPTO, done_text, error);
    }
  sodium_memzero (key, sizeof key);
  if (!ok)
    {
      saha_server_storage_rollback (storage);
      return NULL;
    }
  if (dry_run)
    {
      saha_server_storage_rollback (storage);
      return g_steal_pointer (&retention);
    }
  if (!saha_server_storage_commit (storage, error))
    return NULL;
  if (retention->blanked->len > 0 || retention->hashed > 0)
    {
      /* The old values may still be in the write-ahead log: fold it into the file
       * (where secure_delete zeroed them) and empty it. */
      saha_server_storage_checkpoint (storage);
      g_message ("Retention (%" G_GINT64_FORMAT " days): %u records blanked, %" G_GINT64_FORMAT
                 " audit entries hashed", days, retention->blanked->len, retention->hashed);
    }
  return g_steal_pointer (&retention);
}

/* The command */

static char *
iso_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

static int
usage (void)
{
  g_printerr ("saha-server: usage: retention set --days N | retention off | "
              "retention [--dry-run] [--json]\n");
  return 2;
}

static void
print_json (const SahaServerRetention *retention,
            gboolean                   dry_run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *before = iso_time (retention->before);
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "days");
  json_builder_add_int_value (builder, retention->days);
  json_builder_set_member_name (builder, "before");
  json_builder_add_string_value (builder, before);
  json_builder_set_member_name (builder, "dry_run");
  json_builder_add_boolean_value (builder, dry_run);
  json_builder_set_member_name (builder, "blanked");
  json_builder_begin_array (builder);
  for (guint i = 0; i < retention->blanked->len; i++)
    {
      SahaServerRevocation *key = g_ptr_array_index (retention->blanked, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "entity");
      json_builder_add_string_value (builder, key->entity);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, key->id);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "audit_hashed");
  json_builder_add_int_value (builder, retention->hashed);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

int
saha_server_admin_retention (const SahaServerStorageTarget *target,
                             char       **args,
                             gint         days,
                             gboolean     dry_run,
                             gboolean     json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaServerStorage) storage = NULL;
  g_autoptr(SahaServerRetention) retention = NULL;
  gint64 period;

  if (args != NULL && args[0] != NULL
      && !((g_str_equal (args[0], "set") || g_str_equal (args[0], "off")) && args[1] == NULL))
    return usage ();
  if (args != NULL && args[0] != NULL && g_str_equal (args[0], "set")
      && (days < 1 || days > 365 * 100))
    {
      g_printerr ("saha-server: retention set: --days N is required, 1 to 36500\n");
      return 2;
    }
  storage = saha_server_storage_connect (target, &error);
  if (storage == NULL)
    {
      g_printerr ("saha-server: retention: %s\n", error->message);
      return 1;
    }
  if (args != NULL && args[0] != NULL)
    {
      g_autofree char *text = g_str_equal (args[0], "set") ? g_strdup_printf ("%d", days) : NULL;

      if (!saha_server_storage_begin (storage, TRUE, &error)
          || !saha_server_storage_set_meta (storage, SAHA_SERVER_RETENTION_KEY,
                                            text != NULL ? text : "off", &error)
          || !saha_server_storage_commit (storage, &error))
        {
          g_printerr ("saha-server: retention: %s\n", error->message);
          return 1;
        }
      if (text != NULL)
        g_print ("Closed service calls' and visits' personal free text is kept %d days; "
                 "the server applies it every hour while it serves.\n", days);
      else
        g_print ("Retention is off: personal free text is kept until erased.\n");
      return 0;
    }

  period = saha_server_retention_days (storage);
  if (period == 0)
    {
      g_printerr ("saha-server: retention: no retention period is set "
                  "(retention set --days N)\n");
      return 1;
    }
  retention = saha_server_retention_run (storage, period, saha_server_now (), dry_run, &error);
  if (retention == NULL)
    {
      g_printerr ("saha-server: retention: %s\n", error->message);
      return 1;
    }
  if (json)
    {
      print_json (retention, dry_run);
      return 0;
    }
  for (guint i = 0; i < retention->blanked->len; i++)
    {
      SahaServerRevocation *key = g_ptr_array_index (retention->blanked, i);

      g_print ("%s\t%s\n", key->entity, key->id);
    }
  {
    g_autofree char *before = iso_time (retention->before);

    g_print ("%s %u records that ended before %s (%" G_GINT64_FORMAT " days); %s %"
             G_GINT64_FORMAT " audit entries' personal values\n",
             dry_run ? "Would blank" : "Blanked", retention->blanked->len, before,
             retention->days, dry_run ? "would hash" : "hashed", retention->hashed);
  }
  return 0;
}
