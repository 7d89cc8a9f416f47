/* SPDX-License-Identifier: MIT */
/* Reading a netfront's connection keys (rings, event channels, queues, features) for the back end.
 */
#ifndef NETBACK_VIF_FRONT_H
#define NETBACK_VIF_FRONT_H

#include <libos/xenbus_backend.h>
#include <stddef.h>

#include "vif_conn.h"

/*
 * What Linux's xen-netfront writes under its device directory before it
 * goes Connected, and how it is read here (as Linux's netback reads it):
 *
 *   multi-queue-num-queues   absent (1) or 1..VIF_QUEUES_MAX
 *   tx-ring-ref, rx-ring-ref  each queue's two rings (one page each)
 *   event-channel            one port for both rings, or
 *   event-channel-tx, event-channel-rx   a port for each (split channels):
 *                            both or neither
 *     (with one queue at the top of the directory, else under queue-0 ..
 *      queue-N-1)
 *   request-rx-copy          must be 1: netback only copies into the
 *                            frontend's buffers (no page flipping)
 *   feature-rx-notify, feature-sg, feature-gso-tcpv4, feature-gso-tcpv6,
 *   feature-ipv6-csum-offload, feature-no-csum-offload   absent (0) or a
 *                            number, non-zero for yes
 *
 * Every value is the guest's: decimal only, bounded, a port never 0.
 */

/** Highest event channel port a frontend may name (the FIFO ABI's limit). */
#define VIF_FRONT_PORT_MAX ((1u << 17) - 1u)

/**
 * Read the frontend's rings, ports, queue count and features from its
 * directory front into p (the rest of p is left as it is). Returns 0; or
 * -XEN_EINVAL (a missing or malformed key, a queue count out of bounds,
 * one split port without the other), -XEN_EOPNOTSUPP (request-rx-copy not
 * 1) or the store's error, with why (why_size bytes) saying which key.
 */
long vif_front_read(const struct xenbus_backend_store *s, const char *front,
		    struct vif_conn_params *p, char *why, size_t why_size);

#endif
