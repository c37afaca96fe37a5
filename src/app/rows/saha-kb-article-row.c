/* saha-kb-article-row.c: the row of one knowledge-base article.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-kb-article-row.h"

GtkWidget *
saha_kb_article_row_new (SahaKbMatch *match,
                         gboolean     show_tags)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *body = gtk_label_new (saha_record_get (match->record, "body"));
  const char *tags = show_tags ? saha_record_get (match->record, "tags") : NULL;
  g_autofree char *solved = NULL;
  g_autofree char *subtitle = NULL;

  solved = g_strdup_printf (ngettext ("Solved %u call", "Solved %u calls",
                                      match->solved_count), match->solved_count);
  subtitle = tags != NULL ? g_strdup_printf ("%s · %s", solved, tags) : g_strdup (solved);
  gtk_widget_set_name (row, "kb-article");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 saha_record_get (match->record, "title"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_widget_set_margin_start (body, 12);
  gtk_widget_set_margin_end (body, 12);
  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 12);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), body);
  return row;
}
