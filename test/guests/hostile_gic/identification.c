// SPDX-License-Identifier: MIT
/* The identification and configuration registers read as the ABI documents them. */
#include <libos/test.h>

#include "hg.h"

TEST(hostile_gic, identification)
{
	uint32_t ctlr_bits = GICD_CTLR_RWP | GICD_CTLR_DS | GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A;
	unsigned int vcpus;

	REQUIRE(hg_start());
	vcpus = hg_vcpus();

	CHECK_EQ(GIC_PIDR2_ARCHREV(hg_read_ok(HG_GICD + GICD_PIDR2, 4)), 3);
	CHECK_EQ(GICD_TYPER_ITLINES(hg_read_ok(HG_GICD + GICD_TYPER, 4)), HG_ITLINES);
	CHECK_EQ(hg_read_ok(HG_GICD + GICD_CTLR, 4) & ctlr_bits,
		 GICD_CTLR_DS | GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A);
	CHECK_EQ(hg_read_ok(HG_GICD + GICD_IIDR, 4), hg_read_ok(HG_GICD + GICD_IIDR, 4));
	/* Group 1 only: the SPIs' IGROUPR reads all ones. */
	for (unsigned int intid = GIC_SPI_BASE; intid < HG_SPI_LIMIT; intid += 32) {
		hg_read_is(HG_GICD + GICD_IGROUPR + intid / 8, 4, 0xffffffffu);
	}

	for (unsigned int vcpu = 0; vcpu < vcpus; vcpu++) {
		uintptr_t rd = HG_RD(vcpu);
		uint64_t typer = hg_read_ok(rd + GICR_TYPER, 8);

		test_context("redistributor of vCPU %u", vcpu);
		CHECK_EQ(GICR_TYPER_AFFINITY(typer), gic_packed_affinity(GUEST_MPIDR(vcpu)));
		CHECK_EQ(GICR_TYPER_PROCESSOR(typer), vcpu);
		CHECK_EQ((typer & GICR_TYPER_LAST) != 0, vcpu == vcpus - 1);
		/* The same register as two 32-bit halves. */
		CHECK_EQ(hg_read_ok(rd + GICR_TYPER, 4), typer & 0xffffffffu);
		CHECK_EQ(hg_read_ok(rd + GICR_TYPER + 4, 4), typer >> 32);
		CHECK_EQ(GIC_PIDR2_ARCHREV(hg_read_ok(rd + GICR_PIDR2, 4)), 3);
		CHECK_EQ(hg_read_ok(rd + GICR_IIDR, 4), hg_read_ok(rd + GICR_IIDR, 4));
		hg_read_is(HG_SGI(vcpu) + GICR_IGROUPR0, 4, 0xffffffffu);
		/* SGIs: edge-triggered, fixed. */
		hg_read_is(HG_SGI(vcpu) + GICR_ICFGR0, 4, 0xaaaaaaaau);
	}
	/* vCPUs 0 and 1 have woken their redistributors. */
	for (unsigned int vcpu = 0; vcpu < 2; vcpu++) {
		test_context("GICR_WAKER of vCPU %u", vcpu);
		CHECK_EQ(hg_read_ok(HG_RD(vcpu) + GICR_WAKER, 4) &
				 (GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP),
			 0);
	}
	test_context(NULL);
	CHECK(hg_alive());
}
