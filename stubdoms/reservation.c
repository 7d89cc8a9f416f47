// SPDX-License-Identifier: MIT
/* memory_op reservation calls for the calling domain. */
#include <abi/hypercall.h>
#include <abi/memory.h>
#include <libos/hypercall.h>
#include <libos/reservation.h>

/* Locking: none; each call is one hypercall on the caller's own arguments. */

/* A query that takes the VA of a domid. */
static long reservation_query(unsigned int cmd)
{
	domid_t domid = DOMID_SELF;

	return hypercall_memory_op(cmd, &domid);
}

long reservation_current(void)
{
	return reservation_query(XENMEM_current_reservation);
}

long reservation_maximum(void)
{
	return reservation_query(XENMEM_maximum_reservation);
}

long reservation_maximum_gpfn(void)
{
	return reservation_query(XENMEM_maximum_gpfn);
}

/* populate_physmap or decrease_reservation of a gfn list, order 0. */
static long reservation_list(unsigned int cmd, const uint64_t *gfns, size_t count)
{
	struct xen_memory_reservation arg = {
		.extent_start = (uint64_t)(uintptr_t)gfns,
		.nr_extents = count,
		.extent_order = 0,
		.mem_flags = 0,
		.domid = DOMID_SELF,
	};

	return hypercall_memory_op(cmd, &arg);
}

long reservation_populate(const uint64_t *gfns, size_t count)
{
	return reservation_list(XENMEM_populate_physmap, gfns, count);
}

long reservation_decrease(const uint64_t *gfns, size_t count)
{
	return reservation_list(XENMEM_decrease_reservation, gfns, count);
}
