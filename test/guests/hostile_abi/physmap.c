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
	for (unsigned int i = 0; i < sizeof(bad_gpfns) / sizeof(bad_gpfns[0]); i++) {
		test_context("gpfn 0x%lx", (unsigned long)bad_gpfns[i]);
		CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_grant_table, 0, bad_gpfns[i]), -XEN_EINVAL);
		CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_shared_info, 0, bad_gpfns[i]), -XEN_EINVAL);
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

TEST(hostile_abi, physmap_shared_info_moves)
{
	static uint64_t ram_page[PAGE / 8] __attribute__((aligned(PAGE)));
	struct shared_info *shared = shared_info_get();
	uint64_t home = (uint64_t)(uintptr_t)shared / PAGE;
	uint64_t away = hostile_map_page();
	uint64_t ram_gfn = (uint64_t)(uintptr_t)ram_page / PAGE;
	long before = reservation_current();
	uint64_t mask0;
	uint64_t daif;

	REQUIRE(shared != NULL && away != 0);
	mask0 = shared->evtchn_mask[0];
	/* No event may be taken while the page is elsewhere. */
	daif = intr_save();
	/* Moved: the old place is empty, the new one shows the same page. */
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_shared_info, 0, away / PAGE), 0);
	CHECK(unmapped(home * PAGE));
	CHECK_EQ(((volatile struct shared_info *)(uintptr_t)away)->evtchn_mask[0], mask0);
	/* Over a page of RAM (as Linux places it): that page is given back for it. */
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_shared_info, 0, ram_gfn), 0);
	CHECK(unmapped(away));
	CHECK_EQ(((volatile struct shared_info *)ram_page)->evtchn_mask[0], mask0);
	CHECK_EQ(reservation_current(), before - 1);
	/* Home again; the RAM page is gone until populated. */
	CHECK_EQ(add(DOMID_SELF, XENMAPSPACE_shared_info, 0, home), 0);
	CHECK_EQ(shared->evtchn_mask[0], mask0);
	CHECK(unmapped((uint64_t)(uintptr_t)ram_page));
	CHECK_EQ(reservation_populate(&ram_gfn, 1), 1);
	CHECK_EQ(ram_page[0], 0);
	intr_restore(daif);
	CHECK_EQ(reservation_current(), before);
	physmap_free(away, 1);
}
