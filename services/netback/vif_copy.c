// SPDX-License-Identifier: MIT
/* Grant copy ops between a frontend's page and a frame in netback's memory. */
#include "net_platform.h"
#include "vif_conn_internal.h"
#include <abi/hypercall.h>
#include <string.h>

/* Locking: none (vif_conn_internal.h). */

/* One op: n bytes, never across a page on either side (GNTTABOP_copy's rule). */
static void vif_copy_op(struct gnttab_copy *op, domid_t domid, grant_ref_t ref,
			uint16_t their_offset, const uint8_t *ours, uint16_t n, bool to_frontend)
{
	uintptr_t at = (uintptr_t)ours;
	struct gnttab_copy_ptr theirs = { .ref_or_gfn = ref,
					  .domid = domid,
					  .offset = their_offset };
	struct gnttab_copy_ptr mine = {
		.ref_or_gfn = net_platform()->gfn_of((const void *)(at & ~(uintptr_t)4095u)),
		.domid = DOMID_SELF,
		.offset = (uint16_t)(at & 4095u),
	};

	memset(op, 0, sizeof(*op));
	op->source = to_frontend ? mine : theirs;
	op->dest = to_frontend ? theirs : mine;
	op->len = n;
	op->flags = (uint16_t)(to_frontend ? GNTCOPY_dest_gref : GNTCOPY_source_gref);
}

unsigned int vif_copy_span(struct gnttab_copy *ops, domid_t domid, grant_ref_t ref,
			   uint16_t their_offset, uint8_t *ours, uint32_t len, bool to_frontend)
{
	unsigned int count = 0;

	while (len > 0 && count < 2) {
		/* Frames are not page-aligned: our side ends where our page does. */
		uint32_t room = 4096u - (uint32_t)((uintptr_t)ours & 4095u);
		uint32_t n = len < room ? len : room;

		vif_copy_op(&ops[count++], domid, ref, their_offset, ours, (uint16_t)n,
			    to_frontend);
		their_offset = (uint16_t)(their_offset + n);
		ours += n;
		len -= n;
	}
	return count;
}
