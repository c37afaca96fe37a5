/* test-signature.c: the signature's text format, which the pad, the report and every
 * replica read the same.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "saha-core.h"

static void
test_round_trip (void)
{
  const char *json = "{\"v\":1,\"w\":600,\"h\":200,\"strokes\":[[10,20,30,40],[5,5]]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) strokes = saha_signature_parse (json, &error);
  g_autofree char *again = NULL;
  g_autoptr(GPtrArray) empty = saha_signature_strokes_new ();

  g_assert_no_error (error);
  g_assert_cmpuint (strokes->len, ==, 2);
  again = saha_signature_format (strokes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, json);

  /* Nothing drawn is no signature, not an empty one. */
  g_assert_null (saha_signature_format (empty, &error));
  g_assert_no_error (error);
}

static void
test_clamped_and_refused (void)
{
  const char *bad[] = {
    "", "[]", "{\"v\":2,\"strokes\":[]}", "{\"v\":1}", "{\"v\":1,\"strokes\":[[1,2,3]]}",
    "{\"v\":1,\"strokes\":[[1,\"2\"]]}", "{\"v\":1,\"strokes\":[1]}",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) strokes =
    saha_signature_parse ("{\"v\":1,\"strokes\":[[-5,900,700,-1]]}", &error);
  g_autofree char *clamped = NULL;

  g_assert_no_error (error);
  clamped = saha_signature_format (strokes, &error);
  g_assert_cmpstr (clamped, ==, "{\"v\":1,\"w\":600,\"h\":200,\"strokes\":[[0,200,600,0]]}");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) local_error = NULL;

      g_test_message ("refusing %s", bad[i]);
      g_assert_null (saha_signature_parse (bad[i], &local_error));
      g_assert_error (local_error, SAHA_SIGNATURE_ERROR, SAHA_SIGNATURE_ERROR_INVALID);
    }
}

static void
test_too_long (void)
{
  g_autoptr(GPtrArray) strokes = saha_signature_strokes_new ();
  GArray *stroke = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 20000; i++)
    {
      int value = 599;

      g_array_append_val (stroke, value);
    }
  g_ptr_array_add (strokes, stroke);

  g_assert_null (saha_signature_format (strokes, &error));
  g_assert_error (error, SAHA_SIGNATURE_ERROR, SAHA_SIGNATURE_ERROR_TOO_LONG);
  /* The limit is the schema's. */
  g_assert_cmpuint (saha_entity_def_lookup_field (saha_schema_lookup ("service_call"),
                                                  "signature")->max_length,
                    ==, SAHA_SIGNATURE_MAX_LENGTH);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/signature/round-trip", test_round_trip);
  g_test_add_func ("/core/signature/clamped-and-refused", test_clamped_and_refused);
  g_test_add_func ("/core/signature/too-long", test_too_long);

  return g_test_run ();
}
