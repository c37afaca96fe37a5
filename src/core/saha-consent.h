/* saha-consent.h: which of a person's consent statements decides whether they may be contacted.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One live consent record, as the rules below need it (fields of the schema's "consent"). */
typedef struct
{
  char *id;
  char *customer;
  char *contact;      /* NULL: the customer's own statement */
  char *purpose;
  char *state;        /* "given" or "withdrawn" */
  char *at;           /* UTC ISO 8601, as the schema makes it canonical */
  char *method;
} SahaConsent;

void         saha_consent_free                 (SahaConsent *consent);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaConsent, saha_consent_free)

/* "marketing_phone", "marketing_sms", "marketing_email" or "marketing_visit" for a channel
 * of the schema ("phone", "sms", "email", "visit"); NULL for anything else. */
const char  *saha_consent_purpose_for_channel  (const char  *channel);

/* Of @consents (SahaConsent*, one customer's), the statement that keeps the person — the
 * customer when @contact_id is NULL, else that contact person — from being contacted
 * through @channel, or NULL when none does.
 *
 * For each purpose the latest statement by "at" (then by id, so every replica agrees)
 * among the customer's own and, for a contact, the contact's own decides. Withdrawing the
 * channel's marketing purpose or "processing" (all use of the data) forbids the channel;
 * a statement given later lifts an earlier withdrawal. No statement at all forbids
 * nothing: opt-outs (the opt_out fields) are a separate, older rule. */
const SahaConsent *saha_consent_find_withdrawal (GPtrArray   *consents,
                                                 const char  *contact_id,
                                                 const char  *channel);

G_END_DECLS
