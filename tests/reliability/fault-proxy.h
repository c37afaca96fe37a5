/* fault-proxy.h: an HTTP proxy on loopback that breaks some of the exchanges it forwards.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the proxy does to one connection (one request: it forces "Connection: close"). */
typedef enum
{
  FAULT_NONE,                 /* forwarded untouched */
  FAULT_DELAY,                /* forwarded after 20..300 ms */
  FAULT_DROP_REQUEST,         /* the client's request is cut off mid-body; no answer */
  FAULT_DROP_UPSTREAM_BODY,   /* the server gets half the request body, then a closed socket */
  FAULT_DROP_ANSWER,          /* the server handles the request; the client gets no answer */
  FAULT_TRUNCATE_ANSWER,      /* the answer is cut off mid-body */
  FAULT_GARBAGE,              /* random bytes instead of an answer */
  FAULT_GARBAGE_BODY,         /* a well-formed 200 whose body is not JSON */
  FAULT_WRONG_STATUS,         /* 500/502/503 or 404 with an HTML body, not forwarded */
  FAULT_WRONG_STATUS_AFTER,   /* forwarded, but the answer is replaced by a 502 */
  FAULT_N_KINDS
} FaultKind;

typedef struct _FaultProxy FaultProxy;

/* Starts a proxy on 127.0.0.1 (a free port) in front of @upstream_port. Each connection
 * draws its fault from a generator seeded with @seed and its sequence number, so a seed
 * replays the same faults. @fault_percent of the connections get a fault other than
 * FAULT_NONE. */
FaultProxy  *fault_proxy_new         (guint16      upstream_port,
                                      guint32      seed,
                                      guint        fault_percent,
                                      GError     **error);
/* http://127.0.0.1:PORT */
const char  *fault_proxy_get_url     (FaultProxy  *proxy);
void         fault_proxy_set_upstream_port (FaultProxy *proxy,
                                            guint16     upstream_port);
/* How many connections got @kind so far. */
guint        fault_proxy_count       (FaultProxy  *proxy,
                                      FaultKind    kind);
const char  *fault_kind_name         (FaultKind    kind);
/* Stops listening, waits for the connections in flight and frees the proxy. */
void         fault_proxy_free        (FaultProxy  *proxy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FaultProxy, fault_proxy_free)

G_END_DECLS
