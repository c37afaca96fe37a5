/* saha-sync-error.c: the error domain of the sync library (SAHA_SYNC_ERROR, its codes in
 * saha-sync.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-sync.h"

G_DEFINE_QUARK (saha-sync-error-quark, saha_sync_error)
