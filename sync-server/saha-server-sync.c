/* saha-server-sync.c: push (merge, scope, validation) and pull over the server's storage.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sodium.h>
#include <string.h>

#include "saha-server-clock.h"
#include "saha-server-error.h"
#include "saha-server-sync.h"

/* A stored state is the server's own output; a generous bound, not a security limit. */
#define STORED_STATE_MAX_BYTES (64 * 1024 * 1024)

static gboolean
is_customer (const char *entity)
{
  return g_strcmp0 (entity, "customer") == 0;
}

static gboolean
is_call (const char *entity)
{
  return g_strcmp0 (entity, "service_call") == 0;
}

/* A task is its customer's like other children, and its owner's as well: the owner is
 * its "assignee", as a call's technician is the call's. */
static gboolean
is_task (const char *entity)
{
  return g_strcmp0 (entity, "task") == 0;
}

static gboolean
is_user_name (const char *owner)
{
  return owner != NULL && g_strcmp0 (owner, SAHA_SERVER_OWNER_EVERYONE) != 0;
}

static SahaRecord *
record_from_row (const SahaServerRow  *row,
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

/*
 * Proofs (docs/sync.md, "A restored server"). Every state the server stores carries
 * "proof": a MAC, under a key only the server holds (meta "proof_key", kept in its
 * backups), over the record's entity, id and version vector. A device keeps the proof of
 * the last state it pulled of each record and sends it back with the record ("pulled":
 * { "vv", "proof" }). After the server was restored from a copy it no longer knows the
 * counters that replicas reached after the copy; a dot beyond what it knows is refused
 * (a forged version vector must not lock a replica out, docs/protocol.md) unless the
 * record's pulled proof shows that this server once stored it: then the counters the proof
 * names are raised to what they were, and the change is taken back.
 */
#define PROOF_KEY_BYTES 32
#define PROOF_BYTES 16

static GMutex proof_keys_lock;
static GHashTable *proof_keys;   /* epoch -> key (PROOF_KEY_BYTES), per database */

/* The database's proof key, made (inside the caller's write transaction) when missing. */
static const guchar *
proof_key (SahaServerStorage  *storage,
           gboolean            create,
           GError            **error)
{
  const char *epoch = saha_server_storage_get_epoch (storage);
  g_autofree char *hex = NULL;
  guchar *key;

  g_mutex_lock (&proof_keys_lock);
  if (proof_keys == NULL)
    proof_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  key = g_hash_table_lookup (proof_keys, epoch);
  g_mutex_unlock (&proof_keys_lock);
  if (key != NULL)
    return key;

  key = g_malloc (PROOF_KEY_BYTES);
  hex = saha_server_storage_get_meta (storage, "proof_key");
  if (hex == NULL || sodium_hex2bin (key, PROOF_KEY_BYTES, hex, strlen (hex), NULL, NULL, NULL) != 0)
    {
      char text[PROOF_KEY_BYTES * 2 + 1];

      if (!create)
        {
          g_free (key);
          return NULL;
        }
      randombytes_buf (key, PROOF_KEY_BYTES);
      sodium_bin2hex (text, sizeof text, key, PROOF_KEY_BYTES);
      if (!saha_server_storage_set_meta (storage, "proof_key", text, error))
        {
          g_free (key);
          return NULL;
        }
    }
  g_mutex_lock (&proof_keys_lock);
  if (g_hash_table_lookup (proof_keys, epoch) == NULL)
    g_hash_table_insert (proof_keys, g_strdup (epoch), key);
  else
    g_free (key);
  key = g_hash_table_lookup (proof_keys, epoch);
  g_mutex_unlock (&proof_keys_lock);
  return key;
}

/* The MAC of (entity, id, vv) under @key, base64url without padding. */
static char *
state_proof (const guchar            *key,
             const char              *entity,
             const char              *id,
             const SahaVersionVector *vv)
{
  g_autoptr(GPtrArray) replicas = saha_version_vector_replicas (vv);
  g_autoptr(GString) message = g_string_new (NULL);
  guchar mac[PROOF_BYTES];
  char text[sodium_base64_ENCODED_LEN (PROOF_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  g_string_append_printf (message, "saha-proof-1\n%s\n%s\n", entity, id);
  for (guint i = 0; i < replicas->len; i++)
    g_string_append_printf (message, "%s=%" G_GUINT64_FORMAT ";",
                            (const char *) g_ptr_array_index (replicas, i),
                            saha_version_vector_get (vv, g_ptr_array_index (replicas, i)));
  crypto_generichash (mac, sizeof mac, (const guchar *) message->str, message->len,
                      key, PROOF_KEY_BYTES);
  sodium_bin2base64 (text, sizeof text, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return g_strdup (text);
}

/* States are stored in the compact wire form (entity, id, vv, registers) with their
 * proof: what a compact pull sends as is, and half the text of the full form. */
static char *
record_to_text (const SahaRecord *record,
                const guchar     *key)
{
  g_autoptr(JsonNode) node = saha_record_to_json (record, SAHA_CODEC_COMPACT);

  if (key != NULL)
    {
      g_autofree char *proof = state_proof (key, saha_record_get_entity (record)->name,
                                            saha_record_get_id (record),
                                            saha_record_get_version_vector (record));

      json_object_set_string_member (json_node_get_object (node), "proof", proof);
    }
  return saha_json_to_string (node, FALSE);
}

/* The entity a record's parent field points at, or NULL for top-level entities. */
static const char *
parent_entity_of (const SahaEntityDef *def)
{
  const SahaFieldDef *field;

  if (def->parent_field == NULL)
    return NULL;
  field = saha_entity_def_lookup_field (def, def->parent_field);
  return field != NULL ? field->target : NULL;
}

static gboolean
scope_equal (const SahaServerRow *a,
             const SahaServerRow *b)
{
  return g_strcmp0 (a->root, b->root) == 0
         && g_strcmp0 (a->owner, b->owner) == 0
         && g_strcmp0 (a->assignee, b->assignee) == 0;
}

/* Scope columns of @row, a child of @parent. */
static void
inherit_scope (SahaServerRow       *row,
               const SahaServerRow *parent,
               const char          *own_assignee)
{
  g_free (row->root);
  g_free (row->owner);
  g_free (row->assignee);
  row->root = g_strdup (parent->root);
  row->owner = g_strdup (parent->owner);
  if (is_call (row->entity) || is_task (row->entity))
    row->assignee = g_strdup (own_assignee);
  else if (is_call (parent->entity))
    row->assignee = g_strdup (parent->assignee);
  else
    row->assignee = NULL;
}

/* The row for @record: the scope columns, from its parent's row (the state text is left
 * to the caller that stores it; a permission check needs the scope alone). */
static SahaServerRow *
derive_row (SahaServerStorage  *storage,
            const SahaRecord   *record,
            const char         *orphan_owner,
            GError            **error)
{
  const SahaEntityDef *def = saha_record_get_entity (record);
  g_autoptr(SahaServerRow) row = saha_server_row_new ();
  g_autoptr(SahaServerRow) parent = NULL;
  GError *local_error = NULL;
  const char *own_assignee = NULL;

  row->entity = g_strdup (def->name);
  row->id = g_strdup (saha_record_get_id (record));
  row->deleted = saha_record_is_deleted (record);
  if (is_call (def->name))
    own_assignee = saha_record_get (record, "assigned_to");
  else if (is_task (def->name))
    own_assignee = saha_record_get (record, "owner");

  if (is_customer (def->name))
    {
      row->root = g_strdup (row->id);
      row->owner = g_strdup (saha_record_get (record, "assigned_to"));
      return g_steal_pointer (&row);
    }
  row->parent_entity = g_strdup (parent_entity_of (def));
  if (row->parent_entity == NULL)
    {
      row->owner = g_strdup (SAHA_SERVER_OWNER_EVERYONE);
      return g_steal_pointer (&row);
    }

  row->parent_id = g_strdup (saha_record_get (record, def->parent_field));
  if (row->parent_id != NULL)
    {
      parent = saha_server_storage_row_lookup (storage, row->parent_entity, row->parent_id,
                                               &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
    }
  if (parent != NULL)
    inherit_scope (row, parent, own_assignee);
  else
    {
      /* The parent has not arrived (pushes are ordered parents first, but a parent may
       * be in a later batch): keep the record with whoever pushed it until it does. */
      row->owner = g_strdup (orphan_owner);
      row->assignee = g_strdup (own_assignee);
    }
  return g_steal_pointer (&row);
}

static gboolean
revoke_from_previous (SahaServerStorage    *storage,
                      const SahaServerRow  *old,
                      const SahaServerRow  *row,
                      GError              **error)
{
  const char *previous[] = { old->owner, old->assignee };

  for (guint i = 0; i < G_N_ELEMENTS (previous); i++)
    {
      const char *user = previous[i];

      if (!is_user_name (user)
          || g_strcmp0 (user, row->owner) == 0
          || g_strcmp0 (user, row->assignee) == 0
          || (i == 1 && g_strcmp0 (user, old->owner) == 0))
        continue;
      /* Pull leaves the revocation out while the user can still see the record some
       * other way (a call of theirs under the customer, say). */
      if (!saha_server_storage_revoke (storage, user, row->entity, row->id, error))
        return FALSE;
    }
  return TRUE;
}

/* Re-stamps a customer with a new seq so that users who now see it through a call get
 * it even when their cursor is past its last change. */
static gboolean
restamp (SahaServerStorage  *storage,
         const char         *entity,
         const char         *id,
         GError            **error)
{
  GError *local_error = NULL;
  g_autoptr(SahaServerRow) row = saha_server_storage_row_lookup (storage, entity, id, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return row == NULL || saha_server_storage_row_write (storage, row, error);
}

/* Brings the children of @row (and theirs) in line with its scope columns. Children
 * whose columns change move to new seqs: the new viewers' next pull delivers them even
 * when their own last edit is older than those viewers' cursors; the previous viewers
 * get a revocation. */
static gboolean
cascade_scope (SahaServerStorage    *storage,
               const SahaServerRow  *row,
               GError              **error)
{
  g_autoptr(GPtrArray) children = saha_server_storage_row_children (storage, row->entity,
                                                                    row->id, error);

  if (children == NULL)
    return FALSE;
  for (guint i = 0; i < children->len; i++)
    {
      SahaServerRow *child = g_ptr_array_index (children, i);
      g_autoptr(SahaServerRow) old = saha_server_row_new ();
      g_autofree char *own_assignee = g_strdup (child->assignee);

      old->root = g_strdup (child->root);
      old->owner = g_strdup (child->owner);
      old->assignee = g_strdup (child->assignee);
      inherit_scope (child, row, own_assignee);
      if (scope_equal (old, child))
        continue;
      if (!saha_server_storage_row_write (storage, child, error)
          || !revoke_from_previous (storage, old, child, error)
          || !cascade_scope (storage, child, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean same_values (const SahaRecord *a,
                             const SahaRecord *b,
                             const char       *field);

static gboolean
audit_field (SahaServerStorage    *storage,
             SahaServerAuditEntry *entry,
             const SahaRecord     *old,
             const SahaRecord     *merged,
             const char           *field,
             GError              **error)
{
  if (old != NULL && same_values (old, merged, field))
    return TRUE;
  if (old == NULL && !saha_record_has_field (merged, field))
    return TRUE;
  entry->field = (char *) field;
  entry->old_value = old != NULL ? (char *) saha_record_get (old, field) : NULL;
  entry->new_value = (char *) saha_record_get (merged, field);
  return saha_server_storage_audit_add (storage, entry, error);
}

/* The audit trail: one entry per field whose values @merged changed, with @user and the
 * pushing replica. */
static gboolean
audit_change (SahaServerStorage    *storage,
              const SahaServerRow  *existing,
              const SahaRecord     *merged,
              const char           *user,
              const char           *pushed_by,
              GError              **error)
{
  const SahaEntityDef *def = saha_record_get_entity (merged);
  g_autoptr(SahaRecord) old = NULL;
  SahaServerAuditEntry entry = {
    .at = saha_server_now (),
    .user = (char *) user,
    .device = (char *) pushed_by,
    .entity = (char *) def->name,
    .id = (char *) saha_record_get_id (merged),
  };

  if (existing != NULL && (old = record_from_row (existing, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < def->n_fields; i++)
    if (!audit_field (storage, &entry, old, merged, def->fields[i].name, error))
      return FALSE;
  return audit_field (storage, &entry, old, merged, SAHA_DELETED_FIELD, error);
}

gboolean
saha_server_sync_store (SahaServerStorage    *storage,
                        const SahaServerRow  *existing,
                        const SahaRecord     *merged,
                        const char           *orphan_owner,
                        const char           *pushed_by,
                        const char           *user,
                        SahaServerRow       **stored,
                        GError              **error)
{
  g_autoptr(SahaServerRow) row = NULL;
  gboolean scope_changed;

  if (user != NULL && !audit_change (storage, existing, merged, user, pushed_by, error))
    return FALSE;

  /* An orphan stays with whoever owned it first; a record whose parent is gone (its
   * tombstone purged) keeps the owner it had, not the pusher's. */
  if (existing != NULL)
    orphan_owner = existing->owner;
  row = derive_row (storage, merged, orphan_owner, error);
  if (row == NULL)
    return FALSE;
  {
    const guchar *key = proof_key (storage, TRUE, error);

    if (key == NULL)
      return FALSE;
    row->state = record_to_text (merged, key);
  }
  row->pushed_by = g_strdup (pushed_by);
  if (!saha_server_storage_row_write (storage, row, error))
    return FALSE;

  scope_changed = existing == NULL || !scope_equal (existing, row);
  if (existing != NULL && scope_changed
      && !revoke_from_previous (storage, existing, row, error))
    return FALSE;
  /* New records may adopt children that arrived before them. */
  if (scope_changed && !cascade_scope (storage, row, error))
    return FALSE;

  if (is_call (row->entity))
    {
      gboolean moved = existing == NULL
                       || g_strcmp0 (existing->assignee, row->assignee) != 0
                       || g_strcmp0 (existing->parent_id, row->parent_id) != 0;

      if (moved && is_user_name (row->assignee) && row->parent_id != NULL
          && !restamp (storage, "customer", row->parent_id, error))
        return FALSE;
      if (moved && existing != NULL && is_user_name (existing->assignee)
          && existing->parent_id != NULL
          && g_strcmp0 (existing->assignee, row->assignee) != 0
          && !saha_server_storage_revoke (storage, existing->assignee, "customer",
                                          existing->parent_id, error))
        return FALSE;
    }

  if (stored != NULL)
    *stored = g_steal_pointer (&row);
  return TRUE;
}

/* Push */

/* Whether @field holds the same values (whatever their dots) in @a and @b: rewriting the
 * value a field already has (a form that saves every field) is not a change. */
static gboolean
same_values (const SahaRecord *a,
             const SahaRecord *b,
             const char       *field)
{
  guint n_a, n_b;
  const SahaCandidate *ca = saha_record_get_candidates (a, field, &n_a);
  const SahaCandidate *cb = saha_record_get_candidates (b, field, &n_b);

  for (guint i = 0; i < n_a; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < n_b && !found; j++)
        found = g_strcmp0 (ca[i].value, cb[j].value) == 0;
      if (!found)
        return FALSE;
    }
  for (guint j = 0; j < n_b; j++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < n_a && !found; i++)
        found = g_strcmp0 (ca[i].value, cb[j].value) == 0;
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static gboolean
may_write_row (const SahaServerUser *user,
               const SahaServerRow  *row)
{
  if (g_strcmp0 (row->owner, user->name) == 0)
    return TRUE;
  /* A technician works on the calls assigned to them, and their parts; whoever owns a
   * task works on it. */
  return (is_call (row->entity) || g_strcmp0 (row->entity, "service_part") == 0
          || is_task (row->entity))
         && g_strcmp0 (row->assignee, user->name) == 0;
}

static gboolean
forbid_foreign (const SahaServerUser  *user,
                const SahaEntityDef   *def,
                GError               **error)
{
  if (is_customer (def->name))
    g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_FORBIDDEN,
                 "%s may not change customers assigned to someone else", user->name);
  else
    g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_FORBIDDEN,
                 "%s may not change %s records of customers assigned to someone else",
                 user->name, def->name);
  return FALSE;
}

/* Whether @value is among the candidates of @field in @record (NULL: none). */
static gboolean
has_value (const SahaRecord *record,
           const char       *field,
           const char       *value)
{
  const SahaCandidate *candidates;
  guint n = 0;

  if (record == NULL)
    return FALSE;
  candidates = saha_record_get_candidates (record, field, &n);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (candidates[i].value, value) == 0)
      return TRUE;
  return FALSE;
}

/* Every reference field of the schema, not only the parent: a record pointing at a
 * record outside the user's scope (a call for another rep's customer, assigned to
 * themselves) would bring that record into their pulls, or tie their data to it. Each
 * value @merged gains over @old (every candidate, conflicts included) must point at a
 * record the user already sees, which includes one accepted earlier in the same push
 * (a push is sorted parents first, and a client's pending records go out in schema
 * order, so an honest client's parents are never in a later batch). A reference to a
 * record the server does not have is refused too: adopted later by a parent that is
 * someone else's (a purged customer brought back by another device, say), a call
 * assigned to the pusher would deliver that customer to them. Storage failures are
 * SAHA_SERVER_ERROR_INTERNAL. */
static gboolean
check_references (SahaServerStorage     *storage,
                  const SahaServerUser  *user,
                  const SahaRecord      *old,
                  const SahaRecord      *merged,
                  GError               **error)
{
  const SahaEntityDef *def = saha_record_get_entity (merged);

  for (guint i = 0; i < def->n_fields; i++)
    {
      const SahaFieldDef *field = &def->fields[i];
      const SahaCandidate *candidates;
      guint n = 0;

      if (field->type != SAHA_FIELD_REFERENCE)
        continue;
      candidates = saha_record_get_candidates (merged, field->name, &n);
      for (guint c = 0; c < n; c++)
        {
          SahaServerScope scope;

          if (candidates[c].value == NULL || has_value (old, field->name, candidates[c].value))
            continue;
          if (!saha_server_storage_row_scope (storage, user->name, field->target,
                                              candidates[c].value, &scope, error))
            return FALSE;
          if (scope == SAHA_SERVER_SCOPE_ABSENT)
            {
              /* Not "forbidden": after a server restore the referenced record comes back
               * when the device holding it gives it back, and this one is retried. */
              g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_MISSING_REFERENCE,
                           "%s (%s) may not set \"%s\" of a %s to a %s the server does not "
                           "have (push that %s first)",
                           user->name, saha_server_role_to_string (user->role), field->name,
                           def->name, field->target, field->target);
              return FALSE;
            }
          if (scope == SAHA_SERVER_SCOPE_OUTSIDE)
            {
              g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_FORBIDDEN,
                           "%s (%s) may not set \"%s\" of a %s to a %s outside their scope",
                           user->name, saha_server_role_to_string (user->role), field->name,
                           def->name, field->target);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* Whether field user @user may turn @old (NULL: new) into @merged. FALSE with a
 * SAHA_SERVER_ERROR_FORBIDDEN @error for a refusal, SAHA_SERVER_ERROR_INTERNAL for a
 * storage failure. */
static gboolean
check_field_permission (SahaServerStorage    *storage,
                        const SahaServerUser *user,
                        const SahaServerRow  *old_row,
                        const SahaRecord     *old,
                        const SahaServerRow  *new_row,
                        const SahaRecord     *merged,
                        GError              **error)
{
  const SahaEntityDef *def = saha_record_get_entity (merged);
  const char *role = saha_server_role_to_string (user->role);

  if (def->parent_field == NULL && !is_customer (def->name))
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_FORBIDDEN,
                   "%s (%s) may not change the %s catalogue; the office does",
                   user->name, role, def->name);
      return FALSE;
    }

  if (old_row != NULL && !may_write_row (user, old_row))
    return forbid_foreign (user, def, error);

  if (is_customer (def->name) || is_call (def->name))
    {
      const char *assigned = saha_record_get (merged, "assigned_to");
      gboolean ok;

      if (old != NULL)
        ok = same_values (old, merged, "assigned_to");
      else if (is_customer (def->name))
        ok = g_strcmp0 (assigned, user->name) == 0
             && !saha_record_field_in_conflict (merged, "assigned_to");
      else
        ok = (assigned == NULL || g_strcmp0 (assigned, user->name) == 0)
             && !saha_record_field_in_conflict (merged, "assigned_to");
      if (!ok)
        {
          g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_FORBIDDEN,
                       old != NULL
                       ? "%s (%s) may not change assigned_to of a %s; the office assigns"
                       : "%s (%s) may only create a %s assigned to themselves",
                       user->name, role, def->name);
          return FALSE;
        }
    }

  if (!check_references (storage, user, old, merged, error))
    return FALSE;

  /* Where the record goes: a new parent must be theirs too. */
  if (!is_customer (def->name) && !may_write_row (user, new_row))
    return forbid_foreign (user, def, error);
  return TRUE;
}

/* A call's or an order's status moves only along the documented transitions, for every
 * role (the office reopens cancelled calls). A status in conflict before or after is left
 * to people: writing any value resolves it. */
static gboolean
check_status_move (const SahaServerUser  *user,
                   const SahaRecord      *old,
                   const SahaRecord      *merged,
                   GError               **error)
{
  const char *entity = saha_record_get_entity (merged)->name;

  if (old == NULL || saha_entity_def_field_index (saha_record_get_entity (merged), "status") < 0
      || saha_record_field_in_conflict (old, "status")
      || saha_record_field_in_conflict (merged, "status"))
    return TRUE;
  return saha_status_check_move (entity, saha_record_get (old, "status"),
                                 saha_record_get (merged, "status"),
                                 !saha_server_role_is_field (user->role), error);
}

/* A pushed record's "pulled": the last state of it the device pulled, with its proof. */
typedef struct
{
  SahaVersionVector *vv;
  char              *proof;
} Pulled;

static void
pulled_free (Pulled *pulled)
{
  if (pulled == NULL)
    return;
  saha_version_vector_free (pulled->vv);
  g_free (pulled->proof);
  g_free (pulled);
}

typedef struct
{
  SahaRecord   *record;
  guint         position;
  const Pulled *pulled;     /* (nullable) */
} PushItem;

static int
push_item_compare (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  GHashTable *order = user_data;
  const PushItem *ia = a, *ib = b;
  int oa = GPOINTER_TO_INT (g_hash_table_lookup (order, saha_record_get_entity (ia->record)));
  int ob = GPOINTER_TO_INT (g_hash_table_lookup (order, saha_record_get_entity (ib->record)));

  if (oa != ob)
    return oa < ob ? -1 : 1;
  return ia->position < ib->position ? -1 : (ia->position > ib->position ? 1 : 0);
}

static JsonNode *
refused (const SahaRecord *record,
         const char       *code,
         const char       *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, saha_record_get_entity (record)->name);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, saha_record_get_id (record));
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "refused");
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The merged state goes back only when it differs from what the client sent: otherwise
 * the client already holds it, and echoing it made up most of the answer (and of the
 * stored batch log), for the client to parse and merge to no effect. */
static JsonNode *
accepted (const SahaRecord *merged,
          const SahaRecord *incoming,
          const guchar     *key)
{
  JsonObject *object = json_object_new ();
  JsonObject *pulled = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  const SahaVersionVector *vv = saha_record_get_version_vector (merged);
  g_autofree char *proof = state_proof (key, saha_record_get_entity (merged)->name,
                                        saha_record_get_id (merged), vv);

  json_object_set_string_member (object, "entity", saha_record_get_entity (merged)->name);
  json_object_set_string_member (object, "id", saha_record_get_id (merged));
  json_object_set_string_member (object, "status", "ok");
  if (!saha_record_equal (merged, incoming))
    json_object_set_member (object, "record", saha_record_to_json (merged, SAHA_CODEC_REGISTERS));
  /* The proof of the stored state, as a pull would bring it: the pusher does not pull its
   * own pushes back. */
  json_object_set_member (pulled, "vv", saha_version_vector_to_json (vv));
  json_object_set_string_member (pulled, "proof", proof);
  json_object_set_object_member (object, "pulled", pulled);
  json_node_take_object (node, object);
  return node;
}

/* Version vectors from clients are untrusted: a push may add dots of its own replica
 * only. Every other replica's entry must be one the server already knows: at most the
 * stored record's entry, or the highest counter the server has stored for that replica
 * (the replicas table; a re-stamped record of a copied replica claims its old id's
 * acknowledged counter, which is at most that). Dots not yet issued cannot be claimed, so
 * nothing a client pushes can make another replica's later write look already seen.
 * A replica id the server has no row for at all is let through: no device can write
 * under it without signing in first (which makes the row, with the device's own counter),
 * and after a server restored from an earlier copy it is the id of a replica that has
 * taken another id since (a copy, a restored file), whose changes other devices give back
 * and nobody else ever could (docs/sync.md, "A restored server").
 * An entry of another replica id of the pushing user's own is let through too, and the
 * server's counter for that id raised: after a server restore, a device that took a new id
 * since the server's copy gives back the changes it made under its old one (the user
 * could have written them under the new id as well, so nothing is gained by forging). */
typedef struct
{
  const char *user;        /* the pushing user's name */
  GHashTable *owners;      /* replica id -> user name, read once per batch when needed */
} PushOwners;

static void
push_owners_clear (PushOwners *owners)
{
  g_clear_pointer (&owners->owners, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PushOwners, push_owners_clear)

static gboolean
replica_is_users_own (SahaServerStorage *storage,
                      PushOwners        *owners,
                      const char        *replica)
{
  if (owners->owners == NULL)
    {
      g_autoptr(GPtrArray) pairs = saha_server_storage_replica_users (storage, NULL);

      owners->owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint i = 0; pairs != NULL && i + 1 < pairs->len; i += 2)
        g_hash_table_insert (owners->owners, g_strdup (pairs->pdata[i]),
                             g_strdup (pairs->pdata[i + 1]));
    }
  return g_strcmp0 (g_hash_table_lookup (owners->owners, replica), owners->user) == 0;
}

/* A pulled proof this server made for the record: the counters it names were once stored
 * here, so they are raised back to that (a restored server forgot them). FALSE with
 * @error only for a storage failure; a proof that does not match changes nothing. */
static gboolean
take_back_pulled (SahaServerStorage  *storage,
                  const SahaRecord   *incoming,
                  const Pulled       *pulled,
                  GError            **error)
{
  const guchar *key;
  g_autofree char *expected = NULL;
  g_autoptr(GPtrArray) replicas = NULL;

  if (pulled == NULL)
    return TRUE;
  key = proof_key (storage, FALSE, error);
  if (key == NULL)
    return error == NULL || *error == NULL;
  expected = state_proof (key, saha_record_get_entity (incoming)->name,
                          saha_record_get_id (incoming), pulled->vv);
  if (strlen (expected) != strlen (pulled->proof)
      || sodium_memcmp (expected, pulled->proof, strlen (expected)) != 0)
    return TRUE;
  replicas = saha_version_vector_replicas (pulled->vv);
  for (guint i = 0; i < replicas->len; i++)
    {
      const char *replica = g_ptr_array_index (replicas, i);
      guint64 counter = saha_version_vector_get (pulled->vv, replica);

      if (saha_server_storage_replica_is_known (storage, replica)
          && counter > saha_server_storage_replica_get_counter (storage, replica))
        {
          g_message ("Taking back changes up to %" G_GUINT64_FORMAT " of replica %s, proven "
                     "by %s %s", counter, replica, saha_record_get_entity (incoming)->name,
                     saha_record_get_id (incoming));
          if (!saha_server_storage_replica_raise_counter (storage, replica, counter, error))
            return FALSE;
        }
    }
  return TRUE;
}

/* FALSE with @refusal when the record names changes of another replica that the server
 * never stored, or with @error (and no refusal) when the storage failed. */
static gboolean
check_foreign_versions (SahaServerStorage  *storage,
                        const char         *pusher,
                        PushOwners         *owners,
                        const SahaRecord   *old,
                        const SahaRecord   *incoming,
                        const Pulled       *pulled,
                        GPtrArray          *own_retired,
                        GError            **refusal,
                        GError            **error)
{
  const SahaVersionVector *vv = saha_record_get_version_vector (incoming);
  g_autoptr(GPtrArray) replicas = saha_version_vector_replicas (vv);
  gboolean proof_taken = FALSE;

  for (guint i = 0; i < replicas->len; i++)
    {
      const char *replica = g_ptr_array_index (replicas, i);
      guint64 counter = saha_version_vector_get (vv, replica);
      guint64 known;

      if (g_strcmp0 (replica, pusher) == 0
          || !saha_server_storage_replica_is_known (storage, replica))
        continue;
      known = saha_server_storage_replica_get_counter (storage, replica);
      if (old != NULL)
        known = MAX (known, saha_version_vector_get (saha_record_get_version_vector (old),
                                                     replica));
      if (counter > known && replica_is_users_own (storage, owners, replica))
        {
          g_ptr_array_add (own_retired, g_strdup (replica));
          continue;
        }
      if (counter > known && !proof_taken)
        {
          proof_taken = TRUE;
          if (!take_back_pulled (storage, incoming, pulled, error))
            return FALSE;
          known = MAX (known, saha_server_storage_replica_get_counter (storage, replica));
        }
      if (counter > known)
        {
          g_set_error (refusal, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_FORBIDDEN,
                       "the version names changes %" G_GUINT64_FORMAT " of replica %s, which "
                       "the server has not stored (it knows up to %" G_GUINT64_FORMAT "); "
                       "kept pending, retried at the next sync",
                       counter, replica, known);
          return FALSE;
        }
    }
  return TRUE;
}

/* One record of a batch, inside the batch's transaction. Returns the result object, or
 * NULL with @error for a storage failure (the whole batch is rolled back). */
static JsonNode *
push_one (SahaServerStorage     *storage,
          const SahaServerUser  *user,
          const char            *replica_id,
          PushOwners            *owners,
          SahaRecord            *incoming,
          const Pulled          *pulled,
          GError               **error)
{
  g_autoptr(GPtrArray) own_retired = g_ptr_array_new_with_free_func (g_free);
  const SahaEntityDef *def = saha_record_get_entity (incoming);
  const char *id = saha_record_get_id (incoming);
  g_autoptr(SahaServerRow) existing = NULL;
  g_autoptr(SahaRecord) old = NULL;
  g_autoptr(SahaRecord) merged = NULL;
  g_autoptr(GError) refusal = NULL;
  GError *local_error = NULL;
  gboolean erased = FALSE;

  if (!saha_server_storage_is_erased (storage, def->name, id, &erased, error))
    return NULL;
  if (erased)
    return refused (incoming, "erased",
                    "This record was erased with its person's data; it cannot be written "
                    "again (docs/security.md).");

  existing = saha_server_storage_row_lookup (storage, def->name, id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (existing != NULL)
    {
      if ((old = record_from_row (existing, error)) == NULL)
        return NULL;
      merged = saha_record_merge (old, incoming);
    }
  else
    merged = saha_record_copy (incoming);

  if (!check_foreign_versions (storage, replica_id, owners, old, incoming, pulled,
                               own_retired, &refusal, error))
    {
      if (refusal == NULL)
        return NULL;
      g_message ("Refused %s %s from %s: %s", def->name, id, user->name, refusal->message);
      return refused (incoming, "unknown_version", refusal->message);
    }

  if (saha_server_role_is_field (user->role))
    {
      /* The scope the record would have after this push, to check the new parent too. */
      g_autoptr(SahaServerRow) new_row = derive_row (storage, merged,
                                                     existing != NULL
                                                     ? existing->owner : user->name,
                                                     error);
      if (new_row == NULL)
        return NULL;
      if (!check_field_permission (storage, user, existing, old, new_row, merged, &refusal))
        {
          if (refusal->code == SAHA_SERVER_ERROR_INTERNAL
              || refusal->code == SAHA_SERVER_ERROR_UNAVAILABLE)
            {
              g_propagate_error (error, g_steal_pointer (&refusal));
              return NULL;
            }
          g_message ("Refused %s %s from %s: %s", def->name, id, user->name, refusal->message);
          return refused (incoming, saha_server_error_wire_code (refusal), refusal->message);
        }
    }

  if (!saha_record_check_consistent (merged, &refusal)
      || (!saha_record_is_deleted (merged) && !saha_record_check_required (merged, &refusal))
      || !check_status_move (user, old, merged, &refusal))
    return refused (incoming, "invalid", refusal->message);

  /* Human numbers are unique for ever: the first record that holds one keeps it. */
  if (!saha_record_is_deleted (merged) && saha_entity_def_field_index (def, "number") >= 0
      && saha_record_get (merged, "number") != NULL)
    {
      const char *number = saha_record_get (merged, "number");
      g_autofree char *holder = saha_server_storage_number_holder (storage, def->name, number,
                                                                   &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return NULL;
        }
      if (holder != NULL && !g_str_equal (holder, id))
        {
          g_autofree char *message = g_strdup_printf ("the %s number %s is already used by "
                                                      "another %s (%s); give this one another "
                                                      "number", def->name, number, def->name,
                                                      holder);

          g_message ("Refused %s %s from %s: %s", def->name, id, user->name, message);
          return refused (incoming, "duplicate_number", message);
        }
      if (holder == NULL
          && !saha_server_storage_number_claim (storage, def->name, number, id, error))
        return NULL;
    }

  if (old == NULL || !saha_record_equal (old, merged))
    {
      const char *orphan_owner = saha_server_role_is_field (user->role) ? user->name : NULL;

      /* The pushing replica gets this state in the answer (or has it: it sent it), so its
       * next pull need not bring it back. */
      if (!saha_server_sync_store (storage, existing, merged, orphan_owner, replica_id,
                                   user->name, NULL, error))
        return NULL;
    }
  /* The user's other ids whose changes came back: later give-backs of them by other
   * devices pass the check above. */
  for (guint i = 0; i < own_retired->len; i++)
    {
      const char *replica = own_retired->pdata[i];

      if (!saha_server_storage_replica_raise_counter (storage, replica,
                                                      saha_version_vector_get (
                                                        saha_record_get_version_vector (incoming),
                                                        replica),
                                                      error))
        return NULL;
    }
  {
    const guchar *key = proof_key (storage, TRUE, error);

    if (key == NULL)
      return NULL;
    return accepted (merged, incoming, key);
  }
}

static gboolean
invalid_body (GError     **error,
              const char  *format,
              ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid_body (GError     **error,
              const char  *format,
              ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_BODY, message);
  return FALSE;
}

static gboolean
member_is_int (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
member_is_string (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING;
}

typedef struct
{
  char      *batch_id;
  char      *replica_id;
  guint64    replica_counter;
  guint64    replica_counter_acked;   /* replica_counter when the member is absent */
  GPtrArray *records;   /* SahaRecord * */
  GPtrArray *pulled;    /* Pulled *, NULL where a record has none */
} PushRequest;

static void
push_request_clear (PushRequest *request)
{
  g_free (request->batch_id);
  g_free (request->replica_id);
  g_clear_pointer (&request->records, g_ptr_array_unref);
  g_clear_pointer (&request->pulled, g_ptr_array_unref);
}

/* A record's "pulled" member: { "vv": {...}, "proof": "..." }, or none. */
static gboolean
parse_pulled (JsonNode  *record,
              Pulled   **pulled,
              GError   **error)
{
  JsonObject *object = json_node_get_object (record);
  JsonNode *node = json_object_get_member (object, "pulled");
  JsonObject *member;
  const char *proof;
  g_autoptr(SahaVersionVector) vv = NULL;

  *pulled = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid_body (error, "\"pulled\" must be an object");
  member = json_node_get_object (node);
  proof = saha_json_get_string (member, "proof", NULL);
  if (proof == NULL || strlen (proof) > 64)
    return invalid_body (error, "\"pulled\" needs its \"proof\", a short string");
  vv = saha_version_vector_from_json (json_object_get_member (member, "vv"), error);
  if (vv == NULL)
    return FALSE;
  *pulled = g_new0 (Pulled, 1);
  (*pulled)->vv = g_steal_pointer (&vv);
  (*pulled)->proof = g_strdup (proof);
  return TRUE;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PushRequest, push_request_clear)

static gboolean
parse_push (const char   *body,
            gsize         length,
            PushRequest  *request,
            GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  static const char * const members[] = { "batch_id", "replica_id", "replica_counter",
                                          "replica_counter_acked", "records" };
  static const SahaJsonBounds bounds = {
    .max_depth = SAHA_JSON_MAX_DEPTH,
    .max_string_bytes = SAHA_JSON_MAX_STRING_BYTES,
    .max_values = SAHA_SERVER_MAX_PUSH_VALUES,
  };
  JsonObject *object;
  JsonArray *records;
  gint64 counter;
  gint64 acked;

  /* Bounds before the parser, which recurses per level and allocates per value. */
  object = saha_json_load_object (parser, body, length, &bounds, &local_error);
  if (object == NULL)
    return invalid_body (error, "The body is refused: %s", local_error->message);

  {
    g_autoptr(GList) names = json_object_get_members (object);
    for (GList *l = names; l != NULL; l = l->next)
      if (!g_strv_contains (members, l->data))
        return invalid_body (error, "Unknown member \"%s\" in the push body", (char *) l->data);
  }

  if (!member_is_string (object, "batch_id")
      || *json_object_get_string_member (object, "batch_id") == '\0'
      || strlen (json_object_get_string_member (object, "batch_id")) > 100)
    return invalid_body (error, "\"batch_id\" must be a non-empty string of at most 100 bytes");
  if (!member_is_string (object, "replica_id")
      || !saha_replica_id_is_valid (json_object_get_string_member (object, "replica_id")))
    return invalid_body (error, "\"replica_id\" must be a replica id");
  if (!member_is_int (object, "replica_counter")
      || (counter = json_object_get_int_member (object, "replica_counter")) < 0)
    return invalid_body (error, "\"replica_counter\" must be an integer >= 0");
  if (!json_object_has_member (object, "replica_counter_acked"))
    acked = counter;
  else if (!member_is_int (object, "replica_counter_acked")
           || (acked = json_object_get_int_member (object, "replica_counter_acked")) < 0
           || acked > counter)
    return invalid_body (error, "\"replica_counter_acked\" must be an integer from 0 to "
                         "\"replica_counter\"");
  if (!json_object_has_member (object, "records")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "records")))
    return invalid_body (error, "\"records\" must be an array");
  records = json_object_get_array_member (object, "records");
  if (json_array_get_length (records) > SAHA_SERVER_MAX_PUSH_RECORDS)
    return invalid_body (error, "At most %d records per batch", SAHA_SERVER_MAX_PUSH_RECORDS);

  request->batch_id = g_strdup (json_object_get_string_member (object, "batch_id"));
  request->replica_id = g_strdup (json_object_get_string_member (object, "replica_id"));
  request->replica_counter = (guint64) counter;
  request->replica_counter_acked = (guint64) acked;
  request->records = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_record_unref);
  request->pulled = g_ptr_array_new_with_free_func ((GDestroyNotify) pulled_free);
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      g_autoptr(GError) record_error = NULL;
      SahaRecord *record = saha_record_from_json (json_array_get_element (records, i),
                                                  &record_error);
      Pulled *pulled = NULL;

      if (record == NULL)
        return invalid_body (error, "Record %u: %s", i, record_error->message);
      g_ptr_array_add (request->records, record);
      if (!parse_pulled (json_array_get_element (records, i), &pulled, &record_error))
        return invalid_body (error, "Record %u: %s", i, record_error->message);
      g_ptr_array_add (request->pulled, pulled);
    }
  return TRUE;
}

/* The highest counter of @replica in any dot of @record. */
static guint64
max_counter_of (const SahaRecord *record,
                const char       *replica)
{
  return saha_version_vector_get (saha_record_get_version_vector (record), replica);
}

/* Results are filled in out of order; slots of a batch cut short stay NULL. */
static void
result_free (gpointer node)
{
  if (node != NULL)
    json_node_unref (node);
}

gboolean
saha_server_sync_check_replica (SahaServerStorage  *storage,
                                const char         *token_replica,
                                const char         *replica_id,
                                guint64             acked,
                                GError            **error)
{
  guint64 stored;

  if (token_replica != NULL && g_strcmp0 (token_replica, replica_id) != 0)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_REPLICA_REUSED,
                   "Replica %s is not the one this token was issued for: take a new "
                   "replica id (POST /v1/replica)", replica_id);
      return FALSE;
    }
  stored = saha_server_storage_replica_get_counter (storage, replica_id);
  if (stored > acked)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_REPLICA_REUSED,
                   "Replica %s has been used for changes this replica file has not had "
                   "acknowledged (%" G_GUINT64_FORMAT " > %" G_GUINT64_FORMAT "): it is a "
                   "restored or copied one and must take a new replica id",
                   replica_id, stored, acked);
      return FALSE;
    }
  return TRUE;
}

char *
saha_server_sync_push (SahaServerStorage     *storage,
                       const SahaServerUser  *user,
                       const char            *body,
                       gsize                  length,
                       GError               **error)
{
  return saha_server_sync_push_as (storage, user, NULL, body, length, error);
}

char *
saha_server_sync_push_as (SahaServerStorage     *storage,
                          const SahaServerUser  *user,
                          const char            *token_replica,
                          const char            *body,
                          gsize                  length,
                          GError               **error)
{
  g_auto(PushRequest) request = { 0 };
  g_autoptr(GHashTable) order = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (PushItem));
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (result_free);
  g_autoptr(JsonNode) answer_node = NULL;
  g_autofree char *answer = NULL;
  const SahaEntityDef * const *entities;
  guint n_entities;
  guint64 high_water;
  g_auto(PushOwners) owners = { user->name, NULL };

  if (!parse_push (body, length, &request, error))
    return NULL;

  entities = saha_schema_entities (&n_entities);
  for (guint i = 0; i < n_entities; i++)
    g_hash_table_insert (order, (gpointer) entities[i], GINT_TO_POINTER (i));
  high_water = request.replica_counter;
  for (guint i = 0; i < request.records->len; i++)
    {
      PushItem item = { g_ptr_array_index (request.records, i), i,
                        g_ptr_array_index (request.pulled, i) };

      g_array_append_val (items, item);
      high_water = MAX (high_water, max_counter_of (item.record, request.replica_id));
    }
  /* Parents before children, so that a child finds the parent pushed with it. */
  g_array_sort_with_data (items, push_item_compare, order);
  g_ptr_array_set_size (results, request.records->len);

  if (!saha_server_storage_begin (storage, TRUE, error))
    return NULL;

  /* A device marked lost pushes nothing, whatever token it holds. */
  if (saha_server_storage_device_is_wiped (storage, request.replica_id, NULL))
    {
      saha_server_storage_rollback (storage);
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_DEVICE_WIPED,
                   "This device (replica %s) was marked lost: it must delete its data",
                   request.replica_id);
      return NULL;
    }

  answer = saha_server_storage_batch_lookup (storage, user->id, request.batch_id);
  if (answer != NULL)
    {
      saha_server_storage_rollback (storage);
      return g_steal_pointer (&answer);
    }

  /* After the batch log, so that a batch whose answer was lost replays. */
  if (!saha_server_sync_check_replica (storage, token_replica, request.replica_id,
                                       request.replica_counter_acked, error))
    {
      saha_server_storage_rollback (storage);
      return NULL;
    }

  for (guint i = 0; i < items->len; i++)
    {
      PushItem *item = &g_array_index (items, PushItem, i);
      JsonNode *result = push_one (storage, user, request.replica_id, &owners, item->record,
                                   item->pulled, error);

      if (result == NULL)
        {
          saha_server_storage_rollback (storage);
          return NULL;
        }
      g_ptr_array_index (results, item->position) = result;
    }

  {
    JsonObject *object = json_object_new ();
    JsonArray *array = json_array_sized_new (results->len);

    for (guint i = 0; i < results->len; i++)
      json_array_add_element (array, json_node_ref (g_ptr_array_index (results, i)));
    json_object_set_array_member (object, "results", array);
    answer_node = json_node_new (JSON_NODE_OBJECT);
    json_node_take_object (answer_node, object);
  }
  answer = saha_json_to_string (answer_node, FALSE);

  if (!saha_server_storage_replica_raise_counter (storage, request.replica_id, high_water, error)
      || !saha_server_storage_batch_store (storage, user->id, request.batch_id, answer,
                                           saha_server_now (), error)
      || !saha_server_storage_commit (storage, error))
    {
      saha_server_storage_rollback (storage);
      return NULL;
    }
  return g_steal_pointer (&answer);
}

/* Pull */

/* "<epoch>:<seq>:<tag>", or the old "<epoch>:<seq>" (*tag NULL). */
static gboolean
parse_cursor (SahaServerStorage  *storage,
              const char         *cursor,
              gint64             *seq,
              char              **tag,
              GError            **error)
{
  const char *colon;
  const char *epoch = saha_server_storage_get_epoch (storage);
  g_auto(GStrv) parts = NULL;
  guint64 value;

  *seq = 0;
  *tag = NULL;
  if (cursor == NULL || *cursor == '\0')
    return TRUE;
  parts = g_strsplit (cursor, ":", 4);
  colon = strchr (cursor, ':');
  if (colon == NULL || colon == cursor || g_strv_length (parts) > 3
      || !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXINT64, &value, NULL)
      || (parts[2] != NULL && (*parts[2] == '\0' || strlen (parts[2]) > 64
                               || !saha_replica_id_is_valid (parts[2]))))
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                   "The cursor \"%s\" is not of the form <epoch>:<seq>:<tag>", cursor);
      return FALSE;
    }
  if (strlen (epoch) != (gsize) (colon - cursor) || strncmp (cursor, epoch, colon - cursor) != 0)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_RESYNC_REQUIRED,
                   "The cursor belongs to another server database; re-sync from the start.");
      return FALSE;
    }
  *seq = (gint64) value;
  *tag = g_strdup (parts[2]);
  return TRUE;
}

/* Whether the server's history still holds the change the cursor (@seq, @tag) stopped at:
 * not when the data directory was restored from an earlier copy (the seq is beyond the
 * last one, or was handed out again by another run), nor for a cursor of the old form,
 * which names no change. In the write transaction. */
static gboolean
check_history (SahaServerStorage  *storage,
               gint64              seq,
               const char         *tag,
               GError            **error)
{
  g_autofree char *max_seq_text = saha_server_storage_get_meta (storage, "seq");
  g_autofree char *ours = NULL;
  const char *why = NULL;

  if (tag == NULL)
    why = "The cursor is of the old form, which does not name the change it stopped at";
  else if (seq > g_ascii_strtoll (max_seq_text != NULL ? max_seq_text : "0", NULL, 10))
    why = "The cursor is beyond the server's last change (its data was restored from an "
          "earlier copy)";
  else if (seq > 0 && g_strcmp0 (ours = saha_server_storage_history_tag (storage, seq), tag) != 0)
    why = "The change the cursor stopped at is not the server's any more (its data was "
          "restored from an earlier copy)";
  if (why == NULL)
    return TRUE;
  g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_HISTORY_DIVERGED,
               "%s; push what you hold, pull from the start keeping every local record, "
               "and push back what the server lacks.", why);
  return FALSE;
}

char *
saha_server_sync_pull (SahaServerStorage     *storage,
                       const SahaServerUser  *user,
                       const char            *replica_id,
                       const char            *cursor,
                       const char            *limit_text,
                       GError               **error)
{
  return saha_server_sync_pull_form (storage, user, replica_id, cursor, limit_text, NULL, NULL,
                                     error);
}

/* A stored state in the full form (with the derived members), for pulls that did not
 * ask for the compact form. */
static gboolean
append_full_state (GString     *out,
                   const char  *state,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SahaRecord) record = saha_record_from_json_data (state, -1, STORED_STATE_MAX_BYTES,
                                                             &local_error);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  if (record == NULL)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INTERNAL,
                   "A stored state cannot be read: %s", local_error->message);
      return FALSE;
    }
  node = saha_record_to_json (record, SAHA_CODEC_REGISTERS);
  text = saha_json_to_string (node, FALSE);
  g_string_append (out, text);
  return TRUE;
}

char *
saha_server_sync_pull_form (SahaServerStorage     *storage,
                            const SahaServerUser  *user,
                            const char            *replica_id,
                            const char            *cursor,
                            const char            *limit_text,
                            const char            *form,
                            const char            *own,
                            GError               **error)
{
  g_autoptr(SahaServerPullPage) page = NULL;
  g_autoptr(GPtrArray) erasures = NULL;
  g_autoptr(GString) out = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *page_tag = NULL;
  guint64 limit = SAHA_SERVER_DEFAULT_PULL_LIMIT;
  gint64 after;
  gint64 now = saha_server_now ();
  gboolean compact;

  if (limit_text != NULL
      && !g_ascii_string_to_unsigned (limit_text, 10, 1, SAHA_SERVER_MAX_PULL_LIMIT, &limit, NULL))
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                   "limit must be a number from 1 to %d", SAHA_SERVER_MAX_PULL_LIMIT);
      return NULL;
    }
  if (form != NULL && !g_str_equal (form, "full") && !g_str_equal (form, "compact"))
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                   "form must be \"full\" or \"compact\"");
      return NULL;
    }
  if (own != NULL && !saha_replica_id_is_valid (own))
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                   "own must be a replica id");
      return NULL;
    }
  compact = g_strcmp0 (form, "compact") == 0;
  if (!parse_cursor (storage, cursor, &after, &tag, error))
    return NULL;

  /* Acknowledging the cursor (the client stored everything up to it) moves the device's
   * tombstone horizon; it is its own small transaction, before the page's snapshot. */
  if (!saha_server_storage_begin (storage, TRUE, error))
    return NULL;
  /* The history first: the purge horizon only means something on the history the
   * device saw. */
  if (cursor != NULL && *cursor != '\0' && !check_history (storage, after, tag, error))
    {
      saha_server_storage_rollback (storage);
      return NULL;
    }
  if (after > 0 && after < saha_server_storage_get_purge_seq (storage))
    {
      saha_server_storage_rollback (storage);
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_RESYNC_REQUIRED,
                   "The cursor is older than the deleted records the server still keeps; "
                   "push, then re-sync from the start.");
      return NULL;
    }
  if (replica_id != NULL
      && !saha_server_storage_device_seen (storage, replica_id, user->id,
                                           cursor != NULL && *cursor != '\0' ? after : -1,
                                           now, error))
    {
      saha_server_storage_rollback (storage);
      return NULL;
    }
  if (!saha_server_storage_commit (storage, error))
    return NULL;

  if (!saha_server_storage_begin (storage, FALSE, error))
    return NULL;
  page = saha_server_storage_pull (storage,
                                   saha_server_role_is_field (user->role) ? user->name : NULL,
                                   after, (guint) limit, own, error);
  if (page != NULL)
    {
      page_tag = saha_server_storage_history_tag (storage, page->cursor);
      erasures = saha_server_storage_erasures (storage, error);
    }
  saha_server_storage_rollback (storage);
  if (page == NULL || erasures == NULL)
    return NULL;

  /* The stored states are already the compact wire form: pasted in, not re-encoded. A
   * state stored by an older server has the derived members as well, which decoding
   * ignores. */
  out = g_string_sized_new (256);
  g_string_append (out, "{\"changes\":[");
  for (guint i = 0; i < page->states->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      if (compact)
        g_string_append (out, g_ptr_array_index (page->states, i));
      else if (!append_full_state (out, g_ptr_array_index (page->states, i), error))
        return NULL;
    }
  g_string_append (out, "],\"revoked\":[");
  for (guint i = 0; i < page->revoked->len; i++)
    {
      SahaServerRevocation *revocation = g_ptr_array_index (page->revoked, i);

      /* Entity names and ids are validated on the way in: no escaping needed. */
      g_string_append_printf (out, "%s{\"entity\":\"%s\",\"id\":\"%s\"}", i > 0 ? "," : "",
                              revocation->entity, revocation->id);
    }
  /* Every erased record, on every page whatever the cursor: a device that was away
   * drops what it holds of them before it takes the page's blanked states. */
  g_string_append (out, "],\"erased\":[");
  for (guint i = 0; i < erasures->len; i++)
    {
      SahaServerRevocation *key = g_ptr_array_index (erasures, i);

      g_string_append_printf (out, "%s{\"entity\":\"%s\",\"id\":\"%s\"}", i > 0 ? "," : "",
                              key->entity, key->id);
    }
  g_string_append_printf (out, "],\"cursor\":\"%s:%" G_GINT64_FORMAT ":%s\",\"more\":%s,"
                          "\"remaining\":%" G_GINT64_FORMAT "}",
                          saha_server_storage_get_epoch (storage), page->cursor, page_tag,
                          page->more ? "true" : "false", page->remaining);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Erasure */

/* The replica id the server writes erasures as: its dots supersede every value the
 * server holds, so merges on the devices take the blanked values. */
#define ERASURE_REPLICA "s-erasure"

/* Blanks @row's record (a tombstone when @person) and lists it as erased. */
static gboolean
erase_row (SahaServerStorage     *storage,
           const SahaServerRow   *row,
           gboolean               person,
           const char            *person_id,
           const SahaServerUser  *user,
           gint64                 now,
           JsonBuilder           *builder,
           GError               **error)
{
  g_autoptr(SahaRecord) record = NULL;

  if (!person && !saha_erasure_applies_to (row->entity))
    return TRUE;
  record = record_from_row (row, error);
  if (record == NULL)
    return FALSE;
  if (saha_erasure_blank (record, ERASURE_REPLICA, 0, person) == 0)
    return TRUE;
  /* The erasure is audited as the eraser's change; then every value of the record the
   * audit trail holds, that one included, is blanked too. */
  if (!saha_server_sync_store (storage, row, record, NULL, NULL, user->name, NULL, error)
      || saha_server_storage_audit_blank_record (storage, row->entity, row->id, error) < 0
      || !saha_server_storage_erasure_add (storage, row->entity, row->id, person_id,
                                           user->name, now, error)
      || !saha_server_storage_forget_answers_with (storage, row->id, error))
    return FALSE;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity");
  json_builder_add_string_value (builder, row->entity);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, row->id);
  json_builder_end_object (builder);
  return TRUE;
}

/* The records under @row (its children, theirs...), breadth first, into @rows. */
static gboolean
collect_tree (SahaServerStorage  *storage,
              const SahaServerRow *row,
              GPtrArray          *rows,
              GError            **error)
{
  g_autoptr(GPtrArray) children = saha_server_storage_row_children (storage, row->entity,
                                                                    row->id, error);

  if (children == NULL)
    return FALSE;
  for (guint i = 0; i < children->len; i++)
    {
      SahaServerRow *child = g_ptr_array_index (children, i);

      if (!collect_tree (storage, child, rows, error))
        return FALSE;
    }
  g_ptr_array_extend_and_steal (rows, g_steal_pointer (&children));
  return TRUE;
}

/* The person a request of the office names ({"entity", "id"}, a customer or a contact),
 * looked up inside a write transaction begun here; NULL with @error (nothing begun) for a
 * field user, a bad body or a person the server does not have. @what says in the
 * refusal what the request would do. */
/* Begins a write transaction and looks the record up: NULL with @error, rolled back,
 * when the server does not have it. */
static SahaServerRow *
begin_and_lookup (SahaServerStorage  *storage,
                  const char         *entity,
                  const char         *id,
                  GError            **error)
{
  GError *local_error = NULL;
  SahaServerRow *row;

  if (!saha_server_storage_begin (storage, TRUE, error))
    return NULL;
  row = saha_server_storage_row_lookup (storage, entity, id, &local_error);
  if (row == NULL)
    {
      saha_server_storage_rollback (storage);
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      else
        g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_NOT_FOUND,
                     "The server has no %s %s", entity, id);
    }
  return row;
}

static SahaServerRow *
person_request (SahaServerStorage     *storage,
                const SahaServerUser  *user,
                const char            *body,
                gsize                  length,
                const char            *what,
                GError               **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *request;
  const char *entity, *id;
  GError *local_error = NULL;

  if (user->role != SAHA_SERVER_ROLE_OFFICE && user->role != SAHA_SERVER_ROLE_ADMIN)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_FORBIDDEN,
                   "Only office and admin users may %s", what);
      return NULL;
    }
  request = saha_json_load_object (parser, body, length, NULL, &local_error);
  if (request == NULL)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_BODY,
                   "The body must be a JSON object {\"entity\", \"id\"}: %s",
                   local_error->message);
      g_clear_error (&local_error);
      return NULL;
    }
  entity = saha_json_get_string (request, "entity", NULL);
  id = saha_json_get_string (request, "id", NULL);
  if (g_strcmp0 (entity, "customer") != 0 && g_strcmp0 (entity, "contact") != 0)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_BODY,
                   "Only a customer or a contact person: cannot %s a %s", what,
                   entity != NULL ? entity : "record without an entity");
      return NULL;
    }
  if (id == NULL || !g_uuid_string_is_valid (id))
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_BODY,
                   "id must be a record id");
      return NULL;
    }

  return begin_and_lookup (storage, entity, id, error);
}

char *
saha_server_sync_erase (SahaServerStorage     *storage,
                        const SahaServerUser  *user,
                        const char            *body,
                        gsize                  length,
                        GError               **error)
{
  g_autoptr(SahaServerRow) person = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_row_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  const char *entity, *id;
  gint64 now = saha_server_now ();

  person = person_request (storage, user, body, length, "erase a person", error);
  if (person == NULL)
    return NULL;
  entity = person->entity;
  id = person->id;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "erased");
  json_builder_begin_array (builder);
  if (!erase_row (storage, person, TRUE, id, user, now, builder, error))
    goto failed;
  if (g_str_equal (entity, "customer"))
    {
      /* Everything under the customer: contacts, notes, visits, calls' signatures,
       * consents, orders' notes. Orders and their lines keep their amounts. */
      if (!collect_tree (storage, person, rows, error))
        goto failed;
    }
  else if (person->parent_id != NULL)
    {
      /* A contact person's own consents. */
      g_autoptr(GPtrArray) siblings = saha_server_storage_row_children (storage, "customer",
                                                                        person->parent_id,
                                                                        error);

      if (siblings == NULL)
        goto failed;
      for (guint i = 0; i < siblings->len; i++)
        {
          SahaServerRow *sibling = g_ptr_array_index (siblings, i);
          g_autoptr(SahaRecord) record = NULL;

          if (!g_str_equal (sibling->entity, "consent"))
            continue;
          record = record_from_row (sibling, error);
          if (record == NULL)
            goto failed;
          if (g_strcmp0 (saha_record_get (record, "contact"), id) == 0)
            g_ptr_array_add (rows, g_steal_pointer (&g_ptr_array_index (siblings, i)));
        }
    }
  for (guint i = 0; i < rows->len; i++)
    if (!erase_row (storage, g_ptr_array_index (rows, i), FALSE, id, user, now, builder, error))
      goto failed;
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (!saha_server_storage_commit (storage, error))
    return NULL;

  /* The old values may still be in the write-ahead log: fold it into the file (where
   * secure_delete zeroed them) and empty it. */
  saha_server_storage_checkpoint (storage);
  g_message ("%s %s erased by %s", entity, id, user->name);

  answer = json_builder_get_root (builder);
  return saha_json_to_string (answer, FALSE);

failed:
  saha_server_storage_rollback (storage);
  return NULL;
}

/* The person's own export */

static void
add_audit_entry (JsonBuilder                *builder,
                 const SahaServerAuditEntry *entry)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (entry->at);
  g_autofree char *at = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
  const char *names[] = { "user", "device", "entity", "id", "field", "old", "new" };
  const char *values[] = { entry->user, entry->device, entry->entity, entry->id, entry->field,
                           entry->old_value, entry->new_value };

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, at);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      json_builder_set_member_name (builder, names[i]);
      if (values[i] != NULL)
        json_builder_add_string_value (builder, values[i]);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
}

/* The records that describe the person @person: a customer's whole tree, or a contact
 * person's own consents. */
static gboolean
collect_person_records (SahaServerStorage    *storage,
                        const SahaServerRow  *person,
                        GPtrArray            *rows,
                        GError              **error)
{
  g_autoptr(GPtrArray) siblings = NULL;

  if (g_str_equal (person->entity, "customer"))
    return collect_tree (storage, person, rows, error);
  if (person->parent_id == NULL)
    return TRUE;
  siblings = saha_server_storage_row_children (storage, "customer", person->parent_id, error);
  if (siblings == NULL)
    return FALSE;
  for (guint i = 0; i < siblings->len; i++)
    {
      SahaServerRow *sibling = g_ptr_array_index (siblings, i);
      g_autoptr(SahaRecord) record = NULL;

      if (!g_str_equal (sibling->entity, "consent"))
        continue;
      record = record_from_row (sibling, error);
      if (record == NULL)
        return FALSE;
      if (g_strcmp0 (saha_record_get (record, "contact"), person->id) == 0)
        g_ptr_array_add (rows, g_steal_pointer (&g_ptr_array_index (siblings, i)));
    }
  return TRUE;
}

char *
saha_server_sync_export_person (SahaServerStorage     *storage,
                                const SahaServerUser  *user,
                                const char            *device,
                                const char            *body,
                                gsize                  length,
                                GError               **error)
{
  g_autoptr(SahaServerRow) person = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_server_row_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  SahaServerAuditEntry logged = { 0 };
  const char *entity, *id;

  person = person_request (storage, user, body, length, "export a person's data", error);
  if (person == NULL)
    return NULL;
  entity = person->entity;
  id = person->id;
  if (!collect_person_records (storage, person, rows, error))
    goto failed;

  /* Every export is in the trail, before the trail is read: the export shows itself. */
  logged.at = saha_server_now ();
  logged.user = user->name;
  logged.device = (char *) device;
  logged.entity = (char *) entity;
  logged.id = (char *) id;
  logged.field = (char *) "exported";
  if (!saha_server_storage_audit_add (storage, &logged, error))
    goto failed;

  g_ptr_array_insert (rows, 0, g_steal_pointer (&person));
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "audit");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      SahaServerRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GPtrArray) entries = saha_server_storage_audit_list (storage, row->id, NULL, 0,
                                                                     error);

      if (entries == NULL)
        goto failed;
      for (guint j = 0; j < entries->len; j++)
        add_audit_entry (builder, g_ptr_array_index (entries, j));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (!saha_server_storage_commit (storage, error))
    return NULL;
  g_message ("%s %s exported by %s", entity, id, user->name);

  answer = json_builder_get_root (builder);
  return saha_json_to_string (answer, FALSE);

failed:
  saha_server_storage_rollback (storage);
  return NULL;
}

/* One record's history */

char *
saha_server_sync_record_history (SahaServerStorage     *storage,
                                 const SahaServerUser  *user,
                                 const char            *device,
                                 const char            *entity,
                                 const char            *id,
                                 GError               **error)
{
  g_autoptr(SahaServerRow) row = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  SahaServerAuditEntry logged = { 0 };

  if (user->role != SAHA_SERVER_ROLE_OFFICE && user->role != SAHA_SERVER_ROLE_ADMIN)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_FORBIDDEN,
                   "Only office and admin users may read a record's history");
      return NULL;
    }
  if (entity == NULL || saha_schema_lookup (entity) == NULL)
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                   "entity must name an entity");
      return NULL;
    }
  if (id == NULL || !g_uuid_string_is_valid (id))
    {
      g_set_error (error, SAHA_SERVER_ERROR, SAHA_SERVER_ERROR_INVALID_REQUEST,
                   "id must be a record id");
      return NULL;
    }

  row = begin_and_lookup (storage, entity, id, error);
  if (row == NULL)
    return NULL;
  /* Who read it is in the trail too, before the trail is read. */
  logged.at = saha_server_now ();
  logged.user = user->name;
  logged.device = (char *) device;
  logged.entity = (char *) entity;
  logged.id = (char *) id;
  logged.field = (char *) "history_viewed";
  if (!saha_server_storage_audit_add (storage, &logged, error)
      || (entries = saha_server_storage_audit_list (storage, id, NULL, 0, error)) == NULL)
    {
      saha_server_storage_rollback (storage);
      return NULL;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "history");
  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      SahaServerAuditEntry *entry = g_ptr_array_index (entries, i);

      if (g_str_equal (entry->entity, entity))
        add_audit_entry (builder, entry);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (!saha_server_storage_commit (storage, error))
    return NULL;
  g_message ("history of %s %s read by %s", entity, id, user->name);

  answer = json_builder_get_root (builder);
  return saha_json_to_string (answer, FALSE);
}
