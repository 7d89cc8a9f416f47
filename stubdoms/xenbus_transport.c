// SPDX-License-Identifier: MIT
/* The xenstore client's transport: the store ring's bytes and its event channel. */
#include <abi/errno.h>
#include <abi/xs_wire.h>
#include <libos/byte_ring.h>
#include <libos/evtchn.h>
#include <libos/memmap.h>
#include "xenbus_internal.h"

/*
 * Locking: none (xenbus_internal.h).
 *
 * The page is Normal memory under the libOS's stage-1 map. Both rings go
 * through the byte-ring helper: the store's indexes (req_cons, rsp_prod)
 * are read once and checked, ours (req_prod, rsp_cons) are kept there and
 * only ever written to the page, never read back.
 */

/** The transport's state. */
struct xenbus_transport {
	volatile struct xs_ring *page;
	evtchn_port_t port;
	bool broken;          /* framing lost or the ring's indexes invalid: nothing more moves */
	struct byte_ring req; /* we produce */
	struct byte_ring rsp; /* we consume */
};

static struct xenbus_transport xt;

long xenbus_transport_attach(uint64_t pfn, evtchn_port_t port)
{
	volatile struct xs_ring *page;

	if (!memmap_normal(pfn << 12, sizeof(struct xs_ring))) {
		return -XEN_EINVAL;
	}
	page = (volatile struct xs_ring *)(uintptr_t)(pfn << 12);
	xt.page = page;
	xt.port = port;
	/* The core hands over a fresh page; take our indexes as they are. */
	byte_ring_producer(&xt.req, page->req, XS_RING_SIZE, &page->req_prod, &page->req_cons,
			   page->req_prod);
	byte_ring_consumer(&xt.rsp, page->rsp, XS_RING_SIZE, &page->rsp_prod, &page->rsp_cons,
			   page->rsp_cons);
	return 0;
}

evtchn_port_t xenbus_transport_port(void)
{
	return xt.port;
}

long xenbus_transport_break(void)
{
	xt.broken = true;
	return -XEN_EIO;
}

bool xenbus_transport_broken(void)
{
	return xt.broken;
}

void xenbus_transport_notify(void)
{
	/* Our index stores are visible before the store can act on the event. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	(void)evtchn_send(xt.port);
}

/* The store marks a connection it gave up on in the ring's error field. */
static bool xenbus_transport_dead(void)
{
	return __atomic_load_n(&xt.page->error, __ATOMIC_ACQUIRE) != XS_RING_ERROR_NONE;
}

long xenbus_transport_put(const void *bytes, uint32_t len)
{
	long n;

	if (xt.broken) {
		return -XEN_EIO;
	}
	n = byte_ring_write(&xt.req, bytes, len);
	if (n < 0) {
		return xenbus_transport_break();
	}
	if (n > 0) {
		xenbus_transport_notify();
	}
	return n;
}

long xenbus_transport_take(void *buf, uint32_t max)
{
	long n;

	if (xt.broken) {
		return -XEN_EIO;
	}
	if (xenbus_transport_dead()) {
		return xenbus_transport_break();
	}
	n = byte_ring_read(&xt.rsp, buf, max);
	if (n < 0) {
		return xenbus_transport_break();
	}
	if (n > 0) {
		xenbus_transport_notify(); /* there is room for more responses */
	}
	return n;
}

bool xenbus_transport_has_room(void)
{
	return xt.broken || byte_ring_refresh(&xt.req) != 0;
}
