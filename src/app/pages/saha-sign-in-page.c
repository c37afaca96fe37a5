/* saha-sign-in-page.c: SahaSignInPage, the form that signs a replica in to a sync server.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "saha-template.h"
#include "saha-sync.h"

#include "saha-credentials.h"
#include "saha-sign-in-page.h"

struct _SahaSignInPage
{
  GtkWidget     parent_instance;

  char         *db_path;
  GCancellable *cancellable;   /* set while a sign-in runs */

  AdwEntryRow  *server_row;
  AdwEntryRow  *user_row;
  AdwEntryRow  *password_row;
  GtkLabel     *error_label;
  GtkStack     *sign_in_stack;
  GtkButton    *offline_button;
};

G_DEFINE_FINAL_TYPE (SahaSignInPage, saha_sign_in_page, GTK_TYPE_WIDGET)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (SahaSignInPage *self,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

void
saha_sign_in_page_show_error (SahaSignInPage *self,
                              const char     *message)
{
  g_return_if_fail (SAHA_IS_SIGN_IN_PAGE (self));

  show_error (self, message);
}

const char *
saha_sign_in_page_get_error (SahaSignInPage *self)
{
  g_return_val_if_fail (SAHA_IS_SIGN_IN_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
update_actions (SahaSignInPage *self)
{
  gboolean complete = *row_text (self->server_row) != '\0'
                      && *row_text (self->user_row) != '\0'
                      && *row_text (self->password_row) != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.sign-in",
                                 complete && self->cancellable == NULL);
}

static void
on_form_changed (SahaSignInPage *self)
{
  update_actions (self);
}

static void
on_password_activated (SahaSignInPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.sign-in", NULL);
}

static void
set_busy (SahaSignInPage *self,
          gboolean        busy)
{
  if (!busy)
    g_clear_object (&self->cancellable);
  else if (self->cancellable == NULL)
    self->cancellable = g_cancellable_new ();

  gtk_stack_set_visible_child_name (self->sign_in_stack, busy ? "spinner" : "label");
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  update_actions (self);
}

typedef struct
{
  char *db_path;
  char *server_url;
  char *user;
  char *password;
} SignIn;

static void
sign_in_free (SignIn *sign_in)
{
  g_free (sign_in->db_path);
  g_free (sign_in->server_url);
  g_free (sign_in->user);
  /* The password leaves memory as soon as it is no longer needed. */
  if (sign_in->password != NULL)
    memset (sign_in->password, 0, strlen (sign_in->password));
  g_free (sign_in->password);
  g_free (sign_in);
}

/* saha_sync_login blocks on the network, so it runs in a worker thread. */
static void
sign_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SignIn *sign_in = task_data;
  GError *error = NULL;

  if (!saha_sync_login (sign_in->db_path, sign_in->server_url, sign_in->user,
                        sign_in->password, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* saha_sync_login() writes the token file; on a desktop with a keyring it moves there. */
  saha_credentials_keep_after_sign_in (sign_in->db_path, cancellable);
  g_task_return_boolean (task, TRUE);
}

static void
sign_in_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SahaSignInPage *self = SAHA_SIGN_IN_PAGE (object);
  g_autoptr(GError) error = NULL;

  set_busy (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (g_error_matches (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_AUTH))
        show_error (self, _("The user name or password is not right."));
      else if (g_error_matches (error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_NETWORK))
        show_error (self, _("The server cannot be reached. Check the address and the network."));
      else
        show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[DONE], 0, TRUE);
}

static void
sign_in_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SahaSignInPage *self = SAHA_SIGN_IN_PAGE (widget);
  const char *server = row_text (self->server_row);
  g_autoptr(GUri) uri = NULL;

  uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      show_error (self, _("The server address must start with https:// or http://, "
                          "e.g. https://saha.example.com."));
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");

  {
    g_autoptr(GTask) task = NULL;
    SignIn *sign_in = g_new0 (SignIn, 1);

    sign_in->db_path = g_strdup (self->db_path);
    sign_in->server_url = g_strdup (server);
    sign_in->user = g_strdup (row_text (self->user_row));
    sign_in->password = g_strdup (row_text (self->password_row));

    show_error (self, NULL);
    set_busy (self, TRUE);
    task = g_task_new (self, self->cancellable, sign_in_done, NULL);
    g_task_set_source_tag (task, sign_in_activated);
    g_task_set_task_data (task, sign_in, (GDestroyNotify) sign_in_free);
    g_task_run_in_thread (task, sign_in_thread);
  }
}

static void
continue_offline_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  g_signal_emit (widget, signals[DONE], 0, FALSE);
}

void
saha_sign_in_page_setup (SahaSignInPage *self,
                         const char     *db_path,
                         const char     *server_url)
{
  g_return_if_fail (SAHA_IS_SIGN_IN_PAGE (self));

  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  if (server_url != NULL && *row_text (self->server_row) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->server_row), server_url);
}

void
saha_sign_in_page_set_can_work_offline (SahaSignInPage *self,
                                        gboolean        can_work_offline)
{
  g_return_if_fail (SAHA_IS_SIGN_IN_PAGE (self));

  gtk_widget_set_visible (GTK_WIDGET (self->offline_button), can_work_offline);
}

static void
saha_sign_in_page_dispose (GObject *object)
{
  SahaSignInPage *self = SAHA_SIGN_IN_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  saha_template_dispose (GTK_WIDGET (self), SAHA_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (saha_sign_in_page_parent_class)->dispose (object);
}

static void
saha_sign_in_page_finalize (GObject *object)
{
  SahaSignInPage *self = SAHA_SIGN_IN_PAGE (object);

  g_free (self->db_path);

  G_OBJECT_CLASS (saha_sign_in_page_parent_class)->finalize (object);
}

static void
saha_sign_in_page_class_init (SahaSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = saha_sign_in_page_dispose;
  object_class->finalize = saha_sign_in_page_finalize;

  /* Emitted with TRUE once signed in, with FALSE when the person chose to work offline. */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_install_action (widget_class, "sign-in.sign-in", NULL, sign_in_activated);
  gtk_widget_class_install_action (widget_class, "sign-in.continue-offline", NULL,
                                   continue_offline_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaSignInPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, SahaSignInPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, SahaSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, SahaSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SahaSignInPage, sign_in_stack);
  gtk_widget_class_bind_template_child (widget_class, SahaSignInPage, offline_button);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activated);
}

static void
saha_sign_in_page_init (SahaSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}
