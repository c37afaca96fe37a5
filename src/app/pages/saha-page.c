/* saha-page.c: SahaPage, the base of every sidebar page: its "store", "narrow" and
 * "loading" properties, its reload when the store announces a change to what it shows
 * (at once when shown, when next mapped otherwise), its layout and the unparenting of its
 * template.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-page.h"

typedef struct
{
  SahaStore *store;
  gulong     changed_handler;
  gboolean   narrow;
  gboolean   loading;
  gboolean   stale;        /* a change waits for the page to be mapped */
  guint      reload_idle;  /* a shown page reloaded for this batch of emissions */
  GtkStack  *stack;        /* the parent, when a stack: its visible child is "shown" */
  gulong     visible_child_handler;
} SahaPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (SahaPage, saha_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_NARROW,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
saha_page_class_set_entities (SahaPageClass *klass,
                              const char    *first_entity,
                              ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  va_list args;

  g_return_if_fail (SAHA_IS_PAGE_CLASS (klass));

  va_start (args, first_entity);
  for (const char *entity = first_entity; entity != NULL; entity = va_arg (args, const char *))
    g_strv_builder_add (builder, entity);
  va_end (args);

  g_strfreev (klass->entities);
  klass->entities = g_strv_builder_end (builder);
}

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

SahaStore *
saha_page_get_store (SahaPage *self)
{
  SahaPagePrivate *priv = saha_page_get_instance_private (self);

  g_return_val_if_fail (SAHA_IS_PAGE (self), NULL);
  return priv->store;
}

gboolean
saha_page_get_stale (SahaPage *self)
{
  SahaPagePrivate *priv = saha_page_get_instance_private (self);

  g_return_val_if_fail (SAHA_IS_PAGE (self), FALSE);
  return priv->stale;
}

void
saha_page_reload (SahaPage *self)
{
  SahaPagePrivate *priv = saha_page_get_instance_private (self);

  g_return_if_fail (SAHA_IS_PAGE (self));

  priv->stale = FALSE;
  if (SAHA_PAGE_GET_CLASS (self)->reload != NULL)
    SAHA_PAGE_GET_CLASS (self)->reload (self);
}

/* Shown: mapped, or the visible child of its stack (a folded window may show the sidebar
 * over it: the page is still the one chosen, and reads as it did). */
static gboolean
is_shown (SahaPage *self)
{
  SahaPagePrivate *priv = saha_page_get_instance_private (self);

  return gtk_widget_get_mapped (GTK_WIDGET (self))
         || (priv->stack != NULL
             && gtk_stack_get_visible_child (priv->stack) == GTK_WIDGET (self));
}

static gboolean
batch_over (gpointer user_data)
{
  SahaPage *self = user_data;
  SahaPagePrivate *priv = saha_page_get_instance_private (self);

  priv->reload_idle = 0;
  return G_SOURCE_REMOVE;
}

/* Shown, the page reloads at the first emission of a commit and lets the others of the
 * same batch go (another connection's commit names every entity, and the read it started
 * sees them all); hidden, it waits to be shown. */
static void
mark_stale (SahaPage *self)
{
  SahaPagePrivate *priv = saha_page_get_instance_private (self);

  if (!is_shown (self))
    {
      priv->stale = TRUE;
      return;
    }
  if (priv->reload_idle != 0)
    return;
  saha_page_reload (self);
  priv->reload_idle = g_idle_add (batch_over, self);
}

static void
on_store_changed (SahaStore  *store,
                  const char *entity,
                  gboolean    by_this_connection,
                  SahaPage   *self)
{
  GStrv entities = SAHA_PAGE_GET_CLASS (self)->entities;

  if (entities == NULL || g_strv_contains ((const char * const *) entities, entity))
    mark_stale (self);
}

void
saha_page_set_store (SahaPage  *self,
                     SahaStore *store)
{
  SahaPagePrivate *priv = saha_page_get_instance_private (self);

  g_return_if_fail (SAHA_IS_PAGE (self));
  g_return_if_fail (store == NULL || SAHA_IS_STORE (store));

  if (priv->store == store)
    return;

  if (priv->store != NULL)
    g_clear_signal_handler (&priv->changed_handler, priv->store);
  g_set_object (&priv->store, store);
  if (store != NULL)
    priv->changed_handler = g_signal_connect (store, "changed",
                                              G_CALLBACK (on_store_changed), self);

  if (SAHA_PAGE_GET_CLASS (self)->store_set != NULL)
    SAHA_PAGE_GET_CLASS (self)->store_set (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);

  priv->stale = TRUE;
  if (is_shown (self))
    saha_page_reload (self);
}

static void
saha_page_map (GtkWidget *widget)
{
  SahaPagePrivate *priv = saha_page_get_instance_private (SAHA_PAGE (widget));

  GTK_WIDGET_CLASS (saha_page_parent_class)->map (widget);

  if (priv->stale)
    saha_page_reload (SAHA_PAGE (widget));
}

static void
on_visible_child (SahaPage *self)
{
  SahaPagePrivate *priv = saha_page_get_instance_private (self);

  if (priv->stale && is_shown (self))
    saha_page_reload (self);
}

static void
forget_stack (SahaPage *self)
{
  SahaPagePrivate *priv = saha_page_get_instance_private (self);

  if (priv->stack != NULL)
    {
      g_clear_signal_handler (&priv->visible_child_handler, priv->stack);
      g_clear_weak_pointer (&priv->stack);
    }
}

static void
on_parent (SahaPage *self)
{
  SahaPagePrivate *priv = saha_page_get_instance_private (self);
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  forget_stack (self);
  if (GTK_IS_STACK (parent))
    {
      g_set_weak_pointer (&priv->stack, GTK_STACK (parent));
      priv->visible_child_handler =
        g_signal_connect_swapped (parent, "notify::visible-child",
                                  G_CALLBACK (on_visible_child), self);
    }
}

static void
saha_page_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SahaPage *self = SAHA_PAGE (object);
  SahaPagePrivate *priv = saha_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      saha_page_set_store (self, g_value_get_object (value));
      break;

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
    case PROP_STORE:
      g_value_set_object (value, saha_page_get_store (self));
      break;

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
  SahaPagePrivate *priv = saha_page_get_instance_private (SAHA_PAGE (object));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  g_clear_handle_id (&priv->reload_idle, g_source_remove);
  forget_stack (SAHA_PAGE (object));
  if (priv->store != NULL)
    g_clear_signal_handler (&priv->changed_handler, priv->store);
  g_clear_object (&priv->store);

  G_OBJECT_CLASS (saha_page_parent_class)->dispose (object);
}

static void
saha_page_class_init (SahaPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = saha_page_set_property;
  object_class->get_property = saha_page_get_property;
  object_class->dispose = saha_page_dispose;
  widget_class->map = saha_page_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SAHA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
saha_page_init (SahaPage *self)
{
  g_signal_connect (self, "notify::parent", G_CALLBACK (on_parent), NULL);
}
