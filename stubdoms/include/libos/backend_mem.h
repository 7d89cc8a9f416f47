/* SPDX-License-Identifier: MIT */
/* A back end's reach into its frontends' memory: grant copies, and rings mapped by grant. */
#ifndef LIBOS_BACKEND_MEM_H
#define LIBOS_BACKEND_MEM_H

#include <abi/grant_table.h>
#include <abi/xen.h>
#include <stdint.h>

/*
 * The calls every back end's request engine is given (blk_platform.h,
 * net_platform.h), the same for each: data moves by grant copy between
 * the frontend's pages and the back end's own, and rings are mapped.
 */

/** GNTTABOP_copy of ops[0..count): 0 when every op was tried (each has its status), or the
 *  call's -XEN_E* (the statuses are then not to be trusted). */
int backend_grant_copy(struct gnttab_copy *ops, unsigned int count);

/** Map a ring of count pages domid granted (refs), writable and contiguous at *va: all or
 *  nothing, as gnttab_map_pages. */
int16_t backend_ring_map(domid_t domid, const grant_ref_t *refs, unsigned int count, void **va,
			 grant_handle_t *handles);

/** Unmap what backend_ring_map mapped; a failure is logged (its window pages stay out of use:
 *  the grant table keeps the frontend's pages until they are unmapped). */
void backend_ring_unmap(void *va, const grant_handle_t *handles, unsigned int count);

/** The gfn of a page of the back end's own memory (its IPA is its address). */
uint64_t backend_gfn_of(const void *va);

#endif
