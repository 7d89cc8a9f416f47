// SPDX-License-Identifier: MIT
/* GICR_WAKER games: sleep, junk, other vCPUs' redistributors; after waking, SGIs still arrive. */
#include <libos/test.h>

#include "hg.h"

#define POLL_LIMIT 100000u

static const uint64_t games[] = {
	GICR_WAKER_PROCESSOR_SLEEP,
	GICR_WAKER_CHILDREN_ASLEEP,
	0xffffffffu,
	0xfffffff9u,
	1,
	GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP,
};

/* Write value, then wake the redistributor: ChildrenAsleep must read 0 soon after. */
static void play(uintptr_t waker, uint64_t value)
{
	unsigned int polls = 0;
	uint64_t now = 0;

	hg_write_ok(waker, 4, value);
	(void)hg_read_ok(waker, 4);
	hg_write_ok(waker, 4, 0);
	while (polls++ < POLL_LIMIT) {
		if (!hg_try_read(waker, 4, &now) || (now & GICR_WAKER_CHILDREN_ASLEEP) == 0) {
			break;
		}
	}
	test_context("GICR_WAKER at 0x%lx after writing 0x%lx, then 0", (unsigned long)waker,
		     (unsigned long)value);
	CHECK_EQ(now & (GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP), 0);
	test_context(NULL);
}

TEST(hostile_gic, waker)
{
	REQUIRE(hg_start());
	for (unsigned int vcpu = 0; vcpu < hg_vcpus(); vcpu++) {
		for (unsigned int i = 0; i < HG_COUNT(games); i++) {
			play(HG_RD(vcpu) + GICR_WAKER, games[i]);
		}
	}
	/* Both running vCPUs still take SGIs. */
	CHECK(hg_alive());
}
