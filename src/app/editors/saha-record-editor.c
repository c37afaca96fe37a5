/* saha-record-editor.c: SahaRecordEditor, the customer and contact person forms.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-record-editor.h"

/* Which fields each form shows, in groups. assigned_to is not among them: the office
 * changes it with the Assign dialog, and a rep's new customer is the rep's (the store). */
typedef struct
{
  const char         *title;
  const char * const *fields;
} Group;

static const char * const customer_identity[] = { "name", "kind", "code", "tax_id", NULL };
static const char * const customer_address[] = {
  "phone", "email", "address", "district", "city", "country", "lat", "lon", NULL
};
static const char * const customer_contact[] = {
  "preferred_channel", "contact_from", "contact_to", "opt_out", "language", NULL
};
static const char * const customer_account[] = { "credit_limit", "currency", "notes", NULL };
static const char * const contact_fields[] = {
  "name", "role", "phone", "email", "preferred_channel", "opt_out", NULL
};

static const Group customer_groups[] = {
  { N_("Customer"), customer_identity },
  { N_("Contact Details"), customer_address },
  { N_("How to Contact"), customer_contact },
  { N_("Account"), customer_account },
  { NULL }
};
static const Group contact_groups[] = {
  { N_("Contact Person"), contact_fields },
  { NULL }
};

/* One field's row and the line under it that says what is wrong with it. */
typedef struct
{
  const SahaFieldDef *field;
  GtkWidget          *row;         /* AdwEntryRow, AdwComboRow or AdwActionRow */
  GPtrArray          *checks;      /* ENUM_LIST: a GtkCheckButton per choice */
  GtkWidget          *error_row;
  GtkLabel           *error_label;
} FieldRow;

struct _SahaRecordEditor
{
  AdwWindow             parent_instance;

  AdwWindowTitle       *window_title;
  GtkLabel             *problem_label;
  AdwPreferencesPage   *page;

  SahaStore            *store;
  const SahaEntityDef  *entity;
  char                 *id;
  char                 *parent_id;
  SahaRecord           *record;      /* as it was opened; NULL for a new one */
  GArray               *rows;        /* FieldRow */
};

G_DEFINE_FINAL_TYPE (SahaRecordEditor, saha_record_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
field_row_clear (FieldRow *row)
{
  g_clear_pointer (&row->checks, g_ptr_array_unref);
}

/* What a person should change, per kind of field: the decision is the schema's, the
 * wording is for the person (the schema's own messages are English, for scripts). */
static char *
describe_problem (const SahaFieldDef *field,
                  const GError       *error)
{
  if (g_error_matches (error, SAHA_CORE_ERROR, SAHA_CORE_ERROR_MISSING_REQUIRED))
    return g_strdup (_("Fill this in"));

  switch (field->type)
    {
    case SAHA_FIELD_TEXT:
      switch (field->format)
        {
        case SAHA_TEXT_PHONE:
          return g_strdup (_("Not a phone number: 3 to 20 digits, with spaces, + ( ) - allowed"));
        case SAHA_TEXT_EMAIL:
          return g_strdup (_("Not an e-mail address, like name@example.com"));
        case SAHA_TEXT_COUNTRY:
          return g_strdup (_("Not a country code: two letters, like TR"));
        case SAHA_TEXT_CURRENCY:
          return g_strdup (_("Not a currency code: three letters, like TRY"));
        case SAHA_TEXT_PLAIN:
        case SAHA_TEXT_MULTILINE:
        default:
          return g_strdup_printf (ngettext ("At most %u character, on one line",
                                            "At most %u characters, on one line",
                                            field->max_length != 0 ? field->max_length : 200),
                                  field->max_length != 0 ? field->max_length : 200);
        }
    case SAHA_FIELD_MONEY:
      return g_strdup (_("Not an amount: write it like 1.250,50 (zero or more)"));
    case SAHA_FIELD_DECIMAL:
      return g_strdup (_("Not a coordinate: a number like 38.4237, in range"));
    case SAHA_FIELD_TIME_OF_DAY:
      return g_strdup (_("Not a time of day: write it like 09:30"));
    case SAHA_FIELD_INTEGER:
    case SAHA_FIELD_TIMESTAMP:
    case SAHA_FIELD_DATE:
    case SAHA_FIELD_ENUM:
    case SAHA_FIELD_ENUM_LIST:
    case SAHA_FIELD_REFERENCE:
    case SAHA_FIELD_BOOLEAN:
    default:
      return g_strdup (error->message);
    }
}

static const char *
stored_value (SahaRecordEditor *self,
              const char       *field)
{
  return self->record != NULL ? saha_record_get (self->record, field) : NULL;
}

static void
add_field_row (SahaRecordEditor    *self,
               AdwPreferencesGroup *group,
               const SahaFieldDef  *field)
{
  FieldRow row = { .field = field };
  const char *value = stored_value (self, field->name);
  gboolean required = (field->flags & SAHA_FIELD_FLAG_REQUIRED) != 0;
  g_autofree char *title = NULL;
  GtkWidget *label;

  /* Translators: a required field's title in a form */
  title = required ? g_strdup_printf (_("%s (required)"), _(field->label))
                   : g_strdup (_(field->label));

  if (field->type == SAHA_FIELD_ENUM)
    {
      const char * const *choices = field->choices;
      GtkStringList *labels = gtk_string_list_new (NULL);
      guint selected = 0;

      if (!required)
        gtk_string_list_append (labels, _("Not set"));
      for (guint i = 0; choices[i] != NULL; i++)
        {
          gtk_string_list_append (labels,
                                  saha_schema_choice_label (self->entity->name, field->name,
                                                            choices[i]));
          if (g_strcmp0 (value, choices[i]) == 0)
            selected = i + (required ? 0 : 1);
        }
      row.row = adw_combo_row_new ();
      adw_combo_row_set_model (ADW_COMBO_ROW (row.row), G_LIST_MODEL (labels));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row.row), selected);
      g_object_unref (labels);
    }
  else if (field->type == SAHA_FIELD_ENUM_LIST)
    {
      g_auto(GStrv) members = g_strsplit (value != NULL ? value : "", ",", -1);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      row.row = adw_action_row_new ();
      row.checks = g_ptr_array_new ();
      for (guint i = 0; field->choices[i] != NULL; i++)
        {
          GtkWidget *check =
            gtk_check_button_new_with_label (saha_schema_choice_label (self->entity->name,
                                                                       field->name,
                                                                       field->choices[i]));
          g_autofree char *name = g_strdup_printf ("%s-%s", field->name, field->choices[i]);

          gtk_widget_set_name (check, name);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                       g_strv_contains ((const char * const *) members,
                                                        field->choices[i]));
          gtk_box_append (GTK_BOX (box), check);
          g_ptr_array_add (row.checks, check);
        }
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row.row), box);
    }
  else
    {
      row.row = adw_entry_row_new ();
      gtk_editable_set_text (GTK_EDITABLE (row.row), value != NULL ? value : "");
    }

  gtk_widget_set_name (row.row, field->name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row.row), title);
  adw_preferences_group_add (group, row.row);

  /* The problem, right under its field. */
  label = gtk_label_new (NULL);
  g_autofree char *error_name = g_strdup_printf ("%s-error", field->name);
  gtk_widget_set_name (label, error_name);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "error");
  row.error_label = GTK_LABEL (label);
  /* A preferences row, so that the group puts it in its list, right under the field. */
  row.error_row = adw_preferences_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row.error_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row.error_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row.error_row), label);
  gtk_widget_set_visible (row.error_row, FALSE);
  adw_preferences_group_add (group, row.error_row);

  g_array_append_val (self->rows, row);
}

/* What the row holds, as typed (NULL: nothing). */
static char *
row_input (SahaRecordEditor *self,
           FieldRow         *row)
{
  const SahaFieldDef *field = row->field;

  if (field->type == SAHA_FIELD_ENUM)
    {
      guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (row->row));
      gboolean required = (field->flags & SAHA_FIELD_FLAG_REQUIRED) != 0;

      if (selected == GTK_INVALID_LIST_POSITION || (!required && selected == 0))
        return NULL;
      return g_strdup (field->choices[selected - (required ? 0 : 1)]);
    }
  if (field->type == SAHA_FIELD_ENUM_LIST)
    {
      GString *list = g_string_new (NULL);

      for (guint i = 0; i < row->checks->len; i++)
        if (gtk_check_button_get_active (g_ptr_array_index (row->checks, i)))
          {
            if (list->len > 0)
              g_string_append_c (list, ',');
            g_string_append (list, field->choices[i]);
          }
      return g_string_free (list, list->len == 0);
    }
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->row)));
}

static void
show_problem (FieldRow   *row,
              const char *problem)
{
  gtk_label_set_label (row->error_label, problem);
  gtk_widget_set_visible (row->error_row, problem != NULL);
  if (problem != NULL)
    gtk_widget_add_css_class (row->row, "error");
  else
    gtk_widget_remove_css_class (row->row, "error");
}

gboolean
saha_record_editor_save (SahaRecordEditor *self)
{
  g_autoptr(GArray) inputs = g_array_new (FALSE, FALSE, sizeof (SahaFieldInput));
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *new_id = NULL;
  FieldRow *first_bad = NULL;

  g_return_val_if_fail (SAHA_IS_RECORD_EDITOR (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      FieldRow *row = &g_array_index (self->rows, FieldRow, i);
      g_autofree char *input = row_input (self, row);
      g_autofree char *canonical = NULL;
      g_autofree char *problem = NULL;
      g_autoptr(GError) field_error = NULL;

      /* The check every write makes, saha-cli's included. */
      if (!saha_field_normalize (row->field, input, &canonical, &field_error))
        problem = describe_problem (row->field, field_error);
      else if (canonical == NULL && (row->field->flags & SAHA_FIELD_FLAG_REQUIRED) != 0)
        {
          g_set_error_literal (&field_error, SAHA_CORE_ERROR,
                               SAHA_CORE_ERROR_MISSING_REQUIRED, "");
          problem = describe_problem (row->field, field_error);
        }
      show_problem (row, problem);
      if (problem != NULL)
        {
          if (first_bad == NULL)
            first_bad = row;
          continue;
        }

      /* Only what changed is written: a field left alone keeps its version, so it never
       * conflicts with someone else's edit of it. */
      if (self->record != NULL && g_strcmp0 (canonical, stored_value (self, row->field->name)) == 0)
        continue;
      if (self->record == NULL && canonical == NULL)
        continue;
      {
        SahaFieldInput in = { row->field->name, canonical };

        g_array_append_val (inputs, in);
        g_ptr_array_add (owned, g_steal_pointer (&canonical));
      }
    }

  if (first_bad != NULL)
    {
      gtk_label_set_label (self->problem_label,
                           _("Nothing was saved: check the fields marked below."));
      gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
      gtk_widget_grab_focus (first_bad->row);
      return FALSE;
    }

  if (self->record == NULL)
    {
      if (self->parent_id != NULL)
        {
          SahaFieldInput in = { "customer", self->parent_id };

          g_array_append_val (inputs, in);
        }
      new_id = saha_store_create (self->store, self->entity->name,
                                  (SahaFieldInput *) inputs->data, inputs->len, &error);
    }
  else if (inputs->len == 0 ||
           saha_store_update (self->store, self->entity->name, self->id,
                              (SahaFieldInput *) inputs->data, inputs->len, &error))
    new_id = g_strdup (self->id);

  if (new_id == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Nothing was saved: %s"), error->message);

      gtk_label_set_label (self->problem_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
      return FALSE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);
  g_signal_emit (self, signals[SAVED], 0, new_id);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  saha_record_editor_save (SAHA_RECORD_EDITOR (widget));
}

static void
saha_record_editor_dispose (GObject *object)
{
  SahaRecordEditor *self = SAHA_RECORD_EDITOR (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->record, saha_record_unref);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->parent_id, g_free);
  g_clear_pointer (&self->rows, g_array_unref);

  G_OBJECT_CLASS (saha_record_editor_parent_class)->dispose (object);
}

static void
saha_record_editor_class_init (SahaRecordEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = saha_record_editor_dispose;

  /* The id of the record just created or saved. */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "editor.save", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-record-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaRecordEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, SahaRecordEditor, problem_label);
  gtk_widget_class_bind_template_child (widget_class, SahaRecordEditor, page);
}

static void
saha_record_editor_init (SahaRecordEditor *self)
{
  self->rows = g_array_new (FALSE, TRUE, sizeof (FieldRow));
  g_array_set_clear_func (self->rows, (GDestroyNotify) field_row_clear);
  gtk_widget_init_template (GTK_WIDGET (self));
}

SahaRecordEditor *
saha_record_editor_new (GtkWindow  *parent,
                        SahaStore  *store,
                        const char *entity,
                        const char *id,
                        const char *parent_id)
{
  SahaRecordEditor *self;
  const Group *groups;
  g_autoptr(GError) error = NULL;
  const char *heading;

  g_return_val_if_fail (SAHA_IS_STORE (store), NULL);
  g_return_val_if_fail (g_strcmp0 (entity, "customer") == 0
                        || g_strcmp0 (entity, "contact") == 0, NULL);
  g_return_val_if_fail (id != NULL || g_strcmp0 (entity, "customer") == 0
                        || parent_id != NULL, NULL);

  self = g_object_new (SAHA_TYPE_RECORD_EDITOR, "transient-for", parent, NULL);
  gtk_widget_set_name (GTK_WIDGET (self), g_str_equal (entity, "customer")
                       ? "customer-editor" : "contact-editor");
  self->store = g_object_ref (store);
  self->entity = saha_schema_lookup (entity);
  self->id = g_strdup (id);
  self->parent_id = g_strdup (parent_id);
  if (id != NULL)
    {
      self->record = saha_store_get (store, entity, id, &error);
      if (self->record == NULL)
        g_warning ("Cannot read %s %s: %s", entity, id, error->message);
    }

  groups = g_str_equal (entity, "customer") ? customer_groups : contact_groups;
  for (const Group *g = groups; g->title != NULL; g++)
    {
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

      adw_preferences_group_set_title (group, _(g->title));
      for (guint i = 0; g->fields[i] != NULL; i++)
        add_field_row (self, group,
                       saha_entity_def_lookup_field (self->entity, g->fields[i]));
      adw_preferences_page_add (self->page, group);
    }

  if (g_str_equal (entity, "customer"))
    heading = id != NULL ? _("Edit Customer") : _("New Customer");
  else
    heading = id != NULL ? _("Edit Contact Person") : _("New Contact Person");
  adw_window_title_set_title (self->window_title, heading);
  gtk_window_set_title (GTK_WINDOW (self), heading);
  if (self->record != NULL)
    adw_window_title_set_subtitle (self->window_title,
                                   saha_record_get (self->record, "name"));

  return self;
}
