// SPDX-License-Identifier: MIT
/*
 * The xenstore domain: the store (xenstore.h) on the library OS. Every domain
 * the core gave a store ring for this domain (peers.h) is introduced and gets
 * a connection; domains holding the toolstack right are privileged. Rings
 * are the clients' memory: indexes are read once, checked, and the bytes
 * copied out before the logic sees them; the indexes the store writes are
 * kept here and never read back from the page.
 */
#include <abi/domain_info.h>
#include <abi/xs_wire.h>
#include <errno.h>
#include <libos/evtchn.h>
#include <libos/loop.h>
#include <libos/service.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstore.h"

/* What the store keeps of a client beyond its connection. */
struct client {
	struct xs_conn *conn;
	uint32_t req_cons; /* ours: the page's copy is only written */
	uint32_t rsp_prod;
	bool broken;  /* broke the ring's index contract: no longer served */
	bool framing; /* broke the message framing: its replies still go out, no requests */
};

static struct xs_store *store;
static struct xs_conn *own; /* the store's own privileged connection: the boot-time toolstack */
static struct client clients[PEERS_MAX];

/* Tell the client, through the ring's error field, that its connection is dead. */
static void ring_dead(struct peer *p, uint32_t error, const char *what)
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

/* Requests from the ring into the logic; returns the bytes taken. */
static size_t take_requests(struct peer *p, struct client *c)
{
	volatile struct xs_ring *r = p->ring;
	uint32_t prod = __atomic_load_n(&r->req_prod, __ATOMIC_ACQUIRE);
	uint32_t avail = prod - c->req_cons;
	char buf[XS_RING_SIZE];
	size_t taken;

	if (avail > XS_RING_SIZE) {
		ring_broken(p, c, "request index");
		return 0;
	}
	for (uint32_t i = 0; i < avail; i++) {
		buf[i] = r->req[(c->req_cons + i) & (XS_RING_SIZE - 1)];
	}
	taken = xs_conn_input(c->conn, buf, avail);
	c->req_cons += (uint32_t)taken;
	__atomic_store_n(&r->req_cons, c->req_cons, __ATOMIC_RELEASE);
	return taken;
}

/* Replies and events from the logic into the ring; returns the bytes given. */
static size_t give_responses(struct peer *p, struct client *c)
{
	volatile struct xs_ring *r = p->ring;
	uint32_t used = c->rsp_prod - __atomic_load_n(&r->rsp_cons, __ATOMIC_ACQUIRE);
	char buf[XS_RING_SIZE];
	size_t n;

	if (used > XS_RING_SIZE) {
		ring_broken(p, c, "response index");
		return 0;
	}
	n = xs_conn_output(c->conn, buf, XS_RING_SIZE - used);
	for (size_t i = 0; i < n; i++) {
		r->rsp[(c->rsp_prod + i) & (XS_RING_SIZE - 1)] = buf[i];
	}
	c->rsp_prod += (uint32_t)n;
	__atomic_store_n(&r->rsp_prod, c->rsp_prod, __ATOMIC_RELEASE);
	return n;
}

/* Everything the client sent that the logic can take, and every reply that fits. */
static void serve(struct peer *p)
{
	struct client *c = p->data;
	bool moved = false;
	size_t in, out;

	do {
		in = c->broken || c->framing ? 0 : take_requests(p, c);
		out = c->broken ? 0 : give_responses(p, c);
		moved |= in || out;
	} while (in || out);
	if (!c->framing && xs_conn_broken(c->conn)) {
		c->framing = true;
		ring_dead(p, XS_RING_ERROR_PROTO, "message framing");
	}
	if (moved) {
		(void)evtchn_send(p->port);
	}
}

/* A request of one client queued an event on another's connection. */
static void wake(void *ctx, uint16_t domid)
{
	struct peer *p = service_peer(domid);

	(void)ctx;
	if (p) {
		loop_port_raise(p->port);
	}
}

/*
 * WRITE path = value through the store's own connection, as a toolstack would:
 * the same checks and watch events as any client's write. Returns 0 or -EIO.
 */
static int own_write(const char *path, const char *value)
{
	char msg[sizeof(struct xs_msg_header) + 128];
	struct xs_msg_header h = { .type = XS_WRITE, .req_id = 1 };
	size_t plen = strlen(path) + 1, vlen = strlen(value);
	char reply[sizeof(msg)];
	struct xs_msg_header r;

	if (sizeof(h) + plen + vlen > sizeof(msg)) {
		return -EIO;
	}
	h.len = (uint32_t)(plen + vlen);
	memcpy(msg, &h, sizeof(h));
	memcpy(msg + sizeof(h), path, plen);
	memcpy(msg + sizeof(h) + plen, value, vlen);
	if (xs_conn_input(own, msg, sizeof(h) + h.len) != sizeof(h) + h.len ||
	    xs_conn_output(own, reply, sizeof(reply)) < sizeof(r)) {
		return -EIO;
	}
	memcpy(&r, reply, sizeof(r));
	while (xs_conn_has_output(own)) { /* watch events of our own: nobody reads them */
		(void)xs_conn_output(own, reply, sizeof(reply));
	}
	return r.type == XS_WRITE ? 0 : -EIO;
}

/* What Xen's toolstack writes for a new domain and Linux reads: its name, id and vCPUs. */
static void describe_domain(const struct peer *p)
{
	char path[64], value[16];
	int err;

	snprintf(path, sizeof(path), "/local/domain/%u/name", p->domid);
	err = own_write(path, p->name);
	snprintf(path, sizeof(path), "/local/domain/%u/domid", p->domid);
	snprintf(value, sizeof(value), "%u", p->domid);
	err |= own_write(path, value);
	for (unsigned int i = 0; i < p->vcpu_count; i++) {
		snprintf(path, sizeof(path), "/local/domain/%u/cpu/%u/availability", p->domid, i);
		err |= own_write(path, "online");
	}
	if (err) {
		printf("xenstore: d%u: could not describe it in the store\n", p->domid);
	}
}

/* A fresh ring: the client starts at zero; whatever else the page says is its own doing. */
static int attach(struct peer *p)
{
	struct client *c = &clients[p->slot];

	*c = (struct client){ .conn = xs_domain_introduce(store, p->domid) };
	if (c->conn && (p->rights & DOMAIN_RIGHT_TOOLSTACK) &&
	    xs_domain_set_privileged(store, p->domid, true) != 0) {
		(void)xs_domain_release(store, p->domid);
		c->conn = NULL;
	}
	if (!c->conn) {
		return -ENOMEM;
	}
	p->data = c;
	describe_domain(p);
	printf("xenstore: d%u (%s) introduced\n", p->domid, p->name);
	return 0;
}

static void detach(struct peer *p)
{
	(void)xs_domain_release(store, p->domid);
	printf("xenstore: d%u (%s) released\n", p->domid, p->name);
}

static int start(void)
{
	static const struct xs_hooks hooks = { .wake = wake };
	uint16_t self = peers_holder(DOMAIN_RIGHT_XENSTORE);

	store = xs_store_create(NULL, self, &hooks, NULL);
	own = store ? xs_domain_introduce(store, self) : NULL;
	if (!own || xs_domain_set_privileged(store, self, true) != 0) {
		printf("xenstore: out of memory\n");
		return -1;
	}
	return 0;
}

static const struct service xenstore = {
	.name = "xenstore",
	.ring = SERVICE_RING_STORE,
	.start = start,
	.attach = attach,
	.detach = detach,
	.serve = serve,
};

int main(void)
{
	return service_run(&xenstore);
}
