/* saha-page.c: SahaPage, the base of the sidebar pages that read in a worker thread: their
 * "narrow" and "loading" properties, their layout and the unparenting of their template.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-page.h"

typedef struct
{
  gboolean narrow;
  gboolean loading;
} SahaPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SahaPage, saha_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_NARROW,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
saha_page_get_narrow (SahaPage *self)
{
  SahaPagePrivate *priv = saha_page_get_instance_private (self);

  g_return_val_if_fail (SAHA_IS_PAGE (self), FALSE);
  return priv->narrow;
}

gboolean
saha_page_get_loading (SahaPage *self)
{
  SahaPagePrivate *priv = saha_page_get_instance_private (self);

  g_return_val_if_fail (SAHA_IS_PAGE (self), FALSE);
  return priv->loading;
}

void
saha_page_set_loading (SahaPage *self,
                       gboolean  loading)
{
  SahaPagePrivate *priv = saha_page_get_instance_private (self);

  g_return_if_fail (SAHA_IS_PAGE (self));
  if (priv->loading == loading)
    return;
  priv->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
saha_page_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SahaPagePrivate *priv = saha_page_get_instance_private (SAHA_PAGE (object));

  switch (prop_id)
    {
    case PROP_NARROW:
      if (priv->narrow != g_value_get_boolean (value))
        {
          priv->narrow = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_page_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SahaPage *self = SAHA_PAGE (object);

  switch (prop_id)
    {
    case PROP_NARROW:
      g_value_set_boolean (value, saha_page_get_narrow (self));
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, saha_page_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Runs after the subclass's dispose, which disposes its template first: what is left of
 * the page's children is unparented here. */
static void
saha_page_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (saha_page_parent_class)->dispose (object);
}

static void
saha_page_class_init (SahaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = saha_page_set_property;
  object_class->get_property = saha_page_get_property;
  object_class->dispose = saha_page_dispose;

  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
saha_page_init (SahaPage *self)
{
}
