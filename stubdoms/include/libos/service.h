/* SPDX-License-Identifier: MIT */
/* The skeleton every service domain runs on: start-up, its peers followed, the loop, the end. */
#ifndef LIBOS_SERVICE_H
#define LIBOS_SERVICE_H

#include <libos/loop.h>
#include <libos/peers.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * A service domain serves other domains, its peers, over a ring the core
 * built for each of them (peers.h). What every service does the same way
 * lives here, so that a service's main.c only says what is its own:
 *
 *   - start-up: the GIC, the timer and event channels on the boot vCPU,
 *     IRQs unmasked, VIRQ_DOM_EXC bound through the event loop (loop.h);
 *   - how many domains it serves at most, set by its memory: half the heap
 *     free at start-up over what one served domain may cost (the
 *     skeleton's own record, peer_data and peer_cost), and never more than
 *     its event channel ports (4,063 of the 2-level ABI's), said at boot as
 *     "<name>: can serve N domains (B bytes each)"; a domain past that is
 *     refused with a line saying so (peers.h);
 *   - on every VIRQ_DOM_EXC, and once at the loop's first round, the peers
 *     brought in step with the core's domains (peers_sync): a new domain is
 *     attached, one that is dying or gone is detached, and a rebuilt one (a
 *     new generation: a new ring and port) is detached, then attached again
 *     as the new peer it is;
 *   - each peer's port added to the loop before the service takes the peer
 *     on, raised once after (the peer may have written before we came), and
 *     removed after the service lets it go;
 *   - the loop itself, and the end: once every live domain is a console or
 *     xenstore domain (peers_none_left), "<name>: no domain left to serve"
 *     and exit(0), which powers the domain off.
 *
 * Every callback runs in thread context on the boot vCPU, from the loop,
 * and never nests with another.
 */

/** Which of the rings the core builds for each domain a service serves. */
enum service_ring {
	SERVICE_RING_CONSOLE, /* the PV console ring: CONSOLE_GRANT_REF, console_port */
	SERVICE_RING_STORE,   /* the xenstore ring: XS_GRANT_REF, store_port */
};

/** What a service gives the skeleton; it must outlive service_run (static const, say). */
struct service {
	/* Prefixes the skeleton's lines: "<name>: serving", "<name>: no domain left to serve". */
	const char *name;
	/* Said after "<name>: serving; " for whoever reads the serial line; NULL: nothing. */
	const char *hint;
	enum service_ring ring;
	/* Bytes of the service's own state for each peer, zeroed, at peer.data. */
	size_t peer_data;
	/* The most else serving one domain may make the service hold (its store quota, say). */
	size_t peer_cost;
	/* Once, with events up and before any peer is attached: the service's own state, its
	 * timers and extra ports (loop.h), for at most limit peers at once. Returns 0, or -1
	 * after saying what failed. NULL: none. */
	int (*start)(unsigned int limit);
	/* Take p on: its ring is mapped and its port in the loop. Returns 0, or an error to
	 * leave it unserved until the next change of domains. */
	int (*attach)(struct peer *p);
	/* Let p go (dying, gone or rebuilt): serve is not called for it again; then its port
	 * leaves the loop and closes and its ring is unmapped. */
	void (*detach)(struct peer *p);
	/* p's port fired (once for any number of events meanwhile). */
	void (*serve)(struct peer *p);
	/* Whether a new domain is taken on when the core lists it; NULL: every one. One left
	 * out waits for service_attach. */
	bool (*wanted)(const struct domain_info *info);
	/* Last work before the end (the console writes out what the last domains wrote). NULL:
	 * none. */
	void (*ending)(void);
};

/**
 * Run svc: start up, say "<name>: serving", then serve from the event loop
 * until no domain is left to serve, and exit(0). Returns 1 only when start-up
 * failed (after saying what failed), for main to return.
 */
int service_run(const struct service *svc);

/**
 * The event set-up every service domain makes, service_run's own and for
 * domains that run their loop themselves (the toolstack, driver domains):
 * the GIC and the timer on the boot vCPU, IRQs unmasked, event channels,
 * and VIRQ_DOM_EXC bound into the loop with domains_changed as its callback.
 * Returns 0 with *dom_exc its port; -XEN_ENODEV without a GIC or timer; the
 * error of evtchn_init, evtchn_bind_virq or loop_port_add.
 */
long service_events_start(loop_port_fn domains_changed, evtchn_port_t *dom_exc);

/** The attached peer for domid (service_run's), or NULL. */
struct peer *service_peer(uint16_t domid);

/**
 * Take domid on now (peers_attach), from a callback: its attach runs before
 * this returns, and its port is raised. Returns 0 or peers_attach's error.
 */
long service_attach(uint16_t domid);

/** Let domid go now (peers_detach), from a callback: its detach runs before this returns. */
void service_detach(uint16_t domid);

#endif
