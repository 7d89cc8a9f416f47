// SPDX-License-Identifier: MIT
/* ICC_SGI1R_EL1 with every target list, IRM and odd encoding: only vCPUs of the domain get SGIs. */
#include <libos/counter.h>
#include <libos/gic.h>
#include <libos/test.h>
#include <libos/wait.h>
#include <stdio.h>

#include "hg.h"

#define TARGET_LISTS 0x10000u
#define SETTLE_NS 100000000ull

/* Fields of ICC_SGI1R_EL1 that are RES0: [63:56], [43:41], [31:28]. */
#define SGI1R_RES0 (0xff00000000000000ull | 0x00000e0000000000ull | 0x00000000f0000000ull)

TEST(hostile_gic, sgi_targets)
{
	uint64_t nowhere = GIC_SGI1R_INTID(HG_SGI_NOWHERE);
	uint64_t others = GIC_SGI1R_INTID(HG_SGI_OTHERS) | GIC_SGI1R_IRM;
	uint64_t odd = GIC_SGI1R_INTID(HG_SGI_ODD);
	uint64_t others_before[2];
	unsigned int vcpus;
	unsigned long writes = 0;

	REQUIRE(hg_start());
	vcpus = hg_vcpus();
	others_before[0] = hg_taken(0, HG_SGI_OTHERS);
	others_before[1] = hg_taken(1, HG_SGI_OTHERS);

	/* Every target list, in a cluster (Aff1 = 1) where no vCPU lives. */
	for (uint64_t list = 0; list < TARGET_LISTS; list++) {
		gic_sgi_write_raw(nowhere | GIC_SGI1R_AFF1(1) | list);
	}
	writes += TARGET_LISTS;
	/* Every target list of cluster 0 that only names Aff0 values past the last vCPU. */
	for (uint64_t list = 0; list < TARGET_LISTS >> vcpus; list++) {
		gic_sgi_write_raw(nowhere | list << vcpus);
		writes++;
	}
	/* IRM = 1 with the target fields full of junk: they are ignored; all but the sender. */
	for (uint64_t i = 0; i < 256; i++) {
		gic_sgi_write_raw(others | GIC_SGI1R_AFF3(i) | GIC_SGI1R_AFF2(i ^ 0x5a) |
				  GIC_SGI1R_AFF1(~i & 0xff) | (i * 0x0101u));
		writes++;
	}
	/* The range selector and RES0 fields: the ABI leaves delivery open; they must do no harm.
	 */
	for (uint64_t rs = 1; rs < 16; rs++) {
		gic_sgi_write_raw(odd | GIC_SGI1R_RS(rs) | 0xffff);
		gic_sgi_write_raw(odd | GIC_SGI1R_RS(rs) | GIC_SGI1R_AFF1(1) | 0xffff);
		gic_sgi_write_raw(odd | GIC_SGI1R_RS(rs) | GIC_SGI1R_IRM);
		writes += 3;
	}
	gic_sgi_write_raw(odd | SGI1R_RES0 | 0xffff);
	gic_sgi_write_raw(odd | SGI1R_RES0 | GIC_SGI1R_IRM);
	gic_sgi_write_raw(~0ull);
	gic_sgi_write_raw(nowhere | SGI1R_RES0 | GIC_SGI1R_AFF1(1) | 0xffff);
	writes += 4;

	wait_sleep_until(counter_read() + counter_from_ns(SETTLE_NS));
	CHECK(hg_alive());
	for (unsigned int vcpu = 0; vcpu < 2; vcpu++) {
		test_context("vCPU %u", vcpu);
		CHECK_EQ(hg_taken(vcpu, HG_SGI_NOWHERE), 0);
	}
	test_context(NULL);
	CHECK_EQ(hg_taken(0, HG_SGI_OTHERS), others_before[0]);
	CHECK(hg_taken(1, HG_SGI_OTHERS) > others_before[1]);
	printf("hostile_gic: %lu ICC_SGI1R_EL1 writes, %lu broadcasts reached vCPU 1\n", writes,
	       (unsigned long)(hg_taken(1, HG_SGI_OTHERS) - others_before[1]));
}
