/* test-visit-review.c: the office's visit review: filtered by person and dates through its
 * widgets, and the CSV it exports (runs under Xvfb).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-application.h"
#include "saha-visit-review-item.h"
#include "saha-visit-review.h"
#include "saha-visit-editor.h"
#include "saha-visit-list-view.h"
#include "saha-window.h"
#include "../test-create.h"

static SahaApplication *app;

typedef struct
{
  SahaStore       *store;
  SahaWindow      *window;
  SahaVisitReview *review;
} Fixture;


static void
fill (SahaStore *store)
{
  g_autofree char *isik = store_test_create (store, "customer", "name", "Işık Elektrik", "kind", "company", NULL);
  g_autofree char *celik = store_test_create (store, "customer", "name", "Çelik Makine", "kind", "company", NULL);
  g_autofree char *order = store_test_create (store, "order", "customer", isik, "number", "AY-2026-0007",
                                   "status", "confirmed", NULL);
  g_autofree char *call = store_test_create (store, "service_call", "customer", celik,
                                  "number", "AY-2026-0008", "problem", "Pompa çalışmıyor", NULL);

  g_free (store_test_create (store, "visit", "customer", isik, "user", "ayse", "purpose", "sales",
                  "check_in_at", "2026-11-20T09:00:00Z", "check_out_at", "2026-11-20T10:25:00Z",
                  "outcome", "Sipariş alındı", "order", order, NULL));
  g_free (store_test_create (store, "visit", "customer", celik, "user", "ayse", "purpose", "service",
                  "check_in_at", "2026-11-22T13:00:00Z", "check_out_at", "2026-11-22T13:45:00Z",
                  "outcome", "Arıza tespit edildi, servis açıldı", "service_call", call, NULL));
  g_free (store_test_create (store, "visit", "customer", celik, "user", "ayse", "purpose", "sales",
                  "check_in_at", "2026-11-10T08:00:00Z", "outcome", "Yetkili yoktu", NULL));
  g_free (store_test_create (store, "visit", "customer", isik, "user", "mehmet", "purpose", "collection",
                  "check_in_at", "2026-11-21T11:00:00Z", "check_out_at", "2026-11-21T11:20:00Z",
                  "outcome", "Tahsilat yapıldı", NULL));
}

static void
open_window (Fixture    *fixture,
             const char *role)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "replica.db", NULL);
  g_autoptr(GError) error = NULL;

  fixture->store = saha_store_open (path, &error);
  g_assert_no_error (error);
  fill (fixture->store);
  g_assert_true (saha_store_set_setting (fixture->store, "user", "office", &error));
  g_assert_true (saha_store_set_setting (fixture->store, "user_role", role, &error));
  g_assert_no_error (error);

  fixture->window = saha_window_new (app, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->review = SAHA_VISIT_REVIEW (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                      SAHA_TYPE_WINDOW,
                                                                      "visit_review"));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->store);
}

static gpointer
review_child (Fixture    *fixture,
              const char *name)
{
  gpointer child = gtk_widget_get_template_child (GTK_WIDGET (fixture->review),
                                                  SAHA_TYPE_VISIT_REVIEW, name);

  g_assert_nonnull (child);
  return child;
}

static void
select_person (Fixture    *fixture,
               const char *person)
{
  GtkDropDown *dropdown = review_child (fixture, "person_dropdown");
  GListModel *people = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (people); i++)
    {
      g_autoptr(GtkStringObject) name = g_list_model_get_item (people, i);

      if (g_strcmp0 (gtk_string_object_get_string (name), person) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }
  g_error ("%s is not in the person filter", person);
}

/* The review reads the replica in a worker thread: waits for the list to be filled. */
static void
wait_for_review (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (saha_visit_review_get_loading (fixture->review) && g_get_monotonic_time () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
  g_assert_false (saha_visit_review_get_loading (fixture->review));
}

static void
test_filter_and_csv (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GListModel *model;
  GtkEntry *from, *to;
  g_autofree char *csv = NULL;
  g_autoptr(SahaVisitReviewItem) first = NULL;

  open_window (fixture, "office");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                        SAHA_TYPE_WINDOW,
                                                                        "visit_review_row"))));
  saha_window_show_page (fixture->window, "visit-review");
  model = saha_visit_review_get_model (fixture->review);
  wait_for_review (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);

  select_person (fixture, "ayse");
  wait_for_review (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  from = review_child (fixture, "from_entry");
  to = review_child (fixture, "to_entry");
  gtk_editable_set_text (GTK_EDITABLE (from), "2026-11-15");
  gtk_editable_set_text (GTK_EDITABLE (to), "2026-11-22");
  wait_for_review (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  /* Newest first, with the customer's name, the time on site and what it produced. */
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (saha_visit_review_item_get_customer (first), ==, "Çelik Makine");
  g_assert_cmpint (saha_visit_review_item_get_minutes (first), ==, 45);
  g_assert_cmpstr (saha_visit_review_item_get_service_call (first), ==, "AY-2026-0008");

  csv = saha_visit_review_to_csv (fixture->review);
  g_assert_cmpstr (csv, ==,
                   "check_in_at,user,customer,minutes,outcome,order,service_call\r\n"
                   "2026-11-22T13:00:00Z,ayse,Çelik Makine,45,\"Arıza tespit edildi, servis açıldı\",,AY-2026-0008\r\n"
                   "2026-11-20T09:00:00Z,ayse,Işık Elektrik,85,Sipariş alındı,AY-2026-0007,\r\n");

  /* "To" is a whole day; a half-typed date keeps the list and is marked. */
  gtk_editable_set_text (GTK_EDITABLE (to), "2026-11-20");
  wait_for_review (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  /* Backspace twice, as a person would. */
  gtk_editable_delete_text (GTK_EDITABLE (to), 8, -1);
  wait_for_review (fixture);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (to)), ==, "2026-11-");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (to), "error"));

  /* Everyone again, any date: the visit without a check-out has no duration. */
  gtk_editable_set_text (GTK_EDITABLE (to), "");
  gtk_editable_set_text (GTK_EDITABLE (from), "");
  select_person (fixture, "Everyone");
  wait_for_review (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  g_clear_pointer (&csv, g_free);
  csv = saha_visit_review_to_csv (fixture->review);
  g_assert_nonnull (strstr (csv, "2026-11-10T08:00:00Z,ayse,Çelik Makine,,Yetkili yoktu,,\r\n"));
  g_assert_nonnull (strstr (csv, "2026-11-21T11:00:00Z,mehmet,Işık Elektrik,20,Tahsilat yapıldı,,\r\n"));
}

static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
iterate_until_drawn (GtkWidget *widget)
{
  gint64 until = g_get_monotonic_time () + 200 * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* A row opens its visit; what the visit produced is shown whole. */
static void
test_row_opens_visit (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GtkColumnView *view;
  GListModel *model;
  g_autoptr(SahaVisitReviewItem) first = NULL;
  SahaVisitListView *visits;
  SahaVisitEditor *editor;
  GtkStack *stack;

  open_window (fixture, "office");
  saha_window_show_page (fixture->window, "visit-review");
  wait_for_review (fixture);
  view = review_child (fixture, "column_view");
  model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  first = g_list_model_get_item (model, 0);

  /* "Order AY-2026-0007" is shown whole, wrapped if the column is narrow. */
  iterate_until_drawn (GTK_WIDGET (view));
  {
    GtkLabel *produced = find_label (GTK_WIDGET (view), "Order AY-2026-0007");

    g_assert_nonnull (produced);
    g_assert_cmpint (gtk_label_get_ellipsize (produced), ==, PANGO_ELLIPSIZE_NONE);
    g_assert_true (gtk_label_get_wrap (produced));
  }

  g_signal_emit_by_name (view, "activate", 0);
  visits = SAHA_VISIT_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                SAHA_TYPE_WINDOW, "visits_page"));
  editor = saha_visit_list_view_get_editor (visits);
  g_assert_cmpstr (saha_visit_editor_get_visit_id (editor), ==,
                   saha_visit_review_item_get_id (first));
  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW,
                                                    "content_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "visits");
}

static void
test_reps_do_not_see_it (Fixture       *fixture,
                         gconstpointer  user_data)
{
  open_window (fixture, "rep");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                         SAHA_TYPE_WINDOW,
                                                                         "visit_review_row"))));
}

/* GTK tells an SVG icon by the MIME database, which isolated directories would hide. */
static void
keep_mime_database (void)
{
  const char *data_dirs = g_getenv ("XDG_DATA_DIRS");
  g_auto(GStrv) dirs = g_strsplit (data_dirs != NULL && *data_dirs != '\0'
                                   ? data_dirs : "/usr/local/share:/usr/share", ":", -1);
  g_autoptr(GStrvBuilder) mime_dirs = g_strv_builder_new ();
  g_auto(GStrv) mime = NULL;

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (dirs[i], "mime", NULL);

      g_strv_builder_add (mime_dirs, dir);
    }
  mime = g_strv_builder_end (mime_dirs);
  g_content_type_set_mime_dirs ((const char * const *) mime);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The dates typed are local days; the test's days are UTC ones. */
  g_setenv ("TZ", "UTC", TRUE);
  keep_mime_database ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  saha_application_setup_i18n ();
  g_setenv ("LANGUAGE", "en", TRUE);
  gtk_init ();
  adw_init ();

  app = saha_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add ("/app/visit-review/filter-and-csv", Fixture, NULL,
              NULL, test_filter_and_csv, fixture_tear_down);
  g_test_add ("/app/visit-review/row-opens-visit", Fixture, NULL,
              NULL, test_row_opens_visit, fixture_tear_down);
  g_test_add ("/app/visit-review/office-only", Fixture, NULL,
              NULL, test_reps_do_not_see_it, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
