/* saha-store-analytics.h: CRM intelligence over the replica: segments, profit, campaigns, cross-sell, knowledge base.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "saha-store.h"

G_BEGIN_DECLS

/*
 * Everything here is computed from the records the replica holds, on the device, with no
 * network, and stored nowhere: docs/crm.md gives every rule and threshold. Money is in
 * integer minor units throughout; only the revenue of confirmed and delivered orders
 * counts ("qualifying" orders below).
 */

/* The named RFM segments, best first. NONE: no qualifying order. */
typedef enum
{
  SAHA_SEGMENT_NONE,
  SAHA_SEGMENT_CHAMPIONS,
  SAHA_SEGMENT_LOYAL,
  SAHA_SEGMENT_POTENTIAL,
  SAHA_SEGMENT_NEW,
  SAHA_SEGMENT_AT_RISK,
  SAHA_SEGMENT_HIBERNATING,
  SAHA_SEGMENT_LOST,
} SahaSegment;

/* "none", "champions", "loyal", "potential", "new", "at_risk", "hibernating", "lost":
 * the same names as campaign.segment's choices. */
const char *saha_segment_to_string   (SahaSegment  segment);
gboolean    saha_segment_from_string (const char  *name,
                                      SahaSegment *segment);

/* One customer's recency, frequency and monetary value, their 1..5 scores (0 when the
 * customer has no qualifying order) and segment. */
typedef struct
{
  char        *customer_id;
  char        *name;
  char        *last_order_at;  /* latest ordered_at of a qualifying order, or NULL */
  gint64       recency_days;   /* whole days from last_order_at to "now"; -1 if none */
  guint        frequency;      /* qualifying orders */
  gint64       monetary;       /* their revenue net of VAT, minor units */
  guint        r_score;
  guint        f_score;
  guint        m_score;
  SahaSegment  segment;
} SahaCustomerRfm;

void        saha_customer_rfm_free   (SahaCustomerRfm *rfm);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaCustomerRfm, saha_customer_rfm_free)

/* Fills the scores and segment of @rfm from its recency_days, frequency and monetary by
 * the fixed thresholds of docs/crm.md. */
void        saha_customer_rfm_score  (SahaCustomerRfm *rfm);

/* Revenue of one order line net of VAT, in minor units: quantity (thousandths) × unit
 * price (minor units) × (1 − discount (hundredths of a percent) / 100), rounded half away
 * from zero. FALSE when it does not fit in 64 bits. */
gboolean    saha_line_net_revenue    (gint64  quantity,
                                      gint64  unit_price,
                                      gint64  discount,
                                      gint64 *revenue);

/* Every live customer with their RFM values as of @now (NULL: the current time), as
 * SahaCustomerRfm*, sorted by name then id. */
GPtrArray  *saha_store_compute_segments     (SahaStore   *self,
                                             GDateTime   *now,
                                             GError     **error);

typedef struct
{
  char   *customer_id;
  char   *name;
  gint64  revenue;        /* qualifying order lines, net of VAT */
  gint64  product_cost;   /* product cost_price × quantity of those lines */
  gint64  service_cost;   /* labour at the hourly rate, plus parts at cost_price */
  gint64  cost;           /* product_cost + service_cost */
  gint64  profit;         /* revenue − cost; negative for customers who cost money */
} SahaCustomerProfit;

void        saha_customer_profit_free (SahaCustomerProfit *profit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaCustomerProfit, saha_customer_profit_free)

/* The "hourly_rate" setting (a money string such as "600.00") in minor units; 0 when it
 * is unset. An unreadable setting is SAHA_STORE_ERROR_INVALID. */
gboolean    saha_store_get_hourly_rate      (SahaStore   *self,
                                             gint64      *hourly_rate,
                                             GError     **error);

/* Every live customer's profit over the dates @from..@to (inclusive, "YYYY-MM-DD", either
 * may be NULL for an open end; both NULL: all time), with labour at @hourly_rate minor
 * units an hour, as SahaCustomerProfit*, by profit descending (then name, id). */
GPtrArray  *saha_store_compute_profitability (SahaStore  *self,
                                              const char *from,
                                              const char *to,
                                              gint64      hourly_rate,
                                              GError    **error);

/* Why a customer in a campaign's target does not get its message. */
typedef enum
{
  SAHA_EXCLUSION_NONE,        /* a member */
  SAHA_EXCLUSION_OPTED_OUT,   /* customer.opt_out (or the contact's) holds the channel */
  SAHA_EXCLUSION_NO_PHONE,    /* phone or sms campaign, no phone number */
  SAHA_EXCLUSION_NO_EMAIL,    /* email campaign, no e-mail address */
  SAHA_EXCLUSION_NO_ADDRESS,  /* visit campaign, no address */
  SAHA_EXCLUSION_CONSENT_WITHDRAWN, /* the channel's marketing consent, or processing,
                                     * withdrawn (saha_consent_find_withdrawal()) */
} SahaExclusion;

/* "member", "opted_out", "no_phone", "no_email", "no_address", "consent_withdrawn" */
const char *saha_exclusion_to_string (SahaExclusion exclusion);

/* A recipient: the customer itself (contact_id NULL) or one of its contact persons with
 * an address for the channel (then name is the contact's, customer_name the customer's).
 * A consent withdrawal that excludes it is named by consent_id, consent_purpose and
 * consent_at, so that the reason can be shown. */
typedef struct
{
  char          *customer_id;
  char          *contact_id;
  char          *customer_name;
  char          *consent_id;
  char          *consent_purpose;
  char          *consent_at;
  char          *name;
  char          *phone;
  char          *email;
  char          *address;
  char          *city;
  char          *language;
  SahaExclusion  exclusion;
} SahaCampaignMember;

void        saha_campaign_member_free (SahaCampaignMember *member);

/* Customer @customer_id's live consent statements (SahaConsent*), oldest first. */
GPtrArray  *saha_store_list_consents        (SahaStore   *self,
                                             const char  *customer_id,
                                             GError     **error);

/* Evaluates campaign @campaign_id's target over the replica as of @now (NULL: now):
 * *members gets the customers who receive it, *excluded those in the target whom the
 * channel rules leave out, each as SahaCampaignMember*, sorted by name then id; a
 * customer's contact persons reachable through the channel (phone, sms, email) follow
 * it, under their own opt-outs and consents as well as the customer's. */
gboolean    saha_store_campaign_members     (SahaStore   *self,
                                             const char  *campaign_id,
                                             GDateTime   *now,
                                             GPtrArray  **members,
                                             GPtrArray  **excluded,
                                             GError     **error);

/* One customer's RFM values and segment as of @now (NULL: now), from their own orders: what
 * saha_store_compute_segments() gives them, reading no one else's. */
SahaCustomerRfm *saha_store_customer_rfm    (SahaStore   *self,
                                             const char  *customer_id,
                                             GDateTime   *now,
                                             GError     **error);
/* The live campaigns (SahaRecord*) @customer_id receives by the rules of
 * saha_store_campaign_members() (they or a contact person of theirs is a member), from
 * this customer's records alone; a campaign whose target cannot be read is left out. */
GPtrArray  *saha_store_customer_campaigns   (SahaStore   *self,
                                             const char  *customer_id,
                                             GDateTime   *now,
                                             GError     **error);

typedef enum
{
  SAHA_SUGGESTION_BOUGHT_TOGETHER,  /* in past orders with a product of this order */
  SAHA_SUGGESTION_SEGMENT,          /* bought by the customer's segment, never by them */
} SahaSuggestionReason;

/* "bought_together", "segment" */
const char *saha_suggestion_reason_to_string (SahaSuggestionReason reason);

typedef struct
{
  char                 *product_id;
  char                 *sku;
  char                 *name;
  SahaSuggestionReason  reason;
  guint                 score;  /* orders (bought together) or customers (segment) */
} SahaSuggestion;

void        saha_suggestion_free            (SahaSuggestion *suggestion);

/* Up to @limit products to offer customer @customer_id in an order that already holds
 * @product_ids: products bought together with them first, then products of the
 * customer's segment (as of @now, NULL: now); never one already in the order, and no
 * inactive or deleted product. *results gets SahaSuggestion*. */
gboolean    saha_store_suggest_products     (SahaStore          *self,
                                             const char         *customer_id,
                                             const char * const *product_ids,
                                             guint               n_products,
                                             guint               limit,
                                             GDateTime          *now,
                                             GPtrArray         **results,
                                             GError            **error);

G_END_DECLS
