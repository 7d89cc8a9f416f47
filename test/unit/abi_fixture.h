/* SPDX-License-Identifier: MIT */
/* Test domains for the unit tests of the inter-domain ABI (event channels, grants). */
#ifndef ABI_FIXTURE_H
#define ABI_FIXTURE_H

#include <abi/guest_layout.h>
#include <abi/hypercall.h>
#include <domain.h>
#include <evtchn.h>
#include <frame.h>
#include <host_arch.h>

#define FIXTURE_DOMAINS 3
#define FIXTURE_RAM_PAGES 16

extern struct domain fixture_dom[FIXTURE_DOMAINS];
extern unsigned int fixture_upcalls[FIXTURE_DOMAINS][2];

/** Fresh fake RAM and domains 1, 2, 3, each with 2 vCPUs, shared info, stage 2
 * and FIXTURE_RAM_PAGES pages of RAM at GUEST_RAM_BASE. */
void fixture_setup(void);
void fixture_teardown(void);

/** Give back one page of a fixture domain's stage 2, for stage2_destroy. */
void fixture_release_page(paddr_t pa, enum stage2_type type);

/** The host pointer to gfn's page in domain d. */
void *fixture_page(struct domain *d, uint64_t gfn);

#endif
