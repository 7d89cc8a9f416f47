// SPDX-License-Identifier: MIT
/* A vCPU's own runstate: running now, times only grow, and they add up to the time that passed. */
#include <abi/vcpu.h>
#include <libos/counter.h>
#include <libos/runstate.h>
#include <libos/smp.h>
#include <libos/test.h>

#include "../common/spin_wait.h"

/* Slack for the core's clock against the guest's reading of the same counter. */
#define SLACK_NS 1000000u

TEST(runstate, self)
{
	struct vcpu_runstate_info first;
	struct vcpu_runstate_info second;
	uint64_t outer_start;
	uint64_t inner_start;
	uint64_t inner_end;
	uint64_t outer_end;
	uint64_t grown;

	outer_start = counter_read();
	REQUIRE_EQ(runstate_get(smp_cpu_id(), &first), 0);
	inner_start = counter_read();
	spin_wait_until(inner_start + counter_from_ns(50000000u));
	inner_end = counter_read();
	REQUIRE_EQ(runstate_get(smp_cpu_id(), &second), 0);
	outer_end = counter_read();

	CHECK_EQ(first.state, RUNSTATE_running);
	CHECK_EQ(second.state, RUNSTATE_running);
	CHECK(second.state_entry_time >= first.state_entry_time);
	for (int state = RUNSTATE_running; state <= RUNSTATE_offline; state++) {
		test_context("state %d", state);
		CHECK(second.time[state] >= first.time[state]);
	}
	/* Between the two queries the totals grew by the time in between, whatever the states. */
	grown = runstate_total_ns(&second) - runstate_total_ns(&first);
	test_context("totals grew %lu ns; between the queries %lu..%lu ns", (unsigned long)grown,
		     (unsigned long)counter_to_ns(inner_end - inner_start),
		     (unsigned long)counter_to_ns(outer_end - outer_start));
	CHECK(grown + SLACK_NS >= counter_to_ns(inner_end - inner_start));
	CHECK(grown <= counter_to_ns(outer_end - outer_start) + SLACK_NS);
	test_context(NULL);
}
