// SPDX-License-Identifier: MIT
/* add_to_physmap with bad spaces, indexes, gfns and domains; the shared info page moved about. */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <abi/memory.h>
#include <libos/arm64.h>
#include <libos/exc.h>
#include <libos/gnttab.h>
#include <libos/intr.h>
#include <libos/physmap.h>
#include <libos/probe.h>
#include <libos/reservation.h>
#include <libos/shared_info.h>
#include <libos/test.h>

#include "../abi_peer/offers.h"
#include "hostile_abi.h"

#define PAGE 4096ull

static long add(domid_t domid, uint32_t space, uint64_t idx, uint64_t gpfn)
{
	struct xen_add_to_physmap a = { .domid = domid, .space = space, .idx = idx, .gpfn = gpfn };

	return hypercall_memory_op(XENMEM_add_to_physmap, &a);
}

/* A load from va faults (nothing mapped there now). */
static bool unmapped(uint64_t va)
{
	struct exc_record rec;

	exc_expect(ESR_EC_DABT_CUR, (uintptr_t)probe_read64_resume);
	(void)probe_read64((uintptr_t)va);
	return exc_taken(&rec);
}

TEST(hostile_abi, physmap_bad_arguments)
{
	static const uint32_t spaces[] = { 2, 3, 4, 99, 0xFFFFFFFFu };
	static const uint64_t bad_gpfns[] = { 0, 1ull << 28, 1ull << 40, ~0ull };
	uint64_t page = hostile_map_page();
	uint32_t frames = 0;
	uint32_t max_frames = 0;

	REQUIRE(page != 0);
	REQUIRE_EQ(gnttab_query_size(&frames, &max_frames), 0);
	for (unsigned int i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++) {
		test_context("space %u", spaces[i]);
		CHECK_EQ(add(DOMID_SELF, spaces[i], 0, page / PAGE), -XEN_EINVAL);
	}
	test_context(NULL);
	/* The shared info space has one frame; the grant table max_nr_frames. */
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_shared_info, 1, page / PAGE), -XEN_EINVAL);
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_shared_info, ~0ull, page / PAGE), -XEN_EINVAL);
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_grant_table, max_frames, page / PAGE), -XEN_EINVAL);
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_grant_table, GRANT_FRAMES_MAX, page / PAGE),
		 -XEN_EINVAL);
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_grant_table, ~0ull, page / PAGE), -XEN_EINVAL);
	/* Bad gfns for a frame not placed yet (the table's last); one placed already
	 * (shared info, grant frame 0) is -EBUSY first, as on Xen, wherever asked. */
	REQUIRE(max_frames > frames);
	for (unsigned int i = 0; i < sizeof(bad_gpfns) / sizeof(bad_gpfns[0]); i++) {
		test_context("gpfn 0x%lx", (unsigned long)bad_gpfns[i]);
		CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_grant_table, max_frames - 1, bad_gpfns[i]),
			 -XEN_EINVAL);
		CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_grant_table, 0, bad_gpfns[i]), -XEN_EBUSY);
		CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_shared_info, 0, bad_gpfns[i]), -XEN_EBUSY);
	}
	test_context(NULL);
	/* Another domain's physical map. */
	CHECK_EQ(add((domid_t)hostile_peer(), XENMAPSPACE_shared_info, 0, page / PAGE), -XEN_EPERM);
	CHECK_EQ(add(HOSTILE_NO_SUCH_DOMID, XENMAPSPACE_grant_table, 0, page / PAGE), -XEN_EPERM);
	physmap_free(page, 1);
}

TEST(hostile_abi, physmap_over_what_is_there)
{
	struct shared_info *shared = shared_info_get();
	uint64_t page = hostile_map_page();
	grant_handle_t handle = 0;

	REQUIRE(shared != NULL && page != 0 && gnttab_entries() != NULL);
	/* A grant frame over the shared info page, and over a granted page: both taken. */
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_grant_table, 0, (uint64_t)(uintptr_t)shared / PAGE),
		 -XEN_EBUSY);
	REQUIRE_EQ(hostile_map(hostile_peer(), OFFER_REF_RW, page, GNTMAP_host_map, &handle),
		   GNTST_okay);
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_shared_info, 0, page / PAGE), -XEN_EBUSY);
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_grant_table, 1, page / PAGE), -XEN_EBUSY);
	/* The mapping is unharmed. */
	CHECK_EQ(*(volatile uint8_t *)(uintptr_t)(page + 5), OFFER_RW_BYTE(5));
	CHECK_EQ(hostile_unmap(page, handle), GNTST_okay);
	/* Shared info mapped where it already is: nothing to do. */
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_shared_info, 0, (uint64_t)(uintptr_t)shared / PAGE),
		 0);
	physmap_free(page, 1);
}

/* Shared info is placed once: elsewhere is -EBUSY and it stays (Xen 4.17 on Arm),
 * over RAM as much as over an empty gfn, and that RAM is not given back. */
TEST(hostile_abi, physmap_shared_info_stays)
{
	static uint64_t ram_page[PAGE / 8] __attribute__((aligned(PAGE)));
	struct shared_info *shared = shared_info_get();
	uint64_t home = (uint64_t)(uintptr_t)shared / PAGE;
	uint64_t away = hostile_map_page();
	uint64_t ram_gfn = (uint64_t)(uintptr_t)ram_page / PAGE;
	long before = reservation_current();
	uint64_t mask0;

	REQUIRE(shared != NULL && away != 0 && gnttab_entries() != NULL);
	mask0 = shared->evtchn_mask[0];
	ram_page[0] = 0x5eed;
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_shared_info, 0, away / PAGE), -XEN_EBUSY);
	CHECK(unmapped(away));
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_shared_info, 0, ram_gfn), -XEN_EBUSY);
	CHECK_EQ(((volatile uint64_t *)ram_page)[0], 0x5eed);
	CHECK_EQ(reservation_current(), before);
	/* Where it is: nothing to do, and it still works. */
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_shared_info, 0, home), 0);
	CHECK_EQ(((volatile struct shared_info *)shared)->evtchn_mask[0], mask0);
	/* A grant frame placed already (the table's first): the same answer. */
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_grant_table, 0, away / PAGE), -XEN_EBUSY);
	CHECK(unmapped(away));
	physmap_free(away, 1);
}
