/* saha-sync-page-feed.h: pull pages fetched and parsed ahead in a thread of their own.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Pull pages are fetched one after the other (each page's request needs the cursor of
 * the page before), but fetching and parsing page n + 1 needs nothing from applying page
 * n to the replica. The feed does the former in its own thread, with its own HTTP
 * session, at most @ahead pages in front of the caller, so that the two halves run on
 * two cores. The replica's cursor is still only stored by the caller, with each page's
 * data: the feed's cursor is a read-ahead position, never a promise.
 */
typedef struct _SahaSyncPageFeed SahaSyncPageFeed;

SahaSyncPageFeed *saha_sync_page_feed_new   (const char        *base_url,
                                             const char        *token,
                                             guint              max_attempts,
                                             guint              retry_delay_ms,
                                             guint              page_size,
                                             const char        *cursor,
                                             guint              ahead,
                                             GCancellable      *cancellable);
/* The next page (the answer object), in order. Calling it again means the previous page
 * has been applied. NULL and *error (with the protocol's *error_code, may be NULL) when
 * the fetch failed; after a page with "more": false there is no next page. */
JsonNode         *saha_sync_page_feed_next  (SahaSyncPageFeed  *feed,
                                             char             **error_code,
                                             GError           **error);
/* Hands an applied page back: the feed's thread frees it, off the caller's path (freeing
 * a parsed page costs about as much as parsing it). */
void              saha_sync_page_feed_recycle (SahaSyncPageFeed *feed,
                                               JsonNode         *page);
/* Stops the thread (cancelling a request in flight) and frees the feed. */
void              saha_sync_page_feed_free  (SahaSyncPageFeed  *feed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaSyncPageFeed, saha_sync_page_feed_free)

G_END_DECLS
