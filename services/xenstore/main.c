// SPDX-License-Identifier: MIT
/*
 * The xenstore domain: the store (xenstore.h) on the library OS. Every domain
 * without a controller that the core gave a store ring for this domain
 * (peers.h) is introduced and gets a connection and libxl's home; one with a
 * controller waits for its controller's INTRODUCE (xs_intro.h), and only
 * that controller may release it. Domains holding the toolstack right are
 * privileged. The rings, the clients' memory, are read and written by
 * ring_io.c.
 */
#include <abi/domain_info.h>
#include <abi/hvm.h>
#include <abi/xs_wire.h>
#include <errno.h>
#include <libos/evtchn.h>
#include <libos/hypercall.h>
#include <libos/loop.h>
#include <libos/service.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ring_io.h"
#include "xenstore.h"
#include "xs_intro.h"
#include "xs_turn.h"

static struct xs_store *store;
static uint16_t self;               /* the store's own domain */
static uint16_t introducer;         /* the sender of the INTRODUCE being handled */
static uint32_t checked_generation; /* of the domain its check looked at */

/*
 * A domain a controller introduced gets its connection from the logic once
 * the introduce hook returns; its first turn binds it, and makes it
 * privileged if it holds the toolstack right. False while it cannot be.
 */
static bool bind_conn(struct peer *p, struct client *c)
{
	struct xs_conn *conn = xs_domain_conn(store, p->domid);

	if (!conn || ((p->rights & DOMAIN_RIGHT_TOOLSTACK) &&
		      xs_domain_set_privileged(store, p->domid, true) != 0)) {
		return false; /* its requests wait in the ring */
	}
	c->conn = conn;
	return true;
}

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
	struct xs_turn turn;

	if (!c->conn && !bind_conn(p, c)) {
		return;
	}
	turn = xs_turn_run(&ops, p);

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
 * Whether attach and detach run inside the introduce or release hook: the
 * logic then makes or frees the connection itself, and a hook may not call
 * back into the store.
 */
static bool in_hook;

/*
 * libxl's home for a domain the main loop introduces (one with no
 * controller to write it): owned by the store's own domain, as dom0 owns it
 * under Xen. No vm entry and no /vm/UUID: the store knows no UUID, and
 * Linux does not read them; no memory/target: domain_info does not say how
 * much memory a domain has.
 */
static void describe_domain(const struct peer *p)
{
	const struct xs_home home = {
		.domid = p->domid,
		.owner = self,
		.name = p->name,
		.vcpu_count = p->vcpu_count,
	};
	int err = xs_home_write(store, &home);

	if (err) {
		printf("xenstore: d%u: could not describe it in the store (%d)\n", p->domid, err);
	}
}

/* A fresh ring: the client starts at zero; whatever else the page says is its own doing. */
static int attach(struct peer *p)
{
	struct client *c = p->data;

	*c = (struct client){ 0 };
	ring_attach(p, c);
	if (in_hook) {
		/* Not the domain the check saw: that one went, and another took its id. */
		if (p->generation != checked_generation) {
			return -EAGAIN;
		}
		printf("xenstore: d%u (%s) introduced by d%u\n", p->domid, p->name, introducer);
		return 0;
	}
	describe_domain(p);
	c->conn = xs_domain_introduce(store, p->domid);
	if (c->conn && (p->rights & DOMAIN_RIGHT_TOOLSTACK) &&
	    xs_domain_set_privileged(store, p->domid, true) != 0) {
		(void)xs_domain_release(store, p->domid);
		c->conn = NULL;
	}
	if (!c->conn) {
		return -ENOMEM;
	}
	printf("xenstore: d%u (%s) introduced\n", p->domid, p->name);
	return 0;
}

static void detach(struct peer *p)
{
	struct client *c = p->data;

	c->conn = NULL; /* freed below, or by the logic once the release hook returns */
	if (in_hook) {
		printf("xenstore: d%u (%s) released by its controller\n", p->domid, p->name);
		return;
	}
	(void)xs_domain_release(store, p->domid);
	printf("xenstore: d%u (%s) released\n", p->domid, p->name);
}

/* A domain with a controller waits for its controller's INTRODUCE. */
static bool wanted(const struct domain_info *info)
{
	return xs_intro_by_main_loop(info->controller);
}

/* What the core says of @domid, for xs_intro_check. */
static void facts_of(uint16_t domid, struct xs_intro_facts *facts)
{
	struct domain_info info = { .domid = domid };
	struct xen_hvm_param pfn = { .domid = domid, .index = HVM_PARAM_STORE_PFN };

	*facts = (struct xs_intro_facts){ 0 };
	if (domain_info_next(&info) != 0 || info.domid != domid) {
		return;
	}
	facts->exists = true;
	checked_generation = info.generation;
	facts->dying = (info.flags & DOMAIN_INFO_DYING) != 0;
	facts->controller = info.controller;
	facts->store_port = info.store_port;
	if (hypercall_hvm_op(HVMOP_get_param, &pfn) == 0) {
		facts->store_gfn = pfn.value;
	}
}

static int check_introduce(void *ctx, uint16_t caller, uint16_t domid, uint64_t gfn, uint32_t port)
{
	struct xs_intro_facts facts;

	(void)ctx;
	facts_of(domid, &facts);
	introducer = caller;
	return xs_intro_check(&facts, caller, gfn, port);
}

/* The controller's INTRODUCE passed the check: its ring mapped and its port bound, now. */
static int introduce(void *ctx, uint16_t domid, uint64_t gfn, uint32_t port)
{
	long err;

	(void)ctx;
	(void)gfn;
	(void)port;
	in_hook = true;
	err = service_attach(domid);
	in_hook = false;
	if (err) {
		printf("xenstore: d%u: its ring could not be taken (%ld)\n", domid, err);
		return -EIO;
	}
	return 0;
}

/*
 * The controller's RELEASE: the peer goes (port closed, ring unmapped)
 * before the logic frees the connection, so nothing here keeps a pointer
 * to it. Requests are taken one connection at a time and this runs for the
 * controller's, never for the released domain's own.
 */
static void release(void *ctx, uint16_t domid)
{
	(void)ctx;
	in_hook = true;
	service_detach(domid);
	in_hook = false;
}

static int start(unsigned int limit)
{
	static const struct xs_hooks hooks = {
		.introduce = introduce,
		.release = release,
		.wake = wake,
		.check_introduce = check_introduce,
	};

	(void)limit; /* each domain's share of memory is its quota: see main */
	self = peers_holder(DOMAIN_RIGHT_XENSTORE);
	store = xs_store_create(NULL, self, &hooks, NULL);
	if (!store) {
		printf("xenstore: out of memory\n");
		return -1;
	}
	return 0;
}

static struct service xenstore = {
	.name = "xenstore",
	.ring = SERVICE_RING_STORE,
	.peer_data = sizeof(struct client),
	.start = start,
	.attach = attach,
	.detach = detach,
	.serve = serve,
	.wanted = wanted,
};

/*
 * A domain costs the store at most what its quotas let it make the store
 * hold (xs_limits_domain_worst): the skeleton serves only as many domains as
 * half the store's free memory holds at that cost, so every one of them may
 * use all of its quota at once.
 */
int main(void)
{
	struct xs_limits limits;

	xs_limits_default(&limits);
	xenstore.peer_cost = (size_t)xs_limits_domain_worst(&limits);
	return service_run(&xenstore);
}
