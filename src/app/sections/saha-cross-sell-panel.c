/* saha-cross-sell-panel.c: SahaCrossSellPanel, products to offer in the order being entered.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-cross-sell-panel.h"
#include "saha-list-box.h"
#include "saha-store-analytics.h"

/*
 * saha_store_suggest_products() reads the replica's whole order history (a median of
 * 18 ms, a p95 of 32 ms over 100,000 lines, docs/crm.md): too long for the main loop
 * while someone types quantities, so a worker thread with its own connection runs it.
 * The connection is opened once and kept; one query runs at a time and an update made
 * while one runs is queued as the next, so the panel never shows a stale order's list.
 */
struct _SahaCrossSellPanel
{
  GtkWidget    parent_instance;

  SahaStore   *store;
  SahaStore   *worker_store;   /* used by one worker thread at a time */
  char        *customer_id;
  GStrv        product_ids;
  guint        idle_id;
  gboolean     running;
  gboolean     again;          /* an update came while a query ran */
  guint        generation;

  GtkWidget   *group;
  GtkListBox  *list;
};

G_DEFINE_FINAL_TYPE (SahaCrossSellPanel, saha_cross_sell_panel, GTK_TYPE_WIDGET)

enum {
  PRODUCT_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  SahaStore *store;          /* borrowed from the panel, which is kept alive by the task */
  char      *path;
  char      *customer_id;
  GStrv      product_ids;
  guint      generation;
  GPtrArray *suggestions;
} Query;

static void
query_free (Query *query)
{
  g_free (query->path);
  g_free (query->customer_id);
  g_strfreev (query->product_ids);
  g_clear_pointer (&query->suggestions, g_ptr_array_unref);
  g_free (query);
}

static void
suggest_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SahaCrossSellPanel *self = source_object;
  Query *query = task_data;
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (self->worker_store == NULL)
    self->worker_store = saha_store_open (query->path, &error);
  if (self->worker_store == NULL
      || !saha_store_suggest_products (self->worker_store, query->customer_id,
                                       (const char * const *) query->product_ids,
                                       g_strv_length (query->product_ids), SAHA_CROSS_SELL_LIMIT,
                                       NULL, &query->suggestions, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_debug ("Suggested %u products in %.1f ms", query->suggestions->len,
           (g_get_monotonic_time () - start) / 1000.0);
  g_task_return_boolean (task, TRUE);
}

static void
on_add_clicked (GtkButton          *button,
                SahaCrossSellPanel *self)
{
  g_signal_emit (self, signals[PRODUCT_CHOSEN], 0,
                 g_object_get_data (G_OBJECT (button), "product-id"));
}

static void start_query (SahaCrossSellPanel *self);

static void
suggest_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SahaCrossSellPanel *self = SAHA_CROSS_SELL_PANEL (source);
  Query *query = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  if (self->again)
    {
      self->again = FALSE;
      start_query (self);
      return;
    }

  saha_list_box_remove_all (self->list);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Cannot suggest products: %s", error->message);
      gtk_widget_set_visible (self->group, FALSE);
      return;
    }

  for (guint i = 0; i < query->suggestions->len; i++)
    {
      SahaSuggestion *suggestion = g_ptr_array_index (query->suggestions, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
      g_autofree char *title = g_strdup_printf ("%s · %s", suggestion->sku, suggestion->name);
      g_autofree char *why = NULL;

      if (suggestion->reason == SAHA_SUGGESTION_BOUGHT_TOGETHER)
        why = g_strdup_printf (ngettext ("Bought together in %u order",
                                         "Bought together in %u orders", suggestion->score),
                               suggestion->score);
      else
        why = g_strdup_printf (ngettext ("Bought by %u customer like this one",
                                         "Bought by %u customers like this one",
                                         suggestion->score),
                               suggestion->score);

      gtk_widget_set_name (row, "suggestion");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), why);
      gtk_widget_set_name (add, "add-suggestion");
      gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (add, _("Add to the order"));
      gtk_widget_add_css_class (add, "flat");
      g_object_set_data_full (G_OBJECT (add), "product-id", g_strdup (suggestion->product_id),
                              g_free);
      g_signal_connect_object (add, "clicked", G_CALLBACK (on_add_clicked), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), add);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), add);
      gtk_list_box_append (self->list, row);
    }
  gtk_widget_set_visible (self->group, query->suggestions->len > 0);
}

static void
start_query (SahaCrossSellPanel *self)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  if (self->store == NULL || self->customer_id == NULL)
    {
      saha_list_box_remove_all (self->list);
      gtk_widget_set_visible (self->group, FALSE);
      return;
    }
  if (self->running)
    {
      self->again = TRUE;
      return;
    }

  query = g_new0 (Query, 1);
  query->path = g_strdup (saha_store_get_path (self->store));
  query->customer_id = g_strdup (self->customer_id);
  query->product_ids = g_strdupv (self->product_ids != NULL ? self->product_ids
                                                            : (GStrv) (const char *[]) { NULL });
  self->running = TRUE;
  task = g_task_new (self, NULL, suggest_done, NULL);
  g_task_set_task_data (task, query, (GDestroyNotify) query_free);
  g_task_run_in_thread (task, suggest_thread);
}

static gboolean
on_idle_update (gpointer data)
{
  SahaCrossSellPanel *self = data;

  self->idle_id = 0;
  start_query (self);
  return G_SOURCE_REMOVE;
}

void
saha_cross_sell_panel_update (SahaCrossSellPanel *self,
                              const char         *customer_id,
                              const char * const *product_ids,
                              guint               n_products)
{
  g_return_if_fail (SAHA_IS_CROSS_SELL_PANEL (self));

  g_free (self->customer_id);
  self->customer_id = g_strdup (customer_id);
  g_strfreev (self->product_ids);
  self->product_ids = g_new0 (char *, n_products + 1);
  for (guint i = 0; i < n_products; i++)
    self->product_ids[i] = g_strdup (product_ids[i]);

  /* Loading an order adds its lines one by one: one query for all of them. */
  if (self->idle_id == 0)
    self->idle_id = g_idle_add (on_idle_update, self);
}

gboolean
saha_cross_sell_panel_get_loading (SahaCrossSellPanel *self)
{
  g_return_val_if_fail (SAHA_IS_CROSS_SELL_PANEL (self), FALSE);
  return self->running || self->idle_id != 0;
}

void
saha_cross_sell_panel_set_store (SahaCrossSellPanel *self,
                                 SahaStore          *store)
{
  g_return_if_fail (SAHA_IS_CROSS_SELL_PANEL (self));

  g_set_object (&self->store, store);
}

GtkWidget *
saha_cross_sell_panel_new (void)
{
  return g_object_new (SAHA_TYPE_CROSS_SELL_PANEL, NULL);
}

static void
saha_cross_sell_panel_dispose (GObject *object)
{
  SahaCrossSellPanel *self = SAHA_CROSS_SELL_PANEL (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), SAHA_TYPE_CROSS_SELL_PANEL);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_cross_sell_panel_parent_class)->dispose (object);
}

static void
saha_cross_sell_panel_finalize (GObject *object)
{
  SahaCrossSellPanel *self = SAHA_CROSS_SELL_PANEL (object);

  /* A running task holds a reference, so no worker uses the connection now. */
  g_clear_object (&self->worker_store);
  g_free (self->customer_id);
  g_strfreev (self->product_ids);

  G_OBJECT_CLASS (saha_cross_sell_panel_parent_class)->finalize (object);
}

static void
saha_cross_sell_panel_class_init (SahaCrossSellPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = saha_cross_sell_panel_dispose;
  object_class->finalize = saha_cross_sell_panel_finalize;

  /* The person clicked a suggestion's add button: the editor adds a line. */
  signals[PRODUCT_CHOSEN] =
    g_signal_new ("product-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-cross-sell-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaCrossSellPanel, group);
  gtk_widget_class_bind_template_child (widget_class, SahaCrossSellPanel, list);
}

static void
saha_cross_sell_panel_init (SahaCrossSellPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (self->group, FALSE);
}
