/* saha-dispatch-board.c: SahaDispatchBoard, the office's dispatch board: technicians as
 * rows, a day or a week as columns, service calls placed by scheduled_at and assigned_to.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-template.h"
#include "saha-service-call-workflow.h"
#include "saha-store-dispatch.h"
#include "saha-store-reader.h"
#include "saha-sync-users.h"

#include "saha-dispatch-board.h"
#include "saha-dispatch-cell.h"
#include "saha-dispatch-dialog.h"

/* What one read of the board gives the main thread. Calls are placed in cells keyed by
 * cell_key(); the cells borrow them from the lanes. */
typedef struct
{
  GPtrArray  *lanes;        /* SahaDispatchLane *, technicians by name, unassigned last */
  GPtrArray  *keys;         /* char *, each lane's technician ("" unassigned), NULL-ended */
  GHashTable *lane_by_key;  /* technician → SahaDispatchLane * (borrowed) */
  GHashTable *cells;        /* cell_key() → GPtrArray of SahaDispatchCall * (borrowed) */
  guint       n_calls;
  guint       n_unassigned;
} Board;

typedef struct
{
  GDateTime *first_day;     /* local midnight */
  guint      n_days;
} Range;

struct _SahaDispatchBoard
{
  SahaPage         parent_instance;

  /* Template widgets */
  AdwWindowTitle  *window_title;
  GtkLabel        *summary_label;
  GtkColumnView   *grid;
  GtkToggleButton *week_button;

  /* Owned */
  SahaStore       *store;
  GCancellable    *read_cancellable;   /* the read in flight */
  GCancellable    *users_cancellable;  /* the server's user list, asked once per store */
  GDateTime       *first_day;          /* local midnight of the board's first column */
  guint            n_days;
  GtkStringList   *rows;               /* each row's technician, "" for the unassigned */
  Board           *board;              /* the last read, NULL before it */
};

G_DEFINE_FINAL_TYPE (SahaDispatchBoard, saha_dispatch_board, SAHA_TYPE_PAGE)

static char *
cell_key (const char *technician,
          guint       day)
{
  return g_strdup_printf ("%u\x1f%s", day, technician != NULL ? technician : "");
}

static void
board_free (Board *board)
{
  if (board == NULL)
    return;
  g_clear_pointer (&board->cells, g_hash_table_unref);
  g_clear_pointer (&board->lane_by_key, g_hash_table_unref);
  g_clear_pointer (&board->keys, g_ptr_array_unref);
  g_clear_pointer (&board->lanes, g_ptr_array_unref);
  g_free (board);
}

static void
range_free (Range *range)
{
  g_date_time_unref (range->first_day);
  g_free (range);
}

static GDateTime *
local_midnight (GDateTime *when)
{
  return g_date_time_new (g_date_time_get_timezone (when), g_date_time_get_year (when),
                          g_date_time_get_month (when), g_date_time_get_day_of_month (when),
                          0, 0, 0);
}

static char *
utc_iso (GDateTime *when)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (when);

  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* The board's column of @scheduled_at, or n_days (the "No time" column) when it has none. */
static guint
day_of (const char *scheduled_at,
        GDateTime  *first_day,
        guint       n_days)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  GTimeSpan span;

  if (scheduled_at == NULL || (utc = g_date_time_new_from_iso8601 (scheduled_at, NULL)) == NULL)
    return n_days;
  local = g_date_time_to_timezone (utc, g_date_time_get_timezone (first_day));
  midnight = local_midnight (local);
  /* Half a day's slack: a daylight saving change makes a day 23 or 25 hours long. */
  span = g_date_time_difference (midnight, first_day) + G_TIME_SPAN_DAY / 2;
  if (span < 0)
    return n_days;
  return MIN ((guint) (span / G_TIME_SPAN_DAY), n_days);
}

static gpointer
read_board (SahaStore     *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  Range *range = data;
  g_autoptr(GDateTime) end = g_date_time_add_days (range->first_day, range->n_days);
  g_autofree char *from = utc_iso (range->first_day);
  g_autofree char *to = utc_iso (end);
  g_autoptr(GPtrArray) users = saha_sync_users_load_cached (store);
  g_autoptr(GStrvBuilder) technicians = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;
  Board *board;
  GPtrArray *lanes;

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      SahaSyncUser *user = g_ptr_array_index (users, i);

      if (g_strcmp0 (user->role, "tech") == 0)
        g_strv_builder_add (technicians, user->name);
    }
  names = g_strv_builder_end (technicians);

  lanes = saha_store_dispatch_board (store, from, to, (const char * const *) names, NULL,
                                     cancellable, error);
  if (lanes == NULL)
    return NULL;

  board = g_new0 (Board, 1);
  board->lanes = lanes;
  board->keys = g_ptr_array_new ();
  board->lane_by_key = g_hash_table_new (g_str_hash, g_str_equal);
  board->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < lanes->len; i++)
    {
      SahaDispatchLane *lane = g_ptr_array_index (lanes, i);
      const char *key = lane->technician != NULL ? lane->technician : "";

      g_ptr_array_add (board->keys, (char *) key);
      g_hash_table_insert (board->lane_by_key, (char *) key, lane);
      for (guint j = 0; j < lane->calls->len; j++)
        {
          SahaDispatchCall *call = g_ptr_array_index (lane->calls, j);
          char *cell = cell_key (key, day_of (call->scheduled_at, range->first_day,
                                              range->n_days));
          GPtrArray *calls = g_hash_table_lookup (board->cells, cell);

          if (calls == NULL)
            {
              calls = g_ptr_array_new ();
              g_hash_table_insert (board->cells, cell, calls);
            }
          else
            g_free (cell);
          g_ptr_array_add (calls, call);
          board->n_calls++;
          if (lane->technician == NULL)
            board->n_unassigned++;
        }
    }
  g_ptr_array_add (board->keys, NULL);
  return board;
}

static void
show_summary (SahaDispatchBoard *self)
{
  g_autofree char *calls = NULL;
  g_autofree char *summary = NULL;

  if (self->board == NULL)
    return;
  calls = g_strdup_printf (ngettext ("%u call", "%u calls", self->board->n_calls),
                           self->board->n_calls);
  /* Translators: the dispatch board's summary: "120 calls · 4 unassigned" */
  summary = g_strdup_printf (ngettext ("%s · %u unassigned", "%s · %u unassigned",
                                       self->board->n_unassigned),
                             calls, self->board->n_unassigned);
  gtk_label_set_label (self->summary_label, summary);
}

/* A technician's name over their open calls in the range. */
static void
show_technician (SahaDispatchBoard *self,
                 GtkWidget         *box)
{
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *load = gtk_widget_get_next_sibling (name);
  const char *technician = g_object_get_data (G_OBJECT (box), "technician");
  SahaDispatchLane *lane = NULL;
  g_autofree char *load_text = NULL;
  guint n;

  if (technician == NULL)
    return;
  if (self->board != NULL)
    lane = g_hash_table_lookup (self->board->lane_by_key, technician);
  n = lane != NULL ? lane->load : 0;
  gtk_label_set_label (GTK_LABEL (name), *technician != '\0' ? technician : _("Unassigned"));
  load_text = saha_dispatch_load_text (n, lane != NULL ? lane->load_minutes : 0);
  gtk_label_set_label (GTK_LABEL (load), load_text);
}

/* What a cell shows of its calls: equal signatures draw the same cards. */
static char *
cell_signature (GPtrArray *calls)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; calls != NULL && i < calls->len; i++)
    {
      SahaDispatchCall *call = g_ptr_array_index (calls, i);

      g_string_append_printf (text, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%" G_GINT64_FORMAT
                              "\x1e", call->id,
                              call->number != NULL ? call->number : "",
                              call->customer_name != NULL ? call->customer_name : "",
                              call->scheduled_at != NULL ? call->scheduled_at : "",
                              call->status != NULL ? call->status : "",
                              call->priority != NULL ? call->priority : "",
                              call->customer != NULL ? call->customer : "",
                              call->expected_minutes);
    }
  return g_string_free (text, FALSE);
}

static void
show_cell_calls (SahaDispatchBoard *self,
                 GtkWidget         *cell,
                 const char        *technician,
                 guint              day)
{
  g_autofree char *key = cell_key (technician, day);
  GPtrArray *calls = self->board != NULL ? g_hash_table_lookup (self->board->cells, key) : NULL;
  char *signature = cell_signature (calls);

  if (g_strcmp0 (g_object_get_data (G_OBJECT (cell), "signature"), signature) == 0)
    {
      g_free (signature);
      return;
    }
  g_object_set_data_full (G_OBJECT (cell), "signature", signature, g_free);
  saha_dispatch_cell_set_calls (SAHA_DISPATCH_CELL (cell), calls, day < self->n_days);
}

static gboolean
same_rows (SahaDispatchBoard *self,
           Board             *board)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->rows));

  if (n == 0 || n != board->keys->len - 1)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->rows, i),
                   g_ptr_array_index (board->keys, i)) != 0)
      return FALSE;
  return TRUE;
}

/* The cells the grid has bound, given the new read; the technicians' loads too. */
static void
update_cells (SahaDispatchBoard *self,
              GtkWidget         *widget)
{
  if (SAHA_IS_DISPATCH_CELL (widget))
    {
      const char *technician = g_object_get_data (G_OBJECT (widget), "technician");

      if (technician != NULL)
        show_cell_calls (self, widget,  technician,
                         GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "day")));
      return;
    }
  if (g_strcmp0 (gtk_widget_get_name (widget), "dispatch-technician") == 0)
    {
      show_technician (self, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    update_cells (self, child);
}

static void
board_read (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  SahaDispatchBoard *self = SAHA_DISPATCH_BOARD (object);
  g_autoptr(GError) error = NULL;
  Board *board = saha_store_read_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (board == NULL)
    {
      gtk_label_set_label (self->summary_label, error->message);
      g_clear_object (&self->read_cancellable);
      return;
    }

  /* Same technicians: only the cells whose calls changed are drawn again (a drop changes
   * two). Otherwise the rows are bound again from the new read. The old read is freed
   * after either. */
  {
    Board *old = g_steal_pointer (&self->board);

    self->board = board;
    if (same_rows (self, board))
      update_cells (self, GTK_WIDGET (self->grid));
    else
      gtk_string_list_splice (self->rows, 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                              (const char * const *) board->keys->pdata);
    board_free (old);
  }
  show_summary (self);
  g_clear_object (&self->read_cancellable);
}

static void users_fetched (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
saha_dispatch_board_reload_page (SahaPage *page)
{
  SahaDispatchBoard *self = SAHA_DISPATCH_BOARD (page);
  Range *range;

  if (self->store == NULL)
    return;

  /* The technicians' names, once for each store: the page is the office's, and reads
   * (here, from the server) when first shown. */
  if (self->users_cancellable == NULL)
    {
      self->users_cancellable = g_cancellable_new ();
      saha_sync_users_fetch_async (saha_store_get_path (self->store), self->users_cancellable,
                                   users_fetched, g_object_ref (self));
    }

  range = g_new0 (Range, 1);
  range->first_day = g_date_time_ref (self->first_day);
  range->n_days = self->n_days;
  saha_store_read_async (self, self->store, read_board, range, (GDestroyNotify) range_free,
                         (GDestroyNotify) board_free,
                         saha_store_read_restart (&self->read_cancellable), board_read, NULL);
}

void
saha_dispatch_board_reload (SahaDispatchBoard *self)
{
  g_return_if_fail (SAHA_IS_DISPATCH_BOARD (self));
  saha_page_reload (SAHA_PAGE (self));
}

gboolean
saha_dispatch_board_get_loading (SahaDispatchBoard *self)
{
  g_return_val_if_fail (SAHA_IS_DISPATCH_BOARD (self), FALSE);
  return self->read_cancellable != NULL;
}

/* A technician with no call yet gets a lane from the server's user list, which the
 * fetch keeps in the replica for the worker to read. Offline, the last list serves. */
static void
users_fetched (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SahaDispatchBoard) self = user_data;
  g_autoptr(GPtrArray) users = saha_sync_users_fetch_finish (result, NULL);

  if (users != NULL && self->store != NULL
      && !g_cancellable_is_cancelled (self->users_cancellable))
    saha_dispatch_board_reload (self);
}

static void
saha_dispatch_board_store_set (SahaPage *page)
{
  SahaDispatchBoard *self = SAHA_DISPATCH_BOARD (page);

  g_set_object (&self->store, saha_page_get_store (page));
  g_cancellable_cancel (self->users_cancellable);
  g_clear_object (&self->users_cancellable);
}

GDateTime *
saha_dispatch_board_get_first_day (SahaDispatchBoard *self)
{
  g_return_val_if_fail (SAHA_IS_DISPATCH_BOARD (self), NULL);
  return self->first_day;
}

gboolean
saha_dispatch_board_move_call (SahaDispatchBoard  *self,
                               const char         *id,
                               const char         *technician,
                               guint               day_index,
                               GError            **error)
{
  g_autoptr(SahaRecord) call = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *scheduled = NULL;
  const char *old_scheduled;
  int hour = 9, minute = 0;
  SahaFieldInput inputs[3];
  guint n_inputs = 0;

  g_return_val_if_fail (SAHA_IS_DISPATCH_BOARD (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (day_index < self->n_days, FALSE);

  call = saha_store_get (self->store, "service_call", id, error);
  if (call == NULL)
    return FALSE;

  /* A call moved to another day keeps its hour. */
  old_scheduled = saha_record_get (call, "scheduled_at");
  if (old_scheduled != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (old_scheduled, NULL);

      if (utc != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_timezone (utc,
                                                                g_date_time_get_timezone (self->first_day));

          hour = g_date_time_get_hour (local);
          minute = g_date_time_get_minute (local);
        }
    }
  day = g_date_time_add_days (self->first_day, day_index);
  when = g_date_time_new (g_date_time_get_timezone (day), g_date_time_get_year (day),
                          g_date_time_get_month (day), g_date_time_get_day_of_month (day),
                          hour, minute, 0);
  scheduled = utc_iso (when);

  if (technician == NULL)
    technician = "";
  inputs[n_inputs++] = (SahaFieldInput) { "assigned_to", technician };
  inputs[n_inputs++] = (SahaFieldInput) { "scheduled_at", scheduled };
  if (*technician != '\0' && g_strcmp0 (saha_record_get (call, "status"), "new") == 0)
    inputs[n_inputs++] = (SahaFieldInput) { "status", "assigned" };

  if (!saha_store_update (self->store, "service_call", id, inputs, n_inputs, error))
    return FALSE;

  saha_dispatch_board_reload (self);
  return TRUE;
}

static void
update_title (SahaDispatchBoard *self)
{
  g_autoptr(GDateTime) last = g_date_time_add_days (self->first_day, self->n_days - 1);
  g_autofree char *first_text = g_date_time_format (self->first_day, "%-d %b %Y");
  g_autofree char *last_text = g_date_time_format (last, "%-d %b %Y");
  g_autofree char *subtitle = NULL;

  subtitle = self->n_days == 1 ? g_strdup (first_text)
                               : g_strdup_printf ("%s – %s", first_text, last_text);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

/* Cells */

static void
on_call_activated (SahaDispatchCell  *cell,
                   const char        *id,
                   SahaDispatchBoard *self)
{
  SahaDispatchDialog *dialog;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->store == NULL)
    return;
  dialog = saha_dispatch_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                     self->store, id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (saha_dispatch_board_reload), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
on_drop (GtkDropTarget     *target,
         const GValue      *value,
         double             x,
         double             y,
         SahaDispatchBoard *self)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  const char *technician = g_object_get_data (G_OBJECT (cell), "technician");
  guint day = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (cell), "day"));
  g_autoptr(GError) error = NULL;

  if (!G_VALUE_HOLDS_STRING (value) || g_value_get_string (value) == NULL
      || technician == NULL || day >= self->n_days)
    return FALSE;

  if (!saha_dispatch_board_move_call (self, g_value_get_string (value), technician, day, &error))
    {
      gtk_label_set_label (self->summary_label, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            SahaDispatchBoard        *self)
{
  GtkWidget *cell = saha_dispatch_cell_new ();
  guint day = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "day"));

  gtk_widget_set_name (cell, "dispatch-cell");
  g_signal_connect_object (cell, "call-activated", G_CALLBACK (on_call_activated), self, 0);
  if (day < self->n_days)
    {
      GtkDropTarget *target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);

      g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);
      gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (target));
      g_object_set_data (G_OBJECT (cell), "drop-target", target);
    }
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, cell);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           SahaDispatchBoard        *self)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  const char *technician = gtk_string_object_get_string (gtk_list_item_get_item (item));
  guint day = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "day"));

  g_object_set_data_full (G_OBJECT (cell), "technician", g_strdup (technician), g_free);
  g_object_set_data (G_OBJECT (cell), "day", GUINT_TO_POINTER (day));
  g_object_set_data (G_OBJECT (cell), "signature", NULL);
  show_cell_calls (self, cell, technician, day);
}

static void
setup_technician (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  SahaDispatchBoard        *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *load = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (load), 0);
  gtk_widget_add_css_class (load, "caption");
  gtk_widget_add_css_class (load, "dim-label");
  gtk_widget_set_name (box, "dispatch-technician");
  gtk_widget_set_size_request (box, 110, -1);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), load);
  gtk_list_item_set_child (item, box);
}

static void
bind_technician (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 SahaDispatchBoard        *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);

  g_object_set_data_full (G_OBJECT (box), "technician",
                          g_strdup (gtk_string_object_get_string (gtk_list_item_get_item (item))),
                          g_free);
  show_technician (self, box);
}

static GtkListItemFactory *
cell_factory (SahaDispatchBoard *self,
              guint              day)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "day", GUINT_TO_POINTER (day));
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_cell), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell), self, 0);
  return factory;
}

/* One column for the technicians, one per day, one for the calls with no time yet. */
static void
build_columns (SahaDispatchBoard *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->grid);
  GtkListItemFactory *factory;
  GtkColumnViewColumn *column;

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) first = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->grid, first);
    }

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_technician), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_technician), self, 0);
  column = gtk_column_view_column_new (_("Technician"), factory);
  gtk_column_view_append_column (self->grid, column);
  g_object_unref (column);

  for (guint day = 0; day < self->n_days; day++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (self->first_day, day);
      g_autofree char *title = g_date_time_format (date, "%a %-d %b");

      column = gtk_column_view_column_new (title, cell_factory (self, day));
      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->grid, column);
      g_object_unref (column);
    }

  column = gtk_column_view_column_new (_("No time yet"), cell_factory (self, self->n_days));
  gtk_column_view_append_column (self->grid, column);
  g_object_unref (column);
}

void
saha_dispatch_board_set_range (SahaDispatchBoard *self,
                               GDateTime         *first_day,
                               guint              n_days)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) midnight = NULL;

  g_return_if_fail (SAHA_IS_DISPATCH_BOARD (self));
  g_return_if_fail (first_day != NULL);
  g_return_if_fail (n_days == 1 || n_days == 7);

  local = g_date_time_to_local (first_day);
  midnight = local_midnight (local);
  if (n_days == 7)
    {
      GDateTime *monday = g_date_time_add_days (midnight,
                                                1 - g_date_time_get_day_of_week (midnight));

      g_date_time_unref (midnight);
      midnight = monday;
    }

  g_clear_pointer (&self->first_day, g_date_time_unref);
  self->first_day = g_steal_pointer (&midnight);
  self->n_days = n_days;
  if (gtk_toggle_button_get_active (self->week_button) != (n_days == 7))
    gtk_toggle_button_set_active (self->week_button, n_days == 7);

  /* The old read's cells belong to the old columns. */
  g_clear_pointer (&self->board, board_free);
  gtk_string_list_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)),
                          NULL);
  build_columns (self);
  update_title (self);
  saha_dispatch_board_reload (self);
}

static void
on_week_toggled (SahaDispatchBoard *self)
{
  guint n_days = gtk_toggle_button_get_active (self->week_button) ? 7 : 1;
  g_autoptr(GDateTime) now = NULL;

  if (n_days == self->n_days)
    return;
  /* From the week back to a day: today when it is in the week, else its Monday. */
  now = g_date_time_new_now_local ();
  if (n_days == 1)
    {
      g_autofree char *iso = utc_iso (now);

      if (day_of (iso, self->first_day, self->n_days) < self->n_days)
        {
          saha_dispatch_board_set_range (self, now, 1);
          return;
        }
    }
  saha_dispatch_board_set_range (self, self->first_day, n_days);
}

static void
go_activated (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  SahaDispatchBoard *self = SAHA_DISPATCH_BOARD (widget);
  int step = g_variant_get_int32 (parameter);
  g_autoptr(GDateTime) first = NULL;

  if (step == 0)
    first = g_date_time_new_now_local ();
  else
    first = g_date_time_add_days (self->first_day, step * (int) self->n_days);
  saha_dispatch_board_set_range (self, first, self->n_days);
}

static void
saha_dispatch_board_dispose (GObject *object)
{
  SahaDispatchBoard *self = SAHA_DISPATCH_BOARD (object);

  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  g_cancellable_cancel (self->users_cancellable);
  g_clear_object (&self->users_cancellable);
  saha_template_dispose (GTK_WIDGET (self), SAHA_TYPE_DISPATCH_BOARD);
  g_clear_object (&self->store);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->board, board_free);
  g_clear_pointer (&self->first_day, g_date_time_unref);

  G_OBJECT_CLASS (saha_dispatch_board_parent_class)->dispose (object);
}

static void
saha_dispatch_board_class_init (SahaDispatchBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SahaPageClass *page_class = SAHA_PAGE_CLASS (klass);

  object_class->dispose = saha_dispatch_board_dispose;
  page_class->store_set = saha_dispatch_board_store_set;
  page_class->reload = saha_dispatch_board_reload_page;
  /* The calls of the week and their customers. */
  saha_page_class_set_entities (page_class, "service_call", "customer", NULL);

  /* -1 the previous day or week, 1 the next, 0 back to today. */
  gtk_widget_class_install_action (widget_class, "dispatch.go", "i", go_activated);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-dispatch-board.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaDispatchBoard, window_title);
  gtk_widget_class_bind_template_child (widget_class, SahaDispatchBoard, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SahaDispatchBoard, grid);
  gtk_widget_class_bind_template_child (widget_class, SahaDispatchBoard, week_button);
  gtk_widget_class_bind_template_callback (widget_class, on_week_toggled);
}

static void
saha_dispatch_board_init (SahaDispatchBoard *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GtkNoSelection) selection = NULL;

  self->rows = gtk_string_list_new (NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_column_view_set_model (self->grid, GTK_SELECTION_MODEL (selection));
  saha_dispatch_board_set_range (self, now, 1);
}
