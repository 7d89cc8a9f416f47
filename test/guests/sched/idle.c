// SPDX-License-Identifier: MIT
/* Sleeping in WFI between 10 Hz timer ticks for 3 s costs under 5% of the time in running. */
#include <libos/counter.h>
#include <libos/runstate.h>
#include <libos/smp.h>
#include <libos/test.h>
#include <libos/timer.h>
#include <libos/wait.h>
#include <stdio.h>

#include "../common/irq_setup.h"
#include "report.h"

#define RATE_HZ 10
#define SECONDS 3

static bool counter_passed(void *deadline)
{
	return counter_read() >= *(uint64_t *)deadline;
}

TEST(idle, wfi)
{
	uint64_t freq = counter_frequency();
	struct vcpu_runstate_info before;
	struct vcpu_runstate_info after;
	uint64_t fired;
	uint64_t start;
	uint64_t end;
	uint64_t ticks;
	uint64_t running;
	uint64_t elapsed_ns;

	REQUIRE(freq > 0);
	REQUIRE(irq_setup_boot());
	REQUIRE_EQ(runstate_get(smp_cpu_id(), &before), 0);
	fired = timer_fired_count();
	start = counter_read();
	end = start + SECONDS * freq;
	REQUIRE_EQ(timer_periodic_start(RATE_HZ, NULL, NULL), 0);
	(void)wait_event(counter_passed, &end);
	end = counter_read();
	timer_stop();
	ticks = timer_fired_count() - fired;
	elapsed_ns = counter_to_ns(end - start);
	REQUIRE_EQ(runstate_get(smp_cpu_id(), &after), 0);

	running = after.time[RUNSTATE_running] - before.time[RUNSTATE_running];
	test_context("running %lu ns of %lu ns, %lu ticks", (unsigned long)running,
		     (unsigned long)elapsed_ns, (unsigned long)ticks);
	CHECK(running * 20 < elapsed_ns);
	CHECK(ticks + 2 >= SECONDS * RATE_HZ);
	CHECK(ticks <= SECONDS * RATE_HZ + 2);
	test_context(NULL);
	printf("idle: running %lu ns of %lu ns (%lu.%02lu%%), %lu ticks\n", (unsigned long)running,
	       (unsigned long)elapsed_ns, (unsigned long)(running * 100 / elapsed_ns),
	       (unsigned long)(running * 10000 / elapsed_ns % 100), (unsigned long)ticks);
	report_runstate(&after, elapsed_ns);
}
