/* saha-sync-users.h: the server's list of active users (GET /v1/users), for assignment
 * pickers, and its copy kept in the replica for offline use.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "saha-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *name;
  char *role;   /* "rep", "tech", "office", "admin" */
  char *code;
  char *full_name;   /* NULL when the administrator gave none */
} SahaSyncUser;

void        saha_sync_user_free          (SahaSyncUser  *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaSyncUser, saha_sync_user_free)

/*
 * Asks the server the replica at @db_path is signed in to for its active users, sorted by
 * name, and keeps the answer in the replica's "users_cache" setting. Runs in a worker
 * thread with its own SahaStore. Fails with SAHA_SYNC_ERROR_NETWORK, _AUTH ... like a
 * sync. The result is a GPtrArray of SahaSyncUser*.
 */
void        saha_sync_users_fetch_async  (const char           *db_path,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
GPtrArray  *saha_sync_users_fetch_finish (GAsyncResult         *result,
                                          GError              **error);
/* The same, blocking. */
GPtrArray  *saha_sync_users_fetch        (const char           *db_path,
                                          GCancellable         *cancellable,
                                          GError              **error);

/* The users of the last successful fetch (empty when there was none). */
GPtrArray  *saha_sync_users_load_cached  (SahaStore            *store);
/* The name people read for user @name: the full name of the last fetch, else @name. */
char       *saha_sync_user_display_name  (SahaStore            *store,
                                          const char           *name);

/* The company that service reports name (GET /v1/company), as of the last successful
 * sync; a field is NULL when the administrator did not set it. */
typedef struct
{
  char *name;
  char *address;
  char *tax_office;
  char *tax_id;
  char *phone;
  char *email;
  char *labour_rate;   /* money per hour, wire form ("850.00") */
  char *labour_vat;    /* percent: "0", "1", "10" or "20" */
} SahaSyncCompany;

void             saha_sync_company_free        (SahaSyncCompany *company);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaSyncCompany, saha_sync_company_free)
SahaSyncCompany *saha_sync_company_load_cached (SahaStore       *store);

G_END_DECLS
