/* saha-paged-page.c: SahaPagedPage, the base of a sidebar page that lists one table's
 * records page by page and opens one of them in an editor beside the list.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-paged-page.h"

typedef struct
{
  SahaPagedList *paged;

  GtkWidget     *stack;
  GtkWidget     *summary_label;
  char          *editor_name;
} SahaPagedPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SahaPagedPage, saha_paged_page, SAHA_TYPE_PAGE)

gboolean
saha_paged_page_get_loading (SahaPagedPage *self)
{
  SahaPagedPagePrivate *priv = saha_paged_page_get_instance_private (self);

  g_return_val_if_fail (SAHA_IS_PAGED_PAGE (self), FALSE);
  return saha_paged_list_get_loading (priv->paged);
}

guint
saha_paged_page_get_n_shown (SahaPagedPage *self)
{
  SahaPagedPagePrivate *priv = saha_paged_page_get_instance_private (self);

  g_return_val_if_fail (SAHA_IS_PAGED_PAGE (self), 0);
  return saha_paged_list_get_n_shown (priv->paged);
}

SahaPagedList *
saha_paged_page_get_paged (SahaPagedPage *self)
{
  SahaPagedPagePrivate *priv = saha_paged_page_get_instance_private (self);

  return priv->paged;
}

GtkWidget *
saha_paged_page_get_summary_label (SahaPagedPage *self)
{
  SahaPagedPagePrivate *priv = saha_paged_page_get_instance_private (self);

  return priv->summary_label;
}

void
saha_paged_page_show_error (SahaPagedPage *self,
                            const char    *message)
{
  SahaPagedPagePrivate *priv = saha_paged_page_get_instance_private (self);

  gtk_label_set_label (GTK_LABEL (priv->summary_label), message);
}

void
saha_paged_page_show_editor (SahaPagedPage *self)
{
  SahaPagedPagePrivate *priv = saha_paged_page_get_instance_private (self);

  gtk_stack_set_visible_child_name (GTK_STACK (priv->stack), priv->editor_name);
}

void
saha_paged_page_show_list (SahaPagedPage *self)
{
  SahaPagedPagePrivate *priv = saha_paged_page_get_instance_private (self);

  saha_page_reload (SAHA_PAGE (self));
  gtk_stack_set_visible_child_name (GTK_STACK (priv->stack), "list");
}

static void
saha_paged_page_reload (SahaPage *page)
{
  SahaPagedPagePrivate *priv = saha_paged_page_get_instance_private (SAHA_PAGED_PAGE (page));

  saha_paged_list_reload (priv->paged);
}

static void
saha_paged_page_store_set (SahaPage *page)
{
  SahaPagedPagePrivate *priv = saha_paged_page_get_instance_private (SAHA_PAGED_PAGE (page));

  saha_paged_list_set_store (priv->paged, saha_page_get_store (page));
}

static void
on_row_activated (SahaPagedPage *self,
                  GtkListBoxRow *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "record-id");

  if (id != NULL)
    SAHA_PAGED_PAGE_GET_CLASS (self)->open (self, id);
}

static void
more_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SahaPagedPagePrivate *priv = saha_paged_page_get_instance_private (SAHA_PAGED_PAGE (widget));

  saha_paged_list_append_page (priv->paged);
}

void
saha_paged_page_class_install_more_action (GtkWidgetClass *widget_class,
                                           const char     *more_action)
{
  gtk_widget_class_install_action (widget_class, more_action, NULL, more_activated);
}

GtkBox *
saha_paged_page_build (SahaPagedPage           *self,
                       const char              *title,
                       const SahaPagedListSpec *spec,
                       const char              *list_name,
                       const char              *more_action)
{
  SahaPagedPagePrivate *priv = saha_paged_page_get_instance_private (self);
  GtkWidget *page, *header, *back, *scrolled, *clamp, *box, *top;

  page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, NULL));
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
  /* The subclass's lines above the list, spaced as the list is from them. */
  top = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (box), top);

  priv->summary_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (priv->summary_label), 0);
  gtk_widget_add_css_class (priv->summary_label, "heading");

  priv->paged = saha_paged_list_new (spec, priv->summary_label, NULL, list_name, more_action);
  g_signal_connect_swapped (saha_paged_list_get_list (priv->paged), "row-activated",
                            G_CALLBACK (on_row_activated), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (saha_paged_list_get_list (priv->paged)));
  gtk_box_append (GTK_BOX (box), saha_paged_list_get_more_button (priv->paged));

  gtk_stack_add_named (GTK_STACK (priv->stack), page, "list");
  gtk_stack_set_visible_child_name (GTK_STACK (priv->stack), "list");
  return GTK_BOX (top);
}

void
saha_paged_page_set_editor (SahaPagedPage *self,
                            GtkWidget     *editor,
                            const char    *editor_name)
{
  SahaPagedPagePrivate *priv = saha_paged_page_get_instance_private (self);

  g_free (priv->editor_name);
  priv->editor_name = g_strdup (editor_name);
  gtk_stack_add_named (GTK_STACK (priv->stack), editor, editor_name);
}

static void
saha_paged_page_dispose (GObject *object)
{
  SahaPagedPagePrivate *priv =
    saha_paged_page_get_instance_private (SAHA_PAGED_PAGE (object));

  if (priv->paged != NULL)
    saha_paged_list_cancel (priv->paged);
  g_clear_pointer (&priv->stack, gtk_widget_unparent);
  g_clear_object (&priv->paged);

  G_OBJECT_CLASS (saha_paged_page_parent_class)->dispose (object);
}

static void
saha_paged_page_finalize (GObject *object)
{
  SahaPagedPagePrivate *priv =
    saha_paged_page_get_instance_private (SAHA_PAGED_PAGE (object));

  g_free (priv->editor_name);

  G_OBJECT_CLASS (saha_paged_page_parent_class)->finalize (object);
}

static void
saha_paged_page_class_init (SahaPagedPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SahaPageClass *page_class = SAHA_PAGE_CLASS (klass);

  object_class->dispose = saha_paged_page_dispose;
  object_class->finalize = saha_paged_page_finalize;
  page_class->store_set = saha_paged_page_store_set;
  page_class->reload = saha_paged_page_reload;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
saha_paged_page_init (SahaPagedPage *self)
{
  SahaPagedPagePrivate *priv = saha_paged_page_get_instance_private (self);

  priv->stack = gtk_stack_new ();
  gtk_widget_set_parent (priv->stack, GTK_WIDGET (self));
}
