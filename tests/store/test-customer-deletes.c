/* test-customer-deletes.c: a customer's deletion with what describes it, its undo, a
 * rep's new customer being the rep's, and a contact person's own opt-out in campaigns
 * (issue 13).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-store-analytics.h"
#include "saha-store-saves.h"
#include "store-test.h"

static guint
live (SahaStore  *store,
      const char *entity)
{
  guint count = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (saha_store_count (store, entity, NULL, &count, &error));
  g_assert_no_error (error);
  return count;
}

static void
test_delete_and_restore (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autofree char *customer = store_test_create (store, "customer", "name", "Şahin Market",
                                                 "kind", "company", NULL);
  g_autofree char *other = store_test_create (store, "customer", "name", "Işık Elektrik",
                                              "kind", "company", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) removed = NULL;
  SahaCustomerCounts counts = { 0, };

  g_free (store_test_create (store, "contact", "customer", customer, "name", "Gülşen", NULL));
  g_free (store_test_create (store, "contact", "customer", customer, "name", "İsmail", NULL));
  g_free (store_test_create (store, "contact", "customer", other, "name", "Oya", NULL));
  g_free (store_test_create (store, "note", "customer", customer, "summary", "Aradı", NULL));
  g_free (store_test_create (store, "task", "customer", customer, "title", "Teklif", NULL));

  g_assert_true (saha_store_customer_deletion (store, customer, &counts, &error));
  g_assert_cmpuint (counts.contacts, ==, 2);
  g_assert_cmpuint (counts.notes, ==, 1);
  g_assert_cmpuint (counts.tasks, ==, 1);
  g_assert_cmpuint (counts.orders + counts.service_calls + counts.visits, ==, 0);

  g_assert_true (saha_store_delete_customer (store, customer, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (removed), ==, 5);
  g_assert_cmpuint (live (store, "customer"), ==, 1);
  g_assert_cmpuint (live (store, "contact"), ==, 1);    /* the other customer's */
  g_assert_cmpuint (live (store, "note"), ==, 0);
  g_assert_cmpuint (live (store, "task"), ==, 0);

  g_assert_true (saha_store_restore_records (store, (const char * const *) removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (live (store, "customer"), ==, 2);
  g_assert_cmpuint (live (store, "contact"), ==, 3);
  g_assert_cmpuint (live (store, "note"), ==, 1);
  g_assert_cmpuint (live (store, "task"), ==, 1);

  /* Restoring what is alive changes nothing. */
  g_assert_true (saha_store_restore (store, "customer", customer, &error));
  g_assert_no_error (error);
}

static void
test_history_keeps_customer (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autofree char *customer = store_test_create (store, "customer", "name", "Işık Elektrik",
                                                 "kind", "company", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) removed = NULL;

  g_free (store_test_create (store, "contact", "customer", customer, "name", "Oya", NULL));
  g_free (store_test_create (store, "order", "customer", customer, NULL));

  g_assert_false (saha_store_delete_customer (store, customer, &removed, &error));
  g_assert_error (error, SAHA_STORE_ERROR, SAHA_STORE_ERROR_INVALID);
  g_assert_null (removed);
  g_assert_cmpuint (live (store, "customer"), ==, 1);
  g_assert_cmpuint (live (store, "contact"), ==, 1);
}

static void
test_rep_customer_is_the_reps (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autoptr(GError) error = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *office = NULL;
  g_autoptr(SahaRecord) record = NULL;

  g_assert_true (saha_store_set_setting (store, "user", "ayse", &error));
  g_assert_true (saha_store_set_setting (store, "user_role", "rep", &error));
  mine = store_test_create (store, "customer", "name", "Ada", "kind", "person", NULL);
  record = saha_store_get (store, "customer", mine, &error);
  g_assert_cmpstr (saha_record_get (record, "assigned_to"), ==, "ayse");
  g_clear_pointer (&record, saha_record_unref);

  g_assert_true (saha_store_set_setting (store, "user_role", "office", &error));
  office = store_test_create (store, "customer", "name", "Bora", "kind", "person", NULL);
  record = saha_store_get (store, "customer", office, &error);
  g_assert_null (saha_record_get (record, "assigned_to"));
}

/* An e-mail campaign reaches a contact person with an address, unless that person opted
 * out of e-mail, even when the customer did not. */
static void
test_contact_opt_out_in_campaign (void)
{
  g_autoptr(SahaStore) store = store_test_open ("replica.db");
  g_autofree char *customer = store_test_create (store, "customer", "name", "Işık Elektrik",
                                                 "kind", "company", "city", "İzmir",
                                                 "email", "bilgi@isik.com.tr", NULL);
  g_autofree char *wants = store_test_create (store, "contact", "customer", customer,
                                              "name", "Gülşen", "email", "gulsen@isik.com.tr",
                                              NULL);
  g_autofree char *declines = store_test_create (store, "contact", "customer", customer,
                                                 "name", "İsmail", "email", "ismail@isik.com.tr",
                                                 "opt_out", "email", NULL);
  g_autofree char *campaign = store_test_create (store, "campaign", "name", "Kış kampanyası",
                                                 "city", "İzmir", "channel", "email", NULL);
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) excluded = NULL;
  g_autoptr(GError) error = NULL;
  gboolean customer_in = FALSE, wants_in = FALSE, declines_in = FALSE, declines_out = FALSE;

  g_assert_true (saha_store_campaign_members (store, campaign, NULL, &members, &excluded,
                                              &error));
  g_assert_no_error (error);
  for (guint i = 0; i < members->len; i++)
    {
      SahaCampaignMember *m = g_ptr_array_index (members, i);

      customer_in |= m->contact_id == NULL && g_strcmp0 (m->customer_id, customer) == 0;
      wants_in |= g_strcmp0 (m->contact_id, wants) == 0;
      declines_in |= g_strcmp0 (m->contact_id, declines) == 0;
    }
  for (guint i = 0; i < excluded->len; i++)
    {
      SahaCampaignMember *m = g_ptr_array_index (excluded, i);

      declines_out |= g_strcmp0 (m->contact_id, declines) == 0
                      && m->exclusion == SAHA_EXCLUSION_OPTED_OUT;
    }
  g_assert_true (customer_in);
  g_assert_true (wants_in);
  g_assert_false (declines_in);
  g_assert_true (declines_out);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/customers/delete-and-restore", test_delete_and_restore);
  g_test_add_func ("/store/customers/history-keeps-customer", test_history_keeps_customer);
  g_test_add_func ("/store/customers/rep-customer-is-the-reps", test_rep_customer_is_the_reps);
  g_test_add_func ("/store/customers/contact-opt-out-in-campaign",
                   test_contact_opt_out_in_campaign);

  return g_test_run ();
}
