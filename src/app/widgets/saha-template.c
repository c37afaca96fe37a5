/* saha-template.c: disposing a widget built from a template whose root is not a bound child.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-template.h"

/* Disposes @widget's template of @type (its bound children) and unparents what is left:
 * the template's root box, which no field holds. For a widget's dispose. */
void
saha_template_dispose (GtkWidget *widget,
                       GType      type)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_dispose_template (widget, type);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_first_child (widget))
    gtk_widget_unparent (child);
}
