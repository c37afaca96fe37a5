/* saha-order-line-row.c: SahaOrderLineRow, one line of an order as it is typed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-core.h"
#include "saha-money-display.h"
#include "saha-order-line-row.h"

const char * const saha_order_line_vat_rates[] = { "0", "1", "10", "20", NULL };

struct _SahaOrderLineRow
{
  GtkListBoxRow  parent_instance;

  char          *product_id;
  char          *line_id;     /* the order_line record, NULL until saved */
  char          *title;

  GtkWidget     *total_label;
  GtkWidget     *quantity_entry;
  GtkWidget     *price_entry;
  GtkWidget     *discount_entry;
  GtkWidget     *vat_dropdown;
  GtkWidget     *error_label;
};

G_DEFINE_FINAL_TYPE (SahaOrderLineRow, saha_order_line_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_PRODUCT_ID,
  PROP_LINE_ID,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  SIGNAL_REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* How many decimals each field takes, and how many it always shows ("0.00" for money). */
#define QUANTITY_PLACES 3
#define PRICE_PLACES    2
#define DISCOUNT_PLACES 2

/* Replaces *@field by a copy of @value; TRUE when it changed. */
static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
set_scaled (GtkWidget *entry,
            gint64     value,
            guint      places,
            guint      min_places)
{
  g_autofree char *text = saha_format_scaled (value, places, min_places,
                                              saha_format_style_default ());

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* What was typed is shown back with the language's decimal mark once the person leaves
 * the field, so "12,5" in English reads "12.50" like the prices beside it. A field that
 * does not read as a number keeps its text, marked and explained. */
static void
echo_typed (GtkWidget *entry)
{
  SahaOrderLineRow *self =
    SAHA_ORDER_LINE_ROW (gtk_widget_get_ancestor (entry, SAHA_TYPE_ORDER_LINE_ROW));
  gboolean is_quantity = entry == self->quantity_entry;
  guint places = is_quantity ? QUANTITY_PLACES : PRICE_PLACES;
  guint min_places = is_quantity ? 0 : 2;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *shown = saha_format_typed_decimal (text, places, min_places,
                                                      saha_format_style_default ());

  if (shown != NULL && g_strcmp0 (shown, text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), shown);
}

static void
on_focus_leave (GtkEventControllerFocus *controller)
{
  echo_typed (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
}

static void
on_field_changed (SahaOrderLineRow *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_remove_clicked (SahaOrderLineRow *self)
{
  g_signal_emit (self, signals[SIGNAL_REMOVE], 0);
}

GtkWidget *
saha_order_line_row_new (const char *product_id,
                         const char *title)
{
  return g_object_new (SAHA_TYPE_ORDER_LINE_ROW, "product-id", product_id, "title", title,
                       NULL);
}

const char *
saha_order_line_row_get_product_id (SahaOrderLineRow *self)
{
  g_return_val_if_fail (SAHA_IS_ORDER_LINE_ROW (self), NULL);
  return self->product_id;
}

const char *
saha_order_line_row_get_line_id (SahaOrderLineRow *self)
{
  g_return_val_if_fail (SAHA_IS_ORDER_LINE_ROW (self), NULL);
  return self->line_id;
}

void
saha_order_line_row_set_line_id (SahaOrderLineRow *self,
                                 const char       *line_id)
{
  g_return_if_fail (SAHA_IS_ORDER_LINE_ROW (self));

  if (set_string (&self->line_id, line_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_ID]);
}

void
saha_order_line_row_set_values (SahaOrderLineRow *self,
                                gint64            quantity_milli,
                                gint64            unit_price_minor,
                                gint64            discount_bp,
                                const char       *vat_rate)
{
  guint vat_index = 3;

  g_return_if_fail (SAHA_IS_ORDER_LINE_ROW (self));

  for (guint i = 0; saha_order_line_vat_rates[i] != NULL; i++)
    if (g_strcmp0 (saha_order_line_vat_rates[i], vat_rate) == 0)
      vat_index = i;

  set_scaled (self->quantity_entry, quantity_milli, QUANTITY_PLACES, 0);
  set_scaled (self->price_entry, unit_price_minor, PRICE_PLACES, 2);
  set_scaled (self->discount_entry, discount_bp, DISCOUNT_PLACES, 2);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->vat_dropdown), vat_index);
}

void
saha_order_line_row_add_quantity (SahaOrderLineRow *self,
                                  gint64            quantity_milli)
{
  gint64 quantity;

  g_return_if_fail (SAHA_IS_ORDER_LINE_ROW (self));

  if (!saha_order_parse_decimal (gtk_editable_get_text (GTK_EDITABLE (self->quantity_entry)),
                                 QUANTITY_PLACES, &quantity, NULL)
      || quantity > G_MAXINT64 - quantity_milli)
    return;

  set_scaled (self->quantity_entry, quantity + quantity_milli, QUANTITY_PLACES, 0);
}

static void
set_field_error (GtkWidget *entry,
                 gboolean   has_error)
{
  if (has_error)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
}

gboolean
saha_order_line_row_validate (SahaOrderLineRow   *self,
                              SahaOrderLineInput *input)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  struct {
    GtkWidget  *entry;
    guint       places;
    gint64     *value;
    const char *label;
  } fields[] = {
    { self->quantity_entry, QUANTITY_PLACES, &input->quantity_milli, N_("Quantity") },
    { self->price_entry, PRICE_PLACES, &input->unit_price_minor, N_("Unit price") },
    { self->discount_entry, DISCOUNT_PLACES, &input->discount_bp, N_("Discount") },
  };
  guint vat = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->vat_dropdown));
  gboolean valid;

  g_return_val_if_fail (SAHA_IS_ORDER_LINE_ROW (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *text = gtk_editable_get_text (GTK_EDITABLE (fields[i].entry));
      gboolean ok = saha_order_parse_decimal (text, fields[i].places, fields[i].value, &error);

      if (ok && fields[i].value == &input->quantity_milli && *fields[i].value == 0)
        {
          ok = FALSE;
          g_set_error_literal (&error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_INVALID,
                               _("Enter a quantity above zero"));
        }
      if (ok && fields[i].value == &input->discount_bp && *fields[i].value > 10000)
        {
          ok = FALSE;
          g_set_error_literal (&error, SAHA_ORDER_TOTALS_ERROR, SAHA_ORDER_TOTALS_ERROR_INVALID,
                               _("A discount is at most 100%"));
        }

      set_field_error (fields[i].entry, !ok);
      if (!ok)
        {
          if (problems->len > 0)
            g_string_append (problems, "\n");
          /* Translators: "Quantity: Enter a number such as 2 or 2,5" */
          g_string_append_printf (problems, _("%s: %s"), _(fields[i].label), error->message);
        }
    }

  input->vat_percent = vat < G_N_ELEMENTS (saha_order_line_vat_rates) - 1
                       ? g_ascii_strtoll (saha_order_line_vat_rates[vat], NULL, 10) : 0;
  valid = problems->len == 0;

  if (valid)
    {
      SahaOrderAmounts amounts;
      g_autoptr(GError) error = NULL;

      if (saha_order_line_amounts (input, &amounts, &error))
        {
          g_autofree char *canonical = saha_money_format (amounts.gross);
          g_autofree char *text = saha_money_display (canonical, "TRY",
                                                      saha_money_style_default ());

          gtk_label_set_label (GTK_LABEL (self->total_label), text);
        }
      else
        {
          valid = FALSE;
          g_string_append (problems, error->message);
        }
    }
  if (!valid)
    gtk_label_set_label (GTK_LABEL (self->total_label), "—");

  gtk_label_set_label (GTK_LABEL (self->error_label), problems->str);
  gtk_widget_set_visible (self->error_label, problems->len > 0);
  return valid;
}

static void
saha_order_line_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SahaOrderLineRow *self = SAHA_ORDER_LINE_ROW (object);

  switch (prop_id)
    {
    case PROP_PRODUCT_ID:
      g_value_set_string (value, self->product_id);
      break;
    case PROP_LINE_ID:
      g_value_set_string (value, self->line_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_order_line_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SahaOrderLineRow *self = SAHA_ORDER_LINE_ROW (object);

  switch (prop_id)
    {
    case PROP_PRODUCT_ID:
      set_string (&self->product_id, g_value_get_string (value));
      break;
    case PROP_LINE_ID:
      saha_order_line_row_set_line_id (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      if (set_string (&self->title, g_value_get_string (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_order_line_row_finalize (GObject *object)
{
  SahaOrderLineRow *self = SAHA_ORDER_LINE_ROW (object);

  g_free (self->product_id);
  g_free (self->line_id);
  g_free (self->title);

  G_OBJECT_CLASS (saha_order_line_row_parent_class)->finalize (object);
}

static void
saha_order_line_row_class_init (SahaOrderLineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = saha_order_line_row_get_property;
  object_class->set_property = saha_order_line_row_set_property;
  object_class->finalize = saha_order_line_row_finalize;

  properties[PROP_PRODUCT_ID] =
    g_param_spec_string ("product-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINE_ID] =
    g_param_spec_string ("line-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The product as the line names it: "KBL-25 · NYA kablo 2,5 mm²". */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A field of the line was edited. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  /* The person asked to remove the line. */
  signals[SIGNAL_REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-order-line-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaOrderLineRow, total_label);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderLineRow, quantity_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderLineRow, price_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderLineRow, discount_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderLineRow, vat_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SahaOrderLineRow, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
}

static void
saha_order_line_row_init (SahaOrderLineRow *self)
{
  g_autoptr(GPtrArray) vat_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkStringList) vat_model = NULL;
  GtkWidget *entries[] = { NULL, NULL, NULL };

  gtk_widget_init_template (GTK_WIDGET (self));

  /* "%20" in Turkish, "20%" in English */
  for (guint i = 0; saha_order_line_vat_rates[i] != NULL; i++)
    g_ptr_array_add (vat_labels, saha_format_percent (saha_order_line_vat_rates[i],
                                                      saha_format_style_default ()));
  g_ptr_array_add (vat_labels, NULL);
  vat_model = gtk_string_list_new ((const char * const *) vat_labels->pdata);
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->vat_dropdown), G_LIST_MODEL (vat_model));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->vat_dropdown), 3);

  entries[0] = self->quantity_entry;
  entries[1] = self->price_entry;
  entries[2] = self->discount_entry;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), NULL);
      gtk_widget_add_controller (entries[i], focus);
      g_signal_connect (entries[i], "activate", G_CALLBACK (echo_typed), NULL);
    }
}
