/* saha-personal-data-section.c: SahaPersonalDataSection, history, export and erasure of a
 * customer's personal data (KVKK), for office and admin users.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "saha-personal-data-section.h"
#include "saha-person-export.h"
#include "saha-record-history-dialog.h"
#include "saha-sync-erase.h"

struct _SahaPersonalDataSection
{
  AdwPreferencesGroup  parent_instance;

  SahaStore           *store;
  SahaRecord          *customer;
  GCancellable        *cancellable;
  gboolean             busy;
  char                *last_message;
};

G_DEFINE_FINAL_TYPE (SahaPersonalDataSection, saha_personal_data_section,
                     ADW_TYPE_PREFERENCES_GROUP)

static GtkWindow *
parent_window (SahaPersonalDataSection *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
set_busy (SahaPersonalDataSection *self,
          gboolean                 busy)
{
  self->busy = busy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personal-data.export", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "personal-data.erase", !busy);
}

/* One toast at a time, through the window's "win.toast" (docs/architecture.md); outside a
 * window (tests), the log. */
static void
toast_over (GtkWidget  *widget,
            const char *message)
{
  if (!gtk_widget_activate_action (widget, "win.toast", "s", message))
    g_message ("%s", message);
}

static void
tell (SahaPersonalDataSection *self,
      const char              *message)
{
  g_free (self->last_message);
  self->last_message = g_strdup (message);
  toast_over (GTK_WIDGET (self), message);
}

/* Office and admin users may see a person's history, export it and erase it. */
static gboolean
role_may_erase (const char *role)
{
  return g_strcmp0 (role, "office") == 0 || g_strcmp0 (role, "admin") == 0;
}

void
saha_personal_data_section_show (SahaPersonalDataSection *self,
                                 SahaStore               *store,
                                 SahaRecord              *customer,
                                 const char              *role)
{
  g_return_if_fail (SAHA_IS_PERSONAL_DATA_SECTION (self));

  if (customer != self->customer)
    {
      SahaRecord *kept = customer != NULL ? saha_record_ref (customer) : NULL;

      g_clear_pointer (&self->customer, saha_record_unref);
      self->customer = kept;
    }
  if (store != NULL)
    g_set_object (&self->store, store);
  gtk_widget_set_visible (GTK_WIDGET (self), self->customer != NULL && role_may_erase (role));
}

/* --- history ----------------------------------------------------------------------- */

static void
history_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SahaPersonalDataSection *self = SAHA_PERSONAL_DATA_SECTION (widget);
  SahaRecordHistoryDialog *dialog;

  if (self->customer == NULL)
    return;
  dialog = saha_record_history_dialog_new (parent_window (self), self->store, "customer",
                                           saha_record_get_id (self->customer),
                                           saha_record_get (self->customer, "name"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- erasure ------------------------------------------------------------------------ */

static guint
count_children (SahaPersonalDataSection *self,
                const char              *entity)
{
  SahaFieldInput where[] = { { "customer", saha_record_get_id (self->customer) } };
  SahaQuery query = { .where = where, .n_where = 1 };
  g_autoptr(GError) error = NULL;
  guint count = 0;

  if (!saha_store_count (self->store, entity, &query, &count, &error))
    g_warning ("Cannot count %s records: %s", entity, error->message);
  return count;
}

static guint
count_signatures (SahaPersonalDataSection *self)
{
  SahaFieldInput where[] = { { "customer", saha_record_get_id (self->customer) } };
  SahaQuery query = { .where = where, .n_where = 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) calls = saha_store_list (self->store, "service_call", &query, &error);
  guint count = 0;

  if (calls == NULL)
    {
      g_warning ("Cannot list service calls: %s", error->message);
      return 0;
    }
  for (guint i = 0; i < calls->len; i++)
    {
      SahaRecord *call = g_ptr_array_index (calls, i);

      if (saha_record_get (call, "signed_by") != NULL || saha_record_get (call, "signature") != NULL)
        count++;
    }
  return count;
}

char *
saha_personal_data_section_describe_erasure (SahaPersonalDataSection *self)
{
  guint contacts, notes, visits, signatures;
  g_autofree char *contacts_text = NULL, *notes_text = NULL;
  g_autofree char *visits_text = NULL, *signatures_text = NULL;

  g_return_val_if_fail (SAHA_IS_PERSONAL_DATA_SECTION (self), NULL);
  g_return_val_if_fail (self->customer != NULL, NULL);

  contacts = count_children (self, "contact");
  notes = count_children (self, "note");
  visits = count_children (self, "visit");
  signatures = count_signatures (self);
  contacts_text = g_strdup_printf (ngettext ("%u contact person", "%u contact persons", contacts),
                                   contacts);
  notes_text = g_strdup_printf (ngettext ("%u note", "%u notes", notes), notes);
  visits_text = g_strdup_printf (ngettext ("%u visit", "%u visits", visits), visits);
  signatures_text = g_strdup_printf (ngettext ("%u signature", "%u signatures", signatures),
                                     signatures);
  /* Translators: what erasing a customer blanks: "2 contact persons, 3 notes, 1 visit and
   * 1 signature" */
  return g_strdup_printf (_("%s, %s, %s and %s"), contacts_text, notes_text, visits_text,
                          signatures_text);
}

typedef struct
{
  char   *path;
  char   *entity;   /* NULL: the customer */
  char   *id;
  char   *pdf_path;
  char   *json_path;
  gint64  erased;
} Work;

static void
work_free (Work *work)
{
  g_free (work->path);
  g_free (work->entity);
  g_free (work->id);
  g_free (work->pdf_path);
  g_free (work->json_path);
  g_free (work);
}

static void
erase_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Work *work = task_data;
  GError *error = NULL;

  work->erased = saha_sync_erase (work->path, work->entity != NULL ? work->entity : "customer",
                                  work->id, cancellable, &error);
  if (work->erased < 0)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Tells the outcome of an erasure over @from and returns what it told; once erased, a
 * sync brings the blanked records into the replica (and drops the person). */
static char *
tell_erased (GtkWidget    *from,
             const GError *error)
{
  char *message;

  if (error != NULL)
    /* Translators: %s is the server's or the network's reason */
    message = g_strdup_printf (_("Not erased: %s"), error->message);
  else
    message = g_strdup (_("Personal data erased on the server; this device erases its copy "
                          "now, the others at their next sync"));
  toast_over (from, message);
  if (error == NULL)
    gtk_widget_activate_action (from, "win.sync", NULL);
  return message;
}

/* The section's own work (an erasure, an export) ended: NULL when it was cancelled (the
 * section is going away), else the section, no longer busy, with *@error set on failure. */
static SahaPersonalDataSection *
work_finish (GObject       *source,
             GAsyncResult  *result,
             GError       **error)
{
  if (!g_task_propagate_boolean (G_TASK (result), error)
      && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;
  set_busy (SAHA_PERSONAL_DATA_SECTION (source), FALSE);
  return SAHA_PERSONAL_DATA_SECTION (source);
}

static void
erase_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  SahaPersonalDataSection *self = work_finish (source, result, &error);

  if (self == NULL)
    return;
  g_free (self->last_message);
  self->last_message = tell_erased (GTK_WIDGET (self), error);
}

/* Work on the shown customer, in this replica's file. */
static Work *
customer_work (SahaPersonalDataSection *self)
{
  Work *work = g_new0 (Work, 1);

  work->path = g_strdup (saha_store_get_path (self->store));
  work->id = g_strdup (saha_record_get_id (self->customer));
  return work;
}

/* Runs @thread_func on @work (taken) in a worker thread; the section is busy until @done. */
static void
run_work (SahaPersonalDataSection *self,
          Work                    *work,
          GTaskThreadFunc          thread_func,
          GAsyncReadyCallback      done)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, done, NULL);

  set_busy (self, TRUE);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, thread_func);
}

/* The question before an erasure ("erase" erases for good, "cancel" does not), not yet
 * presented. */
static GtkWidget *
erase_dialog_new (GtkWidget  *from,
                  const char *heading,
                  const char *body,
                  const char *name)
{
  GtkRoot *root = gtk_widget_get_root (from);
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              heading, body);

  gtk_widget_set_name (dialog, name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "erase", _("_Erase for Good"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}

static void
on_erase_response (AdwMessageDialog        *dialog,
                   const char              *response,
                   SahaPersonalDataSection *self)
{
  if (g_strcmp0 (response, "erase") != 0 || self->customer == NULL || self->busy)
    return;
  run_work (self, customer_work (self), erase_thread, erase_done);
}

void
saha_personal_data_section_ask_erase (SahaPersonalDataSection *self)
{
  g_autofree char *heading = NULL;
  g_autofree char *what = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  g_return_if_fail (SAHA_IS_PERSONAL_DATA_SECTION (self));
  if (self->customer == NULL)
    return;

  /* Translators: %s is the customer's name */
  heading = g_strdup_printf (_("Erase %s's Personal Data?"), saha_record_get (self->customer, "name"));
  what = saha_personal_data_section_describe_erasure (self);
  /* Translators: %s lists what is blanked: "2 contact persons, 3 notes, 1 visit and 1
   * signature" */
  body = g_strdup_printf (_("The customer's name, phone, e-mail, address and notes are "
                            "erased for good, with %s: on the server now and on every device "
                            "at its next sync. Orders and invoices keep their amounts under an "
                            "anonymous customer. This cannot be undone."), what);
  dialog = erase_dialog_new (GTK_WIDGET (self), heading, body, "erase-dialog");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_erase_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
saha_personal_data_can_erase (SahaStore *store)
{
  g_autofree char *role = NULL;

  g_return_val_if_fail (SAHA_IS_STORE (store), FALSE);

  role = saha_store_get_setting (store, "user_role");
  return role_may_erase (role);
}

static void
contact_erase_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  g_free (tell_erased (GTK_WIDGET (source), error));
}

static void
on_erase_contact_response (AdwMessageDialog *dialog,
                           const char       *response,
                           GtkWidget        *from)
{
  g_autoptr(GTask) task = NULL;
  Work *work;

  if (g_strcmp0 (response, "erase") != 0)
    return;
  work = g_new0 (Work, 1);
  work->path = g_strdup (g_object_get_data (G_OBJECT (dialog), "db-path"));
  work->entity = g_strdup ("contact");
  work->id = g_strdup (g_object_get_data (G_OBJECT (dialog), "contact-id"));
  task = g_task_new (from, NULL, contact_erase_done, NULL);
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  g_task_run_in_thread (task, erase_thread);
}

void
saha_personal_data_ask_erase_contact (GtkWidget  *from,
                                      SahaStore  *store,
                                      SahaRecord *contact)
{
  SahaFieldInput where[] = { { "contact", saha_record_get_id (contact) } };
  SahaQuery query = { .where = where, .n_where = 1 };
  g_autoptr(GError) error = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *consents_text = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  guint consents = 0;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (SAHA_IS_STORE (store));
  g_return_if_fail (contact != NULL);

  if (!saha_store_count (store, "consent", &query, &consents, &error))
    g_warning ("Cannot count consent records: %s", error->message);
  consents_text = g_strdup_printf (ngettext ("%u consent statement", "%u consent statements",
                                             consents), consents);
  /* Translators: %s is the contact person's name */
  heading = g_strdup_printf (_("Erase %s's Personal Data?"), saha_record_get (contact, "name"));
  /* Translators: %s counts their consent statements: "2 consent statements" */
  body = g_strdup_printf (_("This contact person's name, role, phone and e-mail are erased "
                            "for good, and the notes of their %s: on the server now and on "
                            "every device at its next sync. The customer and its other people "
                            "stay. This cannot be undone."), consents_text);
  dialog = erase_dialog_new (from, heading, body, "erase-contact-dialog");
  g_object_set_data_full (G_OBJECT (dialog), "db-path", g_strdup (saha_store_get_path (store)),
                          g_free);
  g_object_set_data_full (G_OBJECT (dialog), "contact-id",
                          g_strdup (saha_record_get_id (contact)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_erase_contact_response), from, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- export -------------------------------------------------------------------------- */

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Work *work = task_data;
  GError *error = NULL;
  g_autoptr(JsonNode) document = saha_person_export_build (work->path, "customer", work->id,
                                                           cancellable, &error);
  g_autofree char *text = NULL;

  if (document == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  text = json_to_string (document, TRUE);
  if (!g_file_set_contents_full (work->json_path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &error)
      || !saha_person_export_write_pdf (document, work->pdf_path, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Work *work = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  SahaPersonalDataSection *self = work_finish (source, result, &error);

  if (self == NULL)
    return;
  if (error != NULL)
    /* Translators: %s is the reason */
    message = g_strdup_printf (_("Not exported: %s"), error->message);
  else
    {
      g_autofree char *pdf = g_path_get_basename (work->pdf_path);
      g_autofree char *json = g_path_get_basename (work->json_path);

      /* Translators: the two files of a person's export were written */
      message = g_strdup_printf (_("Exported to %s and %s"), pdf, json);
    }
  tell (self, message);
}

void
saha_personal_data_section_export_to (SahaPersonalDataSection *self,
                                      const char              *pdf_path)
{
  Work *work;

  g_return_if_fail (SAHA_IS_PERSONAL_DATA_SECTION (self));
  g_return_if_fail (pdf_path != NULL);
  if (self->customer == NULL || self->busy)
    return;

  work = customer_work (self);
  work->pdf_path = g_str_has_suffix (pdf_path, ".pdf") ? g_strdup (pdf_path)
                                                       : g_strconcat (pdf_path, ".pdf", NULL);
  {
    g_autofree char *stem = g_strndup (work->pdf_path, strlen (work->pdf_path) - 4);

    work->json_path = g_strconcat (stem, ".json", NULL);
  }
  run_work (self, work, export_thread, export_done);
}

static void
on_export_chosen (GtkNativeDialog         *chooser,
                  int                      response,
                  SahaPersonalDataSection *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        saha_personal_data_section_export_to (self, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SahaPersonalDataSection *self = SAHA_PERSONAL_DATA_SECTION (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (self->customer == NULL)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  chooser = gtk_file_chooser_native_new (_("Export Personal Data"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  /* Translators: the file name offered for a person's export; %s is their name */
  name = g_strdup_printf (_("%s - personal data.pdf"), saha_record_get (self->customer, "name"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

gboolean
saha_personal_data_section_get_busy (SahaPersonalDataSection *self)
{
  g_return_val_if_fail (SAHA_IS_PERSONAL_DATA_SECTION (self), FALSE);

  return self->busy;
}

const char *
saha_personal_data_section_get_last_message (SahaPersonalDataSection *self)
{
  g_return_val_if_fail (SAHA_IS_PERSONAL_DATA_SECTION (self), NULL);

  return self->last_message;
}

/* --- the section ----------------------------------------------------------------------- */

static void
erase_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  saha_personal_data_section_ask_erase (SAHA_PERSONAL_DATA_SECTION (widget));
}

static void
saha_personal_data_section_dispose (GObject *object)
{
  SahaPersonalDataSection *self = SAHA_PERSONAL_DATA_SECTION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->customer, saha_record_unref);
  g_clear_pointer (&self->last_message, g_free);

  G_OBJECT_CLASS (saha_personal_data_section_parent_class)->dispose (object);
}

static void
saha_personal_data_section_class_init (SahaPersonalDataSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = saha_personal_data_section_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-personal-data-section.ui");
  gtk_widget_class_install_action (widget_class, "personal-data.history", NULL,
                                   history_activated);
  gtk_widget_class_install_action (widget_class, "personal-data.export", NULL,
                                   export_activated);
  gtk_widget_class_install_action (widget_class, "personal-data.erase", NULL, erase_activated);
}

static void
saha_personal_data_section_init (SahaPersonalDataSection *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
