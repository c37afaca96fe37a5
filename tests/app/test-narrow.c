/* test-narrow.c: every page of the main window fits a phone's 360 × 640 in English and
 * in Turkish: the window's natural width is at most 360 pixels. With
 * SAHA_NARROW_SCREENSHOTS set to a folder, each page is also written there as a PNG
 * (tools/screenshots keeps docs/screenshots/narrow-*.png from it).
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "saha-customers-view.h"
#include "saha-order-editor.h"
#include "saha-order-list-view.h"
#include "saha-today-view.h"

#include "fieldwork-test.h"

#define NARROW_WIDTH  360
#define NARROW_HEIGHT 640

static void
narrow_set_up (Fixture       *fixture,
               gconstpointer  user_data)
{
  const char *language = user_data;

  if (g_str_equal (language, "tr"))
    {
      if (setlocale (LC_ALL, "tr_TR.UTF-8") == NULL)
        {
          g_test_skip ("tr_TR.UTF-8 locale missing");
          fixture->window = NULL;
          return;
        }
      g_setenv ("LANGUAGE", "tr", TRUE);
    }
  fixture_set_up (fixture, user_data);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), NARROW_WIDTH, NARROW_HEIGHT);
}

static void
narrow_tear_down (Fixture       *fixture,
                  gconstpointer  user_data)
{
  if (fixture->window != NULL)
    fixture_tear_down (fixture, user_data);
  g_setenv ("LANGUAGE", "en", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
}

/* Renders the window as it is now, as tools/screenshots-driver.c does. */
static void
save_png (GtkWidget  *widget,
          const char *name)
{
  const char *dir = g_getenv ("SAHA_NARROW_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || *dir == '\0')
    return;

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_strdup_printf ("%s/narrow-%s-%s.png", dir, name,
                          g_str_equal (g_getenv ("LANGUAGE"), "tr") ? "tr" : "en");
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* Lets the page load (its reads run on workers) and lay out. */
static void
settle (void)
{
  iterate (400);
}

/* Names the innermost widgets that ask for more than @width, so that a failure says
 * where to look. */
static void
report_wide (GtkWidget *widget,
             int        width,
             int        depth)
{
  gboolean wide_child = FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int minimum = 0;

      if (!gtk_widget_get_mapped (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      if (minimum > width)
        {
          wide_child = TRUE;
          report_wide (child, width, depth + 1);
        }
    }

  if (!wide_child)
    {
      g_autoptr(GString) path = g_string_new (NULL);
      int minimum = 0;

      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      for (GtkWidget *up = widget; up != NULL; up = gtk_widget_get_parent (up))
        if (g_str_has_prefix (G_OBJECT_TYPE_NAME (up), "Saha") || up == widget
            || GTK_IS_LABEL (up) || GTK_IS_BUTTON (up))
          g_string_prepend (path, G_OBJECT_TYPE_NAME (up)), g_string_prepend (path, " < ");
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          int child_minimum = 0;

          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_minimum, NULL,
                              NULL, NULL);
          g_string_append_printf (path, " [%s %d]", G_OBJECT_TYPE_NAME (child), child_minimum);
        }
      g_test_message ("  too wide (%d px): %s%s%s", minimum, path->str,
                      GTK_IS_LABEL (widget) ? " " : "",
                      GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget)) : "");
    }
}

static int
check_fits (Fixture    *fixture,
            const char *page)
{
  int minimum = 0, natural = 0;

  /* A page wider than the window grew it; each picture starts at a phone's size again. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), NARROW_WIDTH, NARROW_HEIGHT);
  settle ();
  gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, &natural, NULL, NULL);
  g_test_message ("%s: minimum %d, natural %d, shown %d", page, minimum, natural,
                  gtk_widget_get_width (GTK_WIDGET (fixture->window)));
  if (minimum > NARROW_WIDTH)
    report_wide (GTK_WIDGET (fixture->window), NARROW_WIDTH - 24, 0);
  save_png (GTK_WIDGET (fixture->window), page);
  return minimum;
}

static void
test_every_page (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const char * const pages[] = {
    "today", "customers", "orders", "service-calls", "visits", "visit-review",
    "profitability", "campaigns", "knowledge-base", "conflicts",
  };
  GObject *customers;
  g_autofree char *call_id = NULL;
  g_autoptr(GString) too_wide = g_string_new (NULL);
  int natural;

  if (fixture->window == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", pages[i]);
      if ((natural = check_fits (fixture, pages[i])) > NARROW_WIDTH)
        g_string_append_printf (too_wide, " %s (%d)", pages[i], natural);
    }

  /* A customer, an order with lines, and a call whose number is long. */
  customers = gtk_widget_get_template_child (GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW,
                                             "customers_view");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "customers");
  settle ();
  saha_customers_view_open (SAHA_CUSTOMERS_VIEW (customers), 0);
  if ((natural = check_fits (fixture, "customer")) > NARROW_WIDTH)
    g_string_append_printf (too_wide, " customer (%d)", natural);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-order", "s",
                              fixture->customer_id);
  {
    GObject *orders = gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                     SAHA_TYPE_WINDOW, "orders_page");
    SahaOrderEditor *editor = saha_order_list_view_get_editor (SAHA_ORDER_LIST_VIEW (orders));

    g_assert_true (saha_order_editor_add_product (editor, fixture->cable_id, NULL));
    g_assert_true (saha_order_editor_add_product (editor, fixture->fuse_id, NULL));
  }
  if ((natural = check_fits (fixture, "order-editor")) > NARROW_WIDTH)
    g_string_append_printf (too_wide, " order-editor (%d)", natural);

  call_id = store_test_create (fixture->store, "service_call", "number", "DTEC-2026-004217",
                               "customer", fixture->customer_id, "product", fixture->fuse_id,
                               "status", "travelling", "assigned_to", "ayse",
                               "problem", "Sigorta sürekli atıyor", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-service-call", "s",
                              call_id);
  if ((natural = check_fits (fixture, "service-call")) > NARROW_WIDTH)
    g_string_append_printf (too_wide, " service-call (%d)", natural);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.log-visit", "s",
                              fixture->customer_id);
  if ((natural = check_fits (fixture, "visit-editor")) > NARROW_WIDTH)
    g_string_append_printf (too_wide, " visit-editor (%d)", natural);

  /* The rep's and the office's Today, with a row of each kind that has long words. */
  {
    SahaTodayView *today = SAHA_TODAY_VIEW (gtk_widget_get_template_child (
      GTK_WIDGET (fixture->window), SAHA_TYPE_WINDOW, "today_page"));
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
    g_autoptr(GDateTime) ordered = g_date_time_add_days (now, -27);
    g_autofree char *now_text = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
    g_autofree char *yesterday_text = g_date_time_format (yesterday, "%Y-%m-%dT%H:%M:%SZ");
    g_autofree char *ordered_text = g_date_time_format (ordered, "%Y-%m-%dT%H:%M:%SZ");
    static const char * const roles[] = { "rep", "office" };
    g_autoptr(GError) error = NULL;

    g_free (store_test_create (fixture->store, "task", "title",
                               "Yıllık bakım sözleşmesinin yenilenmesi için teklifi ara",
                               "customer", fixture->customer_id, "owner", "ayse",
                               "due_at", yesterday_text, NULL));
    g_free (store_test_create (fixture->store, "order", "customer", fixture->customer_id,
                               "status", "quote", "ordered_at", ordered_text, NULL));
    g_free (store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                               "priority", "urgent", "scheduled_at", now_text,
                               "number", "DTEC-2026-004218", NULL));
    g_free (store_test_create (fixture->store, "note", "customer", fixture->customer_id,
                               "channel", "complaint", "status", "open", "at", yesterday_text,
                               "summary", "Teknisyen randevuya gelmedi, kimse de haber vermedi",
                               NULL));
    g_free (store_test_create (fixture->store, "service_call", "customer", fixture->customer_id,
                               "status", "assigned", "assigned_to", "mehmet", "priority", "high",
                               "scheduled_at", yesterday_text, NULL));
    /* The complaint's follow-up done while it is still open: the office sees it. */
    {
      g_autoptr(SahaRecord) follow_up = only_record (fixture->store, "task", "related_entity",
                                                     "note");
      SahaFieldInput done[] = { { "done_at", now_text }, { "done_by", "ayse" } };

      g_assert_true (saha_store_update (fixture->store, "task", saha_record_get_id (follow_up),
                                        done, G_N_ELEMENTS (done), &error));
      g_assert_no_error (error);
    }
    for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
      {
        g_autofree char *name = g_strdup_printf ("today-%s", roles[i]);

        g_assert_true (saha_store_set_setting (fixture->store, "user_role", roles[i], &error));
        g_assert_no_error (error);
        gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "today");
        saha_today_view_reload (today);
        WAIT_FOR (!saha_today_view_get_loading (today));
        if ((natural = check_fits (fixture, name)) > NARROW_WIDTH)
          g_string_append_printf (too_wide, " %s (%d)", name, natural);
      }
  }

  if (too_wide->len > 0)
    g_error ("Wider than %d px:%s", NARROW_WIDTH, too_wide->str);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  fieldwork_test_init (&argc, &argv);
  /* The replicas here hold overdue tasks, whose reminders the window sends. */
  fieldwork_serve_notifications ();

  g_test_add ("/app/narrow/every-page/en", Fixture, "en",
              narrow_set_up, test_every_page, narrow_tear_down);
  g_test_add ("/app/narrow/every-page/tr", Fixture, "tr",
              narrow_set_up, test_every_page, narrow_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
