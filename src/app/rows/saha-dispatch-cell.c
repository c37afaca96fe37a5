/* saha-dispatch-cell.c: SahaDispatchCell, one technician's calls of one day on the dispatch
 * board, drawn as cards in one widget (the week of 50 technicians holds 2,000 of them).
 *
 * A card per call as a widget of its own (a button, a box, an icon, two labels) made the
 * board's week of 2,000 calls take one to four seconds to show: GtkColumnView binds every
 * row of up to 200, so every card was built and measured. Here a cell is one widget whose
 * height follows from its number of cards, with the text laid out only when drawn. Each
 * card still answers the mouse (click, drag, tooltip) and the keyboard (Up, Down, Enter).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-schema.h"
#include "saha-service-call-workflow.h"
#include "saha-service-call-row.h"

#include "saha-dispatch-cell.h"

#define CARD_GAP 4
#define CARD_PADDING 3
#define ICON_SIZE 16

typedef struct
{
  char        *id;
  char        *first;     /* time and customer */
  char        *second;    /* priority (unless normal) and number */
  char        *tooltip;
  const char  *icon;      /* the priority's, NULL for normal */
  gboolean     urgent;
  PangoLayout *first_layout;
  PangoLayout *second_layout;
} Card;

struct _SahaDispatchCell
{
  GtkWidget    parent_instance;

  GPtrArray   *cards;        /* Card * */
  char        *load;         /* "2 open calls", NULL when none is open */
  PangoLayout *load_layout;
  int          focused;      /* the card the keyboard is on, -1 none */
  int          line_height;  /* of the text and of the smaller second line; 0 unmeasured */
  int          small_height;
};

G_DEFINE_FINAL_TYPE (SahaDispatchCell, saha_dispatch_cell, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_CALL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
card_free (Card *card)
{
  g_free (card->id);
  g_free (card->first);
  g_free (card->second);
  g_free (card->tooltip);
  g_clear_object (&card->first_layout);
  g_clear_object (&card->second_layout);
  g_free (card);
}

static Card *
card_new (SahaDispatchCall *call,
          gboolean          timed)
{
  Card *card = g_new0 (Card, 1);
  const char *priority = saha_schema_choice_label ("service_call", "priority", call->priority);
  const char *customer = call->customer_name != NULL ? call->customer_name : "—";
  const char *number = call->number != NULL ? call->number : "—";
  g_autofree char *time = NULL;
  g_autofree char *length = NULL;

  if (timed && call->scheduled_at != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (call->scheduled_at, NULL);
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

      time = local != NULL ? g_date_time_format (local, "%H:%M") : NULL;
    }

  card->id = g_strdup (call->id);
  card->icon = saha_service_call_priority_icon (call->priority);
  card->urgent = g_strcmp0 (call->priority, "urgent") == 0;
  /* A timed call with an expected duration shows when it ends: its length on the board. */
  if (time != NULL && call->expected_minutes > 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (call->scheduled_at, NULL);
      g_autoptr(GDateTime) end = g_date_time_add_minutes (utc, (int) call->expected_minutes);
      g_autoptr(GDateTime) local_end = g_date_time_to_local (end);
      g_autofree char *until = g_date_time_format (local_end, "%H:%M");

      card->first = g_strdup_printf ("%s–%s %s", time, until, customer);
    }
  else
    card->first = time != NULL ? g_strdup_printf ("%s %s", time, customer)
                               : g_strdup (customer);
  if (time == NULL && call->expected_minutes > 0)
    length = saha_format_duration (call->expected_minutes);
  /* The priority in words beside its icon: not by colour alone. */
  card->second = g_strdup_printf ("%s%s%s%s%s", card->icon != NULL ? priority : "",
                                  card->icon != NULL ? " · " : "", number,
                                  length != NULL ? " · " : "", length != NULL ? length : "");
  /* Translators: a dispatch board card's tooltip: number, customer, status, priority */
  card->tooltip = g_strdup_printf (_("%s, %s: %s, %s. Drag to another technician or day, or "
                                     "press Enter to schedule."),
                                   number, customer,
                                   saha_schema_choice_label ("service_call", "status",
                                                             call->status),
                                   priority != NULL ? priority : "—");
  return card;
}

static void
ensure_metrics (SahaDispatchCell *self)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoAttrList *attrs;

  if (self->line_height > 0)
    return;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "Ağ");
  pango_layout_get_pixel_size (layout, NULL, &self->line_height);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, NULL, &self->small_height);
}

static int
card_height (SahaDispatchCell *self)
{
  ensure_metrics (self);
  return self->line_height + self->small_height + 2 * CARD_PADDING;
}

static int
header_height (SahaDispatchCell *self)
{
  ensure_metrics (self);
  return self->load != NULL ? self->small_height + CARD_GAP : 0;
}

/* The card at @y, or -1. */
static int
card_at (SahaDispatchCell *self,
         double            y)
{
  int step = card_height (self) + CARD_GAP;
  int offset = (int) y - header_height (self);
  int index;

  if (offset < 0)
    return -1;
  index = offset / step;
  if (index >= (int) self->cards->len || offset % step >= card_height (self))
    return -1;
  return index;
}

static void
update_accessible_label (SahaDispatchCell *self)
{
  g_autoptr(GString) text = g_string_new (self->load != NULL ? self->load : "");

  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = g_ptr_array_index (self->cards, i);

      g_string_append_printf (text, "%s%s, %s", text->len > 0 ? "; " : "", card->first,
                              card->second);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text->str, -1);
}

char *
saha_dispatch_load_text (guint  open,
                         gint64 minutes)
{
  g_autofree char *calls = g_strdup_printf (ngettext ("%u open call", "%u open calls", open),
                                            open);
  g_autofree char *length = NULL;

  if (open == 0)
    return g_steal_pointer (&calls);
  length = saha_format_duration (minutes);
  return g_strdup_printf ("%s · %s", calls, length);
}

void
saha_dispatch_cell_set_calls (SahaDispatchCell *self,
                              GPtrArray        *calls,
                              gboolean          timed)
{
  guint open = 0;
  gint64 minutes = 0;

  g_return_if_fail (SAHA_IS_DISPATCH_CELL (self));

  g_ptr_array_set_size (self->cards, 0);
  g_clear_pointer (&self->load, g_free);
  g_clear_object (&self->load_layout);
  self->focused = -1;
  for (guint i = 0; calls != NULL && i < calls->len; i++)
    {
      SahaDispatchCall *call = g_ptr_array_index (calls, i);

      g_ptr_array_add (self->cards, card_new (call, timed));
      if (saha_service_call_status_is_open (call->status))
        {
          open++;
          minutes += call->expected_minutes > 0 ? call->expected_minutes
                                                : SAHA_DISPATCH_DEFAULT_MINUTES;
        }
    }
  /* The technician's load for the day: the open calls and how long they take. */
  if (open > 0)
    self->load = saha_dispatch_load_text (open, minutes);
  gtk_widget_set_focusable (GTK_WIDGET (self), self->cards->len > 0);
  update_accessible_label (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

GStrv
saha_dispatch_cell_dup_call_ids (SahaDispatchCell *self)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  g_return_val_if_fail (SAHA_IS_DISPATCH_CELL (self), NULL);

  for (guint i = 0; i < self->cards->len; i++)
    g_strv_builder_add (ids, ((Card *) g_ptr_array_index (self->cards, i))->id);
  return g_strv_builder_end (ids);
}

const char *
saha_dispatch_cell_get_card_text (SahaDispatchCell *self,
                                  guint             index)
{
  g_return_val_if_fail (SAHA_IS_DISPATCH_CELL (self), NULL);
  g_return_val_if_fail (index < self->cards->len, NULL);
  return ((Card *) g_ptr_array_index (self->cards, index))->first;
}

const char *
saha_dispatch_cell_get_load (SahaDispatchCell *self)
{
  g_return_val_if_fail (SAHA_IS_DISPATCH_CELL (self), NULL);
  return self->load;
}

void
saha_dispatch_cell_activate_call (SahaDispatchCell *self,
                                  guint             index)
{
  g_return_if_fail (SAHA_IS_DISPATCH_CELL (self));
  g_return_if_fail (index < self->cards->len);

  self->focused = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_CALL_ACTIVATED], 0,
                 ((Card *) g_ptr_array_index (self->cards, index))->id);
}

GtkWidget *
saha_dispatch_cell_new (void)
{
  return g_object_new (SAHA_TYPE_DISPATCH_CELL, NULL);
}

/* Drawing */

static PangoLayout *
text_layout (SahaDispatchCell  *self,
             PangoLayout      **layout,
             const char        *text,
             gboolean           small,
             int                width)
{
  if (*layout == NULL)
    {
      *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      pango_layout_set_ellipsize (*layout, PANGO_ELLIPSIZE_END);
      if (small)
        {
          PangoAttrList *attrs = pango_attr_list_new ();

          pango_attr_list_insert (attrs, pango_attr_scale_new (PANGO_SCALE_SMALL));
          pango_layout_set_attributes (*layout, attrs);
          pango_attr_list_unref (attrs);
        }
    }
  pango_layout_set_width (*layout, MAX (width, 1) * PANGO_SCALE);
  return *layout;
}

static void
saha_dispatch_cell_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  SahaDispatchCell *self = SAHA_DISPATCH_CELL (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  int width = gtk_widget_get_width (widget);
  int height = card_height (self);
  GdkRGBA fg, dim, fill, focus_fill;
  const GdkRGBA urgent = { 0.88, 0.11, 0.14, 1.0 };
  const GdkRGBA ring = { 0.21, 0.52, 0.89, 1.0 };
  gboolean has_focus = gtk_widget_has_focus (widget);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  int y = 0;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (style, &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  dim = fg;
  dim.alpha *= 0.65;
  fill = fg;
  fill.alpha = 0.08;
  focus_fill = fg;
  focus_fill.alpha = 0.16;

  if (self->load != NULL)
    {
      gtk_snapshot_save (snapshot);
      gtk_snapshot_append_layout (snapshot,
                                  text_layout (self, &self->load_layout, self->load, TRUE,
                                               width),
                                  &dim);
      gtk_snapshot_restore (snapshot);
      y = header_height (self);
    }

  for (guint i = 0; i < self->cards->len; i++, y += height + CARD_GAP)
    {
      Card *card = g_ptr_array_index (self->cards, i);
      gboolean focused = has_focus && (int) i == self->focused;
      GskRoundedRect outline;
      int text_x = 6;

      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, y, width, height), 6);
      gtk_snapshot_push_rounded_clip (snapshot, &outline);
      gtk_snapshot_append_color (snapshot, focused ? &focus_fill : &fill,
                                 &GRAPHENE_RECT_INIT (0, y, width, height));
      if (card->urgent)
        gtk_snapshot_append_color (snapshot, &urgent, &GRAPHENE_RECT_INIT (0, y, 3, height));
      gtk_snapshot_pop (snapshot);
      if (focused)
        {
          const float widths[4] = { 2, 2, 2, 2 };
          const GdkRGBA colors[4] = { ring, ring, ring, ring };

          gtk_snapshot_append_border (snapshot, &outline, widths, colors);
        }

      if (card->icon != NULL)
        {
          g_autoptr(GtkIconPaintable) icon =
            gtk_icon_theme_lookup_icon (theme, card->icon, NULL, ICON_SIZE,
                                        gtk_widget_get_scale_factor (widget),
                                        gtk_widget_get_direction (widget), 0);

          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot,
                                  &GRAPHENE_POINT_INIT (6, y + (height - ICON_SIZE) / 2.0));
          gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                                    ICON_SIZE, ICON_SIZE, &fg, 1);
          gtk_snapshot_restore (snapshot);
          text_x += ICON_SIZE + 4;
        }

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (text_x, y + CARD_PADDING));
      gtk_snapshot_append_layout (snapshot,
                                  text_layout (self, &card->first_layout, card->first, FALSE,
                                               width - text_x - 4),
                                  &fg);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, self->line_height));
      gtk_snapshot_append_layout (snapshot,
                                  text_layout (self, &card->second_layout, card->second, TRUE,
                                               width - text_x - 4),
                                  &dim);
      gtk_snapshot_restore (snapshot);
    }
}

static void
saha_dispatch_cell_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  SahaDispatchCell *self = SAHA_DISPATCH_CELL (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 110;
      *natural = 140;
    }
  else
    {
      int n = self->cards->len;

      *minimum = *natural = MAX (header_height (self) + n * card_height (self)
                                 + MAX (n - 1, 0) * CARD_GAP, 40);
    }
}

static void
saha_dispatch_cell_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  SahaDispatchCell *self = SAHA_DISPATCH_CELL (widget);

  GTK_WIDGET_CLASS (saha_dispatch_cell_parent_class)->css_changed (widget, change);
  /* A new font: measured and laid out again. */
  self->line_height = 0;
  g_clear_object (&self->load_layout);
  for (guint i = 0; i < self->cards->len; i++)
    {
      Card *card = g_ptr_array_index (self->cards, i);

      g_clear_object (&card->first_layout);
      g_clear_object (&card->second_layout);
    }
  gtk_widget_queue_resize (widget);
}

/* Input */

static void
on_released (GtkGestureClick  *gesture,
             int               n_press,
             double            x,
             double            y,
             SahaDispatchCell *self)
{
  int index = card_at (self, y);

  if (index < 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  saha_dispatch_cell_activate_call (self, index);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                SahaDispatchCell      *self)
{
  int n = self->cards->len;

  if (n == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      if (self->focused <= 0)
        return FALSE;
      self->focused--;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return TRUE;

    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      if (self->focused >= n - 1)
        return FALSE;
      self->focused++;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return TRUE;

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      saha_dispatch_cell_activate_call (self, MAX (self->focused, 0));
      return TRUE;

    default:
      return FALSE;
    }
}

static void
on_focus_enter (SahaDispatchCell *self)
{
  if (self->focused < 0 && self->cards->len > 0)
    self->focused = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource    *source,
                 double            x,
                 double            y,
                 SahaDispatchCell *self)
{
  int index = card_at (self, y);

  if (index < 0)
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_STRING,
                                         ((Card *) g_ptr_array_index (self->cards, index))->id);
}

static gboolean
on_query_tooltip (SahaDispatchCell *self,
                  int               x,
                  int               y,
                  gboolean          keyboard,
                  GtkTooltip       *tooltip)
{
  int index = keyboard ? self->focused : card_at (self, y);

  if (index < 0 || index >= (int) self->cards->len)
    return FALSE;
  gtk_tooltip_set_text (tooltip, ((Card *) g_ptr_array_index (self->cards, index))->tooltip);
  return TRUE;
}

static void
saha_dispatch_cell_finalize (GObject *object)
{
  SahaDispatchCell *self = SAHA_DISPATCH_CELL (object);

  g_clear_pointer (&self->cards, g_ptr_array_unref);
  g_clear_object (&self->load_layout);
  g_free (self->load);

  G_OBJECT_CLASS (saha_dispatch_cell_parent_class)->finalize (object);
}

static void
saha_dispatch_cell_class_init (SahaDispatchCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = saha_dispatch_cell_finalize;
  widget_class->snapshot = saha_dispatch_cell_snapshot;
  widget_class->measure = saha_dispatch_cell_measure;
  widget_class->css_changed = saha_dispatch_cell_css_changed;

  /**
   * SahaDispatchCell::call-activated:
   * @id: the call's id
   *
   * A card was clicked, or Enter pressed on it.
   */
  signals[SIGNAL_CALL_ACTIVATED] =
    g_signal_new ("call-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "dispatchcell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LIST);
}

static void
saha_dispatch_cell_init (SahaDispatchCell *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();
  GtkDragSource *drag = gtk_drag_source_new ();

  self->cards = g_ptr_array_new_with_free_func ((GDestroyNotify) card_free);
  self->focused = -1;

  g_signal_connect (click, "released", G_CALLBACK (on_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (on_focus_enter), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);
}
