/* SPDX-License-Identifier: MIT */
/* Who may introduce a domain to the store: the main loop's check, against what the core says. */
#ifndef XENSTORE_XS_INTRO_H
#define XENSTORE_XS_INTRO_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A domain without a controller is introduced by the main loop itself, as
 * soon as the core lists it. A domain with one waits for its controller's
 * INTRODUCE (as Xen's toolstack sends it once it has written the domain's
 * home), and the main loop checks that request against the core's facts
 * about the domain, never against what the request claims.
 */

/** What the core says of the domain an INTRODUCE names (the main loop gathers it). */
struct xs_intro_facts {
	bool exists;         /* the core lists a domain with exactly that id */
	bool dying;          /* it is shutting down or going away */
	uint16_t controller; /* the domain controlling it; 0: none */
	uint32_t store_port; /* its store port, offered to this store; 0: none */
	uint64_t store_gfn;  /* where its store ring page is (HVM_PARAM_STORE_PFN); 0: unknown */
};

/**
 * Whether @caller may introduce the domain @facts describes with ring page
 * @gfn and port @port. Returns 0; -ENOENT when no live domain has that id;
 * -EPERM when @caller is not its controller (a domain without one is the
 * main loop's alone); -EINVAL when @gfn or @port is not its store ring's.
 */
int xs_intro_check(const struct xs_intro_facts *facts, uint16_t caller, uint64_t gfn,
		   uint32_t port);

/** Whether the main loop introduces a domain with this controller itself (0: none). */
bool xs_intro_by_main_loop(uint16_t controller);

#endif
