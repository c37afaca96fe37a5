/* saha-refusal.c: what each refusal code of a Saha server means, in the user's language.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "saha-refusal.h"

static const struct
{
  const char *code;
  const char *sentence;
} refusals[] = {
  /* per record, in a push answer */
  { "forbidden", N_("You may not make this change: the record is someone else’s, or your "
                    "role may not change this field.") },
  { "invalid", N_("The server does not accept a value in this record. Correct it and sync "
                  "again.") },
  { "erased", N_("This record was erased with a person’s data at their request; it cannot "
                 "be written again.") },
  { "unknown_version", N_("This record holds changes from another device that the server "
                          "has not received yet. It stays here and is sent again at the next "
                          "sync.") },
  { "duplicate_number", N_("Another record already has this number on the server. Give this "
                           "one a new number.") },
  { "missing_reference", N_("This record refers to a record the server does not have yet. It "
                            "stays here and is sent again at the next sync.") },
  /* for a whole request */
  { "unauthorized", N_("Your sign-in is no longer valid. Sign in again.") },
  { "invalid_body", N_("The server could not read what this device sent. Update Saha, or "
                       "tell your administrator.") },
  { "invalid_request", N_("The server could not read what this device sent. Update Saha, or "
                          "tell your administrator.") },
  { "method_not_allowed", N_("The server could not read what this device sent. Update Saha, "
                             "or tell your administrator.") },
  { "not_found", N_("The server does not have what this device asked for.") },
  { "resync_required", N_("This device was away too long: it fetches everything from the "
                          "server again, keeping your changes.") },
  { "replica_reused", N_("This device’s data was restored or copied from another device: it "
                         "takes a new identity and syncs again.") },
  { "too_large", N_("Too much was sent at once for the server.") },
  { "rate_limited", N_("The server is busy with this account. Wait a moment and try again.") },
  { "internal", N_("The server ran into a problem of its own. Try again later, or tell your "
                   "administrator.") },
  { "exists", N_("That already exists on the server.") },
  { "history_diverged", N_("The server was restored from a backup: this device sends what "
                           "it holds and fetches the rest again.") },
  { "unavailable", N_("The server cannot reach its database for a moment. Saha tries again "
                      "on its own; nothing on this device is lost.") },
  { "device_wiped", N_("An administrator marked this device as lost: its data is removed "
                       "from it. Sign in again to use it.") },
};

/**
 * saha_refusal_describe:
 * @code: (nullable): a refusal code of a Saha server (docs/protocol.md)
 *
 * Returns: (transfer none): the translated sentence for @code, or a general one for
 *   %NULL or a code this version does not know
 */
const char *
saha_refusal_describe (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (refusals); i++)
    if (g_str_equal (refusals[i].code, code))
      return _(refusals[i].sentence);

  return _("The server refused this change.");
}
