// SPDX-License-Identifier: MIT
/* Writes to read-only registers (TYPER, IIDR, PIDR2, IGROUPR, ICFGR0) change nothing. */
#include <libos/test.h>

#include "hg.h"

static const uint64_t junk[] = { 0, ~0ull, 0x5a5a5a5aa5a5a5a5ull, 0x0000000100000001ull };

/* Read va, write every junk value, and read back the first value each time. */
static void check_read_only(uintptr_t va, unsigned int width)
{
	uint64_t before = hg_read_ok(va, width);

	for (unsigned int i = 0; i < HG_COUNT(junk); i++) {
		hg_write_ok(va, width, junk[i]);
		hg_read_is(va, width, before);
	}
}

TEST(hostile_gic, read_only_registers)
{
	REQUIRE(hg_start());
	check_read_only(HG_GICD + GICD_TYPER, 4);
	check_read_only(HG_GICD + GICD_IIDR, 4);
	check_read_only(HG_GICD + GICD_PIDR2, 4);
	for (unsigned int intid = GIC_SPI_BASE; intid < HG_SPI_LIMIT; intid += 32) {
		check_read_only(HG_GICD + GICD_IGROUPR + intid / 8, 4);
	}
	for (unsigned int vcpu = 0; vcpu < hg_vcpus(); vcpu++) {
		uintptr_t rd = HG_RD(vcpu);

		check_read_only(rd + GICR_TYPER, 8);
		check_read_only(rd + GICR_TYPER, 4);
		check_read_only(rd + GICR_TYPER + 4, 4);
		check_read_only(rd + GICR_IIDR, 4);
		check_read_only(rd + GICR_PIDR2, 4);
		check_read_only(HG_SGI(vcpu) + GICR_IGROUPR0, 4);
		check_read_only(HG_SGI(vcpu) + GICR_ICFGR0, 4);
	}
	CHECK(hg_alive());
}
