// SPDX-License-Identifier: MIT
/* Around the GIC frames: addresses outside them, and past the last redistributor, abort. */
#include <libos/test.h>

#include "hg.h"

/* A 32-bit read and write of va both abort. */
static void check_outside(uintptr_t va)
{
	hg_read_aborts(va, 4);
	hg_write_aborts(va, 4, 0xffffffffu);
}

TEST(hostile_gic, beyond_frames)
{
	uintptr_t past;

	REQUIRE(hg_start());
	/* Below the distributor, after it, and in the gap before the redistributors. */
	check_outside(HG_GICD - 4);
	check_outside(HG_GICD - 0x1000);
	check_outside(HG_GICD + GUEST_GICD_SIZE);
	check_outside(HG_GICD + GUEST_GICD_SIZE + 0x100);
	check_outside(HG_RD(0) - 4);
	/* The first frames past the last vCPU's, and further along the window. */
	past = HG_RD(hg_vcpus());
	check_outside(past);
	check_outside(past + GICR_TYPER);
	check_outside(past + GICR_WAKER);
	check_outside(past + GICR_PIDR2);
	check_outside(past + GICR_SGI_BASE);
	check_outside(past + GICR_SGI_BASE + GICR_ISENABLER0);
	check_outside(past + GUEST_GICR_STRIDE - 4);
	check_outside(HG_RD(8));
	check_outside(HG_RD(255) + GICR_TYPER);
	hg_read_aborts(past + GICR_TYPER, 8);
	hg_read_aborts(past + GICR_SGI_BASE + GICR_IPRIORITYR0, 1);
	CHECK(hg_alive());
}
