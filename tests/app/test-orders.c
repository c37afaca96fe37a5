/* test-orders.c: the Orders page and the order editor driven through their widgets: lines,
 * exact totals in English and Turkish, inline errors, saving and the records written.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-order-editor.h"
#include "saha-order-list-view.h"
#include "saha-order-totals.h"

#include "fieldwork-test.h"

static SahaOrderListView *
orders_view (Fixture *fixture)
{
  GObject *view = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW,
                                                 "orders_page");

  g_assert_true (SAHA_IS_ORDER_LIST_VIEW (view));
  return SAHA_ORDER_LIST_VIEW (view);
}

static gint64
scaled (SahaRecord *record,
        const char *field,
        guint       places)
{
  gint64 value = -1;

  g_assert_nonnull (saha_record_get (record, field));
  g_assert_true (saha_order_parse_decimal (saha_record_get (record, field), places, &value, NULL));
  return value;
}

/* The customer page's "New order" opens the editor with that customer chosen; three lines
 * from the catalogue give totals computed by hand. */
static void
test_editor_totals (Fixture       *fixture,
                    gconstpointer  user_data)
{
  SahaOrderEditor *editor = saha_order_list_view_get_editor (orders_view (fixture));
  GtkStack *content = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                SAHA_TYPE_WINDOW,
                                                                "content_stack"));
  GtkWidget *quantity;
  g_autoptr(SahaRecord) order = NULL;
  g_autoptr(SahaRecord) fuse_line = NULL;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-order", "s",
                              fixture->customer_id);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (content), ==, "orders");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (editor)));
  g_assert_cmpstr (saha_order_editor_get_customer_id (editor), ==, fixture->customer_id);

  /* 2.5 m of cable at 12.99: 32.475 -> 32.48 net, 6.50 VAT */
  search_and_pick (editor, "product-search", "product-results", "kablo");
  g_assert_cmpuint (saha_order_editor_get_n_lines (editor), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (editor, "line-price", 0))),
                   ==, "12.99");
  set_entry (editor, "line-quantity", 0, "2.5");
  g_assert_cmpstr (label_text (editor, "line-total", 0), ==, "₺38.98");
  g_assert_cmpstr (label_text (editor, "net-total", 0), ==, "₺32.48");
  g_assert_cmpstr (label_text (editor, "vat-total", 0), ==, "₺6.50");
  g_assert_cmpstr (label_text (editor, "gross-total", 0), ==, "₺38.98");

  /* A fuse at 100.00 less 12.5 %, VAT 10: 87.50 + 8.75 */
  search_and_pick (editor, "product-search", "product-results", "SIG");
  set_entry (editor, "line-discount", 1, "12,5");
  /* Three screws at 0.05 less 50 %: 0.075 -> 0.08, VAT 0.016 -> 0.02 */
  search_and_pick (editor, "product-search", "product-results", "vida");
  set_entry (editor, "line-quantity", 2, "3");
  set_entry (editor, "line-discount", 2, "50");
  g_assert_cmpuint (saha_order_editor_get_n_lines (editor), ==, 3);
  g_assert_cmpstr (label_text (editor, "net-total", 0), ==, "₺120.06");
  g_assert_cmpstr (label_text (editor, "vat-total", 0), ==, "₺15.27");
  g_assert_cmpstr (label_text (editor, "gross-total", 0), ==, "₺135.33");

  /* A wrong quantity is marked and explained, and keeps the order from being saved. */
  quantity = find_named (editor, "line-quantity", 0);
  gtk_editable_set_text (GTK_EDITABLE (quantity), "2,5 m");
  g_assert_true (gtk_widget_has_css_class (quantity, "error"));
  g_assert_true (gtk_widget_get_visible (find_named (editor, "line-error", 0)));
  g_assert_nonnull (strstr (label_text (editor, "line-error", 0), "Quantity"));
  g_assert_true (gtk_widget_get_visible (find_named (editor, "lines-error", 0)));
  g_assert_cmpstr (label_text (editor, "net-total", 0), ==, "₺87.58");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.confirm", NULL);
  g_assert_true (gtk_widget_get_visible (find_named (editor, "message", 0)));
  g_assert_cmpuint (count_records (fixture->store, "order", NULL, NULL), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (quantity), "2,500");
  g_assert_false (gtk_widget_has_css_class (quantity, "error"));
  g_assert_false (gtk_widget_get_visible (find_named (editor, "line-error", 0)));

  /* The same order read in Turkish. */
  if (setlocale (LC_ALL, "tr_TR.UTF-8") != NULL)
    {
      g_setenv ("LANGUAGE", "tr", TRUE);
      set_entry (editor, "line-discount", 2, "50,00");
      g_assert_cmpstr (label_text (editor, "net-total", 0), ==, "120,06 ₺");
      g_assert_cmpstr (label_text (editor, "vat-total", 0), ==, "15,27 ₺");
      g_assert_cmpstr (label_text (editor, "gross-total", 0), ==, "135,33 ₺");
      g_assert_cmpstr (label_text (editor, "line-total", 1), ==, "96,25 ₺");
      g_setenv ("LANGUAGE", "en", TRUE);
      setlocale (LC_ALL, "C.UTF-8");
    }
  else
    g_test_message ("tr_TR.UTF-8 locale missing; Turkish amounts not checked");

  /* Saved as a quote: one order, three lines, exactly what was typed. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save-quote", NULL);
  g_assert_nonnull (saha_order_editor_get_order_id (editor));
  order = only_record (fixture->store, "order", NULL, NULL);
  g_assert_cmpstr (saha_record_get_id (order), ==, saha_order_editor_get_order_id (editor));
  g_assert_cmpstr (saha_record_get (order, "status"), ==, "quote");
  g_assert_cmpstr (saha_record_get (order, "customer"), ==, fixture->customer_id);
  g_assert_cmpstr (saha_record_get (order, "created_by"), ==, "ayse");
  g_assert_nonnull (saha_record_get (order, "number"));
  g_assert_cmpuint (count_records (fixture->store, "order_line", "order",
                                   saha_record_get_id (order)), ==, 3);
  fuse_line = only_record (fixture->store, "order_line", "product", fixture->fuse_id);
  g_assert_cmpint (scaled (fuse_line, "quantity", 3), ==, 1000);
  g_assert_cmpint (scaled (fuse_line, "unit_price", 2), ==, 10000);
  g_assert_cmpint (scaled (fuse_line, "discount_pct", 2), ==, 1250);
  g_assert_cmpstr (saha_record_get (fuse_line, "vat_rate"), ==, "10");
  {
    g_autoptr(SahaRecord) cable_line = only_record (fixture->store, "order_line", "product",
                                                    fixture->cable_id);

    g_assert_cmpint (scaled (cable_line, "quantity", 3), ==, 2500);
  }

  /* A quote is not a draft any more; confirming it makes it read-only. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.confirm", NULL);
  g_clear_pointer (&order, saha_record_unref);
  order = only_record (fixture->store, "order", NULL, NULL);
  g_assert_cmpstr (saha_record_get (order, "status"), ==, "confirmed");
  g_assert_cmpuint (count_records (fixture->store, "order_line", NULL, NULL), ==, 3);
  g_assert_false (gtk_widget_is_sensitive (find_named (editor, "line-quantity", 0)));

  /* Back on the list, the order shows with its total. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.back", NULL);
  WAIT_FOR (!saha_order_list_view_get_loading (orders_view (fixture)));
  g_assert_cmpuint (saha_order_list_view_get_n_shown (orders_view (fixture)), ==, 1);
}

/* Removing a saved line deletes its record; changing one updates it. */
static void
test_editor_edit_lines (Fixture       *fixture,
                        gconstpointer  user_data)
{
  SahaOrderListView *view = orders_view (fixture);
  SahaOrderEditor *editor = saha_order_list_view_get_editor (view);
  g_autofree char *order_id = NULL;
  g_autoptr(SahaRecord) line = NULL;
  GtkWidget *remove;

  saha_order_list_view_new_order (view, NULL);
  search_and_pick (editor, "product-search", "product-results", "KBL");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save-draft", NULL);
  /* No customer: nothing saved, and the editor says so by the customer. */
  g_assert_true (gtk_widget_get_visible (find_named (editor, "customer-error", 0)));
  g_assert_cmpuint (count_records (fixture->store, "order", NULL, NULL), ==, 0);

  search_and_pick (editor, "customer-search", "customer-results", "şahin");
  g_assert_false (gtk_widget_get_visible (find_named (editor, "customer-error", 0)));
  search_and_pick (editor, "product-search", "product-results", "SIG");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save-draft", NULL);
  order_id = g_strdup (saha_order_editor_get_order_id (editor));
  g_assert_nonnull (order_id);
  g_assert_cmpuint (count_records (fixture->store, "order_line", "order", order_id), ==, 2);

  /* The trash button of the first line (the cable). */
  remove = gtk_widget_get_next_sibling (find_named (editor, "line-total", 0));
  g_signal_emit_by_name (remove, "clicked");
  set_entry (editor, "line-quantity", 0, "4");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save-draft", NULL);
  g_assert_cmpuint (count_records (fixture->store, "order_line", "order", order_id), ==, 1);
  line = only_record (fixture->store, "order_line", "order", order_id);
  g_assert_cmpstr (saha_record_get (line, "product"), ==, fixture->fuse_id);
  g_assert_cmpint (scaled (line, "quantity", 3), ==, 4000);
  g_assert_cmpstr (label_text (editor, "gross-total", 0), ==, "₺440.00");
}


/* The first day's rough edges: the refused save's banner goes once the marked fields are
 * right, the same product twice is one line of two, Enter in the catalogue adds the
 * first match, a typed decimal is shown back the language's way, and a confirmed order
 * offers nothing to add. */
static void
test_editor_first_day (Fixture       *fixture,
                       gconstpointer  user_data)
{
  SahaOrderEditor *editor = saha_order_list_view_get_editor (orders_view (fixture));
  GtkWidget *message = find_named (editor, "message", 0);
  GtkWidget *search;
  GtkWidget *discount;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-order", "s",
                              fixture->customer_id);

  /* Confirmed with no line: refused, and said so; the first line ends it. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.confirm", NULL);
  g_assert_true (gtk_widget_get_visible (message));
  search_and_pick (editor, "product-search", "product-results", "kablo");
  g_assert_false (gtk_widget_get_visible (message));

  /* A wrong quantity: refused again; the banner stays while it is wrong. */
  set_entry (editor, "line-quantity", 0, "iki");
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.confirm", NULL);
  g_assert_true (gtk_widget_get_visible (message));
  set_entry (editor, "line-price", 0, "13");
  g_assert_true (gtk_widget_get_visible (message));
  set_entry (editor, "line-quantity", 0, "1");
  g_assert_false (gtk_widget_get_visible (message));
  g_assert_cmpuint (count_records (fixture->store, "order", NULL, NULL), ==, 0);

  /* The cable again: one line of two metres. */
  search_and_pick (editor, "product-search", "product-results", "kablo");
  g_assert_cmpuint (saha_order_editor_get_n_lines (editor), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (editor, "line-quantity", 0))),
                   ==, "2");
  g_assert_cmpstr (label_text (editor, "gross-total", 0), ==, "₺31.20");

  /* Enter in the search, before the matches have come, adds the first of them. */
  search = find_named (editor, "product-search", 0);
  gtk_editable_set_text (GTK_EDITABLE (search), "SIG");
  g_signal_emit_by_name (search, "activate");
  WAIT_FOR (saha_order_editor_get_n_lines (editor) == 2);
  g_assert_cmpstr (label_text (editor, "line-title", 1), ==, "SIG-16 · Otomatik sigorta 16 A");

  /* "12,5" typed in English reads "12.50" once the field is left, like "0.00". */
  discount = find_named (editor, "line-discount", 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (discount)), ==, "0.00");
  gtk_editable_set_text (GTK_EDITABLE (discount), "12,5");
  g_signal_emit_by_name (discount, "activate");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (discount)), ==, "12.50");
  gtk_editable_set_text (GTK_EDITABLE (discount), "12,5 %");
  g_signal_emit_by_name (discount, "activate");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (discount)), ==, "12,5 %");
  g_assert_true (gtk_widget_has_css_class (discount, "error"));
  gtk_editable_set_text (GTK_EDITABLE (discount), "12.5");

  /* Confirmed: the catalogue, its matches and the suggestions' + buttons are inert. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.confirm", NULL);
  g_assert_cmpuint (count_records (fixture->store, "order", NULL, NULL), ==, 1);
  g_assert_false (gtk_widget_is_sensitive (search));
  g_assert_false (gtk_widget_is_sensitive (find_named (editor, "product-results", 0)));
  for (guint i = 0; i < count_named (editor, "add-suggestion"); i++)
    g_assert_false (gtk_widget_is_sensitive (find_named (editor, "add-suggestion", i)));
  g_assert_false (gtk_widget_get_visible (find_named (editor, "confirm", 0)));
}

/* In Turkish a typed decimal reads back with a comma, whichever mark was typed. */
static void
test_editor_turkish_decimals (Fixture       *fixture,
                              gconstpointer  user_data)
{
  SahaOrderEditor *editor = saha_order_list_view_get_editor (orders_view (fixture));
  GtkWidget *quantity, *discount;

  if (setlocale (LC_ALL, "tr_TR.UTF-8") == NULL)
    {
      g_test_skip ("tr_TR.UTF-8 locale missing");
      return;
    }
  g_setenv ("LANGUAGE", "tr", TRUE);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-order", "s",
                              fixture->customer_id);
  search_and_pick (editor, "product-search", "product-results", "kablo");
  quantity = find_named (editor, "line-quantity", 0);
  discount = find_named (editor, "line-discount", 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (editor, "line-price", 0))),
                   ==, "12,99");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (discount)), ==, "0,00");
  gtk_editable_set_text (GTK_EDITABLE (discount), "12.5");
  g_signal_emit_by_name (discount, "activate");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (discount)), ==, "12,50");
  gtk_editable_set_text (GTK_EDITABLE (quantity), "2.500");
  g_signal_emit_by_name (quantity, "activate");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (quantity)), ==, "2,5");
  /* 2,5 m at 12,99 less 12,5 %: 28,42 net, 5,68 VAT */
  g_assert_cmpstr (label_text (editor, "gross-total", 0), ==, "34,10 ₺");

  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
}

/* Lines come back in the order they were added, not in the order of their ids. */
static void
test_editor_line_order (Fixture       *fixture,
                        gconstpointer  user_data)
{
  SahaOrderEditor *editor = saha_order_list_view_get_editor (orders_view (fixture));
  const char *skus[] = { "ZZ-1", "AA-2", "MM-3", "BB-4", "YY-5", "CC-6", "KBL-25", "SIG-16" };
  g_autofree char *order_id = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 6; i++)
    g_free (store_test_create (fixture->store, "product", "sku", skus[i], "name", "Ürün",
                               "unit_price", "1.00", "vat_rate", "20", NULL));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-order", "s",
                              fixture->customer_id);
  for (guint i = 0; i < G_N_ELEMENTS (skus); i++)
    search_and_pick (editor, "product-search", "product-results", skus[i]);
  g_assert_cmpuint (saha_order_editor_get_n_lines (editor), ==, G_N_ELEMENTS (skus));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save-draft", NULL);
  order_id = g_strdup (saha_order_editor_get_order_id (editor));
  g_assert_nonnull (order_id);

  for (guint round = 0; round < 2; round++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (skus); i++)
        g_assert_true (g_str_has_prefix (label_text (editor, "line-title", i), skus[i]));
      /* Opened again, and saved again. */
      g_assert_true (saha_order_editor_load_order (editor, order_id, &error));
      g_assert_no_error (error);
      gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save-draft", NULL);
    }
}

/* The list pages by 50 and filters by status. */
/* The catalogue search offers active products only, says so when nothing matches, and
 * the customer search empties once a customer is picked (one picker serves both). */
static void
test_editor_pickers (Fixture       *fixture,
                     gconstpointer  user_data)
{
  SahaOrderEditor *editor = saha_order_list_view_get_editor (orders_view (fixture));
  g_autofree char *retired_id = store_test_create (fixture->store, "product", "sku", "KBL-15",
                                        "name", "Eski kablo 1,5 mm²", "unit_price", "9.00",
                                        "vat_rate", "20", "category", "Kablo",
                                        "active", "false", NULL);
  GtkWidget *results;
  GtkWidget *row;
  guint n_rows = 0;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-order", "s",
                              fixture->customer_id);

  search_and_pick (editor, "product-search", "product-results", "kablo");
  g_assert_cmpuint (saha_order_editor_get_n_lines (editor), ==, 1);
  results = find_named (editor, "product-results", 0);
  for (row = gtk_widget_get_first_child (results); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "record-id"), !=, retired_id);
      n_rows++;
    }
  /* A product is picked again and again from one search: the matches stay. */
  g_assert_cmpuint (n_rows, ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (editor, "product-search", 0))),
                   ==, "kablo");

  set_entry (editor, "product-search", 0, "zzzz");
  WAIT_FOR ((row = gtk_widget_get_first_child (results)) != NULL);
  g_assert_null (g_object_get_data (G_OBJECT (row), "record-id"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   "No product in the catalogue matches");
  g_signal_emit_by_name (results, "row-activated", row);
  g_assert_cmpuint (saha_order_editor_get_n_lines (editor), ==, 1);

  search_and_pick (editor, "customer-search", "customer-results", "şahin");
  g_assert_cmpstr (saha_order_editor_get_customer_id (editor), !=, fixture->customer_id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_named (editor, "customer-search", 0))),
                   ==, "");
  g_assert_false (gtk_widget_get_visible (find_named (editor, "customer-results", 0)));
  g_assert_null (gtk_widget_get_first_child (find_named (editor, "customer-results", 0)));
}

static void
test_list_paging_and_filter (Fixture       *fixture,
                             gconstpointer  user_data)
{
  SahaOrderListView *view = orders_view (fixture);
  g_autoptr(GError) error = NULL;
  GtkWidget *more;

  g_assert_true (saha_store_begin (fixture->store, &error));
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *at = g_strdup_printf ("2026-11-%02uT09:00:00Z", 1 + i % 28);

      g_free (store_test_create (fixture->store, "order", "customer", fixture->customer_id,
                      "status", i < 5 ? "quote" : "draft", "ordered_at", at, NULL));
    }
  g_assert_true (saha_store_commit (fixture->store, &error));

  saha_order_list_view_reload (view);
  WAIT_FOR (!saha_order_list_view_get_loading (view));
  g_assert_cmpuint (saha_order_list_view_get_n_shown (view), ==, 50);
  g_assert_cmpstr (label_text (view, "summary", 0), ==, "60 orders");
  more = gtk_widget_get_next_sibling (find_named (view, "orders", 0));
  while (more != NULL && !GTK_IS_BUTTON (more))
    more = gtk_widget_get_next_sibling (more);
  g_assert_nonnull (more);
  g_assert_true (gtk_widget_get_visible (more));
  gtk_widget_activate_action (GTK_WIDGET (view), "orders.more", NULL);
  WAIT_FOR (!saha_order_list_view_get_loading (view));
  g_assert_cmpuint (saha_order_list_view_get_n_shown (view), ==, 60);
  g_assert_false (gtk_widget_get_visible (more));

  saha_order_list_view_set_status_filter (view, "quote");
  WAIT_FOR (!saha_order_list_view_get_loading (view));
  g_assert_cmpuint (saha_order_list_view_get_n_shown (view), ==, 5);
  g_assert_cmpstr (label_text (view, "summary", 0), ==, "5 orders");
  saha_order_list_view_set_status_filter (view, "confirmed");
  WAIT_FOR (!saha_order_list_view_get_loading (view));
  g_assert_cmpuint (saha_order_list_view_get_n_shown (view), ==, 0);
  saha_order_list_view_set_status_filter (view, NULL);
  WAIT_FOR (!saha_order_list_view_get_loading (view));
  g_assert_cmpuint (saha_order_list_view_get_n_shown (view), ==, 50);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fieldwork_test_init (&argc, &argv);

  g_test_add ("/app/orders/editor-totals", Fixture, NULL,
              fixture_set_up, test_editor_totals, fixture_tear_down);
  g_test_add ("/app/orders/editor-edit-lines", Fixture, NULL,
              fixture_set_up, test_editor_edit_lines, fixture_tear_down);
  g_test_add ("/app/orders/editor-pickers", Fixture, NULL,
              fixture_set_up, test_editor_pickers, fixture_tear_down);
  g_test_add ("/app/orders/list-paging-and-filter", Fixture, NULL,
              fixture_set_up, test_list_paging_and_filter, fixture_tear_down);
  g_test_add ("/app/orders/editor-first-day", Fixture, NULL,
              fixture_set_up, test_editor_first_day, fixture_tear_down);
  g_test_add ("/app/orders/editor-turkish-decimals", Fixture, NULL,
              fixture_set_up, test_editor_turkish_decimals, fixture_tear_down);
  g_test_add ("/app/orders/editor-line-order", Fixture, NULL,
              fixture_set_up, test_editor_line_order, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
