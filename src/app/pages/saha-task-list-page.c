/* saha-task-list-page.c: SahaTaskListPage, the signed-in user's open tasks, soonest due
 * first, each marked done with one button.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-template.h"
#include "saha-format.h"
#include "saha-list-box.h"
#include "saha-store-reader.h"

#include "saha-task-list-page.h"

struct _SahaTaskListPage
{
  SahaPage        parent_instance;

  /* Template widgets */
  GtkLabel       *summary_label;
  GtkListBox     *list;

  /* Owned */
  SahaStore      *store;
  GCancellable   *read_cancellable;
  char           *wanted_id;       /* to select once listed */
};

G_DEFINE_FINAL_TYPE (SahaTaskListPage, saha_task_list_page, SAHA_TYPE_PAGE)

typedef struct
{
  GPtrArray *tasks;       /* SahaRecord * */
  GPtrArray *customers;   /* char *, NULL when none */
} Tasks;

static void
tasks_free (Tasks *tasks)
{
  g_clear_pointer (&tasks->tasks, g_ptr_array_unref);
  g_clear_pointer (&tasks->customers, g_ptr_array_unref);
  g_free (tasks);
}

/* The open tasks of the signed-in user, by due_at (the ones without a date last). */
static gpointer
read_tasks (SahaStore     *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *user = saha_store_get_setting (store, "user");
  g_autoptr(GPtrArray) all = NULL;
  Tasks *tasks = g_new0 (Tasks, 1);
  GPtrArray *undated = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_record_unref);

  tasks->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) saha_record_unref);
  tasks->customers = g_ptr_array_new_with_free_func (g_free);
  if (user != NULL && *user != '\0')
    {
      SahaFieldInput where[] = { { "owner", user } };
      SahaQuery query = { .where = where, .n_where = 1, .order_by = "due_at" };

      all = saha_store_list (store, "task", &query, error);
      if (all == NULL)
        {
          g_ptr_array_unref (undated);
          tasks_free (tasks);
          return NULL;
        }
    }
  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      SahaRecord *task = g_ptr_array_index (all, i);

      if (saha_record_get (task, "done_at") != NULL)
        continue;
      g_ptr_array_add (saha_record_get (task, "due_at") != NULL ? tasks->tasks : undated,
                       saha_record_ref (task));
    }
  g_ptr_array_extend_and_steal (tasks->tasks, undated);
  for (guint i = 0; i < tasks->tasks->len; i++)
    {
      const char *customer_id = saha_record_get (g_ptr_array_index (tasks->tasks, i), "customer");
      g_autoptr(SahaRecord) customer = customer_id != NULL
                                       ? saha_store_get (store, "customer", customer_id, NULL)
                                       : NULL;

      g_ptr_array_add (tasks->customers,
                       customer != NULL ? g_strdup (saha_record_get (customer, "name")) : NULL);
    }
  return tasks;
}

static void
select_wanted (SahaTaskListPage *self)
{
  if (self->wanted_id == NULL)
    return;
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "record-id"), self->wanted_id) == 0)
      {
        gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (row));
        gtk_widget_grab_focus (row);
        g_clear_pointer (&self->wanted_id, g_free);
        return;
      }
}

static void
on_done_clicked (GtkButton        *button,
                 SahaTaskListPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!saha_task_list_page_mark_done (self, g_object_get_data (G_OBJECT (button), "record-id"),
                                      &error))
    gtk_label_set_label (self->summary_label, error->message);
}

static GtkWidget *
task_row_new (SahaTaskListPage *self,
              SahaRecord       *task,
              const char       *customer,
              GDateTime        *now)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *done = gtk_button_new_with_mnemonic (_("_Done"));
  const char *due = saha_record_get (task, "due_at");
  g_autoptr(GDateTime) utc = due != NULL ? g_date_time_new_from_iso8601 (due, NULL) : NULL;
  g_autofree char *when = NULL;
  g_autofree char *subtitle = NULL;

  if (utc != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);

      when = saha_format_date_time (local, saha_format_style_default ());
    }
  subtitle = g_strdup_printf ("%s%s%s", when != NULL ? when : _("No due date"),
                              customer != NULL ? " · " : "", customer != NULL ? customer : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), saha_record_get (task, "title"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (utc != NULL && g_date_time_compare (utc, now) <= 0)
    {
      /* Translators: a task past its due time */
      GtkWidget *late = gtk_label_new (_("Due"));

      gtk_widget_set_name (late, "task-due");
      gtk_widget_set_valign (late, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (late, "error");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), late);
    }
  gtk_widget_set_name (done, "task-done");
  gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (done), "record-id", g_strdup (saha_record_get_id (task)),
                          g_free);
  g_signal_connect_object (done, "clicked", G_CALLBACK (on_done_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), done);
  g_object_set_data_full (G_OBJECT (row), "record-id", g_strdup (saha_record_get_id (task)),
                          g_free);
  return row;
}

static void
tasks_read (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SahaTaskListPage *self = SAHA_TASK_LIST_PAGE (object);
  g_autoptr(GError) error = NULL;
  Tasks *tasks = saha_store_read_finish (result, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *summary = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->read_cancellable);
  if (tasks == NULL)
    {
      gtk_label_set_label (self->summary_label, error->message);
      return;
    }

  saha_list_box_remove_all (self->list);
  for (guint i = 0; i < tasks->tasks->len; i++)
    gtk_list_box_append (self->list, task_row_new (self, g_ptr_array_index (tasks->tasks, i),
                                                   g_ptr_array_index (tasks->customers, i),
                                                   now));
  summary = g_strdup_printf (ngettext ("%u open task", "%u open tasks", tasks->tasks->len),
                             tasks->tasks->len);
  gtk_label_set_label (self->summary_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->list), tasks->tasks->len > 0);
  tasks_free (tasks);
  select_wanted (self);
}

static void
saha_task_list_page_reload_page (SahaPage *page)
{
  SahaTaskListPage *self = SAHA_TASK_LIST_PAGE (page);

  if (self->store == NULL)
    return;
  saha_store_read_async (self, self->store, read_tasks, NULL, NULL, (GDestroyNotify) tasks_free,
                         saha_store_read_restart (&self->read_cancellable), tasks_read, NULL);
}

void
saha_task_list_page_reload (SahaTaskListPage *self)
{
  g_return_if_fail (SAHA_IS_TASK_LIST_PAGE (self));
  saha_page_reload (SAHA_PAGE (self));
}

gboolean
saha_task_list_page_get_loading (SahaTaskListPage *self)
{
  g_return_val_if_fail (SAHA_IS_TASK_LIST_PAGE (self), FALSE);
  return self->read_cancellable != NULL;
}

static void
saha_task_list_page_store_set (SahaPage *page)
{
  g_set_object (&SAHA_TASK_LIST_PAGE (page)->store, saha_page_get_store (page));
}

GStrv
saha_task_list_page_dup_task_ids (SahaTaskListPage *self)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  g_return_val_if_fail (SAHA_IS_TASK_LIST_PAGE (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    g_strv_builder_add (ids, g_object_get_data (G_OBJECT (row), "record-id"));
  return g_strv_builder_end (ids);
}

void
saha_task_list_page_open_task (SahaTaskListPage *self,
                               const char       *id)
{
  g_return_if_fail (SAHA_IS_TASK_LIST_PAGE (self));

  g_free (self->wanted_id);
  self->wanted_id = g_strdup (id);
  select_wanted (self);
}

const char *
saha_task_list_page_get_selected_id (SahaTaskListPage *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SAHA_IS_TASK_LIST_PAGE (self), NULL);

  row = gtk_list_box_get_selected_row (self->list);
  return row != NULL ? g_object_get_data (G_OBJECT (row), "record-id") : NULL;
}

gboolean
saha_task_list_page_mark_done (SahaTaskListPage  *self,
                               const char        *id,
                               GError           **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *user = NULL;
  SahaFieldInput inputs[2];

  g_return_val_if_fail (SAHA_IS_TASK_LIST_PAGE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  user = saha_store_get_setting (self->store, "user");
  inputs[0] = (SahaFieldInput) { "done_at", at };
  inputs[1] = (SahaFieldInput) { "done_by", user };
  if (!saha_store_update (self->store, "task", id, inputs, 2, error))
    return FALSE;
  saha_task_list_page_reload (self);
  return TRUE;
}

static void
saha_task_list_page_dispose (GObject *object)
{
  SahaTaskListPage *self = SAHA_TASK_LIST_PAGE (object);

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  saha_template_dispose (GTK_WIDGET (self), SAHA_TYPE_TASK_LIST_PAGE);
  g_clear_object (&self->store);
  g_clear_pointer (&self->wanted_id, g_free);

  G_OBJECT_CLASS (saha_task_list_page_parent_class)->dispose (object);
}

/* The task of the parameter, selected: what the window's "win." actions of other pages open here. */
static void
tasks_open_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  const char *arg = g_variant_get_string (parameter, NULL);

  saha_task_list_page_open_task (SAHA_TASK_LIST_PAGE (widget), arg);
}

static void
saha_task_list_page_class_init (SahaTaskListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SahaPageClass *page_class = SAHA_PAGE_CLASS (klass);

  object_class->dispose = saha_task_list_page_dispose;
  page_class->store_set = saha_task_list_page_store_set;
  page_class->reload = saha_task_list_page_reload_page;
  /* The tasks and the names of their customers. */
  saha_page_class_set_entities (page_class, "task", "customer", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "tasks.open", "s", tasks_open_activated);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-task-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaTaskListPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SahaTaskListPage, list);
}

static void
saha_task_list_page_init (SahaTaskListPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
