// SPDX-License-Identifier: MIT
/* IROUTER takes affinities of no vCPU without harm; real ones read back and route the SPI there. */
#include <libos/test.h>

#include "hg.h"

#define IRM (1ull << 31)
#define AFF1(n) ((uint64_t)(n) << 8)
#define AFF2(n) ((uint64_t)(n) << 16)
#define AFF3(n) ((uint64_t)(n) << 32)

static const uint64_t no_vcpu[] = {
	15,
	AFF1(1),
	AFF1(0xff),
	AFF2(1),
	AFF2(0xff),
	AFF3(1),
	AFF3(0xff),
	AFF3(0xff) | AFF2(0xff) | AFF1(0xff) | 0xff,
	IRM,
	IRM | AFF1(3) | 7,
	~0ull,
	0xffffffff00000000ull,
	0x00000000ffffffffull,
};

/* Pend HG_SPI routed to vcpu: it must be taken there, once, and nowhere else. */
static void check_delivery(unsigned int vcpu)
{
	uint64_t before[2] = { hg_taken(0, HG_SPI), hg_taken(1, HG_SPI) };

	test_context("SPI %d routed to vCPU %u", HG_SPI, vcpu);
	REQUIRE_EQ(gic_spi_route(HG_SPI, vcpu), 0);
	REQUIRE_EQ(gic_irq_set_pending(HG_SPI, true), 0);
	CHECK(hg_wait_taken(vcpu, HG_SPI, before[vcpu] + 1));
	CHECK_EQ(hg_taken(vcpu, HG_SPI), before[vcpu] + 1);
	CHECK_EQ(hg_taken(1 - vcpu, HG_SPI), before[1 - vcpu]);
	test_context(NULL);
}

TEST(hostile_gic, irouter)
{
	uintptr_t reg = HG_GICD + GICD_IROUTER + 8 * HG_SPI;

	REQUIRE(hg_start());
	REQUIRE_EQ(gic_irq_disable(HG_SPI), 0);
	/* Affinities no vCPU has, and IRM: accepted (what they route to is not checked). */
	for (unsigned int i = 0; i < HG_COUNT(no_vcpu); i++) {
		hg_write_ok(reg, 8, no_vcpu[i]);
		(void)hg_read_ok(reg, 8);
		hg_write_ok(reg, 4, no_vcpu[i]);
		hg_write_ok(reg + 4, 4, no_vcpu[i] >> 32);
	}
	for (unsigned int vcpu = hg_vcpus(); vcpu < 16; vcpu++) {
		hg_write_ok(reg, 8, GUEST_MPIDR(vcpu) & GUEST_MPIDR_AFF_MASK);
	}
	/* Each vCPU's affinity reads back as written, whole and in halves. */
	for (unsigned int vcpu = 0; vcpu < hg_vcpus(); vcpu++) {
		uint64_t affinity = GUEST_MPIDR(vcpu) & GUEST_MPIDR_AFF_MASK;

		test_context("vCPU %u", vcpu);
		hg_write_ok(reg, 8, affinity);
		hg_read_is(reg, 8, affinity);
		hg_read_is(reg, 4, affinity & 0xffffffffu);
		hg_read_is(reg + 4, 4, affinity >> 32);
	}
	test_context(NULL);

	/* A pended SPI is taken where IROUTER points. */
	REQUIRE_EQ(gic_irq_set_edge(HG_SPI, true), 0);
	REQUIRE_EQ(gic_irq_enable(HG_SPI), 0);
	check_delivery(0);
	check_delivery(1);
	check_delivery(0);
	REQUIRE_EQ(gic_irq_disable(HG_SPI), 0);
	REQUIRE_EQ(gic_spi_route(HG_SPI, 0), 0);
	CHECK(hg_alive());
}
