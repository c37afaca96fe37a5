/* saha-customer-item.c: SahaCustomerItem, one customer as a row of a list shows it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-customer-item.h"

struct _SahaCustomerItem
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *city;
  char    *phone;
  char    *assigned_to;
  char    *place;
  char    *segment;   /* translated segment name, "" for none */
  gboolean loaded;
};

G_DEFINE_FINAL_TYPE (SahaCustomerItem, saha_customer_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_CITY,
  PROP_PHONE,
  PROP_ASSIGNED_TO,
  PROP_PLACE,
  PROP_LOADED,
  PROP_SEGMENT,
  PROP_HAS_SEGMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
saha_customer_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SahaCustomerItem *self = SAHA_CUSTOMER_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CITY:
      g_value_set_string (value, self->city);
      break;

    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;

    case PROP_ASSIGNED_TO:
      g_value_set_string (value, self->assigned_to);
      break;

    case PROP_PLACE:
      g_value_set_string (value, self->place);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    case PROP_SEGMENT:
      g_value_set_string (value, self->segment != NULL ? self->segment : "");
      break;

    case PROP_HAS_SEGMENT:
      g_value_set_boolean (value, self->segment != NULL && *self->segment != '\0');
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_customer_item_finalize (GObject *object)
{
  SahaCustomerItem *self = SAHA_CUSTOMER_ITEM (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->city);
  g_free (self->phone);
  g_free (self->assigned_to);
  g_free (self->place);
  g_free (self->segment);

  G_OBJECT_CLASS (saha_customer_item_parent_class)->finalize (object);
}

static void
saha_customer_item_class_init (SahaCustomerItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = saha_customer_item_get_property;
  object_class->finalize = saha_customer_item_finalize;

  /* Read-only: an item is a snapshot of one page read, filled once when the page arrives
   * from the worker thread; a changed customer comes back as a new item on reload. */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CITY] =
    g_param_spec_string ("city", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ASSIGNED_TO] =
    g_param_spec_string ("assigned-to", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACE] =
    g_param_spec_string ("place", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The customer's RFM segment, named for the badge (saha-segment-badge.c). */
  properties[PROP_SEGMENT] =
    g_param_spec_string ("segment", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_SEGMENT] =
    g_param_spec_boolean ("has-segment", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
saha_customer_item_init (SahaCustomerItem *self)
{
}

/* Replaces *@field with @value; TRUE when it changed. */
static gboolean
set_field (char       **field,
           const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
saha_customer_item_update (SahaCustomerItem *self,
                           const SahaRecord *record)
{
  const char *city;
  const char *district;
  g_autofree char *place = NULL;

  g_return_if_fail (SAHA_IS_CUSTOMER_ITEM (self));
  g_return_if_fail (record != NULL);

  city = saha_record_get (record, "city");
  district = saha_record_get (record, "district");
  if (district != NULL && city != NULL)
    place = g_strdup_printf ("%s, %s", district, city);
  else
    place = g_strdup (city != NULL ? city : district);

  g_object_freeze_notify (G_OBJECT (self));
  if (set_field (&self->id, saha_record_get_id (record)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
  if (set_field (&self->name, saha_record_get (record, "name")))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  if (set_field (&self->city, city))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CITY]);
  if (set_field (&self->phone, saha_record_get (record, "phone")))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE]);
  if (set_field (&self->assigned_to, saha_record_get (record, "assigned_to")))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSIGNED_TO]);
  if (set_field (&self->place, place))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACE]);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

SahaCustomerItem *
saha_customer_item_new_pending (void)
{
  return g_object_new (SAHA_TYPE_CUSTOMER_ITEM, NULL);
}

SahaCustomerItem *
saha_customer_item_new (const SahaRecord *record)
{
  SahaCustomerItem *self;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (SAHA_TYPE_CUSTOMER_ITEM, NULL);
  saha_customer_item_update (self, record);
  return self;
}

gboolean
saha_customer_item_get_loaded (SahaCustomerItem *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_ITEM (self), FALSE);
  return self->loaded;
}

const char *
saha_customer_item_get_id (SahaCustomerItem *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_ITEM (self), NULL);
  return self->id;
}

const char *
saha_customer_item_get_name (SahaCustomerItem *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_ITEM (self), NULL);
  return self->name;
}

const char *
saha_customer_item_get_city (SahaCustomerItem *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_ITEM (self), NULL);
  return self->city;
}

const char *
saha_customer_item_get_phone (SahaCustomerItem *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_ITEM (self), NULL);
  return self->phone;
}

const char *
saha_customer_item_get_assigned_to (SahaCustomerItem *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_ITEM (self), NULL);
  return self->assigned_to;
}

const char *
saha_customer_item_get_place (SahaCustomerItem *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_ITEM (self), NULL);
  return self->place;
}

void
saha_customer_item_set_segment (SahaCustomerItem *self,
                                const char       *label)
{
  gboolean had = FALSE;

  g_return_if_fail (SAHA_IS_CUSTOMER_ITEM (self));

  had = self->segment != NULL && *self->segment != '\0';
  if (!set_field (&self->segment, label))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEGMENT]);
  if (had != (label != NULL && *label != '\0'))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_SEGMENT]);
}

const char *
saha_customer_item_get_segment (SahaCustomerItem *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_ITEM (self), NULL);
  return self->segment != NULL ? self->segment : "";
}
