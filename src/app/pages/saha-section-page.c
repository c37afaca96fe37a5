/* saha-section-page.c: SahaSectionPage, a sidebar page that states what the replica holds
 * for a part of Saha this version does not edit yet.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-template.h"
#include "saha-section-page.h"

struct _SahaSectionPage
{
  GtkWidget      parent_instance;

  char          *title;
  char          *icon_name;
  gboolean       narrow;

  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (SahaSectionPage, saha_section_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_ICON_NAME,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
saha_section_page_set_status (SahaSectionPage *self,
                              const char      *summary,
                              const char      *description)
{
  g_return_if_fail (SAHA_IS_SECTION_PAGE (self));

  adw_status_page_set_title (self->status_page, summary);
  adw_status_page_set_description (self->status_page, description);
}

const char *
saha_section_page_get_summary (SahaSectionPage *self)
{
  g_return_val_if_fail (SAHA_IS_SECTION_PAGE (self), NULL);

  return adw_status_page_get_title (self->status_page);
}

static void
saha_section_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SahaSectionPage *self = SAHA_SECTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      if (g_strcmp0 (self->title, g_value_get_string (value)) != 0)
        {
          g_free (self->title);
          self->title = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_ICON_NAME:
      if (g_strcmp0 (self->icon_name, g_value_get_string (value)) != 0)
        {
          g_free (self->icon_name);
          self->icon_name = g_value_dup_string (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

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
saha_section_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SahaSectionPage *self = SAHA_SECTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, self->icon_name);
      break;

    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_section_page_dispose (GObject *object)
{
  SahaSectionPage *self = SAHA_SECTION_PAGE (object);

  saha_template_dispose (GTK_WIDGET (self), SAHA_TYPE_SECTION_PAGE);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->icon_name, g_free);

  G_OBJECT_CLASS (saha_section_page_parent_class)->dispose (object);
}

static void
saha_section_page_class_init (SahaSectionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = saha_section_page_set_property;
  object_class->get_property = saha_section_page_get_property;
  object_class->dispose = saha_section_page_dispose;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE when the sidebar is folded away: the header then offers a way back to it. */
  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-section-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaSectionPage, status_page);
}

static void
saha_section_page_init (SahaSectionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
