/* saha-sync-client.h: the HTTP half of the sync engine: JSON requests with bounded retries.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _SahaSyncClient SahaSyncClient;

/* A client of the server at @base_url ("http://host:port", no trailing path) sending
 * @token (may be NULL) as the bearer token. One client is used from one thread. */
SahaSyncClient *saha_sync_client_new       (const char      *base_url,
                                            const char      *token,
                                            guint            max_attempts,
                                            guint            retry_delay_ms);
void            saha_sync_client_free      (SahaSyncClient  *client);

/*
 * Sends @body (a JSON document, or NULL for a GET) to @path ("/v1/pull?...") and returns
 * the root of the JSON answer of a 2xx status.
 *
 * Failures to reach the server, and 5xx answers (the server promises nothing changed),
 * are tried again up to max_attempts times with exponential backoff; every request of
 * the protocol may be repeated safely (a push batch is idempotent by its batch_id).
 * Other error answers fail at once with SAHA_SYNC_ERROR_AUTH (401),
 * SAHA_SYNC_ERROR_SERVER or SAHA_SYNC_ERROR_PROTOCOL, and *error_code (may be NULL) gets
 * the protocol's stable code ("resync_required", "replica_reused" ...).
 */
JsonNode       *saha_sync_client_request   (SahaSyncClient  *client,
                                            const char      *method,
                                            const char      *path,
                                            GBytes          *body,
                                            char           **error_code,
                                            GCancellable    *cancellable,
                                            GError         **error);


G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaSyncClient, saha_sync_client_free)

G_END_DECLS
