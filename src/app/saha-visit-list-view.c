/* saha-visit-list-view.c: SahaVisitListView, the Visits page: visits newest first, page by
 * page, and the visit editor.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-store-reader.h"
#include "saha-visit-list-view.h"
#include "saha-window.h"

#define PAGE_SIZE 50

struct _SahaVisitListView
{
  GtkWidget        parent_instance;

  SahaStore       *store;
  gboolean         narrow;
  guint            n_shown;
  GCancellable    *read_cancellable;   /* the page read in flight */

  GtkWidget       *stack;
  GtkWidget       *summary_label;
  GtkListBox      *list;
  GtkWidget       *more_button;
  SahaVisitEditor *editor;
};

G_DEFINE_FINAL_TYPE (SahaVisitListView, saha_visit_list_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
purpose_label (const char *purpose)
{
  if (g_strcmp0 (purpose, "sales") == 0)
    return C_("visit purpose", "Sales visit");
  if (g_strcmp0 (purpose, "service") == 0)
    return C_("visit purpose", "Service visit");
  if (g_strcmp0 (purpose, "collection") == 0)
    return C_("visit purpose", "Collection visit");
  return C_("visit purpose", "Visit");
}

/* One page of visits read in the worker, with each visit's customer name. */
typedef struct
{
  GPtrArray *visits;
  GPtrArray *customers;   /* char *, NULL when unknown */
  guint      total;
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->visits, g_ptr_array_unref);
  g_clear_pointer (&page->customers, g_ptr_array_unref);
  g_free (page);
}

static gpointer
read_page (SahaStore     *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  SahaQuery query = {
    .order_by = "check_in_at",
    .descending = TRUE,
    .limit = PAGE_SIZE,
    .offset = GPOINTER_TO_UINT (data),
  };
  Page *page = g_new0 (Page, 1);

  page->visits = saha_store_list (store, "visit", &query, error);
  if (page->visits == NULL || !saha_store_count (store, "visit", &query, &page->total, error))
    {
      page_free (page);
      return NULL;
    }

  page->customers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < page->visits->len; i++)
    {
      g_autoptr(SahaRecord) customer =
        saha_store_get (store, "customer",
                        saha_record_get (g_ptr_array_index (page->visits, i), "customer"), NULL);

      g_ptr_array_add (page->customers,
                       customer != NULL ? g_strdup (saha_record_get (customer, "name")) : NULL);
    }

  return page;
}

static void
append_rows (SahaVisitListView *self,
             Page              *page)
{
  g_autofree char *summary = NULL;

  for (guint i = 0; i < page->visits->len; i++)
    {
      SahaRecord *visit = g_ptr_array_index (page->visits, i);
      const char *customer = g_ptr_array_index (page->customers, i);
      const char *in = saha_record_get (visit, "check_in_at");
      const char *outcome = saha_record_get (visit, "outcome");
      g_autoptr(GDateTime) utc = in != NULL ? g_date_time_new_from_iso8601 (in, NULL) : NULL;
      g_autofree char *when = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();

      if (utc != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (utc);

          when = g_date_time_format (local, "%x %H:%M");
        }
      subtitle = g_strdup_printf ("%s · %s%s%s", when != NULL ? when : "—",
                                  purpose_label (saha_record_get (visit, "purpose")),
                                  outcome != NULL ? " · " : "", outcome != NULL ? outcome : "");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     customer != NULL ? customer : "—");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      if (in != NULL && saha_record_get (visit, "check_out_at") == NULL)
        {
          GtkWidget *label = gtk_label_new (_("On site"));

          gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (label, "saha-status");
          gtk_widget_add_css_class (label, "accent");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "record-id",
                              g_strdup (saha_record_get_id (visit)), g_free);
      gtk_list_box_append (self->list, row);
    }

  self->n_shown += page->visits->len;
  summary = g_strdup_printf (ngettext ("%u visit", "%u visits", page->total), page->total);
  gtk_label_set_label (GTK_LABEL (self->summary_label), summary);
  gtk_widget_set_visible (self->more_button, self->n_shown < page->total);
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->n_shown > 0);
}

static void
page_read (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SahaVisitListView *self = SAHA_VISIT_LIST_VIEW (object);
  g_autoptr(GError) error = NULL;
  Page *page = saha_store_read_finish (result, &error);

  /* Superseded by a newer read (a reload): that one fills the list. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->read_cancellable);
  if (page == NULL)
    {
      gtk_label_set_label (GTK_LABEL (self->summary_label), error->message);
      return;
    }

  append_rows (self, page);
  page_free (page);
}

/* Reads the page after the rows shown in a worker thread, superseding a read in flight. */
static void
append_page (SahaVisitListView *self)
{
  saha_store_read_async (self, self->store, read_page, GUINT_TO_POINTER (self->n_shown), NULL,
                         (GDestroyNotify) page_free,
                         saha_store_read_restart (&self->read_cancellable),
                         page_read, NULL);
}

gboolean
saha_visit_list_view_get_loading (SahaVisitListView *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_LIST_VIEW (self), FALSE);
  return self->read_cancellable != NULL;
}

void
saha_visit_list_view_reload (SahaVisitListView *self)
{
  GtkWidget *child;

  g_return_if_fail (SAHA_IS_VISIT_LIST_VIEW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_shown = 0;
  if (self->store != NULL)
    append_page (self);
}

guint
saha_visit_list_view_get_n_shown (SahaVisitListView *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_LIST_VIEW (self), 0);
  return self->n_shown;
}

SahaVisitEditor *
saha_visit_list_view_get_editor (SahaVisitListView *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_LIST_VIEW (self), NULL);
  return self->editor;
}

void
saha_visit_list_view_set_store (SahaVisitListView *self,
                                SahaStore         *store)
{
  g_return_if_fail (SAHA_IS_VISIT_LIST_VIEW (self));

  g_set_object (&self->store, store);
  saha_visit_editor_set_store (self->editor, store);
  saha_visit_list_view_reload (self);
}

void
saha_visit_list_view_log_visit (SahaVisitListView *self,
                                const char        *customer_id)
{
  g_return_if_fail (SAHA_IS_VISIT_LIST_VIEW (self));

  saha_visit_editor_new_visit (self->editor, customer_id);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "editor");
}

void
saha_visit_list_view_open_visit (SahaVisitListView *self,
                                 const char        *visit_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SAHA_IS_VISIT_LIST_VIEW (self));

  if (!saha_visit_editor_load_visit (self->editor, visit_id, &error))
    {
      gtk_label_set_label (GTK_LABEL (self->summary_label), error->message);
      return;
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "editor");
}

static void
on_row_activated (SahaVisitListView *self,
                  GtkListBoxRow     *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "record-id");

  if (id != NULL)
    saha_visit_list_view_open_visit (self, id);
}

static void
on_editor_done (SahaVisitListView *self)
{
  saha_visit_list_view_reload (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
}

static void
more_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  append_page (SAHA_VISIT_LIST_VIEW (widget));
}

/* A write went to the replica: the window re-reads its counts and schedules a sync. */
static void
on_saved (SahaVisitListView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (SAHA_IS_WINDOW (root))
    saha_window_notify_local_change (SAHA_WINDOW (root));
}

static void
saha_visit_list_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SahaVisitListView *self = SAHA_VISIT_LIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_NARROW:
      if (self->narrow != g_value_get_boolean (value))
        {
          self->narrow = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_visit_list_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SahaVisitListView *self = SAHA_VISIT_LIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_visit_list_view_dispose (GObject *object)
{
  SahaVisitListView *self = SAHA_VISIT_LIST_VIEW (object);

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_visit_list_view_parent_class)->dispose (object);
}

static void
saha_visit_list_view_class_init (SahaVisitListViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = saha_visit_list_view_set_property;
  object_class->get_property = saha_visit_list_view_get_property;
  object_class->dispose = saha_visit_list_view_dispose;

  /* TRUE when the sidebar is folded away: the header offers a way back to it. */
  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "visits.more", NULL, more_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
saha_visit_list_view_init (SahaVisitListView *self)
{
  GtkWidget *page, *header, *back, *scrolled, *clamp, *box, *hint;

  self->stack = gtk_stack_new ();
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));

  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Visits"), NULL));
  back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_widget_set_tooltip_text (back, _("Back"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "win.show-sidebar");
  g_object_bind_property (self, "narrow", back, "visible", G_BINDING_SYNC_CREATE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  gtk_box_append (GTK_BOX (page), header);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (page), scrolled);
  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  gtk_widget_set_margin_top (clamp, 18);
  gtk_widget_set_margin_bottom (clamp, 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  self->summary_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->summary_label), 0);
  gtk_widget_add_css_class (self->summary_label, "heading");
  gtk_box_append (GTK_BOX (box), self->summary_label);
  hint = gtk_label_new (_("Check in from a customer’s page with “Log Visit”."));
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (GTK_BOX (box), hint);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->list), "visits");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  g_signal_connect_swapped (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->list));

  self->more_button = gtk_button_new_with_mnemonic (_("Show _More"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->more_button), "visits.more");
  gtk_widget_set_halign (self->more_button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->more_button, FALSE);
  gtk_box_append (GTK_BOX (box), self->more_button);

  gtk_stack_add_named (GTK_STACK (self->stack), page, "list");

  self->editor = SAHA_VISIT_EDITOR (saha_visit_editor_new ());
  g_signal_connect_swapped (self->editor, "done", G_CALLBACK (on_editor_done), self);
  g_signal_connect_swapped (self->editor, "saved", G_CALLBACK (on_saved), self);
  gtk_stack_add_named (GTK_STACK (self->stack), GTK_WIDGET (self->editor), "editor");
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
}
