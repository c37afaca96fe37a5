/* test-customers.c: customers and their contact persons created, edited and deleted in the
 * app (issue 13): a validation error on the way, Turkish input, the rep's own customer,
 * delete that says what goes with the record, and its undo.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fieldwork-test.h"
#include "saha-customer-page.h"
#include "saha-customers-view.h"
#include "saha-record-editor.h"

static void
collect_type (GtkWidget *widget,
              GType      type,
              GPtrArray *found)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_type (child, type, found);
}

static gpointer
find_type (gpointer root,
           GType    type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_type (GTK_WIDGET (root), type, found);
  g_assert_cmpuint (found->len, >=, 1);
  return g_ptr_array_index (found, 0);
}

static GtkWidget *
find_toplevel_named (const char *name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_widget_get_name (window), name) == 0 && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

/* The toast's Undo button, as a person clicks it. */
static void
click_undo (gpointer window)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_type (GTK_WIDGET (window), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), "_Undo") == 0)
      {
        g_signal_emit_by_name (g_ptr_array_index (buttons, i), "clicked");
        iterate (50);
        return;
      }
  g_error ("no Undo button on screen");
}

static gpointer
page_child (SahaCustomerPage *page,
            const char       *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (page), SAHA_TYPE_CUSTOMER_PAGE, name);
}

static SahaCustomerPage *
page_of (Fixture *fixture)
{
  return saha_customers_view_get_page (find_type (fixture->window, SAHA_TYPE_CUSTOMERS_VIEW));
}

static gboolean
save_editor (GtkWidget *editor)
{
  gboolean saved;

  g_object_ref (editor);
  saved = saha_record_editor_save (SAHA_RECORD_EDITOR (editor));
  iterate (20);
  g_object_unref (editor);
  return saved;
}

static const char *
error_text (gpointer    editor,
            const char *field)
{
  g_autofree char *name = g_strdup_printf ("%s-error", field);
  GtkWidget *label = find_named (editor, name, 0);

  if (!gtk_widget_get_visible (gtk_widget_get_parent (label)))
    return NULL;
  return gtk_label_get_label (GTK_LABEL (label));
}

static void
set_up_as (Fixture    *fixture,
           const char *role)
{
  g_autoptr(GError) error = NULL;

  fixture_set_up (fixture, NULL);
  g_assert_true (saha_store_set_setting (fixture->store, "user_role", role, &error));
  g_assert_no_error (error);
}

static void
rep_set_up (Fixture       *fixture,
            gconstpointer  user_data)
{
  set_up_as (fixture, "rep");
}

static void
office_set_up (Fixture       *fixture,
               gconstpointer  user_data)
{
  set_up_as (fixture, "office");
}

/* A rep creates a customer: a bad phone number is shown under the phone field and
 * nothing is written; fixed, the customer is saved with Turkish text and a lira amount
 * as typed, assigned to the rep, and opens on its page. */
static void
test_create (Fixture       *fixture,
             gconstpointer  user_data)
{
  SahaCustomerPage *page = page_of (fixture);
  g_autoptr(SahaRecord) customer = NULL;
  GtkWidget *editor;

  gtk_widget_activate_action (GTK_WIDGET (find_type (fixture->window, SAHA_TYPE_CUSTOMERS_VIEW)),
                              "customers.new-customer", NULL);
  iterate (20);
  editor = find_toplevel_named ("customer-editor");
  g_assert_nonnull (editor);
  /* The assignee is not the rep's to choose: the form does not offer it. */
  g_assert_cmpuint (count_named (editor, "assigned_to"), ==, 0);

  set_entry (editor, "name", 0, "İnci Işıklı Gıda");
  set_entry (editor, "phone", 0, "12");
  set_entry (editor, "credit_limit", 0, "₺1.250,50");
  set_entry (editor, "city", 0, "Iğdır");
  set_entry (editor, "contact_from", 0, "9.30");
  gtk_check_button_set_active (find_named (editor, "opt_out-sms", 0), TRUE);
  g_assert_false (save_editor (editor));
  g_assert_nonnull (error_text (editor, "phone"));
  g_assert_nonnull (strstr (error_text (editor, "phone"), "phone number"));
  /* Right under its field, in the same list. */
  g_assert_true (gtk_widget_get_prev_sibling (gtk_widget_get_parent (find_named (editor,
                                                                                 "phone-error",
                                                                                 0)))
                 == find_named (editor, "phone", 0));
  g_assert_nonnull (error_text (editor, "contact_from"));
  g_assert_null (error_text (editor, "name"));
  g_assert_null (error_text (editor, "credit_limit"));
  g_assert_cmpuint (count_records (fixture->store, "customer", NULL, NULL), ==, 2);

  /* The name left empty is a problem of its own. */
  set_entry (editor, "name", 0, "   ");
  g_assert_false (save_editor (editor));
  g_assert_cmpstr (error_text (editor, "name"), ==, "Fill this in");

  set_entry (editor, "name", 0, "İnci Işıklı Gıda");
  set_entry (editor, "phone", 0, "+90 476 555 12 34");
  set_entry (editor, "contact_from", 0, "09:30");
  g_assert_true (save_editor (editor));
  WAIT_FOR (!saha_customer_page_get_loading (page));
  g_assert_null (find_toplevel_named ("customer-editor"));

  customer = only_record (fixture->store, "customer", "name", "İnci Işıklı Gıda");
  g_assert_cmpstr (saha_record_get (customer, "credit_limit"), ==, "1250.50");
  g_assert_cmpstr (saha_record_get (customer, "city"), ==, "Iğdır");
  g_assert_cmpstr (saha_record_get (customer, "opt_out"), ==, "sms");
  g_assert_cmpstr (saha_record_get (customer, "kind"), ==, "company");
  g_assert_cmpstr (saha_record_get (customer, "assigned_to"), ==, "ayse");
  g_assert_cmpstr (saha_customer_page_get_customer_id (page), ==, saha_record_get_id (customer));
  g_assert_cmpstr (gtk_label_get_label (page_child (page, "name_label")),
                   ==, "İnci Işıklı Gıda");
}

/* Editing writes only what changed, and shows it on the page. */
static void
test_edit (Fixture       *fixture,
           gconstpointer  user_data)
{
  SahaCustomerPage *page = page_of (fixture);
  g_autoptr(SahaRecord) before = NULL;
  g_autoptr(SahaRecord) after = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *editor;

  before = saha_store_get (fixture->store, "customer", fixture->customer_id, &error);
  saha_customer_page_show_customer (page, fixture->store, fixture->customer_id);
  WAIT_FOR (!saha_customer_page_get_loading (page));
  gtk_widget_activate_action (GTK_WIDGET (page), "customer.edit", NULL);
  iterate (20);
  editor = find_toplevel_named ("customer-editor");
  g_assert_nonnull (editor);
  g_assert_cmpstr (gtk_editable_get_text (find_named (editor, "name", 0)), ==, "Işık Elektrik");

  set_entry (editor, "email", 0, "info@");
  g_assert_false (save_editor (editor));
  g_assert_nonnull (error_text (editor, "email"));
  set_entry (editor, "email", 0, "bilgi@isikelektrik.com.tr");
  g_assert_true (save_editor (editor));
  WAIT_FOR (!saha_customer_page_get_loading (page));

  after = saha_store_get (fixture->store, "customer", fixture->customer_id, &error);
  g_assert_cmpstr (saha_record_get (after, "email"), ==, "bilgi@isikelektrik.com.tr");
  g_assert_cmpstr (saha_record_get (after, "name"), ==, "Işık Elektrik");
  /* One write: the name kept its own version, so no one's edit of it can conflict. */
  {
    guint n_before = 0, n_after = 0;
    const SahaCandidate *a = saha_record_get_candidates (before, "name", &n_before);
    const SahaCandidate *b = saha_record_get_candidates (after, "name", &n_after);

    g_assert_cmpuint (n_before, ==, 1);
    g_assert_cmpuint (n_after, ==, 1);
    g_assert_cmpint (saha_dot_compare (&a->dot, &b->dot), ==, 0);
  }
  g_assert_cmpstr (adw_action_row_get_subtitle (page_child (page, "email_row")),
                   ==,
                   "bilgi@isikelektrik.com.tr");
}

/* Delete asks first and names what goes with the customer; Undo brings it all back; a
 * customer with an order is kept. */
static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  user_data)
{
  SahaCustomerPage *page = page_of (fixture);
  g_autoptr(SahaRecord) sahin = only_record (fixture->store, "customer", "name", "Şahin Market");
  const char *sahin_id = saha_record_get_id (sahin);
  g_autofree char *contact_id = store_test_create (fixture->store, "contact", "customer", sahin_id,
                                                   "name", "Gülşen Öztürk", NULL);
  g_autofree char *order_id = store_test_create (fixture->store, "order", "customer",
                                                 fixture->customer_id, NULL);
  g_autoptr(SahaRecord) contact = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  g_free (store_test_create (fixture->store, "note", "customer", sahin_id,
                             "summary", "Fiyat listesi istedi", NULL));

  /* With an order, the customer stays. */
  saha_customer_page_show_customer (page, fixture->store, fixture->customer_id);
  WAIT_FOR (!saha_customer_page_get_loading (page));
  gtk_widget_activate_action (GTK_WIDGET (page), "customer.delete", NULL);
  iterate (20);
  dialog = find_toplevel_named ("delete-customer-dialog");
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "1 order"));
  g_assert_false (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "delete"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (count_records (fixture->store, "customer", NULL, NULL), ==, 2);

  saha_customer_page_show_customer (page, fixture->store, sahin_id);
  WAIT_FOR (!saha_customer_page_get_loading (page));
  gtk_widget_activate_action (GTK_WIDGET (page), "customer.delete", NULL);
  iterate (20);
  dialog = find_toplevel_named ("delete-customer-dialog");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Delete Şahin Market?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "1 contact person, 1 note"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate (50);
  WAIT_FOR (!saha_customer_page_get_loading (page));

  g_assert_cmpuint (count_records (fixture->store, "customer", NULL, NULL), ==, 1);
  g_assert_cmpuint (count_records (fixture->store, "contact", NULL, NULL), ==, 0);
  g_assert_cmpuint (count_records (fixture->store, "note", "customer", sahin_id), ==, 0);
  g_assert_null (saha_customer_page_get_customer_id (page));

  click_undo (fixture->window);
  WAIT_FOR (!saha_customer_page_get_loading (page));
  g_assert_cmpuint (count_records (fixture->store, "customer", NULL, NULL), ==, 2);
  g_assert_cmpuint (count_records (fixture->store, "note", "customer", sahin_id), ==, 1);
  contact = saha_store_get (fixture->store, "contact", contact_id, &error);
  g_assert_false (saha_record_is_deleted (contact));
  g_assert_cmpstr (saha_customer_page_get_customer_id (page), ==, sahin_id);
}

static GtkWidget *
contact_row_named (gpointer    page,
                   const char *name)
{
  for (guint i = 0; i < count_named (page, "contact-row"); i++)
    {
      GtkWidget *row = find_named (page, "contact-row", i);

      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), name) == 0)
        return row;
    }
  return NULL;
}

/* Contact persons on the 360° page: added (a missing name and a bad e-mail refused on the
 * way), listed with their own preferences, their opt-out turning off their e-mail button,
 * edited, deleted and brought back. */
static void
test_contacts (Fixture       *fixture,
               gconstpointer  user_data)
{
  SahaCustomerPage *page = page_of (fixture);
  g_autoptr(SahaRecord) contact = NULL;
  GtkWidget *editor;
  GtkWidget *row;
  GtkWidget *dialog;

  saha_customer_page_show_customer (page, fixture->store, fixture->customer_id);
  WAIT_FOR (!saha_customer_page_get_loading (page));
  g_assert_cmpuint (count_named (page, "contact-row"), ==, 0);
  g_signal_emit_by_name (find_named (page, "add-contact", 0), "clicked");
  iterate (20);
  editor = find_toplevel_named ("contact-editor");
  g_assert_nonnull (editor);

  set_entry (editor, "email", 0, "gulsen@");
  g_assert_false (save_editor (editor));
  g_assert_cmpstr (error_text (editor, "name"), ==, "Fill this in");
  g_assert_nonnull (error_text (editor, "email"));
  g_assert_cmpuint (count_records (fixture->store, "contact", NULL, NULL), ==, 0);

  set_entry (editor, "name", 0, "Gülşen Öztürk");
  set_entry (editor, "role", 0, "Satın alma");
  set_entry (editor, "phone", 0, "+90 532 111 22 33");
  set_entry (editor, "email", 0, "gulsen@isikelektrik.com.tr");
  adw_combo_row_set_selected (find_named (editor, "preferred_channel", 0), 1);   /* Phone */
  gtk_check_button_set_active (find_named (editor, "opt_out-email", 0), TRUE);
  g_assert_true (save_editor (editor));
  WAIT_FOR (!saha_customer_page_get_loading (page));

  contact = only_record (fixture->store, "contact", "customer", fixture->customer_id);
  g_assert_cmpstr (saha_record_get (contact, "preferred_channel"), ==, "phone");
  g_assert_cmpstr (saha_record_get (contact, "opt_out"), ==, "email");
  row = contact_row_named (page, "Gülşen Öztürk");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Satın alma"));
  g_assert_true (gtk_widget_get_sensitive (find_named (row, "contact-phone", 0)));
  g_assert_false (gtk_widget_get_sensitive (find_named (row, "contact-email", 0)));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (find_named (row, "contact-email", 0)), ==,
                   "This person does not want to be contacted this way");

  /* The customer's own opt-out counts for its people too. */
  g_signal_emit_by_name (find_named (row, "edit-contact", 0), "clicked");
  iterate (20);
  editor = find_toplevel_named ("contact-editor");
  g_assert_cmpstr (gtk_editable_get_text (find_named (editor, "role", 0)), ==, "Satın alma");
  set_entry (editor, "role", 0, "Genel müdür");
  g_assert_true (save_editor (editor));
  WAIT_FOR (!saha_customer_page_get_loading (page));
  row = contact_row_named (page, "Gülşen Öztürk");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Genel müdür"));

  g_signal_emit_by_name (find_named (row, "delete-contact", 0), "clicked");
  iterate (20);
  dialog = find_toplevel_named ("delete-contact-dialog");
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate (50);
  WAIT_FOR (!saha_customer_page_get_loading (page));
  g_assert_null (contact_row_named (page, "Gülşen Öztürk"));
  g_assert_cmpuint (count_records (fixture->store, "contact", NULL, NULL), ==, 0);

  click_undo (fixture->window);
  WAIT_FOR (!saha_customer_page_get_loading (page));
  g_assert_nonnull (contact_row_named (page, "Gülşen Öztürk"));
  g_assert_cmpuint (count_records (fixture->store, "contact", NULL, NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fieldwork_test_init (&argc, &argv);

  g_test_add ("/app/customers/create", Fixture, NULL, rep_set_up, test_create,
              fixture_tear_down);
  g_test_add ("/app/customers/edit", Fixture, NULL, office_set_up, test_edit, fixture_tear_down);
  g_test_add ("/app/customers/delete-and-undo", Fixture, NULL, office_set_up,
              test_delete_and_undo, fixture_tear_down);
  g_test_add ("/app/customers/contacts", Fixture, NULL, rep_set_up, test_contacts,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
