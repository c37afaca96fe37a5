/* saha-cli-crm.c: the CRM commands: segments, profitability, campaign-members, suggest, kb-search, kb-for-call.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-cli-crm.h"
#include "saha-cli-private.h"
#include "saha-store-analytics.h"
#include "saha-store-kb.h"

/* --now TIMESTAMP, read like a timestamp field (any ISO 8601 offset); NULL: the clock. */
static GDateTime *
parse_now (const char  *text,
           GError     **error)
{
  static const SahaFieldDef now_field = { .name = "now", .type = SAHA_FIELD_TIMESTAMP };
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *canonical = NULL;

  if (text == NULL)
    return g_date_time_new_now_utc ();
  if (!saha_field_normalize (&now_field, text, &canonical, error))
    return NULL;
  if (canonical == NULL)
    {
      g_set_error (error, SAHA_CLI_ERROR, SAHA_CLI_ERROR_INVALID,
                   _("--now needs a date and time like 2026-11-25T08:24:53Z"));
      return NULL;
    }
  return g_date_time_new_from_iso8601 (canonical, utc);
}

/* The replica, which must exist, and in *@now the time the command computes as of:
 * --now (@now_text) or the clock. */
static SahaStore *
open_store_at (const char  *db_path,
               const char  *now_text,
               GDateTime  **now,
               GError     **error)
{
  *now = parse_now (now_text, error);
  if (*now == NULL)
    return NULL;
  return saha_cli_open_store (db_path, TRUE, error);
}

static void
add_money_member (JsonBuilder *builder,
                  const char  *name,
                  gint64       minor_units)
{
  g_autofree char *text = saha_money_format (minor_units);

  saha_cli_json_add_string (builder, name, text);
}

/* A cell of plain-text output: "-" for nothing, one line whatever the value holds. */
static char *
cell (const char *value)
{
  return value != NULL && *value != '\0' ? saha_cli_escape_value (value) : g_strdup ("-");
}

/* ---- segments ---- */

static void
add_rfm_members (JsonBuilder   *builder,
                 gconstpointer  item,
                 gpointer       user_data)
{
  const SahaCustomerRfm *rfm = item;

  saha_cli_json_add_string (builder, "customer", rfm->customer_id);
  saha_cli_json_add_string (builder, "name", rfm->name);
  saha_cli_json_add_optional_int (builder, "recency_days", rfm->recency_days >= 0,
                                  rfm->recency_days);
  saha_cli_json_add_int (builder, "frequency", rfm->frequency);
  add_money_member (builder, "monetary", rfm->monetary);
  saha_cli_json_add_int (builder, "r_score", rfm->r_score);
  saha_cli_json_add_int (builder, "f_score", rfm->f_score);
  saha_cli_json_add_int (builder, "m_score", rfm->m_score);
  saha_cli_json_add_string (builder, "segment", saha_segment_to_string (rfm->segment));
  saha_cli_json_add_string (builder, "last_order_at", rfm->last_order_at);
}

static void
print_rfm_line (gconstpointer item,
                gpointer      user_data)
{
  const SahaCustomerRfm *rfm = item;
  g_autofree char *name = cell (rfm->name);
  g_autofree char *monetary = saha_money_format (rfm->monetary);
  g_autofree char *recency = rfm->recency_days >= 0
                             ? g_strdup_printf ("%" G_GINT64_FORMAT, rfm->recency_days)
                             : g_strdup ("-");

  g_print ("%s  %-11s  R%u F%u M%u  %6s  %4u  %14s  %s\n", rfm->customer_id,
           saha_segment_to_string (rfm->segment), rfm->r_score, rfm->f_score,
           rfm->m_score, recency, rfm->frequency, monetary, name);
}

int
saha_cli_segments (const char  *db_path,
                   int          argc,
                   char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *now_text = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "now", 0, 0, G_OPTION_ARG_FILENAME, &now_text,
      N_("Compute recency as of TIMESTAMP instead of the current time"), N_("TIMESTAMP") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL }
  };

  if (!saha_cli_parse_command ("segments", NULL,
                               _("Every customer's recency (days since the last "
                                 "confirmed or delivered order), frequency (such "
                                 "orders), monetary value (their revenue net of VAT), "
                                 "R/F/M scores 1–5 and segment: champions, loyal, "
                                 "potential, new, at_risk, hibernating, lost, or none "
                                 "(no such order). docs/crm.md gives the thresholds."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;
  if (argc != 1)
    return saha_cli_usage_error ("segments", _("Expected no arguments"));

  store = open_store_at (db_path, now_text, &now, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));
  rows = saha_store_compute_segments (store, now, &error);
  if (rows == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  saha_cli_print_items (rows, json, add_rfm_members, print_rfm_line, NULL);
  return SAHA_CLI_EXIT_OK;
}

/* ---- profitability ---- */

static void
add_profit_members (JsonBuilder   *builder,
                    gconstpointer  item,
                    gpointer       user_data)
{
  const SahaCustomerProfit *profit = item;

  saha_cli_json_add_string (builder, "customer", profit->customer_id);
  saha_cli_json_add_string (builder, "name", profit->name);
  add_money_member (builder, "revenue", profit->revenue);
  add_money_member (builder, "product_cost", profit->product_cost);
  add_money_member (builder, "service_cost", profit->service_cost);
  add_money_member (builder, "cost", profit->cost);
  add_money_member (builder, "profit", profit->profit);
}

static void
print_profit_line (gconstpointer item,
                   gpointer      user_data)
{
  const SahaCustomerProfit *profit = item;
  g_autofree char *name = cell (profit->name);
  g_autofree char *revenue = saha_money_format (profit->revenue);
  g_autofree char *cost = saha_money_format (profit->cost);
  g_autofree char *result = saha_money_format (profit->profit);

  g_print ("%s  %14s  %14s  %14s  %s\n", profit->customer_id, revenue, cost, result, name);
}

int
saha_cli_profitability (const char  *db_path,
                        int          argc,
                        char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *rate_text = NULL;
  gint64 hourly_rate = 0;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from,
      N_("Only orders and service calls on or after DATE"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to,
      N_("Only orders and service calls on or before DATE"), N_("DATE") },
    { "hourly-rate", 0, 0, G_OPTION_ARG_FILENAME, &rate_text,
      N_("The cost of an hour of labour (default: the profile's hourly_rate setting, "
         "else 0, which leaves labour out)"), N_("AMOUNT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL }
  };

  if (!saha_cli_parse_command ("profitability", NULL,
                               _("Every customer's revenue (confirmed and delivered "
                                 "orders, net of VAT), cost (products at cost price, "
                                 "service labour at the hourly rate, parts at cost "
                                 "price) and profit, most profitable first."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;
  if (argc != 1)
    return saha_cli_usage_error ("profitability", _("Expected no arguments"));

  if (rate_text != NULL && !saha_money_parse (rate_text, &hourly_rate, &error))
    return saha_cli_fail (g_steal_pointer (&error));

  store = saha_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));
  if (rate_text == NULL && !saha_store_get_hourly_rate (store, &hourly_rate, &error))
    return saha_cli_fail (g_steal_pointer (&error));

  rows = saha_store_compute_profitability (store, from, to, hourly_rate, &error);
  if (rows == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  saha_cli_print_items (rows, json, add_profit_members, print_profit_line, NULL);
  return SAHA_CLI_EXIT_OK;
}

/* ---- campaign-members ---- */

static void
add_campaign_member_members (JsonBuilder   *builder,
                             gconstpointer  item,
                             gpointer       user_data)
{
  const SahaCampaignMember *member = item;

  saha_cli_json_add_string (builder, "customer", member->customer_id);
  if (member->contact_id != NULL)
    {
      saha_cli_json_add_string (builder, "contact", member->contact_id);
      saha_cli_json_add_string (builder, "customer_name", member->customer_name);
    }
  saha_cli_json_add_string (builder, "name", member->name);
  if (member->exclusion != SAHA_EXCLUSION_NONE)
    saha_cli_json_add_string (builder, "reason", saha_exclusion_to_string (member->exclusion));
  if (member->consent_id != NULL)
    {
      json_builder_set_member_name (builder, "consent");
      json_builder_begin_object (builder);
      saha_cli_json_add_string (builder, "id", member->consent_id);
      saha_cli_json_add_string (builder, "purpose", member->consent_purpose);
      saha_cli_json_add_string (builder, "at", member->consent_at);
      json_builder_end_object (builder);
    }
  saha_cli_json_add_string (builder, "phone", member->phone);
  saha_cli_json_add_string (builder, "email", member->email);
  saha_cli_json_add_string (builder, "language", member->language);
}

int
saha_cli_campaign_members (const char  *db_path,
                           int          argc,
                           char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(SahaRecord) campaign = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) excluded = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *now_text = NULL;
  gboolean json = FALSE;
  gboolean csv = FALSE;
  const GOptionEntry entries[] = {
    { "now", 0, 0, G_OPTION_ARG_FILENAME, &now_text,
      N_("Evaluate segments as of TIMESTAMP instead of the current time"), N_("TIMESTAMP") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON object with the members and the excluded customers"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv,
      N_("Print the members as CSV (name, phone, email, language) for an SMS or e-mail tool"),
      NULL },
    { NULL }
  };

  if (!saha_cli_parse_command ("campaign-members", "CAMPAIGN_ID",
                               _("The customers a campaign's target selects: the "
                                 "members, then those left out, each with the "
                                 "reason (opted_out, no_phone, no_email, no_address, "
                                 "consent_withdrawn). A customer's contact persons "
                                 "reachable through the channel follow it."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;
  if (argc != 2)
    return saha_cli_usage_error ("campaign-members", _("Expected one CAMPAIGN_ID"));
  if (json && csv)
    return saha_cli_usage_error ("campaign-members", _("Give --json or --csv, not both"));
  if (!saha_cli_check_id (argv[1], &error))
    return saha_cli_fail (g_steal_pointer (&error));

  store = open_store_at (db_path, now_text, &now, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));
  if (!saha_store_campaign_members (store, argv[1], now, &members, &excluded, &error))
    return saha_cli_fail (g_steal_pointer (&error));
  campaign = saha_store_get (store, "campaign", argv[1], &error);
  if (campaign == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  if (csv)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      const char *header[] = { "name", "phone", "email", "language" };

      saha_csv_append_row (out, header, G_N_ELEMENTS (header));
      for (guint i = 0; i < members->len; i++)
        {
          SahaCampaignMember *member = g_ptr_array_index (members, i);
          const char *row[] = { member->name, member->phone, member->email, member->language };

          saha_csv_append_row (out, row, G_N_ELEMENTS (row));
        }
      g_print ("%s", out->str);
      return SAHA_CLI_EXIT_OK;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      saha_cli_json_add_string (builder, "campaign", argv[1]);
      saha_cli_json_add_string (builder, "name", saha_record_get (campaign, "name"));
      saha_cli_json_add_string (builder, "channel", saha_record_get (campaign, "channel"));
      json_builder_set_member_name (builder, "members");
      saha_cli_json_add_objects (builder, members, add_campaign_member_members, NULL);
      json_builder_set_member_name (builder, "excluded");
      saha_cli_json_add_objects (builder, excluded, add_campaign_member_members, NULL);
      json_builder_end_object (builder);
      saha_cli_print_builder (builder, TRUE);
      return SAHA_CLI_EXIT_OK;
    }

  for (guint i = 0; i < members->len; i++)
    {
      SahaCampaignMember *member = g_ptr_array_index (members, i);
      g_autofree char *name = cell (member->name);

      g_print ("%s  %-10s  %s\n", member->customer_id, "member", name);
    }
  for (guint i = 0; i < excluded->len; i++)
    {
      SahaCampaignMember *member = g_ptr_array_index (excluded, i);
      g_autofree char *name = cell (member->name);

      if (member->consent_id != NULL)
        g_print ("%s  %-10s  %s  (%s %s)\n", member->customer_id,
                 saha_exclusion_to_string (member->exclusion), name,
                 member->consent_purpose, member->consent_at);
      else
        g_print ("%s  %-10s  %s\n", member->customer_id,
                 saha_exclusion_to_string (member->exclusion), name);
    }
  return SAHA_CLI_EXIT_OK;
}

/* ---- suggest ---- */

static void
add_suggestion_members (JsonBuilder   *builder,
                        gconstpointer  item,
                        gpointer       user_data)
{
  const SahaSuggestion *suggestion = item;

  saha_cli_json_add_string (builder, "product", suggestion->product_id);
  saha_cli_json_add_string (builder, "sku", suggestion->sku);
  saha_cli_json_add_string (builder, "name", suggestion->name);
  saha_cli_json_add_string (builder, "reason", saha_suggestion_reason_to_string (suggestion->reason));
  saha_cli_json_add_int (builder, "score", suggestion->score);
}

static void
print_suggestion_line (gconstpointer item,
                       gpointer      user_data)
{
  const SahaSuggestion *suggestion = item;
  g_autofree char *name = cell (suggestion->name);

  g_print ("%s  %-15s  %5u  %s\n", suggestion->product_id,
           saha_suggestion_reason_to_string (suggestion->reason), suggestion->score, name);
}

int
saha_cli_suggest (const char  *db_path,
                  int          argc,
                  char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(SahaRecord) customer = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *now_text = NULL;
  gboolean json = FALSE;
  int limit = 10;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N suggestions (default 10)"), N_("N") },
    { "now", 0, 0, G_OPTION_ARG_FILENAME, &now_text,
      N_("Evaluate segments as of TIMESTAMP instead of the current time"), N_("TIMESTAMP") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL }
  };

  if (!saha_cli_parse_command ("suggest", "CUSTOMER_ID [PRODUCT_ID…]",
                               _("Products to offer a customer in an order that "
                                 "holds PRODUCT_IDs: those often bought together "
                                 "with them (bought_together), then those the "
                                 "customer's segment buys and the customer has not "
                                 "(segment)."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;
  if (argc < 2)
    return saha_cli_usage_error ("suggest", _("Expected a CUSTOMER_ID"));
  if (limit <= 0)
    return saha_cli_usage_error ("suggest", _("--limit takes a number ≥ 1"));
  for (int i = 1; i < argc; i++)
    if (!saha_cli_check_id (argv[i], &error))
      return saha_cli_fail (g_steal_pointer (&error));

  store = open_store_at (db_path, now_text, &now, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));
  /* A mistyped customer is an error, not an empty list. */
  customer = saha_store_get (store, "customer", argv[1], &error);
  if (customer == NULL)
    return saha_cli_fail (g_steal_pointer (&error));
  if (!saha_store_suggest_products (store, argv[1], (const char * const *) argv + 2, argc - 2,
                                    limit, now, &results, &error))
    return saha_cli_fail (g_steal_pointer (&error));

  saha_cli_print_items (results, json, add_suggestion_members, print_suggestion_line, NULL);
  return SAHA_CLI_EXIT_OK;
}

/* ---- knowledge base ---- */

/* With @user_data non-NULL (kb-for-call), also how the article matched the call. */
static void
add_kb_match_members (JsonBuilder   *builder,
                      gconstpointer  item,
                      gpointer       user_data)
{
  const SahaKbMatch *match = item;

  saha_cli_json_add_string (builder, "id", saha_record_get_id (match->record));
  saha_cli_json_add_string (builder, "title", saha_record_get (match->record, "title"));
  saha_cli_json_add_string (builder, "product", saha_record_get (match->record, "product"));
  saha_cli_json_add_string (builder, "tags", saha_record_get (match->record, "tags"));
  saha_cli_json_add_string (builder, "body", saha_record_get (match->record, "body"));
  saha_cli_json_add_int (builder, "solved_count", match->solved_count);
  if (user_data != NULL)
    {
      json_builder_set_member_name (builder, "same_product");
      json_builder_add_boolean_value (builder, match->same_product);
      saha_cli_json_add_int (builder, "matched_words", match->matched_words);
    }
}

static void
print_kb_match_line (gconstpointer item,
                     gpointer      user_data)
{
  const SahaKbMatch *match = item;
  g_autofree char *title = cell (saha_record_get (match->record, "title"));

  g_print ("%s  %4u  %s\n", saha_record_get_id (match->record), match->solved_count, title);
}

static void
print_kb_matches (GPtrArray *matches,
                  gboolean   json,
                  gboolean   for_call)
{
  saha_cli_print_items (matches, json, add_kb_match_members, print_kb_match_line,
                        for_call ? GINT_TO_POINTER (TRUE) : NULL);
}

int
saha_cli_kb_search (const char  *db_path,
                    int          argc,
                    char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autofree char *text = NULL;
  gboolean json = FALSE;
  int limit = 0;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N articles"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL }
  };

  if (!saha_cli_parse_command ("kb-search", "TEXT…",
                               _("Knowledge base articles whose title, text or tags "
                                 "have words starting with every word of TEXT "
                                 "(Turkish-aware), the most solved calls first. Each "
                                 "line: the id, the calls it solved, the title."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;
  if (argc < 2)
    return saha_cli_usage_error ("kb-search", _("Expected the TEXT to search for"));
  if (limit < 0)
    return saha_cli_usage_error ("kb-search", _("--limit takes a number ≥ 0"));

  text = g_strjoinv (" ", argv + 1);
  if (!g_utf8_validate (text, -1, NULL))
    return saha_cli_usage_error ("kb-search", _("TEXT must be UTF-8"));

  store = saha_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));
  matches = saha_store_kb_search (store, text, limit, &error);
  if (matches == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  print_kb_matches (matches, json, FALSE);
  return SAHA_CLI_EXIT_OK;
}

int
saha_cli_kb_for_call (const char  *db_path,
                      int          argc,
                      char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  gboolean json = FALSE;
  int limit = 10;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N articles (default 10)"),
      N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { NULL }
  };

  if (!saha_cli_parse_command ("kb-for-call", "SERVICE_CALL_ID",
                               _("Knowledge base articles for a service call: those "
                                 "about its product first, then those matching any "
                                 "word of its problem, more matched words first."), entries, &argc, &argv))
    return SAHA_CLI_EXIT_USAGE;
  if (argc != 2)
    return saha_cli_usage_error ("kb-for-call", _("Expected one SERVICE_CALL_ID"));
  if (limit < 0)
    return saha_cli_usage_error ("kb-for-call", _("--limit takes a number ≥ 0"));
  if (!saha_cli_check_id (argv[1], &error))
    return saha_cli_fail (g_steal_pointer (&error));

  store = saha_cli_open_store (db_path, TRUE, &error);
  if (store == NULL)
    return saha_cli_fail (g_steal_pointer (&error));
  matches = saha_store_kb_for_call (store, argv[1], limit, &error);
  if (matches == NULL)
    return saha_cli_fail (g_steal_pointer (&error));

  print_kb_matches (matches, json, TRUE);
  return SAHA_CLI_EXIT_OK;
}
