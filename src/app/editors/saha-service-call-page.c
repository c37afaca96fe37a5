/* saha-service-call-page.c: SahaServiceCallPage, one service call as the technician works
 * it: status steps, labour, parts, resolution, the customer's signature and the report.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "saha-assign-dialog.h"
#include "saha-cancel-dialog.h"
#include "saha-kb-call-panel.h"
#include "saha-list-box.h"
#include "saha-money-display.h"
#include "saha-order-totals.h"
#include "saha-record-picker.h"
#include "saha-report-service-call.h"
#include "saha-choice-list.h"
#include "saha-assign-dialog.h"
#include "saha-dispatch-dialog.h"
#include "saha-editor-page.h"
#include "saha-service-call-page.h"
#include "saha-service-part-row.h"
#include "saha-store-saves.h"
#include "saha-service-call-workflow.h"
#include "saha-status-workflow.h"

struct _SahaServiceCallPage
{
  SahaEditorPage    parent_instance;

  SahaStore        *store;
  char             *call_id;
  char             *customer_id;
  char             *status;
  char             *cancel_reason;   /* of the cancellation being written */
  GPtrArray        *parts;           /* SahaServicePartRow*, as shown; the list owns them */
  GPtrArray        *removed_parts;   /* ids */

  AdwWindowTitle   *window_title;
  GtkWidget        *save_button;
  GtkWidget        *report_button;
  GtkWidget        *create_button;
  GtkWidget        *scroller;
  AdwActionRow     *customer_row;
  GtkWidget        *call_button;
  GtkWidget        *navigate_button;
  AdwActionRow     *product_row;
  GtkWidget        *problem_view;
  GtkWidget        *priority_dropdown;
  AdwActionRow     *scheduled_row;
  AdwActionRow     *technician_row;
  GtkWidget        *status_group;
  AdwActionRow     *status_row;
  GtkWidget        *transitions_box;
  AdwActionRow     *travel_row;
  AdwActionRow     *started_row;
  AdwActionRow     *resolved_row;
  AdwActionRow     *closed_row;
  GtkWidget        *work_box;
  GtkWidget        *labour_entry;
  GtkWidget        *labour_error;
  GtkWidget        *resolution_view;
  GtkWidget        *resolution_error;
  GtkListBox       *parts_list;
  SahaRecordPicker *part_picker;
  SahaSignaturePad *signature_pad;
  SahaKbCallPanel  *kb_panel;
  GtkWidget        *signed_by_entry;
  GtkWidget        *signature_error;
};

G_DEFINE_FINAL_TYPE (SahaServiceCallPage, saha_service_call_page, SAHA_TYPE_EDITOR_PAGE)

/* The message line under the header is SahaEditorPage's. */
#define show_message(self, message, is_error) \
  saha_editor_page_show_message (SAHA_EDITOR_PAGE (self), (message), (is_error))

static const char *
status_label (const char *status)
{
  return saha_schema_choice_label ("service_call", "status", status);
}

/* What the button that moves a call to a status says. */
static const char *
move_label (const char *status)
{
  if (g_strcmp0 (status, "assigned") == 0)
    return _("_Accept");
  if (g_strcmp0 (status, "travelling") == 0)
    return _("Start _Travelling");
  if (g_strcmp0 (status, "on_site") == 0)
    return _("_Arrived on Site");
  if (g_strcmp0 (status, "resolved") == 0)
    return _("Mark _Resolved");
  if (g_strcmp0 (status, "closed") == 0)
    return _("C_lose Call");
  if (g_strcmp0 (status, "cancelled") == 0)
    return _("Ca_ncel Call");
  return status;
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

static void
set_row_time (AdwActionRow *row,
              const char   *timestamp)
{
  g_autofree char *text = local_time (timestamp);

  adw_action_row_set_subtitle (row, text != NULL ? text : "—");
}

static void
show_field_error (GtkWidget  *entry,
                  GtkWidget  *label,
                  const char *message)
{
  if (entry != NULL)
    {
      if (message != NULL)
        gtk_widget_add_css_class (entry, "error");
      else
        gtk_widget_remove_css_class (entry, "error");
    }
  gtk_label_set_label (GTK_LABEL (label), message != NULL ? message : "");
  gtk_widget_set_visible (label, message != NULL);
}

static char *
text_view_dup (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
text_view_set (GtkWidget  *view,
               const char *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                            text != NULL ? text : "", -1);
}

static void
on_remove_part (SahaServiceCallPage *self,
                SahaServicePartRow  *row)
{
  const char *part_id = saha_product_row_get_record_id (SAHA_PRODUCT_ROW (row));

  if (part_id != NULL)
    g_ptr_array_add (self->removed_parts, g_strdup (part_id));
  g_ptr_array_remove (self->parts, row);
  gtk_list_box_remove (self->parts_list, GTK_WIDGET (row));
}

static void
on_part_changed (SahaServicePartRow *row)
{
  gint64 quantity, price;

  saha_service_part_row_validate (row, &quantity, &price);
}

static void
add_part_row (SahaServiceCallPage *self,
              const char          *part_id,
              SahaRecord          *product,
              gint64               quantity_milli,
              gint64               price_minor)
{
  g_autofree char *title = g_strdup_printf ("%s · %s", saha_record_get (product, "sku"),
                                            saha_record_get (product, "name"));
  GtkWidget *row = saha_service_part_row_new (saha_record_get_id (product), title);

  saha_product_row_set_record_id (SAHA_PRODUCT_ROW (row), part_id);
  saha_service_part_row_set_values (SAHA_SERVICE_PART_ROW (row), quantity_milli, price_minor);
  gtk_list_box_append (self->parts_list, row);
  g_ptr_array_add (self->parts, row);
  g_signal_connect (row, "changed", G_CALLBACK (on_part_changed), NULL);
  g_signal_connect_swapped (row, "remove", G_CALLBACK (on_remove_part), self);
}

gboolean
saha_service_call_page_add_part (SahaServiceCallPage  *self,
                                 const char           *product_id,
                                 GError              **error)
{
  g_autoptr(SahaRecord) product = NULL;
  gint64 price = 0;

  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_PAGE (self), FALSE);

  product = saha_store_get (self->store, "product", product_id, error);
  if (product == NULL)
    return FALSE;
  if (saha_record_get (product, "unit_price") != NULL
      && !saha_money_parse (saha_record_get (product, "unit_price"), &price, error))
    return FALSE;

  add_part_row (self, NULL, product, 1000, price);
  return TRUE;
}

static void
on_part_picked (SahaServiceCallPage *self,
                const char          *product_id)
{
  g_autoptr(GError) error = NULL;

  if (!saha_service_call_page_add_part (self, product_id, &error))
    show_message (self, error->message, TRUE);
}

static void on_move_clicked (GtkButton           *button,
                             SahaServiceCallPage *self);

static void
update_for_status (SahaServiceCallPage *self)
{
  const char * const *next = saha_service_call_next_statuses (self->status);
  gboolean is_new = self->call_id == NULL;
  gboolean open = !is_new && saha_service_call_status_is_open (self->status);
  gboolean workable = !is_new && (open || g_strcmp0 (self->status, "resolved") == 0);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->transitions_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->transitions_box), child);

  if (!is_new)
    for (guint i = 0; next[i] != NULL; i++)
      {
        GtkWidget *button = gtk_button_new_with_mnemonic (move_label (next[i]));
        g_autofree char *name = g_strconcat ("move-", next[i], NULL);

        gtk_widget_set_name (button, name);
        g_object_set_data_full (G_OBJECT (button), "status", g_strdup (next[i]), g_free);
        gtk_widget_add_css_class (button, g_str_equal (next[i], "cancelled")
                                          ? "destructive-action" : "suggested-action");
        g_signal_connect (button, "clicked", G_CALLBACK (on_move_clicked), self);
        gtk_box_append (GTK_BOX (self->transitions_box), button);
      }
  /* The office may reopen a cancelled call (docs/crm.md, "Status transitions"). */
  if (!is_new && g_strcmp0 (self->status, "cancelled") == 0
      && saha_assign_dialog_can_assign (self->store))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Reopen"));

      gtk_widget_set_name (button, "move-new");
      g_object_set_data_full (G_OBJECT (button), "status", g_strdup ("new"), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_move_clicked), self);
      gtk_box_append (GTK_BOX (self->transitions_box), button);
    }

  adw_action_row_set_subtitle (self->status_row,
                               is_new ? C_("service call status", "New")
                                      : status_label (self->status));
  gtk_widget_set_visible (self->status_group, !is_new);
  gtk_widget_set_visible (self->work_box, !is_new);
  gtk_widget_set_visible (self->save_button, workable);
  gtk_widget_set_visible (self->report_button, !is_new);
  gtk_widget_set_visible (self->create_button, is_new);
  gtk_widget_set_sensitive (self->work_box, workable);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->problem_view), is_new || open);
  gtk_widget_set_sensitive (self->priority_dropdown, is_new || open);
  saha_signature_pad_set_editable (self->signature_pad, workable);
}

static void
reset (SahaServiceCallPage *self)
{
  g_ptr_array_set_size (self->parts, 0);
  saha_list_box_remove_all (self->parts_list);
  g_ptr_array_set_size (self->removed_parts, 0);
  g_clear_pointer (&self->call_id, g_free);
  g_clear_pointer (&self->customer_id, g_free);
  g_clear_pointer (&self->status, g_free);
  text_view_set (self->problem_view, NULL);
  text_view_set (self->resolution_view, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->labour_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->signed_by_entry), "");
  saha_record_picker_clear (self->part_picker);
  saha_signature_pad_clear (self->signature_pad);
  show_field_error (self->labour_entry, self->labour_error, NULL);
  show_field_error (NULL, self->resolution_error, NULL);
  show_field_error (NULL, self->signature_error, NULL);
  show_message (self, NULL, FALSE);
}

/* "tel:" and the number without its spaces, or NULL when the customer has none. */
static char *
call_uri (SahaRecord *customer)
{
  const char *phone = saha_record_get (customer, "phone");
  g_autoptr(GString) uri = g_string_new ("tel:");

  if (phone == NULL)
    return NULL;
  for (const char *p = phone; *p != '\0'; p++)
    if (g_ascii_isdigit (*p) || *p == '+')
      g_string_append_c (uri, *p);

  return uri->len > 4 ? g_string_free (g_steal_pointer (&uri), FALSE) : NULL;
}

/* A "geo:" point where the customer's position is known, else a map search for the
 * address; NULL when there is neither. */
static char *
navigate_uri (SahaRecord *customer)
{
  const char *lat = saha_record_get (customer, "lat");
  const char *lon = saha_record_get (customer, "lon");
  const char *address = saha_record_get (customer, "address");
  const char *city = saha_record_get (customer, "city");
  g_autofree char *query = NULL;
  g_autofree char *escaped = NULL;

  if (lat != NULL && lon != NULL)
    return g_strdup_printf ("geo:%s,%s", lat, lon);
  if (address == NULL && city == NULL)
    return NULL;

  query = g_strjoin (", ", address != NULL ? address : city,
                     address != NULL ? city : NULL, NULL);
  escaped = g_uri_escape_string (query, NULL, FALSE);
  return g_strconcat ("https://www.openstreetmap.org/search?query=", escaped, NULL);
}

/* The button opens @uri; without one it is insensitive. */
static void
set_uri (GtkWidget  *button,
         char       *uri)
{
  gtk_widget_set_sensitive (button, uri != NULL);
  g_object_set_data_full (G_OBJECT (button), "uri", uri, g_free);
}

static void
on_open_uri_clicked (GtkButton *button)
{
  const char *uri = g_object_get_data (G_OBJECT (button), "uri");

  if (uri != NULL)
    gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (button))), uri,
                  GDK_CURRENT_TIME);
}

static void show_product (SahaServiceCallPage *self,
                          const char          *product_id);

static void
show_customer (SahaServiceCallPage *self)
{
  g_autoptr(SahaRecord) customer = NULL;

  if (self->customer_id != NULL)
    customer = saha_store_get (self->store, "customer", self->customer_id, NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->customer_row),
                                 customer != NULL ? saha_record_get (customer, "name") : "—");
  adw_action_row_set_subtitle (self->customer_row,
                               customer != NULL ? saha_record_get (customer, "address") : NULL);
  set_uri (self->call_button, customer != NULL ? call_uri (customer) : NULL);
  set_uri (self->navigate_button, customer != NULL ? navigate_uri (customer) : NULL);
}

/* The product being serviced, or a dash. */
static void
show_product (SahaServiceCallPage *self,
              const char          *product_id)
{
  g_autoptr(SahaRecord) product = NULL;
  g_autofree char *title = NULL;

  if (product_id != NULL)
    product = saha_store_get (self->store, "product", product_id, NULL);
  if (product != NULL)
    title = g_strdup_printf ("%s · %s", saha_record_get (product, "sku"),
                             saha_record_get (product, "name"));
  adw_action_row_set_subtitle (self->product_row, title != NULL ? title : "—");
}

gboolean
saha_service_call_page_load_call (SahaServiceCallPage  *self,
                                  const char           *call_id,
                                  GError              **error)
{
  g_autoptr(SahaRecord) call = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  SahaFieldInput where[] = { { "service_call", call_id } };
  /* The parts in the order they were added. */
  SahaQuery query = { .where = where, .n_where = 1, .order_by = "rowid" };
  gboolean another = g_strcmp0 (call_id, self->call_id) != 0;
    g_autoptr(GError) signature_error = NULL;
  const char *priority;

  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_PAGE (self), FALSE);

  call = saha_store_get (self->store, "service_call", call_id, error);
  if (call == NULL)
    return FALSE;
  parts = saha_store_list (self->store, "service_part", &query, error);
  if (parts == NULL)
    return FALSE;

  reset (self);
  self->call_id = g_strdup (call_id);
  self->customer_id = g_strdup (saha_record_get (call, "customer"));
  self->status = g_strdup (saha_record_get (call, "status") != NULL
                           ? saha_record_get (call, "status") : "new");

  /* The number alone, so that a narrow header ellipsizes nothing of it. */
  adw_window_title_set_title (self->window_title, saha_record_get (call, "number"));
  adw_window_title_set_subtitle (self->window_title, _("Service Call"));
  show_customer (self);
  show_product (self, saha_record_get (call, "product"));
  text_view_set (self->problem_view, saha_record_get (call, "problem"));
  priority = saha_record_get (call, "priority");
  if (saha_choice_list_position ("service_call", "priority", priority)
      != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->priority_dropdown),
                                saha_choice_list_position ("service_call", "priority", priority));
  set_row_time (self->scheduled_row, saha_record_get (call, "scheduled_at"));
  adw_action_row_set_subtitle (self->technician_row,
                               saha_record_get (call, "assigned_to") != NULL
                               ? saha_record_get (call, "assigned_to") : _("Nobody"));
  set_row_time (self->travel_row, saha_record_get (call, "travel_started_at"));
  set_row_time (self->started_row, saha_record_get (call, "started_at"));
  set_row_time (self->resolved_row, saha_record_get (call, "resolved_at"));
  set_row_time (self->closed_row, saha_record_get (call, "closed_at"));
  gtk_editable_set_text (GTK_EDITABLE (self->labour_entry),
                         saha_record_get (call, "labour_minutes") != NULL
                         ? saha_record_get (call, "labour_minutes") : "");
  text_view_set (self->resolution_view, saha_record_get (call, "resolution"));
  gtk_editable_set_text (GTK_EDITABLE (self->signed_by_entry),
                         saha_record_get (call, "signed_by") != NULL
                         ? saha_record_get (call, "signed_by") : "");
  if (!saha_signature_pad_set_strokes (self->signature_pad, saha_record_get (call, "signature"),
                                       &signature_error))
    show_field_error (NULL, self->signature_error, signature_error->message);

  for (guint i = 0; i < parts->len; i++)
    {
      SahaRecord *part = g_ptr_array_index (parts, i);
      g_autoptr(SahaRecord) product = saha_store_get (self->store, "product",
                                                      saha_record_get (part, "product"), error);
      gint64 quantity = 0, price = 0;

      if (product == NULL)
        return FALSE;
      if (saha_record_get (part, "quantity") != NULL)
        saha_order_parse_decimal (saha_record_get (part, "quantity"), 3, &quantity, NULL);
      if (saha_record_get (part, "unit_price") != NULL)
        saha_money_parse (saha_record_get (part, "unit_price"), &price, NULL);
      add_part_row (self, saha_record_get_id (part), product, quantity, price);
    }

  update_for_status (self);
  saha_kb_call_panel_set_call (self->kb_panel, call_id);
  /* Another call starts at its top; the same one, saved, stays where the person was. */
  if (another)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
                                GTK_SCROLLED_WINDOW (self->scroller)), 0);
  return TRUE;
}

void
saha_service_call_page_new_call (SahaServiceCallPage *self,
                                 const char          *customer_id)
{
  g_return_if_fail (SAHA_IS_SERVICE_CALL_PAGE (self));
  g_return_if_fail (customer_id != NULL);

  reset (self);
  self->customer_id = g_strdup (customer_id);
  adw_window_title_set_title (self->window_title, _("New Service Call"));
  adw_window_title_set_subtitle (self->window_title, NULL);
  show_product (self, NULL);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
                              GTK_SCROLLED_WINDOW (self->scroller)), 0);
  saha_kb_call_panel_set_call (self->kb_panel, NULL);
  show_customer (self);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->priority_dropdown),
                              saha_choice_list_position ("service_call", "priority", "normal"));
  adw_action_row_set_subtitle (self->scheduled_row, "—");
  {
    g_autofree char *user = saha_store_get_setting (self->store, "user");

    /* The office's call gets its technician from the dispatch dialog after saving. */
    adw_action_row_set_subtitle (self->technician_row,
                                 user != NULL && *user != '\0'
                                 && !saha_assign_dialog_can_assign (self->store)
                                 ? user : _("Nobody"));
  }
  update_for_status (self);
}

static void
notify_window (SahaServiceCallPage *self)
{
  saha_editor_page_saved (SAHA_EDITOR_PAGE (self), self->call_id);
  /* The problem may read differently now: the articles follow it. */
  saha_kb_call_panel_set_call (self->kb_panel, self->call_id);
}

/* Linking an article writes only the call's kb_article; the window syncs it. */
static void
on_kb_linked (SahaServiceCallPage *self)
{
  saha_editor_page_saved (SAHA_EDITOR_PAGE (self), self->call_id);
}

/* The dispatch dialog gave the new call its technician and time: shown here too. */
static void
on_dispatched (SahaServiceCallPage *self)
{
  if (self->call_id != NULL)
    {
      g_autofree char *id = g_strdup (self->call_id);

      saha_service_call_page_load_call (self, id, NULL);
    }
}

static gboolean
create_call (SahaServiceCallPage *self)
{
  g_autofree char *problem = text_view_dup (self->problem_view);
  g_autofree char *user = saha_store_get_setting (self->store, "user");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *scheduled = g_date_time_format_iso8601 (now);
  guint priority = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->priority_dropdown));
  gboolean has_user = user != NULL && *user != '\0';
  /* The office dispatches: its new call waits unassigned and unscheduled until the
   * dispatch dialog, opened next, gives it a technician, a date and a time. */
  gboolean dispatch = saha_assign_dialog_can_assign (self->store);
  SahaFieldInput inputs[] = {
    { "customer", self->customer_id },
    { "problem", problem },
    { "priority", saha_choice_list_value ("service_call", "priority", priority, "normal") },
    { "scheduled_at", scheduled },
    /* A call a technician opens on site is theirs at once. */
    { "status", has_user ? "assigned" : "new" },
    { "assigned_to", user },
  };
  guint n_inputs = dispatch ? 3 : has_user ? G_N_ELEMENTS (inputs) : G_N_ELEMENTS (inputs) - 1;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_strstrip (problem);
  if (*problem == '\0')
    {
      show_message (self, _("Describe the problem first."), TRUE);
      return FALSE;
    }

  id = saha_store_create_service_call (self->store, self->customer_id, inputs, n_inputs,
                                       user, &error);
  if (id == NULL)
    goto failed;

  if (!saha_service_call_page_load_call (self, id, &error))
    goto failed;
  show_message (self, _("The service call is created."), FALSE);
  notify_window (self);
  if (dispatch)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      SahaDispatchDialog *dialog =
        saha_dispatch_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                  id);

      g_signal_connect_object (dialog, "saved", G_CALLBACK (on_dispatched), self,
                               G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
    }
  return TRUE;

failed:
  {
    g_autofree char *message = g_strdup_printf (_("The call is not saved: %s"), error->message);

    show_message (self, message, TRUE);
  }
  return FALSE;
}

/* The labour error goes as soon as the minutes read right. */
static void
on_labour_changed (SahaServiceCallPage *self)
{
  const char *labour = gtk_editable_get_text (GTK_EDITABLE (self->labour_entry));
  gint64 minutes;

  if (gtk_widget_get_visible (self->labour_error)
      && (*labour == '\0'
          || (saha_order_parse_decimal (labour, 0, &minutes, NULL) && minutes <= 100000)))
    show_field_error (self->labour_entry, self->labour_error, NULL);
}

/* Checks the work fields, the parts and the signature as typed, and saves them, moving the
 * call to @status when not NULL, through one store call. */
static gboolean
write_call (SahaServiceCallPage *self,
            const char          *status)
{
  g_autofree char *problem = text_view_dup (self->problem_view);
  g_autofree char *resolution = text_view_dup (self->resolution_view);
  g_autofree char *signature = NULL;
  const char *labour = gtk_editable_get_text (GTK_EDITABLE (self->labour_entry));
  g_autofree char *signed_by = g_strstrip (g_strdup (gtk_editable_get_text (
                                 GTK_EDITABLE (self->signed_by_entry))));
  guint priority = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->priority_dropdown));
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (SahaServicePartInput));
  g_autoptr(GPtrArray) removed = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gboolean problems = FALSE;
  gint64 minutes = 0;
  g_autofree char *minutes_text = NULL;
  SahaFieldInput fields[7];

  /* Labour is whole minutes. */
  if (*labour != '\0'
      && (!saha_order_parse_decimal (labour, 0, &minutes, &error) || minutes > 100000))
    {
      show_field_error (self->labour_entry, self->labour_error,
                        _("Enter the minutes worked as a whole number, such as 45"));
      g_clear_error (&error);
      problems = TRUE;
    }
  else
    show_field_error (self->labour_entry, self->labour_error, NULL);

  for (guint i = 0; i < self->parts->len; i++)
    {
      SahaServicePartRow *row = g_ptr_array_index (self->parts, i);
      SahaServicePartInput input = {
        saha_product_row_get_record_id (SAHA_PRODUCT_ROW (row)),
        saha_product_row_get_product_id (SAHA_PRODUCT_ROW (row)),
        0, 0
      };

      if (!saha_service_part_row_validate (row, &input.quantity_milli, &input.unit_price_minor))
        problems = TRUE;
      g_array_append_val (parts, input);
    }

  signature = saha_signature_pad_dup_strokes (self->signature_pad, &error);
  if (error != NULL)
    {
      show_field_error (NULL, self->signature_error, error->message);
      g_clear_error (&error);
      problems = TRUE;
    }
  else if (signature != NULL && *signed_by == '\0')
    {
      show_field_error (self->signed_by_entry, self->signature_error,
                        _("Write the name of the person who signed"));
      problems = TRUE;
    }
  else
    show_field_error (self->signed_by_entry, self->signature_error, NULL);

  if (problems)
    {
      show_message (self, _("Not saved: correct the marked fields first."), TRUE);
      return FALSE;
    }

  minutes_text = *labour != '\0' ? g_strdup_printf ("%" G_GINT64_FORMAT, minutes) : NULL;
  fields[0] = (SahaFieldInput) { "problem", problem };
  fields[1] = (SahaFieldInput) {
    "priority", saha_choice_list_value ("service_call", "priority", priority, "normal")
  };
  fields[2] = (SahaFieldInput) { "labour_minutes", minutes_text };
  fields[3] = (SahaFieldInput) { "resolution", resolution };
  fields[4] = (SahaFieldInput) { "signature", signature };
  fields[5] = (SahaFieldInput) { "signed_by", *signed_by != '\0' ? signed_by : NULL };
  fields[6] = (SahaFieldInput) { "cancel_reason", self->cancel_reason };
  for (guint i = 0; i < self->removed_parts->len; i++)
    g_ptr_array_add (removed, g_ptr_array_index (self->removed_parts, i));
  g_ptr_array_add (removed, NULL);

  /* The reason is written with the cancellation only: other saves leave it alone. */
  if (!saha_store_save_service_call (self->store, self->call_id, fields,
                                     self->cancel_reason != NULL ? 7 : 6,
                                     status, (SahaServicePartInput *) parts->data, parts->len,
                                     (const char * const *) removed->pdata, &error))
    goto failed;

  {
    g_autofree char *id = g_strdup (self->call_id);

    if (!saha_service_call_page_load_call (self, id, &error))
      goto failed;
  }
  notify_window (self);
  return TRUE;

failed:
  {
    g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);

    show_message (self, message, TRUE);
  }
  return FALSE;
}

gboolean
saha_service_call_page_save (SahaServiceCallPage *self)
{
  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_PAGE (self), FALSE);

  if (self->call_id == NULL)
    return create_call (self);

  if (!write_call (self, NULL))
    return FALSE;
  show_message (self, _("Saved."), FALSE);
  return TRUE;
}

gboolean
saha_service_call_page_move_to (SahaServiceCallPage *self,
                                const char          *status)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_PAGE (self), FALSE);

  if (self->call_id == NULL
      || !saha_status_check_move ("service_call", self->status, status,
                                  saha_assign_dialog_can_assign (self->store), NULL)
      || (!saha_service_call_can_move (self->status, status) && !g_str_equal (status, "new")))
    {
      message = g_strdup_printf (_("A call that is “%s” cannot become “%s”."),
                                 status_label (self->status), status_label (status));
      show_message (self, message, TRUE);
      return FALSE;
    }

  if (g_str_equal (status, "resolved"))
    {
      g_autofree char *resolution = text_view_dup (self->resolution_view);

      if (*g_strstrip (resolution) == '\0')
        {
          show_field_error (NULL, self->resolution_error,
                            _("Write what was done before marking the call resolved"));
          show_message (self, _("Not resolved: the resolution is empty."), TRUE);
          return FALSE;
        }
    }
  show_field_error (NULL, self->resolution_error, NULL);

  if (!write_call (self, status))
    return FALSE;

  /* Translators: the call's new status, e.g. "The call is now On site." */
  message = g_strdup_printf (_("The call is now %s."), status_label (status));
  show_message (self, message, FALSE);
  return TRUE;
}

gboolean
saha_service_call_page_cancel (SahaServiceCallPage *self,
                               const char          *reason)
{
  gboolean moved;

  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_PAGE (self), FALSE);
  g_return_val_if_fail (reason != NULL && *reason != '\0', FALSE);

  self->cancel_reason = g_strdup (reason);
  moved = saha_service_call_page_move_to (self, "cancelled");
  g_clear_pointer (&self->cancel_reason, g_free);
  return moved;
}

static void
on_cancel_confirmed (SahaServiceCallPage *self,
                     const char          *reason)
{
  saha_service_call_page_cancel (self, reason);
}

static void
on_move_clicked (GtkButton           *button,
                 SahaServiceCallPage *self)
{
  g_autofree char *status = g_strdup (g_object_get_data (G_OBJECT (button), "status"));

  /* A cancellation is asked about first, with its reason. */
  if (g_str_equal (status, "cancelled"))
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      g_autoptr(SahaRecord) call = saha_store_get (self->store, "service_call", self->call_id,
                                                   NULL);
      SahaCancelDialog *dialog;

      dialog = saha_cancel_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                       "service_call",
                                       call != NULL ? saha_record_get (call, "number") : NULL);
      g_signal_connect_object (dialog, "confirmed", G_CALLBACK (on_cancel_confirmed), self,
                               G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  saha_service_call_page_move_to (self, status);
}

GStrv
saha_service_call_page_dup_offered (SahaServiceCallPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_PAGE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (self->transitions_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_strv_builder_add (builder, g_object_get_data (G_OBJECT (child), "status"));

  return g_strv_builder_end (builder);
}

gboolean
saha_service_call_page_write_report (SahaServiceCallPage  *self,
                                     const char           *path,
                                     GError              **error)
{
  gint64 hourly_rate = 0;

  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_PAGE (self), FALSE);
  g_return_val_if_fail (self->call_id != NULL, FALSE);

  /* The report shows what is on the screen, so what was typed is saved first; a closed
   * call has nothing left to save. */
  if (gtk_widget_get_visible (self->save_button) && !write_call (self, NULL))
    {
      g_set_error_literal (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID,
                           saha_editor_page_get_message (SAHA_EDITOR_PAGE (self)));
      return FALSE;
    }

  /* Labour at the hourly rate of the preferences (unset: minutes only). */
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.sahacrm.Saha");
    g_autofree char *rate = g_settings_get_string (settings, "hourly-rate");

    if (*rate == '\0' || !saha_money_parse (rate, &hourly_rate, NULL))
      hourly_rate = 0;
  }

  return saha_report_service_call_write_pdf (self->store, self->call_id, hourly_rate, path,
                                             error);
}

static void
on_report_response (GtkNativeDialog     *dialog,
                    int                  response,
                    SahaServiceCallPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = file != NULL ? g_file_get_path (file) : NULL;
      if (path == NULL)
        show_message (self, _("Choose a folder on this device for the report."), TRUE);
      else if (!saha_service_call_page_write_report (self, path, &error))
        show_message (self, error->message, TRUE);
      else
        {
          g_autofree char *message = g_strdup_printf (_("The report is saved as %s."), path);

          show_message (self, message, FALSE);
        }
    }

  g_object_unref (dialog);
}

static void
report_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SahaServiceCallPage *self = SAHA_SERVICE_CALL_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(SahaRecord) call = NULL;
  g_autofree char *name = NULL;

  /* A call not created yet has no report. */
  if (self->call_id == NULL)
    return;
  call = saha_store_get (self->store, "service_call", self->call_id, NULL);

  /* GtkFileDialog is GTK 4.10; Debian 12 has 4.8. */
  dialog = gtk_file_chooser_native_new (_("Save the Service Report"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* Translators: the file name of a service report; %s is the call number */
  name = g_strdup_printf (_("service-report-%s.pdf"),
                          call != NULL && saha_record_get (call, "number") != NULL
                          ? saha_record_get (call, "number") : "call");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_report_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  saha_service_call_page_save (SAHA_SERVICE_CALL_PAGE (widget));
}

static void
clear_signature_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  saha_signature_pad_clear (SAHA_SERVICE_CALL_PAGE (widget)->signature_pad);
}

void
saha_service_call_page_set_store (SahaServiceCallPage *self,
                                  SahaStore           *store)
{
  g_return_if_fail (SAHA_IS_SERVICE_CALL_PAGE (self));
  g_set_object (&self->store, store);
  saha_record_picker_set_store (self->part_picker, store);
  saha_kb_call_panel_set_store (self->kb_panel, store);
}

const char *
saha_service_call_page_get_call_id (SahaServiceCallPage *self)
{
  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_PAGE (self), NULL);
  return self->call_id;
}

SahaSignaturePad *
saha_service_call_page_get_signature_pad (SahaServiceCallPage *self)
{
  g_return_val_if_fail (SAHA_IS_SERVICE_CALL_PAGE (self), NULL);
  return self->signature_pad;
}

GtkWidget *
saha_service_call_page_new (void)
{
  return g_object_new (SAHA_TYPE_SERVICE_CALL_PAGE, NULL);
}

static void
saha_service_call_page_finalize (GObject *object)
{
  SahaServiceCallPage *self = SAHA_SERVICE_CALL_PAGE (object);

  g_clear_pointer (&self->parts, g_ptr_array_unref);
  g_clear_pointer (&self->removed_parts, g_ptr_array_unref);
  g_clear_pointer (&self->call_id, g_free);
  g_clear_pointer (&self->customer_id, g_free);
  g_clear_pointer (&self->status, g_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_service_call_page_parent_class)->finalize (object);
}

static void
saha_service_call_page_class_init (SahaServiceCallPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = saha_service_call_page_finalize;

  gtk_widget_class_install_action (widget_class, "call.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "call.report", NULL, report_activated);
  gtk_widget_class_install_action (widget_class, "call.clear-signature", NULL,
                                   clear_signature_activated);

  g_type_ensure (SAHA_TYPE_KB_CALL_PANEL);
  g_type_ensure (SAHA_TYPE_RECORD_PICKER);
  g_type_ensure (SAHA_TYPE_SIGNATURE_PAD);
  saha_editor_page_class_set_template (widget_class,
                                       "/org/sahacrm/Saha/saha-service-call-page.ui",
                                       "call.back");
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, report_button);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, customer_row);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, call_button);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, navigate_button);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, product_row);
  gtk_widget_class_bind_template_callback (widget_class, on_open_uri_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_labour_changed);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, problem_view);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, priority_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, scheduled_row);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, technician_row);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, status_group);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, transitions_box);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, travel_row);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, started_row);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, resolved_row);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, closed_row);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, work_box);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, labour_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, labour_error);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, resolution_view);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, resolution_error);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, parts_list);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, part_picker);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, signature_pad);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, kb_panel);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, signed_by_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaServiceCallPage, signature_error);
  gtk_widget_class_bind_template_callback (widget_class, on_kb_linked);
  gtk_widget_class_bind_template_callback (widget_class, on_part_picked);
}

static void
saha_service_call_page_init (SahaServiceCallPage *self)
{
  g_autoptr(GtkStringList) priorities = saha_choice_list_new ("service_call", "priority", NULL);

  self->parts = g_ptr_array_new ();
  self->removed_parts = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->priority_dropdown), G_LIST_MODEL (priorities));
  update_for_status (self);
}
