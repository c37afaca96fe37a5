/* saha-toasts.c: one toast at a time on an AdwToastOverlay.
 *
 * AdwToastOverlay queues a toast behind the one shown, and a few syncs and saves made a
 * queue that spoke minutes later, on whatever page was open then; a toast of high priority
 * puts the one shown back in that queue. So every toast of the app goes through here: a
 * plain one shown takes a plain one's text in place; any other pair, the new one is shown
 * and the old one taken out of the queue. A toast with a button (Undo) is only ever
 * replaced, never renamed, so its button cannot act on another text.
 *
 * Replacing a toast still in its show animation left libadwaita 1.2 (Debian 12) with an
 * animation whose "done" crashed the window as it closed (SIGSEGV in adw_animation_skip()
 * from gtk_window_destroy(); /app/window/toasts-do-not-queue): such a replacement waits
 * until the one shown is fully shown; only the latest waits, and a plain one never takes
 * a waiting Undo's place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-toasts.h"

/* A toast's show animation lasts 300 ms, 500 ms when it replaces another. */
#define SHOW_MS 600

typedef struct
{
  AdwToastOverlay *overlay;     /* borrowed: owns this */
  AdwToast        *shown;       /* weak */
  gint64           shown_at;    /* monotonic, when it was added */
  AdwToast        *pending;     /* owned: replaces it once it is fully shown */
  guint            pending_source;
} Toasts;

static void
toasts_free (Toasts *toasts)
{
  g_clear_weak_pointer (&toasts->shown);
  g_clear_object (&toasts->pending);
  g_clear_handle_id (&toasts->pending_source, g_source_remove);
  g_free (toasts);
}

static Toasts *
toasts_of (AdwToastOverlay *overlay)
{
  Toasts *toasts = g_object_get_data (G_OBJECT (overlay), "saha-toasts");

  if (toasts == NULL)
    {
      toasts = g_new0 (Toasts, 1);
      toasts->overlay = overlay;
      g_object_set_data_full (G_OBJECT (overlay), "saha-toasts", toasts,
                              (GDestroyNotify) toasts_free);
    }
  return toasts;
}

static gboolean
has_button (AdwToast *toast)
{
  return adw_toast_get_button_label (toast) != NULL;
}

/* Shows @toast (taken) in place of the one shown. */
static void
replace (Toasts   *toasts,
         AdwToast *toast)
{
  g_autoptr(AdwToast) old = NULL;

  if (toasts->shown != NULL && !has_button (toasts->shown) && !has_button (toast))
    {
      adw_toast_set_title (toasts->shown, adw_toast_get_title (toast));
      g_object_unref (toast);
      return;
    }
  old = toasts->shown != NULL ? g_object_ref (toasts->shown) : NULL;
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_set_weak_pointer (&toasts->shown, toast);
  toasts->shown_at = g_get_monotonic_time ();
  adw_toast_overlay_add_toast (toasts->overlay, toast);
  if (old != NULL)
    adw_toast_dismiss (old);
}

static gboolean
on_pending_due (gpointer data)
{
  Toasts *toasts = data;

  toasts->pending_source = 0;
  replace (toasts, g_steal_pointer (&toasts->pending));
  return G_SOURCE_REMOVE;
}

/* Shows @toast (transfer full) on @overlay, in place of the one shown there. */
void
saha_toasts_show (AdwToastOverlay *overlay,
                  AdwToast        *toast)
{
  Toasts *toasts;
  gint64 shown_for_ms;

  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (ADW_IS_TOAST (toast));

  toasts = toasts_of (overlay);
  shown_for_ms = (g_get_monotonic_time () - toasts->shown_at) / 1000;
  if (toasts->pending != NULL
      || (toasts->shown != NULL && shown_for_ms < SHOW_MS
          && (has_button (toasts->shown) || has_button (toast))))
    {
      if (toasts->pending == NULL || !has_button (toasts->pending) || has_button (toast))
        g_set_object (&toasts->pending, toast);
      g_object_unref (toast);
      if (toasts->pending_source == 0)
        toasts->pending_source = g_timeout_add (MAX (SHOW_MS - shown_for_ms, 0),
                                                on_pending_due, toasts);
      return;
    }
  replace (toasts, toast);
}

/* Shows @toast (transfer full) on the toast overlay @widget is in; outside one (a widget
 * shown alone in a test), drops it. */
void
saha_toasts_show_near (GtkWidget *widget,
                       AdwToast  *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    saha_toasts_show (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}
