// SPDX-License-Identifier: MIT
/* Random memory_op calls: reservations, populate, decrease, add_to_physmap, unknown commands. */
#include <abi/memory.h>
#include <libos/hypercall.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"

/* A reservation call whose gfn list is in the argument buffer after the struct. */
static void reservation_call(unsigned int cmd)
{
	static const uint64_t orders[] = { 0, 0, 0, 0, 1, 9 };
	uint8_t *arg = fuzz_arg();
	struct xen_memory_reservation *r = (struct xen_memory_reservation *)arg;
	uint64_t *gfns = (uint64_t *)(arg + FUZZ_PAGE);
	uint64_t count = fuzz_below(8) + 1;
	uint32_t order = (uint32_t)orders[fuzz_below(sizeof(orders) / sizeof(orders[0]))];
	bool lose = cmd != XENMEM_populate_physmap;

	memset(gfns, 0, FUZZ_PAGE); /* gfn 0 is never the domain's */
	for (uint64_t i = 0; i < count; i++) {
		uint64_t gfn = lose ? fuzz_gfn_to_lose() : fuzz_gfn_any();

		gfns[i] = gfn & ~((1ull << order) - 1); /* a large extent stays inside its pool */
	}
	memset(r, 0, sizeof(*r));
	r->extent_start = (uint64_t)(uintptr_t)gfns;
	r->nr_extents = count;
	r->extent_order = order;
	r->domid = fuzz_domid();
	switch (fuzz_below(6)) {
	case 0:
		r->nr_extents = fuzz_value(); /* more than the list, or a boundary */
		break;
	case 1:
		r->extent_order =
			(uint32_t)fuzz_value() | 10u;       /* beyond any extent the pool holds */
		r->extent_start = (uint64_t)(uintptr_t)arg; /* and a list of garbage */
		fuzz_fill(gfns, FUZZ_PAGE);
		break;
	case 2:
		/*
		 * Only unreadable lists: a readable page outside RAM may hold a
		 * core frame (shared info, say) with a gfn of the fuzzer in it.
		 */
		r->extent_start = fuzz_unreadable_pointer();
		break;
	default:
		break;
	}
	void *where = fuzz_one_in(16) ? (void *)fuzz_unreadable_pointer() : r;
	long rc = hypercall_memory_op(cmd, where);

	if (fuzz_tracing) {
		printf("fuzz: memory_op %u at %p: list %p count 0x%llx order %u dom 0x%x: %ld\n",
		       cmd, where, (void *)(uintptr_t)r->extent_start,
		       (unsigned long long)r->nr_extents, r->extent_order, r->domid, rc);
		for (uint64_t i = 0; i < count; i++) {
			printf("fuzz:   gfn 0x%llx\n", (unsigned long long)gfns[i]);
		}
	}
}

static void query_call(unsigned int cmd)
{
	domid_t *domid = (domid_t *)fuzz_arg();

	*domid = fuzz_domid();
	(void)hypercall_memory_op(cmd, fuzz_one_in(8) ? (void *)fuzz_pointer() : domid);
}

static void add_to_physmap_call(void)
{
	static const uint64_t spaces[] = { XENMAPSPACE_shared_info, XENMAPSPACE_grant_table, 2, 5,
					   0xFFFFFFFF };
	static const uint64_t idxs[] = { 0, 1, 2, 31, 63, 64, 0x80000000ull };
	struct xen_add_to_physmap *a = (struct xen_add_to_physmap *)fuzz_arg();

	memset(a, 0, sizeof(*a));
	a->domid = fuzz_domid();
	a->size = (uint16_t)(fuzz_one_in(4) ? fuzz_value() : 0);
	a->space = (uint32_t)fuzz_pick(spaces, sizeof(spaces) / sizeof(spaces[0]));
	a->idx = fuzz_pick(idxs, sizeof(idxs) / sizeof(idxs[0]));
	a->gpfn = fuzz_gfn_to_lose();
	long rc = hypercall_memory_op(XENMEM_add_to_physmap, a);

	if (fuzz_tracing) {
		printf("fuzz: add_to_physmap dom 0x%x space %u idx 0x%llx gpfn 0x%llx: %ld\n",
		       a->domid, a->space, (unsigned long long)a->idx, (unsigned long long)a->gpfn,
		       rc);
	}
}

void fuzz_memory_op(void)
{
	switch (fuzz_below(8)) {
	case 0:
		reservation_call(XENMEM_decrease_reservation);
		break;
	case 1:
	case 2:
		reservation_call(XENMEM_populate_physmap);
		break;
	case 3:
		reservation_call(XENMEM_increase_reservation);
		break;
	case 4:
		query_call((unsigned int)(fuzz_one_in(2) ? XENMEM_current_reservation
							 : XENMEM_maximum_reservation +
								   fuzz_below(2) * 10));
		break;
	case 5:
		add_to_physmap_call();
		break;
	case 6:
		query_call(XENMEM_maximum_gpfn);
		break;
	default: {
		/* Unknown commands, and known ones with garbage in the high bits. */
		uint64_t cmd = fuzz_value();

		fuzz_fill(fuzz_arg(), 64);
		if (fuzz_memop_loses(cmd)) {
			cmd = 99; /* garbage could name the fuzzer's own pages */
		}
		(void)hypercall_memory_op(cmd, fuzz_arg());
		break;
	}
	}
}

bool fuzz_memop_loses(uint64_t cmd)
{
	/* Low 32 bits or low 6 (Xen keeps a start extent above them): either may be decoded. */
	uint64_t low = cmd & 0xFFFFFFFFull;
	uint64_t op = cmd & 0x3Full;

	return low == XENMEM_decrease_reservation || low == XENMEM_add_to_physmap ||
	       op == XENMEM_decrease_reservation || op == XENMEM_add_to_physmap;
}
