/* saha-record.h: a replicated record: version vector plus one multi-value register per field.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "saha-schema.h"
#include "saha-version-vector.h"

G_BEGIN_DECLS

/*
 * The sync model of DESIGN.md, in one type.
 *
 * A record has a version vector and, per field, a register: one or more candidates
 * (value, dot). A local write of fields F on replica r sets c = ++vv[r] and gives every
 * field of F the single candidate (value, (r, c)), superseding what was there.
 *
 * Deletion is the register named SAHA_DELETED_FIELD ("deleted", values "true"/"false").
 * Every local write also writes deleted = "false", so an edit made concurrently with a
 * delete leaves the deleted register with both "true" and "false": a conflict that people
 * see and resolve, never a silent drop or resurrection. While the deleted register is in
 * conflict the record is shown as not deleted.
 *
 * A field is in conflict when its candidates hold more than one distinct value; the value
 * shown meanwhile is the one whose dot is greatest by saha_dot_compare(). Two candidates
 * with the same value (disjoint edits that both wrote deleted = "false", say) are not a
 * conflict.
 *
 * Candidates are kept sorted by dot, so two records holding the same state are equal
 * field by field and serialize to the same bytes.
 */

#define SAHA_DELETED_FIELD "deleted"

/* Hard limits that keep a hostile peer from growing a record without bound. */
#define SAHA_MAX_CANDIDATES 64
#define SAHA_MAX_VV_ENTRIES 1024

typedef struct
{
  char    *value;  /* canonical, or NULL for unset */
  SahaDot  dot;
} SahaCandidate;

typedef struct _SahaRecord SahaRecord;

SahaRecord             *saha_record_new                 (const SahaEntityDef     *entity,
                                                         const char              *id);
SahaRecord             *saha_record_ref                 (SahaRecord              *record);
void                    saha_record_unref               (SahaRecord              *record);
SahaRecord             *saha_record_copy                (const SahaRecord        *record);

const SahaEntityDef    *saha_record_get_entity          (const SahaRecord        *record);
const char             *saha_record_get_id              (const SahaRecord        *record);
const SahaVersionVector *saha_record_get_version_vector (const SahaRecord        *record);

/* The shown value of a field (or of SAHA_DELETED_FIELD); NULL when unset. */
const char             *saha_record_get                 (const SahaRecord        *record,
                                                         const char              *field);
gboolean                saha_record_is_deleted          (const SahaRecord        *record);
/* TRUE when the field has ever been written on any replica. */
gboolean                saha_record_has_field           (const SahaRecord        *record,
                                                         const char              *field);

gboolean                saha_record_field_in_conflict   (const SahaRecord        *record,
                                                         const char              *field);
gboolean                saha_record_has_conflicts       (const SahaRecord        *record);
/* Names of the fields in conflict (SAHA_DELETED_FIELD included), schema order, deleted
 * last. Free with g_ptr_array_unref; the strings are static. */
GPtrArray              *saha_record_conflicted_fields   (const SahaRecord        *record);
/* The candidates of a field, sorted by dot, owned by the record; *n_candidates = 0 for a
 * field never written. */
const SahaCandidate    *saha_record_get_candidates      (const SahaRecord        *record,
                                                         const char              *field,
                                                         guint                   *n_candidates);
/* The distinct candidate values of a field in conflict, shown value first, then the rest
 * by descending dot. NULL entries mean "unset". Free with g_ptr_array_unref. */
GPtrArray              *saha_record_candidate_values    (const SahaRecord        *record,
                                                         const char              *field);

/* A local write on @replica: fields[i] = values[i] (canonical or NULL), and
 * deleted = "false". A write of SAHA_DELETED_FIELD itself is allowed (resolve).
 *
 * @counter is the dot's counter: 0 means vv[replica] + 1 (DESIGN.md); a store passes its
 * replica-wide monotonic counter instead (always > vv[replica]), so that the highest
 * counter a replica ever used is one number the server can check a restored copy against.
 * Returns the counter used, or 0 (nothing written) when @counter is not above
 * vv[replica]. Values are not validated here. */
guint64                 saha_record_write               (SahaRecord              *record,
                                                         const char              *replica,
                                                         guint64                  counter,
                                                         const char * const      *fields,
                                                         const char * const      *values,
                                                         guint                    n_fields);
/* A local delete on @replica: deleted = "true" and nothing else; @counter as above. */
guint64                 saha_record_delete              (SahaRecord              *record,
                                                         const char              *replica,
                                                         guint64                  counter);

/* The merge of two states of the same record (same entity and id): commutative,
 * associative, idempotent. */
SahaRecord             *saha_record_merge               (const SahaRecord        *a,
                                                         const SahaRecord        *b);
/* Merge @other into @record in place; returns TRUE if @record changed. */
gboolean                saha_record_merge_into          (SahaRecord              *record,
                                                         const SahaRecord        *other);
gboolean                saha_record_equal               (const SahaRecord        *a,
                                                         const SahaRecord        *b);

/* Checks that every required field has a shown value (skipped for deleted records). */
gboolean                saha_record_check_required      (const SahaRecord        *record,
                                                         GError                 **error);

/* Low level, for decoders and storage: add one candidate to a field's register (kept
 * sorted; duplicates ignored) and set the version vector. They do not check causality;
 * saha_record_check_consistent() does. */
void                    saha_record_add_candidate       (SahaRecord              *record,
                                                         const char              *field,
                                                         const char              *value,
                                                         const char              *replica,
                                                         guint64                  counter);
void                    saha_record_set_version_vector  (SahaRecord              *record,
                                                         const SahaVersionVector *vv);
/* Every candidate's dot is covered by the version vector, no field has more than
 * SAHA_MAX_CANDIDATES candidates, no two candidates of a field share a dot. */
gboolean                saha_record_check_consistent    (const SahaRecord        *record,
                                                         GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaRecord, saha_record_unref)

G_END_DECLS
