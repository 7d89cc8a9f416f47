/* SPDX-License-Identifier: MIT */
/* Shared I/O rings: the one-page request/response ring of Xen's split drivers. */
#ifndef ABI_IO_RING_H
#define ABI_IO_RING_H

#include <stdint.h>

/*
 * A ring is one 4 KiB page shared between a frontend (which produces
 * requests and consumes responses) and a backend (which consumes requests
 * and produces responses), usually granted by the frontend and mapped by
 * the backend. The page holds a 64-byte header, then IO_RING_COUNT entries
 * from byte 64 on. Each entry is a slot big enough for a request or a
 * response of the protocol (blkif, netif...): a backend writes the response
 * to a request into a slot it has already consumed, so the two kinds of
 * message share the slots.
 *
 * Indexes are free-running 32-bit counters: the slot of index i is
 * i & (count - 1), and they wrap modulo 2^32, which is why the count is a
 * power of two. Unconsumed entries are (prod - cons) in unsigned 32-bit
 * arithmetic and can never exceed the count; a peer that says otherwise is
 * broken or hostile.
 *
 *   req_prod   written by the frontend: requests it has published
 *   req_event  written by the backend: notify me when req_prod passes this
 *   rsp_prod   written by the backend: responses it has published
 *   rsp_event  written by the frontend: notify me when rsp_prod passes this
 *
 * Publishing: write the entries, a write barrier, then the new producer
 * index; then a full barrier before reading the peer's event index. The
 * producer notifies (an event channel send) only if the peer asked for an
 * index it has just passed, i.e. if the event index lies in (old, new]:
 * IO_RING_NEED_NOTIFY. A consumer that has drained the ring sets its event
 * index to its consumer index + 1, a full barrier, then looks once more, so
 * an entry published meanwhile is either seen or notified.
 */
#define IO_RING_PAGE_SIZE 4096u
#define IO_RING_HEADER_SIZE 64u

/** The ring page header (64 bytes at offset 0 of the page). */
struct io_ring_header {
	uint32_t req_prod;  /* frontend writes */
	uint32_t req_event; /* backend writes */
	uint32_t rsp_prod;  /* backend writes */
	uint32_t rsp_event; /* frontend writes */
	uint8_t pad[48];    /* zero */
};
_Static_assert(sizeof(struct io_ring_header) == IO_RING_HEADER_SIZE, "io_ring_header size");
_Static_assert(__builtin_offsetof(struct io_ring_header, req_event) == 4, "offset");
_Static_assert(__builtin_offsetof(struct io_ring_header, rsp_prod) == 8, "offset");
_Static_assert(__builtin_offsetof(struct io_ring_header, rsp_event) == 12, "offset");

/* The largest power of two not above n, for 1 <= n < 8192 (0 for n = 0). */
#define IO_RING_POW2_FLOOR(n)   \
	((n) >= 4096u   ? 4096u \
	 : (n) >= 2048u ? 2048u \
	 : (n) >= 1024u ? 1024u \
	 : (n) >= 512u  ? 512u  \
	 : (n) >= 256u  ? 256u  \
	 : (n) >= 128u  ? 128u  \
	 : (n) >= 64u   ? 64u   \
	 : (n) >= 32u   ? 32u   \
	 : (n) >= 16u   ? 16u   \
	 : (n) >= 8u    ? 8u    \
	 : (n) >= 4u    ? 4u    \
	 : (n) >= 2u    ? 2u    \
	 : (n) >= 1u    ? 1u    \
			: 0u)

/**
 * How many entries of entry_size bytes a ring page holds: (4096 - 64) /
 * entry_size rounded down to a power of two. For entry sizes 1..4032.
 */
#define IO_RING_COUNT(entry_size) \
	IO_RING_POW2_FLOOR((IO_RING_PAGE_SIZE - IO_RING_HEADER_SIZE) / (uint32_t)(entry_size))

/** Byte offset of slot `index` (already masked) of a ring of entry_size-byte entries. */
#define IO_RING_SLOT_OFFSET(index, entry_size) \
	(IO_RING_HEADER_SIZE + (uint32_t)(index) * (uint32_t)(entry_size))

/**
 * Whether a producer that moved its index from old_prod to new_prod must
 * notify a peer whose event index is event: event lies in (old, new],
 * computed modulo 2^32.
 */
#define IO_RING_NEED_NOTIFY(new_prod, old_prod, event) \
	((uint32_t)((new_prod) - (event)) < (uint32_t)((new_prod) - (old_prod)))

/* Examples of the rule, pinned: the sizes section 5 of the guest ABI names. */
_Static_assert(IO_RING_COUNT(112) == 32, "blkif: 32 entries of 112 bytes");
_Static_assert(IO_RING_COUNT(12) == 256, "netif tx: 256 entries");
_Static_assert(IO_RING_COUNT(8) == 256, "netif rx: 256 entries");
_Static_assert(IO_RING_COUNT(4032) == 1, "one entry filling the page");

#endif
