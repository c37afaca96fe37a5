/* saha-visit-list-view.c: SahaVisitListView, the Visits page: visits newest first, page by
 * page, and the visit editor.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-visit-list-view.h"

struct _SahaVisitListView
{
  SahaPagedPage    parent_instance;

  SahaVisitEditor *editor;
};

G_DEFINE_FINAL_TYPE (SahaVisitListView, saha_visit_list_view, SAHA_TYPE_PAGED_PAGE)

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
  return saha_paged_page_get_loading (SAHA_PAGED_PAGE (self));
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
  return saha_paged_page_get_n_shown (SAHA_PAGED_PAGE (self));
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
  SAHA_PAGE_CLASS (saha_visit_list_view_parent_class)->store_set (page);
}

void
saha_visit_list_view_log_visit (SahaVisitListView *self,
                                const char        *customer_id)
{
  g_return_if_fail (SAHA_IS_VISIT_LIST_VIEW (self));

  saha_visit_editor_new_visit (self->editor, customer_id);
  saha_paged_page_show_editor (SAHA_PAGED_PAGE (self));
}

void
saha_visit_list_view_open_visit (SahaVisitListView *self,
                                 const char        *visit_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SAHA_IS_VISIT_LIST_VIEW (self));

  if (!saha_visit_editor_load_visit (self->editor, visit_id, &error))
    {
      saha_paged_page_show_error (SAHA_PAGED_PAGE (self), error->message);
      return;
    }
  saha_paged_page_show_editor (SAHA_PAGED_PAGE (self));
}

static void
open_activated_row (SahaPagedPage *page,
                    const char    *id)
{
  saha_visit_list_view_open_visit (SAHA_VISIT_LIST_VIEW (page), id);
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
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SahaPageClass *page_class = SAHA_PAGE_CLASS (klass);

  page_class->store_set = saha_visit_list_view_store_set;
  SAHA_PAGED_PAGE_CLASS (klass)->open = open_activated_row;
  /* The visits and their customers' names. */
  saha_page_class_set_entities (page_class, "visit", "customer", NULL);
  gtk_widget_class_install_action (widget_class, "visits.log", "s", visits_log_activated);
  gtk_widget_class_install_action (widget_class, "visits.open", "s", visits_open_activated);
  saha_paged_page_class_install_more_action (widget_class, "visits.more");
}

static void
saha_visit_list_view_init (SahaVisitListView *self)
{
  SahaPagedPage *page = SAHA_PAGED_PAGE (self);
  GtkBox *top = saha_paged_page_build (page, _("Visits"), &visit_list, "visits", "visits.more");
  GtkWidget *hint;

  gtk_box_append (top, saha_paged_page_get_summary_label (page));
  hint = gtk_label_new (_("Check in from a customer’s page with “Log Visit”."));
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (top, hint);

  self->editor = SAHA_VISIT_EDITOR (saha_visit_editor_new ());
  g_signal_connect_swapped (self->editor, "done", G_CALLBACK (saha_paged_page_show_list), self);
  saha_paged_page_set_editor (page, GTK_WIDGET (self->editor), "editor");
}
