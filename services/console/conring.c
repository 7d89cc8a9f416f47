// SPDX-License-Identifier: MIT
/*
 * Moving bytes through a console ring page whose other side is hostile.
 *
 * The guest may rewrite any byte of the page at any moment. So the indexes
 * the service writes (out_cons, in_prod) live in struct console_indexes and
 * are only ever stored to the page, never read back; each index the guest
 * writes is loaded once and checked against them in unsigned 32-bit
 * arithmetic, which is what keeps free-running indexes right across 2^32;
 * and bytes are copied out of the page once, before anyone looks at them.
 * Every access to the page is through a mask, so no value on it can move an
 * access outside it.
 */
#include <errno.h>
#include "conring.h"

#define OUT_MASK (CONSOLE_RING_OUT_SIZE - 1u)
#define IN_MASK (CONSOLE_RING_IN_SIZE - 1u)

_Static_assert((CONSOLE_RING_OUT_SIZE & OUT_MASK) == 0, "out ring size is a power of two");
_Static_assert((CONSOLE_RING_IN_SIZE & IN_MASK) == 0, "in ring size is a power of two");

void conring_attach(const volatile struct console_ring *ring, struct console_indexes *idx)
{
	idx->out_cons = ring->out_cons;
	idx->out_seen = idx->out_cons;
	idx->in_prod = ring->in_prod;
}

/*
 * The guest's out_prod is valid if at most a ring's worth is pending and it
 * has not gone back behind an out_prod already seen (a moved-back producer
 * would make the service print bytes twice, or stale ones).
 */
static int out_pending(uint32_t prod, const struct console_indexes *idx, uint32_t *pending)
{
	uint32_t avail = prod - idx->out_cons;
	uint32_t seen = idx->out_seen - idx->out_cons;

	if (avail > CONSOLE_RING_OUT_SIZE || seen > avail) {
		return -EIO;
	}
	*pending = avail;
	return 0;
}

int conring_out_take(volatile struct console_ring *ring, struct console_indexes *idx, char *dst,
		     uint32_t max, uint32_t *left)
{
	/* Acquire: the bytes below are read only after the producer index that covers them. */
	uint32_t prod = __atomic_load_n(&ring->out_prod, __ATOMIC_ACQUIRE);
	uint32_t avail;
	uint32_t n;

	if (out_pending(prod, idx, &avail) < 0) {
		return -EIO;
	}
	n = avail < max ? avail : max;
	for (uint32_t i = 0; i < n; i++) {
		dst[i] = ring->out[(idx->out_cons + i) & OUT_MASK];
	}
	idx->out_seen = prod;
	idx->out_cons += n;
	/* Release: the guest may overwrite the space only after the bytes were read. */
	__atomic_store_n(&ring->out_cons, idx->out_cons, __ATOMIC_RELEASE);
	*left = avail - n;
	return (int)n;
}

int conring_in_put(volatile struct console_ring *ring, struct console_indexes *idx, const char *src,
		   uint32_t len)
{
	uint32_t cons = __atomic_load_n(&ring->in_cons, __ATOMIC_ACQUIRE);
	uint32_t used = idx->in_prod - cons;
	uint32_t n;

	/* A consumer ahead of the producer shows up here as a huge count. */
	if (used > CONSOLE_RING_IN_SIZE) {
		return -EIO;
	}
	n = CONSOLE_RING_IN_SIZE - used;
	n = len < n ? len : n;
	for (uint32_t i = 0; i < n; i++) {
		ring->in[(idx->in_prod + i) & IN_MASK] = src[i];
	}
	idx->in_prod += n;
	/* Release: the guest sees the new producer index only with the bytes behind it. */
	__atomic_store_n(&ring->in_prod, idx->in_prod, __ATOMIC_RELEASE);
	return (int)n;
}
