/* SPDX-License-Identifier: MIT */
/* Where the libOS puts frames that are not its own RAM: shared info, grant frames, grant maps. */
#ifndef LIBOS_PHYSMAP_H
#define LIBOS_PHYSMAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * The shared info page, the frames of the domain's grant table and the
 * pages of other domains it maps by grant all need IPAs outside its RAM.
 * The libOS takes them from a fixed window at the top of the part of its
 * stage-1 identity map that is Normal write-back memory (start.S maps 1-4
 * GiB so): C code may use atomics and unaligned accesses there, which
 * Device memory (most of what lies below 1 GiB, libos/memmap.h) does not
 * allow. A domain whose RAM reaches into the window cannot use it:
 * physmap_alloc then fails.
 *
 * All functions return 0 / an IPA on success and -XEN_E* (abi/errno.h) or 0
 * on failure, as documented. Safe on any vCPU (a spinlock guards the map).
 */
#define PHYSMAP_WINDOW_BASE 0xF0000000ull
#define PHYSMAP_WINDOW_SIZE 0x10000000ull /* 256 MiB: 65536 pages */
#define PHYSMAP_PAGE_SIZE 4096ull
#define PHYSMAP_WINDOW_PAGES (PHYSMAP_WINDOW_SIZE / PHYSMAP_PAGE_SIZE)

/**
 * Reserve count consecutive pages of the window. Returns the IPA of the
 * first (page-aligned), or 0 if count is 0 or no run that long is free, or
 * if the domain's RAM (from its DT) overlaps the window.
 */
uint64_t physmap_alloc(size_t count);

/** Give back count pages from ipa (as physmap_alloc returned them); others are ignored. */
void physmap_free(uint64_t ipa, size_t count);

/** How many pages of the window are reserved now. */
size_t physmap_used(void);

/**
 * XENMEM_add_to_physmap for the calling domain: frame idx of space
 * (XENMAPSPACE_*) appears at gfn. Returns 0 or the core's -XEN_E*.
 */
long physmap_add(unsigned int space, uint64_t idx, uint64_t gfn);

#endif
