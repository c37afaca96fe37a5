/* saha-customer-page.c: SahaCustomerPage, everything about one customer on one page.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-template.h"
#include "saha-toasts.h"
#include "saha-assign-dialog.h"
#include "saha-consent-section.h"
#include "saha-contacts-section.h"
#include "saha-contact-policy.h"
#include "saha-customer-note-dialog.h"
#include "saha-customer-page.h"
#include "saha-task-dialog.h"
#include "saha-money-display.h"
#include "saha-personal-data-section.h"
#include "saha-reach-out.h"
#include "saha-record-editor.h"
#include "saha-segment-badge.h"
#include "saha-store-analytics.h"
#include "saha-store-customer-summary.h"
#include "saha-store-reader.h"
#include "saha-store-saves.h"

/* How many of a customer's orders, calls, visits and notes the page lists; the group's
 * description gives the full counts. Recent ones first. */
#define RECENT_LIMIT 10

struct _SahaCustomerPage
{
  GtkWidget             parent_instance;

  SahaStore            *store;
  char                 *customer_id;  /* the customer shown, or being read */
  SahaRecord           *customer;     /* as last read; NULL until then */
  gboolean              narrow;
  GPtrArray            *added_rows;   /* (group, row) pairs made for this customer */
  /* The whole page (the record, counts, lists, segment, campaigns, the contact persons,
   * the consents and the user's role) comes from one read on a worker (read_page()). */
  SahaCustomerSummary  *summary;
  GCancellable         *summary_cancellable;

  AdwWindowTitle       *window_title;
  GtkStack             *stack;
  GtkSpinner           *loading_spinner;
  GtkLabel             *name_label;
  GtkLabel             *identity_label;
  GtkWidget            *call_button;
  GtkWidget            *sms_button;
  GtkWidget            *email_button;
  AdwActionRow         *channel_row;
  GtkImage             *channel_icon;
  AdwActionRow         *time_row;
  AdwActionRow         *opt_out_row;
  AdwActionRow         *language_row;
  AdwActionRow         *phone_row;
  AdwActionRow         *email_row;
  AdwActionRow         *address_row;
  AdwActionRow         *credit_row;
  AdwActionRow         *assigned_row;
  AdwPreferencesGroup  *orders_group;
  AdwPreferencesGroup  *calls_group;
  AdwPreferencesGroup  *visits_group;
  AdwPreferencesGroup  *notes_group;
  GtkLabel             *segment_label;
  AdwPreferencesGroup  *campaigns_group;
  SahaContactsSection  *contacts_section;
  SahaConsentSection   *consent_section;
  SahaPersonalDataSection *personal_data_section;
};

G_DEFINE_FINAL_TYPE (SahaCustomerPage, saha_customer_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Why a contact action is off, per channel (the channels' own labels are the schema's). */
typedef struct
{
  const char *value;
  const char *label;
} Choice;

static const Choice opt_out_reasons[] = {
  { "phone", N_("Does not want phone calls") },
  { "sms", N_("Does not want text messages") },
  { "email", N_("Does not want e-mail") },
  { NULL }
};

static const char *
opt_out_reason (const char *channel)
{
  for (const Choice *c = opt_out_reasons; c->value != NULL; c++)
    if (g_strcmp0 (c->value, channel) == 0)
      return _(c->label);

  return channel;
}

/* A UTC ISO 8601 timestamp as a local date and time, in the locale's date format. */
static char *
format_timestamp (const char *timestamp,
                  gboolean    with_time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (timestamp == NULL)
    return NULL;

  utc = g_date_time_new_from_iso8601 (timestamp, NULL);
  if (utc == NULL)
    return g_strdup (timestamp);

  local = g_date_time_to_local (utc);
  return with_time ? saha_format_date_time (local, saha_format_style_default ())
                   : saha_format_date (local, saha_format_style_default ());
}

/* Joins the non-NULL, non-empty strings with " · ". */
static char *
join_parts (const char *first,
            ...)
{
  GString *out = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *part = first; part != (const char *) 1; part = va_arg (args, const char *))
    {
      if (part == NULL || *part == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, " · ");
      g_string_append (out, part);
    }
  va_end (args);

  return g_string_free (out, FALSE);
}
#define JOIN(...) join_parts (__VA_ARGS__, (const char *) 1)

static void
set_row (AdwActionRow *row,
         const char   *value,
         const char   *missing)
{
  adw_action_row_set_subtitle (row, value != NULL && *value != '\0' ? value : missing);
}

static void
clear_added_rows (SahaCustomerPage *self)
{
  for (guint i = 0; i + 1 < self->added_rows->len; i += 2)
    adw_preferences_group_remove (g_ptr_array_index (self->added_rows, i),
                                  g_ptr_array_index (self->added_rows, i + 1));
  g_ptr_array_set_size (self->added_rows, 0);
}

static AdwActionRow *
add_row (SahaCustomerPage    *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  adw_action_row_set_subtitle (row, subtitle);
  adw_action_row_set_subtitle_lines (row, 3);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_group_add (group, GTK_WIDGET (row));
  g_ptr_array_add (self->added_rows, group);
  g_ptr_array_add (self->added_rows, row);

  return row;
}

/* An order's or a call's row opens it on its own page; its Back comes back here. */
static void
make_opening (SahaCustomerPage *self,
              AdwActionRow     *row,
              const char       *name,
              SahaRecord       *record)
{
  gtk_widget_set_name (GTK_WIDGET (row), name);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  /* The target first: a name without its target would be checked against none. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "(sss)",
                                    saha_record_get_entity (record)->name,
                                    saha_record_get_id (record),
                                    saha_record_get_id (self->customer));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-from-customer");
  adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
}

static void
add_status_suffix (AdwActionRow *row,
                   const char   *text,
                   const char   *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "saha-status");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  adw_action_row_add_suffix (row, label);
}

static guint
count_where (SahaCustomerPage *self,
             const char       *entity,
             const char       *status)
{
  return self->summary != NULL ? saha_customer_summary_count (self->summary, entity, status) : 0;
}

/* The summary's lists are ordered as the page shows them: @order_by is what it read by. */
static GPtrArray *
list_recent (SahaCustomerPage *self,
             const char       *entity,
             const char       *order_by)
{
  if (self->summary == NULL)
    return g_ptr_array_new ();
  return saha_customer_summary_dup_recent (self->summary, entity);
}

static void
fill_orders (SahaCustomerPage *self)
{
  static const char * const open_statuses[] = { "draft", "quote", "confirmed" };
  guint total = count_where (self, "order", NULL);
  guint open = 0;
  g_autoptr(GPtrArray) orders = NULL;
  g_autofree char *description = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (open_statuses); i++)
    open += count_where (self, "order", open_statuses[i]);

  if (total == 0)
    description = g_strdup (_("No orders yet"));
  else
    /* Translators: "2 open, 14 in all" for a customer's orders */
    description = g_strdup_printf (ngettext ("%u open, %u in all", "%u open, %u in all", total),
                                   open, total);
  adw_preferences_group_set_description (self->orders_group, description);

  orders = list_recent (self, "order", "ordered_at");
  for (guint i = 0; i < orders->len; i++)
    {
      SahaRecord *order = g_ptr_array_index (orders, i);
      const char *status = saha_record_get (order, "status");
      g_autofree char *when = format_timestamp (saha_record_get (order, "ordered_at"), FALSE);
      g_autofree char *subtitle = JOIN (when, saha_record_get (order, "notes"));
      AdwActionRow *row;
      gboolean is_open = g_strv_contains (open_statuses, status != NULL ? status : "");

      row = add_row (self, self->orders_group, saha_record_get (order, "number"), subtitle);
      add_status_suffix (row, saha_schema_choice_label ("order", "status", status),
                         is_open ? "accent" : "dim-label");
      make_opening (self, row, "customer-order-row", order);
    }
}

static void
fill_calls (SahaCustomerPage *self)
{
  static const char * const open_statuses[] = { "new", "assigned", "travelling", "on_site" };
  guint total = count_where (self, "service_call", NULL);
  guint open = 0;
  g_autoptr(GPtrArray) calls = NULL;
  g_autofree char *description = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (open_statuses); i++)
    open += count_where (self, "service_call", open_statuses[i]);

  if (total == 0)
    description = g_strdup (_("No service calls yet"));
  else
    description = g_strdup_printf (ngettext ("%u open, %u in all", "%u open, %u in all", total),
                                   open, total);
  adw_preferences_group_set_description (self->calls_group, description);

  calls = list_recent (self, "service_call", "scheduled_at");
  for (guint i = 0; i < calls->len; i++)
    {
      SahaRecord *call = g_ptr_array_index (calls, i);
      const char *status = saha_record_get (call, "status");
      const char *priority = saha_record_get (call, "priority");
      g_autofree char *when = format_timestamp (saha_record_get (call, "scheduled_at"), TRUE);
      g_autofree char *title = JOIN (saha_record_get (call, "number"),
                                     saha_record_get (call, "problem"));
      g_autofree char *subtitle =
        JOIN (when, saha_schema_choice_label ("service_call", "priority", priority),
              saha_record_get (call, "assigned_to"));
      AdwActionRow *row;
      gboolean is_open = g_strv_contains (open_statuses, status != NULL ? status : "");

      row = add_row (self, self->calls_group, title, subtitle);
      add_status_suffix (row, saha_schema_choice_label ("service_call", "status", status),
                         !is_open ? "dim-label"
                         : g_strcmp0 (priority, "urgent") == 0 ? "error" : "accent");
      make_opening (self, row, "customer-call-row", call);
    }
}

static void
fill_visits (SahaCustomerPage *self)
{
  guint total = count_where (self, "visit", NULL);
  g_autoptr(GPtrArray) visits = NULL;
  g_autofree char *description = NULL;

  if (total == 0)
    description = g_strdup (_("No visits yet"));
  else
    description = g_strdup_printf (ngettext ("%u visit", "%u visits", total), total);
  adw_preferences_group_set_description (self->visits_group, description);

  visits = list_recent (self, "visit", "check_in_at");
  for (guint i = 0; i < visits->len; i++)
    {
      SahaRecord *visit = g_ptr_array_index (visits, i);
      g_autofree char *when = format_timestamp (saha_record_get (visit, "check_in_at"), TRUE);
      g_autofree char *title = JOIN (when, saha_schema_choice_label ("visit", "purpose",
                                                         saha_record_get (visit, "purpose")));
      g_autofree char *subtitle = JOIN (saha_record_get (visit, "user"),
                                        saha_record_get (visit, "outcome"));

      add_row (self, self->visits_group, title, subtitle);
    }
}

/* A complaint's Follow Up: a task about it for the user, its title suggested. */
static void
on_follow_up_clicked (GtkButton        *button,
                      SahaCustomerPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  SahaTaskDialog *dialog;
  g_autofree char *title = NULL;

  if (self->customer == NULL)
    return;
  dialog = saha_task_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                 saha_record_get_id (self->customer), "note",
                                 g_object_get_data (G_OBJECT (button), "note-id"));
  /* Translators: the suggested title of a complaint's follow-up task */
  title = g_strdup_printf (_("Follow up: %s"),
                           (const char *) g_object_get_data (G_OBJECT (button), "summary"));
  saha_task_dialog_set_task_title (dialog, title);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_follow_up_button (SahaCustomerPage *self,
                      AdwActionRow     *row,
                      SahaRecord       *note)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Follow Up"));

  gtk_widget_set_name (button, "follow-up");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "note-id", g_strdup (saha_record_get_id (note)),
                          g_free);
  g_object_set_data_full (G_OBJECT (button), "summary",
                          g_strdup (saha_record_get (note, "summary")), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_follow_up_clicked), self, 0);
  adw_action_row_add_suffix (row, button);
}

static void
fill_notes (SahaCustomerPage *self)
{
  guint total = count_where (self, "note", NULL);
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *description = NULL;

  if (total == 0)
    description = g_strdup (_("Nothing written down yet"));
  else
    description = g_strdup_printf (ngettext ("%u note", "%u notes", total), total);
  adw_preferences_group_set_description (self->notes_group, description);

  notes = list_recent (self, "note", "at");
  for (guint i = 0; i < notes->len; i++)
    {
      SahaRecord *note = g_ptr_array_index (notes, i);
      const char *channel = saha_record_get (note, "channel");
      gboolean complaint = g_strcmp0 (channel, "complaint") == 0;
      g_autofree char *when = format_timestamp (saha_record_get (note, "at"), TRUE);
      g_autofree char *subtitle = JOIN (when,
                                        saha_schema_choice_label ("note", "channel", channel),
                                        saha_record_get (note, "by"));
      AdwActionRow *row;

      row = add_row (self, self->notes_group, saha_record_get (note, "summary"), subtitle);
      if (complaint)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          /* A complaint must catch the eye of whoever picks up the phone next. */
          gtk_widget_add_css_class (icon, "error");
          gtk_widget_set_tooltip_text (icon, _("Complaint"));
          adw_action_row_add_prefix (row, icon);
          add_status_suffix (row,
                             g_strcmp0 (saha_record_get (note, "status"), "resolved") == 0
                             ? _("Resolved") : _("Open complaint"),
                             g_strcmp0 (saha_record_get (note, "status"), "resolved") == 0
                             ? "dim-label" : "error");
          add_follow_up_button (self, row, note);
        }
    }
}

/* The contact actions follow the customer's wishes: a channel they opted out of is
 * disabled, and the button says why. */
static void
update_contact_actions (SahaCustomerPage *self,
                        GPtrArray        *consents)
{
  const char *phone = saha_record_get (self->customer, "phone");
  const char *email = saha_record_get (self->customer, "email");
  const char *opt_out = saha_record_get (self->customer, "opt_out");
  struct {
    const char *action;
    GtkWidget  *button;
    const char *channel;
    gboolean    has_address;
    const char *missing;
    const char *ready;
  } actions[] = {
    { "customer.call", self->call_button, "phone", phone != NULL,
      N_("No phone number"), N_("Call the customer") },
    { "customer.sms", self->sms_button, "sms", phone != NULL,
      N_("No phone number"), N_("Send a text message") },
    { "customer.email", self->email_button, "email", email != NULL,
      N_("No e-mail address"), N_("Write an e-mail") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      gboolean opted_out = saha_contact_policy_opted_out (opt_out, actions[i].channel);
      g_autofree char *withdrawn = NULL;
      const char *tooltip;

      /* A withdrawn consent counts as an opt-out, with its own reason. */
      if (!opted_out)
        withdrawn = saha_consent_withdrawal_reason (consents, NULL, actions[i].channel);
      opted_out = opted_out || withdrawn != NULL;
      if (withdrawn != NULL)
        tooltip = withdrawn;
      else if (opted_out)
        tooltip = opt_out_reason (actions[i].channel);
      else if (!actions[i].has_address)
        tooltip = _(actions[i].missing);
      else
        tooltip = _(actions[i].ready);

      gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i].action,
                                     !opted_out && actions[i].has_address);
      gtk_widget_set_tooltip_text (actions[i].button, tooltip);
    }
}

static void
fill_identity (SahaCustomerPage *self)
{
  SahaRecord *c = self->customer;
  const char *name = saha_record_get (c, "name");
  const char *kind = saha_schema_choice_label ("customer", "kind", saha_record_get (c, "kind"));
  const char *code = saha_record_get (c, "code");
  const char *tax_id = saha_record_get (c, "tax_id");
  g_autofree char *code_text = code != NULL ? g_strdup_printf (_("Code %s"), code) : NULL;
  g_autofree char *tax_text = tax_id != NULL ? g_strdup_printf (_("Tax ID %s"), tax_id) : NULL;
  g_autofree char *identity = JOIN (kind, code_text, tax_text);

  gtk_label_set_label (self->name_label, name);
  gtk_label_set_label (self->identity_label, identity);
  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, saha_record_get (c, "city"));
}

static void
fill_preferences (SahaCustomerPage *self)
{
  SahaRecord *c = self->customer;
  const char *channel = saha_record_get (c, "preferred_channel");
  const char *from = saha_record_get (c, "contact_from");
  const char *to = saha_record_get (c, "contact_to");
  const char *opt_out = saha_record_get (c, "opt_out");
  g_autofree char *time_text = NULL;
  g_autofree char *opted = NULL;
  static const char * const channel_icons[][2] = {
    { "phone", "call-start-symbolic" },
    { "sms", "mail-send-symbolic" },
    { "email", "mail-unread-symbolic" },
    { "visit", "mark-location-symbolic" },
  };

  set_row (self->channel_row, saha_schema_choice_label ("customer", "preferred_channel", channel),
           _("No preference"));
  gtk_image_set_from_icon_name (self->channel_icon, "starred-symbolic");
  for (guint i = 0; i < G_N_ELEMENTS (channel_icons); i++)
    if (g_strcmp0 (channel, channel_icons[i][0]) == 0)
      gtk_image_set_from_icon_name (self->channel_icon, channel_icons[i][1]);

  if (from != NULL && to != NULL)
    /* Translators: a time range, e.g. "09:00–17:00" */
    time_text = g_strdup_printf (_("%s–%s"), from, to);
  else if (from != NULL)
    time_text = g_strdup_printf (_("From %s"), from);
  else if (to != NULL)
    time_text = g_strdup_printf (_("Until %s"), to);
  set_row (self->time_row, time_text, _("Any time"));

  opted = saha_opt_out_labels ("customer", opt_out);
  gtk_widget_set_visible (GTK_WIDGET (self->opt_out_row), *opted != '\0');
  set_row (self->opt_out_row, opted, NULL);

  set_row (self->language_row,
           saha_schema_choice_label ("customer", "language", saha_record_get (c, "language")),
           _("Not known"));
}

static void
fill_details (SahaCustomerPage *self)
{
  SahaRecord *c = self->customer;
  g_autofree char *address = NULL;
  g_autofree char *credit = NULL;
  const char *district = saha_record_get (c, "district");
  const char *city = saha_record_get (c, "city");
  g_autofree char *place = NULL;

  set_row (self->phone_row, saha_record_get (c, "phone"), _("None"));
  set_row (self->email_row, saha_record_get (c, "email"), _("None"));

  if (district != NULL && city != NULL)
    place = g_strdup_printf ("%s/%s", district, city);
  else
    place = g_strdup (city != NULL ? city : district);
  address = JOIN (saha_record_get (c, "address"), place);
  set_row (self->address_row, address, _("None"));

  credit = saha_money_display (saha_record_get (c, "credit_limit"),
                               saha_record_get (c, "currency"), saha_money_style_default ());
  set_row (self->credit_row, credit, _("None"));
  set_row (self->assigned_row, saha_record_get (c, "assigned_to"), _("Nobody"));
}

/* What the page's one read brings: the summary, and what the page needs to act — the
 * signed-in user's role (assigning and the Personal Data section are office's), the
 * customer's consent statements (a withdrawn one switches Call/Message/E-mail off) and
 * their contact persons. */
typedef struct
{
  SahaCustomerSummary *summary;
  char                *role;
  GPtrArray           *consents;   /* SahaConsent* */
  GPtrArray           *contacts;   /* SahaRecord* */
} PageRead;

static void
page_read_free (PageRead *read)
{
  g_clear_pointer (&read->summary, saha_customer_summary_free);
  g_clear_pointer (&read->role, g_free);
  g_clear_pointer (&read->consents, g_ptr_array_unref);
  g_clear_pointer (&read->contacts, g_ptr_array_unref);
  g_free (read);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageRead, page_read_free)

/* In a worker, on its own connection; cancelled when another customer is shown. */
static gpointer
read_page (SahaStore     *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  const char *customer_id = data;
  g_autoptr(PageRead) read = g_new0 (PageRead, 1);
  SahaFieldInput where[] = { { "customer", customer_id } };
  SahaQuery query = { .where = where, .n_where = 1 };

  read->summary = saha_store_customer_summary_sync (store, customer_id, RECENT_LIMIT,
                                                    cancellable, error);
  if (read->summary == NULL)
    return NULL;
  read->role = saha_store_get_setting (store, "user_role");
  if (read->summary->customer == NULL || saha_record_is_deleted (read->summary->customer))
    return g_steal_pointer (&read);

  read->consents = saha_store_list_consents (store, customer_id, error);
  if (read->consents == NULL)
    return NULL;
  read->contacts = saha_store_list (store, "contact", &query, error);
  if (read->contacts == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&read);
}

static void
clear_campaign_rows (SahaCustomerPage *self)
{
  GtkWidget *row;

  while ((row = g_object_get_data (G_OBJECT (self->campaigns_group), "first-row")) != NULL)
    {
      g_object_set_data (G_OBJECT (self->campaigns_group), "first-row",
                         g_object_get_data (G_OBJECT (row), "next-row"));
      adw_preferences_group_remove (self->campaigns_group, row);
    }
}

static void
fill_campaigns (SahaCustomerPage *self)
{
  GPtrArray *campaigns = self->summary->campaigns;
  GtkWidget *previous = NULL;

  clear_campaign_rows (self);
  for (guint i = 0; i < campaigns->len; i++)
    {
      SahaRecord *campaign = g_ptr_array_index (campaigns, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), saha_record_get (campaign, "name"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   saha_schema_choice_label ("customer", "preferred_channel",
                                                 saha_record_get (campaign, "channel")));
      adw_preferences_group_add (self->campaigns_group, row);
      if (previous == NULL)
        g_object_set_data (G_OBJECT (self->campaigns_group), "first-row", row);
      else
        g_object_set_data (G_OBJECT (previous), "next-row", row);
      previous = row;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->campaigns_group), campaigns->len > 0);
}

/* The actions that act on the customer as read: off until the read of a customer just
 * chosen lands, so that nothing acts on a customer not yet read (the contact actions then
 * follow their consents, update_contact_actions()). */
static void
set_actions_enabled (SahaCustomerPage *self,
                     gboolean          enabled,
                     gboolean          can_assign)
{
  static const char * const actions[] = {
    "customer.call", "customer.sms", "customer.email", "customer.edit", "customer.delete",
    "customer.new-order", "customer.new-service-call", "customer.log-visit",
    "customer.new-task", "customer.add-note",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.assign", enabled && can_assign);
}

/* No customer (none chosen, or gone from the replica): the page says so. */
static void
show_empty (SahaCustomerPage *self,
            const char       *role)
{
  g_clear_pointer (&self->customer_id, g_free);
  g_clear_pointer (&self->customer, saha_record_unref);
  clear_added_rows (self);
  clear_campaign_rows (self);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  gtk_spinner_stop (self->loading_spinner);
  adw_window_title_set_title (self->window_title, "");
  adw_window_title_set_subtitle (self->window_title, NULL);
  set_actions_enabled (self, FALSE, FALSE);
  saha_contacts_section_show (self->contacts_section, self->store, NULL, NULL, NULL);
  saha_consent_section_show (self->consent_section, self->store, NULL);
  saha_personal_data_section_show (self->personal_data_section, self->store, NULL, role);
}

static void
page_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SahaCustomerPage *self = SAHA_CUSTOMER_PAGE (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(PageRead) read = saha_store_read_finish (result, &error);
  SahaCustomerSummary *summary;

  /* Another customer was shown meanwhile, or the page is going away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->summary_cancellable);
  if (read == NULL)
    {
      g_warning ("Cannot read customer %s: %s", self->customer_id, error->message);
      show_empty (self, NULL);
      return;
    }
  summary = read->summary;
  if (summary->customer == NULL || saha_record_is_deleted (summary->customer))
    {
      show_empty (self, read->role);
      return;
    }

  g_clear_pointer (&self->summary, saha_customer_summary_free);
  self->summary = g_steal_pointer (&read->summary);
  g_clear_pointer (&self->customer, saha_record_unref);
  self->customer = saha_record_ref (self->summary->customer);

  fill_identity (self);
  fill_preferences (self);
  fill_details (self);
  set_actions_enabled (self, TRUE,
                       g_strcmp0 (read->role, "office") == 0
                       || g_strcmp0 (read->role, "admin") == 0);
  update_contact_actions (self, read->consents);

  clear_added_rows (self);
  fill_orders (self);
  fill_calls (self);
  fill_visits (self);
  fill_notes (self);
  saha_segment_badge_apply (self->segment_label, self->summary->rfm->segment);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->segment_label),
                               _("Segment by recency, frequency and value of orders"));
  fill_campaigns (self);

  saha_contacts_section_show (self->contacts_section, self->store, self->customer,
                              read->contacts, read->consents);
  saha_consent_section_show (self->consent_section, self->store, self->customer);
  saha_personal_data_section_show (self->personal_data_section, self->store, self->customer,
                                   read->role);
  gtk_spinner_stop (self->loading_spinner);
  gtk_stack_set_visible_child_name (self->stack, "customer");
}

gboolean
saha_customer_page_get_loading (SahaCustomerPage *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_PAGE (self), FALSE);
  return self->summary_cancellable != NULL;
}

void
saha_customer_page_reload (SahaCustomerPage *self)
{
  g_return_if_fail (SAHA_IS_CUSTOMER_PAGE (self));

  if (self->store == NULL || self->customer_id == NULL)
    {
      g_cancellable_cancel (self->summary_cancellable);
      g_clear_object (&self->summary_cancellable);
      show_empty (self, NULL);
      return;
    }

  /* Until the read lands, another customer's page says it is reading and no action acts
   * on a customer not yet read. The same customer's page stays as it was, but Call,
   * Message and E-mail wait for the fresh consent answer: a consent withdrawn meanwhile
   * must switch them off before they can be pressed. */
  if (self->customer == NULL)
    {
      set_actions_enabled (self, FALSE, FALSE);
      gtk_spinner_start (self->loading_spinner);
      gtk_stack_set_visible_child_name (self->stack, "loading");
    }
  else
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.call", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.sms", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.email", FALSE);
    }
  saha_store_read_async (self, self->store, read_page, g_strdup (self->customer_id), g_free,
                         (GDestroyNotify) page_read_free,
                         saha_store_read_restart (&self->summary_cancellable), page_read, NULL);
}

void
saha_customer_page_show_customer (SahaCustomerPage *self,
                                  SahaStore        *store,
                                  const char       *id)
{
  g_return_if_fail (SAHA_IS_CUSTOMER_PAGE (self));
  g_return_if_fail (SAHA_IS_STORE (store));
  g_return_if_fail (id != NULL);

  g_set_object (&self->store, store);
  if (g_strcmp0 (id, self->customer_id) != 0)
    {
      /* Nothing of the previous customer stays to be acted on. */
      g_free (self->customer_id);
      self->customer_id = g_strdup (id);
      g_clear_pointer (&self->customer, saha_record_unref);
      g_clear_pointer (&self->summary, saha_customer_summary_free);
    }

  saha_customer_page_reload (self);
}

const char *
saha_customer_page_get_customer_id (SahaCustomerPage *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_PAGE (self), NULL);

  return self->customer_id;
}

static void
on_out_of_hours_response (AdwMessageDialog *dialog,
                          const char       *response,
                          SahaCustomerPage *self)
{
  if (g_strcmp0 (response, "call") == 0 && self->customer != NULL)
    saha_reach_out (GTK_WIDGET (self), self->store, self->customer, SAHA_REACH_CALL);
}

/* A call outside the hours the customer asked for is the caller's decision to make,
 * knowingly: they are asked first. */
static void
call_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SahaCustomerPage *self = SAHA_CUSTOMER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *question = NULL;
  GtkWidget *dialog;

  if (self->customer == NULL)
    return;

  if (saha_contact_policy_check (self->customer, "phone", now) != SAHA_CONTACT_OUTSIDE_HOURS)
    {
      saha_reach_out (GTK_WIDGET (self), self->store, self->customer, SAHA_REACH_CALL);
      return;
    }

  question = saha_contact_policy_dup_question (self->customer, now);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Outside Preferred Hours"), question);
  gtk_widget_set_name (dialog, "out-of-hours-dialog");
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Not Now"),
                                    "call", _("_Call Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "call",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_out_of_hours_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sms_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SahaCustomerPage *self = SAHA_CUSTOMER_PAGE (widget);

  if (self->customer != NULL)
    saha_reach_out (GTK_WIDGET (self), self->store, self->customer, SAHA_REACH_SMS);
}

static void
email_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SahaCustomerPage *self = SAHA_CUSTOMER_PAGE (widget);

  if (self->customer != NULL)
    saha_reach_out (GTK_WIDGET (self), self->store, self->customer, SAHA_REACH_EMAIL);
}

static void
assign_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SahaCustomerPage *self = SAHA_CUSTOMER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SahaAssignDialog *dialog;

  if (self->customer == NULL)
    return;

  dialog = saha_assign_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                   "customer", saha_record_get_id (self->customer));
  g_signal_connect_object (dialog, "assigned", G_CALLBACK (saha_customer_page_reload), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The quick actions open the editors on their own pages (the window routes them) with
 * this customer chosen. */
static void
quick_action_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SahaCustomerPage *self = SAHA_CUSTOMER_PAGE (widget);
  const char *window_action;

  if (self->customer == NULL)
    return;

  if (g_str_equal (action_name, "customer.new-order"))
    window_action = "win.new-order";
  else if (g_str_equal (action_name, "customer.new-service-call"))
    window_action = "win.new-service-call";
  else if (g_str_equal (action_name, "customer.new-task"))
    window_action = "win.new-task";
  else
    window_action = "win.log-visit";

  gtk_widget_activate_action (widget, window_action, "s", saha_record_get_id (self->customer));
}

static void
add_note_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SahaCustomerPage *self = SAHA_CUSTOMER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SahaCustomerNoteDialog *dialog;

  if (self->customer == NULL)
    return;

  dialog = saha_customer_note_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                          self->store, saha_record_get_id (self->customer));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (saha_customer_page_reload), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The customer list beside the page shows the change too. */
static void
customer_changed (SahaCustomerPage *self)
{
  saha_customer_page_reload (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "customers.reload", NULL);
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SahaCustomerPage *self = SAHA_CUSTOMER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SahaRecordEditor *editor;

  if (self->customer == NULL)
    return;

  editor = saha_record_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                   "customer", saha_record_get_id (self->customer), NULL);
  g_signal_connect_object (editor, "saved", G_CALLBACK (customer_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
on_undo_delete (AdwToast         *toast,
                SahaCustomerPage *self)
{
  const char * const *removed = g_object_get_data (G_OBJECT (toast), "removed");
  const char *id = g_object_get_data (G_OBJECT (toast), "customer-id");
  g_autoptr(GError) error = NULL;

  if (!saha_store_restore_records (self->store, removed, &error))
    {
      g_warning ("Cannot undo the deletion of customer %s: %s", id, error->message);
      return;
    }
  saha_customer_page_show_customer (self, self->store, id);
  gtk_widget_activate_action (GTK_WIDGET (self), "customers.reload", NULL);
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SahaCustomerPage *self)
{
  g_auto(GStrv) removed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (g_strcmp0 (response, "delete") != 0 || self->customer == NULL)
    return;

  id = g_strdup (saha_record_get_id (self->customer));
  /* Translators: a toast after a customer was deleted; %s is its name */
  message = g_strdup_printf (_("%s deleted"), saha_record_get (self->customer, "name"));
  if (!saha_store_delete_customer (self->store, id, &removed, &error))
    {
      g_warning ("Cannot delete customer %s: %s", id, error->message);
      return;
    }
  customer_changed (self);

  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "removed", g_steal_pointer (&removed),
                          (GDestroyNotify) g_strfreev);
  g_object_set_data_full (G_OBJECT (toast), "customer-id", g_steal_pointer (&id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_delete), self, 0);
  saha_toasts_show_near (GTK_WIDGET (self), toast);
}

/* Appends @text (taken) to the list @out when @count is not 0. */
static void
append_count (GString *out,
              guint    count,
              char    *text)
{
  if (count > 0)
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, text);
    }
  g_free (text);
}

/* Deleting asks first, and says what goes with the customer; a customer with orders,
 * service calls or visits is kept with its history. */
static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SahaCustomerPage *self = SAHA_CUSTOMER_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  SahaCustomerCounts counts = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) with = g_string_new (NULL);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  const char *name;
  GtkWidget *dialog;
  gboolean kept;

  if (self->customer == NULL)
    return;
  if (!saha_store_customer_deletion (self->store, saha_record_get_id (self->customer), &counts,
                                     &error))
    {
      g_warning ("Cannot count the customer's records: %s", error->message);
      return;
    }

  name = saha_record_get (self->customer, "name");
  kept = counts.orders + counts.service_calls + counts.visits > 0;
  if (kept)
    {
      append_count (with, counts.orders,
                    g_strdup_printf (ngettext ("%u order", "%u orders",
                                               counts.orders),
                                     counts.orders));
      append_count (with, counts.service_calls,
                    g_strdup_printf (ngettext ("%u service call", "%u service calls",
                                               counts.service_calls),
                                     counts.service_calls));
      append_count (with, counts.visits,
                    g_strdup_printf (ngettext ("%u visit", "%u visits",
                                               counts.visits),
                                     counts.visits));
      /* Translators: %s is a customer's name */
      heading = g_strdup_printf (_("%s Is Kept"), name);
      /* Translators: %s is a list like "3 orders, 1 visit" */
      body = g_strdup_printf (_("This customer has %s. They are the company’s history, so "
                                "the customer cannot be deleted."), with->str);
    }
  else
    {
      append_count (with, counts.contacts,
                    g_strdup_printf (ngettext ("%u contact person", "%u contact persons",
                                               counts.contacts),
                                     counts.contacts));
      append_count (with, counts.notes,
                    g_strdup_printf (ngettext ("%u note", "%u notes",
                                               counts.notes),
                                     counts.notes));
      append_count (with, counts.tasks,
                    g_strdup_printf (ngettext ("%u task", "%u tasks",
                                               counts.tasks),
                                     counts.tasks));
      append_count (with, counts.consents,
                    g_strdup_printf (ngettext ("%u consent statement", "%u consent statements",
                                               counts.consents),
                                     counts.consents));
      /* Translators: %s is a customer's name */
      heading = g_strdup_printf (_("Delete %s?"), name);
      if (with->len > 0)
        /* Translators: %s is a list like "2 contact persons, 1 note" */
        body = g_strdup_printf (_("Deleted with it: %s."),
                                with->str);
      else
        body = g_strdup (_("Nothing else is deleted with it."));
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  gtk_widget_set_name (dialog, "delete-customer-dialog");
  if (kept)
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Close"));
  else
    {
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "delete", _("_Delete"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
saha_customer_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SahaCustomerPage *self = SAHA_CUSTOMER_PAGE (object);

  switch (prop_id)
    {
    case PROP_NARROW:
      if (self->narrow != g_value_get_boolean (value))
        {
          self->narrow = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_customer_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SahaCustomerPage *self = SAHA_CUSTOMER_PAGE (object);

  switch (prop_id)
    {
    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_customer_page_dispose (GObject *object)
{
  SahaCustomerPage *self = SAHA_CUSTOMER_PAGE (object);

  saha_template_dispose (GTK_WIDGET (self), SAHA_TYPE_CUSTOMER_PAGE);
  g_cancellable_cancel (self->summary_cancellable);
  g_clear_object (&self->summary_cancellable);
  g_clear_pointer (&self->summary, saha_customer_summary_free);
  g_clear_pointer (&self->added_rows, g_ptr_array_unref);
  g_clear_pointer (&self->customer, saha_record_unref);
  g_clear_pointer (&self->customer_id, g_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_customer_page_parent_class)->dispose (object);
}

static void
saha_customer_page_class_init (SahaCustomerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = saha_customer_page_set_property;
  object_class->get_property = saha_customer_page_get_property;
  object_class->dispose = saha_customer_page_dispose;

  /* TRUE when the list beside the page is folded away: the header offers a way back. */
  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "customer.call", NULL, call_activated);
  gtk_widget_class_install_action (widget_class, "customer.sms", NULL, sms_activated);
  gtk_widget_class_install_action (widget_class, "customer.email", NULL, email_activated);
  gtk_widget_class_install_action (widget_class, "customer.new-order", NULL,
                                   quick_action_activated);
  gtk_widget_class_install_action (widget_class, "customer.new-service-call", NULL,
                                   quick_action_activated);
  gtk_widget_class_install_action (widget_class, "customer.log-visit", NULL,
                                   quick_action_activated);
  gtk_widget_class_install_action (widget_class, "customer.new-task", NULL,
                                   quick_action_activated);
  gtk_widget_class_install_action (widget_class, "customer.add-note", NULL, add_note_activated);
  gtk_widget_class_install_action (widget_class, "customer.assign", NULL, assign_activated);
  gtk_widget_class_install_action (widget_class, "customer.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "customer.delete", NULL, delete_activated);

  g_type_ensure (SAHA_TYPE_CONTACTS_SECTION);
  g_type_ensure (SAHA_TYPE_CONSENT_SECTION);
  g_type_ensure (SAHA_TYPE_PERSONAL_DATA_SECTION);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-customer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, stack);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, identity_label);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, call_button);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, sms_button);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, email_button);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, channel_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, channel_icon);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, time_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, opt_out_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, language_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, email_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, credit_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, assigned_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, orders_group);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, calls_group);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, visits_group);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, notes_group);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, segment_label);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, campaigns_group);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, contacts_section);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, consent_section);
  gtk_widget_class_bind_template_child (widget_class, SahaCustomerPage, personal_data_section);
}

static void
saha_customer_page_init (SahaCustomerPage *self)
{
  self->added_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  set_actions_enabled (self, FALSE, FALSE);
  g_signal_connect_swapped (self->contacts_section, "changed",
                            G_CALLBACK (saha_customer_page_reload), self);
  /* A consent recorded there may switch a call or message button off. */
  g_signal_connect_swapped (self->consent_section, "changed",
                            G_CALLBACK (saha_customer_page_reload), self);
}
