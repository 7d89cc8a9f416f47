// SPDX-License-Identifier: MIT
/* Every word of every GIC frame read, then written with zeros, then with ones: the GIC survives. */
#include <libos/gic.h>
#include <libos/intr.h>
#include <libos/test.h>
#include <stdio.h>

#include "hg.h"

/* A sweep stops reporting after this many aborts: one bad rule would flood the console. */
#define SWEEP_REPORT_LIMIT 4

/** The outcome of a sweep over some frames. */
struct sweep {
	unsigned long accesses;
	unsigned long aborts;
};

static void sweep_frame(struct sweep *s, uintptr_t frame, bool write, uint32_t value)
{
	for (uintptr_t offset = 0; offset < HG_FRAME_SIZE; offset += 4) {
		uint64_t ignored;
		bool ok = write ? hg_try_write(frame + offset, 4, value)
				: hg_try_read(frame + offset, 4, &ignored);

		s->accesses++;
		if (!ok && ++s->aborts <= SWEEP_REPORT_LIMIT) {
			test_context("32-bit %s of 0x%lx", write ? "write" : "read",
				     (unsigned long)(frame + offset));
			CHECK(!"aborted inside an implemented frame");
			test_context(NULL);
		}
	}
}

/* The distributor and both frames of every vCPU's redistributor. */
static struct sweep sweep_all(bool write, uint32_t value)
{
	struct sweep s = { 0, 0 };

	sweep_frame(&s, HG_GICD, write, value);
	for (unsigned int vcpu = 0; vcpu < hg_vcpus(); vcpu++) {
		sweep_frame(&s, HG_RD(vcpu), write, value);
		sweep_frame(&s, HG_SGI(vcpu), write, value);
	}
	CHECK_EQ(s.aborts, 0);
	return s;
}

/* Identification registers that no write may change. */
static void check_identity(void)
{
	CHECK_EQ(GIC_PIDR2_ARCHREV(hg_read_ok(HG_GICD + GICD_PIDR2, 4)), 3);
	CHECK_EQ(GICD_TYPER_ITLINES(hg_read_ok(HG_GICD + GICD_TYPER, 4)), HG_ITLINES);
	CHECK_EQ(hg_read_ok(HG_GICD + GICD_CTLR, 4) & GICD_CTLR_ARE_NS, GICD_CTLR_ARE_NS);
	for (unsigned int vcpu = 0; vcpu < hg_vcpus(); vcpu++) {
		CHECK_EQ(GICR_TYPER_PROCESSOR(hg_read_ok(HG_RD(vcpu) + GICR_TYPER, 8)), vcpu);
		hg_read_is(HG_SGI(vcpu) + GICR_ICFGR0, 4, 0xaaaaaaaau);
	}
}

/*
 * Put the GIC back the way hg_start left it, writing every frame directly
 * (vCPU 1's too): everything off, idle and at the default priority, SPIs
 * level and routed to vCPU 0, redistributors awake, then the SGIs and the
 * timer PPI enabled again on the running vCPUs and the distributor on.
 */
static void restore_gic(void)
{
	uint32_t priorities = GIC_PRIORITY_DEFAULT * 0x01010101u;

	hg_write_ok(HG_GICD + GICD_CTLR, 4, GICD_CTLR_ARE_NS);
	for (unsigned int intid = GIC_SPI_BASE; intid < HG_SPI_LIMIT; intid += 32) {
		hg_write_ok(HG_GICD + GICD_ICENABLER + intid / 8, 4, 0xffffffffu);
		hg_write_ok(HG_GICD + GICD_ICPENDR + intid / 8, 4, 0xffffffffu);
		hg_write_ok(HG_GICD + GICD_ICACTIVER + intid / 8, 4, 0xffffffffu);
	}
	for (unsigned int intid = GIC_SPI_BASE; intid < HG_SPI_LIMIT; intid += 4) {
		hg_write_ok(HG_GICD + GICD_IPRIORITYR + intid, 4, priorities);
	}
	for (unsigned int intid = GIC_SPI_BASE; intid < HG_SPI_LIMIT; intid += 16) {
		hg_write_ok(HG_GICD + GICD_ICFGR + intid / 4, 4, 0);
	}
	for (unsigned int intid = GIC_SPI_BASE; intid < HG_SPI_LIMIT; intid++) {
		hg_write_ok(HG_GICD + GICD_IROUTER + 8 * intid, 8, 0);
	}
	for (unsigned int vcpu = 0; vcpu < hg_vcpus(); vcpu++) {
		uintptr_t sgi = HG_SGI(vcpu);

		hg_write_ok(HG_RD(vcpu) + GICR_WAKER, 4, 0);
		hg_write_ok(sgi + GICR_ICENABLER0, 4, 0xffffffffu);
		hg_write_ok(sgi + GICR_ICPENDR0, 4, 0xffffffffu);
		hg_write_ok(sgi + GICR_ICACTIVER0, 4, 0xffffffffu);
		for (unsigned int intid = 0; intid < GIC_PRIVATE_COUNT; intid += 4) {
			hg_write_ok(sgi + GICR_IPRIORITYR0 + intid, 4, priorities);
		}
		hg_write_ok(sgi + GICR_ICFGR1, 4, 0);
		if (vcpu < 2) {
			hg_write_ok(sgi + GICR_ISENABLER0, 4, 0xffffu | 1u << GUEST_VTIMER_PPI);
		}
	}
	hg_write_ok(HG_GICD + GICD_CTLR, 4, GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A);
}

TEST(hostile_gic, read_sweep)
{
	struct sweep s;

	REQUIRE(hg_start());
	s = sweep_all(false, 0);
	check_identity();
	CHECK(hg_alive());
	printf("hostile_gic: %lu reads swept\n", s.accesses);
}

TEST(hostile_gic, zero_sweep)
{
	struct sweep s;
	uint64_t daif;

	REQUIRE(hg_start());
	daif = intr_save();
	s = sweep_all(true, 0);
	check_identity();
	restore_gic();
	intr_restore(daif);
	CHECK(hg_alive());
	printf("hostile_gic: %lu zero writes swept\n", s.accesses);
}

TEST(hostile_gic, ones_sweep)
{
	struct sweep s;
	uint64_t daif;

	REQUIRE(hg_start());
	/* Enables, pends and activates everything there is: IRQs stay masked until it is undone. */
	daif = intr_save();
	s = sweep_all(true, 0xffffffffu);
	check_identity();
	restore_gic();
	intr_restore(daif);
	CHECK(hg_alive());
	printf("hostile_gic: %lu ones writes swept\n", s.accesses);
}
