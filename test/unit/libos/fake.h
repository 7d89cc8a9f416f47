/* SPDX-License-Identifier: MIT */
/* A stand-in for what peers.c and service.c stand on: the core's domain list, grants, ports, loop.
 */
#ifndef LIBOS_TEST_FAKE_H
#define LIBOS_TEST_FAKE_H

#include <abi/domain_info.h>
#include <abi/event_channel.h>
#include <abi/grant_table.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * The core is a table of domains that domain_info walks; a test adds,
 * changes and removes them as the core would (boot, reboot, shutdown).
 * Grant maps and bound ports are counted per domain so a test can see that
 * nothing is left behind. The event loop keeps its ports and their pending
 * marks; fake_dispatch runs what is pending as loop_run_once would.
 * loop_run and exit jump back to fake_jump with fake_ended telling which.
 */

#define FAKE_DOMAINS 80u
#define FAKE_LOOP_PORTS 96u

/** How a domain's own port numbers are made: remote store port, console port. */
#define FAKE_STORE_PORT(domid) (1000u + (domid))
#define FAKE_CONSOLE_PORT(domid) (2000u + (domid))

struct fake_domain {
	bool exists;
	struct domain_info info;
	unsigned int maps;      /* its pages we have mapped, now */
	unsigned int bound;     /* ports bound to it, now */
	grant_ref_t mapped_ref; /* the ref of the last map */
	bool refuse_map;        /* its grant maps fail */
	bool refuse_bind;       /* binding its ports fails */
	unsigned int notified;  /* events sent to it */
};

enum fake_end {
	FAKE_RUNNING,
	FAKE_LOOP_RUN, /* loop_run was called: serving */
	FAKE_EXIT,     /* exit was called */
};

extern struct fake_domain fake_domains[FAKE_DOMAINS];
extern jmp_buf fake_jump;
extern enum fake_end fake_ended;
extern int fake_exit_status;
extern bool fake_gic_fails;
extern bool fake_loop_full;   /* loop_port_add answers -XEN_ENOSPC */
extern size_t fake_heap_room; /* what libos_heap_room answers; fake_reset: FAKE_HEAP_ROOM */

#define FAKE_HEAP_ROOM (1u << 20)

/** The page a grant map of domid's ring gives (a page of 4 KiB). */
void *fake_page(uint16_t domid);

/** Forget every domain, mapping, port and loop entry. */
void fake_reset(void);

/** A live domain with the given rights and both ports (0 rights: a guest). */
struct domain_info *fake_domain_add(uint16_t domid, const char *name, uint32_t rights);

/** Remove a domain from the core's list (destroyed). */
void fake_domain_remove(uint16_t domid);

/** Maps and bound ports still held over every domain. */
unsigned int fake_maps_held(void);
unsigned int fake_ports_held(void);

/** Whether port is in the loop, and whether it is marked pending. */
bool fake_loop_has(evtchn_port_t port);
bool fake_loop_pending(evtchn_port_t port);

/** How many ports are in the loop. */
unsigned int fake_loop_count(void);

/** Mark port pending (an event came). */
void fake_loop_fire(evtchn_port_t port);

/** The loop's VIRQ_DOM_EXC port, 0 before it is bound. */
evtchn_port_t fake_dom_exc_port(void);

/** Run the callbacks of every pending port once, lowest slot first. Returns how many ran. */
unsigned int fake_dispatch(void);

/** Catch what is printed to stdout from now on. */
void fake_output_start(void);

/** Stop catching; what was printed since fake_output_start, NUL-terminated. */
const char *fake_output_end(void);

#endif
