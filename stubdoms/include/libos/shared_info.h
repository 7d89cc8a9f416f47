/* SPDX-License-Identifier: MIT */
/* The domain's shared info page: event channel pending and mask bits, vCPU 0's first vcpu_info. */
#ifndef LIBOS_SHARED_INFO_H
#define LIBOS_SHARED_INFO_H

#include <abi/xen.h>

/**
 * Map the shared info page (XENMEM_add_to_physmap, XENMAPSPACE_shared_info)
 * at a page of the physmap window, once: later calls return the same page.
 * Returns 0 with *out set, -XEN_ENOSPC if the window has no room, or the
 * core's -XEN_E*.
 */
long shared_info_map(struct shared_info **out);

/** The page shared_info_map mapped, or NULL before it succeeded. */
struct shared_info *shared_info_get(void);

#endif
