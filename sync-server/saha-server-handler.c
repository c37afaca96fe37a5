/* saha-server-handler.c: what the server answers to each /v1/ request, apart from the
 * HTTP layer: the login, the token check and every authenticated route.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-server-auth.h"
#include "saha-server-clock.h"
#include "saha-server-company.h"
#include "saha-server-error.h"
#include "saha-server-handler.h"
#include "saha-server-sync.h"

char *
saha_server_error_json (const char *code,
                        const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  /* A message may quote what the client sent (a cursor, a parameter), which need not be
   * UTF-8: the answer must stay JSON. */
  g_autofree char *text = g_utf8_make_valid (message, -1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}


static char *
node_to_text (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static void
add_user_members (JsonBuilder          *builder,
                  const SahaServerUser *user)
{
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, user->name);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, saha_server_role_to_string (user->role));
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, user->code);
  json_builder_set_member_name (builder, "full_name");
  if (user->full_name != NULL)
    json_builder_add_string_value (builder, user->full_name);
  else
    json_builder_add_null_value (builder);
}

static char *
iso_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
}

/* A hash to verify against when the user does not exist, so that the answer takes as
 * long as for a wrong password and user names cannot be probed by timing. */
static const char *
dummy_password_hash (void)
{
  static gsize once;
  static char *hash;

  if (g_once_init_enter (&once))
    {
      hash = saha_server_password_hash ("no such user", NULL);
      g_once_init_leave (&once, 1);
    }
  return hash;
}

typedef struct
{
  char    *user;
  char    *password;
  char    *replica_id;
  guint64  replica_counter;
  guint64  replica_counter_acked;   /* replica_counter when the member is absent */
} LoginRequest;

static void
login_request_clear (LoginRequest *request)
{
  g_free (request->user);
  if (request->password != NULL)
    memset (request->password, 0, strlen (request->password));
  g_free (request->password);
  g_free (request->replica_id);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LoginRequest, login_request_clear)

static gboolean
parse_login (const char    *data,
             gsize          length,
             LoginRequest  *request,
             GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  static const char * const members[] = { "user", "password", "replica_id", "replica_counter",
                                          "replica_counter_acked" };
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *node;

  /* Bounds before the parser, which recurses per level. */
  object = saha_json_load_object (parser, data, length, NULL, &local_error);
  if (object == NULL)
    {
      if (g_error_matches (local_error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_TOO_LARGE))
        {
          g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_BODY,
                       "The login body is refused: %s", local_error->message);
          return FALSE;
        }
      goto invalid;
    }
  {
    g_autoptr(GList) names = json_object_get_members (object);
    for (GList *l = names; l != NULL; l = l->next)
      if (!g_strv_contains (members, l->data))
        goto invalid;
  }
  for (guint i = 0; i < 3; i++)
    {
      node = json_object_get_member (object, members[i]);
      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
          || json_node_get_value_type (node) != G_TYPE_STRING)
        goto invalid;
    }
  node = json_object_get_member (object, "replica_counter");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64
      || json_node_get_int (node) < 0)
    goto invalid;
  if (!saha_replica_id_is_valid (json_object_get_string_member (object, "replica_id")))
    goto invalid;

  request->user = g_strdup (json_object_get_string_member (object, "user"));
  request->password = g_strdup (json_object_get_string_member (object, "password"));
  request->replica_id = g_strdup (json_object_get_string_member (object, "replica_id"));
  request->replica_counter = (guint64) json_node_get_int (node);
  request->replica_counter_acked = request->replica_counter;
  node = json_object_get_member (object, "replica_counter_acked");
  if (node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64
          || json_node_get_int (node) < 0
          || (guint64) json_node_get_int (node) > request->replica_counter)
        goto invalid;
      request->replica_counter_acked = (guint64) json_node_get_int (node);
    }
  return TRUE;

invalid:
  g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_BODY,
               "The login body must be a JSON object with the strings \"user\", \"password\" "
               "and \"replica_id\" (a replica id), the integer \"replica_counter\" >= 0 and "
               "optionally the integer \"replica_counter_acked\" from 0 to \"replica_counter\", "
               "and nothing else");
  return FALSE;
}

static char *
handle_login (SahaServerStorage        *storage,
              SahaServerLoginLimiter   *limiter,
              gint64                    token_ttl,
              const SahaServerRequest  *job,
              GError                  **error)
{
  g_auto(LoginRequest) request = { 0 };
  g_autoptr(SahaServerUser) user = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *expires = NULL;
  g_autofree char *replica_id = NULL;
  GError *local_error = NULL;
  gboolean verified;
  gint64 series;
  gint64 now = saha_server_now ();
  gint64 expires_at = now + token_ttl;

  if (!parse_login (job->body, job->length, &request, error))
    return NULL;
  /* A device marked lost is told so before anything else, password or not: all it
   * may do is delete its data. */
  if (saha_server_storage_device_is_wiped (storage, request.replica_id, NULL))
    {
      g_message ("Sign-in from wiped device %s refused", request.replica_id);
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_DEVICE_WIPED,
                   "This device was marked lost: it must delete its data.");
      return NULL;
    }
  if (!saha_server_login_limiter_allowed (limiter, request.user, job->address))
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_RATE_LIMITED,
                   "Too many failed sign-ins; wait a minute and try again.");
      return NULL;
    }

  user = saha_server_storage_user_lookup (storage, request.user, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  verified = saha_server_password_verify (user != NULL ? user->password_hash : dummy_password_hash (),
                                          request.password);
  if (!verified || user == NULL || user->disabled)
    {
      if (!verified || user == NULL)
        saha_server_login_limiter_failed (limiter, request.user, job->address);
      {
        /* The name is the client's: at most 64 characters of it, no control character, so
         * a failed sign-in cannot flood the log or forge lines in it. */
        g_autofree char *shown = g_utf8_substring (request.user, 0,
                                                   MIN (g_utf8_strlen (request.user, -1), 64));

        for (char *c = shown; *c != '\0'; c++)
          if ((guchar) *c < 0x20 || *c == 0x7f)
            *c = '?';
        g_message ("Failed sign-in for \"%s\" from %s", shown, job->address);
      }
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_UNAUTHORIZED,
                   "Wrong user name or password, or the account is disabled.");
      return NULL;
    }

  if (!saha_server_storage_begin (storage, TRUE, error))
    return NULL;
  /* The replica id is confirmed when the server's counter for it is not above what this
   * file had acknowledged; otherwise the file is a restored or copied one (or another
   * copy has gone on with the id) and gets a fresh id, which the client adopts. */
  replica_id = g_strdup (request.replica_id);
  if (saha_server_storage_replica_get_counter (storage, request.replica_id)
      > request.replica_counter_acked)
    {
      g_free (replica_id);
      replica_id = saha_server_replica_id_new ();
      g_message ("Sign-in of \"%s\" with replica %s, used since: issued %s",
                 user->name, request.replica_id, replica_id);
    }
  token = saha_server_token_new (&token_hash);
  series = saha_server_storage_number_series (storage, user->id, replica_id, error);
  if (series < 0
      || !saha_server_storage_replica_raise_counter (storage, replica_id,
                                                     g_str_equal (replica_id, request.replica_id)
                                                     ? request.replica_counter : 0, error)
      || !saha_server_storage_token_add (storage, token_hash, user->id, replica_id,
                                         expires_at, error)
      || !saha_server_storage_device_seen (storage, replica_id, user->id, -1, now, error)
      || !saha_server_storage_commit (storage, error))
    {
      saha_server_storage_rollback (storage);
      return NULL;
    }

  expires = iso_time (expires_at);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires);
  json_builder_set_member_name (builder, "user");
  json_builder_begin_object (builder);
  add_user_members (builder, user);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "epoch");
  json_builder_add_string_value (builder, saha_server_storage_get_epoch (storage));
  json_builder_set_member_name (builder, "replica_id");
  json_builder_add_string_value (builder, replica_id);
  json_builder_set_member_name (builder, "number_series");
  json_builder_add_int_value (builder, series);
  json_builder_end_object (builder);
  return node_to_text (builder);
}

/* POST /v1/replica: a fresh replica id for the signed-in user's replica file that was
 * told replica_reused, and a token bound to it. The token used stays valid and bound to
 * its id, for the other copy that holds it. */
static char *
handle_new_replica (SahaServerStorage     *storage,
                    gint64                 token_ttl,
                    const SahaServerUser  *user,
                    GError               **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *replica_id = saha_server_replica_id_new ();
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *expires = NULL;
  gint64 now = saha_server_now ();
  gint64 expires_at = now + token_ttl;
  gint64 series;

  token = saha_server_token_new (&token_hash);
  if (!saha_server_storage_begin (storage, TRUE, error))
    return NULL;
  series = saha_server_storage_number_series (storage, user->id, replica_id, error);
  if (series < 0
      || !saha_server_storage_replica_raise_counter (storage, replica_id, 0, error)
      || !saha_server_storage_token_add (storage, token_hash, user->id, replica_id,
                                         expires_at, error)
      || !saha_server_storage_device_seen (storage, replica_id, user->id, -1, now, error)
      || !saha_server_storage_commit (storage, error))
    {
      saha_server_storage_rollback (storage);
      return NULL;
    }
  g_message ("Issued replica %s to \"%s\"", replica_id, user->name);

  expires = iso_time (expires_at);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "replica_id");
  json_builder_add_string_value (builder, replica_id);
  json_builder_set_member_name (builder, "token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_at");
  json_builder_add_string_value (builder, expires);
  json_builder_set_member_name (builder, "number_series");
  json_builder_add_int_value (builder, series);
  json_builder_end_object (builder);
  return node_to_text (builder);
}

static char *
handle_users (SahaServerStorage  *storage,
              GError            **error)
{
  g_autoptr(GPtrArray) users = saha_server_storage_user_list (storage, TRUE, error);
  g_autoptr(GPtrArray) replicas = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  if (users == NULL)
    return NULL;
  replicas = saha_server_storage_replica_users (storage, error);
  if (replicas == NULL)
    return NULL;
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "users");
  json_builder_begin_array (builder);
  for (guint i = 0; i < users->len; i++)
    {
      json_builder_begin_object (builder);
      add_user_members (builder, g_ptr_array_index (users, i));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  /* Who wrote a candidate: devices name the user of each replica id in a conflict or a
   * record's history (docs/protocol.md). */
  json_builder_set_member_name (builder, "replicas");
  json_builder_begin_array (builder);
  for (guint i = 0; i + 1 < replicas->len; i += 2)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "replica_id");
      json_builder_add_string_value (builder, g_ptr_array_index (replicas, i));
      json_builder_set_member_name (builder, "user");
      json_builder_add_string_value (builder, g_ptr_array_index (replicas, i + 1));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return node_to_text (builder);
}

static char *
handle_authenticated (SahaServerStorage        *storage,
                      gint64                    token_ttl,
                      const SahaServerRequest  *job,
                      GError                  **error)
{
  g_autoptr(SahaServerUser) user = NULL;
  g_autofree char *replica_id = NULL;
  g_autoptr(JsonBuilder) builder = NULL;

  user = saha_server_authenticate (storage, job->authorization, &replica_id, error);
  if (user == NULL)
    return NULL;

  switch (job->route)
    {
    case SAHA_SERVER_ROUTE_LOGOUT:
      {
        g_autofree char *copy = g_strdup (job->authorization);
        g_autofree char *hash = saha_server_token_hash (g_strchug (copy + 7));

        if (!saha_server_storage_token_delete (storage, hash, error))
          return NULL;
        return g_strdup ("{}");
      }
    case SAHA_SERVER_ROUTE_ME:
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      add_user_members (builder, user);
      json_builder_end_object (builder);
      return node_to_text (builder);
    case SAHA_SERVER_ROUTE_USERS:
      return handle_users (storage, error);
    case SAHA_SERVER_ROUTE_COMPANY:
      {
        g_autoptr(JsonNode) company = saha_server_company_load (storage, error);

        if (company == NULL)
          return NULL;
        builder = json_builder_new ();
        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "company");
        json_builder_add_value (builder, g_steal_pointer (&company));
        json_builder_end_object (builder);
        return node_to_text (builder);
      }
    case SAHA_SERVER_ROUTE_PULL:
      /* A pull that passes over its own pushes must be made by that replica file. */
      if (job->own != NULL)
        {
          guint64 acked = G_MAXUINT64;

          if (job->acked != NULL
              && !g_ascii_string_to_unsigned (job->acked, 10, 0, G_MAXINT64, &acked, NULL))
            {
              g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                           "acked must be a number");
              return NULL;
            }
          if (saha_replica_id_is_valid (job->own)
              && !saha_server_sync_check_replica (storage, replica_id, job->own, acked, error))
            return NULL;
        }
      return saha_server_sync_pull_form (storage, user, replica_id, job->cursor, job->limit,
                                         job->form, job->own, error);
    case SAHA_SERVER_ROUTE_PUSH:
      return saha_server_sync_push_as (storage, user, replica_id,
                                       job->body != NULL ? job->body : "", job->length, error);
    case SAHA_SERVER_ROUTE_REPLICA:
      return handle_new_replica (storage, token_ttl, user, error);
    case SAHA_SERVER_ROUTE_ERASE:
      return saha_server_sync_erase (storage, user, job->body != NULL ? job->body : "",
                                     job->length, error);
    case SAHA_SERVER_ROUTE_EXPORT_PERSON:
      return saha_server_sync_export_person (storage, user, replica_id,
                                             job->body != NULL ? job->body : "", job->length,
                                             error);
    case SAHA_SERVER_ROUTE_HISTORY:
      return saha_server_sync_record_history (storage, user, replica_id, job->entity, job->id,
                                              error);
    case SAHA_SERVER_ROUTE_NONE:
    case SAHA_SERVER_ROUTE_HEALTH:
    case SAHA_SERVER_ROUTE_LOGIN:
    default:
      g_assert_not_reached ();
    }
}


gboolean
saha_server_request_check (const char       *path,
                           const char       *method,
                           const char       *raw_query,
                           gsize             body_length,
                           SahaServerRoute  *route,
                           GError          **error)
{
  gboolean known;

  *route = saha_server_route_find (path, method, &known);
  if (*route == SAHA_SERVER_ROUTE_NONE)
    {
      if (known)
        g_set_error_literal (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_METHOD_NOT_ALLOWED,
                             "This method is not allowed here.");
      else
        g_set_error_literal (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_NOT_FOUND,
                             "No such endpoint.");
      return FALSE;
    }
  /* The parsed query is C strings: "cursor=%00" would decode to the empty cursor (a full
   * pull) instead of the 400 that a malformed cursor gets. No parameter holds a NUL. */
  if (raw_query != NULL && strstr (raw_query, "%00") != NULL)
    {
      g_set_error_literal (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                           "A query parameter contains a NUL character.");
      return FALSE;
    }
  if (body_length > saha_server_route_body_limit (*route))
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_TOO_LARGE,
                   "The body is over the limit of %" G_GSIZE_FORMAT " bytes for this request.",
                   saha_server_route_body_limit (*route));
      return FALSE;
    }
  return TRUE;
}

char *
saha_server_handle (SahaServerStorage       *storage,
                    SahaServerLoginLimiter  *limiter,
                    gint64                   token_ttl,
                    const SahaServerRequest *request,
                    guint                   *status)
{
  g_autoptr(GError) error = NULL;
  char *response;

  g_return_val_if_fail (request->route != SAHA_SERVER_ROUTE_NONE
                        && request->route != SAHA_SERVER_ROUTE_HEALTH, NULL);

  if (request->route == SAHA_SERVER_ROUTE_LOGIN)
    response = handle_login (storage, limiter, token_ttl, request, &error);
  else
    response = handle_authenticated (storage, token_ttl, request, &error);
  if (response != NULL)
    {
      *status = 200;
      return response;
    }
  return saha_server_error_answer (error, status);
}

char *
saha_server_error_answer (const GError *error,
                          guint        *status)
{
  *status = saha_server_error_http_status (error);
  if (*status == 500)
    {
      /* Storage details are for the log, not for the client. */
      g_warning ("Request failed: %s", error->message);
      return saha_server_error_json ("internal",
                                     "The server failed; nothing was changed. Try again later.");
    }
  return saha_server_error_json (saha_server_error_wire_code (error), error->message);
}
