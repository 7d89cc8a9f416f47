/* SPDX-License-Identifier: MIT */
/* xen_version hypercall: sub-operations and their argument layouts. */
#ifndef ABI_VERSION_H
#define ABI_VERSION_H

#include <stdint.h>

/*
 * xen_version(cmd, arg). Unknown commands return -XEN_ENOSYS.
 */

/* Returns (major << 16) | minor; arg is ignored. */
#define XENVER_version 0
/* arg: guest VA of a char[16], OUT: NUL-terminated extra version ("-tessera"). */
#define XENVER_extraversion 1
/* arg: guest VA of a char[XEN_CAPABILITIES_LEN], OUT: the guest ABIs offered,
 * space-separated and NUL-padded: "xen-3.0-aarch64 " (no 32-bit guests). */
#define XENVER_capabilities 3
/* arg: guest VA of struct xen_feature_info, IN submap_idx, OUT submap;
 * -XEN_EINVAL for a submap_idx past the last (0). */
#define XENVER_get_features 6
/* Returns the page size in bytes (4096); arg is ignored. */
#define XENVER_pagesize 7

/* The version guests see: Xen 4.17, matching "xen,xen-4.17" in their DT. */
#define XEN_VERSION_MAJOR 4
#define XEN_VERSION_MINOR 17

#define XEN_EXTRAVERSION_LEN 16
#define XEN_CAPABILITIES_LEN 1024

/** Argument of XENVER_get_features (8 bytes). */
struct xen_feature_info {
	uint32_t submap_idx; /* IN: which 32-bit word of the feature map */
	uint32_t submap;     /* OUT: the feature bits of that word */
};
_Static_assert(sizeof(struct xen_feature_info) == 8, "xen_feature_info size");
_Static_assert(__builtin_offsetof(struct xen_feature_info, submap) == 4, "submap offset");

/* Feature bits of submap 0. */
#define XENFEAT_writable_page_tables 0
/* The hypervisor translates guest-physical to machine addresses (always on Arm). */
#define XENFEAT_auto_translated_physmap 2
/* The caller is the all-powerful control domain: never set, Tessera has none. */
#define XENFEAT_dom0 11
/* XENMEM_get_vnumainfo is answered: never set, Tessera does not answer it. */
#define XENFEAT_memory_op_vnode_supported 13
/* SMCCC calls (PSCI among them) are taken over HVC. */
#define XENFEAT_ARM_SMCCC_supported 14
/* Guest-physical addresses are not machine addresses, so a guest cannot DMA
 * to its own pages by their gfns (it needs the swiotlb-xen or a grant). */
#define XENFEAT_not_direct_mapped 16

#endif
