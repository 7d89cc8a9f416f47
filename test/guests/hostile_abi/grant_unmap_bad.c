// SPDX-License-Identifier: MIT
/* Unmapping what was never mapped, twice, by handles out of range, at the wrong address. */
#include <abi/errno.h>
#include <libos/test.h>

#include "../abi_peer/offers.h"
#include "hostile_abi.h"

TEST(hostile_abi, gnttab_unmap_bad_handles)
{
	static const grant_handle_t never[] = { 0,       5,          2047,       2048,
						0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF };
	uint64_t page = hostile_map_page();
	uint64_t other = hostile_map_page();
	grant_handle_t handle = 0;

	REQUIRE(page != 0 && other != 0 && hostile_peer_port() != 0);
	/* Nothing mapped yet: no handle is valid. */
	for (unsigned int i = 0; i < sizeof(never) / sizeof(never[0]); i++) {
		test_context("handle 0x%x", never[i]);
		CHECK_EQ(hostile_unmap(page, never[i]), GNTST_bad_handle);
	}
	test_context(NULL);

	REQUIRE_EQ(hostile_map(hostile_peer(), OFFER_REF_RW, page, GNTMAP_host_map, &handle),
		   GNTST_okay);
	/* The right handle at the wrong address leaves the mapping alone. */
	CHECK_EQ(hostile_unmap(other, handle), GNTST_bad_virt_addr);
	CHECK_EQ(hostile_unmap(page + 8, handle), GNTST_bad_virt_addr);
	CHECK_EQ(*(volatile uint8_t *)(uintptr_t)page, OFFER_RW_BYTE(0));
	/* Neighbouring handles are still not ours. */
	CHECK_EQ(hostile_unmap(page, handle + 1), GNTST_bad_handle);
	CHECK_EQ(hostile_unmap(page, handle), GNTST_okay);
	/* Twice. */
	CHECK_EQ(hostile_unmap(page, handle), GNTST_bad_handle);
}

TEST(hostile_abi, gnttab_unmap_bad_pointers)
{
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_unmap_grant_ref, (void *)HOSTILE_UNMAPPED_VA, 1),
		 -XEN_EFAULT);
	CHECK_EQ(hostile_gnttab_op(GNTTABOP_unmap_grant_ref, NULL, 1), -XEN_EFAULT);
}
