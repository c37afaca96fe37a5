/* saha-cli-conflicts.c: the commands about the replica's sync state: conflicts, resolve, status.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-cli-private.h"
#include "saha-store-set-aside.h"
#include "saha-store-sync.h"

/* A SahaCliAddMembersFunc: the server's refusal of a push (none of its strings is NULL). */
static void
add_rejection_members (JsonBuilder   *builder,
                       gconstpointer  item,
                       gpointer       user_data)
{
  const SahaStoreRejection *rejection = item;

  saha_cli_json_add_string (builder, "entity", rejection->entity);
  saha_cli_json_add_string (builder, "id", rejection->id);
  saha_cli_json_add_string (builder, "code", rejection->code);
  saha_cli_json_add_string (builder, "message", rejection->message);
  saha_cli_json_add_string (builder, "at", rejection->at);
}

/* A SahaCliAddMembersFunc: why and when edits were set aside (none of the strings is
 * NULL); with @user_data non-NULL, which record's, after them. */
static void
add_set_aside_members (JsonBuilder   *builder,
                       gconstpointer  item,
                       gpointer       user_data)
{
  const SahaStoreSetAside *entry = item;

  saha_cli_json_add_string (builder, "reason", entry->reason);
  saha_cli_json_add_string (builder, "made_by", entry->made_by);
  saha_cli_json_add_string (builder, "at", entry->at);
  if (user_data != NULL)
    {
      saha_cli_json_add_string (builder, "entity", entry->entity);
      saha_cli_json_add_string (builder, "id", entry->id);
    }
}

/* The object of @item that @add_members fills, as a node of its own. */
static JsonNode *
members_to_json (SahaCliAddMembersFunc add_members,
                 gconstpointer         item)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_members (builder, item, NULL);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* "rejected" of a record in the --json output of conflicts: @rejection, or null. */
static void
set_rejected_member (JsonObject               *object,
                     const SahaStoreRejection *rejection)
{
  if (rejection != NULL)
    json_object_set_member (object, "rejected",
                            members_to_json (add_rejection_members, rejection));
  else
    json_object_set_null_member (object, "rejected");
}

/* "refused ENTITY ID CODE: MESSAGE (AT)": a push the server refused, kept until the record
 * is fixed and accepted. */
static void
print_rejections_text (GPtrArray *rejections)
{
  for (guint i = 0; i < rejections->len; i++)
    {
      const SahaStoreRejection *rejection = g_ptr_array_index (rejections, i);
      g_autofree char *message = saha_cli_escape_value (rejection->message);

      g_print ("refused %s %s %s: %s (%s)\n", rejection->entity, rejection->id,
               rejection->code, message, rejection->at);
    }
}

/* "set-aside ENTITY ID REASON USER (AT)": edits kept off the server (saha-store-set-aside.h);
 * REASON is "revoked" (the record left your scope) or "user_changed" (another user signed
 * in here), USER who made them ("-" when not known). */
static void
print_set_aside_text (GPtrArray *set_aside)
{
  for (guint i = 0; i < set_aside->len; i++)
    {
      const SahaStoreSetAside *entry = g_ptr_array_index (set_aside, i);

      g_print ("set-aside %s %s %s %s (%s)\n", entry->entity, entry->id, entry->reason,
               *entry->made_by != '\0' ? entry->made_by : "-", entry->at);
    }
}

static const SahaStoreSetAside *
find_set_aside (GPtrArray  *set_aside,
                const char *entity,
                const char *id)
{
  for (guint i = 0; i < set_aside->len; i++)
    {
      const SahaStoreSetAside *entry = g_ptr_array_index (set_aside, i);

      if (g_str_equal (entry->id, id) && g_str_equal (entry->entity, entity))
        return entry;
    }
  return NULL;
}

/* The refusal of the push of record @id of @entity; a NULL @entity matches any entity
 * (how a conflicted record's refusal has always been found: ids are UUIDs). */
static const SahaStoreRejection *
find_rejection (GPtrArray  *rejections,
                const char *entity,
                const char *id)
{
  for (guint i = 0; i < rejections->len; i++)
    {
      const SahaStoreRejection *rejection = g_ptr_array_index (rejections, i);

      if (g_str_equal (rejection->id, id)
          && (entity == NULL || g_str_equal (rejection->entity, entity)))
        return rejection;
    }
  return NULL;
}

/* Who wrote the candidates of @field holding @value: the users of their dots' replicas,
 * "another device" for a replica the server never named (never a bare replica id). */
static char *
candidate_authors (SahaStore        *store,
                   const SahaRecord *record,
                   const char       *field,
                   const char       *value,
                   GHashTable       *names)
{
  g_autoptr(GPtrArray) authors = g_ptr_array_new ();
  guint n = 0;
  const SahaCandidate *candidates = saha_record_get_candidates (record, field, &n);

  for (guint i = n; i > 0; i--)
    {
      const SahaCandidate *candidate = &candidates[i - 1];
      const char *replica = candidate->dot.replica;
      const char *name;

      if (g_strcmp0 (candidate->value, value) != 0)
        continue;
      if (!g_hash_table_contains (names, replica))
        g_hash_table_insert (names, g_strdup (replica),
                             saha_store_get_replica_user (store, replica));
      name = g_hash_table_lookup (names, replica);
      /* Translators: who wrote a conflicting value, when the server never said. */
      name = name != NULL ? name : _("another device");
      if (!g_ptr_array_find_with_equal_func (authors, name, g_str_equal, NULL))
        g_ptr_array_add (authors, (gpointer) name);
    }
  g_ptr_array_add (authors, NULL);
  return g_strjoinv (", ", (char **) authors->pdata);
}

/* "conflict_authors": field -> for each value of "conflicts", in the same order, who
 * wrote it ("rep-a" or "rep-a, office"). */
static void
add_conflict_authors (SahaStore        *store,
                      const SahaRecord *record,
                      JsonObject       *object,
                      GHashTable       *names)
{
  g_autoptr(GPtrArray) fields = saha_record_conflicted_fields (record);
  JsonObject *authors = json_object_new ();

  for (guint f = 0; f < fields->len; f++)
    {
      const char *field = g_ptr_array_index (fields, f);
      g_autoptr(GPtrArray) values = saha_record_candidate_values (record, field);
      JsonArray *array = json_array_new ();

      for (guint v = 0; v < values->len; v++)
        {
          g_autofree char *who = candidate_authors (store, record, field,
                                                    g_ptr_array_index (values, v), names);

          json_array_add_string_element (array, who);
        }
      json_object_set_array_member (authors, field, array);
    }
  json_object_set_object_member (object, "conflict_authors", authors);
}

/* Plain text: for each conflicted field a line "ENTITY ID FIELD", then one indented line
 * per candidate value, the shown one first, with who wrote it. */
static void
print_conflicts_text (SahaStore *store,
                      GPtrArray *records)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint r = 0; r < records->len; r++)
    {
      const SahaRecord *record = g_ptr_array_index (records, r);
      g_autoptr(GPtrArray) fields = saha_record_conflicted_fields (record);

      for (guint f = 0; f < fields->len; f++)
        {
          const char *field = g_ptr_array_index (fields, f);
          g_autoptr(GPtrArray) values = saha_record_candidate_values (record, field);

          g_print ("%s %s %s\n", saha_record_get_entity (record)->name,
                   saha_record_get_id (record), field);
          for (guint v = 0; v < values->len; v++)
            {
              const char *value = g_ptr_array_index (values, v);
              g_autofree char *escaped = saha_cli_escape_value (value);

              g_autofree char *authors = candidate_authors (store, record, field, value, names);

              /* Translators: a conflicting value and the people who wrote it. */
              g_print (_("  %s  (by %s)\n"), value != NULL ? escaped : "(unset)", authors);
            }
        }
    }
}

int
saha_cli_conflicts (const char  *db_path,
                    int          argc,
                    char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) rejections = NULL;
  g_autoptr(GPtrArray) set_aside = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON array of the conflicted records, of those whose push the "
         "server refused and of those whose edits are set aside"), NULL },
    { NULL }
  };

  if (!saha_cli_parse_command ("conflicts", NULL,
                               _("Shows every field in conflict: a line “ENTITY ID "
                                 "FIELD”, then each candidate value indented, the "
                                 "value shown meanwhile first. “saha-cli resolve” "
                                 "settles them. Then every push the server refused: "
                                 "“refused ENTITY ID CODE: MESSAGE (WHEN)”; fix the "
                                 "record with “saha-cli set” and sync again. Then "
                                 "every record whose edits are set aside: “set-aside "
                                 "ENTITY ID REASON USER (WHEN)”, REASON “revoked” (it "
                                 "left your scope) or “user_changed” (another user "
                                 "signed in here), USER who made them; “saha-cli "
                                 "retry” gives them back."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  if (argc != 1)
    return saha_cli_usage_error ("conflicts", _("Unexpected argument “%s”"), argv[1]);

  store = saha_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  records = saha_store_list_conflicts (store, &error);
  if (records == NULL)
    return saha_cli_fail (g_steal_pointer (&error));
  rejections = saha_store_sync_list_rejections (store, &error);
  if (rejections == NULL)
    return saha_cli_fail (g_steal_pointer (&error));
  set_aside = saha_store_list_set_aside (store, &error);
  if (set_aside == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (json)
    {
      g_autoptr(JsonArray) array = json_array_sized_new (records->len + rejections->len);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           g_free);

      /* Each record needing attention once: conflicted ones, then refused pushes of
       * records not in conflict; "rejected" holds the server's refusal or null. */
      for (guint i = 0; i < records->len; i++)
        {
          SahaRecord *record = g_ptr_array_index (records, i);
          JsonNode *element = saha_record_to_json (record, SAHA_CODEC_DEFAULT);

          add_conflict_authors (store, record, json_node_get_object (element), names);
          set_rejected_member (json_node_get_object (element),
                               find_rejection (rejections, NULL, saha_record_get_id (record)));
          json_array_add_element (array, element);
        }
      for (guint j = 0; j < rejections->len; j++)
        {
          const SahaStoreRejection *rejection = g_ptr_array_index (rejections, j);
          g_autoptr(SahaRecord) record = NULL;
          g_autoptr(GError) local_error = NULL;
          JsonNode *element;

          if (find_set_aside (set_aside, rejection->entity, rejection->id) != NULL)
            continue;
          record = saha_store_get (store, rejection->entity, rejection->id, &local_error);
          if (record != NULL && saha_record_has_conflicts (record))
            continue;
          if (record != NULL)
            {
              element = saha_record_to_json (record, SAHA_CODEC_DEFAULT);
            }
          else
            {
              element = json_node_new (JSON_NODE_OBJECT);
              json_node_take_object (element, json_object_new ());
              json_object_set_string_member (json_node_get_object (element), "entity",
                                             rejection->entity);
              json_object_set_string_member (json_node_get_object (element), "id",
                                             rejection->id);
            }
          set_rejected_member (json_node_get_object (element), rejection);
          json_array_add_element (array, element);
        }
      /* Set-aside edits: the record as it was set aside, with "set_aside" (reason,
       * made_by, at) and its refusal, if any, as "rejected". */
      for (guint j = 0; j < set_aside->len; j++)
        {
          const SahaStoreSetAside *entry = g_ptr_array_index (set_aside, j);
          JsonNode *element = saha_record_to_json (entry->state, SAHA_CODEC_DEFAULT);
          JsonObject *object = json_node_get_object (element);

          json_object_set_member (object, "set_aside",
                                  members_to_json (add_set_aside_members, entry));
          set_rejected_member (object, find_rejection (rejections, entry->entity, entry->id));
          json_array_add_element (array, element);
        }
      json_node_set_array (node, array);
      saha_cli_print_json (node, TRUE);
    }
  else
    {
      print_conflicts_text (store, records);
      print_rejections_text (rejections);
      print_set_aside_text (set_aside);
    }

  return SAHA_CLI_EXIT_OK;
}

int
saha_cli_retry (const char  *db_path,
                int          argc,
                char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  const SahaEntityDef *entity;
  gboolean discard = FALSE;
  int code;
  const GOptionEntry entries[] = {
    { "discard", 0, 0, G_OPTION_ARG_NONE, &discard,
      N_("Throw the set-aside edits away instead (the server’s version stays)"), NULL },
    { NULL }
  };

  if (!saha_cli_parse_command ("retry", "ENTITY ID",
                               _("Gives back the edits of a record that were set aside "
                                 "(see “saha-cli conflicts”): they are joined into the "
                                 "record as it is now (a field changed on both sides "
                                 "becomes a conflict) and pushed, as the user signed "
                                 "in now, with the next sync. A record that left your "
                                 "scope must be assigned back to you first."), entries,
                               &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  code = saha_cli_open_record_command (db_path, "retry", argc, argv, &entity, &store);
  if (code != SAHA_CLI_EXIT_OK)
    return code;

  if (discard ? !saha_store_discard_set_aside (store, entity->name, argv[2], &error)
              : !saha_store_retry_set_aside (store, entity->name, argv[2], &error))
    return saha_cli_fail (g_steal_pointer (&error));

  return SAHA_CLI_EXIT_OK;
}

int
saha_cli_resolve (const char  *db_path,
                  int          argc,
                  char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) inputs = NULL;
  g_autoptr(SahaStore) store = NULL;
  const SahaEntityDef *entity;

  if (!saha_cli_parse_command ("resolve", "ENTITY ID FIELD=VALUE…",
                               _("Settles conflicted fields: each VALUE supersedes "
                                 "every candidate of its FIELD (an empty VALUE "
                                 "unsets it). “deleted=false” keeps a record whose "
                                 "deletion conflicted with an edit, “deleted=true” "
                                 "deletes it."), NULL, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  if (argc < 4)
    return saha_cli_usage_error ("resolve", _("Expected ENTITY ID FIELD=VALUE…"));

  entity = saha_cli_lookup_record_args (argv, &error);
  if (entity == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  store = saha_cli_open_record_with_inputs (db_path, entity, argc, argv, TRUE, &inputs, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (!saha_store_resolve (store, entity->name, argv[2], (const SahaFieldInput *) inputs->data,
                           inputs->len, &error))
    return saha_cli_fail (g_steal_pointer (&error));

  return SAHA_CLI_EXIT_OK;
}

int
saha_cli_status (const char  *db_path,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  SahaStoreStatus status = { 0 };
  g_autoptr(GPtrArray) rejections = NULL;
  g_autoptr(GPtrArray) set_aside_list = NULL;
  guint set_aside;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON object"), NULL },
    { NULL }
  };

  if (!saha_cli_parse_command ("status", NULL,
                               _("Shows the replica file and id, the records with "
                                 "changes not yet accepted by the server, the records "
                                 "in conflict, the records whose last push the server "
                                 "refused (each with the server's reason), the "
                                 "records with local edits set aside because they "
                                 "left your scope, and when the last sync finished "
                                 "(UTC)."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;

  if (argc != 1)
    return saha_cli_usage_error ("status", _("Unexpected argument “%s”"), argv[1]);

  store = saha_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (!saha_store_get_status (store, &status, &error))
    return saha_cli_fail (g_steal_pointer (&error));
  rejections = saha_store_sync_list_rejections (store, &error);
  if (rejections == NULL)
    {
      saha_store_status_clear (&status);
      return saha_cli_fail (g_steal_pointer (&error));
    }
  set_aside_list = saha_store_list_set_aside (store, &error);
  set_aside = set_aside_list != NULL ? set_aside_list->len : 0;
  if (set_aside_list == NULL)
    {
      saha_store_status_clear (&status);
      return saha_cli_fail (g_steal_pointer (&error));
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      saha_cli_json_add_string (builder, "db", saha_store_get_path (store));
      saha_cli_json_add_string (builder, "replica_id", saha_store_get_replica_id (store));
      saha_cli_json_add_int (builder, "pending", status.pending);
      saha_cli_json_add_int (builder, "conflicts", status.conflicts);
      saha_cli_json_add_int (builder, "rejected", status.rejected);
      json_builder_set_member_name (builder, "rejections");
      saha_cli_json_add_objects (builder, rejections, add_rejection_members, NULL);
      saha_cli_json_add_int (builder, "revoked_pending", set_aside);
      json_builder_set_member_name (builder, "set_aside");
      saha_cli_json_add_objects (builder, set_aside_list, add_set_aside_members,
                                 GINT_TO_POINTER (TRUE));
      saha_cli_json_add_string (builder, "last_sync", status.last_sync);
      json_builder_end_object (builder);
      saha_cli_print_builder (builder, TRUE);
    }
  else
    {
      /* "key: value" lines, keys untranslated, for scripts. */
      g_print ("db: %s\n", saha_store_get_path (store));
      g_print ("replica_id: %s\n", saha_store_get_replica_id (store));
      g_print ("pending: %u\n", status.pending);
      g_print ("conflicts: %u\n", status.conflicts);
      g_print ("rejected: %u\n", status.rejected);
      g_print ("revoked_pending: %u\n", set_aside);
      g_print ("last_sync: %s\n", status.last_sync != NULL ? status.last_sync : "never");
      print_rejections_text (rejections);
      print_set_aside_text (set_aside_list);
    }

  saha_store_status_clear (&status);

  return SAHA_CLI_EXIT_OK;
}
