/* saha-customer-list-model.c: SahaCustomerListModel, the replica's customers as a GListModel
 * that reads pages from SQLite on demand.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "saha-customer-item.h"
#include "saha-customer-list-model.h"
#include "saha-segment-badge.h"
#include "saha-store-segments-query.h"

/*
 * A replica may hold a hundred thousand customers; the list (a one-column GtkGridView, see
 * saha-customers-view.ui) asks only for the rows it shows. So n_items comes from one COUNT query and items from pages of
 * SAHA_CUSTOMER_LIST_PAGE_SIZE rows read with LIMIT/OFFSET when first asked for. The
 * last MAX_CACHED_PAGES pages used stay in memory (scrolling back and forth does not
 * query again); older pages are dropped.
 *
 * Those queries take from one to a few hundred milliseconds on 100,000 customers (an
 * OFFSET deep into the list is the slow case), too long for the main loop. They run in
 * one worker thread with its own SahaStore on the same file, one query at a time in the
 * order asked. get_item() answers at once with pending items for a page not read yet
 * and fills them when the page arrives. Each filter change bumps a generation number;
 * results of an older generation are dropped on arrival.
 *
 * Rows show each customer's RFM segment and the list filters by it. A segment comes from
 * every order, so the worker computes them all into its connection's temporary table
 * (saha-store-segments-query.h) at the start and again after each reload() (an edit, the
 * end of a sync), never on a filter change: typing a search costs no recomputation. That
 * takes half a second and more with 100,000 customers, so unless the list is filtered by
 * segment it comes after the count and the pages on screen (a REQUEST_SEGMENTS queued
 * when the count arrives), and the pages held are read again for their badges.
 */
#define MAX_CACHED_PAGES 4

typedef struct
{
  guint      index;
  GPtrArray *items;   /* SahaCustomerItem, pending until the page arrives */
} Page;

typedef enum
{
  REQUEST_COUNT,
  REQUEST_PAGE,
  REQUEST_SEGMENTS,
} RequestKind;

/* One query for the worker; it carries a copy of the filters it was made with. */
typedef struct
{
  SahaCustomerListModel *model;       /* strong: the model outlives its requests */
  RequestKind            kind;
  guint                  generation;
  gboolean               refresh;     /* a count for reload(): same filters */
  guint                  page_index;
  char                  *search;
  char                  *city;
  char                  *assigned_to;
  char                  *segment;

  /* Filled in by the worker. */
  gboolean               segments_computed;
  guint                  count;
  GPtrArray             *records;
  GArray                *segments;    /* SahaSegment of each record */
  GError                *error;
} Request;

struct _SahaCustomerListModel
{
  GObject       parent_instance;

  SahaStore    *store;
  char         *search;
  char         *city;
  char         *assigned_to;
  char         *segment;

  guint         n_items;
  GQueue        pages;          /* Page*, most recently used first */
  guint         generation;
  gboolean      refreshing;     /* the next count is for reload(), not new filters */
  guint         n_pending;      /* requests not yet delivered */
  guint         n_queries;

  GMainContext *context;        /* where results are delivered */
  GThreadPool  *worker;         /* one thread */
  SahaStore    *worker_store;   /* used only by the worker thread */
  gint          segments_serial;            /* bumped by reload (atomic) */
  gint          worker_segments_serial;     /* the worker's last refresh */
  gint          segments_queued;            /* the serial of the last REQUEST_SEGMENTS */
};

static void saha_customer_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SahaCustomerListModel, saha_customer_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      saha_customer_list_model_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_SEARCH,
  PROP_CITY,
  PROP_ASSIGNED_TO,
  PROP_SEGMENT,
  PROP_N_ITEMS,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->items);
  g_free (page);
}

static void
clear_pages (SahaCustomerListModel *self)
{
  g_queue_clear_full (&self->pages, (GDestroyNotify) page_free);
}

static void
request_free (Request *request)
{
  g_clear_object (&request->model);
  g_free (request->search);
  g_free (request->city);
  g_free (request->assigned_to);
  g_free (request->segment);
  g_clear_pointer (&request->records, g_ptr_array_unref);
  g_clear_pointer (&request->segments, g_array_unref);
  g_clear_error (&request->error);
  g_free (request);
}

/* Runs in the worker thread. */
static void
run_request (gpointer data,
             gpointer user_data)
{
  Request *request = data;
  SahaCustomerListModel *self = request->model;
  SahaFieldInput where[2];
  SahaQuery query = { .search = request->search, .order_by = "name", .where = where };
  gint64 start = g_get_monotonic_time ();

  if (request->city != NULL)
    where[query.n_where++] = (SahaFieldInput) { "city", request->city };
  if (request->assigned_to != NULL)
    where[query.n_where++] = (SahaFieldInput) { "assigned_to", request->assigned_to };

  if (self->worker_store == NULL)
    self->worker_store = saha_store_open (saha_store_get_path (self->store), &request->error);
  if (self->worker_store == NULL)
    return;

  /* A segment filter needs them now; otherwise REQUEST_SEGMENTS follows. */
  if ((request->kind == REQUEST_SEGMENTS || request->segment != NULL)
      && g_atomic_int_get (&self->segments_serial) != self->worker_segments_serial)
    {
      g_autoptr(GError) segments_error = NULL;

      self->worker_segments_serial = g_atomic_int_get (&self->segments_serial);
      /* Without segments the list still works: rows show no badge. */
      if (!saha_store_refresh_segments (self->worker_store, NULL, &segments_error))
        g_warning ("Cannot compute the customers' segments: %s", segments_error->message);
      request->segments_computed = TRUE;
      g_debug ("Computed the segments in %.2f ms", (g_get_monotonic_time () - start) / 1000.0);
#ifdef __GLIBC__
      /* Computing them holds every customer's figures at once (75 MB with 100,000), all
       * freed by now; glibc keeps a thread's freed memory in its arena until asked. */
      malloc_trim (0);
#endif
    }

  if (request->kind == REQUEST_SEGMENTS)
    return;
  if (request->segment != NULL)
    {
      SahaSegment segment = SAHA_SEGMENT_NONE;

      saha_segment_from_string (request->segment, &segment);
      /* A segment's customers come by name, like the list's own order. */
      query.order_by = NULL;
      if (request->kind == REQUEST_COUNT)
        saha_store_count_in_segment (self->worker_store, segment, &query, &request->count,
                                     &request->error);
      else
        {
          query.limit = SAHA_CUSTOMER_LIST_PAGE_SIZE;
          query.offset = request->page_index * SAHA_CUSTOMER_LIST_PAGE_SIZE;
          request->records = saha_store_list_in_segment (self->worker_store, segment, &query,
                                                         &request->error);
        }
    }
  else if (request->kind == REQUEST_COUNT)
    {
      saha_store_count (self->worker_store, "customer", &query, &request->count,
                        &request->error);
      g_debug ("Counted %u customers in %.2f ms", request->count,
               (g_get_monotonic_time () - start) / 1000.0);
    }
  else
    {
      query.limit = SAHA_CUSTOMER_LIST_PAGE_SIZE;
      query.offset = request->page_index * SAHA_CUSTOMER_LIST_PAGE_SIZE;
      request->records = saha_store_list (self->worker_store, "customer", &query,
                                          &request->error);
      g_debug ("Read page %u in %.2f ms", request->page_index,
               (g_get_monotonic_time () - start) / 1000.0);
    }

  if (request->records != NULL)
    {
      request->segments = g_array_sized_new (FALSE, FALSE, sizeof (SahaSegment),
                                             request->records->len);
      for (guint i = 0; i < request->records->len; i++)
        {
          SahaSegment segment = saha_store_lookup_segment (self->worker_store,
                                                           saha_record_get_id (g_ptr_array_index (request->records, i)));

          g_array_append_val (request->segments, segment);
        }
    }
}

static void
set_loading_done (SahaCustomerListModel *self)
{
  g_assert (self->n_pending > 0);

  self->n_pending--;
  if (self->n_pending == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static Page *
lookup_page (SahaCustomerListModel *self,
             guint                  index)
{
  for (GList *l = self->pages.head; l != NULL; l = l->next)
    {
      Page *page = l->data;

      if (page->index == index)
        {
          /* Most recently used moves to the front, so eviction takes the coldest. */
          g_queue_unlink (&self->pages, l);
          g_queue_push_head_link (&self->pages, l);
          return page;
        }
    }

  return NULL;
}

static void queue_request (SahaCustomerListModel *self,
                           RequestKind            kind,
                           guint                  page_index);

static void
deliver_count (SahaCustomerListModel *self,
               Request               *request)
{
  guint old_n_items = self->n_items;

  if (request->error != NULL)
    {
      g_warning ("Cannot count customers: %s", request->error->message);
      request->count = 0;
    }

  if (request->refresh)
    {
      /* The same filters over changed records (a sync landing pages every second):
       * replacing every item would make the list view build all its rows again, a
       * stall of hundreds of milliseconds. The full pages before the end that moved
       * keep their items, which the pages read again update in place; only the rows
       * from there on are announced as changed. */
      guint boundary = MIN (old_n_items, request->count) / SAHA_CUSTOMER_LIST_PAGE_SIZE
                       * SAHA_CUSTOMER_LIST_PAGE_SIZE;
      GList *l = self->pages.head;

      if (old_n_items == request->count)
        boundary = old_n_items;
      while (l != NULL)
        {
          GList *next = l->next;
          Page *page = l->data;

          if (page->index * SAHA_CUSTOMER_LIST_PAGE_SIZE >= boundary)
            {
              g_queue_delete_link (&self->pages, l);
              page_free (page);
            }
          l = next;
        }

      self->n_items = request->count;
      for (l = self->pages.head; l != NULL; l = l->next)
        queue_request (self, REQUEST_PAGE, ((Page *) l->data)->index);
      if (old_n_items != self->n_items)
        g_list_model_items_changed (G_LIST_MODEL (self), boundary, old_n_items - boundary,
                                    self->n_items - boundary);
    }
  else
    {
      clear_pages (self);
      self->n_items = request->count;

      if (old_n_items > 0 || self->n_items > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, self->n_items);
    }
  if (old_n_items != self->n_items)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  /* The view has asked for the rows it shows by now: their pages go first. */
  if (self->segment == NULL && self->segments_queued != g_atomic_int_get (&self->segments_serial))
    {
      self->segments_queued = g_atomic_int_get (&self->segments_serial);
      queue_request (self, REQUEST_SEGMENTS, 0);
    }
}

/* The segments were computed after pages had been read without them: read those again. */
static void
deliver_segments (SahaCustomerListModel *self,
                  Request               *request)
{
  if (!request->segments_computed)
    return;
  for (GList *l = self->pages.head; l != NULL; l = l->next)
    queue_request (self, REQUEST_PAGE, ((Page *) l->data)->index);
}

static void
deliver_page (SahaCustomerListModel *self,
              Request               *request)
{
  Page *page = NULL;

  for (GList *l = self->pages.head; l != NULL && page == NULL; l = l->next)
    if (((Page *) l->data)->index == request->page_index)
      page = l->data;

  /* Evicted while it was read: nobody is showing it any more. */
  if (page == NULL)
    return;

  if (request->error != NULL)
    {
      g_warning ("Cannot read customers from %u: %s",
                 request->page_index * SAHA_CUSTOMER_LIST_PAGE_SIZE, request->error->message);
      return;
    }

  /* A page comes back short when customers were deleted since the count; those rows
   * stay pending until the next reload fixes n_items. */
  for (guint i = 0; i < request->records->len && i < page->items->len; i++)
    {
      saha_customer_item_update (g_ptr_array_index (page->items, i),
                                 g_ptr_array_index (request->records, i));
      saha_customer_item_set_segment (g_ptr_array_index (page->items, i),
                                      saha_segment_badge_label (g_array_index (request->segments,
                                                                               SahaSegment, i)));
    }
}

/* Runs on the model's main context. */
static gboolean
deliver_request (gpointer data)
{
  Request *request = data;
  SahaCustomerListModel *self = request->model;

  if (request->generation == self->generation)
    {
      if (request->kind == REQUEST_COUNT)
        deliver_count (self, request);
      else if (request->kind == REQUEST_PAGE)
        deliver_page (self, request);
      else
        deliver_segments (self, request);
    }

  set_loading_done (self);
  return G_SOURCE_REMOVE;
}

static void
run_request_and_deliver (gpointer data,
                         gpointer user_data)
{
  Request *request = data;

  g_autoptr(GSource) source = g_idle_source_new ();

  run_request (request, user_data);

  /* An idle source rather than g_main_context_invoke(), which would deliver in this
   * thread when nobody is iterating the main context at that moment. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver_request, request, (GDestroyNotify) request_free);
  g_source_set_static_name (source, "[saha] customer page delivery");
  g_source_attach (source, request->model->context);
}

static void
queue_request (SahaCustomerListModel *self,
               RequestKind            kind,
               guint                  page_index)
{
  Request *request = g_new0 (Request, 1);
  g_autoptr(GError) error = NULL;

  request->model = g_object_ref (self);
  request->kind = kind;
  request->generation = self->generation;
  request->refresh = kind == REQUEST_COUNT && self->refreshing;
  request->page_index = page_index;
  request->search = g_strdup (self->search);
  request->city = g_strdup (self->city);
  request->assigned_to = g_strdup (self->assigned_to);
  request->segment = g_strdup (self->segment);

  self->n_queries++;
  self->n_pending++;
  if (self->n_pending == 1)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  if (!g_thread_pool_push (self->worker, request, &error))
    g_error ("Cannot start the customer list's worker thread: %s", error->message);
}

static GType
saha_customer_list_model_get_item_type (GListModel *model)
{
  return SAHA_TYPE_CUSTOMER_ITEM;
}

static guint
saha_customer_list_model_get_n_items (GListModel *model)
{
  return SAHA_CUSTOMER_LIST_MODEL (model)->n_items;
}

static gpointer
saha_customer_list_model_get_item (GListModel *model,
                                   guint       position)
{
  SahaCustomerListModel *self = SAHA_CUSTOMER_LIST_MODEL (model);
  guint index = position / SAHA_CUSTOMER_LIST_PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = lookup_page (self, index);
  if (page == NULL)
    {
      guint first = index * SAHA_CUSTOMER_LIST_PAGE_SIZE;
      guint n = MIN (SAHA_CUSTOMER_LIST_PAGE_SIZE, self->n_items - first);

      page = g_new0 (Page, 1);
      page->index = index;
      page->items = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (page->items, saha_customer_item_new_pending ());

      g_queue_push_head (&self->pages, page);
      while (self->pages.length > MAX_CACHED_PAGES)
        page_free (g_queue_pop_tail (&self->pages));

      queue_request (self, REQUEST_PAGE, index);
    }

  return g_object_ref (g_ptr_array_index (page->items, position % SAHA_CUSTOMER_LIST_PAGE_SIZE));
}

static void
saha_customer_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = saha_customer_list_model_get_item_type;
  iface->get_n_items = saha_customer_list_model_get_n_items;
  iface->get_item = saha_customer_list_model_get_item;
}

/* The filters changed: count again. */
static void
requery (SahaCustomerListModel *self)
{
  /* Pages read for the old filters are dropped on arrival; the rows shown stay until
   * the new count replaces them, so the list does not flash empty while typing. */
  self->generation++;
  queue_request (self, REQUEST_COUNT, 0);
}

void
saha_customer_list_model_reload (SahaCustomerListModel *self)
{
  g_return_if_fail (SAHA_IS_CUSTOMER_LIST_MODEL (self));

  /* The orders may have changed too: segments are computed again. */
  g_atomic_int_inc (&self->segments_serial);
  saha_customer_list_model_reload_rows (self);
}

void
saha_customer_list_model_reload_rows (SahaCustomerListModel *self)
{
  g_return_if_fail (SAHA_IS_CUSTOMER_LIST_MODEL (self));

  self->refreshing = TRUE;
  requery (self);
  self->refreshing = FALSE;
}

gboolean
saha_customer_list_model_get_loading (SahaCustomerListModel *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_LIST_MODEL (self), FALSE);
  return self->n_pending > 0;
}

/* Replaces *@field with @value ("" counts as NULL); TRUE when it changed. */
static gboolean
set_filter (char       **field,
            const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
saha_customer_list_model_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  SahaCustomerListModel *self = SAHA_CUSTOMER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SEARCH:
      saha_customer_list_model_set_search (self, g_value_get_string (value));
      break;

    case PROP_CITY:
      saha_customer_list_model_set_city (self, g_value_get_string (value));
      break;

    case PROP_ASSIGNED_TO:
      saha_customer_list_model_set_assigned_to (self, g_value_get_string (value));
      break;

    case PROP_SEGMENT:
      saha_customer_list_model_set_segment (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_customer_list_model_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  SahaCustomerListModel *self = SAHA_CUSTOMER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;

    case PROP_CITY:
      g_value_set_string (value, self->city);
      break;

    case PROP_ASSIGNED_TO:
      g_value_set_string (value, self->assigned_to);
      break;

    case PROP_SEGMENT:
      g_value_set_string (value, self->segment);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->n_pending > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
saha_customer_list_model_constructed (GObject *object)
{
  SahaCustomerListModel *self = SAHA_CUSTOMER_LIST_MODEL (object);

  G_OBJECT_CLASS (saha_customer_list_model_parent_class)->constructed (object);

  saha_customer_list_model_reload (self);
}

static void
saha_customer_list_model_finalize (GObject *object)
{
  SahaCustomerListModel *self = SAHA_CUSTOMER_LIST_MODEL (object);

  /* Every request holds a reference, so none is queued or running by now. */
  g_thread_pool_free (self->worker, FALSE, TRUE);
  g_clear_object (&self->worker_store);
  g_main_context_unref (self->context);

  clear_pages (self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->city, g_free);
  g_clear_pointer (&self->assigned_to, g_free);
  g_clear_pointer (&self->segment, g_free);

  G_OBJECT_CLASS (saha_customer_list_model_parent_class)->finalize (object);
}

static void
saha_customer_list_model_class_init (SahaCustomerListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = saha_customer_list_model_set_property;
  object_class->get_property = saha_customer_list_model_get_property;
  object_class->constructed = saha_customer_list_model_constructed;
  object_class->finalize = saha_customer_list_model_finalize;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SAHA_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CITY] =
    g_param_spec_string ("city", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ASSIGNED_TO] =
    g_param_spec_string ("assigned-to", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEGMENT] =
    g_param_spec_string ("segment", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
saha_customer_list_model_init (SahaCustomerListModel *self)
{
  g_queue_init (&self->pages);
  self->context = g_main_context_ref_thread_default ();
  /* One thread: the worker's SahaStore is used by one thread at a time, and requests
   * run in the order they were made. */
  self->worker = g_thread_pool_new (run_request_and_deliver, self, 1, FALSE, NULL);
}

SahaCustomerListModel *
saha_customer_list_model_new (SahaStore *store)
{
  g_return_val_if_fail (SAHA_IS_STORE (store), NULL);

  return g_object_new (SAHA_TYPE_CUSTOMER_LIST_MODEL, "store", store, NULL);
}

SahaStore *
saha_customer_list_model_get_store (SahaCustomerListModel *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_LIST_MODEL (self), NULL);
  return self->store;
}

const char *
saha_customer_list_model_get_search (SahaCustomerListModel *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_LIST_MODEL (self), NULL);
  return self->search;
}

void
saha_customer_list_model_set_search (SahaCustomerListModel *self,
                                     const char            *search)
{
  g_return_if_fail (SAHA_IS_CUSTOMER_LIST_MODEL (self));

  if (!set_filter (&self->search, search))
    return;

  requery (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

const char *
saha_customer_list_model_get_city (SahaCustomerListModel *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_LIST_MODEL (self), NULL);
  return self->city;
}

void
saha_customer_list_model_set_city (SahaCustomerListModel *self,
                                   const char            *city)
{
  g_return_if_fail (SAHA_IS_CUSTOMER_LIST_MODEL (self));

  if (!set_filter (&self->city, city))
    return;

  requery (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CITY]);
}

const char *
saha_customer_list_model_get_assigned_to (SahaCustomerListModel *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_LIST_MODEL (self), NULL);
  return self->assigned_to;
}

void
saha_customer_list_model_set_assigned_to (SahaCustomerListModel *self,
                                          const char            *user)
{
  g_return_if_fail (SAHA_IS_CUSTOMER_LIST_MODEL (self));

  if (!set_filter (&self->assigned_to, user))
    return;

  requery (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSIGNED_TO]);
}

guint
saha_customer_list_model_get_n_queries (SahaCustomerListModel *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_LIST_MODEL (self), 0);
  return self->n_queries;
}

const char *
saha_customer_list_model_get_segment (SahaCustomerListModel *self)
{
  g_return_val_if_fail (SAHA_IS_CUSTOMER_LIST_MODEL (self), NULL);
  return self->segment;
}

void
saha_customer_list_model_set_segment (SahaCustomerListModel *self,
                                      const char            *segment)
{
  g_return_if_fail (SAHA_IS_CUSTOMER_LIST_MODEL (self));

  if (!set_filter (&self->segment, segment))
    return;

  requery (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEGMENT]);
}
