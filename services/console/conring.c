// SPDX-License-Identifier: MIT
/*
 * Moving bytes through a console ring page whose other side is hostile.
 *
 * The guest may rewrite any byte of the page at any moment. Both rings go
 * through the library OS's byte-ring helper (libos/byte_ring.h): the
 * indexes the service writes (out_cons, in_prod) are kept in struct
 * console_indexes and only ever stored to the page; each index the guest
 * writes is loaded once and checked against them and against the value
 * last seen, in unsigned 32-bit arithmetic; bytes are copied out of the
 * page once, before anyone looks at them. Every access to the page is
 * through a mask, so no value on it can move an access outside it.
 */
#include <errno.h>
#include "conring.h"

_Static_assert((CONSOLE_RING_OUT_SIZE & (CONSOLE_RING_OUT_SIZE - 1u)) == 0,
	       "out ring size is a power of two");
_Static_assert((CONSOLE_RING_IN_SIZE & (CONSOLE_RING_IN_SIZE - 1u)) == 0,
	       "in ring size is a power of two");

void conring_attach(volatile struct console_ring *ring, struct console_indexes *idx)
{
	/* Where the page says the service stands: the core hands over the ring as it is. */
	byte_ring_consumer(&idx->out, ring->out, CONSOLE_RING_OUT_SIZE, &ring->out_prod,
			   &ring->out_cons, ring->out_cons);
	byte_ring_producer(&idx->in, ring->in, CONSOLE_RING_IN_SIZE, &ring->in_prod, &ring->in_cons,
			   ring->in_prod);
}

int conring_out_take(struct console_indexes *idx, char *dst, uint32_t max, uint32_t *left)
{
	long n = byte_ring_read(&idx->out, dst, max);

	if (n < 0) {
		return -EIO;
	}
	*left = byte_ring_ready(&idx->out);
	return (int)n;
}

int conring_in_put(struct console_indexes *idx, const char *src, uint32_t len)
{
	long n = byte_ring_write(&idx->in, src, len);

	return n < 0 ? -EIO : (int)n;
}
