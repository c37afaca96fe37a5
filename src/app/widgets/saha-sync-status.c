/* saha-sync-status.c: SahaSyncStatus, the header bar's line about sync: offline, syncing
 * with progress, or when the replica last synced, and how many changes wait.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-template.h"
#include "saha-sync-status.h"

struct _SahaSyncStatus
{
  GtkWidget        parent_instance;

  SahaSyncRunner  *runner;
  guint            clock_source;

  GtkLabel        *text_label;
  GtkLabel        *detail_label;
  GtkProgressBar  *progress_bar;

  gboolean         showing_progress;   /* the label says "Syncing… X of Y" */
  gint64           last_progress;      /* when that last changed, monotonic µs */
  guint            progress_source;    /* the deferred next progress */
};

/* A new label text or bar fraction makes GTK lay the window out again, and on X11 each
 * layout of a toplevel asks the X server for the window's geometry and its monitor's
 * work area (round trips that wait for the server whenever it is short of CPU): a pull
 * reporting progress ten times a second spent its main loop on that. The progress shown
 * changes at most this often; other states show at once. */
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 2)

G_DEFINE_FINAL_TYPE (SahaSyncStatus, saha_sync_status, GTK_TYPE_WIDGET)

static gboolean
progress_due (gpointer user_data)
{
  SahaSyncStatus *self = user_data;

  self->progress_source = 0;
  saha_sync_status_update (self);
  return G_SOURCE_REMOVE;
}

/* "Synced 3 minutes ago": what a person in the field wants to know is how stale the
 * data in front of them may be. */
static char *
format_last_sync (GDateTime *last_sync)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan age;
  guint minutes, hours;

  if (last_sync == NULL)
    return g_strdup (_("Not synced yet"));

  age = g_date_time_difference (now, last_sync);
  minutes = age > 0 ? (guint) (age / G_TIME_SPAN_MINUTE) : 0;
  hours = minutes / 60;
  if (minutes < 1)
    return g_strdup (_("Synced just now"));
  if (minutes < 60)
    return g_strdup_printf (ngettext ("Synced %u minute ago", "Synced %u minutes ago", minutes),
                            minutes);
  if (hours < 24)
    return g_strdup_printf (ngettext ("Synced %u hour ago", "Synced %u hours ago", hours), hours);

  {
    g_autoptr(GDateTime) local = g_date_time_to_local (last_sync);
    g_autofree char *date = saha_format_date (local, saha_format_style_default ());

    /* Translators: %s is a date, e.g. 25/11/2026 */
    return g_strdup_printf (_("Synced on %s"), date);
  }
}

void
saha_sync_status_update (SahaSyncStatus *self)
{
  g_autofree char *text = NULL;
  g_autofree char *detail = NULL;
  gboolean syncing = FALSE;

  g_return_if_fail (SAHA_IS_SYNC_STATUS (self));

  /* A deferred update is done now, or deferred again below. */
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->runner == NULL)
    {
      self->showing_progress = FALSE;
      gtk_label_set_label (self->text_label, "");
      gtk_label_set_label (self->detail_label, "");
      return;
    }

  if (saha_sync_runner_get_running (self->runner))
    {
      guint64 done = saha_sync_runner_get_done (self->runner);
      guint64 total = saha_sync_runner_get_total (self->runner);
      gint64 now = g_get_monotonic_time ();
      gint64 next = self->last_progress + PROGRESS_INTERVAL_US;

      syncing = TRUE;
      if (total > 0 && self->showing_progress && now < next)
        {
          /* What is shown stays a little longer; the newest follows when due. */
          self->progress_source = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                                      (guint) ((next - now + 999) / 1000),
                                                      progress_due, self, NULL);
          return;
        }
      if (total > 0)
        {
          /* Grouped the locale's way: 1,200 or 1.200. */
          g_autofree char *done_text = g_strdup_printf ("%'" G_GUINT64_FORMAT, MIN (done, total));
          g_autofree char *total_text = g_strdup_printf ("%'" G_GUINT64_FORMAT, total);

          /* Translators: "Syncing… 1,200 of 48,000" (records) */
          text = g_strdup_printf (_("Syncing… %s of %s"), done_text, total_text);
          gtk_progress_bar_set_fraction (self->progress_bar, (double) MIN (done, total) / total);
          self->showing_progress = TRUE;
          self->last_progress = now;
        }
      else
        {
          self->showing_progress = FALSE;
          text = g_strdup (_("Syncing…"));
          gtk_progress_bar_pulse (self->progress_bar);
        }
    }
  else
    {
      self->showing_progress = FALSE;
      if (!saha_sync_runner_get_online (self->runner))
        text = g_strdup (_("Offline"));
      else
        text = format_last_sync (saha_sync_runner_get_last_sync (self->runner));
    }

  if (saha_sync_runner_get_pending (self->runner) > 0)
    {
      guint pending = saha_sync_runner_get_pending (self->runner);

      detail = g_strdup_printf (ngettext ("%u change waiting", "%u changes waiting", pending),
                                pending);
    }

  gtk_label_set_label (self->text_label, text);
  gtk_label_set_label (self->detail_label, detail != NULL ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && !syncing);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), syncing);
}

/* The labels may be cut short in a narrow sidebar; the tooltip has them whole, and who
 * is signed in, for which the header bar has no room. Built when asked for: setting it
 * on every progress step read the store and made a round trip to the X server each
 * time, on the main loop. */
static gboolean
query_tooltip (SahaSyncStatus *self,
               int             x,
               int             y,
               gboolean        keyboard_mode,
               GtkTooltip     *tooltip)
{
  g_autoptr(GString) text = g_string_new (gtk_label_get_label (self->text_label));
  const char *detail = gtk_label_get_label (self->detail_label);
  g_autofree char *user = NULL;

  if (self->runner == NULL)
    return FALSE;

  if (*detail != '\0')
    g_string_append_printf (text, "\n%s", detail);
  user = saha_sync_runner_dup_user (self->runner);
  if (user != NULL)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Signed in as %s"), user);
    }
  gtk_tooltip_set_text (tooltip, text->str);
  return TRUE;
}

static gboolean
clock_ticked (gpointer user_data)
{
  saha_sync_status_update (user_data);
  return G_SOURCE_CONTINUE;
}

void
saha_sync_status_set_runner (SahaSyncStatus *self,
                             SahaSyncRunner *runner)
{
  g_return_if_fail (SAHA_IS_SYNC_STATUS (self));
  g_return_if_fail (runner == NULL || SAHA_IS_SYNC_RUNNER (runner));

  if (self->runner == runner)
    return;

  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_set_object (&self->runner, runner);

  /* The runner's state and its sync's progress, whichever changes. */
  if (runner != NULL)
    g_signal_connect_swapped (runner, "notify", G_CALLBACK (saha_sync_status_update), self);

  saha_sync_status_update (self);
}

const char *
saha_sync_status_get_text (SahaSyncStatus *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_STATUS (self), NULL);
  return gtk_label_get_label (self->text_label);
}

const char *
saha_sync_status_get_detail (SahaSyncStatus *self)
{
  g_return_val_if_fail (SAHA_IS_SYNC_STATUS (self), NULL);
  return gtk_label_get_label (self->detail_label);
}

static void
saha_sync_status_dispose (GObject *object)
{
  SahaSyncStatus *self = SAHA_SYNC_STATUS (object);

  saha_sync_status_set_runner (self, NULL);
  g_clear_handle_id (&self->clock_source, g_source_remove);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  saha_template_dispose (GTK_WIDGET (self), SAHA_TYPE_SYNC_STATUS);

  G_OBJECT_CLASS (saha_sync_status_parent_class)->dispose (object);
}

static void
saha_sync_status_class_init (SahaSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = saha_sync_status_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-sync-status.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaSyncStatus, text_label);
  gtk_widget_class_bind_template_child (widget_class, SahaSyncStatus, detail_label);
  gtk_widget_class_bind_template_child (widget_class, SahaSyncStatus, progress_bar);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
saha_sync_status_init (SahaSyncStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip), NULL);
  self->clock_source = g_timeout_add_seconds (60, clock_ticked, self);
}
