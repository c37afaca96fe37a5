/* saha-erasure.h: what erasing a person (KVKK article 7, GDPR article 17) blanks in each record.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "saha-record.h"

G_BEGIN_DECLS

/* What a required field that described the erased person holds afterwards. */
#define SAHA_ERASED_VALUE "erased"

/* TRUE when erasing a person touches records of @entity: the customer and contact
 * themselves, and the children that describe them (notes, visits, calls' signatures,
 * consents, orders' notes). */
gboolean    saha_erasure_applies_to (const char  *entity);

/* Blanks every personal field of @record as one write of @replica (@counter as for
 * saha_record_write()): a required one becomes SAHA_ERASED_VALUE, a set optional one
 * that names the person (a call's signed_by) too, any other is unset. Every other
 * candidate of those fields is superseded, so no old value survives a merge with a
 * state the writer has seen. With @delete the record also becomes a tombstone; else it
 * keeps its deleted state. Business fields (amounts, dates, products, statuses) stay.
 * Returns the counter used, 0 when @record has nothing to blank. */
guint64     saha_erasure_blank      (SahaRecord  *record,
                                     const char  *replica,
                                     guint64      counter,
                                     gboolean     delete);

G_END_DECLS
