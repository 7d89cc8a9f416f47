/* SPDX-License-Identifier: MIT */
/* Real domains on the host arch for the core's fuzz targets, and the input they read. */
#ifndef FUZZ_DOMAINS_H
#define FUZZ_DOMAINS_H

#include <stdio.h>
#include <stdlib.h>
#include <abi/guest_layout.h>
#include <domain.h>

#define FUZZ_DOMAINS 3   /* domids 1..3; domain 1 is the toolstack controlling 2 and 3 */
#define FUZZ_RAM_PAGES 8 /* RAM from GUEST_RAM_BASE; pages 0 and 1 hold call arguments */
#define FUZZ_ARGS_GPA GUEST_RAM_BASE
#define FUZZ_KEEPER 0x7fe0 /* a domain kept throughout, so that no destroy powers off */

/* A broken promise: say which, and stop with a crash libFuzzer keeps the input of. */
#define FUZZ_CHECK(cond)                                                                   \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: broken: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                           \
		}                                                                          \
	} while (0)

/** The input, read a byte at a time; past its end every read is 0. */
struct fuzz_input {
	const uint8_t *p;
	size_t left;
};

/** The next byte, or 0 past the end. */
uint8_t fuzz_byte(struct fuzz_input *in);

/** The next `bytes` bytes (1..8) as a little-endian number. */
uint64_t fuzz_bytes(struct fuzz_input *in, unsigned int bytes);

/**
 * Make domains 1..FUZZ_DOMAINS for one input: two vCPUs each, FUZZ_RAM_PAGES
 * of RAM, grant frame 0 placed at GUEST_GRANT_BASE. The first call also makes
 * the host RAM and the keeper, which stay.
 */
void fuzz_domains_start(void);

/** Domain i (0-based), or NULL once it is destroyed. */
struct domain *fuzz_domain(unsigned int i);

/** Destroy domain i if it exists; make it again (same domid, a new incarnation) if not. */
void fuzz_domain_toggle(unsigned int i);

/**
 * Destroy every domain left and check that the core is as before the input:
 * every frame back in the allocator, only the keeper registered.
 */
void fuzz_domains_end(void);

/** The host address of gpa in d's physical map if a guest could write it there; else NULL. */
void *fuzz_guest_ptr(struct domain *d, uint64_t gpa);

/** A domain id for an argument: mostly the fuzz domains, DOMID_SELF, the keeper or 0, else an
 *  unused id nearby or anything. */
uint16_t fuzz_pick_domid(struct fuzz_input *in);

/**
 * Issue hypercall nr from d's vCPU vcpu as its HVC reaches the core (the
 * hypercall fixture), re-entering it while the core continues it; x0 after.
 */
long fuzz_hvc(struct domain *d, unsigned int vcpu, uint64_t nr, uint64_t a0, uint64_t a1,
	      uint64_t a2);

/** Copy len bytes to d's argument pages and issue the call with them as a1; x0 after. */
long fuzz_call(struct domain *d, unsigned int vcpu, uint64_t nr, uint64_t a0, void *arg, size_t len,
	       uint64_t a2);

#endif
