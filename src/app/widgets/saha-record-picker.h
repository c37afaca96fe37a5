/* saha-record-picker.h: SahaRecordPicker, a search entry over the replica's customers or
 * active products whose matches are picked from a list below it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_RECORD_PICKER (saha_record_picker_get_type ())
G_DECLARE_FINAL_TYPE (SahaRecordPicker, saha_record_picker, SAHA, RECORD_PICKER, GtkWidget)

GtkWidget  *saha_record_picker_new        (const char       *entity);
void        saha_record_picker_set_store  (SahaRecordPicker *self,
                                           SahaStore        *store);
/* "customer" or "product". */
const char *saha_record_picker_get_entity (SahaRecordPicker *self);
void        saha_record_picker_set_entity (SahaRecordPicker *self,
                                           const char       *entity);
/* Empties the search and the matches, dropping a search still running. */
void        saha_record_picker_clear      (SahaRecordPicker *self);

G_END_DECLS
