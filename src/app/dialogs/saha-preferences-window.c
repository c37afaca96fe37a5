/* saha-preferences-window.c: SahaPreferencesWindow, the application's settings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-core.h"
#include "saha-store.h"

#include "saha-preferences-window.h"

struct _SahaPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  SahaStore            *store;

  AdwActionRow         *signed_in_row;
  AdwEntryRow          *server_row;
  AdwComboRow          *style_row;
  GtkAdjustment        *interval_adjustment;
  AdwEntryRow          *rate_row;
};

G_DEFINE_FINAL_TYPE (SahaPreferencesWindow, saha_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The rate is kept canonical ("850.00") so every part of Saha reads it the same way,
 * whatever the person typed ("850", "850,5"). */
static void
on_rate_changed (SahaPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->rate_row));
  gint64 minor = 0;
  g_autofree char *canonical = NULL;

  if (*text == '\0')
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->rate_row), "error");
      g_settings_set_string (self->settings, "hourly-rate", "");
      return;
    }

  if (!saha_money_parse (text, &minor, NULL) || minor < 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->rate_row), "error");
      return;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->rate_row), "error");
  canonical = saha_money_format (minor);
  g_settings_set_string (self->settings, "hourly-rate", canonical);
}

/* The colour schemes of the "color-scheme" key, in the style row's order. */
static const char * const color_schemes[] = { "default", "light", "dark" };

static gboolean
style_from_setting (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (color_schemes); i++)
    if (g_str_equal (scheme, color_schemes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
style_to_setting (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  return g_variant_new_string (color_schemes[position < G_N_ELEMENTS (color_schemes) ? position : 0]);
}

/* While signed in, the server is the one of the profile, which the address offered on the
 * sign-in page no longer changes: it is shown, and the offered address is hidden. */
static void
show_signed_in_server (SahaPreferencesWindow *self)
{
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *subtitle = NULL;

  if (self->store != NULL)
    {
      url = saha_store_get_setting (self->store, "server_url");
      user = saha_store_get_setting (self->store, "user");
    }
  if (url == NULL || *url == '\0' || user == NULL || *user == '\0')
    return;

  /* Translators: the server's address, then the user name signed in to it */
  subtitle = g_strdup_printf (_("%s as %s"), url, user);
  adw_action_row_set_subtitle (self->signed_in_row, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->signed_in_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->server_row), FALSE);
}

static void
saha_preferences_window_constructed (GObject *object)
{
  SahaPreferencesWindow *self = SAHA_PREFERENCES_WINDOW (object);
  g_autofree char *rate = NULL;

  G_OBJECT_CLASS (saha_preferences_window_parent_class)->constructed (object);

  show_signed_in_server (self);
  g_settings_bind_with_mapping (self->settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, style_from_setting, style_to_setting,
                                NULL, NULL);

  g_settings_bind (self->settings, "server-url", self->server_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sync-interval", self->interval_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);

  rate = g_settings_get_string (self->settings, "hourly-rate");
  gtk_editable_set_text (GTK_EDITABLE (self->rate_row), rate);
  g_signal_connect_swapped (self->rate_row, "changed", G_CALLBACK (on_rate_changed), self);
}

static void
saha_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  SahaPreferencesWindow *self = SAHA_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_preferences_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  SahaPreferencesWindow *self = SAHA_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_preferences_window_dispose (GObject *object)
{
  SahaPreferencesWindow *self = SAHA_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SAHA_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (saha_preferences_window_parent_class)->dispose (object);
}

static void
saha_preferences_window_class_init (SahaPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = saha_preferences_window_constructed;
  object_class->set_property = saha_preferences_window_set_property;
  object_class->get_property = saha_preferences_window_get_property;
  object_class->dispose = saha_preferences_window_dispose;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The profile's replica, for the server it is signed in to; NULL before one is open. */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         SAHA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaPreferencesWindow, signed_in_row);
  gtk_widget_class_bind_template_child (widget_class, SahaPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, SahaPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, SahaPreferencesWindow, interval_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SahaPreferencesWindow, rate_row);
}

static void
saha_preferences_window_init (SahaPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SahaPreferencesWindow *
saha_preferences_window_new (GSettings *settings,
                             SahaStore *store)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (store == NULL || SAHA_IS_STORE (store), NULL);

  return g_object_new (SAHA_TYPE_PREFERENCES_WINDOW, "settings", settings, "store", store, NULL);
}
