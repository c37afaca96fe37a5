/* saha-signature-pad.h: SahaSignaturePad, where a customer signs with mouse, pen or finger;
 * the signature is kept as vector strokes in the format of saha-signature.h.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "saha-signature.h"

G_BEGIN_DECLS

#define SAHA_TYPE_SIGNATURE_PAD (saha_signature_pad_get_type ())
G_DECLARE_FINAL_TYPE (SahaSignaturePad, saha_signature_pad, SAHA, SIGNATURE_PAD, GtkWidget)

GtkWidget *saha_signature_pad_new          (void);

/* The strokes as compact JSON text, {"v":1,"w":600,"h":200,"strokes":[[x,y,x,y,...],...]}
 * with integer canvas coordinates; NULL when nothing is drawn. Fails when the drawing
 * is longer than the signature field takes. */
char      *saha_signature_pad_dup_strokes  (SahaSignaturePad *self,
                                            GError          **error);
/* Replaces the drawing with @json (NULL or "" clears it). */
gboolean   saha_signature_pad_set_strokes  (SahaSignaturePad *self,
                                            const char       *json,
                                            GError          **error);
/* Adds one stroke of @n_points points (x, y pairs in canvas coordinates), as a person
 * drawing it would. */
void       saha_signature_pad_add_stroke   (SahaSignaturePad *self,
                                            const double     *xy,
                                            guint             n_points);
void       saha_signature_pad_clear        (SahaSignaturePad *self);
guint      saha_signature_pad_get_n_strokes (SahaSignaturePad *self);
void       saha_signature_pad_set_editable (SahaSignaturePad *self,
                                            gboolean          editable);

/* Draws the signature @json into the rectangle (@x, @y, @width, @height) of @cr, in the
 * source colour of @cr. Returns FALSE (drawing nothing) when @json is not a signature. */
gboolean   saha_signature_render           (const char       *json,
                                            cairo_t          *cr,
                                            double            x,
                                            double            y,
                                            double            width,
                                            double            height);

G_END_DECLS
