/* saha-reach-out.c: calling, texting or e-mailing a customer or one of their contact
 * persons, and what to dial when this computer has no app for it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "saha-reach-out.h"

static const struct
{
  const char *scheme;
  const char *field;
} channels[] = {
  [SAHA_REACH_CALL] = { "tel", "phone" },
  [SAHA_REACH_SMS] = { "sms", "phone" },
  [SAHA_REACH_EMAIL] = { "mailto", "email" },
};

typedef struct
{
  char *name;      /* the person, or the customer */
  char *role;      /* a contact person's role, or NULL */
  char *address;   /* the number or e-mail address */
} Person;

static void
person_free (Person *person)
{
  g_free (person->name);
  g_free (person->role);
  g_free (person->address);
  g_free (person);
}

typedef struct
{
  SahaReachChannel  channel;
  SahaRecord       *customer;
  GPtrArray        *people;    /* Person*, the customer first */
  GtkWindow        *parent;    /* weak */
} Reach;

static void
reach_free (Reach *reach)
{
  g_clear_pointer (&reach->customer, saha_record_unref);
  g_clear_pointer (&reach->people, g_ptr_array_unref);
  g_clear_weak_pointer (&reach->parent);
  g_free (reach);
}

static void
add_person (GPtrArray  *people,
            const char *name,
            const char *role,
            const char *address)
{
  Person *person;

  if (address == NULL || *address == '\0')
    return;
  person = g_new0 (Person, 1);
  person->name = g_strdup (name);
  person->role = g_strdup (role);
  person->address = g_strdup (address);
  g_ptr_array_add (people, person);
}

static char *
preferred_hours (const SahaRecord *customer)
{
  const char *from = saha_record_get (customer, "contact_from");
  const char *to = saha_record_get (customer, "contact_to");

  if (from != NULL && to != NULL)
    /* Translators: a customer's preferred hours for calls, e.g. "09:00–17:00" */
    return g_strdup_printf (_("Preferred hours: %s–%s"), from, to);
  if (from != NULL)
    return g_strdup_printf (_("Preferred hours: from %s"), from);
  if (to != NULL)
    return g_strdup_printf (_("Preferred hours: until %s"), to);
  return NULL;
}

static void
on_no_app_response (AdwMessageDialog *dialog,
                    const char       *response,
                    const char       *address)
{
  if (g_strcmp0 (response, "copy") == 0)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (dialog)), address);
}

/* No app on this computer handles the scheme: GTK would say "Operation not supported".
 * People are shown what to dial on their phone instead, and can copy it. */
static void
show_no_app (Reach        *reach,
             const Person *person)
{
  const char *heading;
  g_autofree char *body = NULL;
  g_autofree char *hours = NULL;
  GtkWidget *dialog;
  GtkWidget *address;

  switch (reach->channel)
    {
    case SAHA_REACH_CALL:
      heading = _("No App for Calls");
      /* Translators: the person to call */
      body = g_strdup_printf (_("This computer cannot place calls. Call %s from your phone:"),
                              person->name);
      hours = preferred_hours (reach->customer);
      break;
    case SAHA_REACH_SMS:
      heading = _("No App for Text Messages");
      body = g_strdup_printf (_("This computer cannot send text messages. Text %s from your "
                                "phone:"), person->name);
      hours = preferred_hours (reach->customer);
      break;
    case SAHA_REACH_EMAIL:
    default:
      heading = _("No App for E-mail");
      body = g_strdup_printf (_("No e-mail app is set up on this computer. Write to %s at:"),
                              person->name);
      break;
    }

  dialog = adw_message_dialog_new (reach->parent, heading, body);
  gtk_widget_set_name (dialog, "no-app-dialog");
  address = gtk_label_new (NULL);
  {
    g_autofree char *markup = NULL;

    if (hours != NULL)
      markup = g_markup_printf_escaped ("<span size='x-large' weight='bold'>%s</span>\n%s",
                                        person->address, hours);
    else
      markup = g_markup_printf_escaped ("<span size='x-large' weight='bold'>%s</span>",
                                        person->address);
    gtk_label_set_markup (GTK_LABEL (address), markup);
  }
  gtk_label_set_selectable (GTK_LABEL (address), TRUE);
  gtk_label_set_justify (GTK_LABEL (address), GTK_JUSTIFY_CENTER);
  gtk_widget_set_name (address, "no-app-address");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), address);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "copy", _("C_opy"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "copy",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "copy");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_no_app_response),
                         g_strdup (person->address), (GClosureNotify) (void (*) (void)) g_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reach_person (Reach        *reach,
              const Person *person)
{
  const char *scheme = channels[reach->channel].scheme;
  g_autoptr(GAppInfo) app = g_app_info_get_default_for_uri_scheme (scheme);
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;

  if (app == NULL)
    {
      show_no_app (reach, person);
      return;
    }

  escaped = g_uri_escape_string (person->address, "+@", FALSE);
  uri = g_strconcat (scheme, ":", escaped, NULL);
  /* GtkUriLauncher is GTK 4.10; Debian 12 has 4.8. */
  gtk_show_uri (reach->parent, uri, GDK_CURRENT_TIME);
}

static void
on_person_activated (GtkListBox    *list,
                     GtkListBoxRow *row,
                     GtkWidget     *dialog)
{
  Reach *reach = g_object_get_data (G_OBJECT (dialog), "saha-reach");
  int index = gtk_list_box_row_get_index (row);

  reach_person (reach, g_ptr_array_index (reach->people, index));
  gtk_window_close (GTK_WINDOW (dialog));
}

/* The customer and their contact persons: whom to reach. */
static void
choose_person (Reach *reach)
{
  GtkWidget *dialog;
  GtkWidget *list = gtk_list_box_new ();
  const char *heading;

  switch (reach->channel)
    {
    case SAHA_REACH_CALL:
      heading = _("Whom to Call?");
      break;
    case SAHA_REACH_SMS:
      heading = _("Whom to Text?");
      break;
    case SAHA_REACH_EMAIL:
    default:
      heading = _("Whom to Write To?");
      break;
    }

  dialog = adw_message_dialog_new (reach->parent, heading, NULL);
  gtk_widget_set_name (dialog, "reach-whom-dialog");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < reach->people->len; i++)
    {
      const Person *person = g_ptr_array_index (reach->people, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *name = g_strdup_printf ("reach-person:%u", i);
      g_autofree char *subtitle = person->role != NULL && *person->role != '\0'
                                  /* Translators: a contact person's role, then their number */
                                  ? g_strdup_printf (_("%s · %s"), person->role, person->address)
                                  : g_strdup (person->address);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), person->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (reach->channel == SAHA_REACH_EMAIL
                                                               ? "mail-unread-symbolic"
                                                               : "call-start-symbolic"));
      gtk_widget_set_name (row, name);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "saha-reach", reach, (GDestroyNotify) reach_free);
  g_signal_connect_object (list, "row-activated", G_CALLBACK (on_person_activated), dialog, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
saha_reach_out (GtkWidget        *widget,
                SahaStore        *store,
                const SahaRecord *customer,
                SahaReachChannel  channel)
{
  const char *field;
  GtkRoot *root;
  Reach *reach;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (store == NULL || SAHA_IS_STORE (store));
  g_return_if_fail (customer != NULL);
  g_return_if_fail (channel <= SAHA_REACH_EMAIL);

  field = channels[channel].field;
  root = gtk_widget_get_root (widget);
  reach = g_new0 (Reach, 1);
  reach->channel = channel;
  reach->customer = saha_record_ref ((SahaRecord *) customer);
  reach->people = g_ptr_array_new_with_free_func ((GDestroyNotify) person_free);
  g_set_weak_pointer (&reach->parent, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);

  add_person (reach->people, saha_record_get (customer, "name"), NULL,
              saha_record_get (customer, field));
  if (store != NULL)
    {
      SahaFieldInput where = { "customer", saha_record_get_id (customer) };
      SahaQuery query = { .where = &where, .n_where = 1 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) contacts = saha_store_list (store, "contact", &query, &error);

      if (contacts == NULL)
        g_warning ("Cannot read the contact persons of %s: %s",
                   saha_record_get_id (customer), error->message);
      for (guint i = 0; contacts != NULL && i < contacts->len; i++)
        {
          SahaRecord *contact = g_ptr_array_index (contacts, i);
          const char *opt_out = saha_record_get (contact, "opt_out");
          const char *opt_channel = channel == SAHA_REACH_EMAIL ? "email"
                                    : channel == SAHA_REACH_SMS ? "sms" : "phone";

          /* A person who asked not to be reached this way is not offered. */
          if (saha_contact_policy_opted_out (opt_out, opt_channel))
            continue;
          add_person (reach->people, saha_record_get (contact, "name"),
                      saha_record_get (contact, "role"), saha_record_get (contact, field));
        }
    }

  if (reach->people->len == 0)
    reach_free (reach);
  else if (reach->people->len == 1)
    {
      reach_person (reach, g_ptr_array_index (reach->people, 0));
      reach_free (reach);
    }
  else
    choose_person (reach);
}
