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
/* arg: guest VA of struct xen_feature_info, IN submap_idx, OUT submap. */
#define XENVER_get_features 6
/* Returns the page size in bytes (4096); arg is ignored. */
#define XENVER_pagesize 7

/* The version guests see: Xen 4.17, matching "xen,xen-4.17" in their DT. */
#define XEN_VERSION_MAJOR 4
#define XEN_VERSION_MINOR 17

#define XEN_EXTRAVERSION_LEN 16

/** Argument of XENVER_get_features (8 bytes). */
struct xen_feature_info {
	uint32_t submap_idx; /* IN: which 32-bit word of the feature map */
	uint32_t submap;     /* OUT: the feature bits of that word (0 past the last) */
};
_Static_assert(sizeof(struct xen_feature_info) == 8, "xen_feature_info size");
_Static_assert(__builtin_offsetof(struct xen_feature_info, submap) == 4, "submap offset");

/* Feature bits of submap 0. */
#define XENFEAT_writable_page_tables 0
/* The hypervisor translates guest-physical to machine addresses (always on Arm). */
#define XENFEAT_auto_translated_physmap 2
/* The caller is the all-powerful control domain: never set, Tessera has none. */
#define XENFEAT_dom0 11

#endif
