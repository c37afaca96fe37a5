/* test-merge.c: the hand-made examples of DESIGN.md's sync model.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "saha-core.h"

#define ID "5b0c1d2e-3f40-4152-8364-758697a8b9c0"

static SahaRecord *
new_customer (void)
{
  return saha_record_new (saha_schema_lookup ("customer"), ID);
}

static void
write1 (SahaRecord *record,
        const char *replica,
        const char *field,
        const char *value)
{
  const char *fields[] = { field };
  const char *values[] = { value };

  g_assert_cmpuint (saha_record_write (record, replica, 0, fields, values, 1), >, 0);
}

/* A record created on "a" and copied to "b": the shared starting point of every example. */
static void
created_on_both (SahaRecord **a,
                 SahaRecord **b)
{
  const char *fields[] = { "name", "kind", "phone" };
  const char *values[] = { "Acme", "company", "0212 555 0101" };

  *a = new_customer ();
  g_assert_cmpuint (saha_record_write (*a, "a", 0, fields, values, 3), ==, 1);
  *b = saha_record_copy (*a);
  g_assert_true (saha_record_equal (*a, *b));
}

static void
test_write_basics (void)
{
  g_autoptr(SahaRecord) r = new_customer ();
  g_autoptr(GError) error = NULL;
  const char *fields[] = { "name" };
  const char *values[] = { "Acme" };
  guint n = 0;
  const SahaCandidate *candidates;

  g_assert_null (saha_record_get (r, "name"));
  g_assert_false (saha_record_has_field (r, "name"));
  g_assert_false (saha_record_is_deleted (r));
  g_assert_false (saha_record_check_required (r, &error));
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MISSING_REQUIRED);
  g_clear_error (&error);

  g_assert_cmpuint (saha_record_write (r, "a", 0, fields, values, 1), ==, 1);
  g_assert_cmpstr (saha_record_get (r, "name"), ==, "Acme");
  g_assert_cmpstr (saha_record_get (r, SAHA_DELETED_FIELD), ==, "false");
  g_assert_false (saha_record_check_required (r, &error));  /* kind is still missing */
  g_assert_nonnull (g_strstr_len (error->message, -1, "kind"));
  g_clear_error (&error);

  write1 (r, "a", "kind", "person");
  g_assert_true (saha_record_check_required (r, &error));

  /* A store's replica-wide counter jumps ahead; the vector follows it. */
  g_assert_cmpuint (saha_record_write (r, "a", 40, fields, values, 1), ==, 40);
  g_assert_cmpuint (saha_version_vector_get (saha_record_get_version_vector (r), "a"), ==, 40);
  g_assert_cmpuint (saha_record_write (r, "a", 0, fields, values, 1), ==, 41);

  candidates = saha_record_get_candidates (r, "name", &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (candidates[0].dot.replica, ==, "a");
  g_assert_cmpuint (candidates[0].dot.counter, ==, 41);
  g_assert_false (saha_record_has_conflicts (r));
}

static void
test_disjoint_edits (void)
{
  g_autoptr(SahaRecord) a = NULL, b = NULL, ab = NULL, ba = NULL;

  created_on_both (&a, &b);
  write1 (a, "a", "phone", "0212 555 0199");
  write1 (b, "b", "email", "info@acme.com.tr");

  ab = saha_record_merge (a, b);
  ba = saha_record_merge (b, a);
  g_assert_true (saha_record_equal (ab, ba));
  g_assert_false (saha_record_has_conflicts (ab));
  g_assert_cmpstr (saha_record_get (ab, "phone"), ==, "0212 555 0199");
  g_assert_cmpstr (saha_record_get (ab, "email"), ==, "info@acme.com.tr");
  g_assert_cmpstr (saha_record_get (ab, "name"), ==, "Acme");
  g_assert_false (saha_record_is_deleted (ab));
  /* Both writes said deleted = "false": two candidates, one value, no conflict. */
  g_assert_false (saha_record_field_in_conflict (ab, SAHA_DELETED_FIELD));
}

static void
test_concurrent_same_field (void)
{
  g_autoptr(SahaRecord) a = NULL, b = NULL, ab = NULL, ba = NULL;
  g_autoptr(GPtrArray) values = NULL;
  g_autoptr(GPtrArray) conflicted = NULL;
  guint n = 0;

  created_on_both (&a, &b);
  write1 (a, "a", "phone", "0212 555 0199");
  write1 (b, "b", "phone", "0532 111 2233");

  ab = saha_record_merge (a, b);
  ba = saha_record_merge (b, a);
  g_assert_true (saha_record_equal (ab, ba));
  g_assert_true (saha_record_field_in_conflict (ab, "phone"));
  g_assert_true (saha_record_has_conflicts (ab));
  saha_record_get_candidates (ab, "phone", &n);
  g_assert_cmpuint (n, ==, 2);

  /* Dots (a, 2) and (b, 1): the greater counter is shown, on every replica. */
  g_assert_cmpstr (saha_record_get (ab, "phone"), ==, "0212 555 0199");
  g_assert_cmpstr (saha_record_get (ba, "phone"), ==, "0212 555 0199");

  values = saha_record_candidate_values (ab, "phone");
  g_assert_cmpuint (values->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (values, 0), ==, "0212 555 0199");
  g_assert_cmpstr (g_ptr_array_index (values, 1), ==, "0532 111 2233");

  conflicted = saha_record_conflicted_fields (ab);
  g_assert_cmpuint (conflicted->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (conflicted, 0), ==, "phone");
}

static void
test_concurrent_tie_break (void)
{
  g_autoptr(SahaRecord) a = NULL, b = NULL, ab = NULL, ba = NULL;

  created_on_both (&a, &b);
  /* Equal counters: the replica id decides, "b" > "a", the same everywhere. */
  write1 (b, "b", "name", "Acme B");
  write1 (b, "b", "name", "Acme B2");
  write1 (a, "a", "name", "Acme A");
  g_assert_cmpuint (saha_version_vector_get (saha_record_get_version_vector (a), "a"), ==, 2);
  g_assert_cmpuint (saha_version_vector_get (saha_record_get_version_vector (b), "b"), ==, 2);

  ab = saha_record_merge (a, b);
  ba = saha_record_merge (b, a);
  g_assert_cmpstr (saha_record_get (ab, "name"), ==, "Acme B2");
  g_assert_cmpstr (saha_record_get (ba, "name"), ==, "Acme B2");
  g_assert_true (saha_record_field_in_conflict (ab, "name"));
}

static void
test_write_after_conflict_supersedes (void)
{
  g_autoptr(SahaRecord) a = NULL, b = NULL, c = NULL, merged = NULL;
  guint n = 0;

  created_on_both (&a, &b);
  c = saha_record_copy (a);
  write1 (a, "a", "phone", "0212 555 0199");
  write1 (b, "b", "phone", "0532 111 2233");
  g_assert_true (saha_record_merge_into (a, b));
  g_assert_true (saha_record_field_in_conflict (a, "phone"));

  /* Someone on "a" resolves it; "b" still holds its old concurrent value. */
  write1 (a, "a", "phone", "0212 555 0000");
  g_assert_false (saha_record_field_in_conflict (a, "phone"));
  saha_record_get_candidates (a, "phone", &n);
  g_assert_cmpuint (n, ==, 1);

  merged = saha_record_merge (b, a);
  g_assert_false (saha_record_has_conflicts (merged));
  g_assert_cmpstr (saha_record_get (merged, "phone"), ==, "0212 555 0000");

  /* A third replica that saw none of it takes the resolution too. */
  g_assert_true (saha_record_merge_into (c, merged));
  g_assert_true (saha_record_equal (c, merged));
  g_assert_false (saha_record_merge_into (c, merged));
}

static void
test_edit_concurrent_with_delete (void)
{
  g_autoptr(SahaRecord) a = NULL, b = NULL, ab = NULL, ba = NULL;
  g_autoptr(GPtrArray) conflicted = NULL;

  created_on_both (&a, &b);
  g_assert_cmpuint (saha_record_delete (a, "a", 0), ==, 2);
  g_assert_true (saha_record_is_deleted (a));
  g_assert_cmpstr (saha_record_get (a, SAHA_DELETED_FIELD), ==, "true");
  write1 (b, "b", "phone", "0532 111 2233");

  ab = saha_record_merge (a, b);
  ba = saha_record_merge (b, a);
  g_assert_true (saha_record_equal (ab, ba));
  g_assert_true (saha_record_field_in_conflict (ab, SAHA_DELETED_FIELD));
  g_assert_false (saha_record_is_deleted (ab));
  g_assert_cmpstr (saha_record_get (ab, SAHA_DELETED_FIELD), ==, "false");
  g_assert_cmpstr (saha_record_get (ab, "phone"), ==, "0532 111 2233");
  conflicted = saha_record_conflicted_fields (ab);
  g_assert_cmpuint (conflicted->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (conflicted, 0), ==, SAHA_DELETED_FIELD);
  g_assert_true (saha_record_check_required (ab, NULL));
}

static void
test_delete_after_seeing_edits (void)
{
  g_autoptr(SahaRecord) a = NULL, b = NULL, merged = NULL;
  g_autoptr(GError) error = NULL;
  const char *fields[] = { "name" };
  const char *values[] = { NULL };

  created_on_both (&a, &b);
  write1 (b, "b", "phone", "0532 111 2233");
  g_assert_true (saha_record_merge_into (a, b));
  saha_record_delete (a, "a", 0);

  merged = saha_record_merge (b, a);
  g_assert_true (saha_record_is_deleted (merged));
  g_assert_false (saha_record_has_conflicts (merged));
  /* A deleted record's missing fields do not matter. */
  saha_record_write (merged, "a", 0, fields, values, 1);
  g_assert_false (saha_record_is_deleted (merged));
  g_assert_false (saha_record_check_required (merged, &error));
  saha_record_delete (merged, "a", 0);
  g_assert_true (saha_record_check_required (merged, NULL));

  /* Resolving a delete conflict by writing the deleted register itself. */
  {
    const char *del[] = { SAHA_DELETED_FIELD };
    const char *yes[] = { "true" };

    saha_record_write (b, "b", 0, del, yes, 1);
    g_assert_true (saha_record_is_deleted (b));
  }
}

static void
test_consistency (void)
{
  g_autoptr(SahaRecord) r = new_customer ();
  g_autoptr(SahaVersionVector) vv = saha_version_vector_new ();
  g_autoptr(GError) error = NULL;

  saha_record_add_candidate (r, "name", "Acme", "a", 3);
  g_assert_false (saha_record_check_consistent (r, &error));
  g_assert_error (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  saha_version_vector_set (vv, "a", 3);
  saha_record_set_version_vector (r, vv);
  g_assert_true (saha_record_check_consistent (r, &error));

  /* Same pair twice is one candidate; a second value under the same dot is inconsistent. */
  saha_record_add_candidate (r, "name", "Acme", "a", 3);
  g_assert_true (saha_record_check_consistent (r, &error));
  saha_record_add_candidate (r, "name", "Other", "a", 3);
  g_assert_false (saha_record_check_consistent (r, &error));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/merge/write-basics", test_write_basics);
  g_test_add_func ("/core/merge/disjoint-edits", test_disjoint_edits);
  g_test_add_func ("/core/merge/concurrent-same-field", test_concurrent_same_field);
  g_test_add_func ("/core/merge/concurrent-tie-break", test_concurrent_tie_break);
  g_test_add_func ("/core/merge/write-after-conflict", test_write_after_conflict_supersedes);
  g_test_add_func ("/core/merge/edit-concurrent-with-delete", test_edit_concurrent_with_delete);
  g_test_add_func ("/core/merge/delete-after-seeing-edits", test_delete_after_seeing_edits);
  g_test_add_func ("/core/merge/consistency", test_consistency);

  return g_test_run ();
}
