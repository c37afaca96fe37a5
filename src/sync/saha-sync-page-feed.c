/* saha-sync-page-feed.c: pull pages fetched and parsed ahead in a thread of their own.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "saha-core.h"
#include "saha-sync-client.h"
#include "saha-sync-page-feed.h"
#include "saha-sync.h"

typedef struct
{
  JsonNode  *page;
  GPtrArray *records;   /* the page's changes, decoded */
  GError    *error;
  char     *error_code;
} FeedItem;

struct _SahaSyncPageFeed
{
  GThread        *thread;
  GAsyncQueue    *items;        /* FeedItem*, in page order */
  GAsyncQueue    *slots;        /* one token per page the thread may fetch ahead */
  GAsyncQueue    *trash;        /* applied pages (FeedItem*) for the thread to free */
  GCancellable   *stop;
  GCancellable   *parent;
  gulong          parent_handler;
  gboolean        started;      /* the caller has taken a page */

  SahaSyncClient *client;       /* used by the thread only */
  char           *cursor;
  char           *own;          /* the escaped own replica id, or NULL */
  guint64         own_acked;    /* sent with it: the replica's acknowledged counter */
  guint           page_size;
};

static void
feed_item_free (FeedItem *item)
{
  g_clear_pointer (&item->page, json_node_unref);
  g_clear_pointer (&item->records, g_ptr_array_unref);
  g_clear_error (&item->error);
  g_free (item->error_code);
  g_free (item);
}

/* The page's changes to records, and out of the answer: the caller only writes them. */
static gboolean
decode_changes (FeedItem *item)
{
  JsonObject *object = json_node_get_object (item->page);
  JsonArray *changes = json_object_get_array_member (object, "changes");
  guint n = json_array_get_length (changes);

  JsonArray *proofs = json_array_sized_new (n);

  item->records = g_ptr_array_new_full (n, (GDestroyNotify) saha_record_unref);
  /* Each state's proof, kept aside for the caller as the page's "proofs" (index by index;
   * null where the server sent none). */
  json_object_set_array_member (object, "proofs", proofs);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) local_error = NULL;
      JsonNode *change = json_array_get_element (changes, i);
      SahaRecord *record = saha_record_from_json (change, &local_error);
      const char *proof = JSON_NODE_HOLDS_OBJECT (change)
                          ? saha_json_get_string (json_node_get_object (change), "proof", NULL)
                          : NULL;

      if (proof != NULL && strlen (proof) <= 64)
        json_array_add_string_element (proofs, proof);
      else
        json_array_add_null_element (proofs);

      if (record == NULL)
        {
          g_set_error (&item->error, SAHA_SYNC_ERROR, SAHA_SYNC_ERROR_PROTOCOL,
                       _("The server sent a record that cannot be read: %s"),
                       local_error->message);
          g_clear_pointer (&item->page, json_node_unref);
          g_clear_pointer (&item->records, g_ptr_array_unref);
          return FALSE;
        }
      g_ptr_array_add (item->records, record);
    }
  json_object_remove_member (object, "changes");
  return TRUE;
}

static gpointer
feed_thread (gpointer data)
{
  SahaSyncPageFeed *feed = data;

  for (;;)
    {
      g_autofree char *escaped = NULL;
      g_autofree char *path = NULL;
      FeedItem *item;
      JsonObject *object;
      FeedItem *trash;
      const char *next;
      gboolean more;

      /* Wait for room ahead of the caller; a stop also posts a token. */
      g_async_queue_pop (feed->slots);
      if (g_cancellable_is_cancelled (feed->stop))
        break;
      while ((trash = g_async_queue_try_pop (feed->trash)) != NULL)
        feed_item_free (trash);

      escaped = g_uri_escape_string (feed->cursor, NULL, FALSE);
      /* The compact form: records without the derived members, half the text to parse. */
      if (feed->own != NULL)
        path = g_strdup_printf ("/v1/pull?cursor=%s&limit=%u&form=compact&own=%s"
                                "&acked=%" G_GUINT64_FORMAT, escaped, feed->page_size,
                                feed->own, feed->own_acked);
      else
        path = g_strdup_printf ("/v1/pull?cursor=%s&limit=%u&form=compact", escaped,
                                feed->page_size);
      item = g_new0 (FeedItem, 1);
      item->page = saha_sync_client_request (feed->client, "GET", path, NULL,
                                             &item->error_code, feed->stop, &item->error);
      if (item->page == NULL)
        {
          g_async_queue_push (feed->items, item);
          break;
        }
      object = json_node_get_object (item->page);
      next = saha_json_get_string (object, "cursor", NULL);
      if (next == NULL || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "changes")))
        {
          /* The caller reports it; the feed cannot go on without a cursor. */
          g_async_queue_push (feed->items, item);
          break;
        }
      if (!decode_changes (item))
        {
          g_async_queue_push (feed->items, item);
          break;
        }
      g_free (feed->cursor);
      feed->cursor = g_strdup (next);
      /* Read before the push: from then on the page belongs to the caller. */
      more = saha_json_get_boolean (object, "more", FALSE);
      g_async_queue_push (feed->items, item);
      if (!more)
        break;
    }
  return NULL;
}

static void
parent_cancelled (GCancellable *parent,
                  gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

/**
 * saha_sync_page_feed_new:
 * @base_url: the server
 * @token: (nullable): the bearer token
 * @max_attempts: how often one request is tried, as for saha_sync_client_new()
 * @retry_delay_ms: the first delay between attempts
 * @page_size: the records asked for per page
 * @cursor: (nullable): the pull position to start from
 * @own_replica: (nullable): this replica's id, so the server passes over what its own
 *   pushes stored; %NULL for a full re-sync
 * @own_acked: the replica's replica_counter_acked, sent with @own_replica
 * @ahead: the most pages fetched ahead of the caller
 * @cancellable: (nullable): stops the feed's requests
 *
 * Starts a thread, with its own HTTP session, that fetches and decodes pull pages ahead
 * of the caller (see saha-sync-page-feed.h).
 *
 * Returns: (transfer full): the feed; free with saha_sync_page_feed_free()
 */
SahaSyncPageFeed *
saha_sync_page_feed_new (const char   *base_url,
                         const char   *token,
                         guint         max_attempts,
                         guint         retry_delay_ms,
                         guint         page_size,
                         const char   *cursor,
                         const char   *own_replica,
                         guint64       own_acked,
                         guint         ahead,
                         GCancellable *cancellable)
{
  SahaSyncPageFeed *feed = g_new0 (SahaSyncPageFeed, 1);

  feed->items = g_async_queue_new_full ((GDestroyNotify) feed_item_free);
  feed->slots = g_async_queue_new ();
  feed->trash = g_async_queue_new_full ((GDestroyNotify) feed_item_free);
  feed->stop = g_cancellable_new ();
  if (cancellable != NULL)
    {
      feed->parent = g_object_ref (cancellable);
      feed->parent_handler = g_cancellable_connect (cancellable, G_CALLBACK (parent_cancelled),
                                                    g_object_ref (feed->stop), g_object_unref);
    }
  /* Its own session: a SoupSession is used from one thread at a time. */
  feed->client = saha_sync_client_new (base_url, token, max_attempts, retry_delay_ms);
  feed->cursor = g_strdup (cursor);
  if (own_replica != NULL)
    feed->own = g_uri_escape_string (own_replica, NULL, FALSE);
  feed->own_acked = own_acked;
  feed->page_size = page_size;
  for (guint i = 0; i < MAX (ahead, 1); i++)
    g_async_queue_push (feed->slots, GUINT_TO_POINTER (1));
  feed->thread = g_thread_new ("saha-pull-feed", feed_thread, feed);
  return feed;
}

/**
 * saha_sync_page_feed_next:
 * @feed: a feed
 * @records: (out) (transfer full) (element-type SahaRecord): the page's "changes",
 *   decoded, in page order
 * @error_code: (out) (optional) (transfer full) (nullable): the protocol's code of an error
 *   answer
 * @error: return location for a #SAHA_SYNC_ERROR: %SAHA_SYNC_ERROR_PROTOCOL for a record
 *   that could not be decoded, else as saha_sync_client_request()
 *
 * Waits for the next page. Calling it again means the previous page has been applied;
 * after a page with "more": false there is none.
 *
 * Returns: (transfer full) (nullable): the page's answer object without "changes", or
 *   %NULL with @error set
 */
JsonNode *
saha_sync_page_feed_next (SahaSyncPageFeed  *feed,
                          GPtrArray        **records,
                          char             **error_code,
                          GError           **error)
{
  FeedItem *item;
  JsonNode *page;

  *records = NULL;
  if (error_code != NULL)
    *error_code = NULL;
  if (feed->started)
    g_async_queue_push (feed->slots, GUINT_TO_POINTER (1));
  feed->started = TRUE;

  item = g_async_queue_pop (feed->items);
  if (item->page == NULL)
    {
      if (error_code != NULL)
        *error_code = g_steal_pointer (&item->error_code);
      g_propagate_error (error, g_steal_pointer (&item->error));
      feed_item_free (item);
      return NULL;
    }
  page = g_steal_pointer (&item->page);
  *records = g_steal_pointer (&item->records);
  feed_item_free (item);
  return page;
}

/**
 * saha_sync_page_feed_ready:
 * @feed: a feed
 *
 * Returns: %TRUE when saha_sync_page_feed_next() will not wait
 */
gboolean
saha_sync_page_feed_ready (SahaSyncPageFeed *feed)
{
  return g_async_queue_length (feed->items) > 0;
}

/**
 * saha_sync_page_feed_recycle:
 * @feed: a feed
 * @page: (transfer full): an applied page
 * @records: (transfer full): its records
 *
 * Hands an applied page back so that the feed's thread frees it, off the caller's path.
 */
void
saha_sync_page_feed_recycle (SahaSyncPageFeed *feed,
                             JsonNode         *page,
                             GPtrArray        *records)
{
  FeedItem *item = g_new0 (FeedItem, 1);

  item->page = page;
  item->records = records;
  g_async_queue_push (feed->trash, item);
}

/**
 * saha_sync_page_feed_free:
 * @feed: (nullable): a feed
 *
 * Stops the feed's thread, cancelling a request in flight, and frees the feed.
 */
void
saha_sync_page_feed_free (SahaSyncPageFeed *feed)
{
  if (feed == NULL)
    return;
  g_cancellable_cancel (feed->stop);
  g_async_queue_push (feed->slots, GUINT_TO_POINTER (1));
  g_thread_join (feed->thread);
  if (feed->parent != NULL)
    {
      g_cancellable_disconnect (feed->parent, feed->parent_handler);
      g_object_unref (feed->parent);
    }
  g_async_queue_unref (feed->items);
  g_async_queue_unref (feed->slots);
  g_async_queue_unref (feed->trash);
  g_object_unref (feed->stop);
  saha_sync_client_free (feed->client);
  g_free (feed->cursor);
  g_free (feed->own);
  g_free (feed);
}
