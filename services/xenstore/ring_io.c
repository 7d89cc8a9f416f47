// SPDX-License-Identifier: MIT
/*
 * The xenstore domain's side of each client's ring. Rings are the clients'
 * memory: both go through the library OS's byte-ring helper, so each index
 * the client writes is read once and checked, the bytes are copied out
 * before the logic sees them, and the indexes the store writes are kept in
 * struct client and never read back from the page.
 */
#include <abi/xs_wire.h>
#include <libos/evtchn.h>
#include <stdio.h>

#include "ring_io.h"

void ring_attach(struct peer *p, struct client *c)
{
	volatile struct xs_ring *r = p->ring;

	byte_ring_consumer(&c->req, r->req, XS_RING_SIZE, &r->req_prod, &r->req_cons, 0);
	byte_ring_producer(&c->rsp, r->rsp, XS_RING_SIZE, &r->rsp_prod, &r->rsp_cons, 0);
}

void ring_dead(struct peer *p, uint32_t error, const char *what)
{
	volatile struct xs_ring *r = p->ring;

	__atomic_store_n(&r->error, error, __ATOMIC_RELEASE);
	(void)evtchn_send(p->port);
	printf("xenstore: d%u broke its %s; no longer served\n", p->domid, what);
}

static void ring_broken(struct peer *p, struct client *c, const char *what)
{
	c->broken = true;
	ring_dead(p, XS_RING_ERROR_RINGIDX, what);
}

size_t take_requests(struct peer *p, struct client *c)
{
	char buf[XS_RING_SIZE];
	uint32_t avail;
	size_t taken;

	if (byte_ring_refresh(&c->req) < 0) {
		ring_broken(p, c, "request index");
		return 0;
	}
	avail = byte_ring_peek(&c->req, buf, sizeof(buf));
	/* The logic may take less than a whole ring: the rest stays for the next round. */
	taken = xs_conn_input(c->conn, buf, avail);
	return byte_ring_consume(&c->req, (uint32_t)taken);
}

size_t give_responses(struct peer *p, struct client *c)
{
	char buf[XS_RING_SIZE];
	long room = byte_ring_refresh(&c->rsp);
	size_t n;

	if (room < 0) {
		ring_broken(p, c, "response index");
		return 0;
	}
	n = xs_conn_output(c->conn, buf, (size_t)room);
	return byte_ring_push(&c->rsp, buf, (uint32_t)n);
}
