/* SPDX-License-Identifier: MIT */
/* The xenstore domain's side of each client's ring: requests in, replies and events out. */
#ifndef XENSTORE_RING_IO_H
#define XENSTORE_RING_IO_H

#include <libos/byte_ring.h>
#include <libos/peers.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xenstore.h"

/* What the store keeps of a client beyond its connection. */
struct client {
	struct xs_conn *conn;
	struct byte_ring req; /* we consume; our req_cons lives here, the page's is only written */
	struct byte_ring rsp; /* we produce: our rsp_prod */
	bool broken;          /* broke the ring's index contract: no longer served */
	bool framing;         /* broke the message framing: its replies still go out, no requests */
};

/** Take up p's ring (a fresh one: both ends start at zero) for c. */
void ring_attach(struct peer *p, struct client *c);

/**
 * Tell the client, through the ring's error field (XS_RING_ERROR_*), that
 * its connection is dead, and notify it; what names the fault in the log.
 */
void ring_dead(struct peer *p, uint32_t error, const char *what);

/**
 * Requests from the ring into the logic; returns the bytes taken. A broken
 * request index marks c broken and the ring dead (XS_RING_ERROR_RINGIDX).
 */
size_t take_requests(struct peer *p, struct client *c);

/** Replies and events from the logic into the ring; returns the bytes given. Same breakage. */
size_t give_responses(struct peer *p, struct client *c);

#endif
