/* test-today-roles.c: the rep's Today (today's visits and tasks, then overdue tasks, quotes
 * about to expire, at-risk customers not visited for 60 days) and the office's (unassigned
 * and overdue calls, complaints without a follow-up, conflicts and refused changes), each
 * row opening what it names.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fieldwork-test.h"
#include "saha-customer-page.h"
#include "saha-customers-view.h"
#include "saha-service-call-list-view.h"
#include "saha-service-call-page.h"
#include "saha-store-sync.h"
#include "saha-today-agenda.h"
#include "saha-today-view.h"

/* @days from today at @hour:00 local time, as UTC ISO 8601. */
static char *
local_at (int days,
          int hour)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);
  g_autoptr(GDateTime) local = g_date_time_new (g_date_time_get_timezone (now),
                                                g_date_time_get_year (day),
                                                g_date_time_get_month (day),
                                                g_date_time_get_day_of_month (day), hour, 0, 0);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (local);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* @days from today as a local YYYY-MM-DD. */
static char *
local_date (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_format (day, "%Y-%m-%d");
}

static SahaTodayView *
today_view (Fixture *fixture)
{
  return SAHA_TODAY_VIEW (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                         SAHA_TYPE_WINDOW, "today_page"));
}

static void
reload_as (Fixture    *fixture,
           const char *role)
{
  SahaTodayView *today = today_view (fixture);
  g_autoptr(GError) error = NULL;

  g_assert_true (saha_store_set_setting (fixture->store, "user_role", role, &error));
  g_assert_no_error (error);
  saha_window_show_page (fixture->window, "today");
  saha_today_view_reload (today);
  WAIT_FOR (!saha_today_view_get_loading (today));
}

static char *
key (const char *entity,
     const char *id)
{
  return g_strdup_printf ("%s:%s", entity, id);
}

/* The row of @entity @id on the shown day. */
static GtkListBoxRow *
row_of (gpointer    day,
        const char *list_name,
        const char *id)
{
  for (GtkWidget *row = gtk_widget_get_first_child (find_named (day, list_name, 0));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "record-id"), id) == 0)
      return GTK_LIST_BOX_ROW (row);
  g_error ("no row for %s", id);
}

static const char *
visible_page (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (
    GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW,
                                              "content_stack")));
}

static void
delivered_order (Fixture    *fixture,
                 const char *customer,
                 int         days_ago)
{
  g_autofree char *at = local_at (-days_ago, 10);

  g_free (store_test_create (fixture->store, "order", "customer", customer,
                             "status", "delivered", "ordered_at", at, NULL));
}

static void
test_rep (Fixture       *fixture,
          gconstpointer  user_data)
{
  SahaTodayView *today = today_view (fixture);
  SahaTodayAgenda *rep = find_named (today, "today-rep", 0);
  g_autofree char *visit_time = local_at (0, 9), *visit_out = local_at (0, 10);
  g_autofree char *afternoon = local_at (0, 14), *morning = local_at (0, 8);
  g_autofree char *yesterday = local_at (-1, 11), *last_week = local_at (-7, 11);
  g_autofree char *in_three = local_date (3), *in_twenty = local_date (20);
  g_autofree char *ordered_25 = local_at (-25, 12), *ordered_10 = local_at (-10, 12);
  g_autofree char *visited_10 = local_at (-10, 10), *visited_90 = local_at (-90, 10);
  g_autofree char *visit = NULL, *task_today = NULL, *task_morning = NULL;
  g_autofree char *overdue_old = NULL, *overdue_new = NULL, *quote_soon = NULL;
  g_autofree char *quote_default = NULL, *quote_later = NULL, *kaya = NULL;
  g_autofree char *deniz = NULL, *ozen = NULL;
  g_auto(GStrv) keys = NULL;
  const char *expected[12];
  guint n = 0;

  visit = store_test_create (fixture->store, "visit", "customer", fixture->customer_id,
                             "user", "ayse", "purpose", "sales", "check_in_at", visit_time,
                             "check_out_at", visit_out, NULL);
  /* Another rep's visit today is not on ayse's day. */
  g_free (store_test_create (fixture->store, "visit", "customer", fixture->customer_id,
                             "user", "mehmet", "check_in_at", visit_time, NULL));
  task_today = store_test_create (fixture->store, "task", "title", "Teklifi ara",
                                  "customer", fixture->customer_id, "owner", "ayse",
                                  "due_at", afternoon, NULL);
  task_morning = store_test_create (fixture->store, "task", "title", "Numune götür",
                                    "owner", "ayse", "due_at", morning, NULL);
  overdue_new = store_test_create (fixture->store, "task", "title", "Fatura sor",
                                   "customer", fixture->customer_id, "owner", "ayse",
                                   "due_at", yesterday, NULL);
  overdue_old = store_test_create (fixture->store, "task", "title", "Katalog gönder",
                                   "owner", "ayse", "due_at", last_week, NULL);
  /* Done, or someone else's: not on the day. */
  g_free (store_test_create (fixture->store, "task", "title", "Bitti", "owner", "ayse",
                             "due_at", yesterday, "done_at", afternoon, "done_by", "ayse",
                             NULL));
  g_free (store_test_create (fixture->store, "task", "title", "Mehmet'in işi",
                             "owner", "mehmet", "due_at", afternoon, NULL));

  quote_soon = store_test_create (fixture->store, "order", "customer", fixture->customer_id,
                                  "status", "quote", "ordered_at", ordered_10,
                                  "valid_until", in_three, NULL);
  /* No valid_until: 30 days from ordered_at, so 5 days left. */
  quote_default = store_test_create (fixture->store, "order", "customer",
                                     fixture->customer_id, "status", "quote",
                                     "ordered_at", ordered_25, NULL);
  quote_later = store_test_create (fixture->store, "order", "customer", fixture->customer_id,
                                   "status", "quote", "ordered_at", ordered_10,
                                   "valid_until", in_twenty, NULL);

  /* Three orders, the last over 180 days ago: "at risk" (docs/crm.md). */
  kaya = store_test_create (fixture->store, "customer", "name", "Kaya Yapı", "kind", "company",
                            "assigned_to", "ayse", NULL);
  deniz = store_test_create (fixture->store, "customer", "name", "Deniz Turizm",
                             "kind", "company", "assigned_to", "ayse", NULL);
  ozen = store_test_create (fixture->store, "customer", "name", "Özen Gıda", "kind", "company",
                            "assigned_to", "ayse", NULL);
  for (int i = 0; i < 3; i++)
    {
      delivered_order (fixture, kaya, 200 + 30 * i);
      delivered_order (fixture, deniz, 200 + 30 * i);
      delivered_order (fixture, ozen, 200 + 30 * i);
    }
  /* Visited 90 days ago: listed after the never visited; visited 10 days ago: not at all. */
  g_free (store_test_create (fixture->store, "visit", "customer", deniz, "user", "ayse",
                             "check_in_at", visited_90, "check_out_at", visited_90, NULL));
  g_free (store_test_create (fixture->store, "visit", "customer", ozen, "user", "ayse",
                             "check_in_at", visited_10, "check_out_at", visited_10, NULL));

  /* A technician's Today stays the technician's. */
  reload_as (fixture, "tech");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (rep)));

  reload_as (fixture, "rep");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (rep)));
  g_assert_false (gtk_widget_get_visible (find_named (today, "today-calls", 0)));
  keys = saha_today_agenda_dup_keys (rep);
  expected[n++] = key ("task", task_morning);
  expected[n++] = key ("visit", visit);
  expected[n++] = key ("task", task_today);
  expected[n++] = key ("task", overdue_old);
  expected[n++] = key ("task", overdue_new);
  expected[n++] = key ("order", quote_soon);
  expected[n++] = key ("order", quote_default);
  expected[n++] = key ("customer", kaya);
  expected[n++] = key ("customer", deniz);
  expected[n] = NULL;
  g_assert_cmpstrv (keys, expected);
  for (guint i = 0; i < n; i++)
    g_free ((char *) expected[i]);

  /* Under its heading, in words a person reads. */
  g_assert_cmpstr (g_object_get_data (G_OBJECT (row_of (rep, "today-rep-items", visit)),
                                      "group"), ==, "Today");
  g_assert_cmpstr (g_object_get_data (G_OBJECT (row_of (rep, "today-rep-items", overdue_old)),
                                      "group"), ==, "Overdue Tasks");
  g_assert_cmpstr (g_object_get_data (G_OBJECT (row_of (rep, "today-rep-items", quote_soon)),
                                      "group"), ==, "Quotes About to Expire");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row_of (rep, "today-rep-items",
                                                                        kaya))),
                   ==, "Never visited");
  g_assert_cmpstr (label_text (rep, "today-rep-summary", 0), ==, "9 things for your day");

  /* Each row opens what it names. */
  g_signal_emit_by_name (find_named (rep, "today-rep-items", 0), "row-activated",
                         row_of (rep, "today-rep-items", kaya));
  g_assert_cmpstr (visible_page (fixture), ==, "customers");
  {
    SahaCustomersView *customers =
      SAHA_CUSTOMERS_VIEW (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                          SAHA_TYPE_WINDOW, "customers_view"));

    g_assert_cmpstr (saha_customer_page_get_customer_id (saha_customers_view_get_page (customers)),
                     ==, kaya);
  }
  saha_window_show_page (fixture->window, "today");
  g_signal_emit_by_name (find_named (rep, "today-rep-items", 0), "row-activated",
                         row_of (rep, "today-rep-items", task_today));
  g_assert_cmpstr (visible_page (fixture), ==, "tasks");
  saha_window_show_page (fixture->window, "today");
  g_signal_emit_by_name (find_named (rep, "today-rep-items", 0), "row-activated",
                         row_of (rep, "today-rep-items", quote_soon));
  g_assert_cmpstr (visible_page (fixture), ==, "orders");
  saha_window_show_page (fixture->window, "today");
  g_signal_emit_by_name (find_named (rep, "today-rep-items", 0), "row-activated",
                         row_of (rep, "today-rep-items", visit));
  g_assert_cmpstr (visible_page (fixture), ==, "visits");

  /* Done, a task leaves the day. */
  {
    SahaFieldInput done[] = { { "done_at", afternoon }, { "done_by", "ayse" } };
    g_autoptr(GError) error = NULL;

    g_assert_true (saha_store_update (fixture->store, "task", overdue_old, done,
                                      G_N_ELEMENTS (done), &error));
    g_assert_no_error (error);
  }
  reload_as (fixture, "rep");
  g_assert_cmpstr (label_text (rep, "today-rep-summary", 0), ==, "8 things for your day");
}

static void
test_office (Fixture       *fixture,
             gconstpointer  user_data)
{
  SahaTodayView *today = today_view (fixture);
  SahaTodayAgenda *office = find_named (today, "today-office", 0);
  g_autofree char *afternoon = local_at (0, 15), *two_days_ago = local_at (-2, 9);
  g_autofree char *yesterday = local_at (-1, 9);
  g_autofree char *unassigned_urgent = NULL, *unassigned = NULL, *overdue = NULL;
  g_autofree char *lonely = NULL, *followed = NULL, *conflicted = NULL, *refused = NULL;
  g_autofree char *there_path = g_build_filename (g_get_user_data_dir (), "there.db", NULL);
  g_autoptr(SahaStore) there = NULL;
  g_autoptr(SahaRecord) task = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  const char *expected[12];
  guint n = 0;

  unassigned = store_test_create (fixture->store, "service_call", "customer",
                                  fixture->customer_id, "problem", "Pano ısınıyor",
                                  "scheduled_at", afternoon, NULL);
  unassigned_urgent = store_test_create (fixture->store, "service_call", "customer",
                                         fixture->customer_id, "priority", "urgent",
                                         "problem", "Elektrik yok", NULL);
  overdue = store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                               "status", "assigned", "assigned_to", "mehmet",
                               "scheduled_at", two_days_ago, NULL);
  /* Assigned and on time, resolved, closed: none waits for the office. */
  g_free (store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                             "status", "assigned", "assigned_to", "mehmet",
                             "scheduled_at", afternoon, NULL));
  g_free (store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                             "status", "resolved", "assigned_to", "mehmet",
                             "scheduled_at", yesterday, NULL));
  g_free (store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                             "status", "closed", NULL));

  /* A complaint gets its follow-up task when written; done while the complaint is still
   * open, the complaint has none left. */
  lonely = store_test_create (fixture->store, "note", "customer", fixture->customer_id,
                              "channel", "complaint", "summary", "Fatura iki kez kesildi",
                              "status", "open", "at", yesterday, NULL);
  followed = store_test_create (fixture->store, "note", "customer", fixture->customer_id,
                                "channel", "complaint", "summary", "Teknisyen geç geldi",
                                "status", "open", "at", yesterday, NULL);
  g_free (store_test_create (fixture->store, "note", "customer", fixture->customer_id,
                             "channel", "complaint", "summary", "Eski şikâyet",
                             "status", "resolved", "at", two_days_ago, NULL));
  task = only_record (fixture->store, "task", "related_id", lonely);
  {
    SahaFieldInput done[] = { { "done_at", afternoon }, { "done_by", "ayse" } };

    g_assert_true (saha_store_update (fixture->store, "task", saha_record_get_id (task), done,
                                      G_N_ELEMENTS (done), &error));
    g_assert_no_error (error);
  }

  /* Two devices wrote the same phone: a conflict. */
  conflicted = store_test_create (fixture->store, "customer", "name", "Kaya Yapı",
                                  "kind", "company", NULL);
  there = saha_store_open (there_path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(SahaRecord) record = saha_store_get (fixture->store, "customer", conflicted, &error);
    SahaFieldInput here_phone = { "phone", "+90 312 555 01 01" };
    SahaFieldInput there_phone = { "phone", "+90 532 444 12 12" };
    g_autoptr(SahaRecord) theirs = NULL;

    g_assert_true (saha_store_merge (there, record, FALSE, NULL, &error));
    g_assert_true (saha_store_update (there, "customer", conflicted, &there_phone, 1, &error));
    g_assert_true (saha_store_update (fixture->store, "customer", conflicted, &here_phone, 1,
                                      &error));
    theirs = saha_store_get (there, "customer", conflicted, &error);
    g_assert_true (saha_store_merge (fixture->store, theirs, FALSE, NULL, &error));
    g_assert_no_error (error);
  }
  refused = store_test_create (fixture->store, "customer", "name", "Deniz Turizm",
                               "kind", "company", "assigned_to", "mehmet", NULL);
  g_assert_true (saha_store_sync_reject (fixture->store, "customer", refused, "forbidden",
                                         "ayse (rep) may only create customers assigned to "
                                         "themselves", &error));
  g_assert_no_error (error);

  reload_as (fixture, "office");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (office)));
  g_assert_false (gtk_widget_get_visible (find_named (today, "today-rep", 0)));
  keys = saha_today_agenda_dup_keys (office);
  expected[n++] = key ("service_call", unassigned_urgent);
  expected[n++] = key ("service_call", unassigned);
  expected[n++] = key ("service_call", overdue);
  expected[n++] = key ("note", lonely);
  expected[n++] = key ("customer", conflicted);
  expected[n++] = key ("customer", refused);
  expected[n] = NULL;
  g_assert_cmpstrv (keys, expected);
  for (guint i = 0; i < n; i++)
    g_free ((char *) expected[i]);
  (void) followed;

  g_assert_cmpstr (g_object_get_data (G_OBJECT (row_of (office, "today-office-items", overdue)),
                                      "group"), ==, "Overdue Calls");
  g_assert_cmpstr (g_object_get_data (G_OBJECT (row_of (office, "today-office-items", lonely)),
                                      "group"), ==, "Complaints Without a Follow-up");
  /* Priority in words with an icon, not by colour alone. */
  g_assert_cmpstr (label_text (row_of (office, "today-office-items", unassigned_urgent),
                               "today-priority", 0), ==, "Urgent");
  g_assert_cmpuint (count_named (row_of (office, "today-office-items", unassigned_urgent),
                                 "today-priority-icon"), ==, 1);
  g_assert_cmpstr (label_text (office, "today-office-summary", 0), ==,
                   "6 things wait for the office");

  /* Each row opens what it names: the call, the complaint's customer, the Conflicts page. */
  g_signal_emit_by_name (find_named (office, "today-office-items", 0), "row-activated",
                         row_of (office, "today-office-items", unassigned));
  g_assert_cmpstr (visible_page (fixture), ==, "service-calls");
  {
    SahaServiceCallListView *calls =
      SAHA_SERVICE_CALL_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                  SAHA_TYPE_WINDOW,
                                                                  "service_calls_page"));

    g_assert_cmpstr (saha_service_call_page_get_call_id (saha_service_call_list_view_get_page (calls)),
                     ==, unassigned);
  }
  saha_window_show_page (fixture->window, "today");
  g_signal_emit_by_name (find_named (office, "today-office-items", 0), "row-activated",
                         row_of (office, "today-office-items", lonely));
  g_assert_cmpstr (visible_page (fixture), ==, "customers");
  saha_window_show_page (fixture->window, "today");
  g_signal_emit_by_name (find_named (office, "today-office-items", 0), "row-activated",
                         row_of (office, "today-office-items", refused));
  g_assert_cmpstr (visible_page (fixture), ==, "conflicts");

  /* Assigned, the call leaves the office's day. */
  {
    SahaFieldInput assign[] = { { "assigned_to", "mehmet" }, { "status", "assigned" } };

    g_assert_true (saha_store_update (fixture->store, "service_call", unassigned, assign,
                                      G_N_ELEMENTS (assign), &error));
    g_assert_no_error (error);
  }
  reload_as (fixture, "admin");
  g_assert_cmpstr (label_text (office, "today-office-summary", 0), ==,
                   "5 things wait for the office");
}

/* A long day shows the first rows of a kind and says how many more there are; that row
 * opens the page that lists them all. */
static void
test_office_many (Fixture       *fixture,
                  gconstpointer  user_data)
{
  SahaTodayView *today = today_view (fixture);
  SahaTodayAgenda *office = find_named (today, "today-office", 0);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) keys = NULL;
  GtkWidget *more;

  g_assert_true (saha_store_begin (fixture->store, &error));
  for (guint i = 0; i < 30; i++)
    g_free (store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                               "problem", "Arıza", NULL));
  g_assert_true (saha_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  reload_as (fixture, "office");
  keys = saha_today_agenda_dup_keys (office);
  g_assert_cmpuint (g_strv_length (keys), ==, 25);
  g_assert_cmpuint (count_named (office, "today-more"), ==, 1);
  more = find_named (office, "today-more", 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (more)), ==, "5 more");
  g_assert_cmpstr (g_object_get_data (G_OBJECT (more), "group"), ==, "Unassigned Calls");
  g_assert_cmpstr (label_text (office, "today-office-summary", 0), ==,
                   "30 things wait for the office");
  g_signal_emit_by_name (find_named (office, "today-office-items", 0), "row-activated", more);
  g_assert_cmpstr (visible_page (fixture), ==, "dispatch");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fieldwork_test_init (&argc, &argv);

  g_test_add ("/app/today/rep", Fixture, NULL, fixture_set_up, test_rep, fixture_tear_down);
  g_test_add ("/app/today/office", Fixture, NULL, fixture_set_up, test_office,
              fixture_tear_down);
  g_test_add ("/app/today/office-many", Fixture, NULL, fixture_set_up, test_office_many,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
