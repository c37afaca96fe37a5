/* saha-kb-call-panel.h: SahaKbCallPanel, the knowledge base articles for one service call.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_KB_CALL_PANEL (saha_kb_call_panel_get_type ())
G_DECLARE_FINAL_TYPE (SahaKbCallPanel, saha_kb_call_panel, SAHA, KB_CALL_PANEL, GtkWidget)

#define SAHA_KB_CALL_LIMIT 5

GtkWidget *saha_kb_call_panel_new         (void);
void       saha_kb_call_panel_set_store   (SahaKbCallPanel *self,
                                           SahaStore       *store);
/* Finds the articles for @call_id in a worker thread; NULL (a call not saved yet) hides
 * the panel. */
void       saha_kb_call_panel_set_call    (SahaKbCallPanel *self,
                                           const char      *call_id);
gboolean   saha_kb_call_panel_get_loading (SahaKbCallPanel *self);
/* Records that @article_id solved the call (service_call.kb_article); emits "linked". */
gboolean   saha_kb_call_panel_link        (SahaKbCallPanel *self,
                                           const char      *article_id,
                                           GError         **error);

G_END_DECLS
