/* saha-kb-page.c: SahaKbPage, searching, reading and (office) writing knowledge base articles.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-kb-article-row.h"
#include "saha-kb-page.h"
#include "saha-list-box.h"
#include "saha-store-kb.h"

struct _SahaKbPage
{
  SahaPage        parent_instance;

  SahaStore      *store;
  GCancellable   *cancellable;

  GtkSearchEntry *search_entry;
  GtkListBox     *results_list;
  GtkWidget      *write_group;
  AdwEntryRow    *title_row;
  AdwEntryRow    *tags_row;
  GtkTextView    *body_view;
  GtkLabel       *write_error;
};

G_DEFINE_FINAL_TYPE (SahaKbPage, saha_kb_page, SAHA_TYPE_PAGE)

typedef struct
{
  char      *path;
  char      *text;
  GPtrArray *matches;   /* SahaKbMatch* */
} Search;

static void
search_free (Search *search)
{
  g_free (search->path);
  g_free (search->text);
  g_clear_pointer (&search->matches, g_ptr_array_unref);
  g_free (search);
}

/* Every article's solved count is a count over the service calls: a worker thread. */
static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Search *search = task_data;
  g_autoptr(SahaStore) store = NULL;
  GError *error = NULL;

  store = saha_store_open (search->path, &error);
  if (store != NULL)
    search->matches = saha_store_kb_search (store, search->text, SAHA_KB_SEARCH_LIMIT, &error);
  if (search->matches == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SahaKbPage *self = SAHA_KB_PAGE (source);
  Search *search = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  saha_list_box_remove_all (self->results_list);
  saha_page_set_loading (SAHA_PAGE (self), FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Cannot search the knowledge base: %s", error->message);
      return;
    }

  for (guint i = 0; i < search->matches->len; i++)
    {
      SahaKbMatch *match = g_ptr_array_index (search->matches, i);
      GtkWidget *row = saha_kb_article_row_new (match, TRUE);

      gtk_list_box_append (self->results_list, row);
    }

  if (search->matches->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No articles found"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->results_list, row);
    }
}

static void
saha_kb_page_reload_page (SahaPage *page)
{
  SahaKbPage *self = SAHA_KB_PAGE (page);
  g_autoptr(GTask) task = NULL;
  Search *search;

  if (self->store == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  search = g_new0 (Search, 1);
  search->path = g_strdup (saha_store_get_path (self->store));
  search->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  saha_page_set_loading (SAHA_PAGE (self), TRUE);
  task = g_task_new (self, self->cancellable, search_done, NULL);
  g_task_set_task_data (task, search, (GDestroyNotify) search_free);
  g_task_run_in_thread (task, search_thread);
}

void
saha_kb_page_reload (SahaKbPage *self)
{
  g_return_if_fail (SAHA_IS_KB_PAGE (self));
  saha_page_reload (SAHA_PAGE (self));
}

static void
on_publish_clicked (SahaKbPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;
  g_autofree char *body = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  SahaFieldInput inputs[3];

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  inputs[0] = (SahaFieldInput) { "title", gtk_editable_get_text (GTK_EDITABLE (self->title_row)) };
  inputs[1] = (SahaFieldInput) { "tags", gtk_editable_get_text (GTK_EDITABLE (self->tags_row)) };
  inputs[2] = (SahaFieldInput) { "body", body };

  id = saha_store_create (self->store, "kb_article", inputs, G_N_ELEMENTS (inputs), &error);
  if (id == NULL)
    {
      gtk_label_set_label (self->write_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->write_error), TRUE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->write_error), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), "");
  gtk_text_buffer_set_text (buffer, "", -1);
  saha_kb_page_reload (self);
}

static void
saha_kb_page_store_set (SahaPage *page)
{
  SahaKbPage *self = SAHA_KB_PAGE (page);
  SahaStore *store = saha_page_get_store (page);
  g_autofree char *role = NULL;

  g_set_object (&self->store, store);
  if (store == NULL)
    return;
  /* Articles are written by the office; the server refuses anyone else's. */
  role = saha_store_get_setting (store, "user_role");
  gtk_widget_set_visible (self->write_group,
                          g_strcmp0 (role, "office") == 0 || g_strcmp0 (role, "admin") == 0);
}

static void
saha_kb_page_dispose (GObject *object)
{
  SahaKbPage *self = SAHA_KB_PAGE (object);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SAHA_TYPE_KB_PAGE);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_kb_page_parent_class)->dispose (object);
}

static void
saha_kb_page_class_init (SahaKbPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SahaPageClass *page_class = SAHA_PAGE_CLASS (klass);

  object_class->dispose = saha_kb_page_dispose;
  page_class->store_set = saha_kb_page_store_set;
  page_class->reload = saha_kb_page_reload_page;
  /* The articles alone. */
  saha_page_class_set_entities (page_class, "kb_article", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/sahacrm/Saha/saha-kb-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaKbPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaKbPage, results_list);
  gtk_widget_class_bind_template_child (widget_class, SahaKbPage, write_group);
  gtk_widget_class_bind_template_child (widget_class, SahaKbPage, title_row);
  gtk_widget_class_bind_template_child (widget_class, SahaKbPage, tags_row);
  gtk_widget_class_bind_template_child (widget_class, SahaKbPage, body_view);
  gtk_widget_class_bind_template_child (widget_class, SahaKbPage, write_error);
  gtk_widget_class_bind_template_callback (widget_class, saha_kb_page_reload);
  gtk_widget_class_bind_template_callback (widget_class, on_publish_clicked);
}

static void
saha_kb_page_init (SahaKbPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
