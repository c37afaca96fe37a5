/* saha-consent.c: which of a person's consent statements decides whether they may be contacted.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-consent.h"

/**
 * saha_consent_free:
 * @consent: (nullable): a consent statement
 *
 * Frees @consent and its strings.
 */
void
saha_consent_free (SahaConsent *consent)
{
  if (consent == NULL)
    return;
  g_free (consent->id);
  g_free (consent->customer);
  g_free (consent->contact);
  g_free (consent->purpose);
  g_free (consent->state);
  g_free (consent->at);
  g_free (consent->method);
  g_free (consent);
}

/**
 * saha_consent_purpose_for_channel:
 * @channel: a contact channel of the schema ("phone", "sms", "email", "visit")
 *
 * Returns: (transfer none) (nullable): the marketing purpose that covers @channel, a static
 *   string, or %NULL for an unknown channel
 */
const char *
saha_consent_purpose_for_channel (const char *channel)
{
  static const struct { const char *channel, *purpose; } map[] = {
    { "phone", "marketing_phone" },
    { "sms", "marketing_sms" },
    { "email", "marketing_email" },
    { "visit", "marketing_visit" },
  };

  for (guint i = 0; channel != NULL && i < G_N_ELEMENTS (map); i++)
    if (strcmp (map[i].channel, channel) == 0)
      return map[i].purpose;
  return NULL;
}

static gboolean
applies (const SahaConsent *consent,
         const char        *contact_id)
{
  return consent->contact == NULL ||
         (contact_id != NULL && strcmp (consent->contact, contact_id) == 0);
}

/* Canonical timestamps have one form, so they compare as strings. */
static gboolean
later (const SahaConsent *a,
       const SahaConsent *b)
{
  int c = g_strcmp0 (a->at, b->at);

  return c > 0 || (c == 0 && g_strcmp0 (a->id, b->id) > 0);
}

static const SahaConsent *
latest (GPtrArray  *consents,
        const char *contact_id,
        const char *purpose)
{
  const SahaConsent *best = NULL;

  for (guint i = 0; i < consents->len; i++)
    {
      const SahaConsent *consent = g_ptr_array_index (consents, i);

      if (g_strcmp0 (consent->purpose, purpose) != 0 || !applies (consent, contact_id))
        continue;
      if (best == NULL || later (consent, best))
        best = consent;
    }
  return best;
}

/**
 * saha_consent_find_withdrawal:
 * @consents: (element-type SahaConsent): one customer's live consent statements
 * @contact_id: (nullable): the contact person asked about, %NULL for the customer
 * @channel: the channel of the intended contact
 *
 * Finds the statement that forbids contacting the person through @channel: per purpose,
 * the latest statement by "at" (then id) decides; a withdrawal of the channel's marketing
 * purpose or of "processing" forbids it. See saha-consent.h.
 *
 * Returns: (transfer none) (nullable): the deciding withdrawal, owned by @consents, or
 *   %NULL when contact is not forbidden
 */
const SahaConsent *
saha_consent_find_withdrawal (GPtrArray  *consents,
                              const char *contact_id,
                              const char *channel)
{
  const char *purposes[] = { saha_consent_purpose_for_channel (channel), "processing" };

  if (consents == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (purposes); i++)
    {
      const SahaConsent *decisive;

      if (purposes[i] == NULL)
        continue;
      decisive = latest (consents, contact_id, purposes[i]);
      if (decisive != NULL && g_strcmp0 (decisive->state, "withdrawn") == 0)
        return decisive;
    }
  return NULL;
}
