// SPDX-License-Identifier: MIT
/* An SGI whose target list names the sender itself is delivered to it, once per send. */
#include <libos/gic.h>
#include <libos/test.h>

#include "peers.h"

TEST(sgi, self)
{
	uint64_t before;

	REQUIRE(sgi_peers_start());
	before = sgi_received(0, SGI_SELF);
	for (uint64_t n = 1; n <= SGI_ROUNDS; n++) {
		REQUIRE_EQ(gic_sgi_send(SGI_SELF, 1), 0);
		test_context("send %lu to self", (unsigned long)n);
		REQUIRE(sgi_wait_own(SGI_SELF, before + n));
	}
	test_context(NULL);
	CHECK_EQ(sgi_received(0, SGI_SELF) - before, SGI_ROUNDS);
	for (unsigned int vcpu = 1; vcpu < sgi_peers_count(); vcpu++) {
		CHECK_EQ(sgi_received(vcpu, SGI_SELF), 0);
	}
}
