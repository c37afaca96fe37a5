/* test-merge-properties.c: random histories checked against a model of the sync rules.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "saha-core.h"

/*
 * The model: every local write or delete is an event, numbered in the order it happens.
 * An event's causal past is the set of events its replica had seen when making it. A
 * replica state "has seen" a set of events; merging two states unites the sets. By
 * DESIGN.md, a field's candidates in a state that has seen S are exactly the events of S
 * that wrote the field and that no other event of S writing the field had in its past.
 * Sets are bit masks, so a history holds at most 64 events.
 */

#define ID "5b0c1d2e-3f40-4152-8364-758697a8b9c0"
#define MAX_EVENTS 64
#define MAX_REPLICAS 5
#define N_FIELDS 5

static const char * const fields[N_FIELDS] = { "name", "phone", "city", "notes", "email" };
static const char * const replica_ids[MAX_REPLICAS] = { "r0", "r1", "r2", "r3", "r4" };
static const char * const pool[] = { "Acme", "Bora", "Çınar", NULL };

typedef struct
{
  guint        replica;
  guint64      counter;
  guint64      past;                    /* events seen before this one */
  gboolean     wrote[N_FIELDS + 1];     /* the last slot is SAHA_DELETED_FIELD */
  const char  *value[N_FIELDS + 1];
} Event;

typedef struct
{
  SahaRecord *record;
  guint64     seen;
} State;

typedef struct
{
  Event    events[MAX_EVENTS];
  guint    n_events;
  State    replicas[MAX_REPLICAS];
  guint    n_replicas;
  guint64  counters[MAX_REPLICAS];     /* the store-like replica-wide counter */
  State    sent[32];                   /* states in flight, delivered in random order */
  guint    n_sent;
} History;

static const char *
slot_name (guint slot)
{
  return slot < N_FIELDS ? fields[slot] : SAHA_DELETED_FIELD;
}

static void
state_clear (State *state)
{
  g_clear_pointer (&state->record, saha_record_unref);
}

static State
state_copy (const State *state)
{
  State copy = { saha_record_copy (state->record), state->seen };

  return copy;
}

/* The record holds exactly the candidates the model predicts, field by field. */
static void
check_against_model (const History *h,
                     const State   *state)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (saha_record_check_consistent (state->record, &error));

  for (guint slot = 0; slot <= N_FIELDS; slot++)
    {
      guint n = 0;
      const SahaCandidate *candidates = saha_record_get_candidates (state->record,
                                                                    slot_name (slot), &n);
      guint expected = 0;

      for (guint e = 0; e < h->n_events; e++)
        {
          const Event *ev = &h->events[e];
          gboolean superseded = FALSE;
          gboolean found = FALSE;

          if (!(state->seen & (G_GUINT64_CONSTANT (1) << e)) || !ev->wrote[slot])
            continue;
          for (guint later = 0; later < h->n_events && !superseded; later++)
            superseded = (state->seen & (G_GUINT64_CONSTANT (1) << later))
                         && h->events[later].wrote[slot]
                         && (h->events[later].past & (G_GUINT64_CONSTANT (1) << e));
          if (superseded)
            continue;

          expected++;
          for (guint i = 0; i < n && !found; i++)
            found = strcmp (candidates[i].dot.replica, replica_ids[ev->replica]) == 0
                    && candidates[i].dot.counter == ev->counter
                    && g_strcmp0 (candidates[i].value, ev->value[slot]) == 0;
          if (!found)
            g_error ("%s: the candidate of event %u (%s, %" G_GUINT64_FORMAT ") is missing",
                     slot_name (slot), e, replica_ids[ev->replica], ev->counter);
        }
      g_assert_cmpuint (n, ==, expected);

      /* The shown value is the candidate with the greatest dot. */
      if (n > 0 && slot < N_FIELDS)
        g_assert_cmpstr (saha_record_get (state->record, slot_name (slot)), ==,
                         candidates[n - 1].value);
    }
}

static void
local_event (History  *h,
             guint     r,
             gboolean  is_delete)
{
  State *state = &h->replicas[r];
  Event *ev = &h->events[h->n_events];
  const char *names[N_FIELDS];
  const char *values[N_FIELDS];
  guint n = 0;
  guint64 counter = 0;

  memset (ev, 0, sizeof *ev);
  ev->replica = r;
  ev->past = state->seen;

  if (!is_delete)
    for (guint f = 0; f < N_FIELDS; f++)
      if (g_test_rand_int_range (0, 3) == 0 || (n == 0 && f == N_FIELDS - 1))
        {
          names[n] = fields[f];
          values[n] = pool[g_test_rand_int_range (0, G_N_ELEMENTS (pool))];
          ev->wrote[f] = TRUE;
          ev->value[f] = values[n];
          n++;
        }
  ev->wrote[N_FIELDS] = TRUE;
  ev->value[N_FIELDS] = is_delete ? "true" : "false";

  /* Half the time act like the store and pass a replica-wide counter that skips ahead. */
  if (g_test_rand_bit ())
    counter = MAX (h->counters[r], saha_version_vector_get (
                     saha_record_get_version_vector (state->record), replica_ids[r]))
              + 1 + (guint64) g_test_rand_int_range (0, 3);

  if (is_delete)
    ev->counter = saha_record_delete (state->record, replica_ids[r], counter);
  else
    ev->counter = saha_record_write (state->record, replica_ids[r], counter, names, values, n);
  g_assert_cmpuint (ev->counter, >, 0);
  if (counter != 0)
    g_assert_cmpuint (ev->counter, ==, counter);
  h->counters[r] = MAX (h->counters[r], ev->counter);

  state->seen |= G_GUINT64_CONSTANT (1) << h->n_events;
  h->n_events++;
}

static void
receive (History     *h,
         State       *state,
         const State *other)
{
  saha_record_merge_into (state->record, other->record);
  state->seen |= other->seen;
  check_against_model (h, state);
}

static void
random_history (History *h)
{
  guint n_ops = g_test_rand_int_range (8, 40);

  memset (h, 0, sizeof *h);
  h->n_replicas = g_test_rand_int_range (3, MAX_REPLICAS + 1);
  for (guint r = 0; r < h->n_replicas; r++)
    h->replicas[r].record = saha_record_new (saha_schema_lookup ("customer"), ID);

  for (guint op = 0; op < n_ops && h->n_events < MAX_EVENTS; op++)
    {
      guint r = g_test_rand_int_range (0, h->n_replicas);
      int what = g_test_rand_int_range (0, 100);

      if (what < 40)
        local_event (h, r, FALSE);
      else if (what < 48)
        local_event (h, r, TRUE);
      else if (what < 70)
        {
          guint from = g_test_rand_int_range (0, h->n_replicas);

          receive (h, &h->replicas[r], &h->replicas[from]);
        }
      else if (what < 85 && h->n_sent < G_N_ELEMENTS (h->sent))
        h->sent[h->n_sent++] = state_copy (&h->replicas[g_test_rand_int_range (0, h->n_replicas)]);
      else if (h->n_sent > 0)
        {
          /* An old state arrives late, out of order. */
          guint i = g_test_rand_int_range (0, h->n_sent);

          receive (h, &h->replicas[r], &h->sent[i]);
        }
      check_against_model (h, &h->replicas[r]);
    }
}

static void
history_clear (History *h)
{
  for (guint r = 0; r < h->n_replicas; r++)
    state_clear (&h->replicas[r]);
  for (guint i = 0; i < h->n_sent; i++)
    state_clear (&h->sent[i]);
}

static const State *
random_state (const History *h)
{
  guint i = g_test_rand_int_range (0, h->n_replicas + h->n_sent);

  return i < h->n_replicas ? &h->replicas[i] : &h->sent[i - h->n_replicas];
}

static void
check_algebra (const History *h)
{
  const State *a = random_state (h), *b = random_state (h), *c = random_state (h);
  g_autoptr(SahaRecord) ab = saha_record_merge (a->record, b->record);
  g_autoptr(SahaRecord) ba = saha_record_merge (b->record, a->record);
  g_autoptr(SahaRecord) aa = saha_record_merge (a->record, a->record);
  g_autoptr(SahaRecord) ab_b = saha_record_merge (ab, b->record);
  g_autoptr(SahaRecord) ab_c = saha_record_merge (ab, c->record);
  g_autoptr(SahaRecord) bc = saha_record_merge (b->record, c->record);
  g_autoptr(SahaRecord) a_bc = saha_record_merge (a->record, bc);
  State merged = { ab_c, a->seen | b->seen | c->seen };

  g_assert_true (saha_record_equal (ab, ba));
  g_assert_true (saha_record_equal (aa, a->record));
  g_assert_true (saha_record_equal (ab_b, ab));
  g_assert_true (saha_record_equal (ab_c, a_bc));
  check_against_model (h, &merged);
}

static void
shuffle (guint *order,
         guint  n)
{
  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = n; i > 1; i--)
    {
      guint j = g_test_rand_int_range (0, i);
      guint t = order[i - 1];

      order[i - 1] = order[j];
      order[j] = t;
    }
}

/* Every replica receives every state in its own random order: all end up identical. */
static void
converge (History *h,
          State   *states,
          guint    n_states)
{
  for (guint r = 0; r < h->n_replicas; r++)
    {
      guint order[MAX_REPLICAS * 2];

      shuffle (order, n_states);
      for (guint i = 0; i < n_states; i++)
        receive (h, &h->replicas[r], &states[order[i]]);
    }
  for (guint r = 1; r < h->n_replicas; r++)
    g_assert_true (saha_record_equal (h->replicas[0].record, h->replicas[r].record));
}

static void
converge_replicas (History *h)
{
  State finals[MAX_REPLICAS];

  for (guint r = 0; r < h->n_replicas; r++)
    finals[r] = state_copy (&h->replicas[r]);
  converge (h, finals, h->n_replicas);
  for (guint r = 0; r < h->n_replicas; r++)
    state_clear (&finals[r]);
}

/* Every replica merges every other's state in a random order (the model is not tracked). */
static void
converge_plain (History *h)
{
  State finals[MAX_REPLICAS];

  for (guint r = 0; r < h->n_replicas; r++)
    finals[r] = state_copy (&h->replicas[r]);
  for (guint r = 0; r < h->n_replicas; r++)
    {
      guint order[MAX_REPLICAS];

      shuffle (order, h->n_replicas);
      for (guint i = 0; i < h->n_replicas; i++)
        saha_record_merge_into (h->replicas[r].record, finals[order[i]].record);
    }
  for (guint r = 0; r < h->n_replicas; r++)
    {
      state_clear (&finals[r]);
      g_assert_true (saha_record_equal (h->replicas[0].record, h->replicas[r].record));
    }
}

/* From a converged state: replica k writes field k only; nothing may conflict. */
static void
check_disjoint_edits (History *h)
{
  char values[MAX_REPLICAS][16];

  converge_plain (h);
  for (guint r = 0; r < h->n_replicas; r++)
    {
      const char *name[] = { fields[r] };
      const char *value[] = { values[r] };

      g_snprintf (values[r], sizeof values[r], "disjoint-%u", r);
      saha_record_write (h->replicas[r].record, replica_ids[r], 0, name, value, 1);
    }
  converge_plain (h);

  for (guint r = 0; r < h->n_replicas; r++)
    {
      const SahaRecord *record = h->replicas[0].record;

      g_assert_false (saha_record_field_in_conflict (record, fields[r]));
      g_assert_cmpstr (saha_record_get (record, fields[r]), ==, values[r]);
      g_assert_false (saha_record_field_in_conflict (record, SAHA_DELETED_FIELD));
      g_assert_false (saha_record_is_deleted (record));
    }
}

/* From a converged state: every replica writes "name" concurrently; all values stay,
 * then one write made after seeing them all supersedes every one. */
static void
check_concurrent_then_resolve (History *h)
{
  g_autoptr(SahaRecord) merged = saha_record_copy (h->replicas[0].record);
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(SahaRecord) resolved = NULL;
  const char *name[] = { "name" };
  const char *resolution[] = { "resolved" };
  char written[MAX_REPLICAS][16];
  guint order[MAX_REPLICAS];
  guint n = 0;

  for (guint r = 0; r < h->n_replicas; r++)
    {
      const char *value[] = { written[r] };

      g_snprintf (written[r], sizeof written[r], "concurrent-%u", r);
      saha_record_write (h->replicas[r].record, replica_ids[r], 0, name, value, 1);
    }

  shuffle (order, h->n_replicas);
  for (guint i = 0; i < h->n_replicas; i++)
    saha_record_merge_into (merged, h->replicas[order[i]].record);

  values = saha_record_candidate_values (merged, "name");
  g_assert_cmpuint (values->len, ==, h->n_replicas);
  for (guint r = 0; r < h->n_replicas; r++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < values->len; i++)
        found |= g_strcmp0 (g_ptr_array_index (values, i), written[r]) == 0;
      g_assert_true (found);
    }
  g_assert_true (saha_record_field_in_conflict (merged, "name"));

  resolved = saha_record_copy (merged);
  saha_record_write (resolved, replica_ids[g_test_rand_int_range (0, h->n_replicas)], 0,
                     name, resolution, 1);
  shuffle (order, h->n_replicas);
  for (guint i = 0; i < h->n_replicas; i++)
    saha_record_merge_into (resolved, h->replicas[order[i]].record);
  saha_record_get_candidates (resolved, "name", &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (saha_record_get (resolved, "name"), ==, "resolved");
  g_assert_false (saha_record_field_in_conflict (resolved, "name"));
}

/* From any state: a delete on one replica concurrent with an edit on another. */
static void
check_edit_concurrent_with_delete (History *h)
{
  guint del = g_test_rand_int_range (0, h->n_replicas);
  guint edit = (del + 1 + g_test_rand_int_range (0, h->n_replicas - 1)) % h->n_replicas;
  g_autoptr(SahaRecord) deleter = saha_record_copy (h->replicas[0].record);
  g_autoptr(SahaRecord) editor = saha_record_copy (h->replicas[0].record);
  g_autoptr(SahaRecord) merged = NULL;
  const char *name[] = { fields[g_test_rand_int_range (0, N_FIELDS)] };
  const char *value[] = { "edited" };

  saha_record_delete (deleter, replica_ids[del], 0);
  saha_record_write (editor, replica_ids[edit], 0, name, value, 1);
  merged = g_test_rand_bit () ? saha_record_merge (deleter, editor)
                              : saha_record_merge (editor, deleter);

  g_assert_true (saha_record_field_in_conflict (merged, SAHA_DELETED_FIELD));
  g_assert_false (saha_record_is_deleted (merged));
  g_assert_cmpstr (saha_record_get (merged, name[0]), ==, "edited");
}

/* SAHA_TEST_SCALE, a positive factor, scales the number of histories: the valgrind test
 * setup (tests/meson.build) sets 0.1, since memcheck runs this test some 60 times slower
 * (10,000 histories would take over five minutes there). */
static guint
n_histories (void)
{
  const char *scale = g_getenv ("SAHA_TEST_SCALE");
  double factor = scale != NULL ? g_ascii_strtod (scale, NULL) : 1.0;
  guint n = g_test_slow () ? 100000 : 10000;

  if (!(factor > 0.0))
    factor = 1.0;
  return MAX (100, (guint) (n * factor));
}

static void
test_model (void)
{
  guint n = n_histories ();

  for (guint i = 0; i < n; i++)
    {
      History h;

      random_history (&h);
      for (guint k = 0; k < 4; k++)
        check_algebra (&h);
      converge_replicas (&h);
      history_clear (&h);
    }
  g_test_message ("%u random histories", n);
}

static void
test_scenarios (void)
{
  guint n = n_histories ();

  for (guint i = 0; i < n; i++)
    {
      History h;

      random_history (&h);
      converge_replicas (&h);
      check_edit_concurrent_with_delete (&h);
      check_concurrent_then_resolve (&h);
      check_disjoint_edits (&h);
      history_clear (&h);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/merge-properties/model", test_model);
  g_test_add_func ("/core/merge-properties/scenarios", test_scenarios);

  return g_test_run ();
}
