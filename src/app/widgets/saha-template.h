/* saha-template.h: disposing a widget built from a template whose root is not a bound child.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void saha_template_dispose (GtkWidget *widget,
                            GType      type);

G_END_DECLS
