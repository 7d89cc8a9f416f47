/* SPDX-License-Identifier: MIT */
/* Shared by the event channel, grant and memory test guests: peers, set-up, bounded waits. */
#ifndef TEST_GUESTS_XEN_TEST_H
#define TEST_GUESTS_XEN_TEST_H

#include <abi/xen.h>
#include <libos/evtchn.h>
#include <libos/wait.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Test domains find each other without xenstore: by domain id (from the
 * bootargs, "peer=N", or the default of the boot configuration) and by
 * convention (the first port a fresh domain allocates is 1, the first
 * grant ref 8). Every wait is bounded: a peer that never comes makes the
 * waiting case FAIL, never hang.
 */

/** The domain id in the bootargs' "peer=N" (decimal), or fallback when there is none. */
domid_t xen_test_peer(domid_t fallback);

/**
 * GIC, virtual timer and IRQs on the boot vCPU (irq_setup_boot), then
 * evtchn_init; once (later calls return the first verdict). Reports what
 * failed through CHECK, so call it from a test case.
 */
bool xen_test_events_up(void);

/**
 * Wait until cond(arg) holds, at most seconds: sleeping in WFI so an event
 * ends the sleep at once, and looking again every 10 ms for conditions no
 * event announces. Uses the calling vCPU's one-shot timer. Returns whether
 * cond held.
 */
bool xen_test_wait(wait_cond_fn cond, void *arg, unsigned int seconds);

/** xen_test_wait for *counter (read with acquire) to reach target. */
bool xen_test_wait_count(const uint64_t *counter, uint64_t target, unsigned int seconds);

/**
 * evtchn_alloc_unbound for remote, trying again (with SCHEDOP_yield) while
 * remote does not exist yet (-XEN_ESRCH: the boot domains come up one after
 * another), for at most seconds. Returns the last result.
 */
long xen_test_offer_port(domid_t remote, evtchn_handler_fn fn, void *arg, evtchn_port_t *port,
			 unsigned int seconds);

/** Sleep (WFI, events taken meanwhile) for ms milliseconds. */
void xen_test_sleep_ms(unsigned int ms);

#endif
