/* saha-visit-list-view.c: SahaVisitListView, the Visits page: visits newest first, page by
 * page, and the visit editor.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-paged-list.h"
#include "saha-visit-list-view.h"

struct _SahaVisitListView
{
  SahaPage         parent_instance;

  SahaPagedList   *paged;

  GtkWidget       *stack;
  GtkWidget       *summary_label;
  SahaVisitEditor *editor;
};

G_DEFINE_FINAL_TYPE (SahaVisitListView, saha_visit_list_view, SAHA_TYPE_PAGE)

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

static GtkWidget *
visit_row (SahaRecord *visit,
           const char *customer,
           const char *detail)
{
  const char *in = saha_record_get (visit, "check_in_at");
  const char *outcome = saha_record_get (visit, "outcome");
  g_autoptr(GDateTime) utc = in != NULL ? g_date_time_new_from_iso8601 (in, NULL) : NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (utc != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);

      when = saha_format_date_time (local, saha_format_style_default ());
    }
  subtitle = g_strdup_printf ("%s · %s%s%s", when != NULL ? when : "—",
                              purpose_label (saha_record_get (visit, "purpose")),
                              outcome != NULL ? " · " : "", outcome != NULL ? outcome : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), customer != NULL ? customer : "—");
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
  return row;
}

static char *
visit_summary (guint total)
{
  return g_strdup_printf (ngettext ("%u visit", "%u visits", total), total);
}

static const SahaPagedListSpec visit_list = {
  .table = "visit",
  .order_by = "check_in_at",
  .build_row = visit_row,
  .summary = visit_summary,
};

gboolean
saha_visit_list_view_get_loading (SahaVisitListView *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_LIST_VIEW (self), FALSE);
  return saha_paged_list_get_loading (self->paged);
}

static void
saha_visit_list_view_reload_page (SahaPage *page)
{
  saha_paged_list_reload (SAHA_VISIT_LIST_VIEW (page)->paged);
}

void
saha_visit_list_view_reload (SahaVisitListView *self)
{
  g_return_if_fail (SAHA_IS_VISIT_LIST_VIEW (self));
  saha_page_reload (SAHA_PAGE (self));
}

guint
saha_visit_list_view_get_n_shown (SahaVisitListView *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_LIST_VIEW (self), 0);
  return saha_paged_list_get_n_shown (self->paged);
}

SahaVisitEditor *
saha_visit_list_view_get_editor (SahaVisitListView *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_LIST_VIEW (self), NULL);
  return self->editor;
}

static void
saha_visit_list_view_store_set (SahaPage *page)
{
  SahaVisitListView *self = SAHA_VISIT_LIST_VIEW (page);
  SahaStore *store = saha_page_get_store (page);

  saha_visit_editor_set_store (self->editor, store);
  saha_paged_list_set_store (self->paged, store);
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
  saha_paged_list_append_page (SAHA_VISIT_LIST_VIEW (widget)->paged);
}

static void
saha_visit_list_view_dispose (GObject *object)
{
  SahaVisitListView *self = SAHA_VISIT_LIST_VIEW (object);

  if (self->paged != NULL)
    saha_paged_list_cancel (self->paged);
  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_object (&self->paged);

  G_OBJECT_CLASS (saha_visit_list_view_parent_class)->dispose (object);
}

/* A visit to the customer of the parameter: what the window's "win." actions of other pages open here. */
static void
visits_log_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  const char *arg = g_variant_get_string (parameter, NULL);

  saha_visit_list_view_log_visit (SAHA_VISIT_LIST_VIEW (widget), arg);
}

/* The visit of the parameter: what the window's "win." actions of other pages open here. */
static void
visits_open_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  const char *arg = g_variant_get_string (parameter, NULL);

  saha_visit_list_view_open_visit (SAHA_VISIT_LIST_VIEW (widget), arg);
}

static void
saha_visit_list_view_class_init (SahaVisitListViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SahaPageClass *page_class = SAHA_PAGE_CLASS (klass);

  object_class->dispose = saha_visit_list_view_dispose;
  page_class->store_set = saha_visit_list_view_store_set;
  page_class->reload = saha_visit_list_view_reload_page;
  /* The visits and their customers' names. */
  saha_page_class_set_entities (page_class, "visit", "customer", NULL);
  gtk_widget_class_install_action (widget_class, "visits.log", "s", visits_log_activated);
  gtk_widget_class_install_action (widget_class, "visits.open", "s", visits_open_activated);

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

  self->paged = saha_paged_list_new (&visit_list, self->summary_label, NULL,
                                     "visits", "visits.more");
  g_signal_connect_swapped (saha_paged_list_get_list (self->paged), "row-activated",
                            G_CALLBACK (on_row_activated), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (saha_paged_list_get_list (self->paged)));
  gtk_box_append (GTK_BOX (box), saha_paged_list_get_more_button (self->paged));

  gtk_stack_add_named (GTK_STACK (self->stack), page, "list");

  self->editor = SAHA_VISIT_EDITOR (saha_visit_editor_new ());
  g_signal_connect_swapped (self->editor, "done", G_CALLBACK (on_editor_done), self);
  gtk_stack_add_named (GTK_STACK (self->stack), GTK_WIDGET (self->editor), "editor");
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "list");
}
