/* saha-assign-dialog.c: SahaAssignDialog, picks the person a customer or a service call is
 * assigned to, from the server's user list (or a typed name when offline).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-sync-users.h"
#include "saha-sync.h"

#include "saha-assign-dialog.h"

struct _SahaAssignDialog
{
  AdwWindow       parent_instance;

  SahaStore      *store;
  char           *entity;
  char           *id;
  GtkStringList  *users;
  GHashTable     *roles;        /* user name → role label */
  GCancellable   *cancellable;

  AdwEntryRow    *user_entry;
  GtkLabel       *status_label;
  GtkListBox     *user_list;
};

G_DEFINE_FINAL_TYPE (SahaAssignDialog, saha_assign_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_ASSIGNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "rep") == 0)
    return _("Sales rep");
  if (g_strcmp0 (role, "tech") == 0)
    return _("Service technician");
  if (g_strcmp0 (role, "office") == 0)
    return _("Office");
  if (g_strcmp0 (role, "admin") == 0)
    return _("Administrator");
  return role;
}

static void
show_users (SahaAssignDialog *self,
            GPtrArray        *users)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_hash_table_remove_all (self->roles);
  for (guint i = 0; i < users->len; i++)
    {
      SahaSyncUser *user = g_ptr_array_index (users, i);

      g_ptr_array_add (names, user->name);
      g_hash_table_insert (self->roles, g_strdup (user->name), g_strdup (role_label (user->role)));
    }
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->users, 0, g_list_model_get_n_items (G_LIST_MODEL (self->users)),
                          (const char * const *) names->pdata);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  SahaAssignDialog *self = user_data;
  const char *name = gtk_string_object_get_string (item);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_hash_table_lookup (self->roles, name));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, name);
  return row;
}

static void
users_fetched (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SahaAssignDialog) self = user_data;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  users = saha_sync_users_fetch_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (users == NULL)
    {
      gtk_label_set_label (self->status_label,
                           g_list_model_get_n_items (G_LIST_MODEL (self->users)) > 0
                           ? _("The server cannot be reached: these are the users it "
                               "listed last time. A name may also be typed.")
                           : _("The server cannot be reached: type the user name."));
      return;
    }

  gtk_label_set_label (self->status_label, "");
  show_users (self, users);
}

gboolean
saha_assign_dialog_can_assign (SahaStore *store)
{
  g_autofree char *role = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (store), FALSE);

  role = saha_store_get_setting (store, "user_role");
  return g_strcmp0 (role, "office") == 0 || g_strcmp0 (role, "admin") == 0;
}

void
saha_assign_dialog_set_user (SahaAssignDialog *self,
                             const char       *user)
{
  g_return_if_fail (SAHA_IS_ASSIGN_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->user_entry), user != NULL ? user : "");
}

gboolean
saha_assign_dialog_assign (SahaAssignDialog *self)
{
  g_autofree char *user = NULL;
  g_autoptr(SahaRecord) record = NULL;
  g_autoptr(GArray) inputs = g_array_new (FALSE, TRUE, sizeof (SahaFieldInput));
  g_autoptr(GError) error = NULL;
  SahaFieldInput input;

  g_return_val_if_fail (SAHA_IS_ASSIGN_DIALOG (self), FALSE);

  user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_entry))));
  if (*user == '\0')
    return FALSE;

  input.name = "assigned_to";
  input.value = user;
  g_array_append_val (inputs, input);

  /* A new call given to someone is assigned; later states are the technician's. */
  record = saha_store_get (self->store, self->entity, self->id, NULL);
  if (g_strcmp0 (self->entity, "service_call") == 0 && record != NULL
      && g_strcmp0 (saha_record_get (record, "status"), "new") == 0)
    {
      input.name = "status";
      input.value = "assigned";
      g_array_append_val (inputs, input);
    }

  if (!saha_store_update (self->store, self->entity, self->id,
                          (SahaFieldInput *) inputs->data, inputs->len, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Not assigned: %s"), error->message);

      gtk_label_set_label (self->status_label, message);
      return FALSE;
    }

  g_signal_emit (self, signals[SIGNAL_ASSIGNED], 0, user);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

GListModel *
saha_assign_dialog_get_users (SahaAssignDialog *self)
{
  g_return_val_if_fail (SAHA_IS_ASSIGN_DIALOG (self), NULL);
  return G_LIST_MODEL (self->users);
}

static void
on_user_changed (SahaAssignDialog *self)
{
  g_autofree char *user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_entry))));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assign.assign", *user != '\0');
}

static void
on_entry_activated (SahaAssignDialog *self)
{
  saha_assign_dialog_assign (self);
}

static void
on_row_activated (SahaAssignDialog *self,
                  GtkListBoxRow    *row)
{
  saha_assign_dialog_set_user (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
assign_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  saha_assign_dialog_assign (SAHA_ASSIGN_DIALOG (widget));
}

SahaAssignDialog *
saha_assign_dialog_new (GtkWindow  *parent,
                        SahaStore  *store,
                        const char *entity,
                        const char *id)
{
  SahaAssignDialog *self;
  g_autoptr(GPtrArray) cached = NULL;
  g_autoptr(SahaRecord) record = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (store), NULL);
  g_return_val_if_fail (entity != NULL && id != NULL, NULL);

  self = g_object_new (SAHA_TYPE_ASSIGN_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->entity = g_strdup (entity);
  self->id = g_strdup (id);

  record = saha_store_get (store, entity, id, NULL);
  if (record != NULL)
    {
      const char *name = saha_record_get (record, "name");

      if (name == NULL)
        name = saha_record_get (record, "number");
      if (name != NULL)
        {
          /* Translators: the assign dialog's title; %s is a customer or call */
          title = g_strdup_printf (_("Assign %s"), name);
          gtk_window_set_title (GTK_WINDOW (self), title);
        }
      saha_assign_dialog_set_user (self, saha_record_get (record, "assigned_to"));
    }
  on_user_changed (self);

  cached = saha_sync_users_load_cached (store);
  show_users (self, cached);
  saha_sync_users_fetch_async (saha_store_get_path (store), self->cancellable, users_fetched,
                               g_object_ref (self));
  return self;
}

static void
saha_assign_dialog_dispose (GObject *object)
{
  SahaAssignDialog *self = SAHA_ASSIGN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SAHA_TYPE_ASSIGN_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_assign_dialog_parent_class)->dispose (object);
}

static void
saha_assign_dialog_finalize (GObject *object)
{
  SahaAssignDialog *self = SAHA_ASSIGN_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->users);
  g_clear_pointer (&self->roles, g_hash_table_unref);
  g_free (self->entity);
  g_free (self->id);

  G_OBJECT_CLASS (saha_assign_dialog_parent_class)->finalize (object);
}

static void
saha_assign_dialog_class_init (SahaAssignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = saha_assign_dialog_dispose;
  object_class->finalize = saha_assign_dialog_finalize;

  /**
   * SahaAssignDialog::assigned:
   * @user: the user name written to assigned_to
   */
  signals[SIGNAL_ASSIGNED] =
    g_signal_new ("assigned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "assign.assign", NULL, assign_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-assign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaAssignDialog, user_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaAssignDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, SahaAssignDialog, user_list);
  gtk_widget_class_bind_template_callback (widget_class, on_user_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
saha_assign_dialog_init (SahaAssignDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->users = gtk_string_list_new (NULL);
  self->roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_bind_model (self->user_list, G_LIST_MODEL (self->users), create_row, self, NULL);
}
