/* SPDX-License-Identifier: MIT */
/* Frontend and backend ends of a shared I/O ring (abi/io_ring.h), for any entry size. */
#ifndef LIBOS_RING_H
#define LIBOS_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Each end keeps its private indexes here and touches the shared page only
 * through these calls. The peer is not trusted: every index it writes is
 * read once and checked against our own copies (a ring can never hold more
 * than its count of unconsumed entries, nor more responses than requests
 * published, and a producer index never goes back behind one already
 * seen), and every entry it wrote is copied out of the shared page before
 * the caller sees it, so a peer that rewrites an entry afterwards changes
 * nothing. A broken index gives -XEN_EIO: the caller should stop using the
 * ring. The same rule as the byte rings' (byte_ring.h).
 *
 * Putting entries does not publish them: a push does (write barrier, then
 * the producer index) and says whether the peer asked to be notified
 * (IO_RING_NEED_NOTIFY); the caller then sends on its event channel.
 * A consumer that found nothing calls the final check, which asks the peer
 * to notify at the next entry and looks once more (true: more arrived, go
 * on consuming; false: sleep until the event).
 *
 * Returns are 0 or -XEN_E* (abi/errno.h). One end is used by one thread
 * of control at a time.
 */

/*
 * Our own indexes are kept here and only ever stored to the page: the peer
 * may rewrite the page's copies, and nothing we do depends on them.
 */

/** The frontend end: puts requests, takes responses. */
struct ring_front {
	void *page;            /* the shared ring (its first page) */
	uint32_t entry_size;   /* bytes a slot holds */
	uint32_t count;        /* slots (a power of two) */
	uint32_t req_prod_pvt; /* requests put (pushed or not) */
	uint32_t req_pushed;   /* requests published: the last req_prod we stored */
	uint32_t rsp_cons;     /* responses taken */
	uint32_t rsp_seen;     /* the backend's rsp_prod as last accepted */
};

/** The backend end: takes requests, puts responses. */
struct ring_back {
	void *page;
	uint32_t entry_size;
	uint32_t count;
	uint32_t req_cons;     /* requests taken */
	uint32_t req_seen;     /* the frontend's req_prod as last accepted */
	uint32_t rsp_prod_pvt; /* responses put (pushed or not) */
	uint32_t rsp_pushed;   /* responses published: the last rsp_prod we stored */
};

/**
 * Start a fresh one-page ring in page (4 KiB, shared with the backend) with slots
 * of entry_size bytes: indexes 0, both event indexes 1. Returns -XEN_EINVAL
 * for an entry size outside 1..4032.
 */
int ring_front_init(struct ring_front *r, void *page, uint32_t entry_size);

/** Attach to a ring the frontend has just initialised (all indexes 0). Same errors. */
int ring_back_init(struct ring_back *r, void *page, uint32_t entry_size);

/** The most pages a ring may span (blkif's max-ring-page-order 4). */
#define RING_PAGES_MAX 16u

/**
 * ring_front_init over page_count contiguous pages (a power of two,
 * 1..RING_PAGES_MAX): the header in the first page, slots from byte 64 on
 * across all of them, (page_count * 4096 - 64) / entry_size of them rounded
 * down to a power of two. -XEN_EINVAL for a bad page count or an entry size
 * outside 1..page_count * 4096 - 64.
 */
int ring_front_init_pages(struct ring_front *r, void *pages, unsigned int page_count,
			  uint32_t entry_size);

/** ring_back_init over page_count contiguous pages, as ring_front_init_pages. */
int ring_back_init_pages(struct ring_back *r, void *pages, unsigned int page_count,
			 uint32_t entry_size);

/** Slots the frontend may still put requests into before responses free some. */
uint32_t ring_front_free(const struct ring_front *r);

/**
 * Copy len bytes (at most entry_size; the rest of the slot is zeroed) of
 * req into the next slot. -XEN_ENOSPC when the ring is full, -XEN_EINVAL for
 * a len beyond the slot.
 */
int ring_front_put_request(struct ring_front *r, const void *req, size_t len);

/** Publish the requests put so far; true if the backend must be notified. */
bool ring_front_push_requests(struct ring_front *r);

/**
 * Copy the next response (len bytes, at most entry_size) into rsp.
 * -XEN_EAGAIN if there is none yet, -XEN_EIO if the backend's rsp_prod is
 * broken (beyond the requests published, or behind a value already seen),
 * -XEN_EINVAL for a len beyond the slot.
 */
int ring_front_get_response(struct ring_front *r, void *rsp, size_t len);

/** After draining: ask for an event at the next response; true if one arrived meanwhile. */
bool ring_front_final_check(struct ring_front *r);

/**
 * Copy the next request (len bytes, at most entry_size) into req.
 * -XEN_EAGAIN if there is none, -XEN_EIO if the frontend's req_prod is
 * broken (more unconsumed requests than slots, requests written over slots
 * still waiting for their response, or behind a value already seen),
 * -XEN_EINVAL for a bad len.
 */
int ring_back_get_request(struct ring_back *r, void *req, size_t len);

/**
 * Copy a response into the slot of the oldest request not yet answered.
 * -XEN_ENOSPC if every request taken has its response, -XEN_EINVAL for a
 * len beyond the slot.
 */
int ring_back_put_response(struct ring_back *r, const void *rsp, size_t len);

/** Publish the responses put so far; true if the frontend must be notified. */
bool ring_back_push_responses(struct ring_back *r);

/** After draining: ask for an event at the next request; true if one arrived meanwhile. */
bool ring_back_final_check(struct ring_back *r);

#endif
