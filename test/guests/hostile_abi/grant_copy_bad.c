// SPDX-License-Identifier: MIT
/* Copies across page ends, with overflowing offsets, from and to what is not granted or not RAM. */
#include <abi/errno.h>
#include <abi/hypercall.h>
#include <libos/test.h>

#include "../abi_peer/offers.h"
#include "hostile_abi.h"

#define PAGE 4096u

static uint8_t own[PAGE] __attribute__((aligned(PAGE)));

static uint64_t own_gfn(void)
{
	return (uint64_t)(uintptr_t)own / PAGE;
}

/* One copy; its status (or the hypercall's error). */
static int64_t copy(uint64_t src, domid_t src_dom, uint16_t src_off, uint64_t dst, domid_t dst_dom,
		    uint16_t dst_off, uint16_t len, uint16_t flags)
{
	struct gnttab_copy op = {
		.source = { .ref_or_gfn = src, .domid = src_dom, .offset = src_off },
		.dest = { .ref_or_gfn = dst, .domid = dst_dom, .offset = dst_off },
		.len = len,
		.flags = flags,
		.status = 1,
	};
	long rc = hostile_gnttab_op(GNTTABOP_copy, &op, 1);

	return rc != 0 ? rc : op.status;
}

TEST(hostile_abi, gnttab_copy_bounds)
{
	/* {source offset, dest offset, length}: each crosses a page end on some side. */
	static const uint16_t bad[][3] = {
		{ 4095, 0, 2 },   { 0, 4095, 2 },
		{ 4000, 0, 200 }, { 0, 0, 4097 },
		{ 1, 0, 4096 },   { 0xFFFF, 0, 1 },
		{ 0, 0xFFFF, 1 }, { 0xFFFF, 0xFFFF, 0xFFFF },
		{ 1, 1, 0xFFFF }, { 0x8000, 0, 0x8000 },
	};
	domid_t peer = hostile_peer();

	REQUIRE(hostile_peer_port() != 0);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		test_context("offsets %u, %u, length %u", bad[i][0], bad[i][1], bad[i][2]);
		CHECK_EQ(copy(own_gfn(), DOMID_SELF, bad[i][0], OFFER_REF_RW, peer, bad[i][1],
			      bad[i][2], GNTCOPY_dest_gref),
			 GNTST_bad_copy_arg);
		CHECK_EQ(copy(OFFER_REF_RO, peer, bad[i][0], own_gfn(), DOMID_SELF, bad[i][1],
			      bad[i][2], GNTCOPY_source_gref),
			 GNTST_bad_copy_arg);
	}
	test_context(NULL);
	/* A whole page, and nothing, are fine. */
	CHECK_EQ(copy(OFFER_REF_RO, peer, 0, own_gfn(), DOMID_SELF, 0, PAGE, GNTCOPY_source_gref),
		 GNTST_okay);
	CHECK_EQ(own[PAGE - 1], OFFER_RO_BYTE(PAGE - 1));
	CHECK_EQ(
		copy(OFFER_REF_RO, peer, 4096, own_gfn(), DOMID_SELF, 4096, 0, GNTCOPY_source_gref),
		GNTST_okay);
}

TEST(hostile_abi, gnttab_copy_ungranted)
{
	static const grant_ref_t out_of_range[] = { GRANT_FRAMES_MAX * GRANT_ENTRIES_PER_FRAME,
						    0x80000000, 0xFFFFFFFF };
	domid_t peer = hostile_peer();

	for (unsigned int i = 0; i < sizeof(out_of_range) / sizeof(out_of_range[0]); i++) {
		test_context("ref 0x%x", out_of_range[i]);
		CHECK_EQ(copy(out_of_range[i], peer, 0, own_gfn(), DOMID_SELF, 0, 8,
			      GNTCOPY_source_gref),
			 GNTST_bad_gntref);
		CHECK_EQ(copy(own_gfn(), DOMID_SELF, 0, out_of_range[i], peer, 0, 8,
			      GNTCOPY_dest_gref),
			 GNTST_bad_gntref);
	}
	test_context(NULL);
	/* Never granted, granted to someone else, granted read-only (as a destination):
	 * Xen's general error. */
	CHECK_EQ(copy(OFFER_REF_UNUSED, peer, 0, own_gfn(), DOMID_SELF, 0, 8, GNTCOPY_source_gref),
		 GNTST_general_error);
	CHECK_EQ(copy(OFFER_REF_OTHER, peer, 0, own_gfn(), DOMID_SELF, 0, 8, GNTCOPY_source_gref),
		 GNTST_general_error);
	CHECK_EQ(copy(own_gfn(), DOMID_SELF, 0, OFFER_REF_OTHER, peer, 0, 8, GNTCOPY_dest_gref),
		 GNTST_general_error);
	CHECK_EQ(copy(own_gfn(), DOMID_SELF, 0, OFFER_REF_RO, peer, 0, 8, GNTCOPY_dest_gref),
		 GNTST_general_error);
	/* Xen's order: both domains before either grant, the grants before the bounds. */
	CHECK_EQ(copy(0xFFFFFFFF, peer, 0, OFFER_REF_RW, HOSTILE_NO_SUCH_DOMID, 0, 8,
		      GNTCOPY_source_gref | GNTCOPY_dest_gref),
		 GNTST_bad_domain);
	CHECK_EQ(copy(OFFER_REF_UNUSED, peer, 4000, own_gfn(), DOMID_SELF, 0, 200,
		      GNTCOPY_source_gref),
		 GNTST_general_error);
	/* Domains that do not exist. */
	CHECK_EQ(copy(OFFER_REF_RW, HOSTILE_NO_SUCH_DOMID, 0, own_gfn(), DOMID_SELF, 0, 8,
		      GNTCOPY_source_gref),
		 GNTST_bad_domain);
	/* A gfn of another domain without a grant: not a way in. */
	CHECK_EQ(copy(own_gfn(), peer, 0, own_gfn(), DOMID_SELF, 0, 8, 0), GNTST_permission_denied);
	CHECK_EQ(copy(own_gfn(), DOMID_SELF, 0, GUEST_RAM_BASE / PAGE, peer, 0, 8, 0),
		 GNTST_permission_denied);
}

TEST(hostile_abi, gnttab_copy_own_gfns_not_ram)
{
	static const uint64_t not_ram[] = {
		0, HOSTILE_HOLE_IPA / PAGE, GUEST_GICD_BASE / PAGE, 1ull << 28, 1ull << 40, ~0ull
	};
	uint64_t above = hostile_ram_end() / PAGE;

	for (unsigned int i = 0; i < sizeof(not_ram) / sizeof(not_ram[0]); i++) {
		test_context("gfn 0x%lx", (unsigned long)not_ram[i]);
		CHECK_EQ(copy(not_ram[i], DOMID_SELF, 0, own_gfn(), DOMID_SELF, 0, 8, 0),
			 GNTST_bad_page);
		CHECK_EQ(copy(own_gfn(), DOMID_SELF, 0, not_ram[i], DOMID_SELF, 0, 8, 0),
			 GNTST_bad_page);
	}
	test_context("gfn past RAM");
	CHECK_EQ(copy(above, DOMID_SELF, 0, own_gfn(), DOMID_SELF, 0, 8, 0), GNTST_bad_page);
	test_context(NULL);
}
