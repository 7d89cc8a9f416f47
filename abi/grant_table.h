/* SPDX-License-Identifier: MIT */
/* grant_table_op hypercall: grant tables version 1. */
#ifndef ABI_GRANT_TABLE_H
#define ABI_GRANT_TABLE_H

#include <abi/xen.h>
#include <stdint.h>

/*
 * grant_table_op(cmd, VA of an array of ops, count). Returns 0 when every op
 * was tried (each reports its own GNTST_* status), or -XEN_E* when the array
 * could not be read or cmd/count is bad (count over 1,024: -XEN_EINVAL). A
 * batch is done 64 ops at a time: between parts the core returns to the guest
 * with its PC back on the HVC, the array's VA (x1) advanced and count (x2)
 * reduced by the ops done, so the guest sees one call.
 */
typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

#define GNTTABOP_map_grant_ref 0
#define GNTTABOP_unmap_grant_ref 1
#define GNTTABOP_setup_table 2
#define GNTTABOP_copy 5
#define GNTTABOP_query_size 6
#define GNTTABOP_set_version 8
#define GNTTABOP_get_version 10

#define GRANT_FRAMES_DEFAULT 32
#define GRANT_FRAMES_MAX 64
#define GRANT_ENTRIES_PER_FRAME 512 /* v1 entries are 8 bytes */

/**
 * A v1 grant entry (8 bytes), written by the granting guest in its grant
 * table. The granter fills domid and frame, then flags; the core sets and
 * clears GTF_reading/GTF_writing while the grant is mapped or copied from/to.
 */
struct grant_entry_v1 {
	uint16_t flags; /* GTF_* */
	domid_t domid;  /* the domain allowed to use it */
	uint32_t frame; /* the granter's gfn */
};
_Static_assert(sizeof(struct grant_entry_v1) == 8, "size");

#define GTF_invalid 0
#define GTF_permit_access 1
#define GTF_type_mask 3
#define GTF_readonly (1u << 2)
#define GTF_reading (1u << 3)
#define GTF_writing (1u << 4)

/* Per-op status codes. */
#define GNTST_okay 0
#define GNTST_general_error (-1)
#define GNTST_bad_domain (-2)
#define GNTST_bad_gntref (-3)
#define GNTST_bad_handle (-4)
#define GNTST_bad_virt_addr (-5)
#define GNTST_bad_dev_addr (-6)
#define GNTST_no_device_space (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page (-9)
#define GNTST_bad_copy_arg (-10)
#define GNTST_address_too_big (-11)
#define GNTST_eagain (-12)
#define GNTST_no_space (-13)

#define GNTMAP_device_map (1u << 0)
#define GNTMAP_host_map (1u << 1)
#define GNTMAP_readonly (1u << 2)

/** Map another domain's grant at IPA host_addr of the caller (32 bytes). */
struct gnttab_map_grant_ref {
	uint64_t host_addr;    /* IN: page-aligned IPA at or above GUEST_GRANT_BASE where
				* nothing is mapped (a ballooned-out RAM page, say) */
	uint32_t flags;        /* IN: GNTMAP_host_map [| GNTMAP_readonly] [| GNTMAP_device_map:
				* only for a domain holding DOMAIN_RIGHT_DRIVER, else
				* GNTST_general_error] */
	grant_ref_t ref;       /* IN */
	domid_t dom;           /* IN: the granter */
	int16_t status;        /* OUT: GNTST_* */
	grant_handle_t handle; /* OUT: for unmap */
	uint64_t dev_bus_addr; /* OUT: with GNTMAP_device_map, the page's machine address, for
				* its devices' DMA (no SMMU yet); else 0 */
};
_Static_assert(sizeof(struct gnttab_map_grant_ref) == 32, "size");
_Static_assert(__builtin_offsetof(struct gnttab_map_grant_ref, status) == 18, "offset");
_Static_assert(__builtin_offsetof(struct gnttab_map_grant_ref, handle) == 20, "offset");

/** (24 bytes) */
struct gnttab_unmap_grant_ref {
	uint64_t host_addr;    /* IN: where it was mapped (checked against the handle) */
	uint64_t dev_bus_addr; /* IN: ignored */
	grant_handle_t handle; /* IN */
	int16_t status;        /* OUT */
	uint16_t pad;
};
_Static_assert(sizeof(struct gnttab_unmap_grant_ref) == 24, "size");

/** Grow the caller's table to nr_frames and learn their gfns (24 bytes). */
struct gnttab_setup_table {
	domid_t dom; /* IN: DOMID_SELF */
	uint16_t pad;
	uint32_t nr_frames; /* IN */
	int16_t status;     /* OUT */
	uint16_t pad2[3];
	uint64_t frame_list; /* IN: VA of nr_frames uint64_t; OUT: the frames' gfns */
};
_Static_assert(sizeof(struct gnttab_setup_table) == 24, "size");
_Static_assert(__builtin_offsetof(struct gnttab_setup_table, frame_list) == 16, "offset");

/** One side of a copy (16 bytes). */
struct gnttab_copy_ptr {
	uint64_t ref_or_gfn; /* a grant ref (with GNTCOPY_*_gref) or the caller's own gfn */
	domid_t domid;       /* the granter, or DOMID_SELF for an own gfn */
	uint16_t offset;     /* bytes into the page */
	uint32_t pad;
};
_Static_assert(sizeof(struct gnttab_copy_ptr) == 16, "size");

#define GNTCOPY_source_gref (1u << 0)
#define GNTCOPY_dest_gref (1u << 1)

/** Copy len bytes, never across a page on either side (40 bytes). */
struct gnttab_copy {
	struct gnttab_copy_ptr source; /* IN */
	struct gnttab_copy_ptr dest;   /* IN */
	uint16_t len;                  /* IN */
	uint16_t flags;                /* IN: GNTCOPY_* */
	int16_t status;                /* OUT */
	uint16_t pad;
};
_Static_assert(sizeof(struct gnttab_copy) == 40, "size");
_Static_assert(__builtin_offsetof(struct gnttab_copy, len) == 32, "offset");
_Static_assert(__builtin_offsetof(struct gnttab_copy, status) == 36, "offset");

/** (16 bytes) */
struct gnttab_query_size {
	domid_t dom; /* IN: DOMID_SELF */
	uint16_t pad;
	uint32_t nr_frames;     /* OUT: frames the table has */
	uint32_t max_nr_frames; /* OUT: frames it may grow to */
	int16_t status;         /* OUT */
	uint16_t pad2;
};
_Static_assert(sizeof(struct gnttab_query_size) == 16, "size");

/**
 * (4 bytes) Only version 1 is offered (Xen on Arm offers no other): the call
 * returns 0 for 1, -XEN_ENOSYS for 2 and -XEN_EINVAL for any other, and
 * writes the version in force (1) back in each case. count must be 1
 * (-XEN_EINVAL), as for get_version.
 */
struct gnttab_set_version {
	uint32_t version; /* IN: 1; OUT: the version in force */
};
_Static_assert(sizeof(struct gnttab_set_version) == 4, "size");

/**
 * (8 bytes) The version of dom's table: always 1. Returns 0, -XEN_ESRCH for
 * no such domain, -XEN_EPERM for another domain than the caller.
 */
struct gnttab_get_version {
	domid_t dom; /* IN: DOMID_SELF or the caller's id */
	uint16_t pad;
	uint32_t version; /* OUT */
};
_Static_assert(sizeof(struct gnttab_get_version) == 8, "size");
_Static_assert(__builtin_offsetof(struct gnttab_get_version, version) == 4, "offset");

#endif
