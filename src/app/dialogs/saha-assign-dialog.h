/* saha-assign-dialog.h: SahaAssignDialog, picks the person a customer or a service call is
 * assigned to, from the server's user list (or a typed name when offline).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "saha-store.h"

G_BEGIN_DECLS

#define SAHA_TYPE_ASSIGN_DIALOG (saha_assign_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SahaAssignDialog, saha_assign_dialog, SAHA, ASSIGN_DIALOG, AdwWindow)

/*
 * For the record @id of @entity ("customer" or "service_call"). Shows the users of the
 * last fetch at once and asks the server for a fresh list meanwhile. Assign writes
 * assigned_to (a new service call also becomes "assigned"), tells the window
 * (saha_window_notify_local_change()) and emits "assigned" with the user name; then the
 * dialog closes.
 */
SahaAssignDialog *saha_assign_dialog_new     (GtkWindow        *parent,
                                              SahaStore        *store,
                                              const char       *entity,
                                              const char       *id);
/* Whether the signed-in user may assign: the server leaves assigning to the office (a
 * rep's reassignment is refused), so pages offer Assign… only when this is TRUE. */
gboolean          saha_assign_dialog_can_assign (SahaStore     *store);

/* Picks @user as if typed or clicked; Assign then writes it. */
void              saha_assign_dialog_set_user (SahaAssignDialog *self,
                                               const char       *user);
/* Writes the assignment; FALSE (and a message on the dialog) when the store refuses. */
gboolean          saha_assign_dialog_assign   (SahaAssignDialog *self);
/* The names listed to pick from. */
GListModel       *saha_assign_dialog_get_users (SahaAssignDialog *self);

G_END_DECLS
