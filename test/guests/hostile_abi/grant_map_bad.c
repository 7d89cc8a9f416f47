// SPDX-License-Identifier: MIT
/* Mapping grants that are not ours to map, or at addresses that are not for mapping. */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/physmap.h>
#include <libos/shared_info.h>
#include <libos/test.h>

#include "../abi_peer/offers.h"
#include "hostile_abi.h"

/* A window page for this file's tests, reserved once. */
static uint64_t map_target(void)
{
	static uint64_t page;

	if (page == 0) {
		page = hostile_map_page();
	}
	return page;
}

/* Map (dom, ref) at addr expecting status want; unmap if it unexpectedly worked. */
static void expect_map(domid_t dom, grant_ref_t ref, uint64_t addr, uint32_t flags, int64_t want)
{
	grant_handle_t handle = 0;
	int64_t got = hostile_map(dom, ref, addr, flags, &handle);

	test_context("map d%u ref 0x%x at 0x%lx flags 0x%x", dom, ref, (unsigned long)addr, flags);
	if (!CHECK_EQ(got, want) && got == GNTST_okay) {
		(void)hostile_unmap(addr, handle);
	}
	test_context(NULL);
}

TEST(hostile_abi, gnttab_map_bad_refs)
{
	static const grant_ref_t refs[] = { GRANT_FRAMES_MAX * GRANT_ENTRIES_PER_FRAME, 0x7FFFFFFF,
					    0x80000000, (grant_ref_t)-8, 0xFFFFFFFF };
	domid_t peer = hostile_peer();
	uint64_t page = map_target();

	REQUIRE(page != 0 && hostile_peer_port() != 0);
	for (unsigned int i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		expect_map(peer, refs[i], page, GNTMAP_host_map, GNTST_bad_gntref);
		expect_map(peer, refs[i], page, GNTMAP_host_map | GNTMAP_readonly,
			   GNTST_bad_gntref);
	}
	/* In range but not granted, or granted to someone else: Xen's general error. */
	expect_map(peer, OFFER_REF_UNUSED, page, GNTMAP_host_map, GNTST_general_error);
	expect_map(peer, 0, page, GNTMAP_host_map, GNTST_general_error);
	expect_map(peer, OFFER_REF_OTHER, page, GNTMAP_host_map, GNTST_general_error);
	expect_map(peer, OFFER_REF_OTHER, page, GNTMAP_host_map | GNTMAP_readonly,
		   GNTST_general_error);
	/* Read-only grant, writable mapping. */
	expect_map(peer, OFFER_REF_RO, page, GNTMAP_host_map, GNTST_general_error);
}

TEST(hostile_abi, gnttab_map_bad_domains_and_flags)
{
	uint64_t page = map_target();
	domid_t peer = hostile_peer();

	REQUIRE(page != 0);
	expect_map(HOSTILE_NO_SUCH_DOMID, OFFER_REF_RW, page, GNTMAP_host_map, GNTST_bad_domain);
	expect_map(0x7FF1, OFFER_REF_RW, page, GNTMAP_host_map, GNTST_bad_domain);
	/* DOMID_SELF names no granter (Xen looks the id up as given); bad refs come after. */
	expect_map(DOMID_SELF, OFFER_REF_RW, page, GNTMAP_host_map, GNTST_bad_domain);
	expect_map(DOMID_SELF, 0xFFFFFFFF, page, GNTMAP_host_map, GNTST_bad_domain);
	/* Neither a host nor a device mapping; a device mapping (a driver domain's only). */
	expect_map(peer, OFFER_REF_RW, page, 0, GNTST_bad_gntref);
	expect_map(peer, OFFER_REF_RW, page, GNTMAP_readonly, GNTST_bad_gntref);
	expect_map(HOSTILE_NO_SUCH_DOMID, OFFER_REF_RW, page, 0, GNTST_bad_gntref);
	expect_map(peer, OFFER_REF_RW, page, GNTMAP_device_map | GNTMAP_host_map,
		   GNTST_general_error);
}

TEST(hostile_abi, gnttab_map_bad_addresses)
{
	static const uint64_t unaligned[] = { 1, 0x800, 0xFFF };
	uint64_t page = map_target();
	domid_t peer = hostile_peer();
	struct shared_info *shared = shared_info_get();
	grant_handle_t handle = 0;

	REQUIRE(page != 0);
	for (unsigned int i = 0; i < sizeof(unaligned) / sizeof(unaligned[0]); i++) {
		expect_map(peer, OFFER_REF_RW, page + unaligned[i], GNTMAP_host_map,
			   GNTST_bad_virt_addr);
	}
	/* Beyond the 40-bit IPA space. */
	expect_map(peer, OFFER_REF_RW, 1ull << 40, GNTMAP_host_map, GNTST_bad_virt_addr);
	expect_map(peer, OFFER_REF_RW, 0xFFFFFFFFFFFFF000ull, GNTMAP_host_map, GNTST_bad_virt_addr);
	/* Over own RAM: the first page, a page of this image, the last page. */
	expect_map(peer, OFFER_REF_RW, GUEST_RAM_BASE, GNTMAP_host_map, GNTST_bad_virt_addr);
	expect_map(peer, OFFER_REF_RW, (uint64_t)(uintptr_t)&handle & ~0xFFFull, GNTMAP_host_map,
		   GNTST_bad_virt_addr);
	expect_map(peer, OFFER_REF_RW, hostile_ram_end() - 4096, GNTMAP_host_map,
		   GNTST_bad_virt_addr);
	/* Over the shared info page and over another mapping. */
	REQUIRE(shared != NULL);
	expect_map(peer, OFFER_REF_RW, (uint64_t)(uintptr_t)shared, GNTMAP_host_map,
		   GNTST_bad_virt_addr);
	REQUIRE_EQ(hostile_map(peer, OFFER_REF_RW, page, GNTMAP_host_map, &handle), GNTST_okay);
	expect_map(peer, OFFER_REF_RW, page, GNTMAP_host_map, GNTST_bad_virt_addr);
	expect_map(peer, OFFER_REF_RO, page, GNTMAP_host_map | GNTMAP_readonly,
		   GNTST_bad_virt_addr);
	CHECK_EQ(hostile_unmap(page, handle), GNTST_okay);
}

TEST(hostile_abi, gnttab_map_over_devices)
{
	domid_t peer = hostile_peer();

	/* The emulated GIC's pages and the machine's UART are devices, not places for grants. */
	expect_map(peer, OFFER_REF_RW, GUEST_GICD_BASE, GNTMAP_host_map, GNTST_bad_virt_addr);
	expect_map(peer, OFFER_REF_RW, GUEST_GICR_BASE, GNTMAP_host_map, GNTST_bad_virt_addr);
	expect_map(peer, OFFER_REF_RW, 0x09000000, GNTMAP_host_map, GNTST_bad_virt_addr);
}
