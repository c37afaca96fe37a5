/* saha-version-vector.h: version vectors and dots, the causality of the sync model.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Replica ids are short opaque strings (at most SAHA_MAX_REPLICA_ID_LEN bytes of
 * [A-Za-z0-9_-]); counters start at 1. */
#define SAHA_MAX_REPLICA_ID_LEN 64

typedef struct
{
  char    *replica;
  guint64  counter;
} SahaDot;

typedef enum
{
  SAHA_VV_EQUAL,
  SAHA_VV_DOMINATES,   /* a has seen everything b has, and more */
  SAHA_VV_DOMINATED,   /* b has seen everything a has, and more */
  SAHA_VV_CONCURRENT,
} SahaVvOrder;

typedef struct _SahaVersionVector SahaVersionVector;

gboolean            saha_replica_id_is_valid       (const char              *replica);

/* 0 < a > 0 ordering of dots by (counter, replica): the rule that picks the value shown
 * while a field is in conflict; the same on every replica. */
int                 saha_dot_compare               (const SahaDot           *a,
                                                    const SahaDot           *b);

SahaVersionVector  *saha_version_vector_new        (void);
SahaVersionVector  *saha_version_vector_copy       (const SahaVersionVector *vv);
void                saha_version_vector_free       (SahaVersionVector       *vv);

guint64             saha_version_vector_get        (const SahaVersionVector *vv,
                                                    const char              *replica);
void                saha_version_vector_set        (SahaVersionVector       *vv,
                                                    const char              *replica,
                                                    guint64                  counter);
/* vv[replica] += 1; returns the new counter. */
guint64             saha_version_vector_increment  (SahaVersionVector       *vv,
                                                    const char              *replica);
/* vv = pointwise max (vv, other). */
void                saha_version_vector_merge      (SahaVersionVector       *vv,
                                                    const SahaVersionVector *other);
SahaVvOrder         saha_version_vector_compare    (const SahaVersionVector *a,
                                                    const SahaVersionVector *b);
gboolean            saha_version_vector_equal      (const SahaVersionVector *a,
                                                    const SahaVersionVector *b);
/* TRUE when vv[dot.replica] >= dot.counter: the writer of the dot had been seen. */
gboolean            saha_version_vector_covers     (const SahaVersionVector *vv,
                                                    const SahaDot           *dot);
guint               saha_version_vector_size       (const SahaVersionVector *vv);
/* The replica ids, sorted (strcmp). Free the array with g_ptr_array_unref; the strings
 * are owned by vv and valid until it changes. */
GPtrArray          *saha_version_vector_replicas   (const SahaVersionVector *vv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaVersionVector, saha_version_vector_free)

G_END_DECLS
