/* saha-consent-dialog.c: SahaConsentDialog, recording one consent statement.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-consent-dialog.h"

struct _SahaConsentDialog
{
  SahaRecordDialog  parent_instance;

  GPtrArray        *contact_ids;   /* the person dropdown's items after the first */

  GtkWidget        *person_dropdown;
  GtkWidget        *purpose_dropdown;
  GtkWidget        *state_dropdown;
  GtkWidget        *method_dropdown;
  GtkWidget        *notes_entry;
};

G_DEFINE_FINAL_TYPE (SahaConsentDialog, saha_consent_dialog, SAHA_TYPE_RECORD_DIALOG)

/* Fills @dropdown with the translated labels of consent's @field. */
static void
fill_choices (GtkWidget  *dropdown,
              const char *field)
{
  const char * const *choices = saha_schema_choices ("consent", field);
  GtkStringList *labels = gtk_string_list_new (NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    gtk_string_list_append (labels, saha_schema_choice_label ("consent", field, choices[i]));
  gtk_drop_down_set_model (GTK_DROP_DOWN (dropdown), G_LIST_MODEL (labels));
  g_object_unref (labels);
}

static const char *
chosen (GtkWidget  *dropdown,
        const char *field)
{
  const char * const *choices = saha_schema_choices ("consent", field);
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (dropdown));

  return selected < g_strv_length ((char **) choices) ? choices[selected] : NULL;
}

char *
saha_consent_dialog_save (SahaConsentDialog *self)
{
  g_autofree char *user = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *notes = NULL;
  g_autoptr(GArray) inputs = g_array_new (FALSE, FALSE, sizeof (SahaFieldInput));
  g_autoptr(GError) error = NULL;
  SahaRecordDialog *dialog;
  guint person;
  char *id;

  g_return_val_if_fail (SAHA_IS_CONSENT_DIALOG (self), NULL);

  dialog = SAHA_RECORD_DIALOG (self);
  user = saha_store_get_setting (saha_record_dialog_get_store (dialog), "user");
  notes = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->notes_entry))));
  person = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->person_dropdown));
  {
    SahaFieldInput fields[] = {
      { "customer", saha_record_dialog_get_customer_id (dialog) },
      { "purpose", chosen (self->purpose_dropdown, "purpose") },
      { "state", chosen (self->state_dropdown, "state") },
      { "method", chosen (self->method_dropdown, "method") },
      { "at", at },
    };

    g_array_append_vals (inputs, fields, G_N_ELEMENTS (fields));
  }
  if (person >= 1 && person - 1 < self->contact_ids->len)
    {
      SahaFieldInput contact = { "contact", g_ptr_array_index (self->contact_ids, person - 1) };
      g_array_append_val (inputs, contact);
    }
  if (user != NULL && *user != '\0')
    {
      SahaFieldInput recorder = { "recorded_by", user };
      g_array_append_val (inputs, recorder);
    }
  if (*notes != '\0')
    {
      SahaFieldInput note = { "notes", notes };
      g_array_append_val (inputs, note);
    }

  id = saha_record_dialog_create (dialog, "consent", (SahaFieldInput *) (void *) inputs->data,
                                  inputs->len, &error);
  if (id == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The consent is not saved: %s"),
                                                  error->message);

      saha_record_dialog_show_error (dialog, message);
    }
  return id;
}

static char *
save (SahaRecordDialog *dialog)
{
  return saha_consent_dialog_save (SAHA_CONSENT_DIALOG (dialog));
}

SahaConsentDialog *
saha_consent_dialog_new (GtkWindow  *parent,
                         SahaStore  *store,
                         const char *customer_id)
{
  SahaConsentDialog *self;
  g_autoptr(SahaRecord) customer = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;
  GtkStringList *people;
  SahaFieldInput where[] = { { "customer", customer_id } };
  SahaQuery query = { .where = where, .n_where = 1, .order_by = "name" };

  g_return_val_if_fail (SAHA_IS_STORE (store), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  self = g_object_new (SAHA_TYPE_CONSENT_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  saha_record_dialog_set_customer (SAHA_RECORD_DIALOG (self), store, customer_id);

  customer = saha_store_get (store, "customer", customer_id, NULL);
  people = gtk_string_list_new (NULL);
  gtk_string_list_append (people, customer != NULL && saha_record_get (customer, "name") != NULL
                                  ? saha_record_get (customer, "name") : _("The customer"));
  contacts = saha_store_list (store, "contact", &query, &error);
  if (contacts == NULL)
    g_warning ("Cannot list the contacts of customer %s: %s", customer_id, error->message);
  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    {
      SahaRecord *contact = g_ptr_array_index (contacts, i);
      /* Translators: a contact person in the list of whose consent it is */
      g_autofree char *label = g_strdup_printf (_("%s (contact person)"),
                                                saha_record_get (contact, "name"));

      gtk_string_list_append (people, label);
      g_ptr_array_add (self->contact_ids, g_strdup (saha_record_get_id (contact)));
    }
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->person_dropdown), G_LIST_MODEL (people));
  g_object_unref (people);
  return self;
}

static void
saha_consent_dialog_finalize (GObject *object)
{
  SahaConsentDialog *self = SAHA_CONSENT_DIALOG (object);

  g_ptr_array_unref (self->contact_ids);

  G_OBJECT_CLASS (saha_consent_dialog_parent_class)->finalize (object);
}

static void
saha_consent_dialog_class_init (SahaConsentDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = saha_consent_dialog_finalize;
  SAHA_RECORD_DIALOG_CLASS (klass)->save = save;

  saha_record_dialog_class_set_template (widget_class,
                                         "/org/sahacrm/Saha/saha-consent-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaConsentDialog, person_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SahaConsentDialog, purpose_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SahaConsentDialog, state_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SahaConsentDialog, method_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SahaConsentDialog, notes_entry);
}

static void
saha_consent_dialog_init (SahaConsentDialog *self)
{
  self->contact_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The choices and their labels are the schema's. */
  fill_choices (self->purpose_dropdown, "purpose");
  fill_choices (self->state_dropdown, "state");
  fill_choices (self->method_dropdown, "method");
}
