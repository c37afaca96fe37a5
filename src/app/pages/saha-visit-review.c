/* saha-visit-review.c: SahaVisitReview, the office's review of synced visits by person and
 * date range, with what each visit produced, exportable as CSV.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "saha-template.h"
#include "saha-store-reader.h"
#include "saha-visit-review-item.h"
#include "saha-visit-review.h"

struct _SahaVisitReview
{
  SahaPage        parent_instance;

  gboolean        read_once;       /* since the store was set */

  SahaStore      *store;
  GListStore     *visits;
  GtkStringList  *people;
  gboolean        filling;      /* the person list is being rebuilt: no reloads */
  GCancellable   *read_cancellable;   /* the read in flight */

  AdwWindowTitle *title;
  GtkDropDown    *person_dropdown;
  GtkEntry       *from_entry;
  GtkEntry       *to_entry;
  GtkLabel       *summary_label;
  GtkStack       *stack;
  GtkColumnView  *column_view;
};

G_DEFINE_FINAL_TYPE (SahaVisitReview, saha_visit_review, SAHA_TYPE_PAGE)

typedef enum
{
  COLUMN_CHECK_IN,
  COLUMN_USER,
  COLUMN_CUSTOMER,
  COLUMN_DURATION,
  COLUMN_OUTCOME,
  COLUMN_PRODUCED,
} Column;

/* "1 h 25 min", "45 min", or a dash while the visit has no check-out. */
static char *
format_minutes (int minutes)
{
  if (minutes < 0)
    return g_strdup ("—");
  if (minutes < 60)
    /* Translators: a visit's duration */
    return g_strdup_printf (_("%d min"), minutes);
  /* Translators: a visit's duration in hours and minutes */
  return g_strdup_printf (_("%d h %d min"), minutes / 60, minutes % 60);
}

static char *
format_check_in (const char *check_in)
{
  g_autoptr(GDateTime) utc = check_in != NULL ? g_date_time_new_from_iso8601 (check_in, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("—");
  local = g_date_time_to_local (utc);
  return saha_format_date_time (local, saha_format_style_default ());
}

static char *
format_produced (SahaVisitReviewItem *item)
{
  const char *order = saha_visit_review_item_get_order (item);
  const char *call = saha_visit_review_item_get_service_call (item);

  if (order != NULL && call != NULL)
    /* Translators: what a visit produced: an order number and a service call number */
    return g_strdup_printf (_("Order %s, call %s"), order, call);
  if (order != NULL)
    return g_strdup_printf (_("Order %s"), order);
  if (call != NULL)
    return g_strdup_printf (_("Call %s"), call);
  return g_strdup ("");
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item)
{
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "saha-column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  /* What a visit produced is read in full: its numbers wrap rather than being cut off. */
  if (column == COLUMN_PRODUCED)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_name (label, "produced");
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item)
{
  SahaVisitReviewItem *item = gtk_list_item_get_item (list_item);
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "saha-column"));
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_CHECK_IN:
      text = format_check_in (saha_visit_review_item_get_check_in (item));
      break;
    case COLUMN_USER:
      text = g_strdup (saha_visit_review_item_get_user (item));
      break;
    case COLUMN_CUSTOMER:
      text = g_strdup (saha_visit_review_item_get_customer (item));
      break;
    case COLUMN_DURATION:
      text = format_minutes (saha_visit_review_item_get_minutes (item));
      break;
    case COLUMN_OUTCOME:
      text = g_strdup (saha_visit_review_item_get_outcome (item));
      break;
    case COLUMN_PRODUCED:
      text = format_produced (item);
      break;
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), text != NULL ? text : "");
}

static void
add_column (SahaVisitReview *self,
            const char      *title,
            Column           column,
            gboolean         expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_object_set_data (G_OBJECT (factory), "saha-column", GUINT_TO_POINTER (column));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), NULL);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
}

/* A local day typed as YYYY-MM-DD, as the UTC instant it starts at (plus @days_after
 * days); NULL when empty or not a date. */
static char *
day_start_utc (const char *text,
               int         days_after)
{
  int year, month, day;
  char end;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (text == NULL || sscanf (text, "%d-%d-%d%c", &year, &month, &day, &end) != 3)
    return NULL;
  local = g_date_time_new_local (year, month, day, 0, 0, 0);
  if (local == NULL)
    return NULL;
  later = g_date_time_add_days (local, days_after);
  utc = g_date_time_to_utc (later);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
date_is_valid (const char *text)
{
  g_autofree char *start = day_start_utc (text, 0);

  return *text == '\0' || start != NULL;
}

static void
on_dates_changed (SahaVisitReview *self)
{
  GtkEntry *entries[] = { self->from_entry, self->to_entry };
  gboolean valid = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      gboolean ok = date_is_valid (gtk_editable_get_text (GTK_EDITABLE (entries[i])));

      if (ok)
        gtk_widget_remove_css_class (GTK_WIDGET (entries[i]), "error");
      else
        gtk_widget_add_css_class (GTK_WIDGET (entries[i]), "error");
      valid &= ok;
    }

  /* Half-typed dates keep the list as it was. */
  if (valid)
    saha_visit_review_reload (self);
}

/* Names of referenced records, read once per reload. */
static const char *
lookup_name (SahaStore  *store,
             GHashTable *cache,
             const char *entity,
             const char *field,
             const char *id)
{
  const char *name;
  g_autoptr(SahaRecord) record = NULL;

  if (id == NULL)
    return NULL;
  if (g_hash_table_lookup_extended (cache, id, NULL, (gpointer *) &name))
    return name;

  record = saha_store_get (store, entity, id, NULL);
  name = record != NULL ? saha_record_get (record, field) : NULL;
  g_hash_table_insert (cache, g_strdup (id), g_strdup (name != NULL ? name : id));
  return g_hash_table_lookup (cache, id);
}

static int
visit_minutes (SahaRecord *visit)
{
  const char *in = saha_record_get (visit, "check_in_at");
  const char *out = saha_record_get (visit, "check_out_at");
  g_autoptr(GDateTime) start = in != NULL ? g_date_time_new_from_iso8601 (in, NULL) : NULL;
  g_autoptr(GDateTime) end = out != NULL ? g_date_time_new_from_iso8601 (out, NULL) : NULL;

  if (start == NULL || end == NULL)
    return -1;
  return (int) MAX (0, g_date_time_difference (end, start) / G_TIME_SPAN_MINUTE);
}

static char *
selected_person (SahaVisitReview *self)
{
  guint selected = gtk_drop_down_get_selected (self->person_dropdown);

  /* Position 0 is "Everyone". */
  if (self->people == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return g_strdup (gtk_string_list_get_string (self->people, selected));
}

/* What one read asks for: the filters, and whether the person list is rebuilt too. */
typedef struct
{
  char     *person;
  char     *from;
  char     *until;
  gboolean  people;
} Filter;

static void
filter_free (Filter *filter)
{
  g_free (filter->person);
  g_free (filter->from);
  g_free (filter->until);
  g_free (filter);
}

typedef struct
{
  GPtrArray *items;          /* SahaVisitReviewItem */
  guint      total_minutes;
  GPtrArray *people;         /* char *, or NULL when not asked for */
} Review;

static void
review_free (Review *review)
{
  g_clear_pointer (&review->items, g_ptr_array_unref);
  g_clear_pointer (&review->people, g_ptr_array_unref);
  g_free (review);
}

/* The people who logged visits, for the filter. */
static GPtrArray *
read_people (SahaStore  *store,
             GError    **error)
{
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *names;
  SahaQuery query = { .order_by = "user" };

  visits = saha_store_list (store, "visit", &query, error);
  if (visits == NULL)
    return NULL;

  names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < visits->len; i++)
    {
      const char *user = saha_record_get (g_ptr_array_index (visits, i), "user");

      if (user != NULL && g_hash_table_add (seen, (gpointer) user))
        g_ptr_array_add (names, g_strdup (user));
    }
  return names;
}

static gpointer
read_review (SahaStore     *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Filter *filter = data;
  g_autoptr(GPtrArray) visits = NULL;
  g_autoptr(GHashTable) customers = NULL;
  g_autoptr(GHashTable) orders = NULL;
  g_autoptr(GHashTable) calls = NULL;
  SahaFieldInput where[1];
  SahaQuery query = { .order_by = "check_in_at", .descending = TRUE };
  Review *review = g_new0 (Review, 1);

  if (filter->people && (review->people = read_people (store, error)) == NULL)
    {
      review_free (review);
      return NULL;
    }

  if (filter->person != NULL)
    {
      where[0].name = "user";
      where[0].value = filter->person;
      query.where = where;
      query.n_where = 1;
    }

  visits = saha_store_list (store, "visit", &query, error);
  if (visits == NULL)
    {
      review_free (review);
      return NULL;
    }

  customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  orders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  calls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  review->items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < visits->len; i++)
    {
      SahaRecord *visit = g_ptr_array_index (visits, i);
      const char *check_in = saha_record_get (visit, "check_in_at");
      int minutes;

      /* Canonical UTC timestamps compare as text. */
      if (filter->from != NULL && (check_in == NULL || strcmp (check_in, filter->from) < 0))
        continue;
      if (filter->until != NULL && (check_in == NULL || strcmp (check_in, filter->until) >= 0))
        continue;

      minutes = visit_minutes (visit);
      if (minutes > 0)
        review->total_minutes += minutes;
      g_ptr_array_add (review->items,
                       saha_visit_review_item_new (saha_record_get_id (visit), check_in,
                                                   saha_record_get (visit, "user"),
                                                   lookup_name (store, customers, "customer",
                                                                "name",
                                                                saha_record_get (visit, "customer")),
                                                   minutes,
                                                   saha_record_get (visit, "outcome"),
                                                   lookup_name (store, orders, "order",
                                                                "number",
                                                                saha_record_get (visit, "order")),
                                                   lookup_name (store, calls, "service_call",
                                                                "number",
                                                                saha_record_get (visit, "service_call"))));
    }

  return review;
}

static void
fill_people (SahaVisitReview *self,
             GPtrArray       *names)
{
  self->filling = TRUE;
  g_clear_object (&self->people);
  self->people = gtk_string_list_new (NULL);
  /* Translators: the person filter of visit review: no filter */
  gtk_string_list_append (self->people, _("Everyone"));
  for (guint i = 0; i < names->len; i++)
    gtk_string_list_append (self->people, g_ptr_array_index (names, i));

  gtk_drop_down_set_model (self->person_dropdown, G_LIST_MODEL (self->people));
  gtk_drop_down_set_selected (self->person_dropdown, 0);
  self->filling = FALSE;
}

static void
review_read (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SahaVisitReview *self = SAHA_VISIT_REVIEW (object);
  g_autoptr(GError) error = NULL;
  Review *review = saha_store_read_finish (result, &error);
  g_autofree char *summary = NULL;
  g_autofree char *duration = NULL;

  /* Superseded by a newer read (the filters changed again): that one fills the list. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->read_cancellable);
  if (review == NULL)
    {
      g_warning ("Cannot list visits: %s", error->message);
      return;
    }

  if (review->people != NULL)
    fill_people (self, review->people);

  g_list_store_splice (self->visits, 0, g_list_model_get_n_items (G_LIST_MODEL (self->visits)),
                       review->items->pdata, review->items->len);

  duration = format_minutes ((int) review->total_minutes);
  /* Translators: "12 visits, 9 h 30 min on site" */
  summary = g_strdup_printf (ngettext ("%u visit, %s on site", "%u visits, %s on site",
                                       review->items->len),
                             review->items->len, duration);
  gtk_label_set_label (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->stack, review->items->len > 0 ? "list" : "empty");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.export", review->items->len > 0);
  review_free (review);
}

static void
start_read (SahaVisitReview *self,
            gboolean         people)
{
  Filter *filter = g_new0 (Filter, 1);

  /* A new person list starts from "Everyone". */
  filter->people = people;
  filter->person = people ? NULL : selected_person (self);
  filter->from = day_start_utc (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), 0);
  /* "To" includes its whole day. */
  filter->until = day_start_utc (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), 1);

  saha_store_read_async (self, self->store, read_review, filter, (GDestroyNotify) filter_free,
                         (GDestroyNotify) review_free,
                         saha_store_read_restart (&self->read_cancellable), review_read, NULL);
}

static void
saha_visit_review_reload_page (SahaPage *page)
{
  SahaVisitReview *self = SAHA_VISIT_REVIEW (page);

  if (self->filling)
    return;

  if (self->store == NULL)
    {
      g_list_store_remove_all (self->visits);
      return;
    }

  /* After the first read the rows shown stay until the new ones arrive, so the list
   * does not flash empty. */
  start_read (self, !self->read_once);
  self->read_once = TRUE;
}

void
saha_visit_review_reload (SahaVisitReview *self)
{
  g_return_if_fail (SAHA_IS_VISIT_REVIEW (self));
  saha_page_reload (SAHA_PAGE (self));
}

/* Reading every visit took a worker most of a second and 35 MB with 100,000 customers:
 * the page reads when first shown, not at every launch. */
static void
saha_visit_review_store_set (SahaPage *page)
{
  SahaVisitReview *self = SAHA_VISIT_REVIEW (page);

  g_set_object (&self->store, saha_page_get_store (page));
  g_list_store_remove_all (self->visits);
  self->read_once = FALSE;
}

gboolean
saha_visit_review_get_loading (SahaVisitReview *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_REVIEW (self), FALSE);
  return self->read_cancellable != NULL;
}

GListModel *
saha_visit_review_get_model (SahaVisitReview *self)
{
  g_return_val_if_fail (SAHA_IS_VISIT_REVIEW (self), NULL);
  return G_LIST_MODEL (self->visits);
}

char *
saha_visit_review_to_csv (SahaVisitReview *self)
{
  static const char * const header[] = {
    "check_in_at", "user", "customer", "minutes", "outcome", "order", "service_call"
  };
  GString *csv = g_string_new (NULL);

  g_return_val_if_fail (SAHA_IS_VISIT_REVIEW (self), NULL);

  saha_csv_append_row (csv, header, G_N_ELEMENTS (header));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->visits)); i++)
    {
      g_autoptr(SahaVisitReviewItem) item = g_list_model_get_item (G_LIST_MODEL (self->visits), i);
      int minutes = saha_visit_review_item_get_minutes (item);
      g_autofree char *minutes_text = minutes >= 0 ? g_strdup_printf ("%d", minutes) : g_strdup ("");
      const char *cells[] = {
        saha_visit_review_item_get_check_in (item),
        saha_visit_review_item_get_user (item),
        saha_visit_review_item_get_customer (item),
        minutes_text,
        saha_visit_review_item_get_outcome (item),
        saha_visit_review_item_get_order (item),
        saha_visit_review_item_get_service_call (item),
      };

      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        if (cells[c] == NULL)
          cells[c] = "";
      saha_csv_append_row (csv, cells, G_N_ELEMENTS (cells));
    }

  return g_string_free (csv, FALSE);
}

static void
show_toast (SahaVisitReview *self,
            const char      *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
export_response (GtkNativeDialog *dialog,
                 int              response,
                 SahaVisitReview *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      csv = saha_visit_review_to_csv (self);
      if (g_file_replace_contents (file, csv, strlen (csv), NULL, FALSE, G_FILE_CREATE_NONE,
                                   NULL, NULL, &error))
        {
          g_autofree char *name = g_file_get_basename (file);

          message = g_strdup_printf (_("Exported %s"), name);
        }
      else
        message = g_strdup_printf (_("Not exported: %s"), error->message);
      show_toast (self, message);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SahaVisitReview *self = SAHA_VISIT_REVIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Export Visits"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  /* Translators: the suggested file name of a visit export; keep the .csv */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("visits.csv"));
  g_signal_connect (dialog, "response", G_CALLBACK (export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
saha_visit_review_dispose (GObject *object)
{
  SahaVisitReview *self = SAHA_VISIT_REVIEW (object);

  saha_template_dispose (GTK_WIDGET (self), SAHA_TYPE_VISIT_REVIEW);
  if (self->read_cancellable != NULL)
    g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->visits);
  g_clear_object (&self->people);

  G_OBJECT_CLASS (saha_visit_review_parent_class)->dispose (object);
}

static void
saha_visit_review_class_init (SahaVisitReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  SahaPageClass *page_class = SAHA_PAGE_CLASS (klass);

  object_class->dispose = saha_visit_review_dispose;
  page_class->store_set = saha_visit_review_store_set;
  page_class->reload = saha_visit_review_reload_page;
  /* The visits, their customers and the calls they belong to. */
  saha_page_class_set_entities (page_class, "visit", "customer", "service_call", NULL);

  gtk_widget_class_install_action (widget_class, "review.export", NULL, export_activated);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/sahacrm/Saha/saha-visit-review.ui");
  gtk_widget_class_bind_template_child (widget_class, SahaVisitReview, title);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitReview, person_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitReview, from_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitReview, to_entry);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitReview, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitReview, stack);
  gtk_widget_class_bind_template_child (widget_class, SahaVisitReview, column_view);
  gtk_widget_class_bind_template_callback (widget_class, saha_visit_review_reload);
  gtk_widget_class_bind_template_callback (widget_class, on_dates_changed);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* A row opens its visit on the Visits page (the window routes it). */
static void
on_row_activated (SahaVisitReview *self,
                  guint            position)
{
  g_autoptr(SahaVisitReviewItem) item = g_list_model_get_item (G_LIST_MODEL (self->visits),
                                                               position);

  if (item != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-visit", "s",
                                saha_visit_review_item_get_id (item));
}

static void
saha_visit_review_init (SahaVisitReview *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  self->visits = g_list_store_new (SAHA_TYPE_VISIT_REVIEW_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));

  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->visits)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  add_column (self, _("Checked in"), COLUMN_CHECK_IN, FALSE);
  add_column (self, _("Person"), COLUMN_USER, FALSE);
  add_column (self, _("Customer"), COLUMN_CUSTOMER, TRUE);
  add_column (self, _("Duration"), COLUMN_DURATION, FALSE);
  add_column (self, _("Outcome"), COLUMN_OUTCOME, TRUE);
  add_column (self, _("Orders and calls"), COLUMN_PRODUCED, TRUE);
  gtk_column_view_set_single_click_activate (self->column_view, TRUE);
  g_signal_connect_swapped (self->column_view, "activate", G_CALLBACK (on_row_activated), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.export", FALSE);
}
