/* SPDX-License-Identifier: MIT */
/* What the rebooting domain and its witness agree on: ids, the port, the ref and the page. */
#ifndef TEST_GUESTS_REBOOT_TEST_H
#define TEST_GUESTS_REBOOT_TEST_H

#include <stdint.h>

/*
 * A rebooting domain comes back with fresh, zeroed memory, so it cannot
 * count its own boots: the witness counts them in a page it owns and grants
 * to it (REBOOT_REF, the first ref its fresh table hands out).
 *
 * Each boot of the rebooting domain:
 *  1. it offers REBOOT_PORT (the first port of a fresh domain) to the
 *     witness;
 *  2. the witness binds it (retrying while it is not offered), raises the
 *     boot count in the page and sends an event;
 *  3. on the event, the rebooting domain maps the page, reads the count and
 *     writes it back as the count it saw;
 *  4. count 1: it dirties its RAM and resets itself (PSCI SYSTEM_RESET);
 *     count 2: it finds its RAM fresh, unmaps the page, reports and powers
 *     off.
 * The witness sees each end of the rebooting domain as its bound port going
 * back to unbound (the core closed the other end while tearing the domain
 * down), checks the count seen and that no mapping of its page is left, and
 * closes its port. After the first end the domain comes back and offers its
 * port again; after the second it is gone for good.
 */
#define REBOOT_SELF_DOMID 1
#define REBOOT_WITNESS_DOMID 2
#define REBOOT_PORT 1u
#define REBOOT_REF 8u

/** The granted page's words (the rest of the page is unused). */
struct reboot_page {
	uint32_t boots; /* the witness writes: boots of the rebooting domain it connected to */
	uint32_t seen;  /* the rebooting domain writes: the count it read */
};

/* How long either side waits for the other: to appear, answer, go or come back. */
#define REBOOT_WAIT_SECONDS 60u

/* What the rebooting domain leaves in memory before it resets (see self.c). */
#define REBOOT_MARKER_INITIAL 0x1bad5eed0c0ffee1ull
#define REBOOT_MARKER_DIRTY 0xd1e7d1e7d1e7d1e7ull
#define REBOOT_DIRT(i) (0xa5a5a5a500000000ull | (uint64_t)(i))

#endif
