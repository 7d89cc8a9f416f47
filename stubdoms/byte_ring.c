// SPDX-License-Identifier: MIT
/* One end of a byte ring shared with a hostile peer: checked indexes, bytes copied once. */
#include <abi/errno.h>
#include <libos/byte_ring.h>
#include <string.h>

/*
 * Locking: none (byte_ring.h). Builds on the host too, for its unit test
 * and the console service's logic.
 *
 * The peer's index is valid when it lies in the window [seen, limit] taken
 * modulo 2^32: seen is its last accepted value (indexes never go back) and
 * limit the furthest it may be, our consumer index plus the ring size for a
 * producer, our producer index for a consumer. One unsigned comparison
 * checks both ends: (peer - seen) <= (limit - seen).
 */

static void byte_ring_setup(struct byte_ring *r, volatile void *data, uint32_t size, bool producer,
			    uint32_t start)
{
	r->data = data;
	r->size = size;
	r->producer = producer;
	r->own = start;
	/* Before the first refresh: a producer has no room, a consumer nothing to read. */
	r->seen = producer ? start - size : start;
}

void byte_ring_consumer(struct byte_ring *r, volatile void *data, uint32_t size,
			const volatile uint32_t *prod, volatile uint32_t *cons, uint32_t start)
{
	byte_ring_setup(r, data, size, false, start);
	r->own_index = cons;
	r->peer_idx = prod;
}

void byte_ring_producer(struct byte_ring *r, volatile void *data, uint32_t size,
			volatile uint32_t *prod, const volatile uint32_t *cons, uint32_t start)
{
	byte_ring_setup(r, data, size, true, start);
	r->own_index = prod;
	r->peer_idx = cons;
}

/* The furthest the peer's index may be from where we stand. */
static uint32_t byte_ring_limit(const struct byte_ring *r)
{
	return r->producer ? r->own : r->own + r->size;
}

long byte_ring_refresh(struct byte_ring *r)
{
	/* Acquire: the bytes the index covers are read (or overwritten) only after it. */
	uint32_t peer = __atomic_load_n(r->peer_idx, __ATOMIC_ACQUIRE);

	if (peer - r->seen > byte_ring_limit(r) - r->seen) {
		return -XEN_EIO;
	}
	r->seen = peer;
	return (long)byte_ring_ready(r);
}

uint32_t byte_ring_ready(const struct byte_ring *r)
{
	return r->producer ? r->seen + r->size - r->own : r->seen - r->own;
}

/* The ring's bytes as ordinary memory: the copies below are plain ones, once each. */
static char *byte_ring_bytes(const struct byte_ring *r)
{
	return (char *)(uintptr_t)r->data;
}

/*
 * How many of want bytes are ready, from which ring offset (*at), and how many
 * of them lie before the ring's end (*first); the rest wrap to its start.
 */
static uint32_t byte_ring_span(const struct byte_ring *r, uint32_t want, uint32_t *at,
			       uint32_t *first)
{
	uint32_t n = byte_ring_ready(r);

	n = want < n ? want : n;
	*at = r->own & (r->size - 1u);
	*first = r->size - *at < n ? r->size - *at : n;
	return n;
}

uint32_t byte_ring_peek(const struct byte_ring *r, void *dst, uint32_t max)
{
	uint32_t at, first, n = byte_ring_span(r, max, &at, &first);

	memcpy(dst, byte_ring_bytes(r) + at, first);
	memcpy((char *)dst + first, byte_ring_bytes(r), n - first);
	return n;
}

/* Release: the bytes before the index that says they are read or written. */
static void byte_ring_publish(struct byte_ring *r)
{
	__atomic_store_n(r->own_index, r->own, __ATOMIC_RELEASE);
}

uint32_t byte_ring_consume(struct byte_ring *r, uint32_t n)
{
	uint32_t ready = byte_ring_ready(r);

	n = n < ready ? n : ready;
	if (n != 0) {
		r->own += n;
		byte_ring_publish(r);
	}
	return n;
}

uint32_t byte_ring_push(struct byte_ring *r, const void *src, uint32_t len)
{
	uint32_t at, first, n = byte_ring_span(r, len, &at, &first);

	if (n == 0) {
		return 0;
	}
	memcpy(byte_ring_bytes(r) + at, src, first);
	memcpy(byte_ring_bytes(r), (const char *)src + first, n - first);
	r->own += n;
	byte_ring_publish(r);
	return n;
}

long byte_ring_read(struct byte_ring *r, void *dst, uint32_t max)
{
	long rc = byte_ring_refresh(r);

	if (rc < 0) {
		return rc;
	}
	return (long)byte_ring_consume(r, byte_ring_peek(r, dst, max));
}

long byte_ring_write(struct byte_ring *r, const void *src, uint32_t len)
{
	long rc = byte_ring_refresh(r);

	if (rc < 0) {
		return rc;
	}
	return (long)byte_ring_push(r, src, len);
}

bool byte_ring_drained(const struct byte_ring *r)
{
	return r->seen == r->own;
}
