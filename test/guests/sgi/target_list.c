// SPDX-License-Identifier: MIT
/* Ping-pong by target list: vCPU 0 and each other vCPU in turn, 1000 SGIs each way, none lost. */
#include <libos/config.h>
#include <libos/gic.h>
#include <libos/test.h>
#include <stdio.h>

#include "peers.h"

TEST(sgi, target_list)
{
	uint64_t pings[LIBOS_MAX_CPUS];
	uint64_t pongs_before;
	uint64_t pongs;
	unsigned int vcpus;

	REQUIRE(sgi_peers_start());
	vcpus = sgi_peers_count();
	for (unsigned int vcpu = 0; vcpu < vcpus; vcpu++) {
		pings[vcpu] = sgi_received(vcpu, SGI_PING);
	}
	pongs_before = sgi_received(0, SGI_PONG);
	pongs = pongs_before;
	for (unsigned int peer = 1; peer < vcpus; peer++) {
		for (unsigned int round = 0; round < SGI_ROUNDS; round++) {
			REQUIRE_EQ(gic_sgi_send(SGI_PING, 1ull << peer), 0);
			test_context("ping %u to vCPU %u", round, peer);
			REQUIRE(sgi_wait_own(SGI_PONG, ++pongs));
		}
	}
	test_context(NULL);
	CHECK_EQ(sgi_received(0, SGI_PONG) - pongs_before, (uint64_t)SGI_ROUNDS * (vcpus - 1));
	CHECK_EQ(sgi_received(0, SGI_PING) - pings[0], 0);
	for (unsigned int vcpu = 1; vcpu < vcpus; vcpu++) {
		test_context("vCPU %u", vcpu);
		CHECK_EQ(sgi_received(vcpu, SGI_PING) - pings[vcpu], SGI_ROUNDS);
		CHECK_EQ(sgi_received(vcpu, SGI_PONG), 0);
	}
	test_context(NULL);
	printf("sgi: %d pings and pongs with each of %u vCPUs\n", SGI_ROUNDS, vcpus - 1);
}
