/* saha-signature.h: the service call's signature as text, vector strokes on a fixed
 * canvas; read and written here, drawn by the app (saha-signature-pad.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Strokes are kept on a virtual canvas of this size; the pad and the report scale it to
 * their own size, keeping its proportions. */
#define SAHA_SIGNATURE_WIDTH  600
#define SAHA_SIGNATURE_HEIGHT 200
/* The service_call.signature field's length limit (saha-schema.c). */
#define SAHA_SIGNATURE_MAX_LENGTH 60000

#define SAHA_SIGNATURE_ERROR (saha_signature_error_quark ())

typedef enum
{
  SAHA_SIGNATURE_ERROR_INVALID,    /* not a signature this version can read */
  SAHA_SIGNATURE_ERROR_TOO_LONG,   /* more strokes than the signature field holds */
} SahaSignatureError;

GQuark     saha_signature_error_quark (void);

/* A new, empty list of strokes: a GPtrArray of GArray of int, x and y canvas coordinates
 * in turn. */
GPtrArray *saha_signature_strokes_new (void);

/* The strokes of @json, {"v":1,"w":600,"h":200,"strokes":[[x,y,x,y,...],...]}, with
 * coordinates clamped to the canvas; NULL with SAHA_SIGNATURE_ERROR_INVALID for anything
 * else. */
GPtrArray *saha_signature_parse       (const char  *json,
                                       GError     **error);

/* @strokes as compact JSON text (integers, no white space), or NULL when there are none.
 * Fails with SAHA_SIGNATURE_ERROR_TOO_LONG when the text is longer than the field takes. */
char      *saha_signature_format      (GPtrArray   *strokes,
                                       GError     **error);

G_END_DECLS
