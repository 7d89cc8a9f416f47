// SPDX-License-Identifier: MIT
/* The service skeleton (service.h): start-up, peers followed on VIRQ_DOM_EXC, the loop, the end. */
#include <abi/console_ring.h>
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <abi/xs_wire.h>
#include <libos/evtchn.h>
#include <libos/gic.h>
#include <libos/intr.h>
#include <libos/libos.h>
#include <libos/loop.h>
#include <libos/service.h>
#include <libos/timer.h>
#include <stdio.h>
#include <stdlib.h>

/*
 * Locking: none. Everything here is the boot vCPU's and runs in thread
 * context: service_run, then the loop's callbacks, which never nest.
 */

/*
 * What the skeleton itself spends on each peer: its record and table slot,
 * its port's slot in the loop, the allocator's headers. A round figure
 * above their sum, so the limit errs on the side of room.
 */
#define SERVICE_PEER_OVERHEAD (sizeof(struct peer) + 128u)

/*
 * Each peer takes one of the domain's event channel ports (the 2-level ABI
 * has EVTCHN_PORTS, port 0 unused); these are left for the service's own.
 */
#define SERVICE_OWN_PORTS 32u
#define SERVICE_PEER_PORTS (EVTCHN_PORTS - 1u - SERVICE_OWN_PORTS)

static const struct service *running;
static struct peer_set peers;
static struct peer_ops ring_ops;

static void serve(evtchn_port_t port, void *arg)
{
	(void)port;
	running->serve(arg);
}

/*
 * The port first: a failure there leaves the service untouched (a store
 * with no @introduceDomain, and so no @releaseDomain, for a domain never
 * served). serve runs only from the loop, after attach returns.
 */
static int attach(struct peer *p, void *ctx)
{
	long err = loop_port_add(p->port, serve, p);

	(void)ctx;
	if (err) {
		return (int)err;
	}
	err = running->attach(p);
	if (err) {
		(void)loop_port_remove(p->port);
		return (int)err;
	}
	loop_port_raise(p->port); /* it may have written before we came */
	return 0;
}

static void detach(struct peer *p, void *ctx)
{
	(void)ctx;
	running->detach(p);
	(void)loop_port_remove(p->port);
}

static bool wanted(const struct domain_info *info, void *ctx)
{
	(void)ctx;
	return running->wanted(info);
}

/* The store's protocol marks a ring the store gave up on in its error field (abi/xs_wire.h). */
static void refuse_store(void *ring, void *ctx)
{
	struct xs_ring *r = ring;

	(void)ctx;
	__atomic_store_n(&r->error, XS_RING_ERROR_COMM, __ATOMIC_RELEASE);
}

static void end(void)
{
	if (running->ending) {
		running->ending();
	}
	printf("%s: no domain left to serve\n", running->name);
	exit(0);
}

static void on_domains_changed(evtchn_port_t port, void *arg)
{
	(void)port;
	(void)arg;
	(void)peers_sync(&peers, &ring_ops);
	if (peers_none_left()) {
		end();
	}
}

long service_events_start(loop_port_fn domains_changed, evtchn_port_t *dom_exc)
{
	long err;

	if (gic_init() != 0 || timer_init() != 0) {
		return -XEN_ENODEV;
	}
	intr_enable();
	err = evtchn_init();
	if (!err) {
		err = evtchn_bind_virq(VIRQ_DOM_EXC, 0, NULL, NULL, dom_exc);
	}
	if (!err) {
		err = loop_port_add(*dom_exc, domains_changed, NULL);
	}
	return err;
}

/* Raised once at the end, so the domains that exist already are found at the loop's first round. */
static int events_start(void)
{
	evtchn_port_t dom_exc;
	long err = service_events_start(on_domains_changed, &dom_exc);

	if (err == -XEN_ENODEV) {
		printf("%s: no GIC or timer\n", running->name);
		return -1;
	}
	if (err) {
		printf("%s: event set-up failed (%ld)\n", running->name, err);
		return -1;
	}
	loop_port_raise(dom_exc);
	return 0;
}

/*
 * Half the heap free now, over what one peer may cost: the other half is
 * for stacks, the allocator's slack and what single requests use for a
 * moment. Never more than there are ports for.
 */
static unsigned int peer_limit(const struct service *svc, size_t *each)
{
	size_t limit;

	*each = SERVICE_PEER_OVERHEAD + svc->peer_data + svc->peer_cost;
	limit = libos_heap_room() / 2u / *each;
	return limit < SERVICE_PEER_PORTS ? (unsigned int)limit : SERVICE_PEER_PORTS;
}

static bool complete(const struct service *svc)
{
	return svc->name && svc->attach && svc->detach && svc->serve;
}

int service_run(const struct service *svc)
{
	unsigned int limit;
	size_t each;

	if (!svc || !complete(svc)) {
		printf("service: a name, attach, detach and serve are needed\n");
		return 1;
	}
	running = svc;
	ring_ops = (struct peer_ops){
		.ref = svc->ring == SERVICE_RING_STORE ? XS_GRANT_REF : CONSOLE_GRANT_REF,
		.store = svc->ring == SERVICE_RING_STORE,
		.attach = attach,
		.detach = detach,
		.wanted = svc->wanted ? wanted : NULL,
		.data_size = svc->peer_data,
		.refuse = svc->ring == SERVICE_RING_STORE ? refuse_store : NULL,
	};
	limit = peer_limit(svc, &each);
	peers_init(&peers, limit);
	if (events_start() != 0 || (svc->start && svc->start(limit) != 0)) {
		return 1;
	}
	printf("%s: can serve %u domains (%lu bytes each)\n", svc->name, limit,
	       (unsigned long)each);
	if (svc->hint) {
		printf("%s: serving; %s\n", svc->name, svc->hint);
	} else {
		printf("%s: serving\n", svc->name);
	}
	loop_run();
}

struct peer *service_peer(uint16_t domid)
{
	return peers_find(&peers, domid);
}

long service_attach(uint16_t domid)
{
	return peers_attach(&peers, domid, &ring_ops);
}

void service_detach(uint16_t domid)
{
	peers_detach(&peers, domid, &ring_ops);
}
