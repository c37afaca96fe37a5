/* saha-page.h: SahaPage, the base of every sidebar page: the replica it shows ("store"),
 * whether the window is folded ("narrow"), whether a read is running ("loading"), and
 * re-reading itself when the store announces a change to what it shows.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_PAGE (saha_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (SahaPage, saha_page, SAHA, PAGE, GtkWidget)

struct _SahaPageClass
{
  GtkWidgetClass parent_class;

  /* The store was set or replaced (saha_page_get_store() may be NULL): take what the
   * page needs of it, without reading; a reload follows. Optional. */
  void (*store_set) (SahaPage *self);
  /* Read what the page shows again, in a worker thread (never on the UI thread). */
  void (*reload)    (SahaPage *self);

  /*< private >*/
  GStrv entities;
};

/*
 * The window walks its stack and sets "store" and "narrow" on each page; it knows no
 * page's API. A page listens to its store's "changed::ENTITY" for the entities its class
 * named with saha_page_class_set_entities() (every entity when it named none): shown, it
 * reloads once the emissions of a commit are over; hidden, it is marked stale and reloads
 * when it is mapped again. Setting the store reloads the same way.
 */
void       saha_page_class_set_entities (SahaPageClass *klass,
                                         const char    *first_entity,
                                         ...) G_GNUC_NULL_TERMINATED;

SahaStore *saha_page_get_store   (SahaPage  *self);
void       saha_page_set_store   (SahaPage  *self,
                                  SahaStore *store);
/* Reloads now, shown or not (a page's own "Reload", tests). */
void       saha_page_reload      (SahaPage  *self);
/* Whether a change waits for the page to be shown. */
gboolean   saha_page_get_stale   (SahaPage  *self);

/* "narrow" (read-write): the window is folded to one column (the window sets it).
 * "loading" (read-only): a read is running in a worker thread. */
gboolean   saha_page_get_narrow  (SahaPage  *self);
gboolean   saha_page_get_loading (SahaPage  *self);
/* For subclasses: a read started or ended. */
void       saha_page_set_loading (SahaPage  *self,
                                  gboolean   loading);

G_END_DECLS
