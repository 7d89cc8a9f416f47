// SPDX-License-Identifier: MIT
/* Unaligned accesses to GIC registers that reach the hypervisor get external aborts. */
#include <libos/arm64.h>
#include <libos/intr.h>
#include <libos/test.h>

#include "hg.h"

/*
 * The libOS maps the low GiB as Device memory, where an unaligned access is
 * an alignment fault at stage 1 and never reaches the hypervisor. For this
 * case, MAIR_EL1 attribute 0 becomes Normal non-cacheable for a while, which
 * lets unaligned accesses through to stage 2, where the GIC frames trap.
 * IRQs stay masked meanwhile; nothing else touches Device memory then.
 */
#define MAIR_ATTR0_MASK 0xffull
#define MAIR_NORMAL_NC 0x44ull

static void set_attr0(uint64_t mair)
{
	WRITE_SYSREG(mair_el1, mair);
	__asm__ volatile("isb\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" ::: "memory");
}

/* Accesses of width bytes at every misaligned offset of the register at va. */
static void check_misaligned(uintptr_t va, unsigned int width)
{
	for (unsigned int offset = 1; offset < width; offset++) {
		hg_read_aborts(va + offset, width);
		hg_write_aborts(va + offset, width, 0);
	}
}

TEST(hostile_gic, unaligned)
{
	uint64_t mair;
	uint64_t daif;
	uint32_t ctlr;

	REQUIRE(hg_start());
	ctlr = (uint32_t)hg_read_ok(HG_GICD + GICD_CTLR, 4);
	daif = intr_save();
	mair = READ_SYSREG(mair_el1);
	set_attr0((mair & ~MAIR_ATTR0_MASK) | MAIR_NORMAL_NC);

	/* Aligned accesses still work through the Normal mapping. */
	hg_read_is(HG_GICD + GICD_CTLR, 4, ctlr);
	check_misaligned(HG_GICD + GICD_CTLR, 4);
	check_misaligned(HG_GICD + GICD_ISENABLER + 4, 4);
	check_misaligned(HG_GICD + GICD_IPRIORITYR + HG_SPI, 4);
	check_misaligned(HG_GICD + GICD_ICFGR + 8, 4);
	check_misaligned(HG_GICD + GICD_IROUTER + 8 * HG_SPI, 8);
	check_misaligned(HG_GICD + GICD_IROUTER + 8 * HG_SPI, 4);
	check_misaligned(HG_RD(0) + GICR_TYPER, 8);
	check_misaligned(HG_RD(0) + GICR_WAKER, 4);
	check_misaligned(HG_SGI(0) + GICR_ISENABLER0, 4);
	check_misaligned(HG_SGI(0) + GICR_IPRIORITYR0, 4);
	check_misaligned(HG_SGI(1) + GICR_ICENABLER0, 4);
	/* Across the end of a frame into the next. */
	hg_read_aborts(HG_RD(0) + HG_FRAME_SIZE - 2, 4);
	hg_read_aborts(HG_SGI(0) + HG_FRAME_SIZE - 4, 8);

	set_attr0(mair);
	intr_restore(daif);
	hg_read_is(HG_GICD + GICD_CTLR, 4, ctlr);
	CHECK(hg_alive());
}
