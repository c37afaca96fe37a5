/* test-version-vector.c: version vectors, dots and replica ids.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "saha-core.h"

static void
test_replica_ids (void)
{
  g_autofree char *longest = g_strnfill (SAHA_MAX_REPLICA_ID_LEN, 'a');
  g_autofree char *too_long = g_strnfill (SAHA_MAX_REPLICA_ID_LEN + 1, 'a');

  g_assert_true (saha_replica_id_is_valid ("r-3f9a"));
  g_assert_true (saha_replica_id_is_valid ("server"));
  g_assert_true (saha_replica_id_is_valid ("A_b-9"));
  g_assert_true (saha_replica_id_is_valid (longest));
  g_assert_false (saha_replica_id_is_valid (too_long));
  g_assert_false (saha_replica_id_is_valid (""));
  g_assert_false (saha_replica_id_is_valid (NULL));
  g_assert_false (saha_replica_id_is_valid ("has space"));
  g_assert_false (saha_replica_id_is_valid ("dot.ted"));
  g_assert_false (saha_replica_id_is_valid ("şirket"));
}

static void
test_get_set_increment (void)
{
  g_autoptr(SahaVersionVector) vv = saha_version_vector_new ();
  g_autoptr(GPtrArray) replicas = NULL;

  g_assert_cmpuint (saha_version_vector_get (vv, "a"), ==, 0);
  g_assert_cmpuint (saha_version_vector_size (vv), ==, 0);
  g_assert_cmpuint (saha_version_vector_increment (vv, "b"), ==, 1);
  g_assert_cmpuint (saha_version_vector_increment (vv, "b"), ==, 2);
  saha_version_vector_set (vv, "c", 10);
  saha_version_vector_set (vv, "a", 4);
  g_assert_cmpuint (saha_version_vector_get (vv, "b"), ==, 2);
  g_assert_cmpuint (saha_version_vector_get (vv, "c"), ==, 10);
  g_assert_cmpuint (saha_version_vector_size (vv), ==, 3);

  replicas = saha_version_vector_replicas (vv);
  g_assert_cmpuint (replicas->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (replicas, 0), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (replicas, 1), ==, "b");
  g_assert_cmpstr (g_ptr_array_index (replicas, 2), ==, "c");

  /* Zero means "never seen", the same as no entry. */
  saha_version_vector_set (vv, "a", 0);
  g_assert_cmpuint (saha_version_vector_size (vv), ==, 2);
}

static SahaVersionVector *
vv_from (const char *spec)
{
  SahaVersionVector *vv = saha_version_vector_new ();
  g_auto(GStrv) parts = g_strsplit (spec, ",", -1);

  for (guint i = 0; parts[i] != NULL && *parts[i] != '\0'; i++)
    {
      g_auto(GStrv) kv = g_strsplit (parts[i], "=", 2);

      saha_version_vector_set (vv, kv[0], g_ascii_strtoull (kv[1], NULL, 10));
    }
  return vv;
}

static void
test_compare (void)
{
  static const struct { const char *a, *b; SahaVvOrder order; } cases[] = {
    { "", "", SAHA_VV_EQUAL },
    { "a=1", "a=1", SAHA_VV_EQUAL },
    { "a=2", "a=1", SAHA_VV_DOMINATES },
    { "a=1", "a=2", SAHA_VV_DOMINATED },
    { "a=1,b=1", "a=1", SAHA_VV_DOMINATES },
    { "a=1", "a=1,b=1", SAHA_VV_DOMINATED },
    { "a=2,b=1", "a=1,b=2", SAHA_VV_CONCURRENT },
    { "a=1", "b=1", SAHA_VV_CONCURRENT },
    { "a=3,c=1", "a=3,b=1,c=1", SAHA_VV_DOMINATED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SahaVersionVector) a = vv_from (cases[i].a);
      g_autoptr(SahaVersionVector) b = vv_from (cases[i].b);

      g_assert_cmpint (saha_version_vector_compare (a, b), ==, cases[i].order);
      g_assert_cmpint (saha_version_vector_equal (a, b), ==, cases[i].order == SAHA_VV_EQUAL);
    }
}

static void
test_merge_covers_copy (void)
{
  g_autoptr(SahaVersionVector) a = vv_from ("a=2,b=1");
  g_autoptr(SahaVersionVector) b = vv_from ("b=5,c=1");
  g_autoptr(SahaVersionVector) expected = vv_from ("a=2,b=5,c=1");
  g_autoptr(SahaVersionVector) copy = NULL;
  SahaDot seen = { (char *) "b", 5 }, unseen = { (char *) "b", 6 }, other = { (char *) "d", 1 };

  saha_version_vector_merge (a, b);
  g_assert_true (saha_version_vector_equal (a, expected));
  g_assert_true (saha_version_vector_covers (a, &seen));
  g_assert_false (saha_version_vector_covers (a, &unseen));
  g_assert_false (saha_version_vector_covers (a, &other));

  copy = saha_version_vector_copy (a);
  saha_version_vector_increment (copy, "a");
  g_assert_cmpuint (saha_version_vector_get (a, "a"), ==, 2);
  g_assert_cmpint (saha_version_vector_compare (copy, a), ==, SAHA_VV_DOMINATES);
}

static void
test_dot_compare (void)
{
  SahaDot a1 = { (char *) "a", 1 }, b1 = { (char *) "b", 1 }, a2 = { (char *) "a", 2 };
  SahaDot a1_again = { (char *) "a", 1 };

  /* Counter first, so a later edit of any replica wins over an earlier one. */
  g_assert_cmpint (saha_dot_compare (&a1, &b1), <, 0);
  g_assert_cmpint (saha_dot_compare (&b1, &a2), <, 0);
  g_assert_cmpint (saha_dot_compare (&a2, &a1), >, 0);
  g_assert_cmpint (saha_dot_compare (&a1, &a1_again), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/version-vector/replica-ids", test_replica_ids);
  g_test_add_func ("/core/version-vector/get-set-increment", test_get_set_increment);
  g_test_add_func ("/core/version-vector/compare", test_compare);
  g_test_add_func ("/core/version-vector/merge-covers-copy", test_merge_covers_copy);
  g_test_add_func ("/core/version-vector/dot-compare", test_dot_compare);

  return g_test_run ();
}
