/* saha-kb-call-panel.c: SahaKbCallPanel, the knowledge base articles for one service call.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-kb-article-row.h"
#include "saha-kb-call-panel.h"
#include "saha-list-box.h"
#include "saha-store-kb.h"

struct _SahaKbCallPanel
{
  GtkWidget     parent_instance;

  SahaStore    *store;
  char         *call_id;
  GCancellable *cancellable;
  gboolean      loading;

  GtkWidget    *group;
  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (SahaKbCallPanel, saha_kb_call_panel, GTK_TYPE_WIDGET)

enum {
  LINKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char      *path;
  char      *call_id;
  char      *linked_id;   /* the call's kb_article now */
  GPtrArray *matches;     /* SahaKbMatch* */
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_free (lookup->path);
  g_free (lookup->call_id);
  g_free (lookup->linked_id);
  g_clear_pointer (&lookup->matches, g_ptr_array_unref);
  g_free (lookup);
}

/* Matching a problem's words against every article is a full-text query per word: a
 * worker thread with its own connection runs it. */
static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Lookup *lookup = task_data;
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(SahaRecord) call = NULL;
  GError *error = NULL;

  store = saha_store_open (lookup->path, &error);
  if (store != NULL)
    call = saha_store_get (store, "service_call", lookup->call_id, &error);
  if (call != NULL)
    lookup->matches = saha_store_kb_for_call (store, lookup->call_id, SAHA_KB_CALL_LIMIT, &error);
  if (lookup->matches == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  lookup->linked_id = g_strdup (saha_record_get (call, "kb_article"));
  /* The linked article stays in view even when the problem's words no longer match it. */
  if (lookup->linked_id != NULL)
    {
      gboolean listed = FALSE;

      for (guint i = 0; i < lookup->matches->len; i++)
        listed |= g_strcmp0 (saha_record_get_id (((SahaKbMatch *) g_ptr_array_index (lookup->matches, i))->record),
                             lookup->linked_id) == 0;
      if (!listed)
        {
          SahaKbMatch *match = g_new0 (SahaKbMatch, 1);

          match->record = saha_store_get (store, "kb_article", lookup->linked_id, NULL);
          if (match->record != NULL
              && saha_store_kb_solved_count (store, lookup->linked_id, &match->solved_count, NULL))
            g_ptr_array_insert (lookup->matches, 0, match);
          else
            saha_kb_match_free (match);
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
on_solved_clicked (GtkButton       *button,
                   SahaKbCallPanel *self)
{
  g_autoptr(GError) error = NULL;

  if (!saha_kb_call_panel_link (self, g_object_get_data (G_OBJECT (button), "article-id"),
                                &error))
    g_warning ("Cannot link the article: %s", error->message);
}

static void
lookup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SahaKbCallPanel *self = SAHA_KB_CALL_PANEL (source);
  Lookup *lookup = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  self->loading = FALSE;
  saha_list_box_remove_all (self->list);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* A call the worker's connection does not hold (yet, or any more: the page moved on
       * to another call or the record was just removed) simply has no articles to show. */
      if (g_error_matches (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND))
        g_debug ("No articles for the call: %s", error->message);
      else
        g_warning ("Cannot find articles for the call: %s", error->message);
      gtk_widget_set_visible (self->group, FALSE);
      return;
    }

  for (guint i = 0; i < lookup->matches->len; i++)
    {
      SahaKbMatch *match = g_ptr_array_index (lookup->matches, i);
      const char *id = saha_record_get_id (match->record);
      gboolean linked = g_strcmp0 (id, lookup->linked_id) == 0;
      GtkWidget *row = saha_kb_article_row_new (match, FALSE);
      GtkWidget *solved;

      if (linked)
        {
          solved = gtk_label_new (_("Solved this call"));
          gtk_widget_add_css_class (solved, "success");
          gtk_widget_add_css_class (solved, "saha-status");
        }
      else
        {
          solved = gtk_button_new_with_mnemonic (_("_Solved It"));
          gtk_widget_set_tooltip_text (solved, _("This article solved the call"));
          g_object_set_data_full (G_OBJECT (solved), "article-id", g_strdup (id), g_free);
          g_signal_connect_object (solved, "clicked", G_CALLBACK (on_solved_clicked), self, 0);
        }
      gtk_widget_set_name (solved, "kb-solved");
      gtk_widget_set_valign (solved, GTK_ALIGN_CENTER);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), solved);
      gtk_list_box_append (self->list, row);
    }
  gtk_widget_set_visible (self->group, lookup->matches->len > 0);
}

static void
start_lookup (SahaKbCallPanel *self)
{
  g_autoptr(GTask) task = NULL;
  Lookup *lookup;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->loading = FALSE;
  if (self->store == NULL || self->call_id == NULL)
    {
      saha_list_box_remove_all (self->list);
      gtk_widget_set_visible (self->group, FALSE);
      return;
    }

  lookup = g_new0 (Lookup, 1);
  lookup->path = g_strdup (saha_store_get_path (self->store));
  lookup->call_id = g_strdup (self->call_id);
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  task = g_task_new (self, self->cancellable, lookup_done, NULL);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  g_task_run_in_thread (task, lookup_thread);
}

void
saha_kb_call_panel_set_call (SahaKbCallPanel *self,
                             const char      *call_id)
{
  g_return_if_fail (SAHA_IS_KB_CALL_PANEL (self));

  g_free (self->call_id);
  self->call_id = g_strdup (call_id);
  start_lookup (self);
}

gboolean
saha_kb_call_panel_link (SahaKbCallPanel  *self,
                         const char       *article_id,
                         GError          **error)
{
  SahaFieldInput inputs[] = { { "kb_article", article_id } };

  g_return_val_if_fail (SAHA_IS_KB_CALL_PANEL (self), FALSE);
  g_return_val_if_fail (self->call_id != NULL, FALSE);

  /* Only the link is written: the call page's own fields are saved by the page. */
  if (!saha_store_update (self->store, "service_call", self->call_id, inputs, 1, error))
    return FALSE;

  g_signal_emit (self, signals[LINKED], 0);
  start_lookup (self);
  return TRUE;
}

gboolean
saha_kb_call_panel_get_loading (SahaKbCallPanel *self)
{
  g_return_val_if_fail (SAHA_IS_KB_CALL_PANEL (self), FALSE);
  return self->loading;
}

void
saha_kb_call_panel_set_store (SahaKbCallPanel *self,
                              SahaStore       *store)
{
  g_return_if_fail (SAHA_IS_KB_CALL_PANEL (self));
  g_set_object (&self->store, store);
}

GtkWidget *
saha_kb_call_panel_new (void)
{
  return g_object_new (SAHA_TYPE_KB_CALL_PANEL, NULL);
}

static void
saha_kb_call_panel_dispose (GObject *object)
{
  SahaKbCallPanel *self = SAHA_KB_CALL_PANEL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SAHA_TYPE_KB_CALL_PANEL);
  g_clear_object (&self->store);
  g_clear_pointer (&self->call_id, g_free);

  G_OBJECT_CLASS (saha_kb_call_panel_parent_class)->dispose (object);
}

static void
saha_kb_call_panel_class_init (SahaKbCallPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = saha_kb_call_panel_dispose;

  /* The call now references an article: the window re-reads counts and syncs. */
  signals[LINKED] = g_signal_new ("linked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-kb-call-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaKbCallPanel, group);
  gtk_widget_class_bind_template_child (widget_class, SahaKbCallPanel, list);
}

static void
saha_kb_call_panel_init (SahaKbCallPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (self->group, FALSE);
}
