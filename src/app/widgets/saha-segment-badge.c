/* saha-segment-badge.c: how an RFM segment is named and coloured in the interface.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-segment-badge.h"

static const struct
{
  SahaSegment  segment;
  const char  *label;
  const char  *css_class;   /* good customers green, slipping ones amber, gone ones dim */
} segments[] = {
  { SAHA_SEGMENT_CHAMPIONS, NC_("customer segment", "Champions"), "saha-segment-good" },
  { SAHA_SEGMENT_LOYAL, NC_("customer segment", "Loyal"), "saha-segment-good" },
  { SAHA_SEGMENT_POTENTIAL, NC_("customer segment", "Potential"), "saha-segment-new" },
  { SAHA_SEGMENT_NEW, NC_("customer segment", "New"), "saha-segment-new" },
  { SAHA_SEGMENT_AT_RISK, NC_("customer segment", "At risk"), "saha-segment-risk" },
  { SAHA_SEGMENT_HIBERNATING, NC_("customer segment", "Hibernating"), "saha-segment-risk" },
  { SAHA_SEGMENT_LOST, NC_("customer segment", "Lost"), "saha-segment-lost" },
};

const SahaSegment saha_segment_badge_order[] = {
  SAHA_SEGMENT_CHAMPIONS, SAHA_SEGMENT_LOYAL, SAHA_SEGMENT_POTENTIAL, SAHA_SEGMENT_NEW,
  SAHA_SEGMENT_AT_RISK, SAHA_SEGMENT_HIBERNATING, SAHA_SEGMENT_LOST, SAHA_SEGMENT_NONE,
};

const char *
saha_segment_badge_label (SahaSegment segment)
{
  for (guint i = 0; i < G_N_ELEMENTS (segments); i++)
    if (segments[i].segment == segment)
      return g_dpgettext2 (NULL, "customer segment", segments[i].label);
  return "";
}

void
saha_segment_badge_apply (GtkLabel    *label,
                          SahaSegment  segment)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  for (guint i = 0; i < G_N_ELEMENTS (segments); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), segments[i].css_class);
  gtk_widget_add_css_class (GTK_WIDGET (label), "saha-segment");

  for (guint i = 0; i < G_N_ELEMENTS (segments); i++)
    if (segments[i].segment == segment)
      gtk_widget_add_css_class (GTK_WIDGET (label), segments[i].css_class);

  gtk_label_set_label (label, saha_segment_badge_label (segment));
  gtk_widget_set_visible (GTK_WIDGET (label), segment != SAHA_SEGMENT_NONE);
}
