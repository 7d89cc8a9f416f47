/* SPDX-License-Identifier: MIT */
/* One end of a byte ring shared with a hostile peer: the console and xenstore rings. */
#ifndef LIBOS_BYTE_RING_H
#define LIBOS_BYTE_RING_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A byte ring is a power-of-two array of bytes on a shared page and two
 * free-running 32-bit indexes beside it: the producer's (bytes written so
 * far) and the consumer's (bytes taken so far). Byte i lies at
 * i & (size - 1); unread bytes are prod - cons in unsigned 32-bit
 * arithmetic, which stays right across 2^32. abi/console_ring.h and
 * abi/xs_wire.h each put two such rings, one each way, on their page.
 *
 * One struct byte_ring is our end of one ring, consumer or producer. The
 * rule, the same for both ends:
 *   - our own index lives here (own); it is stored to the page with release
 *     after the bytes it covers were read or written, and never read back,
 *     since the peer could rewrite it;
 *   - the peer's index is loaded once per refresh, with acquire (the bytes
 *     it covers are read after it), and checked against our copies: a
 *     producer at most size ahead of our consumer and never behind a
 *     producer index seen before; a consumer never ahead of our producer
 *     and never behind a consumer index seen before. Anything else is a
 *     broken contract, -XEN_EIO, and the caller should stop using the ring;
 *   - bytes are copied out of or into the page with plain copies, never
 *     looked at in place, so a peer rewriting them later changes nothing.
 *
 * The page must be Normal memory (the libOS maps ring pages so). Host code
 * may use the same functions on ordinary memory: they are plain C.
 * Locking: none; one thread of control uses one end at a time.
 */

/** Our end of one byte ring. Fill it with byte_ring_consumer / byte_ring_producer. */
struct byte_ring {
	volatile char *data;               /* the ring's bytes on the shared page */
	volatile uint32_t *own_index;      /* ours on the page: only ever stored to */
	const volatile uint32_t *peer_idx; /* the peer's on the page: loaded once, then checked */
	uint32_t size;                     /* bytes, a power of two */
	bool producer;                     /* we write bytes (else we read them) */
	uint32_t own;                      /* our index: what we have published or will */
	uint32_t seen;                     /* the peer's index as last accepted */
};

/**
 * Take up the consumer end of a ring of size bytes (a power of two) at
 * data, whose producer index is *prod and ours *cons. start is where we
 * begin consuming (what the page said, or 0 for a ring that starts fresh);
 * the producer is taken to be there too until the first refresh.
 */
void byte_ring_consumer(struct byte_ring *r, volatile void *data, uint32_t size,
			const volatile uint32_t *prod, volatile uint32_t *cons, uint32_t start);

/**
 * Take up the producer end of a ring of size bytes (a power of two) at
 * data, whose consumer index is *cons and ours *prod; start as above. The
 * consumer may be anywhere up to size bytes behind start until the first
 * refresh says where.
 */
void byte_ring_producer(struct byte_ring *r, volatile void *data, uint32_t size,
			volatile uint32_t *prod, const volatile uint32_t *cons, uint32_t start);

/**
 * Load the peer's index once and check it (see above). Returns what we may
 * do now: bytes to read (consumer) or room to write (producer); -XEN_EIO
 * for a broken index, which leaves the ring as it was.
 */
long byte_ring_refresh(struct byte_ring *r);

/** What the last refresh allowed and is not done yet: bytes to read, or room to write. */
uint32_t byte_ring_ready(const struct byte_ring *r);

/**
 * Consumer: copy up to max of the bytes the last refresh found into dst,
 * without consuming them. Returns how many.
 */
uint32_t byte_ring_peek(const struct byte_ring *r, void *dst, uint32_t max);

/**
 * Consumer: give the first n bytes found back to the producer (n is clamped
 * to byte_ring_ready) and publish our index. Returns how many.
 */
uint32_t byte_ring_consume(struct byte_ring *r, uint32_t n);

/**
 * Producer: copy up to len bytes of src into the room the last refresh
 * found and publish them. Returns how many.
 */
uint32_t byte_ring_push(struct byte_ring *r, const void *src, uint32_t len);

/** Consumer: refresh, then take up to max bytes into dst. Returns how many, or -XEN_EIO. */
long byte_ring_read(struct byte_ring *r, void *dst, uint32_t max);

/** Producer: refresh, then write up to len bytes of src. Returns how many, or -XEN_EIO. */
long byte_ring_write(struct byte_ring *r, const void *src, uint32_t len);

/**
 * Producer: whether the consumer has taken everything, by the last
 * refresh. A stale answer errs towards "not yet".
 */
bool byte_ring_drained(const struct byte_ring *r);

#endif
