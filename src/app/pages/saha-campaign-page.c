/* saha-campaign-page.c: SahaCampaignPage, campaigns: the list, a campaign's target and
 * message, its members and the customers left out, exported as CSV.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-campaign-page.h"
#include "saha-choice-list.h"
#include "saha-list-box.h"
#include "saha-segment-badge.h"
#include "saha-store-analytics.h"
#include "saha-store-reader.h"

struct _SahaCampaignPage
{
  SahaPage       parent_instance;

  SahaStore     *store;
  gboolean       office;        /* office and admin write campaigns; others only read */
  char          *campaign_id;   /* shown, NULL for a new one */
  GPtrArray     *members;       /* SahaCampaignMember*, for the CSV export */
  GCancellable  *cancellable;   /* the members' computation in flight */
  GCancellable  *list_cancellable;  /* the campaigns' read in flight */

  AdwWindowTitle *window_title;
  GtkListBox    *campaign_list;
  GtkWidget     *form_group;
  AdwEntryRow   *name_row;
  AdwComboRow   *segment_row;
  AdwEntryRow   *city_row;
  AdwEntryRow   *bought_row;
  AdwEntryRow   *not_bought_row;
  AdwEntryRow   *before_row;
  AdwEntryRow   *after_row;
  AdwComboRow   *channel_row;
  AdwEntryRow   *message_row;
  GtkLabel      *form_error;
  GtkWidget     *save_button;
  GtkWidget     *members_group;
  GtkListBox    *members_list;
  GtkWidget     *excluded_group;
  GtkListBox    *excluded_list;
};

G_DEFINE_FINAL_TYPE (SahaCampaignPage, saha_campaign_page, SAHA_TYPE_PAGE)

static const char *
exclusion_label (SahaExclusion exclusion)
{
  switch (exclusion)
    {
    case SAHA_EXCLUSION_OPTED_OUT:
      return _("Opted out of this channel");
    case SAHA_EXCLUSION_NO_PHONE:
      return _("No phone number");
    case SAHA_EXCLUSION_NO_EMAIL:
      return _("No e-mail address");
    case SAHA_EXCLUSION_NO_ADDRESS:
      return _("No address");
    case SAHA_EXCLUSION_NONE:
    default:
      return "";
    }
}

/* The reason shown under a customer the campaign leaves out; a withdrawn consent names
 * the statement that decided (its purpose and local time). */
static char *
exclusion_reason (const SahaCampaignMember *member)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  if (member->exclusion != SAHA_EXCLUSION_CONSENT_WITHDRAWN)
    return g_strdup (exclusion_label (member->exclusion));
  if (member->consent_at != NULL
      && (utc = g_date_time_new_from_iso8601 (member->consent_at, NULL)) != NULL)
    {
      local = g_date_time_to_local (utc);
      when = saha_format_date (local, saha_format_style_default ());
    }
  /* Translators: why a campaign leaves a customer out: the consent statement withdrawn,
   * "Consent withdrawn: Marketing SMS, 01.02.2026" */
  return g_strdup_printf (_("Consent withdrawn: %s, %s"),
                          saha_schema_choice_label ("consent", "purpose",
                                                    member->consent_purpose),
                          when != NULL ? when : "—");
}

typedef struct
{
  char      *path;
  char      *campaign_id;
  GPtrArray *members;
  GPtrArray *excluded;
} MembersQuery;

static void
members_query_free (MembersQuery *query)
{
  g_free (query->path);
  g_free (query->campaign_id);
  g_clear_pointer (&query->members, g_ptr_array_unref);
  g_clear_pointer (&query->excluded, g_ptr_array_unref);
  g_free (query);
}

/* A target is worked out over every customer and order: a worker thread. */
static void
members_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  MembersQuery *query = task_data;
  g_autoptr(SahaStore) store = NULL;
  GError *error = NULL;

  store = saha_store_open (query->path, &error);
  if (store == NULL
      || !saha_store_campaign_members (store, query->campaign_id, NULL, &query->members,
                                       &query->excluded, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
add_member_row (GtkListBox               *list,
                const SahaCampaignMember *member,
                const char               *subtitle,
                const char               *name)
{
  GtkWidget *row = adw_action_row_new ();

  gtk_widget_set_name (row, name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), member->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_append (list, row);
}

/* Loading while the campaigns or a campaign's members are being read. */
static void
update_loading (SahaCampaignPage *self)
{
  saha_page_set_loading (SAHA_PAGE (self),
                         self->list_cancellable != NULL || self->cancellable != NULL);
}

static void
members_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SahaCampaignPage *self = SAHA_CAMPAIGN_PAGE (source);
  MembersQuery *query = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  g_clear_object (&self->cancellable);
  update_loading (self);
  saha_list_box_remove_all (self->members_list);
  saha_list_box_remove_all (self->excluded_list);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gtk_label_set_label (self->form_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->form_error), TRUE);
      return;
    }

  for (guint i = 0; i < query->members->len && i < SAHA_CAMPAIGN_SHOWN_MEMBERS; i++)
    {
      SahaCampaignMember *member = g_ptr_array_index (query->members, i);
      const char *parts[] = { member->phone, member->email, member->city };
      g_autoptr(GString) contact = g_string_new (NULL);

      for (guint j = 0; j < G_N_ELEMENTS (parts); j++)
        {
          if (parts[j] == NULL)
            continue;
          if (contact->len > 0)
            g_string_append (contact, " · ");
          g_string_append (contact, parts[j]);
        }
      add_member_row (self->members_list, member, contact->str, "member");
    }
  for (guint i = 0; i < query->excluded->len; i++)
    {
      SahaCampaignMember *member = g_ptr_array_index (query->excluded, i);

      g_autofree char *reason = exclusion_reason (member);

      add_member_row (self->excluded_list, member, reason, "excluded");
    }

  if (query->members->len > SAHA_CAMPAIGN_SHOWN_MEMBERS)
    /* Translators: the campaign's member count, when the list shows only the first ones */
    description = g_strdup_printf (ngettext ("%u customer; the first %u are shown, the export has all",
                                             "%u customers; the first %u are shown, the export has all",
                                             query->members->len),
                                   query->members->len, SAHA_CAMPAIGN_SHOWN_MEMBERS);
  else
    description = g_strdup_printf (ngettext ("%u customer receives it", "%u customers receive it",
                                             query->members->len), query->members->len);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->members_group), description);
  g_free (description);
  description = g_strdup_printf (ngettext ("%u customer of the target is left out, with the reason",
                                           "%u customers of the target are left out, with the reason",
                                           query->excluded->len), query->excluded->len);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->excluded_group), description);

  g_clear_pointer (&self->members, g_ptr_array_unref);
  self->members = g_steal_pointer (&query->members);
  gtk_widget_set_visible (self->members_group, TRUE);
  gtk_widget_set_visible (self->excluded_group, query->excluded->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaign.export", self->members->len > 0);
}

static void
start_members (SahaCampaignPage *self)
{
  g_autoptr(GTask) task = NULL;
  MembersQuery *query;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->members, g_ptr_array_unref);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaign.export", FALSE);
  gtk_widget_set_visible (self->members_group, FALSE);
  gtk_widget_set_visible (self->excluded_group, FALSE);
  update_loading (self);
  if (self->campaign_id == NULL)
    return;

  query = g_new0 (MembersQuery, 1);
  query->path = g_strdup (saha_store_get_path (self->store));
  query->campaign_id = g_strdup (self->campaign_id);
  self->cancellable = g_cancellable_new ();
  update_loading (self);
  task = g_task_new (self, self->cancellable, members_done, NULL);
  g_task_set_task_data (task, query, (GDestroyNotify) members_query_free);
  g_task_run_in_thread (task, members_thread);
}

/* A product reference is shown and typed as its SKU. */
static char *
product_sku (SahaCampaignPage *self,
             const char       *product_id)
{
  g_autoptr(SahaRecord) product = NULL;

  if (product_id == NULL)
    return g_strdup ("");
  product = saha_store_get (self->store, "product", product_id, NULL);
  return g_strdup (product != NULL && saha_record_get (product, "sku") != NULL
                   ? saha_record_get (product, "sku") : product_id);
}

static void
set_entry (AdwEntryRow *row,
           const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

void
saha_campaign_page_open (SahaCampaignPage *self,
                         const char       *id)
{
  g_autoptr(SahaRecord) campaign = NULL;
  g_autofree char *bought = NULL;
  g_autofree char *not_bought = NULL;
  SahaSegment segment = SAHA_SEGMENT_NONE;
  guint segment_index = 0, channel_index = 0;

  g_return_if_fail (SAHA_IS_CAMPAIGN_PAGE (self));

  if (id != NULL)
    campaign = saha_store_get (self->store, "campaign", id, NULL);
  /* @id may be self->campaign_id itself (opened again after a save). */
  g_free (self->campaign_id);
  self->campaign_id = campaign != NULL ? g_strdup (saha_record_get_id (campaign)) : NULL;

  set_entry (self->name_row, campaign != NULL ? saha_record_get (campaign, "name") : NULL);
  set_entry (self->city_row, campaign != NULL ? saha_record_get (campaign, "city") : NULL);
  bought = product_sku (self, campaign != NULL ? saha_record_get (campaign, "bought_product") : NULL);
  not_bought = product_sku (self, campaign != NULL
                            ? saha_record_get (campaign, "not_bought_product") : NULL);
  set_entry (self->bought_row, bought);
  set_entry (self->not_bought_row, not_bought);
  set_entry (self->before_row,
             campaign != NULL ? saha_record_get (campaign, "last_order_before") : NULL);
  set_entry (self->after_row,
             campaign != NULL ? saha_record_get (campaign, "last_order_after") : NULL);
  set_entry (self->message_row, campaign != NULL ? saha_record_get (campaign, "message") : NULL);

  if (campaign != NULL && saha_segment_from_string (saha_record_get (campaign, "segment"), &segment))
    for (guint i = 0; saha_segment_badge_order[i] != SAHA_SEGMENT_NONE; i++)
      if (saha_segment_badge_order[i] == segment)
        segment_index = i + 1;
  adw_combo_row_set_selected (self->segment_row, segment_index);
  if (campaign != NULL
      && saha_choice_list_position ("campaign", "channel", saha_record_get (campaign, "channel"))
         != GTK_INVALID_LIST_POSITION)
    channel_index = saha_choice_list_position ("campaign", "channel",
                                               saha_record_get (campaign, "channel"));
  adw_combo_row_set_selected (self->channel_row, channel_index);

  adw_window_title_set_subtitle (self->window_title,
                                 campaign != NULL ? saha_record_get (campaign, "name")
                                 : _("New campaign"));
  gtk_widget_set_visible (GTK_WIDGET (self->form_error), FALSE);
  gtk_widget_set_visible (self->form_group, TRUE);
  start_members (self);
}

static void
on_campaign_activated (SahaCampaignPage *self,
                       GtkListBoxRow    *row)
{
  saha_campaign_page_open (self, g_object_get_data (G_OBJECT (row), "campaign-id"));
}

/* In a worker: campaigns are few (a handful a month), but a read is a read. */
static gpointer
read_campaigns (SahaStore     *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  return saha_store_list (store, "campaign", NULL, error);
}

static void
campaigns_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SahaCampaignPage *self = SAHA_CAMPAIGN_PAGE (object);
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GError) error = NULL;

  campaigns = saha_store_read_finish (result, &error);
  /* Superseded by a newer read: that one fills the list. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->list_cancellable);
  update_loading (self);

  saha_list_box_remove_all (self->campaign_list);
  if (campaigns == NULL)
    {
      g_warning ("Cannot list campaigns: %s", error->message);
      return;
    }

  for (guint i = 0; i < campaigns->len; i++)
    {
      SahaRecord *campaign = g_ptr_array_index (campaigns, i);
      GtkWidget *row = adw_action_row_new ();
      const char *channel_label =
        saha_schema_choice_label ("campaign", "channel", saha_record_get (campaign, "channel"));

      gtk_widget_set_name (row, "campaign");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), saha_record_get (campaign, "name"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), channel_label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "campaign-id",
                              g_strdup (saha_record_get_id (campaign)), g_free);
      gtk_list_box_append (self->campaign_list, row);
    }

  if (campaigns->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No campaigns yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->campaign_list, row);
    }
}

static void
saha_campaign_page_reload_page (SahaPage *page)
{
  SahaCampaignPage *self = SAHA_CAMPAIGN_PAGE (page);

  if (self->store == NULL)
    return;

  saha_store_read_async (self, self->store, read_campaigns, NULL, NULL,
                         (GDestroyNotify) g_ptr_array_unref,
                         saha_store_read_restart (&self->list_cancellable), campaigns_read, NULL);
  update_loading (self);
}

void
saha_campaign_page_reload (SahaCampaignPage *self)
{
  g_return_if_fail (SAHA_IS_CAMPAIGN_PAGE (self));
  saha_page_reload (SAHA_PAGE (self));
}

static const char *
entry_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* The product id of the SKU typed in @row: NULL for an empty row; FALSE when no product
 * has that SKU. */
static gboolean
lookup_sku (SahaCampaignPage  *self,
            AdwEntryRow       *row,
            char             **product_id,
            GError           **error)
{
  g_autofree char *sku = g_strstrip (g_strdup (entry_text (row)));
  SahaFieldInput where[] = { { "sku", sku } };
  SahaQuery query = { .where = where, .n_where = 1, .limit = 1 };
  g_autoptr(GPtrArray) products = NULL;

  *product_id = NULL;
  if (*sku == '\0')
    return TRUE;

  products = saha_store_list (self->store, "product", &query, error);
  if (products == NULL)
    return FALSE;
  if (products->len == 0)
    {
      g_set_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_NOT_FOUND,
                   _("No product has the SKU “%s”"), sku);
      return FALSE;
    }

  *product_id = g_strdup (saha_record_get_id (g_ptr_array_index (products, 0)));
  return TRUE;
}

gboolean
saha_campaign_page_save (SahaCampaignPage *self)
{
  g_autofree char *bought = NULL;
  g_autofree char *not_bought = NULL;
  g_autofree char *new_id = NULL;
  g_autoptr(GError) error = NULL;
  guint segment_index = adw_combo_row_get_selected (self->segment_row);
  guint channel_index = adw_combo_row_get_selected (self->channel_row);
  SahaFieldInput inputs[9];
  gboolean ok;

  g_return_val_if_fail (SAHA_IS_CAMPAIGN_PAGE (self), FALSE);

  ok = lookup_sku (self, self->bought_row, &bought, &error)
       && lookup_sku (self, self->not_bought_row, &not_bought, &error);
  if (ok)
    {
      inputs[0] = (SahaFieldInput) { "name", entry_text (self->name_row) };
      inputs[1] = (SahaFieldInput) { "segment", segment_index >= 1 && segment_index != GTK_INVALID_LIST_POSITION
                                                ? saha_segment_to_string (saha_segment_badge_order[segment_index - 1])
                                                : NULL };
      inputs[2] = (SahaFieldInput) { "city", entry_text (self->city_row) };
      inputs[3] = (SahaFieldInput) { "bought_product", bought };
      inputs[4] = (SahaFieldInput) { "not_bought_product", not_bought };
      inputs[5] = (SahaFieldInput) { "last_order_before", entry_text (self->before_row) };
      inputs[6] = (SahaFieldInput) { "last_order_after", entry_text (self->after_row) };
      /* Past the end (nothing selected): the last channel, as before. */
      inputs[7] = (SahaFieldInput) {
        "channel", saha_choice_list_value ("campaign", "channel", channel_index, "visit")
      };
      inputs[8] = (SahaFieldInput) { "message", entry_text (self->message_row) };

      if (self->campaign_id != NULL)
        ok = saha_store_update (self->store, "campaign", self->campaign_id, inputs,
                                G_N_ELEMENTS (inputs), &error);
      else
        ok = (new_id = saha_store_create (self->store, "campaign", inputs,
                                          G_N_ELEMENTS (inputs), &error)) != NULL;
    }

  if (!ok)
    {
      gtk_label_set_label (self->form_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->form_error), TRUE);
      return FALSE;
    }

  saha_campaign_page_reload (self);
  saha_campaign_page_open (self, new_id != NULL ? new_id : self->campaign_id);
  return TRUE;
}

gboolean
saha_campaign_page_write_csv (SahaCampaignPage  *self,
                              const char        *path,
                              GError           **error)
{
  g_autoptr(GString) csv = g_string_new (NULL);
  const char *header[] = { "name", "phone", "email", "language" };

  g_return_val_if_fail (SAHA_IS_CAMPAIGN_PAGE (self), FALSE);
  g_return_val_if_fail (self->members != NULL, FALSE);

  /* The same columns as saha-cli campaign-members --csv (docs/crm.md). */
  saha_csv_append_row (csv, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < self->members->len; i++)
    {
      SahaCampaignMember *member = g_ptr_array_index (self->members, i);
      const char *cells[] = {
        member->name, member->phone != NULL ? member->phone : "",
        member->email != NULL ? member->email : "", member->language != NULL ? member->language : "",
      };

      saha_csv_append_row (csv, cells, G_N_ELEMENTS (cells));
    }

  return g_file_set_contents (path, csv->str, csv->len, error);
}

static void
on_export_response (GtkNativeDialog  *dialog,
                    int               response,
                    SahaCampaignPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = g_file_get_path (file);
      if (path != NULL && !saha_campaign_page_write_csv (self, path, &error))
        {
          gtk_label_set_label (self->form_error, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->form_error), TRUE);
        }
    }
  g_object_unref (dialog);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SahaCampaignPage *self = SAHA_CAMPAIGN_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  if (self->members == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Export Members"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  /* Translators: the default file name of a campaign's member export */
  name = g_strdup_printf ("%s.csv", _("campaign-members"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
new_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  saha_campaign_page_open (SAHA_CAMPAIGN_PAGE (widget), NULL);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  saha_campaign_page_save (SAHA_CAMPAIGN_PAGE (widget));
}

static void
saha_campaign_page_store_set (SahaPage *page)
{
  SahaCampaignPage *self = SAHA_CAMPAIGN_PAGE (page);
  SahaStore *store = saha_page_get_store (page);
  g_autofree char *role = NULL;
  GtkWidget *rows[] = {
    GTK_WIDGET (self->name_row), GTK_WIDGET (self->segment_row), GTK_WIDGET (self->city_row),
    GTK_WIDGET (self->bought_row), GTK_WIDGET (self->not_bought_row),
    GTK_WIDGET (self->before_row), GTK_WIDGET (self->after_row),
    GTK_WIDGET (self->channel_row), GTK_WIDGET (self->message_row),
  };

  g_set_object (&self->store, store);
  if (store == NULL)
    return;
  /* Campaigns sync read-only to field staff: the server refuses their writes. */
  role = saha_store_get_setting (store, "user_role");
  self->office = g_strcmp0 (role, "office") == 0 || g_strcmp0 (role, "admin") == 0;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_sensitive (rows[i], self->office);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaign.new", self->office);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaign.save", self->office);
  gtk_widget_set_visible (self->save_button, self->office);
}

static void
saha_campaign_page_dispose (GObject *object)
{
  SahaCampaignPage *self = SAHA_CAMPAIGN_PAGE (object);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SAHA_TYPE_CAMPAIGN_PAGE);
  g_clear_object (&self->store);
  g_clear_pointer (&self->campaign_id, g_free);
  g_clear_pointer (&self->members, g_ptr_array_unref);

  G_OBJECT_CLASS (saha_campaign_page_parent_class)->dispose (object);
}

static void
saha_campaign_page_class_init (SahaCampaignPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SahaPageClass *page_class = SAHA_PAGE_CLASS (klass);

  object_class->dispose = saha_campaign_page_dispose;
  page_class->store_set = saha_campaign_page_store_set;
  page_class->reload = saha_campaign_page_reload_page;
  /* The campaigns; their members are worked out when one is opened. */
  saha_page_class_set_entities (page_class, "campaign", NULL);

  gtk_widget_class_install_action (widget_class, "campaign.new", NULL, new_activated);
  gtk_widget_class_install_action (widget_class, "campaign.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "campaign.export", NULL, export_activated);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-campaign-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, campaign_list);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, form_group);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, segment_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, city_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, bought_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, not_bought_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, before_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, after_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, channel_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, message_row);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, form_error);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, members_group);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, members_list);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, excluded_group);
  gtk_widget_class_bind_template_child (widget_class, SahaCampaignPage, excluded_list);
  gtk_widget_class_bind_template_callback (widget_class, on_campaign_activated);
}

static void
saha_campaign_page_init (SahaCampaignPage *self)
{
  g_autoptr(GtkStringList) segments = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) channel_names = saha_choice_list_new ("campaign", "channel", NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (segments, _("Any segment"));
  for (guint i = 0; saha_segment_badge_order[i] != SAHA_SEGMENT_NONE; i++)
    gtk_string_list_append (segments, saha_segment_badge_label (saha_segment_badge_order[i]));
  adw_combo_row_set_model (self->segment_row, G_LIST_MODEL (segments));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channel_names));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "campaign.export", FALSE);
}
