// SPDX-License-Identifier: MIT
/*
 * The xenstore domain: the store (xenstore.h) on the library OS. Every domain
 * the core gave a store ring for this domain (peers.h) is introduced and gets
 * a connection; domains holding the toolstack right are privileged. The
 * rings, the clients' memory, are read and written by ring_io.c.
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

#include "ring_io.h"
#include "xenstore.h"
#include "xs_turn.h"

static struct xs_store *store;
static struct xs_conn *own; /* the store's own privileged connection: the boot-time toolstack */
static struct client clients[PEERS_MAX];

static size_t serve_take(void *arg)
{
	struct peer *p = arg;
	struct client *c = p->data;

	return c->broken || c->framing ? 0 : take_requests(p, c);
}

static size_t serve_give(void *arg)
{
	struct peer *p = arg;
	struct client *c = p->data;

	return c->broken ? 0 : give_responses(p, c);
}

/*
 * One turn (xs_turn.h) of what the client sent and the replies that fit.
 * A client with work left is raised again: the loop runs every other
 * pending port first, so clients take turns.
 */
static void serve(struct peer *p)
{
	static const struct xs_turn_ops ops = { .take = serve_take, .give = serve_give };
	struct client *c = p->data;
	struct xs_turn turn = xs_turn_run(&ops, p);

	if (!c->framing && xs_conn_broken(c->conn)) {
		c->framing = true;
		ring_dead(p, XS_RING_ERROR_PROTO, "message framing");
	}
	if (turn.moved) {
		(void)evtchn_send(p->port);
	}
	if (turn.unfinished) {
		loop_port_raise(p->port);
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
	ring_attach(p, c);
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
