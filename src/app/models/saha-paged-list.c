/* saha-paged-list.c: SahaPagedList, records of one table read page by page in a worker
 * thread into a GtkListBox with a "Show More" button.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-choice-list.h"
#include "saha-list-box.h"
#include "saha-paged-list.h"
#include "saha-store-reader.h"

/* A page at a time, newest first: a rep's replica holds hundreds of orders or visits. */
#define PAGE_SIZE 50

/*
 * The widgets are the owner's, held without a reference: the owner cancels the read in
 * its dispose (saha_paged_list_cancel()), and a cancelled read never reaches them.
 */
struct _SahaPagedList
{
  GObject                  parent_instance;

  const SahaPagedListSpec *spec;
  SahaStore               *store;
  guint                    n_shown;
  const char              *status_filter;      /* static, from status_values */
  char                    *search;             /* as typed; NULL: no search */
  const char * const      *status_values;      /* the schema's; item 0 is "all" */
  guint                    n_status_values;
  GCancellable            *read_cancellable;   /* the page read in flight */

  GtkListBox              *list;
  GtkWidget               *more_button;
  GtkWidget               *summary_label;
  GtkWidget               *empty_page;
  GtkDropDown             *status_dropdown;
};

G_DEFINE_FINAL_TYPE (SahaPagedList, saha_paged_list, G_TYPE_OBJECT)

typedef struct
{
  const SahaPagedListSpec *spec;
  const char              *status;   /* static */
  char                    *search;
  guint                    offset;
} PageQuery;

static void
page_query_free (PageQuery *query)
{
  g_free (query->search);
  g_free (query);
}

/* One page as read in the worker: the records, and per record its customer's name and
 * its detail, which take further reads. */
typedef struct
{
  GPtrArray *records;
  GPtrArray *customers;   /* char *, NULL when unknown */
  GPtrArray *details;     /* char *, or NULL without a detail function */
  guint      total;
} Page;

static void
page_free (Page *page)
{
  g_clear_pointer (&page->records, g_ptr_array_unref);
  g_clear_pointer (&page->customers, g_ptr_array_unref);
  g_clear_pointer (&page->details, g_ptr_array_unref);
  g_free (page);
}

static gpointer
read_page (SahaStore     *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  PageQuery *page_query = data;
  const SahaPagedListSpec *spec = page_query->spec;
  SahaFieldInput where[] = { { "status", page_query->status } };
  SahaQuery query = {
    .where = where,
    .n_where = page_query->status != NULL ? 1 : 0,
    .search = page_query->search,
    .order_by = spec->order_by,
    .descending = TRUE,
    .limit = PAGE_SIZE,
    .offset = page_query->offset,
  };
  Page *page = g_new0 (Page, 1);

  page->records = saha_store_list (store, spec->table, &query, error);
  if (page->records == NULL
      || !saha_store_count (store, spec->table, &query, &page->total, error))
    {
      page_free (page);
      return NULL;
    }

  page->customers = g_ptr_array_new_with_free_func (g_free);
  if (spec->detail != NULL)
    page->details = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < page->records->len; i++)
    {
      SahaRecord *record = g_ptr_array_index (page->records, i);
      g_autoptr(SahaRecord) customer = saha_store_get (store, "customer",
                                                       saha_record_get (record, "customer"),
                                                       NULL);

      g_ptr_array_add (page->customers,
                       customer != NULL ? g_strdup (saha_record_get (customer, "name")) : NULL);
      if (page->details != NULL)
        g_ptr_array_add (page->details, spec->detail (store, record));
    }

  return page;
}

static void
append_rows (SahaPagedList *self,
             Page          *page)
{
  g_autofree char *summary = NULL;

  for (guint i = 0; i < page->records->len; i++)
    gtk_list_box_append (self->list,
                         self->spec->build_row (g_ptr_array_index (page->records, i),
                                                g_ptr_array_index (page->customers, i),
                                                page->details != NULL
                                                ? g_ptr_array_index (page->details, i)
                                                : NULL));

  self->n_shown += page->records->len;
  summary = self->spec->summary (page->total);
  gtk_label_set_label (GTK_LABEL (self->summary_label), summary);
  gtk_widget_set_visible (self->more_button, self->n_shown < page->total);
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->n_shown > 0);
  if (self->empty_page != NULL)
    gtk_widget_set_visible (self->empty_page, self->n_shown == 0);
}

static void
page_read (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SahaPagedList *self = SAHA_PAGED_LIST (object);
  g_autoptr(GError) error = NULL;
  Page *page = saha_store_read_finish (result, &error);

  /* Superseded by a newer read (a reload, another filter) or the owner is gone: the
   * newer one fills the list. */
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

void
saha_paged_list_append_page (SahaPagedList *self)
{
  PageQuery *query;

  g_return_if_fail (SAHA_IS_PAGED_LIST (self));

  query = g_new0 (PageQuery, 1);
  query->spec = self->spec;
  query->status = self->status_filter;
  query->search = g_strdup (self->search);
  query->offset = self->n_shown;
  saha_store_read_async (self, self->store, read_page, query, (GDestroyNotify) page_query_free,
                         (GDestroyNotify) page_free,
                         saha_store_read_restart (&self->read_cancellable),
                         page_read, NULL);
}

void
saha_paged_list_reload (SahaPagedList *self)
{
  g_return_if_fail (SAHA_IS_PAGED_LIST (self));

  saha_list_box_remove_all (self->list);
  self->n_shown = 0;

  if (self->store != NULL)
    saha_paged_list_append_page (self);
}

void
saha_paged_list_set_store (SahaPagedList *self,
                           SahaStore     *store)
{
  g_return_if_fail (SAHA_IS_PAGED_LIST (self));

  g_set_object (&self->store, store);
}

static void
on_status_selected (SahaPagedList *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  self->status_filter = selected >= 1 && selected <= self->n_status_values
                        ? self->status_values[selected - 1] : NULL;
  saha_paged_list_reload (self);
}

void
saha_paged_list_bind_status_filter (SahaPagedList      *self,
                                    GtkDropDown        *dropdown,
                                    const char         *entity)
{
  g_autoptr(GtkStringList) labels = NULL;

  g_return_if_fail (SAHA_IS_PAGED_LIST (self));
  g_return_if_fail (GTK_IS_DROP_DOWN (dropdown));

  labels = saha_choice_list_new (entity, "status", _("All statuses"));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (labels));
  self->status_dropdown = dropdown;
  self->status_values = saha_schema_choices (entity, "status");
  self->n_status_values = g_strv_length ((char **) self->status_values);
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (on_status_selected),
                           self, G_CONNECT_SWAPPED);
}

static void
on_search_changed (SahaPagedList  *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_free (self->search);
  self->search = *text != '\0' ? g_strdup (text) : NULL;
  saha_paged_list_reload (self);
}

void
saha_paged_list_bind_search (SahaPagedList  *self,
                             GtkSearchEntry *entry)
{
  g_return_if_fail (SAHA_IS_PAGED_LIST (self));
  g_return_if_fail (GTK_IS_SEARCH_ENTRY (entry));

  g_signal_connect_object (entry, "search-changed", G_CALLBACK (on_search_changed), self,
                           G_CONNECT_SWAPPED);
}

void
saha_paged_list_select_status (SahaPagedList *self,
                               const char    *status)
{
  g_return_if_fail (SAHA_IS_PAGED_LIST (self));
  g_return_if_fail (self->status_dropdown != NULL);

  if (status == NULL)
    gtk_drop_down_set_selected (self->status_dropdown, 0);
  for (guint i = 0; i < self->n_status_values; i++)
    if (g_strcmp0 (self->status_values[i], status) == 0)
      gtk_drop_down_set_selected (self->status_dropdown, i + 1);
}

gboolean
saha_paged_list_get_loading (SahaPagedList *self)
{
  g_return_val_if_fail (SAHA_IS_PAGED_LIST (self), FALSE);
  return self->read_cancellable != NULL;
}

guint
saha_paged_list_get_n_shown (SahaPagedList *self)
{
  g_return_val_if_fail (SAHA_IS_PAGED_LIST (self), 0);
  return self->n_shown;
}

GtkListBox *
saha_paged_list_get_list (SahaPagedList *self)
{
  g_return_val_if_fail (SAHA_IS_PAGED_LIST (self), NULL);
  return self->list;
}

GtkWidget *
saha_paged_list_get_more_button (SahaPagedList *self)
{
  g_return_val_if_fail (SAHA_IS_PAGED_LIST (self), NULL);
  return self->more_button;
}

void
saha_paged_list_cancel (SahaPagedList *self)
{
  g_return_if_fail (SAHA_IS_PAGED_LIST (self));

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
}

static void
saha_paged_list_finalize (GObject *object)
{
  SahaPagedList *self = SAHA_PAGED_LIST (object);

  g_clear_object (&self->read_cancellable);
  g_clear_pointer (&self->search, g_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_paged_list_parent_class)->finalize (object);
}

static void
saha_paged_list_class_init (SahaPagedListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = saha_paged_list_finalize;
}

static void
saha_paged_list_init (SahaPagedList *self)
{
}

SahaPagedList *
saha_paged_list_new (const SahaPagedListSpec *spec,
                     GtkWidget               *summary_label,
                     GtkWidget               *empty_page,
                     const char              *list_name,
                     const char              *more_action)
{
  SahaPagedList *self;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (GTK_IS_LABEL (summary_label), NULL);

  self = g_object_new (SAHA_TYPE_PAGED_LIST, NULL);
  self->spec = spec;
  self->summary_label = summary_label;
  self->empty_page = empty_page;

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->list), list_name);
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");

  self->more_button = gtk_button_new_with_mnemonic (_("Show _More"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->more_button), more_action);
  gtk_widget_set_halign (self->more_button, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->more_button, FALSE);

  return self;
}
