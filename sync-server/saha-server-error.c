/* saha-server-error.c: maps server errors to HTTP statuses and wire codes.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "saha-server-error.h"

G_DEFINE_QUARK (saha-server-error-quark, saha_server_error)

static const struct
{
  guint       status;
  const char *code;
} wire_errors[] = {
  [SAHA_SERVER_ERROR_INVALID_BODY]       = { 400, "invalid_body" },
  [SAHA_SERVER_ERROR_INVALID_REQUEST]    = { 400, "invalid_request" },
  [SAHA_SERVER_ERROR_UNAUTHORIZED]       = { 401, "unauthorized" },
  [SAHA_SERVER_ERROR_FORBIDDEN]          = { 403, "forbidden" },
  [SAHA_SERVER_ERROR_NOT_FOUND]          = { 404, "not_found" },
  [SAHA_SERVER_ERROR_METHOD_NOT_ALLOWED] = { 405, "method_not_allowed" },
  [SAHA_SERVER_ERROR_RESYNC_REQUIRED]    = { 409, "resync_required" },
  [SAHA_SERVER_ERROR_REPLICA_REUSED]     = { 409, "replica_reused" },
  [SAHA_SERVER_ERROR_TOO_LARGE]          = { 413, "too_large" },
  [SAHA_SERVER_ERROR_RATE_LIMITED]       = { 429, "rate_limited" },
  [SAHA_SERVER_ERROR_INTERNAL]           = { 500, "internal" },
  [SAHA_SERVER_ERROR_EXISTS]             = { 409, "exists" },
  [SAHA_SERVER_ERROR_HISTORY_DIVERGED]   = { 409, "history_diverged" },
  [SAHA_SERVER_ERROR_MISSING_REFERENCE]  = { 409, "missing_reference" },
  [SAHA_SERVER_ERROR_DEVICE_WIPED]       = { 410, "device_wiped" },
  [SAHA_SERVER_ERROR_UNAVAILABLE]        = { 503, "unavailable" },
};

static gboolean
is_wire_error (const GError *error)
{
  return error != NULL
         && error->domain == SAHA_SERVER_ERROR
         && error->code >= 0
         && (gsize) error->code < G_N_ELEMENTS (wire_errors);
}

guint
saha_server_error_http_status (const GError *error)
{
  return is_wire_error (error) ? wire_errors[error->code].status : 500;
}

const char *
saha_server_error_wire_code (const GError *error)
{
  return is_wire_error (error) ? wire_errors[error->code].code : "internal";
}
