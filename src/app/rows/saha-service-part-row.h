/* saha-service-part-row.h: SahaServicePartRow, one part fitted on a service call, as typed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-product-row.h"

G_BEGIN_DECLS

#define SAHA_TYPE_SERVICE_PART_ROW (saha_service_part_row_get_type ())
G_DECLARE_FINAL_TYPE (SahaServicePartRow, saha_service_part_row, SAHA, SERVICE_PART_ROW,
                      SahaProductRow)

GtkWidget  *saha_service_part_row_new            (const char         *product_id,
                                                  const char         *title);
/* Fills the fields, written the interface language's way. */
void        saha_service_part_row_set_values     (SahaServicePartRow *self,
                                                  gint64              quantity_milli,
                                                  gint64              price_minor);
/* Reads the fields, marks the wrong ones and says why under the part; FALSE when a
 * field is wrong. */
gboolean    saha_service_part_row_validate       (SahaServicePartRow *self,
                                                  gint64             *quantity_milli,
                                                  gint64             *price_minor);

G_END_DECLS
