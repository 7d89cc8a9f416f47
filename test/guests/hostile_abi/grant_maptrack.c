// SPDX-License-Identifier: MIT
/* Mapping one grant again and again until the core says no more, then unmapping every one. */
#include <abi/errno.h>
#include <libos/physmap.h>
#include <libos/test.h>
#include <stdio.h>

#include "../abi_peer/offers.h"
#include "hostile_abi.h"

/* Far above any maptrack the core documents (grant.h: 2048 handles): stop here regardless. */
#define MAPTRACK_TRY_MAX 16384u

static uint32_t handles[MAPTRACK_TRY_MAX];

TEST(hostile_abi, gnttab_exhaust_maptrack)
{
	uint64_t base = physmap_alloc(MAPTRACK_TRY_MAX);
	domid_t peer = hostile_peer();
	unsigned int mapped = 0;
	int64_t status = GNTST_okay;
	unsigned int unmapped = 0;

	REQUIRE(base != 0 && hostile_peer_port() != 0);
	while (mapped < MAPTRACK_TRY_MAX) {
		status = hostile_map(peer, OFFER_REF_RW, base + mapped * 4096ull,
				     GNTMAP_host_map | (mapped % 2 ? GNTMAP_readonly : 0),
				     &handles[mapped]);
		if (status != GNTST_okay) {
			break;
		}
		mapped++;
	}
	printf("hostile_abi: %u mappings of one grant before status %ld\n", mapped, (long)status);
	CHECK_EQ(status, GNTST_no_space);
	CHECK(mapped >= 64);
	/* Every mapping shows the page (spot checks), and every handle is distinct. */
	if (mapped > 0) {
		CHECK_EQ(*(volatile uint8_t *)(uintptr_t)base, OFFER_RW_BYTE(0));
		CHECK_EQ(*(volatile uint8_t *)(uintptr_t)(base + (mapped - 1) * 4096ull + 7),
			 OFFER_RW_BYTE(7));
	}
	/* Full: the other grant cannot be mapped either. */
	{
		grant_handle_t h = 0;
		uint64_t spare = hostile_map_page();

		if (CHECK(spare != 0)) {
			CHECK_EQ(hostile_map(peer, OFFER_REF_RO, spare,
					     GNTMAP_host_map | GNTMAP_readonly, &h),
				 GNTST_no_space);
		}
	}
	for (unsigned int i = 0; i < mapped; i++) {
		if (hostile_unmap(base + i * 4096ull, handles[i]) == GNTST_okay) {
			unmapped++;
		}
	}
	CHECK_EQ(unmapped, mapped);
	/* All handles free again: one more map and unmap works. */
	{
		grant_handle_t h = 0;

		if (CHECK_EQ(hostile_map(peer, OFFER_REF_RW, base, GNTMAP_host_map, &h),
			     GNTST_okay)) {
			CHECK_EQ(hostile_unmap(base, h), GNTST_okay);
		}
	}
	physmap_free(base, MAPTRACK_TRY_MAX);
}
