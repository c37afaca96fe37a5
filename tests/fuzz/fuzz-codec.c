/* fuzz-codec.c: fuzzes the record codec (saha_record_from_json_data) and checks that
 * whatever it accepts survives a round trip through saha_record_to_json unchanged.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <saha-core.h>

#include "saha-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(SahaRecord) again = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) node_again = NULL;
  g_autoptr(JsonNode) plain = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;

  record = saha_record_from_json_data ((const char *) data, (gssize) size, 0, &error);
  if (record == NULL)
    {
      /* A refusal must say why: the server sends the message back to the client. */
      g_assert_nonnull (error);
      g_assert_nonnull (error->message);
      return 0;
    }
  g_assert_no_error (error);

  /* The server stores and sends back exactly what the codec writes; reading it again
   * must give the same record and the same text, or a pushed record would drift on
   * every round trip between replicas. */
  node = saha_record_to_json (record, SAHA_CODEC_REGISTERS);
  text = saha_json_to_string (node, FALSE);
  again = saha_record_from_json_data (text, -1, strlen (text) + 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_true (saha_record_equal (record, again));
  node_again = saha_record_to_json (again, SAHA_CODEC_REGISTERS);
  text_again = saha_json_to_string (node_again, FALSE);
  g_assert_cmpstr (text, ==, text_again);

  /* The form without registers (CLI output) must be writable for any accepted record. */
  plain = saha_record_to_json (record, SAHA_CODEC_DEFAULT);
  g_assert_nonnull (plain);
  return 0;
}
