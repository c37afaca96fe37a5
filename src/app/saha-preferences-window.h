/* saha-preferences-window.h: SahaPreferencesWindow, the application's settings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SAHA_TYPE_PREFERENCES_WINDOW (saha_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (SahaPreferencesWindow, saha_preferences_window, SAHA, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

SahaPreferencesWindow *saha_preferences_window_new (GSettings *settings);

G_END_DECLS
