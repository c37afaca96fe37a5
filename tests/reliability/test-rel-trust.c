/* test-rel-trust.c: a signed-in field user with HTTP knowledge cannot widen their scope,
 * crash the server or the CLI, or outlive a password change.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every hostile request is written out here as it goes on the wire (libsoup only carries
 * it), and /v1/health is asked after each one: the server must still be answering.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "rel-util.h"

/* ---- HTTP ---- */

typedef struct
{
  guint       status;
  JsonNode   *root;
  JsonObject *error;   /* the answer's "error" member, when it has one */
} Answer;

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->root, json_node_unref);
  answer->error = NULL;
}

/* Sends @body (@length bytes) as it is; a closed connection is status 0. */
static void
http (TestServer *server,
      const char *method,
      const char *path,
      const char *token,
      const char *body,
      gsize       length,
      Answer     *answer)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 120, NULL);
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize answer_length;
  const char *data;

  answer_clear (answer);
  if (token != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    value);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new_static (body, length);

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, NULL);
  if (bytes == NULL)
    {
      answer->status = 0;
      return;
    }
  answer->status = soup_message_get_status (msg);
  data = g_bytes_get_data (bytes, &answer_length);
  if (answer_length > 0 && json_parser_load_from_data (parser, data, (gssize) answer_length, NULL))
    {
      answer->root = json_node_ref (json_parser_get_root (parser));
      if (JSON_NODE_HOLDS_OBJECT (answer->root)
          && json_object_has_member (json_node_get_object (answer->root), "error"))
        answer->error = json_object_get_object_member (json_node_get_object (answer->root),
                                                       "error");
    }
}

static guint n_hostile;

/* The server still answers /v1/health after @what. */
static void
assert_alive (TestServer *server,
              const char *what)
{
  Answer answer = { 0 };

  n_hostile++;
  http (server, "GET", "/v1/health", NULL, NULL, 0, &answer);
  if (answer.status != 200)
    g_error ("/v1/health answered %u after %s: the server is down", answer.status, what);
  answer_clear (&answer);
}

typedef struct
{
  char    *token;
  char    *replica_id;
  guint64  counter;
} Session;

static void
session_clear (Session *session)
{
  g_clear_pointer (&session->token, g_free);
  g_clear_pointer (&session->replica_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Session, session_clear)

static guint
login (TestServer *server,
       const char *user,
       const char *password,
       Session    *session)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *body = NULL;
  Answer answer = { 0 };
  guint status;

  session_clear (session);
  session->replica_id = g_strconcat ("r-", uuid, NULL);
  session->counter = 0;
  body = g_strdup_printf ("{\"user\":\"%s\",\"password\":\"%s\",\"replica_id\":\"%s\","
                          "\"replica_counter\":0}", user, password, session->replica_id);
  http (server, "POST", "/v1/login", NULL, body, strlen (body), &answer);
  status = answer.status;
  if (status == 200)
    session->token = g_strdup (json_object_get_string_member (json_node_get_object (answer.root),
                                                              "token"));
  answer_clear (&answer);
  return status;
}

static void
login_ok (TestServer *server,
          const char *user,
          Session    *session)
{
  g_autofree char *password = g_strdup_printf ("%s-pw", user);

  g_assert_cmpuint (login (server, user, password, session), ==, 200);
}

/* The push body of @records (NULL-terminated array) as a client on @session sends it. */
static char *
push_body (Session     *session,
           SahaRecord **records)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *batch_id = g_uuid_string_random ();

  g_string_append_printf (body, "{\"batch_id\":\"%s\",\"replica_id\":\"%s\","
                          "\"replica_counter\":%" G_GUINT64_FORMAT ",\"records\":[",
                          batch_id, session->replica_id, session->counter);
  for (guint i = 0; records[i] != NULL; i++)
    {
      g_autoptr(JsonNode) node = saha_record_to_json (records[i], SAHA_CODEC_REGISTERS);
      g_autofree char *text = saha_json_to_string (node, FALSE);

      g_string_append_printf (body, "%s%s", i > 0 ? "," : "", text);
    }
  g_string_append (body, "]}");
  return g_string_free (g_steal_pointer (&body), FALSE);
}

/* Pushes @records; returns the results array (owned by @answer). */
static JsonArray *
push (TestServer  *server,
      Session     *session,
      SahaRecord **records,
      Answer      *answer)
{
  g_autofree char *body = push_body (session, records);

  http (server, "POST", "/v1/push", session->token, body, strlen (body), answer);
  if (answer->status != 200)
    g_error ("POST /v1/push answered %u to\n%s", answer->status, body);
  return json_object_get_array_member (json_node_get_object (answer->root), "results");
}

/* ---- records ---- */

static SahaRecord *
record_write (SahaRecord *record,
              Session    *session,
              GPtrArray  *fields,
              GPtrArray  *values)
{
  saha_record_write (record, session->replica_id, ++session->counter,
                     (const char * const *) fields->pdata, (const char * const *) values->pdata,
                     fields->len);
  return record;
}

/* ---- scope through references ---- */

/* Field users may not write these at all (the catalogue). */
static gboolean
is_catalogue (const SahaEntityDef *def)
{
  return def->parent_field == NULL && g_strcmp0 (def->name, "customer") != 0;
}

/* A valid canonical value for a required field that is not a reference. */
static const char *
plain_value (const SahaFieldDef *field)
{
  switch (field->type)
    {
    case SAHA_FIELD_ENUM:
    case SAHA_FIELD_ENUM_LIST:
      return field->choices[0];
    case SAHA_FIELD_INTEGER:
      return "1";
    case SAHA_FIELD_DECIMAL:
      return "1";
    case SAHA_FIELD_MONEY:
      return "1.00";
    case SAHA_FIELD_TIMESTAMP:
      return "2026-11-25T08:00:00Z";
    case SAHA_FIELD_DATE:
      return "2026-11-25";
    case SAHA_FIELD_TIME_OF_DAY:
      return "09:00";
    case SAHA_FIELD_BOOLEAN:
      return "true";
    case SAHA_FIELD_TEXT:
    case SAHA_FIELD_REFERENCE:
    default:
      return "x";
    }
}

/* A new @def record holding its required fields, whose references point at the records
 * of @side (entity name -> id), and @field set to @value when not NULL. "assigned_to" is
 * @assignee. */
static SahaRecord *
make_record (const SahaEntityDef *def,
             GHashTable          *side,
             const char          *assignee,
             const char          *field,
             const char          *value,
             Session             *session)
{
  g_autofree char *id = saha_id_new ();
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  SahaRecord *record = saha_record_new (def, id);

  for (guint i = 0; i < def->n_fields; i++)
    {
      const SahaFieldDef *f = &def->fields[i];

      if (g_strcmp0 (f->name, field) == 0)
        continue;
      if (g_str_equal (f->name, "assigned_to"))
        {
          g_ptr_array_add (fields, (char *) f->name);
          g_ptr_array_add (values, (char *) assignee);
        }
      /* The parent too when it is optional (a task's customer): the record is in the
       * scope of that side's rep. */
      else if ((f->flags & SAHA_FIELD_FLAG_REQUIRED) || g_strcmp0 (f->name, def->parent_field) == 0)
        {
          g_ptr_array_add (fields, (char *) f->name);
          g_ptr_array_add (values, f->type == SAHA_FIELD_REFERENCE
                                   ? g_hash_table_lookup (side, f->target)
                                   : (char *) plain_value (f));
        }
    }
  if (field != NULL)
    {
      g_ptr_array_add (fields, (char *) field);
      g_ptr_array_add (values, (char *) value);
    }
  return record_write (record, session, fields, values);
}

static const char *
result_status (JsonArray *results,
               guint      i)
{
  JsonObject *result = json_array_get_object_element (results, i);

  return json_object_get_string_member (result, "status");
}

static const char *
result_code (JsonArray *results,
             guint      i)
{
  JsonObject *result = json_array_get_object_element (results, i);

  return json_object_has_member (result, "code") ? json_object_get_string_member (result, "code")
                                                 : "ok";
}

/* The office makes, for every entity, a record in rep-a's scope and one in rep-b's
 * (the catalogue's one record is shared); then rep-a points every reference field of
 * every entity at rep-b's record of its target, in a new record and in an edit of its
 * own, through raw pushes. Each is refused naming the field, nothing of rep-b's reaches
 * rep-a, and the server keeps answering. */
static void
test_reference_scope (void)
{
  TestServer *server = test_server_start_with_users ("rep-a", "rep", "rep-b", "rep", "office",
                                                     "office", NULL);
  g_auto(Session) office = { 0 };
  g_auto(Session) rep_a = { 0 };
  g_autoptr(GHashTable) own = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) foreign = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) own_records = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                             (GDestroyNotify) saha_record_unref);
  g_autoptr(GHashTable) seen_by_a = NULL;
  const SahaEntityDef * const *entities;
  guint n_entities, n_pairs = 0, n_refused = 0;
  GHashTableIter iter;
  gpointer key, value;

  login_ok (server, "office", &office);
  login_ok (server, "rep-a", &rep_a);
  entities = saha_schema_entities (&n_entities);

  /* The world, in schema order (parents first), one push per record. */
  for (guint i = 0; i < n_entities; i++)
    {
      const SahaEntityDef *def = entities[i];
      GHashTable *sides[] = { own, foreign };
      const char *assignees[] = { "rep-a", "rep-b" };

      for (guint s = 0; s < (is_catalogue (def) ? 1 : 2); s++)
        {
          g_autoptr(SahaRecord) record = make_record (def, sides[s], assignees[s], NULL, NULL,
                                                      &office);
          SahaRecord *records[] = { record, NULL };
          Answer answer = { 0 };
          JsonArray *results = push (server, &office, records, &answer);

          g_assert_cmpstr (result_status (results, 0), ==, "ok");
          answer_clear (&answer);
          g_hash_table_insert (sides[s], (char *) def->name,
                               g_strdup (saha_record_get_id (record)));
          if (is_catalogue (def))
            g_hash_table_insert (foreign, (char *) def->name,
                                 g_strdup (saha_record_get_id (record)));
          if (s == 0)
            g_hash_table_insert (own_records, (char *) def->name, saha_record_ref (record));
        }
    }

  for (guint i = 0; i < n_entities; i++)
    {
      const SahaEntityDef *def = entities[i];

      for (guint f = 0; f < def->n_fields; f++)
        {
          const SahaFieldDef *field = &def->fields[f];
          const char *theirs;
          g_autoptr(SahaRecord) fresh = NULL;
          g_autoptr(SahaRecord) edit = NULL;
          g_autofree char *needle = g_strdup_printf ("\"%s\"", field->name);

          if (field->type != SAHA_FIELD_REFERENCE)
            continue;
          n_pairs++;
          theirs = g_hash_table_lookup (foreign, field->target);
          fresh = make_record (def, own, "rep-a", field->name, theirs, &rep_a);
          edit = saha_record_copy (g_hash_table_lookup (own_records, def->name));
          {
            const char *fields[] = { field->name };
            const char *values[] = { theirs };

            saha_record_write (edit, rep_a.replica_id, ++rep_a.counter, fields, values, 1);
          }

          for (guint variant = 0; variant < 2; variant++)
            {
              SahaRecord *records[] = { variant == 0 ? fresh : edit, NULL };
              g_autofree char *body = push_body (&rep_a, records);
              g_autofree char *what = g_strdup_printf ("rep-a's push of %s %s.%s -> %s %s",
                                                       variant == 0 ? "a new" : "an edited",
                                                       def->name, field->name, field->target,
                                                       theirs);
              Answer answer = { 0 };
              JsonArray *results;
              const char *code;

              http (server, "POST", "/v1/push", rep_a.token, body, strlen (body), &answer);
              assert_alive (server, what);
              if (answer.status != 200)
                g_error ("%s: status %u to\n%s", what, answer.status, body);
              results = json_object_get_array_member (json_node_get_object (answer.root),
                                                      "results");
              code = result_code (results, 0);
              if (is_catalogue (def))
                {
                  /* Field users never write the catalogue, whatever it references. */
                  if (g_strcmp0 (code, "forbidden") != 0)
                    g_error ("%s: %s, not forbidden; the request was\n%s", what, code, body);
                }
              else if (is_catalogue (saha_schema_lookup (field->target)))
                {
                  /* Everyone sees the catalogue: referencing it is in scope. */
                  if (g_strcmp0 (code, "ok") != 0)
                    g_error ("%s (a catalogue record): %s, not ok; the request was\n%s",
                             what, code, body);
                }
              else
                {
                  const char *message;

                  if (g_strcmp0 (code, "forbidden") != 0)
                    g_error ("%s (rep-b's): %s, not forbidden; the request was\n%s",
                             what, code, body);
                  message = json_object_get_string_member (json_array_get_object_element (results, 0),
                                                           "message");
                  if (strstr (message, needle) == NULL)
                    g_error ("%s: the refusal does not name the field %s: %s", what, needle,
                             message);
                  n_refused++;
                }
              answer_clear (&answer);
            }
        }
    }
  g_test_message ("%u (entity, reference field) pairs, %u refusals", n_pairs, n_refused);
  g_assert_cmpuint (n_pairs, >=, 10);
  g_assert_cmpuint (n_refused, >=, 8);

  /* Nothing of rep-b's reached rep-a. */
  seen_by_a = test_server_view (server, "rep-a");
  g_hash_table_iter_init (&iter, foreign);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *record_key = g_strdup_printf ("%s/%s", (char *) key, (char *) value);

      if (!is_catalogue (saha_schema_lookup (key)) && g_hash_table_contains (seen_by_a, record_key))
        g_error ("rep-a received rep-b's %s", record_key);
    }

  test_server_free (server);
}

/* The attack of issue 11 as it was reported: a rep's new service call for another rep's
 * customer, assigned to itself, in the same push as a customer of its own and a call for
 * that one (which stay fine). */
static void
test_call_for_foreign_customer (void)
{
  TestServer *server = test_server_start_with_users ("rep-a", "rep", "rep-b", "rep", "office",
                                                     "office", NULL);
  g_auto(Session) office = { 0 };
  g_auto(Session) rep_a = { 0 };
  g_autoptr(GHashTable) seen_by_a = NULL;
  g_autofree char *theirs_id = saha_id_new ();
  g_autofree char *mine_id = saha_id_new ();
  g_autofree char *bad_call_id = saha_id_new ();
  g_autofree char *good_call_id = saha_id_new ();
  g_autofree char *body = NULL;
  g_autofree char *theirs_key = NULL;
  g_autoptr(SahaRecord) theirs = saha_record_new (saha_schema_lookup ("customer"), theirs_id);
  g_autoptr(SahaRecord) mine = saha_record_new (saha_schema_lookup ("customer"), mine_id);
  g_autoptr(SahaRecord) bad_call = saha_record_new (saha_schema_lookup ("service_call"), bad_call_id);
  g_autoptr(SahaRecord) good_call = saha_record_new (saha_schema_lookup ("service_call"), good_call_id);
  const char *customer_fields[] = { "name", "kind", "phone", "assigned_to" };
  const char *theirs_values[] = { "Rep B's", "company", "+90 212 555 0101", "rep-b" };
  const char *mine_values[] = { "Rep A's", "company", "+90 212 555 0102", "rep-a" };
  const char *call_fields[] = { "customer", "assigned_to", "problem" };
  const char *bad_values[] = { theirs_id, "rep-a", "just looking" };
  const char *good_values[] = { mine_id, "rep-a", "leaks" };
  SahaRecord *office_records[] = { theirs, NULL };
  SahaRecord *rep_records[] = { mine, bad_call, good_call, NULL };
  Answer answer = { 0 };
  JsonArray *results;

  login_ok (server, "office", &office);
  login_ok (server, "rep-a", &rep_a);
  saha_record_write (theirs, office.replica_id, ++office.counter, customer_fields, theirs_values, 4);
  results = push (server, &office, office_records, &answer);
  g_assert_cmpstr (result_status (results, 0), ==, "ok");

  saha_record_write (mine, rep_a.replica_id, ++rep_a.counter, customer_fields, mine_values, 4);
  saha_record_write (bad_call, rep_a.replica_id, ++rep_a.counter, call_fields, bad_values, 3);
  saha_record_write (good_call, rep_a.replica_id, ++rep_a.counter, call_fields, good_values, 3);
  body = push_body (&rep_a, rep_records);
  http (server, "POST", "/v1/push", rep_a.token, body, strlen (body), &answer);
  assert_alive (server, "a call for another rep's customer");
  g_assert_cmpuint (answer.status, ==, 200);
  results = json_object_get_array_member (json_node_get_object (answer.root), "results");
  g_assert_cmpstr (result_code (results, 0), ==, "ok");
  if (g_strcmp0 (result_code (results, 1), "forbidden") != 0)
    g_error ("the call for rep-b's customer was %s, not forbidden; the request was\n%s",
             result_code (results, 1), body);
  g_assert_cmpstr (result_code (results, 2), ==, "ok");
  answer_clear (&answer);

  seen_by_a = test_server_view (server, "rep-a");
  theirs_key = g_strdup_printf ("customer/%s", theirs_id);
  g_assert_false (g_hash_table_contains (seen_by_a, theirs_key));
  test_server_free (server);
}

/* ---- bodies that nest, and grow, without bound ---- */

/* @open @n_open times, @middle, @close @n_close times. */
static char *
repeat (const char *open,
        guint       n_open,
        const char *middle,
        const char *close,
        guint       n_close)
{
  GString *text = g_string_sized_new (strlen (open) * n_open + strlen (close) * n_close + 64);

  for (guint i = 0; i < n_open; i++)
    g_string_append (text, open);
  g_string_append (text, middle);
  for (guint i = 0; i < n_close; i++)
    g_string_append (text, close);
  return g_string_free (text, FALSE);
}

typedef struct
{
  const char *what;
  char       *body;
  gsize       length;
} Hostile;

static void
add_hostile (GPtrArray  *bodies,
             const char *what,
             char       *body)
{
  Hostile *h = g_new0 (Hostile, 1);

  h->what = what;
  h->body = body;
  h->length = strlen (body);
  g_ptr_array_add (bodies, h);
}

#define PUSH_HEAD "{\"batch_id\":\"b\",\"replica_id\":\"r-x\",\"replica_counter\":0,\"records\":"

/* Bodies that nest deeper, or hold longer strings, more keys or longer arrays, than any
 * client sends; @small: the ones under the 64 kB limit of /v1/login. */
static GPtrArray *
hostile_bodies (gboolean small)
{
  GPtrArray *bodies = g_ptr_array_new ();
  g_autofree char *deep = NULL;
  g_autofree char *long_string = NULL;
  g_autofree char *many_keys = NULL;
  g_autofree char *many_numbers = NULL;

  if (small)
    {
      add_hostile (bodies, "30,000 [ then 30,000 ]", repeat ("[", 30000, "", "]", 30000));
      add_hostile (bodies, "60,000 unclosed [", repeat ("[", 60000, "", "", 0));
      add_hostile (bodies, "10,000 nested objects", repeat ("{\"a\":", 10000, "1", "}", 10000));
      add_hostile (bodies, "15,000 unclosed {\"\":", repeat ("{\"\":", 15000, "", "", 0));
      return bodies;
    }
  add_hostile (bodies, "100,000 [ then 100,000 ]", repeat ("[", 100000, "", "]", 100000));
  add_hostile (bodies, "10,000,000 unclosed [", repeat ("[", 10000000, "", "", 0));
  add_hostile (bodies, "100,000 nested objects", repeat ("{\"a\":", 100000, "1", "}", 100000));
  deep = repeat ("[", 100000, "", "]", 100000);
  add_hostile (bodies, "100,000 [ under \"records\"", g_strconcat (PUSH_HEAD, deep, "}", NULL));
  add_hostile (bodies, "33 nested arrays in a record's register",
               g_strdup (PUSH_HEAD "[{\"entity\":\"customer\",\"id\":"
                         "\"00000000-0000-4000-8000-000000000000\",\"vv\":{\"r-x\":1},"
                         "\"registers\":{\"name\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"x\"]]]]]]]]]]]"
                         "]]]]]]]]]]]]]]]]]]]]]]}}]}"));
  add_hostile (bodies, "a string of 8,000,000 bytes",
               g_strconcat ("{\"batch_id\":\"", long_string = repeat ("x", 8000000, "", "", 0),
                            "\"}", NULL));
  add_hostile (bodies, "2,000,000 keys",
               g_strconcat (many_keys = repeat ("{\"k\":0", 1, "", ",\"k\":0", 1999999), "}", NULL));
  add_hostile (bodies, "an array of 7,000,000 numbers",
               g_strconcat (many_numbers = repeat ("[0", 1, "", ",0", 6999999), "]", NULL));
  return bodies;
}

static void
hostile_free (gpointer data)
{
  Hostile *h = data;

  g_free (h->body);
  g_free (h);
}

/* Each hostile body at /v1/push (signed in) and /v1/login: a 400 (or 413 over the body
 * limit) with a JSON error, and the server answers /v1/health after each; then a normal
 * push still works. */
static void
test_hostile_bodies (void)
{
  TestServer *server = test_server_start_with_users ("rep-a", "rep", NULL);
  g_auto(Session) rep_a = { 0 };
  g_autoptr(GPtrArray) bodies = hostile_bodies (FALSE);
  g_autoptr(GPtrArray) small = hostile_bodies (TRUE);
  g_autofree char *customer_id = saha_id_new ();
  g_autoptr(SahaRecord) customer = saha_record_new (saha_schema_lookup ("customer"), customer_id);
  const char *fields[] = { "name", "kind", "assigned_to" };
  const char *values[] = { "After the storm", "company", "rep-a" };
  SahaRecord *records[] = { customer, NULL };
  Answer answer = { 0 };
  JsonArray *results;

  g_ptr_array_set_free_func (bodies, hostile_free);
  g_ptr_array_set_free_func (small, hostile_free);
  login_ok (server, "rep-a", &rep_a);
  for (guint i = 0; i < bodies->len + small->len; i++)
    {
      Hostile *h = i < bodies->len ? g_ptr_array_index (bodies, i)
                                   : g_ptr_array_index (small, i - bodies->len);
      const char *path = i < bodies->len ? "/v1/push" : "/v1/login";
      g_autofree char *what = g_strdup_printf ("%s (%" G_GSIZE_FORMAT " bytes) at %s", h->what,
                                               h->length, path);

      http (server, "POST", path, i < bodies->len ? rep_a.token : NULL, h->body, h->length,
            &answer);
      assert_alive (server, what);
      if (answer.status != 400 && answer.status != 413)
        g_error ("%s: status %u, not 400", what, answer.status);
      if (answer.error == NULL)
        g_error ("%s: no JSON error in the answer", what);
      g_test_message ("%s: %u %s", what, answer.status,
                      json_object_get_string_member (answer.error, "message"));
      answer_clear (&answer);
    }

  saha_record_write (customer, rep_a.replica_id, ++rep_a.counter, fields, values, 3);
  results = push (server, &rep_a, records, &answer);
  g_assert_cmpstr (result_status (results, 0), ==, "ok");
  answer_clear (&answer);
  test_server_free (server);
}

/* saha-cli import --json of the same files: exit 3 and one line that says why. */
static void
test_cli_import_hostile (void)
{
  g_autoptr(GPtrArray) bodies = hostile_bodies (FALSE);
  g_autofree char *dir = g_dir_make_tmp ("saha-trust-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "replica.db", NULL);
  g_autofree char *file = g_build_filename (dir, "hostile.json", NULL);

  g_ptr_array_set_free_func (bodies, hostile_free);
  for (guint i = 0; i < bodies->len; i++)
    {
      Hostile *h = g_ptr_array_index (bodies, i);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_file_set_contents (file, h->body, (gssize) h->length, &error);
      g_assert_no_error (error);
      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                  &error, g_getenv ("SAHA_CLI"), "--db", db, "import", "--json",
                                  file, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      n_hostile++;
      if (!g_subprocess_get_if_exited (process))
        g_error ("saha-cli import --json of %s died (signal %d)", h->what,
                 g_subprocess_get_term_sig (process));
      if (g_subprocess_get_exit_status (process) != 3)
        g_error ("saha-cli import --json of %s: exit %d, not 3: %s", h->what,
                 g_subprocess_get_exit_status (process), err);
      g_strchomp (err);
      g_assert_cmpuint (strlen (err), >, 0);
      g_assert_null (strchr (err, '\n'));
      g_test_message ("import --json of %s: %s", h->what, err);
    }
  test_remove_tree (dir);
}

/* A server that answers every request with @user_data (a hostile body) and 200. */
static void
hostile_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Hostile *h = user_data;

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, h->body,
                                    h->length);
}

static void
communicated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL, NULL, NULL);
  *done = TRUE;
}

/* saha-cli login against something posing as the server that answers with deep nesting,
 * long strings, many keys or a huge array: a clean failure, never a crash. */
static void
test_cli_hostile_server (void)
{
  g_autoptr(GPtrArray) bodies = hostile_bodies (FALSE);
  g_autofree char *dir = g_dir_make_tmp ("saha-trust-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "replica.db", NULL);

  g_ptr_array_set_free_func (bodies, hostile_free);
  /* The client retries an answer it cannot read, with pauses: four bodies are enough
   * (depth closed and unclosed, nested objects, a long string). */
  g_ptr_array_remove_range (bodies, 6, bodies->len - 6);
  g_ptr_array_remove_range (bodies, 3, 2);
  for (guint i = 0; i < bodies->len; i++)
    {
      Hostile *h = g_ptr_array_index (bodies, i);
      g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GSList) uris = NULL;
      g_autofree char *url = NULL;
      gboolean done = FALSE;

      soup_server_add_handler (server, NULL, hostile_handler, h, NULL);
      soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
      g_assert_no_error (error);
      uris = soup_server_get_uris (server);
      url = g_uri_to_string (uris->data);
      g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
      if (g_str_has_suffix (url, "/"))
        url[strlen (url) - 1] = '\0';

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                  | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                  g_getenv ("SAHA_CLI"), "--db", db, "login", "--server", url,
                                  "--user", "rep-a", "--password-stdin", NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8_async (process, "rep-a-pw\n", NULL, communicated, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      g_subprocess_wait (process, NULL, &error);
      g_assert_no_error (error);
      n_hostile++;
      if (!g_subprocess_get_if_exited (process))
        g_error ("saha-cli login against a server answering %s died (signal %d)", h->what,
                 g_subprocess_get_term_sig (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), !=, 0);
      g_test_message ("login against a server answering %s: exit %d", h->what,
                      g_subprocess_get_exit_status (process));
    }
  test_remove_tree (dir);
}

/* ---- sessions end ---- */

static void
assert_token_refused (TestServer *server,
                      Session    *session,
                      const char *why)
{
  Answer answer = { 0 };

  http (server, "GET", "/v1/me", session->token, NULL, 0, &answer);
  if (answer.status != 401)
    g_error ("an old token after %s: %u, not 401", why, answer.status);
  answer_clear (&answer);
  http (server, "GET", "/v1/pull?cursor=", session->token, NULL, 0, &answer);
  g_assert_cmpuint (answer.status, ==, 401);
  answer_clear (&answer);
}

static void
assert_token_works (TestServer *server,
                    Session    *session)
{
  Answer answer = { 0 };

  http (server, "GET", "/v1/me", session->token, NULL, 0, &answer);
  g_assert_cmpuint (answer.status, ==, 200);
  answer_clear (&answer);
}

/* passwd, disable and revoke-tokens, run as separate processes on the data directory of
 * the running server, end every session of the user at once; others' stay. */
static void
test_sessions_end (void)
{
  TestServer *server = test_server_start_with_users ("rep-a", "rep", "rep-b", "rep", NULL);
  g_auto(Session) first = { 0 };
  g_auto(Session) second = { 0 };
  g_auto(Session) bystander = { 0 };
  g_auto(Session) again = { 0 };

  login_ok (server, "rep-a", &first);
  login_ok (server, "rep-a", &second);
  login_ok (server, "rep-b", &bystander);
  assert_token_works (server, &first);

  test_server_admin (server, "new secret\n", "user", "passwd", "rep-a", "--password-stdin", NULL);
  assert_token_refused (server, &first, "user passwd");
  assert_token_refused (server, &second, "user passwd");
  assert_token_works (server, &bystander);
  g_assert_cmpuint (login (server, "rep-a", "rep-a-pw", &again), ==, 401);
  g_assert_cmpuint (login (server, "rep-a", "new secret", &again), ==, 200);
  assert_token_works (server, &again);

  test_server_admin (server, NULL, "user", "revoke-tokens", "rep-a", NULL);
  assert_token_refused (server, &again, "user revoke-tokens");
  g_assert_cmpuint (login (server, "rep-a", "new secret", &again), ==, 200);

  test_server_admin (server, NULL, "user", "disable", "rep-a", NULL);
  assert_token_refused (server, &again, "user disable");
  g_assert_cmpuint (login (server, "rep-a", "new secret", &again), ==, 401);
  assert_token_works (server, &bystander);
  test_server_free (server);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/reliability/trust/reference-scope", test_reference_scope);
  g_test_add_func ("/reliability/trust/call-for-foreign-customer", test_call_for_foreign_customer);
  g_test_add_func ("/reliability/trust/hostile-bodies", test_hostile_bodies);
  g_test_add_func ("/reliability/trust/cli-import-hostile", test_cli_import_hostile);
  g_test_add_func ("/reliability/trust/cli-hostile-server", test_cli_hostile_server);
  g_test_add_func ("/reliability/trust/sessions-end", test_sessions_end);

  status = g_test_run ();
  g_test_message ("%u hostile requests and files", n_hostile);
  return status;
}
