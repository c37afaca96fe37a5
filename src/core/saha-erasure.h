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

/* TRUE when @field of @entity is one erasure blanks: a value that describes a person
 * (the audit trail hashes such values after the retention period). */
gboolean    saha_erasure_is_personal (const char *entity,
                                      const char *field);

/* Retention (docs/security.md): a closed or cancelled service call whose closed_at
 * (else resolved_at) and a visit whose check_out_at (else check_in_at) is before
 * @before (seconds since the epoch, UTC), and that still holds personal free text (a
 * call's signed_by and signature, a visit's outcome and notes). Tombstones and records
 * without such a date are never due. */
gboolean    saha_retention_is_due    (const SahaRecord *record,
                                      gint64            before);

/* Blanks the personal free text of a record saha_retention_is_due() chose, as one write
 * of @replica (@counter as for saha_record_write()), the way saha_erasure_blank() does:
 * a set signed_by becomes SAHA_ERASED_VALUE, the other fields are unset. Returns the
 * counter used, 0 when there was nothing to blank. */
guint64     saha_retention_blank     (SahaRecord *record,
                                      const char *replica,
                                      guint64     counter);

G_END_DECLS
