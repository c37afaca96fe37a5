/* saha-version-vector.c: version vectors as small arrays sorted by replica id.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-version-vector.h"

/* A record is edited by a handful of replicas, so a sorted array beats a hash table:
 * compare and merge are one linear walk and the order is the serialization order. */
typedef struct
{
  char    *replica;
  guint64  counter;
} Entry;

struct _SahaVersionVector
{
  GArray *entries;  /* of Entry, sorted by replica (strcmp), counters > 0 */
};

/**
 * saha_replica_id_is_valid:
 * @replica: (nullable): a candidate replica id
 *
 * Returns: %TRUE when @replica is 1 to %SAHA_MAX_REPLICA_ID_LEN bytes of [A-Za-z0-9_-]
 */
gboolean
saha_replica_id_is_valid (const char *replica)
{
  gsize n = 0;

  if (replica == NULL)
    return FALSE;

  for (const char *p = replica; *p != '\0'; p++, n++)
    if (n >= SAHA_MAX_REPLICA_ID_LEN
        || !(g_ascii_isalnum (*p) || *p == '_' || *p == '-'))
      return FALSE;

  return n > 0;
}

/**
 * saha_dot_compare:
 * @a: a dot
 * @b: a dot
 *
 * Orders dots by counter, then replica id: the rule that picks the value shown while a
 * field is in conflict, the same on every replica.
 *
 * Returns: negative, 0 or positive as @a is below, equal to or above @b
 */
int
saha_dot_compare (const SahaDot *a,
                  const SahaDot *b)
{
  if (a->counter != b->counter)
    return a->counter < b->counter ? -1 : 1;
  return strcmp (a->replica, b->replica);
}

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->replica);
}

/**
 * saha_version_vector_new:
 *
 * Returns: (transfer full): an empty version vector; free with saha_version_vector_free()
 */
SahaVersionVector *
saha_version_vector_new (void)
{
  SahaVersionVector *vv = g_new0 (SahaVersionVector, 1);

  vv->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (vv->entries, entry_clear);
  return vv;
}

/**
 * saha_version_vector_copy:
 * @vv: a version vector
 *
 * Returns: (transfer full): a copy of @vv
 */
SahaVersionVector *
saha_version_vector_copy (const SahaVersionVector *vv)
{
  SahaVersionVector *copy;

  g_return_val_if_fail (vv != NULL, NULL);

  copy = saha_version_vector_new ();
  g_array_set_size (copy->entries, vv->entries->len);
  for (guint i = 0; i < vv->entries->len; i++)
    {
      const Entry *from = &g_array_index (vv->entries, Entry, i);
      Entry *to = &g_array_index (copy->entries, Entry, i);

      to->replica = g_strdup (from->replica);
      to->counter = from->counter;
    }
  return copy;
}

/**
 * saha_version_vector_free:
 * @vv: (nullable): a version vector
 *
 * Frees @vv.
 */
void
saha_version_vector_free (SahaVersionVector *vv)
{
  if (vv == NULL)
    return;
  g_array_unref (vv->entries);
  g_free (vv);
}

/* Index of @replica, or -(insertion point) - 1 when absent. */
static int
find (const SahaVersionVector *vv,
      const char              *replica)
{
  int lo = 0, hi = (int) vv->entries->len - 1;

  while (lo <= hi)
    {
      int mid = lo + (hi - lo) / 2;
      int cmp = strcmp (g_array_index (vv->entries, Entry, mid).replica, replica);

      if (cmp == 0)
        return mid;
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid - 1;
    }
  return -lo - 1;
}

/**
 * saha_version_vector_get:
 * @vv: a version vector
 * @replica: a replica id
 *
 * Returns: vv[@replica], 0 for a replica @vv has not seen
 */
guint64
saha_version_vector_get (const SahaVersionVector *vv,
                         const char              *replica)
{
  int i;

  g_return_val_if_fail (vv != NULL, 0);
  g_return_val_if_fail (replica != NULL, 0);

  i = find (vv, replica);
  return i >= 0 ? g_array_index (vv->entries, Entry, i).counter : 0;
}

/**
 * saha_version_vector_set:
 * @vv: a version vector
 * @replica: a valid replica id
 * @counter: the new counter
 *
 * Sets vv[@replica] to @counter.
 */
void
saha_version_vector_set (SahaVersionVector *vv,
                         const char        *replica,
                         guint64            counter)
{
  int i;

  g_return_if_fail (vv != NULL);
  g_return_if_fail (saha_replica_id_is_valid (replica));

  i = find (vv, replica);
  if (i >= 0)
    {
      /* 0 is "never seen": keep no entry for it, so equal vectors have equal arrays. */
      if (counter == 0)
        g_array_remove_index (vv->entries, i);
      else
        g_array_index (vv->entries, Entry, i).counter = counter;
    }
  else if (counter > 0)
    {
      Entry entry = { g_strdup (replica), counter };

      g_array_insert_val (vv->entries, -i - 1, entry);
    }
}

/**
 * saha_version_vector_increment:
 * @vv: a version vector
 * @replica: a valid replica id
 *
 * Returns: the new vv[@replica], one more than before
 */
guint64
saha_version_vector_increment (SahaVersionVector *vv,
                               const char        *replica)
{
  guint64 counter;

  g_return_val_if_fail (vv != NULL, 0);
  g_return_val_if_fail (saha_replica_id_is_valid (replica), 0);

  counter = saha_version_vector_get (vv, replica) + 1;
  saha_version_vector_set (vv, replica, counter);
  return counter;
}

/**
 * saha_version_vector_merge:
 * @vv: the version vector to raise
 * @other: a version vector
 *
 * Sets @vv to the pointwise maximum of @vv and @other.
 */
void
saha_version_vector_merge (SahaVersionVector       *vv,
                           const SahaVersionVector *other)
{
  g_return_if_fail (vv != NULL);
  g_return_if_fail (other != NULL);

  for (guint i = 0; i < other->entries->len; i++)
    {
      const Entry *entry = &g_array_index (other->entries, Entry, i);

      if (entry->counter > saha_version_vector_get (vv, entry->replica))
        saha_version_vector_set (vv, entry->replica, entry->counter);
    }
}

/**
 * saha_version_vector_compare:
 * @a: a version vector
 * @b: a version vector
 *
 * Returns: whether @a equals, dominates, is dominated by or is concurrent with @b
 */
SahaVvOrder
saha_version_vector_compare (const SahaVersionVector *a,
                             const SahaVersionVector *b)
{
  gboolean a_more = FALSE, b_more = FALSE;
  guint i = 0, j = 0;

  g_return_val_if_fail (a != NULL, SAHA_VV_CONCURRENT);
  g_return_val_if_fail (b != NULL, SAHA_VV_CONCURRENT);

  while (i < a->entries->len || j < b->entries->len)
    {
      const Entry *ea = i < a->entries->len ? &g_array_index (a->entries, Entry, i) : NULL;
      const Entry *eb = j < b->entries->len ? &g_array_index (b->entries, Entry, j) : NULL;
      int cmp = ea == NULL ? 1 : eb == NULL ? -1 : strcmp (ea->replica, eb->replica);

      if (cmp < 0)
        {
          a_more = TRUE;
          i++;
        }
      else if (cmp > 0)
        {
          b_more = TRUE;
          j++;
        }
      else
        {
          if (ea->counter > eb->counter)
            a_more = TRUE;
          else if (ea->counter < eb->counter)
            b_more = TRUE;
          i++;
          j++;
        }
    }

  if (a_more && b_more)
    return SAHA_VV_CONCURRENT;
  if (a_more)
    return SAHA_VV_DOMINATES;
  if (b_more)
    return SAHA_VV_DOMINATED;
  return SAHA_VV_EQUAL;
}

/**
 * saha_version_vector_equal:
 * @a: a version vector
 * @b: a version vector
 *
 * Returns: %TRUE when @a and @b hold the same counters
 */
gboolean
saha_version_vector_equal (const SahaVersionVector *a,
                           const SahaVersionVector *b)
{
  return saha_version_vector_compare (a, b) == SAHA_VV_EQUAL;
}

/**
 * saha_version_vector_covers:
 * @vv: a version vector
 * @dot: a dot
 *
 * Returns: %TRUE when vv[dot.replica] >= dot.counter: the dot's write had been seen
 */
gboolean
saha_version_vector_covers (const SahaVersionVector *vv,
                            const SahaDot           *dot)
{
  g_return_val_if_fail (vv != NULL, FALSE);
  g_return_val_if_fail (dot != NULL && dot->replica != NULL, FALSE);

  return saha_version_vector_get (vv, dot->replica) >= dot->counter;
}

/**
 * saha_version_vector_size:
 * @vv: a version vector
 *
 * Returns: the number of replicas @vv holds a counter for
 */
guint
saha_version_vector_size (const SahaVersionVector *vv)
{
  g_return_val_if_fail (vv != NULL, 0);

  return vv->entries->len;
}

/**
 * saha_version_vector_replicas:
 * @vv: a version vector
 *
 * Returns: (transfer container) (element-type utf8): the replica ids sorted by strcmp(),
 *   owned by @vv and valid until it changes; free the array with g_ptr_array_unref()
 */
GPtrArray *
saha_version_vector_replicas (const SahaVersionVector *vv)
{
  GPtrArray *replicas;

  g_return_val_if_fail (vv != NULL, NULL);

  replicas = g_ptr_array_sized_new (vv->entries->len);
  for (guint i = 0; i < vv->entries->len; i++)
    g_ptr_array_add (replicas, g_array_index (vv->entries, Entry, i).replica);
  return replicas;
}
