/* saha-paged-page.h: SahaPagedPage, the base of a sidebar page that lists one table's
 * records page by page (SahaPagedList) and opens one of them in an editor beside the list:
 * the Service calls and Visits pages.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-page.h"
#include "saha-paged-list.h"

G_BEGIN_DECLS

#define SAHA_TYPE_PAGED_PAGE (saha_paged_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (SahaPagedPage, saha_paged_page, SAHA, PAGED_PAGE, SahaPage)

struct _SahaPagedPageClass
{
  SahaPageClass parent_class;

  /* A row of the list was activated: open the record @id in the editor. */
  void (*open) (SahaPagedPage *self,
                const char    *id);
};

gboolean       saha_paged_page_get_loading (SahaPagedPage *self);
guint          saha_paged_page_get_n_shown (SahaPagedPage *self);

/* For the subclasses. */

/* Installs @more_action ("calls.more"), which reads the next page of the list. */
void           saha_paged_page_class_install_more_action (GtkWidgetClass *widget_class,
                                                          const char     *more_action);
/*
 * Builds the page: a header titled @title with the narrow window's Back button, and in a
 * scrolled, clamped column the box returned (for the subclass's summary line, filters and
 * hints), then the list named @list_name (rows from @spec, which must stay alive) and its
 * "Show More" button activating @more_action. The summary label is made, not packed.
 */
GtkBox        *saha_paged_page_build        (SahaPagedPage           *self,
                                             const char              *title,
                                             const SahaPagedListSpec *spec,
                                             const char              *list_name,
                                             const char              *more_action);
/* Puts @editor beside the list, shown by saha_paged_page_show_editor(). */
void           saha_paged_page_set_editor   (SahaPagedPage           *self,
                                             GtkWidget               *editor,
                                             const char              *editor_name);
SahaPagedList *saha_paged_page_get_paged    (SahaPagedPage           *self);
/* The "N visits" line, for the subclass to pack. */
GtkWidget     *saha_paged_page_get_summary_label (SahaPagedPage      *self);
/* Says @message in the summary line (a record that could not be opened). */
void           saha_paged_page_show_error   (SahaPagedPage           *self,
                                             const char              *message);
void           saha_paged_page_show_editor  (SahaPagedPage           *self);
/* Reads the list again and shows it (the editor is done). */
void           saha_paged_page_show_list    (SahaPagedPage           *self);

G_END_DECLS
