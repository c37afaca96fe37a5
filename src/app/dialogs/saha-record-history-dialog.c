/* saha-record-history-dialog.c: SahaRecordHistoryDialog, one record's history.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-record-history-dialog.h"
#include "saha-sync-erase.h"

struct _SahaRecordHistoryDialog
{
  AdwWindow     parent_instance;

  char         *entity;
  gboolean      loading;
  GCancellable *cancellable;
  AdwWindowTitle *window_title;
  GtkStack     *stack;
  GtkWidget    *list;
  AdwStatusPage *status;
};

G_DEFINE_FINAL_TYPE (SahaRecordHistoryDialog, saha_record_history_dialog, ADW_TYPE_WINDOW)

typedef struct
{
  char      *path;
  char      *entity;
  char      *id;
} HistoryQuery;

static void
history_query_free (HistoryQuery *query)
{
  g_free (query->path);
  g_free (query->entity);
  g_free (query->id);
  g_free (query);
}

static void
history_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  HistoryQuery *query = task_data;
  GError *error = NULL;
  JsonArray *history = saha_sync_fetch_record_history (query->path, query->entity, query->id,
                                                       cancellable, &error);

  if (history == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, history, (GDestroyNotify) json_array_unref);
}

static const char *
member (JsonObject *entry,
        const char *name)
{
  JsonNode *node = json_object_get_member (entry, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/* A value as a person reads it: unset is a dash, a hashed one says so. */
static const char *
shown_value (const char *value)
{
  if (value == NULL || *value == '\0')
    return "—";
  if (g_str_has_prefix (value, "hashed:"))
    /* Translators: an old value the server keeps only as a hash (retention) */
    return _("(kept hashed)");
  return value;
}

static char *
entry_title (const char *entity,
             JsonObject *entry)
{
  const char *field = member (entry, "field");
  const SahaEntityDef *def = saha_schema_lookup (entity);
  const SahaFieldDef *field_def = def != NULL && field != NULL
                                  ? saha_entity_def_lookup_field (def, field) : NULL;

  if (g_strcmp0 (field, "exported") == 0)
    return g_strdup (_("Exported the person's data"));
  if (g_strcmp0 (field, "history_viewed") == 0)
    return g_strdup (_("Viewed this history"));
  if (g_strcmp0 (field, "deleted") == 0)
    {
      if (g_strcmp0 (member (entry, "new"), "true") == 0)
        return g_strdup (_("Deleted"));
      /* Translators: a deleted record brought back, in a record's history */
      return g_strdup (g_strcmp0 (member (entry, "old"), "true") == 0 ? _("Restored")
                                                                       : _("Made"));
    }
  /* Translators: a change in a record's history: the field, its old and its new value */
  return g_strdup_printf (_("%s: %s → %s"),
                          field_def != NULL ? _(field_def->label) : field,
                          shown_value (member (entry, "old")),
                          shown_value (member (entry, "new")));
}

static char *
entry_subtitle (JsonObject *entry)
{
  const char *at = member (entry, "at");
  const char *user = member (entry, "user");
  const char *device = member (entry, "device");
  g_autoptr(GDateTime) utc = at != NULL ? g_date_time_new_from_iso8601 (at, NULL) : NULL;
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
  g_autofree char *when = local != NULL ? saha_format_date_time (local,
                                                                 saha_format_style_default ())
                                        : g_strdup (at != NULL ? at : "");

  if (device != NULL)
    /* Translators: who changed a field, when (local time), and from which device */
    return g_strdup_printf (_("%s · %s · device %s"), user != NULL ? user : _("the server"),
                            when, device);
  /* Translators: who changed a field and when (local time) */
  return g_strdup_printf (_("%s · %s"), user != NULL ? user : _("the server"), when);
}

static void
history_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SahaRecordHistoryDialog *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) history = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = SAHA_RECORD_HISTORY_DIALOG (source);
  self->loading = FALSE;
  if (history == NULL)
    {
      adw_status_page_set_icon_name (self->status, "network-offline-symbolic");
      adw_status_page_set_title (self->status, _("History Not Available"));
      adw_status_page_set_description (self->status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "status");
      return;
    }
  if (json_array_get_length (history) == 0)
    {
      adw_status_page_set_icon_name (self->status, "document-open-recent-symbolic");
      adw_status_page_set_title (self->status, _("No Changes Yet"));
      adw_status_page_set_description (self->status,
                                       _("The server has no change of this record: it was "
                                         "made on a device that has not synced it yet."));
      gtk_stack_set_visible_child_name (self->stack, "status");
      return;
    }
  /* Newest first. */
  for (guint i = json_array_get_length (history); i-- > 0;)
    {
      JsonObject *entry = json_array_get_object_element (history, i);
      g_autofree char *title = NULL, *subtitle = NULL;
      GtkWidget *row;

      if (entry == NULL)
        continue;
      title = entry_title (self->entity, entry);
      subtitle = entry_subtitle (entry);
      row = adw_action_row_new ();
      gtk_widget_set_name (row, "history-entry");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_append (GTK_LIST_BOX (self->list), row);
    }
  gtk_stack_set_visible_child_name (self->stack, "list");
}

SahaRecordHistoryDialog *
saha_record_history_dialog_new (GtkWindow  *parent,
                                SahaStore  *store,
                                const char *entity,
                                const char *id,
                                const char *title)
{
  SahaRecordHistoryDialog *self;
  g_autoptr(GTask) task = NULL;
  HistoryQuery *query;

  g_return_val_if_fail (SAHA_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && id != NULL, NULL);

  self = g_object_new (SAHA_TYPE_RECORD_HISTORY_DIALOG, "transient-for", parent, NULL);
  self->entity = g_strdup (entity);
  adw_window_title_set_subtitle (self->window_title, title);

  self->loading = TRUE;
  query = g_new0 (HistoryQuery, 1);
  query->path = g_strdup (saha_store_get_path (store));
  query->entity = g_strdup (entity);
  query->id = g_strdup (id);
  task = g_task_new (self, self->cancellable, history_done, NULL);
  g_task_set_task_data (task, query, (GDestroyNotify) history_query_free);
  g_task_run_in_thread (task, history_thread);
  return self;
}

gboolean
saha_record_history_dialog_get_loading (SahaRecordHistoryDialog *self)
{
  g_return_val_if_fail (SAHA_IS_RECORD_HISTORY_DIALOG (self), FALSE);

  return self->loading;
}

static void
saha_record_history_dialog_dispose (GObject *object)
{
  SahaRecordHistoryDialog *self = SAHA_RECORD_HISTORY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), SAHA_TYPE_RECORD_HISTORY_DIALOG);

  G_OBJECT_CLASS (saha_record_history_dialog_parent_class)->dispose (object);
}

static void
saha_record_history_dialog_finalize (GObject *object)
{
  SahaRecordHistoryDialog *self = SAHA_RECORD_HISTORY_DIALOG (object);

  g_free (self->entity);

  G_OBJECT_CLASS (saha_record_history_dialog_parent_class)->finalize (object);
}

static void
saha_record_history_dialog_class_init (SahaRecordHistoryDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = saha_record_history_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = saha_record_history_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-record-history-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaRecordHistoryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SahaRecordHistoryDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SahaRecordHistoryDialog, list);
  gtk_widget_class_bind_template_child (widget_class, SahaRecordHistoryDialog, status);
}

static void
saha_record_history_dialog_init (SahaRecordHistoryDialog *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
