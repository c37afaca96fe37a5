/* saha-signature-pad.c: SahaSignaturePad, where a customer signs with mouse, pen or finger;
 * the signature is kept as vector strokes.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-signature-pad.h"

/* Points closer than this (canvas units) to the previous one add nothing a reader sees,
 * and would only make the text longer. */
#define MIN_STEP 2

struct _SahaSignaturePad
{
  GtkWidget       parent_instance;

  GtkWidget      *area;
  GPtrArray      *strokes;   /* GArray of int x, y pairs, one per stroke */
  GArray         *current;   /* the stroke being drawn, also in strokes */
  double          start_x, start_y;
  gboolean        editable;
};

G_DEFINE_FINAL_TYPE (SahaSignaturePad, saha_signature_pad, GTK_TYPE_WIDGET)

/* The scale and offset that fit the canvas into @width × @height, centred. */
static void
canvas_fit (double  width,
            double  height,
            double *scale,
            double *dx,
            double *dy)
{
  *scale = MIN (width / SAHA_SIGNATURE_WIDTH, height / SAHA_SIGNATURE_HEIGHT);
  *dx = (width - SAHA_SIGNATURE_WIDTH * *scale) / 2;
  *dy = (height - SAHA_SIGNATURE_HEIGHT * *scale) / 2;
}

static void
draw_strokes (GPtrArray *strokes,
              cairo_t   *cr,
              double     x,
              double     y,
              double     width,
              double     height)
{
  double scale, dx, dy;

  canvas_fit (width, height, &scale, &dx, &dy);
  cairo_save (cr);
  cairo_set_line_width (cr, MAX (1.0, 2.5 * scale));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint i = 0; i < strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (strokes, i);

      for (guint j = 0; j + 1 < stroke->len; j += 2)
        {
          double px = x + dx + g_array_index (stroke, int, j) * scale;
          double py = y + dy + g_array_index (stroke, int, j + 1) * scale;

          if (j == 0)
            {
              cairo_move_to (cr, px, py);
              /* A single tap is a dot, which a zero-length line with round caps draws. */
              cairo_line_to (cr, px, py);
            }
          else
            cairo_line_to (cr, px, py);
        }
      cairo_stroke (cr);
    }

  cairo_restore (cr);
}

gboolean
saha_signature_render (const char *json,
                       cairo_t    *cr,
                       double      x,
                       double      y,
                       double      width,
                       double      height)
{
  g_autoptr(GPtrArray) strokes = NULL;

  if (json == NULL || *json == '\0')
    return FALSE;

  strokes = saha_signature_parse (json, NULL);
  if (strokes == NULL)
    return FALSE;

  draw_strokes (strokes, cr, x, y, width, height);
  return TRUE;
}

static void
draw_pad (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        user_data)
{
  SahaSignaturePad *self = user_data;
  GdkRGBA color;
  double scale, dx, dy;

  /* gtk_widget_get_color() is GTK 4.10; Debian 12 has 4.8. */
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &color);

  /* The line to sign on, as on paper. */
  canvas_fit (width, height, &scale, &dx, &dy);
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, dx + 20 * scale, dy + 0.8 * SAHA_SIGNATURE_HEIGHT * scale);
  cairo_line_to (cr, dx + (SAHA_SIGNATURE_WIDTH - 20) * scale,
                 dy + 0.8 * SAHA_SIGNATURE_HEIGHT * scale);
  cairo_stroke (cr);

  gdk_cairo_set_source_rgba (cr, &color);
  draw_strokes (self->strokes, cr, 0, 0, width, height);
}

static void
add_point (SahaSignaturePad *self,
           double            widget_x,
           double            widget_y)
{
  double scale, dx, dy;
  int x, y;

  if (self->current == NULL)
    return;

  canvas_fit (gtk_widget_get_width (self->area), gtk_widget_get_height (self->area),
              &scale, &dx, &dy);
  if (scale <= 0)
    return;

  x = (int) CLAMP ((widget_x - dx) / scale + 0.5, 0, SAHA_SIGNATURE_WIDTH);
  y = (int) CLAMP ((widget_y - dy) / scale + 0.5, 0, SAHA_SIGNATURE_HEIGHT);

  if (self->current->len >= 2)
    {
      int last_x = g_array_index (self->current, int, self->current->len - 2);
      int last_y = g_array_index (self->current, int, self->current->len - 1);

      if (ABS (x - last_x) < MIN_STEP && ABS (y - last_y) < MIN_STEP)
        return;
    }

  g_array_append_val (self->current, x);
  g_array_append_val (self->current, y);
  gtk_widget_queue_draw (self->area);
}

static void
begin_stroke (SahaSignaturePad *self,
              double            x,
              double            y)
{
  if (!self->editable)
    return;

  self->current = g_array_new (FALSE, FALSE, sizeof (int));
  g_ptr_array_add (self->strokes, self->current);
  add_point (self, x, y);
}

/* Pens are followed by the stylus gesture, which sees their own events; the drag
 * gesture takes the mouse and fingers. */
static gboolean
event_is_from_pen (GtkGesture *gesture)
{
  GdkEvent *event = gtk_gesture_get_last_event (gesture,
                                                gtk_gesture_get_last_updated_sequence (gesture));

  return event != NULL && gdk_event_get_device_tool (event) != NULL;
}

static void
on_drag_begin (GtkGestureDrag   *gesture,
               double            x,
               double            y,
               SahaSignaturePad *self)
{
  if (event_is_from_pen (GTK_GESTURE (gesture)))
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  self->start_x = x;
  self->start_y = y;
  begin_stroke (self, x, y);
}

static void
on_drag_update (GtkGestureDrag   *gesture,
                double            offset_x,
                double            offset_y,
                SahaSignaturePad *self)
{
  add_point (self, self->start_x + offset_x, self->start_y + offset_y);
}

static void
on_drag_end (GtkGestureDrag   *gesture,
             double            offset_x,
             double            offset_y,
             SahaSignaturePad *self)
{
  add_point (self, self->start_x + offset_x, self->start_y + offset_y);
  self->current = NULL;
}

static void
on_stylus_down (GtkGestureStylus *gesture,
                double            x,
                double            y,
                SahaSignaturePad *self)
{
  begin_stroke (self, x, y);
}

static void
on_stylus_motion (GtkGestureStylus *gesture,
                  double            x,
                  double            y,
                  SahaSignaturePad *self)
{
  add_point (self, x, y);
}

static void
on_stylus_up (GtkGestureStylus *gesture,
              double            x,
              double            y,
              SahaSignaturePad *self)
{
  add_point (self, x, y);
  self->current = NULL;
}

char *
saha_signature_pad_dup_strokes (SahaSignaturePad  *self,
                                GError           **error)
{
  g_return_val_if_fail (SAHA_IS_SIGNATURE_PAD (self), NULL);

  return saha_signature_format (self->strokes, error);
}

gboolean
saha_signature_pad_set_strokes (SahaSignaturePad  *self,
                                const char        *json,
                                GError           **error)
{
  GPtrArray *strokes;

  g_return_val_if_fail (SAHA_IS_SIGNATURE_PAD (self), FALSE);

  if (json == NULL || *json == '\0')
    strokes = saha_signature_strokes_new ();
  else if ((strokes = saha_signature_parse (json, error)) == NULL)
    return FALSE;

  self->current = NULL;
  g_clear_pointer (&self->strokes, g_ptr_array_unref);
  self->strokes = strokes;
  gtk_widget_queue_draw (self->area);
  return TRUE;
}

void
saha_signature_pad_add_stroke (SahaSignaturePad *self,
                               const double     *xy,
                               guint             n_points)
{
  GArray *stroke;

  g_return_if_fail (SAHA_IS_SIGNATURE_PAD (self));
  g_return_if_fail (xy != NULL || n_points == 0);

  stroke = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < n_points * 2; i++)
    {
      int value = (int) CLAMP (xy[i] + 0.5, 0, i % 2 == 0 ? SAHA_SIGNATURE_WIDTH
                                                           : SAHA_SIGNATURE_HEIGHT);

      g_array_append_val (stroke, value);
    }
  g_ptr_array_add (self->strokes, stroke);
  gtk_widget_queue_draw (self->area);
}

void
saha_signature_pad_clear (SahaSignaturePad *self)
{
  g_return_if_fail (SAHA_IS_SIGNATURE_PAD (self));

  self->current = NULL;
  g_ptr_array_set_size (self->strokes, 0);
  gtk_widget_queue_draw (self->area);
}

guint
saha_signature_pad_get_n_strokes (SahaSignaturePad *self)
{
  g_return_val_if_fail (SAHA_IS_SIGNATURE_PAD (self), 0);

  return self->strokes->len;
}

void
saha_signature_pad_set_editable (SahaSignaturePad *self,
                                 gboolean          editable)
{
  g_return_if_fail (SAHA_IS_SIGNATURE_PAD (self));

  self->editable = editable;
  self->current = NULL;
}

GtkWidget *
saha_signature_pad_new (void)
{
  return g_object_new (SAHA_TYPE_SIGNATURE_PAD, NULL);
}

static void
saha_signature_pad_dispose (GObject *object)
{
  SahaSignaturePad *self = SAHA_SIGNATURE_PAD (object);

  g_clear_pointer (&self->area, gtk_widget_unparent);
  g_clear_pointer (&self->strokes, g_ptr_array_unref);
  self->current = NULL;

  G_OBJECT_CLASS (saha_signature_pad_parent_class)->dispose (object);
}

static void
saha_signature_pad_class_init (SahaSignaturePadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = saha_signature_pad_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "signaturepad");
}

static void
saha_signature_pad_init (SahaSignaturePad *self)
{
  GtkGesture *drag, *stylus;

  self->strokes = saha_signature_strokes_new ();
  self->editable = TRUE;

  self->area = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->area), 160);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->area), draw_pad, self, NULL);
  gtk_widget_add_css_class (self->area, "saha-signature-pad");
  gtk_widget_set_parent (self->area, GTK_WIDGET (self));

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (self->area, GTK_EVENT_CONTROLLER (drag));

  stylus = gtk_gesture_stylus_new ();
  g_signal_connect (stylus, "down", G_CALLBACK (on_stylus_down), self);
  g_signal_connect (stylus, "motion", G_CALLBACK (on_stylus_motion), self);
  g_signal_connect (stylus, "up", G_CALLBACK (on_stylus_up), self);
  gtk_widget_add_controller (self->area, GTK_EVENT_CONTROLLER (stylus));
}
