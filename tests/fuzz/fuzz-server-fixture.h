/* fuzz-server-fixture.h: a server database with known users, tokens and records, fresh
 * for every fuzz input.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-server-storage.h"

G_BEGIN_DECLS

/* The epoch of the fixture database, so that seed cursors can name it. */
#define SAHA_FUZZ_EPOCH "f0220f0220f0220f"

/*
 * Users and their tokens ("Authorization: Bearer <token>"):
 *
 *   fuzz-rep     rep        rep-token      (replica r-fuzzrep)
 *   fuzz-tech    tech       tech-token     (replica r-fuzztech)
 *   fuzz-office  office     office-token   (replica r-fuzzoffice)
 *   fuzz-admin   admin      admin-token    (replica r-fuzzadmin)
 *   fuzz-other   rep        other-token    (replica r-fuzzother)
 *   fuzz-gone    rep, disabled; gone-token
 *   fuzz-rep     expired-token (expired)
 *
 * Records: corpus/push/full-batch.json pushed by fuzz-admin (customers of fuzz-rep and
 * fuzz-other, a product, and the children of fuzz-rep's customer).
 */

/* A fresh copy of the fixture database. */
SahaServerStorage *saha_fuzz_server_open  (void);
/* Closes @storage and removes its files. */
void               saha_fuzz_server_close (SahaServerStorage *storage);
/* The user @name of @storage. */
SahaServerUser    *saha_fuzz_server_user  (SahaServerStorage *storage,
                                           const char        *name);

G_END_DECLS
