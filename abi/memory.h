/* SPDX-License-Identifier: MIT */
/* memory_op hypercall: a guest's physical map and its memory reservation. */
#ifndef ABI_MEMORY_H
#define ABI_MEMORY_H

#include <abi/xen.h>
#include <stdint.h>

/*
 * memory_op(cmd, arg VA). The reservation commands return how many extents
 * they completed (fewer than asked when memory, the domain's maximum or a bad
 * gfn stopped them), or -XEN_E* if none could be tried.
 */
/*
 * The reservation commands carry their progress in cmd's upper bits: the core
 * does a bounded number of extents per entry and, with more left, rewinds the
 * guest's PC to its HVC with cmd | (extents done << MEMOP_EXTENT_SHIFT) in x0,
 * so the call continues where it stopped; the guest sees one call. A guest
 * may start there itself: extents before that index are skipped.
 */
#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK ((1u << MEMOP_EXTENT_SHIFT) - 1)

#define XENMEM_increase_reservation 0
#define XENMEM_decrease_reservation 1
#define XENMEM_current_reservation 3 /* arg: VA of a domid_t; returns pages owned */
#define XENMEM_maximum_reservation 4 /* arg: VA of a domid_t; returns the most it may own */
#define XENMEM_populate_physmap 6
#define XENMEM_add_to_physmap 7
#define XENMEM_maximum_gpfn 14 /* arg: VA of a domid_t; returns the highest gfn in use */

/** (32 bytes) */
struct xen_memory_reservation {
	uint64_t extent_start; /* IN: VA of an array of gfns (IN for populate and decrease) */
	uint64_t nr_extents;   /* IN */
	uint32_t extent_order; /* IN: 0 (4 KiB extents) only */
	uint32_t mem_flags;    /* IN: 0 */
	domid_t domid;         /* IN: DOMID_SELF */
	uint16_t pad[3];
};
_Static_assert(sizeof(struct xen_memory_reservation) == 32, "size");
_Static_assert(__builtin_offsetof(struct xen_memory_reservation, domid) == 24, "offset");

#define XENMAPSPACE_shared_info 0 /* idx 0: the shared info page */
#define XENMAPSPACE_grant_table 1 /* idx: grant frame number */

/**
 * Put a frame of the core's into the guest's physical map at gpfn (24 bytes).
 * A frame is placed once: at another gpfn than where it is, -XEN_EBUSY and it
 * stays (as Xen 4.17 on Arm answers); where it is, 0.
 */
struct xen_add_to_physmap {
	domid_t domid;  /* IN: DOMID_SELF */
	uint16_t size;  /* IN: unused (batches) */
	uint32_t space; /* IN: XENMAPSPACE_* */
	uint64_t idx;   /* IN: which frame of that space */
	uint64_t gpfn;  /* IN: where; own RAM already there is given back first */
};
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "size");
_Static_assert(__builtin_offsetof(struct xen_add_to_physmap, idx) == 8, "offset");

#endif
