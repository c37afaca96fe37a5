/* saha-choice-list.c: dropdown models built from the schema's enum values and their
 * translated labels.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-choice-list.h"
#include "saha-core.h"

GtkStringList *
saha_choice_list_new (const char *entity,
                      const char *field,
                      const char *first_label)
{
  const char * const *choices = saha_schema_choices (entity, field);
  GtkStringList *list = gtk_string_list_new (NULL);

  if (first_label != NULL)
    gtk_string_list_append (list, first_label);
  for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
    gtk_string_list_append (list, saha_schema_choice_label (entity, field, choices[i]));

  return list;
}

const char *
saha_choice_list_value (const char *entity,
                        const char *field,
                        guint       position,
                        const char *fallback)
{
  const char * const *choices = saha_schema_choices (entity, field);

  g_return_val_if_fail (choices != NULL, fallback);

  for (guint i = 0; choices[i] != NULL; i++)
    if (i == position)
      return choices[i];
  return fallback;
}

guint
saha_choice_list_position (const char *entity,
                           const char *field,
                           const char *value)
{
  const char * const *choices = saha_schema_choices (entity, field);

  g_return_val_if_fail (choices != NULL, GTK_INVALID_LIST_POSITION);

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_strcmp0 (choices[i], value) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}
