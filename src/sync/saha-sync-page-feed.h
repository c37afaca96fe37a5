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
 * two cores; decoding the page's records is done there too, which leaves the caller
 * only the SQLite writes. The replica's cursor is still only stored by the caller, with each page's
 * data: the feed's cursor is a read-ahead position, never a promise.
 *
 * @own_replica (may be NULL) asks the server to pass over the records whose current
 * state this replica's own pushes stored: it holds them already. A full re-sync must not
 * ask it, since it keeps only what it receives. @own_acked goes with it: the replica's
 * replica_counter_acked, so that a restored or copied file gets replica_reused instead
 * of having another copy's pushes under the same id passed over.
 */
typedef struct _SahaSyncPageFeed SahaSyncPageFeed;

SahaSyncPageFeed *saha_sync_page_feed_new   (const char        *base_url,
                                             const char        *token,
                                             guint              max_attempts,
                                             guint              retry_delay_ms,
                                             guint              page_size,
                                             const char        *cursor,
                                             const char        *own_replica,
                                             guint64            own_acked,
                                             guint              ahead,
                                             GCancellable      *cancellable);
/* The next page, in order: @records holds its "changes" already decoded (SahaRecord*,
 * in page order) and the answer object keeps the rest ("revoked", "cursor", "more",
 * "remaining"; "changes" is taken out). Calling it again means the previous page has
 * been applied. NULL and *error (with the protocol's *error_code, may be NULL) when the
 * fetch failed or a record could not be decoded (SAHA_SYNC_ERROR_PROTOCOL); after a
 * page with "more": false there is no next page. */
JsonNode         *saha_sync_page_feed_next  (SahaSyncPageFeed  *feed,
                                             GPtrArray        **records,
                                             char             **error_code,
                                             GError           **error);
/* Whether the next page is already fetched (saha_sync_page_feed_next() will not wait). */
gboolean          saha_sync_page_feed_ready (SahaSyncPageFeed  *feed);
/* Hands an applied page and its records back: the feed's thread frees them, off the
 * caller's path (freeing costs about as much as decoding). */
void              saha_sync_page_feed_recycle (SahaSyncPageFeed *feed,
                                               JsonNode         *page,
                                               GPtrArray        *records);
/* Stops the thread (cancelling a request in flight) and frees the feed. */
void              saha_sync_page_feed_free  (SahaSyncPageFeed  *feed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SahaSyncPageFeed, saha_sync_page_feed_free)

G_END_DECLS
