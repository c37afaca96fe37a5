/* saha-contacts-section.c: SahaContactsSection, a customer's contact persons.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-toasts.h"
#include "saha-contact-policy.h"
#include "saha-consent-section.h"
#include "saha-contacts-section.h"
#include "saha-personal-data-section.h"
#include "saha-record-editor.h"

struct _SahaContactsSection
{
  AdwPreferencesGroup  parent_instance;

  SahaStore           *store;
  SahaRecord          *customer;
  GPtrArray           *consents;    /* the customer's consent statements, read with them */
  GPtrArray           *rows;        /* the contact rows shown */
};

G_DEFINE_FINAL_TYPE (SahaContactsSection, saha_contacts_section, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
saha_opt_out_labels (const char *entity,
                     const char *opt_out)
{
  g_auto(GStrv) members = NULL;
  GString *labels = g_string_new (NULL);

  g_return_val_if_fail (entity != NULL, NULL);

  members = g_strsplit (opt_out != NULL ? opt_out : "", ",", -1);
  for (guint i = 0; members[i] != NULL; i++)
    {
      if (*members[i] == '\0')
        continue;
      if (labels->len > 0)
        g_string_append (labels, ", ");
      g_string_append (labels, saha_schema_choice_label (entity, "opt_out", members[i]));
    }
  return g_string_free (labels, FALSE);
}

static GtkWindow *
parent_window (SahaContactsSection *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The page that shows the section reads the contact persons again (on a worker) and
 * hands them back through saha_contacts_section_show(). */
static void
on_saved (SahaContactsSection *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
open_editor (SahaContactsSection *self,
             const char          *contact_id)
{
  SahaRecordEditor *editor;

  editor = saha_record_editor_new (parent_window (self), self->store, "contact", contact_id,
                                   saha_record_get_id (self->customer));
  g_signal_connect_object (editor, "saved", G_CALLBACK (on_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_undo_clicked (AdwToast            *toast,
                 SahaContactsSection *self)
{
  const char *id = g_object_get_data (G_OBJECT (toast), "contact-id");
  g_autoptr(GError) error = NULL;

  if (!saha_store_restore (self->store, "contact", id, &error))
    {
      g_warning ("Cannot undo the deletion of contact %s: %s", id, error->message);
      return;
    }
  on_saved (self);
}

static void
on_delete_response (AdwMessageDialog    *dialog,
                    const char          *response,
                    SahaContactsSection *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "contact-id");
  const char *name = g_object_get_data (G_OBJECT (dialog), "contact-name");
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (g_strcmp0 (response, "erase") == 0)
    {
      /* The person as the page read them, not read again on the UI thread. */
      saha_personal_data_ask_erase_contact (GTK_WIDGET (self), self->store,
                                            g_object_get_data (G_OBJECT (dialog), "contact"));
      return;
    }
  if (g_strcmp0 (response, "delete") != 0)
    return;

  if (!saha_store_delete (self->store, "contact", id, &error))
    {
      g_warning ("Cannot delete contact %s: %s", id, error->message);
      return;
    }
  on_saved (self);

  /* Translators: a toast after a contact person was deleted; %s is their name */
  message = g_strdup_printf (_("%s deleted"), name);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "contact-id", g_strdup (id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked), self, 0);
  saha_toasts_show_near (GTK_WIDGET (self), toast);
}

static void
ask_delete (SahaContactsSection *self,
            SahaRecord          *contact)
{
  const char *name = saha_record_get (contact, "name");
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Translators: %s is a contact person's name */
  heading = g_strdup_printf (_("Delete %s?"), name);
  dialog = adw_message_dialog_new (parent_window (self), heading,
                                   _("Only this contact person is deleted; the customer and "
                                     "its records stay."));
  gtk_widget_set_name (dialog, "delete-contact-dialog");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* The office may erase the person for good instead (KVKK), behind its own question. */
  if (saha_personal_data_can_erase (self->store))
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "erase",
                                     _("_Erase Personal Data…"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "contact-id",
                          g_strdup (saha_record_get_id (contact)), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "contact-name", g_strdup (name), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "contact", saha_record_ref (contact),
                          (GDestroyNotify) saha_record_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
launch (GtkWidget  *button,
        const char *uri)
{
  GtkRoot *root = gtk_widget_get_root (button);

  /* GtkUriLauncher is GTK 4.10; Debian 12 has 4.8. */
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static void
on_channel_clicked (GtkButton *button)
{
  launch (GTK_WIDGET (button), g_object_get_data (G_OBJECT (button), "uri"));
}

static void
on_edit_clicked (GtkButton *button)
{
  SahaContactsSection *self =
    SAHA_CONTACTS_SECTION (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                    SAHA_TYPE_CONTACTS_SECTION));

  open_editor (self, g_object_get_data (G_OBJECT (button), "contact-id"));
}

static void
on_delete_clicked (GtkButton *button)
{
  SahaContactsSection *self =
    SAHA_CONTACTS_SECTION (gtk_widget_get_ancestor (GTK_WIDGET (button),
                                                    SAHA_TYPE_CONTACTS_SECTION));

  ask_delete (self, g_object_get_data (G_OBJECT (button), "contact"));
}

/* A call, message or e-mail button for one person: off, and saying why, for a channel
 * the person or the customer does not want, or when there is no address. */
static GtkWidget *
channel_button (SahaContactsSection *self,
                SahaRecord          *contact,
                const char          *channel,
                const char          *icon,
                const char          *scheme,
                const char          *address,
                const char          *ready)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);
  g_autofree char *name = g_strdup_printf ("contact-%s", channel);
  g_autofree char *withdrawn = NULL;
  const char *tooltip;
  gboolean enabled = FALSE;

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  if (saha_contact_policy_opted_out (saha_record_get (contact, "opt_out"), channel))
    /* Translators: a contact button's tooltip; the person opted out of the channel */
    tooltip = _("This person does not want to be contacted this way");
  else if (saha_contact_policy_opted_out (saha_record_get (self->customer, "opt_out"), channel))
    tooltip = _("The customer does not want to be contacted this way");
  else if ((withdrawn = saha_consent_withdrawal_reason (self->consents,
                                                        saha_record_get_id (contact),
                                                        channel)) != NULL)
    tooltip = withdrawn;
  else if (address == NULL)
    tooltip = g_str_equal (channel, "email") ? _("No e-mail address") : _("No phone number");
  else
    {
      g_autofree char *escaped = g_uri_escape_string (address, "+@", FALSE);

      tooltip = _(ready);
      enabled = TRUE;
      g_object_set_data_full (G_OBJECT (button), "uri", g_strconcat (scheme, ":", escaped, NULL),
                              g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (on_channel_clicked), NULL);
    }
  gtk_widget_set_sensitive (button, enabled);
  gtk_widget_set_tooltip_text (button, tooltip);
  /* An insensitive button shows no tooltip in GTK 4.8: its accessible name says it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  return button;
}

static GtkWidget *
contact_row (SahaContactsSection *self,
             SahaRecord          *contact)
{
  const char *phone = saha_record_get (contact, "phone");
  const char *email = saha_record_get (contact, "email");
  const char *channel = saha_record_get (contact, "preferred_channel");
  const char *opt_out = saha_record_get (contact, "opt_out");
  GtkWidget *row = adw_action_row_new ();
  GString *subtitle = g_string_new (NULL);
  const char *parts[4] = { saha_record_get (contact, "role"), phone, email, NULL };
  g_autofree char *preferred = NULL;
  g_autofree char *unwanted = NULL;
  GtkWidget *button;

  if (channel != NULL)
    /* Translators: a contact person's preferred channel, e.g. "Prefers E-mail" */
    preferred = g_strdup_printf (_("Prefers %s"),
                                 saha_schema_choice_label ("contact", "preferred_channel",
                                                           channel));
  parts[3] = preferred;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      {
        if (subtitle->len > 0)
          g_string_append (subtitle, " · ");
        g_string_append (subtitle, parts[i]);
      }
  if (opt_out != NULL)
    {
      g_autofree char *labels = saha_opt_out_labels ("contact", opt_out);

      /* Translators: the channels a contact person opted out of, e.g. "Not: SMS, E-mail" */
      unwanted = g_strdup_printf (_("Not: %s"), labels);
      g_string_append_printf (subtitle, "%s%s", subtitle->len > 0 ? " · " : "", unwanted);
    }

  gtk_widget_set_name (row, "contact-row");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), saha_record_get (contact, "name"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  g_string_free (subtitle, TRUE);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             channel_button (self, contact, "phone", "call-start-symbolic", "tel",
                                             phone, N_("Call")));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             channel_button (self, contact, "sms", "mail-send-symbolic", "sms",
                                             phone, N_("Send a text message")));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             channel_button (self, contact, "email", "mail-unread-symbolic",
                                             "mailto", email, N_("Write an e-mail")));

  button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_name (button, "edit-contact");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Edit"));
  g_object_set_data_full (G_OBJECT (button), "contact-id",
                          g_strdup (saha_record_get_id (contact)), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_edit_clicked), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_name (button, "delete-contact");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Delete…"));
  g_object_set_data_full (G_OBJECT (button), "contact", saha_record_ref (contact),
                          (GDestroyNotify) saha_record_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_delete_clicked), NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  return row;
}

void
saha_contacts_section_show (SahaContactsSection *self,
                            SahaStore           *store,
                            SahaRecord          *customer,
                            GPtrArray           *contacts,
                            GPtrArray           *consents)
{
  g_return_if_fail (SAHA_IS_CONTACTS_SECTION (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (store != self->store)
    g_set_object (&self->store, store);
  if (customer != self->customer)
    {
      SahaRecord *old = self->customer;

      self->customer = customer != NULL ? saha_record_ref (customer) : NULL;
      g_clear_pointer (&old, saha_record_unref);
    }
  if (consents != self->consents)
    {
      g_clear_pointer (&self->consents, g_ptr_array_unref);
      self->consents = consents != NULL ? g_ptr_array_ref (consents) : NULL;
    }
  if (self->store == NULL || self->customer == NULL || contacts == NULL)
    return;

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         contacts->len == 0 ? _("No contact persons yet")
                                                            : NULL);
  for (guint i = 0; i < contacts->len; i++)
    {
      GtkWidget *row = contact_row (self, g_ptr_array_index (contacts, i));

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
on_add_clicked (SahaContactsSection *self)
{
  if (self->customer != NULL)
    open_editor (self, NULL);
}

static void
saha_contacts_section_dispose (GObject *object)
{
  SahaContactsSection *self = SAHA_CONTACTS_SECTION (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->consents, g_ptr_array_unref);
  g_clear_pointer (&self->customer, saha_record_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_contacts_section_parent_class)->dispose (object);
}

static void
saha_contacts_section_class_init (SahaContactsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = saha_contacts_section_dispose;

  /* The section wrote a contact person (created, edited, deleted or restored). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
saha_contacts_section_init (SahaContactsSection *self)
{
  GtkWidget *add = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  self->rows = g_ptr_array_new ();
  gtk_widget_set_name (GTK_WIDGET (self), "contacts");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Contact Persons"));

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_Add"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (add), content);
  gtk_widget_set_name (add, "add-contact");
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, _("Add a contact person"));
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (on_add_clicked), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), add);
}
