// SPDX-License-Identifier: MIT
/* Reserved offsets inside the distributor and redistributor frames read as zero, ignore writes. */
#include <libos/test.h>

#include "hg.h"

/*
 * Offsets the ABI does not implement, in every part of each frame: between
 * registers, the GICv2 and security-only ones (ITARGETSR, SGIR, IGRPMODR,
 * NSACR), LPI and message registers, and the IMPLEMENTATION DEFINED space.
 */
static const uint32_t dist_reserved[] = {
	0x0014, 0x0020, 0x003C, 0x0040, 0x0048, 0x0050, 0x0058, 0x0800, 0x0820, 0x0D04, 0x0E08,
	0x0F00, 0x0F10, 0x0F20, 0x0F30, 0x1000, 0x2000, 0x5FFC, 0x8000, 0xA000, 0xC000, 0xFFC8,
};
static const uint32_t rd_reserved[] = {
	0x0018, 0x0020, 0x0040, 0x0048, 0x0070, 0x0078, 0x00A0,
	0x00B0, 0x00C0, 0x0100, 0x1000, 0x8000, 0xC000, 0xFFC8,
};
static const uint32_t sgi_reserved[] = {
	0x0000, 0x0004, 0x0084, 0x0104, 0x0184, 0x0204, 0x0420,
	0x0800, 0x0C08, 0x0D00, 0x0E00, 0x0F00, 0x8000, 0xC000,
};

static void check_reserved(uintptr_t base, const uint32_t *offsets, unsigned int count)
{
	for (unsigned int i = 0; i < count; i++) {
		hg_write_ok(base + offsets[i], 4, 0xffffffffu);
		hg_read_is(base + offsets[i], 4, 0);
	}
}

#define CHECK_RESERVED(base, offsets) check_reserved(base, offsets, HG_COUNT(offsets))

TEST(hostile_gic, reserved_offsets)
{
	uint32_t ctlr;

	REQUIRE(hg_start());
	ctlr = (uint32_t)hg_read_ok(HG_GICD + GICD_CTLR, 4);
	CHECK_RESERVED(HG_GICD, dist_reserved);
	for (unsigned int vcpu = 0; vcpu < hg_vcpus(); vcpu++) {
		CHECK_RESERVED(HG_RD(vcpu), rd_reserved);
		CHECK_RESERVED(HG_SGI(vcpu), sgi_reserved);
	}
	/* Nothing else moved. */
	hg_read_is(HG_GICD + GICD_CTLR, 4, ctlr);
	CHECK(hg_alive());
}
