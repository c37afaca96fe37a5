/* test-sync-consent.c: consent recorded on one device decides a campaign computed on another.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-analytics.h"
#include "sync-fixture.h"

typedef TestServerFixture Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->server = test_server_start_with_users ("rep-a", "rep", "office", "office", NULL);
}

static void
sync_ok (TestReplica *replica)
{
  g_autoptr(SahaSyncResult) result = test_replica_sync_ok (replica);
}

/* The reason campaign @campaign_id gives for the customer (@contact_id NULL) or contact
 * person: "member", an exclusion, or NULL when it is not in the target at all. */
static const char *
reason_for (TestReplica *replica,
            const char  *campaign_id,
            const char  *customer_id,
            const char  *contact_id,
            char       **consent_id)
{
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) excluded = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *lists[2];

  g_assert_true (saha_store_campaign_members (replica->store, campaign_id, NULL,
                                              &members, &excluded, &error));
  g_assert_no_error (error);
  lists[0] = members;
  lists[1] = excluded;
  for (guint l = 0; l < 2; l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        SahaCampaignMember *member = g_ptr_array_index (lists[l], i);

        if (g_strcmp0 (member->customer_id, customer_id) != 0 ||
            g_strcmp0 (member->contact_id, contact_id) != 0)
          continue;
        if (consent_id != NULL)
          *consent_id = g_strdup (member->consent_id);
        return saha_exclusion_to_string (member->exclusion);
      }
  return NULL;
}

/* Issue 16 piece 1: a rep records on their laptop that Ayşe withdrew her consent to
 * marketing SMS, and a contact person of a company withdrew theirs; after both devices
 * sync, the office's SMS campaign leaves them out with that reason, while a contact
 * person's own opt-out, a withdrawal of processing, and a withdrawal given back later
 * count as they should. */
static void
test_withdrawal_reaches_campaign (Fixture       *fixture,
                                  gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  TestReplica *rep = test_replica_new (fixture->server, "rep-a");
  g_autofree char *ayse = NULL, *beta = NULL, *can = NULL, *derya = NULL, *ece = NULL;
  g_autofree char *gul = NULL, *hakan = NULL, *campaign = NULL, *withdrawal = NULL;
  g_autofree char *ece_withdrawal = NULL, *shown = NULL, *out = NULL;
  g_autofree char *gul_1 = NULL, *gul_2 = NULL, *hakan_consent = NULL;
  g_autofree char *customer_arg = NULL, *contact_arg = NULL;
  g_autoptr(SahaRecord) on_rep = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *excluded;
  gboolean found = FALSE;

  ayse = test_replica_create (office, "customer", "name=Ayşe Yılmaz", "kind=person",
                              "phone=+90 532 111 2233", "assigned_to=rep-a", NULL);
  beta = test_replica_create (office, "customer", "name=Beta Ltd", "kind=company",
                              "phone=+90 212 000 0000", "assigned_to=rep-a", NULL);
  customer_arg = g_strdup_printf ("customer=%s", beta);
  can = test_replica_create (office, "contact", customer_arg, "name=Can Demir",
                             "phone=+90 533 000 0001", NULL);
  derya = test_replica_create (office, "contact", customer_arg, "name=Derya Ak",
                               "phone=+90 533 000 0002", "opt_out=sms", NULL);
  ece = test_replica_create (office, "contact", customer_arg, "name=Ece Kara",
                             "phone=+90 533 000 0003", NULL);
  gul = test_replica_create (office, "customer", "name=Gül Şen", "kind=person",
                             "phone=+90 532 000 0004", "assigned_to=rep-a", NULL);
  g_free (customer_arg);
  customer_arg = g_strdup_printf ("customer=%s", gul);
  gul_1 = test_replica_create (office, "consent", customer_arg, "purpose=marketing_sms",
                               "state=withdrawn", "at=2026-01-10T09:00:00Z", "method=phone",
                               NULL);
  gul_2 = test_replica_create (office, "consent", customer_arg, "purpose=marketing_sms",
                               "state=given", "at=2026-02-10T09:00:00Z", "method=form", NULL);
  hakan = test_replica_create (office, "customer", "name=Hakan Öz", "kind=person",
                               "phone=+90 532 000 0005", NULL);
  g_free (customer_arg);
  customer_arg = g_strdup_printf ("customer=%s", hakan);
  hakan_consent = test_replica_create (office, "consent", customer_arg, "purpose=processing",
                                       "state=withdrawn", "at=2026-03-01T12:00:00Z",
                                       "method=email", NULL);
  campaign = test_replica_create (office, "campaign", "name=Bahar SMS", "channel=sms", NULL);
  sync_ok (office);

  /* Before anybody withdrew anything on the rep's laptop. */
  g_assert_cmpstr (reason_for (office, campaign, ayse, NULL, NULL), ==, "member");
  g_assert_cmpstr (reason_for (office, campaign, beta, NULL, NULL), ==, "member");
  g_assert_cmpstr (reason_for (office, campaign, beta, can, NULL), ==, "member");
  g_assert_cmpstr (reason_for (office, campaign, beta, derya, NULL), ==, "opted_out");
  g_assert_cmpstr (reason_for (office, campaign, beta, ece, NULL), ==, "member");
  g_assert_cmpstr (reason_for (office, campaign, gul, NULL, NULL), ==, "member");
  g_assert_cmpstr (reason_for (office, campaign, hakan, NULL, NULL), ==, "consent_withdrawn");

  /* On the rep's laptop: the consents came with their customers, and new ones are
   * recorded there. */
  sync_ok (rep);
  on_rep = test_replica_get (rep, "consent", gul_2);
  g_assert_nonnull (on_rep);
  g_assert_null (test_replica_get (rep, "consent", hakan_consent));
  g_free (customer_arg);
  customer_arg = g_strdup_printf ("customer=%s", ayse);
  withdrawal = test_replica_create (rep, "consent", customer_arg, "purpose=marketing_sms",
                                    "state=withdrawn", "at=2026-04-01T10:30:00Z",
                                    "method=phone", "recorded_by=rep-a",
                                    "notes=Called to say no more SMS", NULL);
  g_free (customer_arg);
  customer_arg = g_strdup_printf ("customer=%s", beta);
  contact_arg = g_strdup_printf ("contact=%s", ece);
  ece_withdrawal = test_replica_create (rep, "consent", customer_arg, contact_arg,
                                        "purpose=marketing_sms", "state=withdrawn",
                                        "at=2026-04-01T11:00:00Z", "method=in_person", NULL);
  sync_ok (rep);
  sync_ok (office);

  g_assert_cmpstr (reason_for (office, campaign, ayse, NULL, &shown), ==, "consent_withdrawn");
  g_assert_cmpstr (shown, ==, withdrawal);
  g_clear_pointer (&shown, g_free);
  g_assert_cmpstr (reason_for (office, campaign, beta, ece, &shown), ==, "consent_withdrawn");
  g_assert_cmpstr (shown, ==, ece_withdrawal);
  /* Ece's withdrawal is hers: the company and its other people still get the SMS. */
  g_assert_cmpstr (reason_for (office, campaign, beta, NULL, NULL), ==, "member");
  g_assert_cmpstr (reason_for (office, campaign, beta, can, NULL), ==, "member");
  g_assert_cmpstr (reason_for (office, campaign, beta, derya, NULL), ==, "opted_out");
  g_assert_cmpstr (reason_for (office, campaign, gul, NULL, NULL), ==, "member");

  /* The reason as the office's script reads it. */
  g_assert_cmpint (test_run_cli (office->path, NULL, &out, "campaign-members", campaign,
                                 "--json", NULL), ==, 0);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  excluded = json_object_get_array_member (json_node_get_object (node), "excluded");
  for (guint i = 0; i < json_array_get_length (excluded); i++)
    {
      JsonObject *row = json_array_get_object_element (excluded, i);
      JsonObject *consent;

      if (g_strcmp0 (json_object_get_string_member (row, "customer"), ayse) != 0)
        continue;
      found = TRUE;
      g_assert_cmpstr (json_object_get_string_member (row, "reason"), ==, "consent_withdrawn");
      consent = json_object_get_object_member (row, "consent");
      g_assert_nonnull (consent);
      g_assert_cmpstr (json_object_get_string_member (consent, "id"), ==, withdrawal);
      g_assert_cmpstr (json_object_get_string_member (consent, "purpose"), ==, "marketing_sms");
      g_assert_cmpstr (json_object_get_string_member (consent, "at"), ==,
                       "2026-04-01T10:30:00Z");
    }
  g_assert_true (found);

  /* A phone campaign is another channel: the SMS withdrawal does not touch it. */
  g_free (campaign);
  campaign = test_replica_create (office, "campaign", "name=Bahar arama", "channel=phone",
                                  NULL);
  g_assert_cmpstr (reason_for (office, campaign, ayse, NULL, NULL), ==, "member");

  test_replica_free (rep);
  test_replica_free (office);
}

/* saha-cli creates and lists consents as any record, and refuses a consent without its
 * required fields or with an unknown purpose, changing nothing. */
static void
test_cli_record_contract (Fixture       *fixture,
                          gconstpointer  data)
{
  TestReplica *office = test_replica_new (fixture->server, "office");
  g_autofree char *customer = NULL, *customer_arg = NULL, *id = NULL, *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *list;
  JsonObject *fields;

  customer = test_replica_create (office, "customer", "name=Ayşe Yılmaz", "kind=person", NULL);
  customer_arg = g_strdup_printf ("customer=%s", customer);

  g_assert_cmpint (test_run_cli (office->path, NULL, &id, "create", "consent", customer_arg,
                                 "purpose=marketing_email", "state=given",
                                 "at=2026-05-01T08:00:00Z", "method=form", NULL), ==, 0);
  g_strstrip (id);
  g_assert_cmpint (test_run_cli (office->path, NULL, NULL, "create", "consent", customer_arg,
                                 "purpose=marketing_fax", "state=given",
                                 "at=2026-05-01T08:00:00Z", NULL), !=, 0);
  g_assert_cmpint (test_run_cli (office->path, NULL, NULL, "create", "consent", customer_arg,
                                 "purpose=processing", "state=given", NULL), !=, 0);

  g_assert_cmpint (test_run_cli (office->path, NULL, &out, "list", "consent", "--json",
                                 NULL), ==, 0);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  list = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                  "id"), ==, id);
  fields = json_object_get_object_member (json_array_get_object_element (list, 0), "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "purpose"), ==, "marketing_email");
  g_assert_cmpstr (json_object_get_string_member (fields, "state"), ==, "given");
  g_assert_cmpstr (json_object_get_string_member (fields, "customer"), ==, customer);

  test_replica_free (office);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/sync/consent/" path, Fixture, NULL, fixture_setup, func, test_server_fixture_teardown)
  ADD ("withdrawal-reaches-campaign", test_withdrawal_reaches_campaign);
  ADD ("cli-record-contract", test_cli_record_contract);
#undef ADD

  return g_test_run ();
}
