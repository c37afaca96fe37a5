/* saha-service-part-row.c: SahaServicePartRow, one part fitted on a service call, as typed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-core.h"
#include "saha-service-part-row.h"

struct _SahaServicePartRow
{
  GtkListBoxRow  parent_instance;

  char          *product_id;
  char          *part_id;     /* the service_part record, NULL until saved */
  char          *title;

  GtkWidget     *quantity_entry;
  GtkWidget     *price_entry;
  GtkWidget     *error_label;
};

G_DEFINE_FINAL_TYPE (SahaServicePartRow, saha_service_part_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_PRODUCT_ID,
  PROP_PART_ID,
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
 * the field; a field that does not read as a number keeps its text, marked. */
static void
echo_typed (GtkWidget *entry)
{
  SahaServicePartRow *self =
    SAHA_SERVICE_PART_ROW (gtk_widget_get_ancestor (entry, SAHA_TYPE_SERVICE_PART_ROW));
  gboolean is_quantity = entry == self->quantity_entry;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *shown = saha_format_typed_decimal (text, is_quantity ? 3 : 2,
                                                      is_quantity ? 0 : 2,
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
on_field_changed (SahaServicePartRow *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_remove_clicked (SahaServicePartRow *self)
{
  g_signal_emit (self, signals[SIGNAL_REMOVE], 0);
}

GtkWidget *
saha_service_part_row_new (const char *product_id,
                           const char *title)
{
  return g_object_new (SAHA_TYPE_SERVICE_PART_ROW, "product-id", product_id, "title", title,
                       NULL);
}

const char *
saha_service_part_row_get_product_id (SahaServicePartRow *self)
{
  g_return_val_if_fail (SAHA_IS_SERVICE_PART_ROW (self), NULL);
  return self->product_id;
}

const char *
saha_service_part_row_get_part_id (SahaServicePartRow *self)
{
  g_return_val_if_fail (SAHA_IS_SERVICE_PART_ROW (self), NULL);
  return self->part_id;
}

void
saha_service_part_row_set_part_id (SahaServicePartRow *self,
                                   const char         *part_id)
{
  g_return_if_fail (SAHA_IS_SERVICE_PART_ROW (self));

  if (set_string (&self->part_id, part_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PART_ID]);
}

void
saha_service_part_row_set_values (SahaServicePartRow *self,
                                  gint64              quantity_milli,
                                  gint64              price_minor)
{
  g_return_if_fail (SAHA_IS_SERVICE_PART_ROW (self));

  set_scaled (self->quantity_entry, quantity_milli, 3, 0);
  set_scaled (self->price_entry, price_minor, 2, 2);
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
saha_service_part_row_validate (SahaServicePartRow *self,
                                gint64             *quantity_milli,
                                gint64             *price_minor)
{
  g_autoptr(GError) quantity_error = NULL;
  g_autoptr(GError) price_error = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);

  g_return_val_if_fail (SAHA_IS_SERVICE_PART_ROW (self), FALSE);

  if (saha_order_parse_decimal (gtk_editable_get_text (GTK_EDITABLE (self->quantity_entry)),
                                3, quantity_milli, &quantity_error)
      && *quantity_milli == 0)
    g_set_error_literal (&quantity_error, SAHA_ORDER_TOTALS_ERROR,
                         SAHA_ORDER_TOTALS_ERROR_INVALID, _("Enter a quantity above zero"));
  saha_order_parse_decimal (gtk_editable_get_text (GTK_EDITABLE (self->price_entry)), 2,
                            price_minor, &price_error);

  if (quantity_error != NULL)
    g_string_append_printf (problems, _("%s: %s"), _("Quantity"), quantity_error->message);
  if (price_error != NULL)
    g_string_append_printf (problems, "%s" "%s", problems->len > 0 ? "\n" : "",
                            price_error->message);

  set_field_error (self->quantity_entry, quantity_error != NULL);
  set_field_error (self->price_entry, price_error != NULL);
  gtk_label_set_label (GTK_LABEL (self->error_label), problems->str);
  gtk_widget_set_visible (self->error_label, problems->len > 0);

  return problems->len == 0;
}

static void
saha_service_part_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SahaServicePartRow *self = SAHA_SERVICE_PART_ROW (object);

  switch (prop_id)
    {
    case PROP_PRODUCT_ID:
      g_value_set_string (value, self->product_id);
      break;
    case PROP_PART_ID:
      g_value_set_string (value, self->part_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_service_part_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SahaServicePartRow *self = SAHA_SERVICE_PART_ROW (object);

  switch (prop_id)
    {
    case PROP_PRODUCT_ID:
      set_string (&self->product_id, g_value_get_string (value));
      break;
    case PROP_PART_ID:
      saha_service_part_row_set_part_id (self, g_value_get_string (value));
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
saha_service_part_row_finalize (GObject *object)
{
  SahaServicePartRow *self = SAHA_SERVICE_PART_ROW (object);

  g_free (self->product_id);
  g_free (self->part_id);
  g_free (self->title);

  G_OBJECT_CLASS (saha_service_part_row_parent_class)->finalize (object);
}

static void
saha_service_part_row_class_init (SahaServicePartRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = saha_service_part_row_get_property;
  object_class->set_property = saha_service_part_row_set_property;
  object_class->finalize = saha_service_part_row_finalize;

  properties[PROP_PRODUCT_ID] =
    g_param_spec_string ("product-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PART_ID] =
    g_param_spec_string ("part-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The product as the line names it: "SIG-16 · Otomatik sigorta 16 A". */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A field of the part was edited. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  /* The person asked to remove the part. */
  signals[SIGNAL_REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-service-part-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaServicePartRow, quantity_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaServicePartRow, price_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaServicePartRow, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
}

static void
saha_service_part_row_init (SahaServicePartRow *self)
{
  GtkWidget *entries[2];

  gtk_widget_init_template (GTK_WIDGET (self));

  entries[0] = self->quantity_entry;
  entries[1] = self->price_entry;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GtkEventController *focus = gtk_event_controller_focus_new ();

      g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave), NULL);
      gtk_widget_add_controller (entries[i], focus);
      g_signal_connect (entries[i], "activate", G_CALLBACK (echo_typed), NULL);
    }
}
