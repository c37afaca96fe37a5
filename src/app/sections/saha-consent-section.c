/* saha-consent-section.c: SahaConsentSection, a customer's consent statements.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-consent-dialog.h"
#include "saha-consent-section.h"
#include "saha-store-analytics.h"
#include "saha-store-reader.h"

struct _SahaConsentSection
{
  AdwPreferencesGroup  parent_instance;

  SahaStore           *store;
  SahaRecord          *customer;
  GPtrArray           *rows;        /* the rows shown */
  GCancellable        *read_cancellable;  /* the read of the statements in flight */
};

G_DEFINE_FINAL_TYPE (SahaConsentSection, saha_consent_section, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
local_time (const char *timestamp)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (timestamp == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (timestamp, NULL);
  if (utc == NULL)
    return g_strdup (timestamp);
  local = g_date_time_to_local (utc);
  return saha_format_date_time (local, saha_format_style_default ());
}

void
saha_consent_describe (SahaStore   *store,
                       SahaRecord  *consent,
                       char       **title,
                       char       **subtitle)
{
  const char *contact_id = saha_record_get (consent, "contact");
  const char *method = saha_record_get (consent, "method");
  const char *recorded_by = saha_record_get (consent, "recorded_by");
  g_autofree char *when = local_time (saha_record_get (consent, "at"));
  g_autofree char *whose = NULL;
  g_autofree char *recorder = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  /* Translators: a consent statement, "Marketing SMS: Withdrawn" */
  *title = g_strdup_printf (_("%s: %s"),
                            saha_schema_choice_label ("consent", "purpose",
                                                      saha_record_get (consent, "purpose")),
                            saha_schema_choice_label ("consent", "state",
                                                      saha_record_get (consent, "state")));
  if (contact_id != NULL && store != NULL)
    {
      g_autoptr(SahaRecord) contact = saha_store_get (store, "contact", contact_id, NULL);

      /* Translators: whose consent statement it is: a contact person's */
      whose = g_strdup_printf (_("Contact person %s"),
                               contact != NULL && saha_record_get (contact, "name") != NULL
                               ? saha_record_get (contact, "name") : contact_id);
    }
  else
    whose = g_strdup (_("The customer"));
  g_ptr_array_add (parts, whose);
  if (when != NULL)
    g_ptr_array_add (parts, when);
  if (method != NULL)
    g_ptr_array_add (parts, (char *) saha_schema_choice_label ("consent", "method", method));
  if (recorded_by != NULL)
    {
      /* Translators: who wrote a consent statement down; %s is a user name */
      recorder = g_strdup_printf (_("recorded by %s"), recorded_by);
      g_ptr_array_add (parts, recorder);
    }
  g_ptr_array_add (parts, NULL);
  *subtitle = g_strjoinv (" · ", (char **) parts->pdata);
}

char *
saha_consent_withdrawal_reason (GPtrArray  *consents,
                                const char *contact_id,
                                const char *channel)
{
  const SahaConsent *withdrawal;
  g_autofree char *when = NULL;

  g_return_val_if_fail (channel != NULL, NULL);

  if (consents == NULL)
    return NULL;
  withdrawal = saha_consent_find_withdrawal (consents, contact_id, channel);
  if (withdrawal == NULL)
    return NULL;
  when = local_time (withdrawal->at);
  /* Translators: why a call or message button is off: the consent statement withdrawn,
   * "Consent withdrawn: Marketing SMS, 01.02.2026 10:30" */
  return g_strdup_printf (_("Consent withdrawn: %s, %s"),
                          saha_schema_choice_label ("consent", "purpose", withdrawal->purpose),
                          when != NULL ? when : "—");
}

static void
clear_rows (SahaConsentSection *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self),
                                  g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_row (SahaConsentSection *self,
         GtkWidget          *row)
{
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  g_ptr_array_add (self->rows, row);
}

static GtkWindow *
parent_window (SahaConsentSection *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
on_saved (SahaConsentSection *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.wrote", NULL);
  saha_consent_section_show (self, self->store, self->customer);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
record_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SahaConsentSection *self = SAHA_CONSENT_SECTION (widget);
  SahaConsentDialog *dialog;

  if (self->customer == NULL)
    return;
  dialog = saha_consent_dialog_new (parent_window (self), self->store,
                                    saha_record_get_id (self->customer));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_saved), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A statement as its row shows it, made on the worker. */
typedef struct
{
  char     *title;
  char     *subtitle;
  gboolean  withdrawn;
} Statement;

static void
statement_free (Statement *statement)
{
  g_free (statement->title);
  g_free (statement->subtitle);
  g_free (statement);
}

static gpointer
read_statements (SahaStore     *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  SahaFieldInput where[] = { { "customer", data } };
  SahaQuery query = { .where = where, .n_where = 1, .order_by = "at", .descending = TRUE };
  g_autoptr(GPtrArray) consents = saha_store_list (store, "consent", &query, error);
  GPtrArray *statements;

  if (consents == NULL)
    return NULL;
  statements = g_ptr_array_new_with_free_func ((GDestroyNotify) statement_free);
  for (guint i = 0; i < consents->len; i++)
    {
      SahaRecord *consent = g_ptr_array_index (consents, i);
      Statement *statement = g_new0 (Statement, 1);

      statement->withdrawn = g_strcmp0 (saha_record_get (consent, "state"), "withdrawn") == 0;
      saha_consent_describe (store, consent, &statement->title, &statement->subtitle);
      g_ptr_array_add (statements, statement);
    }
  return statements;
}

static void
statements_read (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SahaConsentSection *self = SAHA_CONSENT_SECTION (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) statements = saha_store_read_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->read_cancellable);
  clear_rows (self);
  if (statements == NULL)
    {
      g_warning ("Cannot list the consents of customer %s: %s",
                 self->customer != NULL ? saha_record_get_id (self->customer) : "?",
                 error->message);
      return;
    }
  if (statements->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      gtk_widget_set_name (row, "no-consent");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No consent recorded"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Opt-outs still apply. Record what the customer or a "
                                     "contact person agreed to or withdrew."));
      gtk_widget_add_css_class (row, "dim-label");
      add_row (self, row);
      return;
    }
  for (guint i = 0; i < statements->len; i++)
    {
      Statement *statement = g_ptr_array_index (statements, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (statement->withdrawn
                                                      ? "action-unavailable-symbolic"
                                                      : "emblem-ok-symbolic");

      gtk_widget_set_name (row, "consent");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), statement->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), statement->subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_add_css_class (icon, statement->withdrawn ? "error" : "success");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      add_row (self, row);
    }
}

void
saha_consent_section_show (SahaConsentSection *self,
                           SahaStore          *store,
                           SahaRecord         *customer)
{
  gboolean same_customer;

  g_return_if_fail (SAHA_IS_CONSENT_SECTION (self));

  /* The same customer's statements stay on screen until the new read replaces them
   * (no blink, and nothing to click vanishes under the pointer); another customer's
   * are cleared at once. */
  same_customer = customer != NULL && self->customer != NULL
                  && g_str_equal (saha_record_get_id (customer),
                                  saha_record_get_id (self->customer));
  if (customer != self->customer)
    {
      SahaRecord *kept = customer != NULL ? saha_record_ref (customer) : NULL;

      g_clear_pointer (&self->customer, saha_record_unref);
      self->customer = kept;
    }
  if (store != NULL)
    g_set_object (&self->store, store);
  if (!same_customer)
    clear_rows (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.record", self->customer != NULL);
  if (self->customer == NULL || self->store == NULL)
    return;

  /* The statements and whose they are: read on a worker, rows made when it is done. */
  saha_store_read_async (self, self->store, read_statements,
                         g_strdup (saha_record_get_id (self->customer)), g_free,
                         (GDestroyNotify) g_ptr_array_unref,
                         saha_store_read_restart (&self->read_cancellable), statements_read,
                         NULL);
}

static void
saha_consent_section_dispose (GObject *object)
{
  SahaConsentSection *self = SAHA_CONSENT_SECTION (object);

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->customer, saha_record_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (saha_consent_section_parent_class)->dispose (object);
}

static void
saha_consent_section_class_init (SahaConsentSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = saha_consent_section_dispose;

  /* The section wrote a consent record. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-consent-section.ui");
  gtk_widget_class_install_action (widget_class, "consent.record", NULL, record_activated);
}

static void
saha_consent_section_init (SahaConsentSection *self)
{
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "consent.record", FALSE);
}
