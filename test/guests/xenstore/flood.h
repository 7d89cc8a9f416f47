/* SPDX-License-Identifier: MIT */
/* The store flood test's shared page and its raw client of the store ring (flood_ring.c). */
#ifndef TEST_GUESTS_XENSTORE_FLOOD_H
#define TEST_GUESTS_XENSTORE_FLOOD_H

#include <abi/event_channel.h>
#include <abi/xen.h>
#include <abi/xs_wire.h>
#include <libos/byte_ring.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A hostile client (xenstore_flood.img) keeps its request ring full of small
 * writes of its node data/n, each writing the request's own number, and
 * reads the replies as fast as it can, polling the ring. Beside it, on the
 * store's pCPU, a witness (xenstore_flood_witness.img) makes its round trips.
 * The hostile client grants the witness a page (struct flood_page) where it
 * publishes how many requests it has written; the witness sets done there
 * once all its round trips are through, and only then does the flood stop.
 *
 * The measure is one the store controls: for each of its reads of data/n,
 * the witness sends the request, kicks the store, then reads how many
 * requests the hostile client had written (a). The reply says which of
 * them the store had served before the witness's read (b). Every request
 * past a was written after the witness's kick, so b - a is how many
 * requests the store took from the flood while the witness's one waited. A
 * store that serves a client at most FLOOD_TURN_ROUNDS rounds a turn, and
 * every other client with work between two turns, takes at most two turns
 * of the flood (the one under way and one more), each round at most what a
 * ring holds, plus a ring's worth it held already: FLOOD_OVERTAKE_MAX. A
 * store that served a client for as long as bytes moved would keep the
 * witness waiting until the flood paused. (Under QEMU's emulation the
 * flood cannot always refill the ring between two of the store's passes,
 * so such a store is caught only when the flood keeps pace: the bound is
 * what the test checks, not how fast either side runs.)
 */
#define FLOOD_TURN_ROUNDS 8u /* rounds a turn the store promises (services/xenstore/xs_turn.h) */
/* The flood's requests: a header, "data/n" and its NUL, ten digits. */
#define FLOOD_REQUEST_BYTES ((uint32_t)sizeof(struct xs_msg_header) + 17u)
#define FLOOD_RING_REQUESTS (XS_RING_SIZE / FLOOD_REQUEST_BYTES + 1u)
#define FLOOD_OVERTAKE_MAX ((2u * FLOOD_TURN_ROUNDS + 1u) * FLOOD_RING_REQUESTS)
#define FLOOD_REPLY_MAX 64u /* payload bytes of any reply the test expects */

/** The page the hostile client grants the witness. */
struct flood_page {
	uint64_t written;      /* hostile client writes: requests written into its ring so far */
	uint32_t witness_done; /* witness writes: 1 once its round trips are done */
};

/** One end of the store ring, taken over from the libOS's xenbus client. */
struct flood_client {
	evtchn_port_t port;
	volatile struct xs_ring *ring;
	struct byte_ring req;
	struct byte_ring rsp;
	uint8_t reply[sizeof(struct xs_msg_header) + FLOOD_REPLY_MAX];
	uint32_t reply_len; /* bytes of the reply being read */
};

/**
 * Take over the store ring from where the libOS's xenbus client left it
 * (every reply read: call between its requests). The xenbus client must
 * not be used again. Returns 0 or a -XEN_E* error.
 */
long flood_client_take(struct flood_client *c);

/**
 * Put one message (header and up to 64 bytes of payload) into the ring if
 * it all fits now.
 * Returns 1 if it was put, 0 if there is no room yet, -XEN_EIO if the ring
 * broke.
 */
long flood_send(struct flood_client *c, uint32_t type, uint32_t req_id, const void *payload,
		uint32_t len);

/** Tell the store there is something in the ring. */
void flood_kick(const struct flood_client *c);

/**
 * Read the next reply if it has come whole: its header into *hdr and its
 * payload, NUL-terminated, into payload (FLOOD_REPLY_MAX + 1 bytes).
 * Returns 1 for a reply, 0 if none has come whole yet, -XEN_EIO for a
 * broken ring or a reply longer than FLOOD_REPLY_MAX.
 */
long flood_receive(struct flood_client *c, struct xs_msg_header *hdr, char *payload);

#endif
