// SPDX-License-Identifier: MIT
/* SGIs whose targets are not vCPUs of the domain reach nobody, and the sender goes on. */
#include <libos/counter.h>
#include <libos/gic.h>
#include <libos/test.h>
#include <libos/wait.h>
#include <stdio.h>

#include "peers.h"

#define ALL_TARGETS 0xffffull

static const uint64_t empty_clusters[] = {
	GIC_SGI1R_AFF1(1),    GIC_SGI1R_AFF1(2),
	GIC_SGI1R_AFF1(3),    GIC_SGI1R_AFF1(0x80),
	GIC_SGI1R_AFF1(0xff), GIC_SGI1R_AFF2(1),
	GIC_SGI1R_AFF2(0xff), GIC_SGI1R_AFF3(1),
	GIC_SGI1R_AFF3(0xff), GIC_SGI1R_AFF3(0xff) | GIC_SGI1R_AFF2(0xff) | GIC_SGI1R_AFF1(0xff),
};

TEST(sgi, nonexistent_target)
{
	uint64_t nowhere = GIC_SGI1R_INTID(SGI_NOWHERE);
	unsigned int vcpus;
	unsigned int sent = 0;
	uint64_t pongs;

	REQUIRE(sgi_peers_start());
	vcpus = sgi_peers_count();

	/* Cluster 0, Aff0 past the last vCPU: one at a time, then all of them in one write. */
	for (unsigned int aff0 = vcpus; aff0 < 16; aff0++) {
		gic_sgi_write_raw(nowhere | 1ull << aff0);
		sent++;
	}
	gic_sgi_write_raw(nowhere | (ALL_TARGETS & ~((1ull << vcpus) - 1)));
	sent++;
	/* Affinities with no vCPUs (GUEST_MPIDR puts 16 in each Aff1 cluster, from 0). */
	for (unsigned int i = 0; i < sizeof(empty_clusters) / sizeof(empty_clusters[0]); i++) {
		gic_sgi_write_raw(nowhere | empty_clusters[i] | ALL_TARGETS);
		sent++;
	}
	/*
	 * The range selector (RS) is left alone: the ABI does not say whether it
	 * is honoured (QEMU's own GIC ignores it), so RS != 0 is only a hostile case.
	 */
	/* An empty target list sends to nobody. */
	gic_sgi_write_raw(nowhere);
	sent++;

	/* Delivered SGIs still work after all that, and the stray ones had time to arrive. */
	pongs = sgi_received(0, SGI_PONG);
	for (unsigned int peer = 1; peer < vcpus; peer++) {
		REQUIRE_EQ(gic_sgi_send(SGI_PING, 1ull << peer), 0);
		test_context("ping to vCPU %u after the stray SGIs", peer);
		REQUIRE(sgi_wait_own(SGI_PONG, ++pongs));
	}
	test_context(NULL);
	wait_sleep_until(counter_read() + counter_from_ns(100000000ull));
	for (unsigned int vcpu = 0; vcpu < vcpus; vcpu++) {
		test_context("vCPU %u", vcpu);
		CHECK_EQ(sgi_received(vcpu, SGI_NOWHERE), 0);
	}
	test_context(NULL);
	printf("sgi: %u SGIs to nonexistent targets went nowhere\n", sent);
}
