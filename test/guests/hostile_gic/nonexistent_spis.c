// SPDX-License-Identifier: MIT
/* SPI registers past ITLinesNumber, and the distributor's copies of private ones, are RAZ/WI. */
#include <libos/test.h>

#include "hg.h"

/* One bit per INTID: the set and clear registers, 32 INTIDs a word. */
static const uint32_t bit_registers[] = {
	GICD_ISENABLER, GICD_ICENABLER, GICD_ISPENDR, GICD_ICPENDR, GICD_ISACTIVER, GICD_ICACTIVER,
};

/* Write all ones at va and expect zero back. */
static void check_raz_wi(uintptr_t va, unsigned int width)
{
	hg_write_ok(va, width, ~0ull);
	hg_read_is(va, width, 0);
}

TEST(hostile_gic, nonexistent_spis)
{
	unsigned int limit;
	uint32_t private_enabled;

	REQUIRE(hg_start());
	/* SPIs 32..GUEST_SPI_LAST exist, the rest up to 1019 do not. */
	limit = HG_SPI_LIMIT;
	private_enabled = (uint32_t)hg_read_ok(HG_SGI(0) + GICR_ISENABLER0, 4);
	for (unsigned int r = 0; r < HG_COUNT(bit_registers); r++) {
		/* Word 0 (SGIs and PPIs) lives in each redistributor under affinity routing. */
		test_context("register 0x%x word 0", bit_registers[r]);
		check_raz_wi(HG_GICD + bit_registers[r], 4);
		for (unsigned int intid = limit; intid < 1024; intid += 32) {
			test_context("register 0x%x, INTIDs %u..", bit_registers[r], intid);
			check_raz_wi(HG_GICD + bit_registers[r] + intid / 8, 4);
		}
	}
	test_context("priorities");
	for (unsigned int intid = 0; intid < 1020; intid += 4) {
		if (intid == GIC_SPI_BASE) {
			intid = limit;
		}
		check_raz_wi(HG_GICD + GICD_IPRIORITYR + intid, 4);
	}
	check_raz_wi(HG_GICD + GICD_IPRIORITYR + limit, 1);
	check_raz_wi(HG_GICD + GICD_IPRIORITYR + 1019, 1);
	check_raz_wi(HG_GICD + GICD_IPRIORITYR + 5, 1);
	test_context("configuration");
	for (unsigned int intid = 0; intid < 1024; intid += 16) {
		if (intid == GIC_SPI_BASE) {
			intid = limit;
		}
		check_raz_wi(HG_GICD + GICD_ICFGR + intid / 4, 4);
	}
	test_context("routing");
	for (unsigned int intid = 0; intid < 1020; intid++) {
		if (intid == GIC_SPI_BASE) {
			intid = limit;
		}
		check_raz_wi(HG_GICD + GICD_IROUTER + intid * 8u, 8);
	}
	check_raz_wi(HG_GICD + GICD_IROUTER + limit * 8u + 4, 4);
	test_context(NULL);
	/* None of it reached this vCPU's own SGIs and PPIs. */
	hg_read_is(HG_SGI(0) + GICR_ISENABLER0, 4, private_enabled);
	CHECK(hg_alive());
}
