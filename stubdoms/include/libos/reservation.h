/* SPDX-License-Identifier: MIT */
/* The domain's memory reservation: giving pages back to the core and taking them again. */
#ifndef LIBOS_RESERVATION_H
#define LIBOS_RESERVATION_H

#include <stddef.h>
#include <stdint.h>

/*
 * Thin wrappers of memory_op for the calling domain (DOMID_SELF), in 4 KiB
 * pages (extent order 0). A gfn given back is unmapped: any access to it
 * faults until it is populated again, and a populated page reads as zeros.
 * The caller must not give back pages it still uses (its image, stacks,
 * heap, the DTB).
 */

/** XENMEM_current_reservation: pages the domain owns now, or -XEN_E*. */
long reservation_current(void);

/** XENMEM_maximum_reservation: the most pages it may own, or -XEN_E*. */
long reservation_maximum(void);

/** XENMEM_maximum_gpfn: the highest gfn in use, or -XEN_E*. */
long reservation_maximum_gpfn(void);

/**
 * XENMEM_populate_physmap: back each of the count gfns with a fresh, zeroed
 * page. Returns how many (from the start of the list) were done, or -XEN_E*.
 */
long reservation_populate(const uint64_t *gfns, size_t count);

/**
 * XENMEM_decrease_reservation: give the count gfns back. Returns how many
 * (from the start of the list) were given back, or -XEN_E*.
 */
long reservation_decrease(const uint64_t *gfns, size_t count);

#endif
