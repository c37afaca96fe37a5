/* saha-contact-policy.h: how a customer wants to be contacted, decided before a contact action.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "saha-record.h"

G_BEGIN_DECLS

typedef enum
{
  SAHA_CONTACT_ALLOWED,
  SAHA_CONTACT_OPTED_OUT,      /* the customer's opt_out holds the channel: never */
  SAHA_CONTACT_NO_ADDRESS,     /* no phone number or e-mail address for the channel */
  SAHA_CONTACT_OUTSIDE_HOURS,  /* allowed, but a person must confirm first */
} SahaContactVerdict;

/* TRUE when @minute_of_day (0..1439) is within @from..@to ("HH:MM", inclusive of both).
 * A window whose end is before its start runs past midnight (22:00–06:00). A missing end
 * leaves that side open; both missing: any time. */
gboolean           saha_contact_policy_within_hours (const char       *from,
                                                     const char       *to,
                                                     int               minute_of_day);

/* TRUE when the comma-separated @opt_out list holds @channel. */
gboolean           saha_contact_policy_opted_out    (const char       *opt_out,
                                                     const char       *channel);

/* What contacting @customer through @channel ("phone", "sms", "email") at @local_now
 * (the device's local time) is allowed to do. Only calls ask about the hours: a message
 * waits on the customer's phone until they look. */
SahaContactVerdict saha_contact_policy_check        (const SahaRecord *customer,
                                                     const char       *channel,
                                                     GDateTime        *local_now);

/* "It's 21:40, outside Ayşe's preferred hours (09:00–17:30). Call anyway?" */
char              *saha_contact_policy_dup_question (const SahaRecord *customer,
                                                     GDateTime        *local_now);

G_END_DECLS
