/* saha-product-row.c: SahaProductRow, the base of a list row that types one product's
 * figures (an order's line, a service call's part): the product, the saved record, the
 * title, the "changed" and "remove" signals, and typed numbers written back the
 * language's way.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-core.h"
#include "saha-product-row.h"

typedef struct
{
  char      *product_id;
  char      *record_id;
  char      *title;

  GtkWidget *error_label;
} SahaProductRowPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SahaProductRow, saha_product_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_PRODUCT_ID,
  PROP_RECORD_ID,
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

/* The decimals travel as the handlers' data, packed in one number: places × 16 + the
 * fewest shown (both are below 16). */
#define PACK_PLACES(places, min_places) GUINT_TO_POINTER ((places) * 16 + (min_places))

/* What was typed is shown back with the language's decimal mark once the person leaves
 * the field, so "12,5" in English reads "12.50" like the prices beside it. A field that
 * does not read as a number keeps its text, marked and explained. */
static void
echo_typed (GtkWidget *entry,
            gpointer   packed)
{
  guint places = GPOINTER_TO_UINT (packed) / 16;
  guint min_places = GPOINTER_TO_UINT (packed) % 16;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *shown = saha_format_typed_decimal (text, places, min_places,
                                                      saha_format_style_default ());

  if (shown != NULL && g_strcmp0 (shown, text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), shown);
}

static void
on_focus_leave (GtkEventControllerFocus *controller,
                gpointer                 packed)
{
  echo_typed (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)), packed);
}

static void
on_field_changed (SahaProductRow *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_remove_clicked (SahaProductRow *self)
{
  g_signal_emit (self, signals[SIGNAL_REMOVE], 0);
}

const char *
saha_product_row_get_product_id (SahaProductRow *self)
{
  SahaProductRowPrivate *priv = saha_product_row_get_instance_private (self);

  g_return_val_if_fail (SAHA_IS_PRODUCT_ROW (self), NULL);
  return priv->product_id;
}

const char *
saha_product_row_get_record_id (SahaProductRow *self)
{
  SahaProductRowPrivate *priv = saha_product_row_get_instance_private (self);

  g_return_val_if_fail (SAHA_IS_PRODUCT_ROW (self), NULL);
  return priv->record_id;
}

void
saha_product_row_set_record_id (SahaProductRow *self,
                                const char     *record_id)
{
  SahaProductRowPrivate *priv = saha_product_row_get_instance_private (self);

  g_return_if_fail (SAHA_IS_PRODUCT_ROW (self));

  if (set_string (&priv->record_id, record_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD_ID]);
}

void
saha_product_row_class_set_template (GtkWidgetClass *widget_class,
                                     const char     *resource)
{
  gtk_widget_class_set_template_from_resource (widget_class, resource);
  gtk_widget_class_bind_template_child_full (widget_class, "error_label", FALSE,
                                             G_PRIVATE_OFFSET (SahaProductRow, error_label));
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
}

void
saha_product_row_echo_typed (GtkWidget *entry,
                             guint      places,
                             guint      min_places)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_return_if_fail (places < 16 && min_places < 16);

  g_signal_connect (focus, "leave", G_CALLBACK (on_focus_leave),
                    PACK_PLACES (places, min_places));
  gtk_widget_add_controller (entry, focus);
  g_signal_connect (entry, "activate", G_CALLBACK (echo_typed),
                    PACK_PLACES (places, min_places));
}

void
saha_product_row_set_scaled (GtkWidget *entry,
                             gint64     value,
                             guint      places,
                             guint      min_places)
{
  g_autofree char *text = saha_format_scaled (value, places, min_places,
                                              saha_format_style_default ());

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

void
saha_product_row_mark_field (GtkWidget *entry,
                             gboolean   has_error)
{
  if (has_error)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
}

void
saha_product_row_show_problems (SahaProductRow *self,
                                const char     *problems)
{
  SahaProductRowPrivate *priv = saha_product_row_get_instance_private (self);

  gtk_label_set_label (GTK_LABEL (priv->error_label), problems);
  gtk_widget_set_visible (priv->error_label, problems[0] != '\0');
}

static void
saha_product_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SahaProductRowPrivate *priv =
    saha_product_row_get_instance_private (SAHA_PRODUCT_ROW (object));

  switch (prop_id)
    {
    case PROP_PRODUCT_ID:
      g_value_set_string (value, priv->product_id);
      break;
    case PROP_RECORD_ID:
      g_value_set_string (value, priv->record_id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_product_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SahaProductRow *self = SAHA_PRODUCT_ROW (object);
  SahaProductRowPrivate *priv = saha_product_row_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_PRODUCT_ID:
      set_string (&priv->product_id, g_value_get_string (value));
      break;
    case PROP_RECORD_ID:
      saha_product_row_set_record_id (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      if (set_string (&priv->title, g_value_get_string (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_product_row_finalize (GObject *object)
{
  SahaProductRowPrivate *priv =
    saha_product_row_get_instance_private (SAHA_PRODUCT_ROW (object));

  g_free (priv->product_id);
  g_free (priv->record_id);
  g_free (priv->title);

  G_OBJECT_CLASS (saha_product_row_parent_class)->finalize (object);
}

static void
saha_product_row_class_init (SahaProductRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = saha_product_row_get_property;
  object_class->set_property = saha_product_row_set_property;
  object_class->finalize = saha_product_row_finalize;

  properties[PROP_PRODUCT_ID] =
    g_param_spec_string ("product-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECORD_ID] =
    g_param_spec_string ("record-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The product as the row names it: "KBL-25 · NYA kablo 2,5 mm²". */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A field of the row was edited. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
  /* The person asked to remove the row. */
  signals[SIGNAL_REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 0);
}

static void
saha_product_row_init (SahaProductRow *self)
{
}
