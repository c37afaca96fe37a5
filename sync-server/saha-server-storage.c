/* saha-server-storage.c: the storage functions of saha-server-storage.h, dispatched to the
 * backend a storage was opened with (SQLite or PostgreSQL), and what the backends share.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sodium.h>

#include "saha-server-error.h"
#include "saha-server-storage-backend.h"

const char *
saha_server_role_to_string (SahaServerRole role)
{
  switch (role)
    {
    case SAHA_SERVER_ROLE_REP:
      return "rep";
    case SAHA_SERVER_ROLE_TECH:
      return "tech";
    case SAHA_SERVER_ROLE_OFFICE:
      return "office";
    case SAHA_SERVER_ROLE_ADMIN:
      return "admin";
    default:
      g_assert_not_reached ();
    }
}

gboolean
saha_server_role_from_string (const char     *text,
                              SahaServerRole *role)
{
  for (SahaServerRole r = SAHA_SERVER_ROLE_REP; r <= SAHA_SERVER_ROLE_ADMIN; r++)
    if (g_strcmp0 (text, saha_server_role_to_string (r)) == 0)
      {
        *role = r;
        return TRUE;
      }
  return FALSE;
}

gboolean
saha_server_role_is_field (SahaServerRole role)
{
  return role == SAHA_SERVER_ROLE_REP || role == SAHA_SERVER_ROLE_TECH;
}

void
saha_server_user_free (SahaServerUser *user)
{
  if (user == NULL)
    return;
  g_free (user->name);
  g_free (user->code);
  g_free (user->password_hash);
  g_free (user->full_name);
  g_free (user);
}

SahaServerRow *
saha_server_row_new (void)
{
  return g_new0 (SahaServerRow, 1);
}

void
saha_server_row_free (SahaServerRow *row)
{
  if (row == NULL)
    return;
  g_free (row->entity);
  g_free (row->id);
  g_free (row->parent_entity);
  g_free (row->parent_id);
  g_free (row->root);
  g_free (row->owner);
  g_free (row->assignee);
  g_free (row->state);
  g_free (row->pushed_by);
  g_free (row);
}

void
saha_server_revocation_free (SahaServerRevocation *revocation)
{
  g_free (revocation->entity);
  g_free (revocation->id);
  g_free (revocation);
}

void
saha_server_pull_page_free (SahaServerPullPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->states, g_ptr_array_unref);
  g_clear_pointer (&page->revoked, g_ptr_array_unref);
  g_free (page);
}

void
saha_server_audit_entry_free (SahaServerAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->user);
  g_free (entry->device);
  g_free (entry->entity);
  g_free (entry->id);
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry);
}

void
saha_server_device_free (SahaServerDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->replica_id);
  g_free (device->user);
  g_free (device);
}

char *
saha_server_storage_random_id (void)
{
  guchar bytes[8];
  char hex[sizeof bytes * 2 + 1];

  randombytes_buf (bytes, sizeof bytes);
  return g_strdup (sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes));
}

const char *
saha_server_storage_process_run (void)
{
  static gsize made;
  static char *run;

  if (g_once_init_enter (&made))
    {
      run = saha_server_storage_random_id ();
      g_once_init_leave (&made, 1);
    }
  return run;
}

SahaServerStorage *
saha_server_storage_open (const char  *data_dir,
                          GError     **error)
{
  return saha_server_storage_sqlite_open (data_dir, error);
}

SahaServerStorage *
saha_server_storage_connect (const SahaServerStorageTarget  *target,
                             GError                        **error)
{
  if (target->database != NULL)
    return saha_server_storage_postgresql_open (target->database, error);
  return saha_server_storage_sqlite_open (target->data_dir, error);
}

const char *
saha_server_storage_backend_name (SahaServerStorage *self)
{
  return self->backend->name;
}

void
saha_server_storage_close (SahaServerStorage *self)
{
  if (self != NULL)
    self->backend->close (self);
}

/* Every other function: through the backend's table. */
#define CALL(ret, name, params, args) \
  ret saha_server_storage_##name (SahaServerStorage *self, SAHA_STORAGE_UNPACK params) \
  { return self->backend->name (self, SAHA_STORAGE_UNPACK args); }
#define CALL0(ret, name) \
  ret saha_server_storage_##name (SahaServerStorage *self) \
  { return self->backend->name (self); }
#define VCALL0(name) \
  void saha_server_storage_##name (SahaServerStorage *self) \
  { self->backend->name (self); }
#define VCALL0_BUT_CLOSE(name) VCALL0_##name
#define VCALL0_rollback VCALL0 (rollback)
#define VCALL0_set_bulk_mode VCALL0 (set_bulk_mode)
#define VCALL0_checkpoint VCALL0 (checkpoint)
#define VCALL0_close

SAHA_STORAGE_METHODS (CALL, CALL0, VCALL0_BUT_CLOSE)
