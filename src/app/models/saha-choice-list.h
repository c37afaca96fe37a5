/* saha-choice-list.h: dropdown models built from the schema's enum values and their
 * translated labels (declared once, in src/core/saha-schema.c).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The translated labels of @entity's enum field @field in schema order, after
 * @first_label when that is not NULL ("All statuses"). */
GtkStringList *saha_choice_list_new      (const char  *entity,
                                          const char  *field,
                                          const char  *first_label);
/* The value at @position of a list made without a first label; @fallback when
 * @position is past its end (GTK_INVALID_LIST_POSITION). */
const char    *saha_choice_list_value    (const char  *entity,
                                          const char  *field,
                                          guint        position,
                                          const char  *fallback);
/* The position of @value in such a list, or GTK_INVALID_LIST_POSITION. */
guint          saha_choice_list_position (const char  *entity,
                                          const char  *field,
                                          const char  *value);

G_END_DECLS
