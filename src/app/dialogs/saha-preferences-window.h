/* saha-preferences-window.h: SahaPreferencesWindow, the application's settings.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_PREFERENCES_WINDOW (saha_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (SahaPreferencesWindow, saha_preferences_window, SAHA, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* @store: the open profile's replica (it tells the server signed in to), or NULL */
SahaPreferencesWindow *saha_preferences_window_new (GSettings *settings,
                                                    SahaStore *store);

G_END_DECLS
