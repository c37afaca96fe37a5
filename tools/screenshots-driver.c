/* screenshots-driver.c: opens Saha's main window on $SAHA_DB and writes PNGs of its screens
 * and of the header bar's sync states; run by tools/screenshots under Xvfb.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "saha-application.h"
#include "saha-customer-page.h"
#include "saha-record-editor.h"
#include "saha-conflicts-page.h"
#include "saha-customer-list-model.h"
#include "saha-customers-view.h"
#include "saha-dispatch-board.h"
#include "saha-sync-status.h"
#include "saha-window.h"

static const char *out_dir;
static const char *suffix;

/* Lets GTK lay out and draw (and worker threads answer) for @ms milliseconds. */
static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

/* Renders @widget as it is now with the window's own renderer. */
static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("%s-%s.png", name, suffix);
  g_autofree char *path = g_build_filename (out_dir, file, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    g_error ("Nothing drawn for %s", name);
  texture = gsk_renderer_render_texture (renderer, node,
                                        &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("Cannot write %s", path);
  g_print ("wrote %s\n", path);
}

/* The first widget named @name under @root, depth first. */
static GtkWidget *
find_widget_named (GtkWidget  *root,
                   const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *found = find_widget_named (w, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gpointer
child (gpointer    widget,
       GType       type,
       const char *name)
{
  gpointer found = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  if (found == NULL)
    g_error ("No template child %s", name);
  return found;
}

typedef struct
{
  SahaWindow *window;
  gboolean    shot;
  gulong      paint_id;
} ProgressShot;

/* Drawn right after the frame that shows the new text, so the picture holds it. */
static void
after_paint (GdkFrameClock *clock,
             ProgressShot  *shot)
{
  g_clear_signal_handler (&shot->paint_id, clock);
  save_png (child (shot->window, SAHA_TYPE_WINDOW, "sidebar"), "header-syncing");
}

/* The first progress report of the pull: "Syncing… 50 of 240" (a fresh replica has
 * nothing to push). The runner's, on the main thread: the engine's own come from the
 * sync's thread. */
static void
on_progress (ProgressShot *shot)
{
  SahaSyncRunner *runner = saha_window_get_sync_runner (shot->window);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (shot->window));

  if (shot->shot || saha_sync_runner_get_done (runner) == 0
      || saha_sync_runner_get_total (runner) == 0)
    return;
  shot->shot = TRUE;
  shot->paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), shot);
  gtk_widget_queue_draw (GTK_WIDGET (shot->window));
}

static void
sync_and_wait (SahaWindow *window)
{
  SahaSyncRunner *runner = saha_window_get_sync_runner (window);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL);
  while (saha_sync_runner_get_running (runner) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

/* Opens the last set-aside record's row, so the picture shows its values and refusal. */
static gboolean
expand_last_set_aside (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_last_child (widget);
       child != NULL;
       child = gtk_widget_get_prev_sibling (child))
    if (expand_last_set_aside (child))
      return TRUE;
  if (ADW_IS_EXPANDER_ROW (widget) && g_str_has_prefix (gtk_widget_get_name (widget), "set-aside:"))
    {
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (widget), TRUE);
      return TRUE;
    }
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SahaApplication) app = NULL;
  g_autoptr(SahaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  SahaWindow *window;
  SahaCustomersView *view;
  const char *mode;
  ProgressShot shot = { 0 };

  if (argc != 4)
    {
      g_printerr ("usage: %s OUT_DIR SUFFIX screens|office|tech|tasks|sync|offline|set-aside\n", argv[0]);
      return 2;
    }
  out_dir = argv[1];
  suffix = argv[2];
  mode = argv[3];

  saha_application_setup_i18n ();
  gtk_init ();
  adw_init ();

  app = saha_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register: %s", error->message);

  path = saha_application_dup_db_path (app);
  store = saha_store_open (path, &error);
  if (store == NULL)
    g_error ("Cannot open %s: %s", path, error->message);

  window = saha_window_new (app, store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  settle (1500);

  if (g_strcmp0 (mode, "sync") == 0)
    {
      /* Small pages, so the pull reports progress the picture can catch. */
      g_object_set (saha_sync_runner_get_engine (saha_window_get_sync_runner (window)),
                    "page-size", 50, NULL);
      g_signal_connect_swapped (saha_window_get_sync_runner (window), "notify::done",
                                G_CALLBACK (on_progress), &shot);
      shot.window = window;
      sync_and_wait (window);
      settle (500);
      save_png (child (window, SAHA_TYPE_WINDOW, "sidebar"), "header-synced");
      return 0;
    }

  if (g_strcmp0 (mode, "offline") == 0)
    {
      g_object_set (saha_sync_runner_get_engine (saha_window_get_sync_runner (window)),
                    "max-attempts", 1, NULL);
      sync_and_wait (window);
      settle (500);
      save_png (child (window, SAHA_TYPE_WINDOW, "sidebar"), "header-offline");
      save_png (GTK_WIDGET (window), "offline");
      return 0;
    }

  if (g_strcmp0 (mode, "set-aside") == 0)
    {
      saha_window_show_page (window, "conflicts");
      settle (500);
      expand_last_set_aside (GTK_WIDGET (window));
      settle (1000);
      save_png (GTK_WIDGET (window), "conflicts-set-aside");
      gtk_window_destroy (GTK_WINDOW (window));
      return 0;
    }

  if (g_strcmp0 (mode, "tasks") == 0)
    {
      /* The rep's Today: the day's visit and tasks, then what is late or about to lapse. */
      saha_window_show_page (window, "today");
      settle (1500);
      save_png (GTK_WIDGET (window), "today-rep");
      saha_window_show_page (window, "tasks");
      settle (1000);
      save_png (GTK_WIDGET (window), "tasks");
      gtk_window_destroy (GTK_WINDOW (window));
      return 0;
    }

  if (g_strcmp0 (mode, "tech") == 0)
    {
      /* The technician's Today: overdue, today's and upcoming calls. */
      saha_window_show_page (window, "today");
      settle (1000);
      save_png (GTK_WIDGET (window), "today-tech");
      gtk_window_destroy (GTK_WINDOW (window));
      return 0;
    }

  if (g_strcmp0 (mode, "office") == 0)
    {
      /* The office's Today: unassigned and overdue calls, complaints, conflicts. */
      saha_window_show_page (window, "today");
      settle (1500);
      save_png (GTK_WIDGET (window), "today-office");
      saha_window_show_page (window, "visit-review");
      settle (1000);
      save_png (GTK_WIDGET (window), "visit-review");
      /* The dispatch board's week: the demo books open calls for the coming days. */
      saha_window_show_page (window, "dispatch");
      settle (500);
      {
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();
        SahaDispatchBoard *board = child (window, SAHA_TYPE_WINDOW, "dispatch_board");

        saha_dispatch_board_set_range (board, now, 7);
      }
      settle (1500);
      save_png (GTK_WIDGET (window), "dispatch");
      gtk_window_destroy (GTK_WINDOW (window));
      return 0;
    }

  view = child (window, SAHA_TYPE_WINDOW, "customers_view");
  save_png (GTK_WIDGET (window), "customers");

  saha_customers_view_open (view, 0);
  settle (1500);
  save_png (GTK_WIDGET (window), "customer-360");

  /* A customer's contact persons, and the customer form with a wrong phone number. */
  {
    SahaQuery query = { .limit = 1 };
    g_autoptr(GPtrArray) contacts = saha_store_list (store, "contact", &query, &error);
    SahaCustomerPage *page = saha_customers_view_get_page (view);
    GListModel *toplevels = gtk_window_get_toplevels ();
    GtkWidget *editor = NULL;

    if (contacts == NULL || contacts->len == 0)
      g_error ("No contact person to show: %s",
               error != NULL ? error->message : "none in the demo data");
    saha_customer_page_show_customer (page, store,
                                      saha_record_get (g_ptr_array_index (contacts, 0),
                                                       "customer"));
    settle (1000);
    {
      /* Scrolled so that the contact persons start at the top. */
      GtkWidget *section = find_widget_named (GTK_WIDGET (page), "contacts");
      GtkWidget *scrolled = gtk_widget_get_ancestor (section, GTK_TYPE_SCROLLED_WINDOW);
      GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (section, content, &bounds))
        gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
                                    GTK_SCROLLED_WINDOW (scrolled)),
                                  bounds.origin.y - 12);
    }
    settle (1000);
    save_png (GTK_WIDGET (window), "contacts");

    gtk_widget_activate_action (GTK_WIDGET (page), "customer.edit", NULL);
    settle (1000);
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

        if (g_strcmp0 (gtk_widget_get_name (toplevel), "customer-editor") == 0)
          editor = toplevel;
      }
    if (editor == NULL)
      g_error ("The customer form did not open");
    gtk_editable_set_text (GTK_EDITABLE (find_widget_named (editor, "phone")), "12");
    saha_record_editor_save (SAHA_RECORD_EDITOR (editor));
    settle (1000);
    save_png (editor, "customer-editor");
    gtk_window_destroy (GTK_WINDOW (editor));
    settle (200);
  }

  saha_window_show_page (window, "orders");
  settle (1000);
  save_png (GTK_WIDGET (window), "orders");

  saha_window_show_page (window, "service-calls");
  settle (1000);
  save_png (GTK_WIDGET (window), "service-calls");

  /* The field screens: the newest confirmed order and a call on site, as they open. */
  {
    const struct { const char *entity, *status, *order_by, *action, *name; } editors[] = {
      { "order", "confirmed", "ordered_at", "win.open-order", "order-editor" },
      { "service_call", "on_site", "scheduled_at", "win.open-service-call", "service-call" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (editors); i++)
      {
        SahaFieldInput where = { "status", editors[i].status };
        SahaQuery query = { .where = &where, .n_where = 1, .order_by = editors[i].order_by,
                            .descending = TRUE, .limit = 1 };
        g_autoptr(GPtrArray) records = saha_store_list (store, editors[i].entity, &query, &error);

        if (records == NULL || records->len == 0)
          g_error ("No %s %s to show: %s", editors[i].status, editors[i].entity,
                   error != NULL ? error->message : "none in the demo data");
        gtk_widget_activate_action (GTK_WIDGET (window), editors[i].action, "s",
                                    saha_record_get_id (g_ptr_array_index (records, 0)));
        settle (1000);
        save_png (GTK_WIDGET (window), editors[i].name);
      }
  }

  saha_window_show_page (window, "conflicts");
  settle (1000);
  save_png (GTK_WIDGET (window), "conflicts");

  return 0;
}
