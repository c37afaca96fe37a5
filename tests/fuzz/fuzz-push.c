/* fuzz-push.c: fuzzes the push-batch decoder and the merge behind it: the input is the
 * body of POST /v1/push from fuzz-rep (a field user, so scope and field permission
 * checks run too), handled by saha_server_sync_push on a fresh fixture database.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <saha-core.h>

#include "fuzz-server-fixture.h"
#include "saha-fuzz.h"
#include "saha-server-error.h"
#include "saha-server-sync.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaServerUser) user = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *replayed = NULL;
  SahaServerStorage *storage = saha_fuzz_server_open ();

  user = saha_fuzz_server_user (storage, "fuzz-rep");
  answer = saha_server_sync_push (storage, user, (const char *) data, size, &error);
  /* For writing seeds: shows what an input reaches. */
  if (g_getenv ("SAHA_FUZZ_VERBOSE") != NULL)
    g_printerr ("%s\n", answer != NULL ? answer : error->message);
  if (answer == NULL)
    {
      /* Whatever a client sends, the answer is the client's fault (4xx), never a
       * server failure: a 500 here is a bug in the decoder or the merge. */
      g_assert_nonnull (error);
      g_assert_cmpuint (saha_server_error_http_status (error), >=, 400);
      g_assert_cmpuint (saha_server_error_http_status (error), <, 500);
    }
  else
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_no_error (error);
      g_assert_true (json_parser_load_from_data (parser, answer, -1, &error));
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

      /* docs/protocol.md: a replayed batch gets the stored answer, byte for byte. */
      replayed = saha_server_sync_push (storage, user, (const char *) data, size, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (answer, ==, replayed);
    }

  saha_fuzz_server_close (storage);
  return 0;
}
