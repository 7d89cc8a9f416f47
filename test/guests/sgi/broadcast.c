// SPDX-License-Identifier: MIT
/* IRM broadcasts reach every vCPU but the sender, from vCPU 0 and from each other vCPU. */
#include <libos/config.h>
#include <libos/gic.h>
#include <libos/test.h>
#include <stdio.h>

#include "peers.h"

/* vCPU 0's count of each other vCPU's acknowledgements, now. */
static void ack_counts(unsigned int vcpus, uint64_t *acks)
{
	for (unsigned int vcpu = 1; vcpu < vcpus; vcpu++) {
		acks[vcpu] = sgi_received(0, SGI_ACK(vcpu));
	}
}

/* Wait until every vCPU in [1, vcpus) has acknowledged `more` times since acks[] was taken. */
static bool wait_acks(unsigned int vcpus, const uint64_t *acks, uint64_t more)
{
	for (unsigned int vcpu = 1; vcpu < vcpus; vcpu++) {
		if (!sgi_wait_own(SGI_ACK(vcpu), acks[vcpu] + more)) {
			return false;
		}
	}
	return true;
}

TEST(sgi, broadcast_from_boot_vcpu)
{
	unsigned int vcpus;
	uint64_t acks[LIBOS_MAX_CPUS];

	REQUIRE(sgi_peers_start());
	vcpus = sgi_peers_count();
	ack_counts(vcpus, acks);
	for (uint64_t round = 1; round <= SGI_ROUNDS; round++) {
		REQUIRE_EQ(gic_sgi_send_others(SGI_BROADCAST), 0);
		test_context("broadcast %lu", (unsigned long)round);
		REQUIRE(wait_acks(vcpus, acks, round));
	}
	test_context(NULL);
	CHECK_EQ(sgi_received(0, SGI_BROADCAST), 0);
	for (unsigned int vcpu = 1; vcpu < vcpus; vcpu++) {
		test_context("vCPU %u", vcpu);
		CHECK_EQ(sgi_received(vcpu, SGI_BROADCAST), SGI_ROUNDS);
	}
	test_context(NULL);
	printf("sgi: %d broadcasts from vCPU 0 to %u vCPUs\n", SGI_ROUNDS, vcpus - 1);
}

TEST(sgi, broadcast_from_others)
{
	unsigned int vcpus;
	uint64_t acks[LIBOS_MAX_CPUS];
	uint64_t own_before;

	REQUIRE(sgi_peers_start());
	vcpus = sgi_peers_count();
	own_before = sgi_received(0, SGI_PEER_BROADCAST);
	ack_counts(vcpus, acks);
	for (unsigned int sender = 1; sender < vcpus; sender++) {
		for (unsigned int round = 0; round < SGI_ROUNDS; round++) {
			/* The sender broadcasts; vCPU 0 counts it, every other vCPU acknowledges.
			 */
			REQUIRE_EQ(gic_sgi_send(SGI_ASK, 1ull << sender), 0);
			own_before++;
			test_context("broadcast %u from vCPU %u", round, sender);
			REQUIRE(sgi_wait_own(SGI_PEER_BROADCAST, own_before));
			for (unsigned int vcpu = 1; vcpu < vcpus; vcpu++) {
				if (vcpu != sender) {
					acks[vcpu]++;
					REQUIRE(sgi_wait_own(SGI_ACK(vcpu), acks[vcpu]));
				}
			}
		}
	}
	test_context(NULL);
	CHECK_EQ(sgi_received(0, SGI_PEER_BROADCAST), (uint64_t)SGI_ROUNDS * (vcpus - 1));
	for (unsigned int vcpu = 1; vcpu < vcpus; vcpu++) {
		test_context("vCPU %u", vcpu);
		CHECK_EQ(sgi_received(vcpu, SGI_ASK), SGI_ROUNDS);
		/* From each sender but itself. */
		CHECK_EQ(sgi_received(vcpu, SGI_PEER_BROADCAST),
			 (uint64_t)SGI_ROUNDS * (vcpus - 2));
	}
	test_context(NULL);
	printf("sgi: %d broadcasts from each of %u vCPUs\n", SGI_ROUNDS, vcpus - 1);
}

TEST(sgi, multicast)
{
	unsigned int vcpus;
	uint64_t everyone;
	uint64_t acks[LIBOS_MAX_CPUS];
	uint64_t own_before;

	REQUIRE(sgi_peers_start());
	vcpus = sgi_peers_count();
	everyone = (1ull << vcpus) - 1;
	ack_counts(vcpus, acks);
	own_before = sgi_received(0, SGI_MULTICAST);
	for (uint64_t round = 1; round <= SGI_ROUNDS; round++) {
		/* One ICC_SGI1R_EL1 write with every vCPU's bit, the sender's included. */
		REQUIRE_EQ(gic_sgi_send(SGI_MULTICAST, everyone), 0);
		test_context("multicast %lu", (unsigned long)round);
		REQUIRE(sgi_wait_own(SGI_MULTICAST, own_before + round));
		REQUIRE(wait_acks(vcpus, acks, round));
	}
	test_context(NULL);
	for (unsigned int vcpu = 0; vcpu < vcpus; vcpu++) {
		test_context("vCPU %u", vcpu);
		CHECK_EQ(sgi_received(vcpu, SGI_MULTICAST), SGI_ROUNDS);
	}
	test_context(NULL);
}
