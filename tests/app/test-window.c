/* test-window.c: the main window against a replica filled through the store: search,
 * filters, paging and the customer 360° page (runs under Xvfb).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "saha-application.h"
#include "saha-customer-item.h"
#include "saha-customer-list-model.h"
#include "saha-customer-page.h"
#include "saha-customers-view.h"
#include "saha-kb-page.h"
#include "saha-window.h"
#include "../test-create.h"

/* Enough customers for three pages, so paging is exercised. */
#define N_FILLER 250

/* One application for the whole run: a process registers its application once. */
static SahaApplication *app;

typedef struct
{
  SahaStore       *store;
  SahaWindow      *window;
} Fixture;


static void
fill_replica (SahaStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *isik = NULL;
  g_autofree char *order = NULL;

  g_assert_true (saha_store_begin (store, &error));
  g_assert_no_error (error);

  isik = store_test_create (store, "customer",
                 "name", "Işık Elektrik", "kind", "company", "city", "İzmir",
                 "district", "Bornova", "phone", "+90 232 555 01 01",
                 "email", "info@isikelektrik.com.tr", "assigned_to", "ayse",
                 "credit_limit", "1250.50", "currency", "TRY",
                 "preferred_channel", "sms", "contact_from", "09:00", "contact_to", "17:30",
                 "opt_out", "phone,email", "language", "tr", NULL);
  g_free (store_test_create (store, "customer", "name", "İstanbul Gıda", "kind", "company",
                  "city", "İstanbul", "assigned_to", "ayse", NULL));
  g_free (store_test_create (store, "customer", "name", "İşık Optik", "kind", "company",
                  "city", "Ankara", "assigned_to", "mehmet", NULL));
  g_free (store_test_create (store, "customer", "name", "Şahin Market", "kind", "company",
                  "city", "İzmir", "assigned_to", "mehmet", NULL));
  g_free (store_test_create (store, "customer", "name", "Çelik Makine", "kind", "company",
                  "city", "Bursa", "assigned_to", "ayse", NULL));

  for (guint i = 0; i < N_FILLER; i++)
    {
      g_autofree char *name = g_strdup_printf ("Zeytin Bahçesi %03u", i);

      g_free (store_test_create (store, "customer", "name", name, "kind", "person",
                      "city", "Aydın", NULL));
    }

  order = store_test_create (store, "order", "customer", isik, "status", "confirmed",
                  "ordered_at", "2026-11-20T09:30:00Z", NULL);
  g_free (store_test_create (store, "note", "customer", isik, "channel", "complaint",
                  "summary", "Teslimat iki gün gecikti", "at", "2026-11-21T12:00:00Z",
                  "status", "open", NULL));

  g_assert_true (saha_store_commit (store, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "replica.db", NULL);
  g_autoptr(GError) error = NULL;


  fixture->store = saha_store_open (path, &error);
  g_assert_no_error (error);
  fill_replica (fixture->store);
  g_assert_true (saha_store_set_setting (fixture->store, "user", "ayse", &error));
  g_assert_no_error (error);

  fixture->window = saha_window_new (app, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->store);
}

static gpointer
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (child);
  return child;
}

static SahaCustomersView *
customers_view (Fixture *fixture)
{
  return template_child (fixture->window, SAHA_TYPE_WINDOW, "customers_view");
}

/* The model reads in a worker thread; this waits for what it was asked. */
static void
wait_for_model (SahaCustomerListModel *model)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (saha_customer_list_model_get_loading (model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (saha_customer_list_model_get_loading (model));
}

/* Types into the search entry and waits for the entry's own delay to pass the text on,
 * as it would for a person typing. */
static SahaCustomerListModel *
type_search (Fixture    *fixture,
             const char *text)
{
  SahaCustomersView *view = customers_view (fixture);
  SahaCustomerListModel *model = saha_customers_view_get_model (view);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_editable_set_text (GTK_EDITABLE (saha_customers_view_get_search_entry (view)), text);
  while (g_strcmp0 (saha_customer_list_model_get_search (model), *text ? text : NULL) != 0
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpstr (saha_customer_list_model_get_search (model), ==, *text ? text : NULL);
  wait_for_model (model);
  return model;
}

static char *
item_name (GListModel *model,
           guint       position)
{
  g_autoptr(SahaCustomerItem) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  wait_for_model (SAHA_CUSTOMER_LIST_MODEL (model));
  g_assert_true (saha_customer_item_get_loaded (item));
  return g_strdup (saha_customer_item_get_name (item));
}

static void
test_window_opens_on_customers (Fixture       *fixture,
                                gconstpointer  user_data)
{
  GtkStack *content = template_child (fixture->window, SAHA_TYPE_WINDOW, "content_stack");

  g_assert_cmpstr (saha_window_get_mode (fixture->window), ==, "pages");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content), ==, "customers");
}

static void
test_search_turkish (Fixture       *fixture,
                     gconstpointer  user_data)
{
  SahaCustomerListModel *model;
  g_autofree char *name = NULL;

  model = type_search (fixture, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_FILLER + 5);

  /* Turkish folding: "ışık" finds Işık (I → ı) and not İşık. */
  model = type_search (fixture, "ışık");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  name = item_name (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (name, ==, "Işık Elektrik");
  g_clear_pointer (&name, g_free);

  /* ASCII typing finds the dotted capitals too. */
  model = type_search (fixture, "istanbul");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  name = item_name (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (name, ==, "İstanbul Gıda");
  g_clear_pointer (&name, g_free);

  model = type_search (fixture, "sahin");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  name = item_name (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (name, ==, "Şahin Market");
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  user_data)
{
  SahaCustomerListModel *model = type_search (fixture, "zeytin");
  guint queries;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *again = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_FILLER);
  first = item_name (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (first, ==, "Zeytin Bahçesi 000");
  last = item_name (G_LIST_MODEL (model), N_FILLER - 1);
  g_assert_cmpstr (last, ==, "Zeytin Bahçesi 249");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), N_FILLER));

  /* Rows of a page already read come from memory. */
  queries = saha_customer_list_model_get_n_queries (model);
  again = item_name (G_LIST_MODEL (model), 1);
  g_assert_cmpstr (again, ==, "Zeytin Bahçesi 001");
  g_assert_cmpuint (saha_customer_list_model_get_n_queries (model), ==, queries);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  user_data)
{
  SahaCustomersView *view = customers_view (fixture);
  SahaCustomerListModel *model = type_search (fixture, "");
  GtkDropDown *city = template_child (view, SAHA_TYPE_CUSTOMERS_VIEW, "city_dropdown");
  GtkToggleButton *mine = template_child (view, SAHA_TYPE_CUSTOMERS_VIEW, "mine_button");
  GListModel *cities = gtk_drop_down_get_model (city);
  g_autofree char *name = NULL;
  guint izmir = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < g_list_model_get_n_items (cities); i++)
    {
      g_autoptr(GtkStringObject) s = g_list_model_get_item (cities, i);

      if (g_strcmp0 (gtk_string_object_get_string (s), "İzmir") == 0)
        izmir = i;
    }
  g_assert_cmpuint (izmir, !=, GTK_INVALID_LIST_POSITION);

  gtk_drop_down_set_selected (city, izmir);
  wait_for_model (model);
  g_assert_cmpstr (saha_customer_list_model_get_city (model), ==, "İzmir");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);

  /* Signed in as ayse: of the two İzmir customers only Işık Elektrik is hers. */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (mine)));
  gtk_toggle_button_set_active (mine, TRUE);
  wait_for_model (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  name = item_name (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (name, ==, "Işık Elektrik");

  gtk_drop_down_set_selected (city, 0);
  wait_for_model (model);
  g_assert_null (saha_customer_list_model_get_city (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  gtk_toggle_button_set_active (mine, FALSE);
  wait_for_model (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_FILLER + 5);
}

static const char *
row_subtitle (SahaCustomerPage *page,
              const char       *name)
{
  return adw_action_row_get_subtitle (template_child (page, SAHA_TYPE_CUSTOMER_PAGE, name));
}

static void
test_customer_page (Fixture       *fixture,
                    gconstpointer  user_data)
{
  SahaCustomersView *view = customers_view (fixture);
  SahaCustomerPage *page = saha_customers_view_get_page (view);
  GtkLabel *name;
  GtkWidget *call_button;
  GtkWidget *sms_button;

  SahaCustomerListModel *model = type_search (fixture, "ışık");
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_setenv ("LANGUAGE", "en", TRUE);
  /* Opened like a click, possibly before the row's page has arrived. */
  saha_customers_view_open (view, 0);
  while (saha_customer_page_get_customer_id (page) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  wait_for_model (model);
  /* The page is read on a worker. */
  while (saha_customer_page_get_loading (page) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  name = template_child (page, SAHA_TYPE_CUSTOMER_PAGE, "name_label");
  g_assert_cmpstr (gtk_label_get_label (name), ==, "Işık Elektrik");
  g_assert_cmpstr (row_subtitle (page, "channel_row"), ==, "SMS");
  g_assert_cmpstr (row_subtitle (page, "time_row"), ==, "09:00–17:30");
  g_assert_cmpstr (row_subtitle (page, "opt_out_row"), ==, "Phone, E-mail");
  g_assert_cmpstr (row_subtitle (page, "credit_row"), ==, "₺1,250.50");

  /* Opted out of calls and e-mail: those actions are off and say why; SMS is on. */
  call_button = template_child (page, SAHA_TYPE_CUSTOMER_PAGE, "call_button");
  sms_button = template_child (page, SAHA_TYPE_CUSTOMER_PAGE, "sms_button");
  g_assert_false (gtk_widget_is_sensitive (call_button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (call_button), ==, "Does not want phone calls");
  g_assert_true (gtk_widget_is_sensitive (sms_button));

  /* The orders and complaint of that customer are on the page, read in a worker. */
  while (saha_customer_page_get_loading (page) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (adw_preferences_group_get_description (
                     template_child (page, SAHA_TYPE_CUSTOMER_PAGE, "orders_group")),
                   ==, "1 open, 1 in all");
  g_assert_cmpstr (adw_preferences_group_get_description (
                     template_child (page, SAHA_TYPE_CUSTOMER_PAGE, "notes_group")),
                   ==, "1 note");

  /* In Turkish the amount is written the Turkish way. */
  g_setenv ("LANGUAGE", "tr", TRUE);
  saha_customer_page_reload (page);
  while (saha_customer_page_get_loading (page))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (row_subtitle (page, "credit_row"), ==, "1.250,50 ₺");
  if (setlocale (LC_ALL, "tr_TR.UTF-8") != NULL)
    {
      saha_customer_page_reload (page);
      while (saha_customer_page_get_loading (page))
        g_main_context_iteration (NULL, TRUE);
      g_assert_cmpstr (row_subtitle (page, "channel_row"), ==, "SMS");
      g_assert_cmpstr (row_subtitle (page, "opt_out_row"), ==, "Telefon, E-posta");
      g_assert_cmpstr (gtk_widget_get_tooltip_text (call_button), ==,
                       "Telefonla aranmak istemiyor");
      setlocale (LC_ALL, "C.UTF-8");
    }
  else
    g_test_message ("tr_TR.UTF-8 locale missing; translated labels not checked");
  g_setenv ("LANGUAGE", "en", TRUE);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The knowledge base article's text box has a label, which focuses it (Alt+T), in both
 * languages. */
static void
test_kb_body_label (void)
{
  const char *languages[][3] = {
    { "en", "en_US.UTF-8", "Article text" },
    { "tr", "tr_TR.UTF-8", "Makale metni" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      GtkWidget *page;
      GtkWidget *label;

      g_setenv ("LANGUAGE", languages[i][0], TRUE);
      setlocale (LC_ALL, languages[i][1]);
      page = g_object_ref_sink (g_object_new (SAHA_TYPE_KB_PAGE, NULL));
      label = find_named (page, "kb-body-label");
      g_assert_nonnull (label);
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, languages[i][2]);
      g_assert_true (gtk_label_get_mnemonic_widget (GTK_LABEL (label)) == find_named (page, "kb-body"));
      g_object_unref (page);
    }
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
}

static void
count_dismissed (AdwToast *toast,
                 guint    *dismissed)
{
  (*dismissed)++;
}

/* The toasts on screen: AdwToastOverlay shows each in a widget of its own. */
static void
collect_toast_titles (GtkWidget *root,
                      gboolean   in_toast,
                      GPtrArray *titles)
{
  in_toast = in_toast || g_str_equal (G_OBJECT_TYPE_NAME (root), "AdwToastWidget");
  if (in_toast && GTK_IS_LABEL (root) && gtk_widget_get_visible (root)
      && *gtk_label_get_label (GTK_LABEL (root)) != '\0')
    g_ptr_array_add (titles, (gpointer) gtk_label_get_label (GTK_LABEL (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_toast_titles (child, in_toast, titles);
}

static void
spin (guint milliseconds)
{
  gint64 until = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

/* Toasts do not queue: a new plain one takes the place of the one shown (its text, in
 * place: no hide animation to outlive the window), so none waits to speak minutes later on
 * another page; a toast with a button (Undo) replaces the one shown, and is replaced in
 * turn, never renamed. */
static void
test_toasts_do_not_queue (Fixture       *fixture,
                          gconstpointer  user_data)
{
  /* static: the last toast is dismissed with the window, after this function */
  static guint dismissed;
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  AdwToast *undo;

  dismissed = 0;
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *message = g_strdup_printf ("Synced: %u sent, 0 received", i);
      AdwToast *toast = adw_toast_new (message);

      g_signal_connect (toast, "dismissed", G_CALLBACK (count_dismissed), &dismissed);
      saha_window_add_toast (fixture->window, toast);
      spin (50);
    }
  spin (600);
  collect_toast_titles (GTK_WIDGET (fixture->window), FALSE, titles);
  g_assert_cmpuint (titles->len, ==, 1);
  g_assert_cmpstr (titles->pdata[0], ==, "Synced: 2 sent, 0 received");
  g_assert_cmpuint (dismissed, ==, 0);

  /* A toast with a button replaces the plain one shown; the next one waits until it is
   * fully shown (replacing one in its show animation crashed libadwaita 1.2 as the window
   * closed), and a plain one never takes the place of a waiting Undo. */
  undo = adw_toast_new ("Customer deleted");
  adw_toast_set_button_label (undo, "_Undo");
  g_signal_connect (undo, "dismissed", G_CALLBACK (count_dismissed), &dismissed);
  saha_window_add_toast (fixture->window, undo);
  g_assert_cmpuint (dismissed, ==, 1);
  saha_window_add_toast (fixture->window, adw_toast_new ("Synced"));
  g_assert_cmpuint (dismissed, ==, 1);
  spin (1000);
  g_assert_cmpuint (dismissed, ==, 2);
  g_ptr_array_set_size (titles, 0);
  collect_toast_titles (GTK_WIDGET (fixture->window), FALSE, titles);
  g_assert_cmpuint (titles->len, ==, 1);
  g_assert_cmpstr (titles->pdata[0], ==, "Synced");
}

int
main (int   argc,
      char *argv[])
{
  const char *data_dirs = g_getenv ("XDG_DATA_DIRS");
  g_auto(GStrv) dirs = g_strsplit (data_dirs != NULL && *data_dirs != '\0'
                                   ? data_dirs : "/usr/local/share:/usr/share", ":", -1);
  g_autoptr(GStrvBuilder) mime_dirs = g_strv_builder_new ();
  g_auto(GStrv) mime = NULL;
  int status;

  /* GTK tells an SVG icon by the MIME database, which isolated directories would hide. */
  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (dirs[i], "mime", NULL);

      g_strv_builder_add (mime_dirs, dir);
    }
  mime = g_strv_builder_end (mime_dirs);
  g_content_type_set_mime_dirs ((const char * const *) mime);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  saha_application_setup_i18n ();
  g_setenv ("LANGUAGE", "en", TRUE);
  gtk_init ();
  adw_init ();

  app = saha_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add ("/app/window/opens-on-customers", Fixture, NULL,
              fixture_set_up, test_window_opens_on_customers, fixture_tear_down);
  g_test_add ("/app/customers/search-turkish", Fixture, NULL,
              fixture_set_up, test_search_turkish, fixture_tear_down);
  g_test_add ("/app/customers/paging", Fixture, NULL,
              fixture_set_up, test_paging, fixture_tear_down);
  g_test_add ("/app/customers/filters", Fixture, NULL,
              fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/app/customer-page/360", Fixture, NULL,
              fixture_set_up, test_customer_page, fixture_tear_down);
  g_test_add ("/app/window/toasts-do-not-queue", Fixture, NULL,
              fixture_set_up, test_toasts_do_not_queue, fixture_tear_down);
  g_test_add_func ("/app/kb/body-label", test_kb_body_label);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
