// SPDX-License-Identifier: MIT
/* A back end's reach into its frontends' memory (backend_mem.h). */
#include <abi/hypercall.h>
#include <libos/backend_mem.h>
#include <libos/gnttab.h>
#include <stdbool.h>
#include <stdio.h>

#define PAGE 4096u

int backend_grant_copy(struct gnttab_copy *ops, unsigned int count)
{
	return (int)gnttab_op(GNTTABOP_copy, ops, count);
}

int16_t backend_ring_map(domid_t domid, const grant_ref_t *refs, unsigned int count, void **va,
			 grant_handle_t *handles)
{
	return gnttab_map_pages(domid, refs, count, false, va, handles);
}

void backend_ring_unmap(void *va, const grant_handle_t *handles, unsigned int count)
{
	int16_t st = gnttab_unmap_pages(va, handles, count);

	if (st != GNTST_okay) {
		printf("backend: a ring's unmap failed (%d): its window pages are kept out of use\n",
		       st);
	}
}

uint64_t backend_gfn_of(const void *va)
{
	return (uint64_t)(uintptr_t)va / PAGE;
}
