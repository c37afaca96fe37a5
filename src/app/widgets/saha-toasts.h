/* saha-toasts.h: one toast at a time on an AdwToastOverlay, for the window and any widget
 * in it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void saha_toasts_show      (AdwToastOverlay *overlay,
                            AdwToast        *toast);
void saha_toasts_show_near (GtkWidget       *widget,
                            AdwToast        *toast);

G_END_DECLS
