/* saha-task-reminders.c: SahaTaskReminders, a desktop notification when one of the
 * signed-in user's tasks falls due, also for what fell due while the app was closed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "saha-format.h"
#include "saha-store-reader.h"

#include "saha-task-reminders.h"

/* The setting: a JSON array of "ID@DUE_AT", the reminders already sent. */
#define REMINDED_SETTING "tasks_reminded"
/* Even with nothing due sooner, look again hourly: the clock may have jumped. */
#define MAX_WAIT_SECONDS 3600

struct _SahaTaskReminders
{
  GObject       parent_instance;

  GApplication *application;   /* borrowed: it owns the window that owns us */
  SahaStore    *store;
  GCancellable *read_cancellable;
  guint         timeout_id;
};

G_DEFINE_FINAL_TYPE (SahaTaskReminders, saha_task_reminders, G_TYPE_OBJECT)

enum
{
  SIGNAL_REMINDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *id;
  char *title;
  char *due_at;
  char *customer;
} Due;

static void
due_free (Due *due)
{
  g_free (due->id);
  g_free (due->title);
  g_free (due->due_at);
  g_free (due->customer);
  g_free (due);
}

typedef struct
{
  GPtrArray  *tasks;      /* Due *, the open tasks with a due time */
  GHashTable *reminded;   /* "ID@DUE_AT" set */
} Reading;

static void
reading_free (Reading *reading)
{
  g_clear_pointer (&reading->tasks, g_ptr_array_unref);
  g_clear_pointer (&reading->reminded, g_hash_table_unref);
  g_free (reading);
}

static gpointer
read_due (SahaStore     *store,
          gpointer       data,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autofree char *user = saha_store_get_setting (store, "user");
  g_autofree char *reminded = saha_store_get_setting (store, REMINDED_SETTING);
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  Reading *reading = g_new0 (Reading, 1);

  reading->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) due_free);
  reading->reminded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (reminded != NULL && json_parser_load_from_data (parser, reminded, -1, NULL)
      && JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      JsonArray *array = json_node_get_array (json_parser_get_root (parser));

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_hash_table_add (reading->reminded, g_strdup (json_node_get_string (node)));
        }
    }
  if (user == NULL || *user == '\0')
    return reading;

  {
    SahaFieldInput where[] = { { "owner", user } };
    SahaQuery query = { .where = where, .n_where = 1, .order_by = "due_at" };

    tasks = saha_store_list (store, "task", &query, error);
  }
  if (tasks == NULL)
    {
      reading_free (reading);
      return NULL;
    }
  for (guint i = 0; i < tasks->len; i++)
    {
      SahaRecord *task = g_ptr_array_index (tasks, i);
      const char *customer_id = saha_record_get (task, "customer");
      g_autoptr(SahaRecord) customer = NULL;
      Due *due;

      if (saha_record_get (task, "done_at") != NULL || saha_record_get (task, "due_at") == NULL)
        continue;
      customer = customer_id != NULL ? saha_store_get (store, "customer", customer_id, NULL)
                                     : NULL;
      due = g_new0 (Due, 1);
      due->id = g_strdup (saha_record_get_id (task));
      due->title = g_strdup (saha_record_get (task, "title"));
      due->due_at = g_strdup (saha_record_get (task, "due_at"));
      due->customer = customer != NULL ? g_strdup (saha_record_get (customer, "name")) : NULL;
      g_ptr_array_add (reading->tasks, due);
    }
  return reading;
}

static void
send_reminder (SahaTaskReminders *self,
               Due               *due,
               GDateTime         *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);
  g_autofree char *time = saha_format_date_time (local, saha_format_style_default ());
  /* Translators: a task reminder's title; %s is the task's title */
  g_autofree char *title = g_strdup_printf (_("Task due: %s"), due->title);
  g_autofree char *body = NULL;
  g_autofree char *notification_id = g_strdup_printf ("task-%s", due->id);
  g_autoptr(GNotification) notification = g_notification_new (title);

  /* Translators: a task reminder's text: when it was due, and for which customer */
  body = due->customer != NULL ? g_strdup_printf (_("Due %s · %s"), time, due->customer)
                               : g_strdup_printf (_("Due %s"), time);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target_value (notification, "app.open-task",
                                                      g_variant_new_string (due->id));
  g_application_send_notification (self->application, notification_id, notification);
  g_signal_emit (self, signals[SIGNAL_REMINDED], 0, due->id);
}

static gboolean
timeout_elapsed (gpointer user_data)
{
  SahaTaskReminders *self = user_data;

  self->timeout_id = 0;
  saha_task_reminders_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
due_read (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SahaTaskReminders *self = SAHA_TASK_REMINDERS (object);
  g_autoptr(GError) error = NULL;
  Reading *reading = saha_store_read_finish (result, &error);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(JsonArray) kept = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gint64 next = G_MAXINT64;
  gboolean sent = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->read_cancellable);
  if (reading == NULL)
    {
      g_warning ("Cannot read the tasks for reminders: %s", error->message);
      return;
    }

  now = g_date_time_new_now_utc ();
  kept = json_array_new ();
  for (guint i = 0; i < reading->tasks->len; i++)
    {
      Due *due = g_ptr_array_index (reading->tasks, i);
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (due->due_at, NULL);
      g_autofree char *key = g_strdup_printf ("%s@%s", due->id, due->due_at);

      if (when == NULL)
        continue;
      if (g_date_time_compare (when, now) > 0)
        {
          next = MIN (next, g_date_time_difference (when, now));
          continue;
        }
      /* Only what is still open and due is kept: the setting does not grow. */
      json_array_add_string_element (kept, key);
      if (g_hash_table_contains (reading->reminded, key))
        continue;
      send_reminder (self, due, when);
      sent = TRUE;
    }
  if (sent || json_array_get_length (kept) != g_hash_table_size (reading->reminded))
    {
      g_autoptr(GError) save_error = NULL;

      root = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (root, kept);
      text = json_to_string (root, FALSE);
      if (!saha_store_set_setting (self->store, REMINDED_SETTING, text, &save_error))
        g_warning ("Cannot keep which tasks were reminded: %s", save_error->message);
    }
  reading_free (reading);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (next != G_MAXINT64)
    self->timeout_id = g_timeout_add_seconds (CLAMP (next / G_USEC_PER_SEC + 1, 1,
                                                     MAX_WAIT_SECONDS),
                                              timeout_elapsed, self);
  else
    self->timeout_id = g_timeout_add_seconds (MAX_WAIT_SECONDS, timeout_elapsed, self);
}

void
saha_task_reminders_refresh (SahaTaskReminders *self)
{
  g_return_if_fail (SAHA_IS_TASK_REMINDERS (self));

  saha_store_read_async (self, self->store, read_due, NULL, NULL,
                         (GDestroyNotify) reading_free,
                         saha_store_read_restart (&self->read_cancellable), due_read, NULL);
}

SahaTaskReminders *
saha_task_reminders_new (GApplication *application,
                         SahaStore    *store)
{
  SahaTaskReminders *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SAHA_IS_STORE (store), NULL);

  self = g_object_new (SAHA_TYPE_TASK_REMINDERS, NULL);
  self->application = application;
  self->store = g_object_ref (store);
  saha_task_reminders_refresh (self);
  return self;
}

static void
saha_task_reminders_dispose (GObject *object)
{
  SahaTaskReminders *self = SAHA_TASK_REMINDERS (object);

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_task_reminders_parent_class)->dispose (object);
}

static void
saha_task_reminders_class_init (SahaTaskRemindersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = saha_task_reminders_dispose;

  /**
   * SahaTaskReminders::reminded:
   * @id: the task's id
   *
   * A reminder was sent.
   */
  signals[SIGNAL_REMINDED] =
    g_signal_new ("reminded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
saha_task_reminders_init (SahaTaskReminders *self)
{
}
