/* saha-reach-out.h: calling, texting or e-mailing a customer or one of their contact
 * persons, and what to dial when this computer has no app for it.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "saha-core.h"
#include "saha-store.h"

G_BEGIN_DECLS

typedef enum
{
  SAHA_REACH_CALL,
  SAHA_REACH_SMS,
  SAHA_REACH_EMAIL,
} SahaReachChannel;

/* Reaches @customer through @channel: when their contact persons (in @store) have a
 * number or address for it too, asks whom first; then opens the system's app for it
 * (tel:, sms:, mailto:) or, when there is none, a dialog with the number or address, a
 * Copy button and the customer's preferred hours. @widget is the one asking (its window
 * becomes the dialogs' parent). */
void saha_reach_out (GtkWidget        *widget,
                     SahaStore        *store,
                     const SahaRecord *customer,
                     SahaReachChannel  channel);

G_END_DECLS
