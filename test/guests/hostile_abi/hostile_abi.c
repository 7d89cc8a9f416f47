// SPDX-License-Identifier: MIT
/* What the hostile ABI test cases share: the peer, RAM end, raw map and unmap. */
#include <libos/physmap.h>

#include "../xen_common/xen_test.h"
#include "hostile_abi.h"

domid_t hostile_peer(void)
{
	return xen_test_peer(HOSTILE_PEER_DOMID);
}

uint64_t hostile_ram_end(void)
{
	uint64_t base;
	uint64_t size;

	return dt_memory(&base, &size) == 0 ? base + size : 0;
}

int64_t hostile_map(domid_t dom, grant_ref_t ref, uint64_t host_addr, uint32_t flags,
		    grant_handle_t *handle)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = host_addr,
		.flags = flags,
		.ref = ref,
		.dom = dom,
		.status = 1,
	};
	long rc = hostile_gnttab_op(GNTTABOP_map_grant_ref, &op, 1);

	if (rc != 0) {
		return rc;
	}
	if (op.status == GNTST_okay) {
		*handle = op.handle;
	}
	return op.status;
}

int64_t hostile_unmap(uint64_t host_addr, grant_handle_t handle)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = host_addr,
					     .handle = handle,
					     .status = 1 };
	long rc = hostile_gnttab_op(GNTTABOP_unmap_grant_ref, &op, 1);

	return rc != 0 ? rc : op.status;
}

uint64_t hostile_map_page(void)
{
	return physmap_alloc(1);
}
