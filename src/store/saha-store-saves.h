/* saha-store-saves.h: a user-level save as one store call: one transaction holding the
 * record, its rules (the service call workflow) and its children.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-store.h"

G_BEGIN_DECLS

/* A part used on a service call, as the technician typed it. */
typedef struct
{
  const char *part_id;            /* the service_part record; NULL for a new one */
  const char *product_id;         /* for a new part */
  gint64      quantity_milli;     /* thousandths */
  gint64      unit_price_minor;   /* minor units */
} SahaServicePartInput;

/*
 * Saves service call @call_id in one transaction: @fields, then, when @status is not
 * NULL, the move to @status (refused with SAHA_STORE_ERROR_INVALID unless the workflow of
 * saha-service-call-workflow.h allows it from the stored status; the move stamps its
 * timestamp field with the current time), the deletion of @removed_part_ids
 * (NULL-terminated, may be NULL) and the writes of @parts (quantity and price of existing
 * ones, new ones created). Anything refused leaves the replica as it was.
 */
gboolean saha_store_save_service_call (SahaStore                  *self,
                                       const char                 *call_id,
                                       const SahaFieldInput       *fields,
                                       guint                       n_fields,
                                       const char                 *status,
                                       const SahaServicePartInput *parts,
                                       guint                       n_parts,
                                       const char * const         *removed_part_ids,
                                       GError                    **error);

/* Creates a service call at @customer_id from @fields (which name the customer too) and,
 * when @user (may be NULL) has a visit open there, links the visit to it, in one
 * transaction. Returns the new call's id, or NULL with nothing written. */
char    *saha_store_create_service_call (SahaStore            *self,
                                         const char           *customer_id,
                                         const SahaFieldInput *fields,
                                         guint                 n_fields,
                                         const char           *user,
                                         GError              **error);

/* An order line as the editor holds it. */
typedef struct
{
  const char         *line_id;      /* the order_line record; NULL for a new one */
  const char         *product_id;   /* for a new line */
  SahaOrderLineInput  input;        /* quantity, price, discount, VAT, scaled */
} SahaOrderLineSave;

/*
 * Saves an order and its lines in one transaction: creates the order when @order_id is
 * NULL (ordered now, by @user, who may be NULL, and linked to @user's visit open at
 * @customer_id) or updates its customer and @status, deletes @removed_line_ids
 * (NULL-terminated, may be NULL), updates the lines with an id and creates the others.
 * On success *@out_order_id is the order's id and *@out_line_ids the id of each of
 * @lines, in order; on failure nothing is written and both are left NULL.
 */
gboolean saha_store_save_order (SahaStore               *self,
                                const char              *order_id,
                                const char              *customer_id,
                                const char              *status,
                                const char              *user,
                                const SahaOrderLineSave *lines,
                                guint                    n_lines,
                                const char * const      *removed_line_ids,
                                char                   **out_order_id,
                                GStrv                   *out_line_ids,
                                GError                 **error);

/* What deleting a customer would take with it (contacts, notes, tasks, consents) and the
 * history that keeps it from being deleted (orders, service calls, visits). */
typedef struct
{
  guint contacts;
  guint notes;
  guint tasks;
  guint consents;
  guint orders;
  guint service_calls;
  guint visits;
} SahaCustomerCounts;

gboolean saha_store_customer_deletion (SahaStore          *self,
                                       const char         *customer_id,
                                       SahaCustomerCounts *counts,
                                       GError            **error);

/*
 * Deletes customer @customer_id with its contact persons, notes, tasks and consent
 * statements, in one transaction. Refused (SAHA_STORE_ERROR_INVALID, nothing written)
 * while orders, service calls or visits name the customer: they are kept, and so is
 * the customer they belong to. *@out_removed lists each deleted record as "entity:id",
 * for saha_store_restore_records().
 */
gboolean saha_store_delete_customer   (SahaStore          *self,
                                       const char         *customer_id,
                                       GStrv              *out_removed,
                                       GError            **error);
/* Takes back the deletions of saha_store_delete_customer() (or of any "entity:id"
 * list) in one transaction: the undo of a delete. */
gboolean saha_store_restore_records   (SahaStore          *self,
                                       const char * const *removed,
                                       GError            **error);

G_END_DECLS
