// SPDX-License-Identifier: MIT
/* A 100 Hz periodic timer ticks at that rate for 2 s; the vCPU sleeps in WFI (blocked) between. */
#include <libos/counter.h>
#include <libos/runstate.h>
#include <libos/smp.h>
#include <libos/test.h>
#include <libos/timer.h>
#include <libos/wait.h>
#include <stdio.h>

#include "../common/irq_setup.h"

#define RATE_HZ 100
#define SECONDS 2

static bool counter_passed(void *deadline)
{
	return counter_read() >= *(uint64_t *)deadline;
}

TEST(timer, periodic_rate)
{
	uint64_t freq = counter_frequency();
	struct vcpu_runstate_info before;
	struct vcpu_runstate_info after;
	uint64_t fired_before;
	uint64_t start;
	uint64_t end;
	uint64_t ticks;
	uint64_t expected;
	unsigned long sleeps;

	REQUIRE(freq > 0);
	REQUIRE(irq_setup_boot());
	REQUIRE_EQ(runstate_get(smp_cpu_id(), &before), 0);
	fired_before = timer_fired_count();
	start = counter_read();
	end = start + SECONDS * freq;
	REQUIRE_EQ(timer_periodic_start(RATE_HZ, NULL, NULL), 0);
	/* Only the ticks wake the vCPU; the condition is checked after each. */
	sleeps = wait_event(counter_passed, &end);
	end = counter_read();
	timer_stop();
	ticks = timer_fired_count() - fired_before;
	REQUIRE_EQ(runstate_get(smp_cpu_id(), &after), 0);

	expected = (end - start) * RATE_HZ / freq;
	test_context("%lu ticks in %lu counter ticks, %lu expected", (unsigned long)ticks,
		     (unsigned long)(end - start), (unsigned long)expected);
	/* Within 2% of the elapsed time. */
	CHECK(ticks * 50 >= expected * 49);
	CHECK(ticks * 50 <= expected * 51);
	/* Each WFI ended with an interrupt: no busy polling, no spurious returns. */
	CHECK(sleeps >= 1);
	CHECK(sleeps <= ticks + 4);
	/* The core blocked the vCPU in WFI for most of the time. */
	CHECK(after.time[RUNSTATE_blocked] - before.time[RUNSTATE_blocked] >=
	      counter_to_ns(end - start) / 2);
	test_context(NULL);
	printf("timer: %lu ticks at %d Hz in %lu ns, %lu WFI sleeps, blocked %lu ns\n",
	       (unsigned long)ticks, RATE_HZ, (unsigned long)counter_to_ns(end - start), sleeps,
	       (unsigned long)(after.time[RUNSTATE_blocked] - before.time[RUNSTATE_blocked]));
}
