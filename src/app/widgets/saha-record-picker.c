/* saha-record-picker.c: SahaRecordPicker, a search entry over the replica's customers or
 * active products whose matches are picked from a list below it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-list-box.h"
#include "saha-money-display.h"
#include "saha-record-picker.h"
#include "saha-store-reader.h"

/* A handful of matches: the list is for picking, not browsing. */
#define SEARCH_LIMIT 8

struct _SahaRecordPicker
{
  GtkWidget     parent_instance;

  SahaStore    *store;
  char         *entity;
  char         *placeholder_text;
  char         *row_tooltip;
  gboolean      clear_on_pick;
  gboolean      pick_first;   /* Enter came before the matches: pick the first to come */
  GCancellable *search_cancellable;

  GtkWidget    *box;
  GtkWidget    *search_entry;
  GtkListBox   *results;
};

G_DEFINE_FINAL_TYPE (SahaRecordPicker, saha_record_picker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENTITY,
  PROP_PLACEHOLDER_TEXT,
  PROP_ROW_TOOLTIP,
  PROP_CLEAR_ON_PICK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *entity;
  char *text;
} Search;

static void
search_free (Search *search)
{
  g_free (search->entity);
  g_free (search->text);
  g_free (search);
}

static gpointer
search_read (SahaStore     *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Search *search = data;
  SahaFieldInput active[] = { { "active", "true" } };
  SahaQuery query = { .search = search->text, .limit = SEARCH_LIMIT };

  /* A product taken off the catalogue is not sold or fitted any more. */
  if (g_str_equal (search->entity, "product"))
    {
      query.where = active;
      query.n_where = 1;
    }
  return saha_store_list (store, search->entity, &query, error);
}

static GtkWidget *
customer_row (SahaRecord *customer)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), saha_record_get (customer, "name"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), saha_record_get (customer, "city"));
  return row;
}

static GtkWidget *
product_row (SahaRecord *product)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *price = saha_money_display (saha_record_get (product, "unit_price"),
                                               "TRY", saha_money_style_default ());
  const char *category = saha_record_get (product, "category");
  g_autofree char *subtitle = g_strdup_printf ("%s%s%s", saha_record_get (product, "sku"),
                                               category != NULL ? " · " : "",
                                               category != NULL ? category : "");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), saha_record_get (product, "name"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (price != NULL ? price : "—"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("list-add-symbolic"));
  return row;
}

/* A row that says something and picks nothing. */
static void
add_notice_row (SahaRecordPicker *self,
                const char       *text,
                gboolean          is_error)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  if (is_error)
    gtk_widget_add_css_class (row, "error");
  gtk_list_box_append (self->results, row);
}

static void on_row_activated (SahaRecordPicker *self,
                              GtkListBoxRow    *row);

static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SahaRecordPicker *self = SAHA_RECORD_PICKER (source);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  gboolean is_product;

  records = saha_store_read_finish (result, &error);
  /* A newer search (or an emptied entry) supersedes this answer. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  saha_list_box_remove_all (self->results);
  if (records == NULL)
    {
      add_notice_row (self, error->message, TRUE);
      return;
    }

  is_product = g_strcmp0 (self->entity, "product") == 0;
  for (guint i = 0; i < records->len; i++)
    {
      SahaRecord *record = g_ptr_array_index (records, i);
      GtkWidget *row = is_product ? product_row (record) : customer_row (record);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, self->row_tooltip);
      g_object_set_data_full (G_OBJECT (row), "record-id",
                              g_strdup (saha_record_get_id (record)), g_free);
      gtk_list_box_append (self->results, row);
    }
  if (records->len == 0)
    add_notice_row (self, is_product ? _("No product in the catalogue matches")
                                     : _("No customer matches"), FALSE);
  else if (self->pick_first)
    on_row_activated (self, gtk_list_box_get_row_at_index (self->results, 0));
  self->pick_first = FALSE;
}

/* Enter in the search picks the first match, as a click on it would; typed before the
 * matches have come, it picks the first of them when they do. */
static void
on_search_activate (SahaRecordPicker *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results, 0);

  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) == '\0')
    return;
  if (first != NULL && g_object_get_data (G_OBJECT (first), "record-id") != NULL)
    on_row_activated (self, first);
  else if (first == NULL)
    self->pick_first = TRUE;
}

static void
on_search_changed (SahaRecordPicker *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GCancellable *cancellable = saha_store_read_restart (&self->search_cancellable);
  Search *search;

  /* The old matches go at once, so none of them is picked for the new text. */
  saha_list_box_remove_all (self->results);
  gtk_widget_set_visible (GTK_WIDGET (self->results), *text != '\0');
  if (*text == '\0' || self->store == NULL || self->entity == NULL)
    return;

  search = g_new0 (Search, 1);
  search->entity = g_strdup (self->entity);
  search->text = g_strdup (text);
  saha_store_read_async (self, self->store, search_read, search, (GDestroyNotify) search_free,
                         (GDestroyNotify) g_ptr_array_unref, cancellable, search_done, NULL);
}

static void
on_row_activated (SahaRecordPicker *self,
                  GtkListBoxRow    *row)
{
  g_autofree char *id = g_strdup (g_object_get_data (G_OBJECT (row), "record-id"));

  if (id == NULL)
    return;

  /* Cleared first: a handler may reset the page, the picker with it. */
  if (self->clear_on_pick)
    saha_record_picker_clear (self);
  g_signal_emit (self, signals[SIGNAL_PICKED], 0, id);
}

void
saha_record_picker_clear (SahaRecordPicker *self)
{
  g_return_if_fail (SAHA_IS_RECORD_PICKER (self));

  self->pick_first = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  /* search-changed comes after a delay: the matches go now. */
  on_search_changed (self);
}

void
saha_record_picker_set_store (SahaRecordPicker *self,
                              SahaStore        *store)
{
  g_return_if_fail (SAHA_IS_RECORD_PICKER (self));

  g_set_object (&self->store, store);
}

const char *
saha_record_picker_get_entity (SahaRecordPicker *self)
{
  g_return_val_if_fail (SAHA_IS_RECORD_PICKER (self), NULL);

  return self->entity;
}

void
saha_record_picker_set_entity (SahaRecordPicker *self,
                               const char       *entity)
{
  g_autofree char *search_name = NULL;
  g_autofree char *results_name = NULL;

  g_return_if_fail (SAHA_IS_RECORD_PICKER (self));
  g_return_if_fail (entity == NULL || g_str_equal (entity, "customer")
                    || g_str_equal (entity, "product"));

  if (g_strcmp0 (self->entity, entity) == 0)
    return;

  g_free (self->entity);
  self->entity = g_strdup (entity);
  /* "customer-search", "product-results": what tests and the inspector find them by. */
  search_name = g_strconcat (entity != NULL ? entity : "record", "-search", NULL);
  results_name = g_strconcat (entity != NULL ? entity : "record", "-results", NULL);
  gtk_widget_set_name (self->search_entry, search_name);
  gtk_widget_set_name (GTK_WIDGET (self->results), results_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTITY]);
}

static void
set_string (SahaRecordPicker  *self,
            char             **field,
            const char        *value,
            guint              prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

GtkWidget *
saha_record_picker_new (const char *entity)
{
  return g_object_new (SAHA_TYPE_RECORD_PICKER, "entity", entity, NULL);
}

static void
saha_record_picker_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SahaRecordPicker *self = SAHA_RECORD_PICKER (object);

  switch (prop_id)
    {
    case PROP_ENTITY:
      g_value_set_string (value, self->entity);
      break;
    case PROP_PLACEHOLDER_TEXT:
      g_value_set_string (value, self->placeholder_text);
      break;
    case PROP_ROW_TOOLTIP:
      g_value_set_string (value, self->row_tooltip);
      break;
    case PROP_CLEAR_ON_PICK:
      g_value_set_boolean (value, self->clear_on_pick);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_record_picker_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SahaRecordPicker *self = SAHA_RECORD_PICKER (object);

  switch (prop_id)
    {
    case PROP_ENTITY:
      saha_record_picker_set_entity (self, g_value_get_string (value));
      break;
    case PROP_PLACEHOLDER_TEXT:
      set_string (self, &self->placeholder_text, g_value_get_string (value), prop_id);
      break;
    case PROP_ROW_TOOLTIP:
      set_string (self, &self->row_tooltip, g_value_get_string (value), prop_id);
      break;
    case PROP_CLEAR_ON_PICK:
      if (self->clear_on_pick != g_value_get_boolean (value))
        {
          self->clear_on_pick = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_record_picker_dispose (GObject *object)
{
  SahaRecordPicker *self = SAHA_RECORD_PICKER (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SAHA_TYPE_RECORD_PICKER);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_record_picker_parent_class)->dispose (object);
}

static void
saha_record_picker_finalize (GObject *object)
{
  SahaRecordPicker *self = SAHA_RECORD_PICKER (object);

  g_free (self->entity);
  g_free (self->placeholder_text);
  g_free (self->row_tooltip);

  G_OBJECT_CLASS (saha_record_picker_parent_class)->finalize (object);
}

static void
saha_record_picker_class_init (SahaRecordPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = saha_record_picker_dispose;
  object_class->finalize = saha_record_picker_finalize;
  object_class->get_property = saha_record_picker_get_property;
  object_class->set_property = saha_record_picker_set_property;

  /* What is searched: "customer" or "product" (active products only). */
  properties[PROP_ENTITY] =
    g_param_spec_string ("entity", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACEHOLDER_TEXT] =
    g_param_spec_string ("placeholder-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What picking a match does, shown over each match. */
  properties[PROP_ROW_TOOLTIP] =
    g_param_spec_string ("row-tooltip", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether a pick empties the search: a customer is picked once, while several
   * products often come from one search. */
  properties[PROP_CLEAR_ON_PICK] =
    g_param_spec_boolean ("clear-on-pick", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A match was activated; the argument is its record id. */
  signals[SIGNAL_PICKED] = g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-record-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaRecordPicker, box);
  gtk_widget_class_bind_template_child (widget_class, SahaRecordPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaRecordPicker, results);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
}

static void
saha_record_picker_init (SahaRecordPicker *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
