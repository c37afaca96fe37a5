/* saha-page.h: SahaPage, the base of the sidebar pages that read in a worker thread.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SAHA_TYPE_PAGE (saha_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (SahaPage, saha_page, SAHA, PAGE, GtkWidget)

struct _SahaPageClass
{
  GtkWidgetClass parent_class;
};

/* "narrow" (read-write): the window is folded to one column (the window binds it).
 * "loading" (read-only): a read is running in a worker thread. */
gboolean saha_page_get_narrow  (SahaPage *self);
gboolean saha_page_get_loading (SahaPage *self);
/* For subclasses: a read started or ended. */
void     saha_page_set_loading (SahaPage *self,
                                gboolean  loading);

G_END_DECLS
