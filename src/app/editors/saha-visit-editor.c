/* saha-visit-editor.c: SahaVisitEditor, checking in at a customer's site, what the visit
 * was for and came to, and checking out.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-order-totals.h"
#include "saha-task-dialog.h"
#include "saha-editor-page.h"
#include "saha-visit-editor.h"
#include "saha-visit-link.h"

static const char * const purposes[] = { "sales", "service", "collection", "other", NULL };

struct _SahaVisitEditor
{
  SahaEditorPage    parent_instance;

  SahaStore      *store;
  char           *visit_id;
  char           *customer_id;
  char           *order_id;
  char           *call_id;
  gboolean        checked_in;
  gboolean        checked_out;

  AdwWindowTitle *window_title;
  GtkWidget      *check_in_button;
  GtkWidget      *check_out_button;
  GtkWidget      *save_button;
  AdwActionRow   *customer_row;
  AdwActionRow   *times_row;
  GtkWidget      *purpose_dropdown;
  GtkWidget      *lat_entry;
  GtkWidget      *lon_entry;
  GtkWidget      *location_error;
  GtkWidget      *outcome_view;
  GtkWidget      *notes_view;
  GtkWidget      *links_group;
  AdwActionRow   *order_row;
  AdwActionRow   *call_row;
};

G_DEFINE_FINAL_TYPE (SahaVisitEditor, saha_visit_editor, SAHA_TYPE_EDITOR_PAGE)

/* The message line under the header is SahaEditorPage's. */
#define show_message(self, message, is_error) \
  saha_editor_page_show_message (SAHA_EDITOR_PAGE (self), (message), (is_error))

static char *
text_view_dup (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static void
text_view_set (GtkWidget  *view,
               const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                            text != NULL ? text : "", -1);
}

static char *
local_time (const char *timestamp)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (timestamp == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (timestamp, NULL);
  if (utc == NULL)
    return g_strdup (timestamp);
  local = g_date_time_to_local (utc);
  return saha_format_date_time (local, saha_format_style_default ());
}

/* A coordinate typed by hand, "41,0082" or "41.0082", within @limit degrees; the store
 * takes it as a canonical decimal with 6 places. */
static gboolean
parse_coordinate (GtkWidget  *entry,
                  double      limit,
                  char      **canonical,
                  GError    **error)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  gboolean negative = text[0] == '-';
  gint64 micro;

  *canonical = NULL;
  if (*text == '\0')
    return TRUE;
  if (!saha_order_parse_decimal (text + (negative ? 1 : 0), 6, &micro, error))
    return FALSE;
  if (micro > (gint64) (limit * 1000000))
    {
      g_set_error (error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_INVALID,
                   _("Enter at most %g degrees"), limit);
      return FALSE;
    }

  *canonical = g_strdup_printf ("%s%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT,
                                negative ? "-" : "", micro / 1000000, micro % 1000000);
  return TRUE;
}

static void
update_state (SahaVisitEditor *self)
{
  gtk_widget_set_visible (self->check_in_button, !self->checked_in);
  gtk_widget_set_visible (self->check_out_button, self->checked_in && !self->checked_out);
  gtk_widget_set_visible (self->save_button, self->checked_in);
  gtk_widget_set_sensitive (self->purpose_dropdown, !self->checked_in);
  gtk_widget_set_sensitive (self->lat_entry, !self->checked_in);
  gtk_widget_set_sensitive (self->lon_entry, !self->checked_in);
  gtk_widget_set_visible (self->links_group, self->checked_in);
  gtk_widget_set_visible (GTK_WIDGET (self->order_row), self->order_id != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->call_row), self->call_id != NULL);
}

static void
show_customer (SahaVisitEditor *self)
{
  g_autoptr(SahaRecord) customer = NULL;

  if (self->customer_id != NULL)
    customer = saha_store_get (self->store, "customer", self->customer_id, NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row),
                                 customer != NULL ? saha_record_get (customer, "name") : "—");
  adw_action_row_set_subtitle (self->customer_row,
                               customer != NULL ? saha_record_get (customer, "address") : NULL);
}

static void
reset (SahaVisitEditor *self)
{
  g_clear_pointer (&self->visit_id, g_free);
  g_clear_pointer (&self->customer_id, g_free);
  g_clear_pointer (&self->order_id, g_free);
  g_clear_pointer (&self->call_id, g_free);
  self->checked_in = self->checked_out = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->lat_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->lon_entry), "");
  gtk_widget_remove_css_class (self->lat_entry, "error");
  gtk_widget_remove_css_class (self->lon_entry, "error");
  gtk_widget_set_visible (self->location_error, FALSE);
  text_view_set (self->outcome_view, NULL);
  text_view_set (self->notes_view, NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->purpose_dropdown), 0);
  adw_action_row_set_subtitle (self->times_row, _("Not checked in yet"));
  show_message (self, NULL, FALSE);
  /* A follow-up names its visit: there is one once checked in. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.follow-up", FALSE);
}

gboolean
saha_visit_editor_load_visit (SahaVisitEditor  *self,
                              const char       *visit_id,
                              GError          **error)
{
  g_autoptr(SahaRecord) visit = NULL;
  g_autofree char *in = NULL, *out = NULL, *times = NULL;
  const char *purpose;

  g_return_val_if_fail (SAHA_IS_VISIT_EDITOR (self), FALSE);

  visit = saha_store_get (self->store, "visit", visit_id, error);
  if (visit == NULL)
    return FALSE;

  reset (self);
  self->visit_id = g_strdup (visit_id);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "visit.follow-up", TRUE);
  self->customer_id = g_strdup (saha_record_get (visit, "customer"));
  self->order_id = g_strdup (saha_record_get (visit, "order"));
  self->call_id = g_strdup (saha_record_get (visit, "service_call"));
  self->checked_in = saha_record_get (visit, "check_in_at") != NULL;
  self->checked_out = saha_record_get (visit, "check_out_at") != NULL;

  show_customer (self);
  purpose = saha_record_get (visit, "purpose");
  for (guint i = 0; purposes[i] != NULL; i++)
    if (g_strcmp0 (purposes[i], purpose) == 0)
      gtk_drop_down_set_selected (GTK_DROP_DOWN (self->purpose_dropdown), i);
  gtk_editable_set_text (GTK_EDITABLE (self->lat_entry),
                         saha_record_get (visit, "lat") != NULL ? saha_record_get (visit, "lat") : "");
  gtk_editable_set_text (GTK_EDITABLE (self->lon_entry),
                         saha_record_get (visit, "lon") != NULL ? saha_record_get (visit, "lon") : "");
  text_view_set (self->outcome_view, saha_record_get (visit, "outcome"));
  text_view_set (self->notes_view, saha_record_get (visit, "notes"));

  in = local_time (saha_record_get (visit, "check_in_at"));
  out = local_time (saha_record_get (visit, "check_out_at"));
  if (out != NULL)
    /* Translators: check-in and check-out times of a visit */
    times = g_strdup_printf (_("In %s, out %s"), in, out);
  else if (in != NULL)
    times = g_strdup_printf (_("Checked in %s, still on site"), in);
  adw_action_row_set_subtitle (self->times_row, times != NULL ? times : _("Not checked in yet"));

  if (self->order_id != NULL)
    {
      g_autoptr(SahaRecord) order = saha_store_get (self->store, "order", self->order_id, NULL);

      adw_action_row_set_subtitle (self->order_row,
                                   order != NULL ? saha_record_get (order, "number") : "—");
    }
  if (self->call_id != NULL)
    {
      g_autoptr(SahaRecord) call = saha_store_get (self->store, "service_call", self->call_id,
                                                   NULL);

      adw_action_row_set_subtitle (self->call_row,
                                   call != NULL ? saha_record_get (call, "number") : "—");
    }

  adw_window_title_set_title (self->window_title, _("Visit"));
  update_state (self);
  return TRUE;
}

void
saha_visit_editor_new_visit (SahaVisitEditor *self,
                             const char      *customer_id)
{
  g_autofree char *user = NULL;
  g_autofree char *open_id = NULL;

  g_return_if_fail (SAHA_IS_VISIT_EDITOR (self));
  g_return_if_fail (customer_id != NULL);

  user = saha_store_get_setting (self->store, "user");
  open_id = saha_visit_find_open (self->store, customer_id, user, NULL);
  if (open_id != NULL && saha_visit_editor_load_visit (self, open_id, NULL))
    {
      show_message (self, _("You are already checked in here."), FALSE);
      return;
    }

  reset (self);
  self->customer_id = g_strdup (customer_id);
  show_customer (self);
  adw_window_title_set_title (self->window_title, _("New Visit"));
  update_state (self);
}

static gboolean
read_location (SahaVisitEditor  *self,
               char            **lat,
               char            **lon)
{
  g_autoptr(GError) lat_error = NULL;
  g_autoptr(GError) lon_error = NULL;
  gboolean ok;

  parse_coordinate (self->lat_entry, 90, lat, &lat_error);
  parse_coordinate (self->lon_entry, 180, lon, &lon_error);
  ok = lat_error == NULL && lon_error == NULL;

  if (lat_error != NULL)
    gtk_widget_add_css_class (self->lat_entry, "error");
  else
    gtk_widget_remove_css_class (self->lat_entry, "error");
  if (lon_error != NULL)
    gtk_widget_add_css_class (self->lon_entry, "error");
  else
    gtk_widget_remove_css_class (self->lon_entry, "error");

  if (ok && (*lat == NULL) != (*lon == NULL))
    {
      gtk_label_set_label (GTK_LABEL (self->location_error),
                           _("Enter both the latitude and the longitude, or neither"));
      gtk_widget_add_css_class (*lat == NULL ? self->lat_entry : self->lon_entry, "error");
      ok = FALSE;
    }
  else if (!ok)
    {
      g_autofree char *text = g_strdup_printf ("%s", (lat_error != NULL ? lat_error
                                                                        : lon_error)->message);

      gtk_label_set_label (GTK_LABEL (self->location_error), text);
    }
  gtk_widget_set_visible (self->location_error, !ok);

  return ok;
}

gboolean
saha_visit_editor_check_in (SahaVisitEditor *self)
{
  g_autofree char *user = saha_store_get_setting (self->store, "user");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  g_autofree char *lat = NULL, *lon = NULL;
  g_autofree char *notes = text_view_dup (self->notes_view);
  g_autofree char *outcome = text_view_dup (self->outcome_view);
  guint purpose = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->purpose_dropdown));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (SAHA_IS_VISIT_EDITOR (self), FALSE);
  g_return_val_if_fail (self->customer_id != NULL, FALSE);

  if (!read_location (self, &lat, &lon))
    {
      show_message (self, _("Not checked in: correct the location or leave it empty."), TRUE);
      return FALSE;
    }

  {
    SahaFieldInput inputs[] = {
      { "customer", self->customer_id },
      { "purpose", purpose < 4 ? purposes[purpose] : "other" },
      { "check_in_at", at },
      { "lat", lat },
      { "lon", lon },
      { "notes", notes },
      { "outcome", outcome },
      { "user", user },
    };

    id = saha_store_create (self->store, "visit", inputs,
                            user != NULL && *user != '\0' ? G_N_ELEMENTS (inputs)
                                                          : G_N_ELEMENTS (inputs) - 1, &error);
  }
  if (id == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Not checked in: %s"), error->message);

      show_message (self, message, TRUE);
      return FALSE;
    }

  saha_visit_editor_load_visit (self, id, NULL);
  show_message (self, _("Checked in. Orders and service calls you make for this customer "
                        "now are linked to the visit."), FALSE);
  saha_editor_page_saved (SAHA_EDITOR_PAGE (self), id);
  return TRUE;
}

static gboolean
write_visit (SahaVisitEditor *self,
             gboolean         check_out)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format_iso8601 (now);
  g_autofree char *notes = text_view_dup (self->notes_view);
  g_autofree char *outcome = text_view_dup (self->outcome_view);
  SahaFieldInput inputs[] = {
    { "outcome", outcome },
    { "notes", notes },
    { "check_out_at", at },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (!saha_store_update (self->store, "visit", self->visit_id, inputs,
                          check_out ? 3 : 2, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);

      show_message (self, message, TRUE);
      return FALSE;
    }

  id = g_strdup (self->visit_id);
  saha_visit_editor_load_visit (self, id, NULL);
  show_message (self, check_out ? _("Checked out.") : _("Saved."), FALSE);
  saha_editor_page_saved (SAHA_EDITOR_PAGE (self), id);
  return TRUE;
}

gboolean
saha_visit_editor_check_out (SahaVisitEditor *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_EDITOR (self), FALSE);

  if (!self->checked_in || self->checked_out)
    {
      show_message (self, _("Only a visit you are checked in to can be checked out."), TRUE);
      return FALSE;
    }
  return write_visit (self, TRUE);
}

gboolean
saha_visit_editor_save (SahaVisitEditor *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_EDITOR (self), FALSE);

  if (!self->checked_in)
    return saha_visit_editor_check_in (self);
  return write_visit (self, FALSE);
}

static void
check_in_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  saha_visit_editor_check_in (SAHA_VISIT_EDITOR (widget));
}

static void
check_out_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  saha_visit_editor_check_out (SAHA_VISIT_EDITOR (widget));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  saha_visit_editor_save (SAHA_VISIT_EDITOR (widget));
}

static void
on_link_activated (SahaVisitEditor *self,
                   GtkListBoxRow   *row)
{
  if (row == GTK_LIST_BOX_ROW (self->order_row) && self->order_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-order", "s", self->order_id);
  else if (row == GTK_LIST_BOX_ROW (self->call_row) && self->call_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-service-call", "s", self->call_id);
}

void
saha_visit_editor_set_store (SahaVisitEditor *self,
                             SahaStore       *store)
{
  g_return_if_fail (SAHA_IS_VISIT_EDITOR (self));
  g_set_object (&self->store, store);
}

const char *
saha_visit_editor_get_visit_id (SahaVisitEditor *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_EDITOR (self), NULL);
  return self->visit_id;
}

GtkWidget *
saha_visit_editor_new (void)
{
  return g_object_new (SAHA_TYPE_VISIT_EDITOR, NULL);
}

static void
saha_visit_editor_finalize (GObject *object)
{
  SahaVisitEditor *self = SAHA_VISIT_EDITOR (object);

  g_clear_pointer (&self->visit_id, g_free);
  g_clear_pointer (&self->customer_id, g_free);
  g_clear_pointer (&self->order_id, g_free);
  g_clear_pointer (&self->call_id, g_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_visit_editor_parent_class)->finalize (object);
}

/* A task that follows this visit up, about its customer. */
static void
follow_up_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SahaVisitEditor *self = SAHA_VISIT_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SahaTaskDialog *dialog;

  if (self->visit_id == NULL)
    return;
  dialog = saha_task_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                 self->customer_id, "visit", self->visit_id);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
saha_visit_editor_class_init (SahaVisitEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = saha_visit_editor_finalize;

  gtk_widget_class_install_action (widget_class, "visit.check-in", NULL, check_in_activated);
  gtk_widget_class_install_action (widget_class, "visit.check-out", NULL, check_out_activated);
  gtk_widget_class_install_action (widget_class, "visit.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "visit.follow-up", NULL, follow_up_activated);

  saha_editor_page_class_set_template (widget_class,
                                       "/org/sahacrm/Saha/saha-visit-editor.ui",
                                       "visit.back");
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, check_in_button);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, check_out_button);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, customer_row);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, times_row);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, purpose_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, lat_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, lon_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, location_error);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, outcome_view);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, notes_view);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, links_group);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, order_row);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitEditor, call_row);
  gtk_widget_class_bind_template_callback (widget_class, on_link_activated);
}

static void
saha_visit_editor_init (SahaVisitEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
}
