/* SPDX-License-Identifier: MIT */
/* Grant tables v1: granting own pages to other domains, mapping and copying theirs. */
#ifndef LIBOS_GNTTAB_H
#define LIBOS_GNTTAB_H

#include <abi/grant_table.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * The granting side: gnttab_init sizes the domain's table (setup_table) and
 * maps its frames, one after the other, into the physmap window, so the
 * entries form one array. Refs 0..GNTTAB_RESERVED_REFS-1 are reserved by
 * convention (0 console, 1 xenstore): the allocator hands out the lowest
 * free ref from GNTTAB_RESERVED_REFS on, and gnttab_grant_access_ref fills
 * a ref the caller chose. A grant is revoked by gnttab_end_access, which
 * swaps the entry's flags to 0 only while the core has neither GTF_reading
 * nor GTF_writing set, i.e. while no peer has it mapped: otherwise the grant
 * stays in force and the call reports -XEN_EBUSY ("still in use").
 *
 * The using side: map, unmap and copy wrappers return the op's GNTST_*
 * status, or GNTST_general_error when the hypercall itself failed.
 *
 * Functions returning long give 0 or -XEN_E* (abi/errno.h). The ref
 * allocator is safe on any vCPU; gnttab_init must not run concurrently
 * with anything else here.
 */
#define GNTTAB_RESERVED_REFS 8u

/**
 * Query the table, select version 1, grow it to frames frames (0: keep
 * its current size) and map every frame. May be called again to grow.
 * Returns 0, -XEN_EINVAL if frames exceeds the table's maximum, -XEN_ENOSPC
 * if the physmap window has no room, or the core's error.
 */
long gnttab_init(unsigned int frames);

/** GNTTABOP_query_size for this domain: frames now and the most it may have. */
long gnttab_query_size(uint32_t *nr_frames, uint32_t *max_nr_frames);

/** Frames of the table gnttab_init mapped (0 before). */
unsigned int gnttab_frame_count(void);

/** The table's entries (gnttab_frame_count() * GRANT_ENTRIES_PER_FRAME of them), or NULL. */
struct grant_entry_v1 *gnttab_entries(void);

/** The lowest free ref at or above GNTTAB_RESERVED_REFS; -XEN_ENOSPC if the table is full. */
long gnttab_alloc_ref(grant_ref_t *ref);

/** Return ref to the allocator (after its grant was revoked). */
void gnttab_free_ref(grant_ref_t ref);

/**
 * Fill entry ref: domid may access frame gfn, read-only or not. Writes
 * domid and frame, then (after a barrier) the flags. Returns -XEN_EINVAL for
 * a ref beyond the table or a gfn that does not fit the entry's 32 bits.
 */
long gnttab_grant_access_ref(grant_ref_t ref, domid_t domid, uint64_t gfn, bool readonly);

/** Allocate a ref and grant through it (both of the above). */
long gnttab_grant_access(domid_t domid, uint64_t gfn, bool readonly, grant_ref_t *ref);

/**
 * Revoke ref's grant: flags to 0 by compare-and-swap, refused with
 * -XEN_EBUSY while GTF_reading or GTF_writing is set. Does not free the ref.
 */
long gnttab_end_access_ref(grant_ref_t ref);

/** gnttab_end_access_ref, then free the ref on success. */
long gnttab_end_access(grant_ref_t ref);

/** GNTTABOP_* on count ops at ops, as they are: the hypercall's result. */
long gnttab_op(unsigned int cmd, void *ops, unsigned int count);

/**
 * Map dom's grant ref at IPA host_addr (page-aligned, outside RAM and
 * devices) with GNTMAP_* flags (GNTMAP_host_map is added). Returns the
 * GNTST_* status and, on GNTST_okay, the handle for unmapping.
 */
int16_t gnttab_map(domid_t dom, grant_ref_t ref, uint64_t host_addr, uint32_t flags,
		   grant_handle_t *handle);

/** Unmap what gnttab_map mapped at host_addr. Returns the GNTST_* status. */
int16_t gnttab_unmap(uint64_t host_addr, grant_handle_t handle);

/**
 * Map dom's grant ref at a fresh page of the physmap window: *va is where it
 * can be reached. Returns the GNTST_* status (GNTST_no_device_space if the
 * window is full); on failure the page goes back to the window.
 */
int16_t gnttab_map_page(domid_t dom, grant_ref_t ref, bool readonly, void **va,
			grant_handle_t *handle);

/**
 * As gnttab_map_page, read-write, and for DMA by this domain's devices: *bus
 * is the page's address for them. Only a domain holding DOMAIN_RIGHT_DRIVER
 * may ask (GNTST_general_error for others). Unmapped by gnttab_unmap_page.
 */
int16_t gnttab_map_page_dma(domid_t dom, grant_ref_t ref, void **va, grant_handle_t *handle,
			    uint64_t *bus);

/** Unmap a page gnttab_map_page mapped, and give its window page back on success. */
int16_t gnttab_unmap_page(void *va, grant_handle_t handle);

/** The most pages gnttab_map_pages maps at once (a blkif ring of order 4). */
#define GNTTAB_MAP_PAGES_MAX 16u

/**
 * Map count (1..GNTTAB_MAP_PAGES_MAX) of dom's grant refs at count
 * consecutive pages of the physmap window, refs[i] at *va + i * 4096 (for
 * a multi-page ring), in one batch. All or nothing: on GNTST_okay every
 * page is mapped and handles[i] is refs[i]'s; on failure whatever was
 * mapped has been unmapped again and the window pages given back, and the
 * first failing op's status is returned (GNTST_general_error for a count
 * out of range or a failed hypercall, GNTST_no_device_space if the window
 * has no run that long).
 */
int16_t gnttab_map_pages(domid_t dom, const grant_ref_t *refs, unsigned int count, bool readonly,
			 void **va, grant_handle_t *handles);

/**
 * Unmap count pages gnttab_map_pages mapped at va with handles, in one
 * batch. The window pages whose unmap succeeded are given back (one still
 * mapped is kept out of the window's allocator). Returns GNTST_okay or the
 * first failing op's status.
 */
int16_t gnttab_unmap_pages(void *va, const grant_handle_t *handles, unsigned int count);

/** One GNTTABOP_copy; returns its GNTST_* status. */
int16_t gnttab_copy(struct gnttab_copy *op);

#endif
