/* SPDX-License-Identifier: MIT */
/* What start.S's stage-1 identity map makes of each IPA: Normal memory, Device, or nothing. */
#ifndef LIBOS_MEMMAP_H
#define LIBOS_MEMMAP_H

/*
 * Normal memory (inner/outer write-back, inner shareable), where C code may
 * use plain copies, unaligned accesses and atomics:
 *   - GUEST_GRANT_BASE, GUEST_GRANT_SIZE: the grant window (never executable);
 *   - the MEMMAP_MAGIC_PAGES magic pages at GUEST_MAGIC_BASE, the console
 *     and xenstore rings (never executable);
 *   - 1 - 4 GiB: all of a domain's possible RAM, and the physmap window.
 * Everything else below 1 GiB (the GIC, passed-through devices) is
 * Device-nGnRE and never executable: only mmio.h's single accesses there.
 *
 * start.S builds that map from the plain numbers below (2 MiB block and 4 KiB
 * page indexes, which the assembler can use); the C part checks them against
 * abi/guest_layout.h.
 */
#define MEMMAP_L2_GRANT_FIRST 448 /* GUEST_GRANT_BASE >> 21 */
#define MEMMAP_L2_GRANT_COUNT 8   /* GUEST_GRANT_SIZE >> 21 */
#define MEMMAP_L2_MAGIC 456       /* GUEST_MAGIC_BASE >> 21 */
#define MEMMAP_MAGIC_PAGES 2      /* console ring, xenstore ring */

#ifndef __ASSEMBLER__
#include <abi/guest_layout.h>
#include <stdbool.h>
#include <stdint.h>

_Static_assert(MEMMAP_L2_GRANT_FIRST == GUEST_GRANT_BASE >> 21, "grant window block");
_Static_assert(MEMMAP_L2_GRANT_COUNT == GUEST_GRANT_SIZE >> 21, "grant window blocks");
_Static_assert(MEMMAP_L2_MAGIC == GUEST_MAGIC_BASE >> 21, "magic pages block");
_Static_assert((GUEST_MAGIC_BASE & 0x1fffffull) == 0, "magic pages start their block");
_Static_assert(GUEST_XENSTORE_PFN - GUEST_CONSOLE_PFN + 1 == MEMMAP_MAGIC_PAGES, "magic pages");

#define MEMMAP_RAM_BASE 0x40000000ull
#define MEMMAP_RAM_END 0x100000000ull

/* Whether [base, base + size) lies within [start, start + length). */
static inline bool memmap_within(uint64_t base, uint64_t size, uint64_t start, uint64_t length)
{
	return base >= start && size <= length && base - start <= length - size;
}

/** Whether all of [ipa, ipa + size) is Normal memory under the libOS's stage-1 map. */
static inline bool memmap_normal(uint64_t ipa, uint64_t size)
{
	return memmap_within(ipa, size, GUEST_GRANT_BASE, GUEST_GRANT_SIZE) ||
	       memmap_within(ipa, size, GUEST_MAGIC_BASE, MEMMAP_MAGIC_PAGES * 4096ull) ||
	       memmap_within(ipa, size, MEMMAP_RAM_BASE, MEMMAP_RAM_END - MEMMAP_RAM_BASE);
}
#endif

#endif
