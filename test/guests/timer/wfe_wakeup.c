// SPDX-License-Identifier: MIT
/* Waiting in WFE works: timer interrupts end the wait and are taken, tick after tick. */
#include <libos/counter.h>
#include <libos/test.h>
#include <libos/timer.h>
#include <libos/wait.h>
#include <stdio.h>

#include "../common/irq_setup.h"

#define RATE_HZ 100
#define TICKS 20

static bool ticks_reached(void *target)
{
	return timer_fired_count() >= *(uint64_t *)target;
}

TEST(timer, wfe_wakeup)
{
	uint64_t freq = counter_frequency();
	uint64_t target;
	uint64_t start;
	uint64_t elapsed;
	unsigned long sleeps;

	REQUIRE(freq > 0);
	REQUIRE(irq_setup_boot());
	target = timer_fired_count() + TICKS;
	start = counter_read();
	REQUIRE_EQ(timer_periodic_start(RATE_HZ, NULL, NULL), 0);
	sleeps = wait_event_wfe(ticks_reached, &target);
	elapsed = counter_read() - start;
	timer_stop();
	/*
	 * How often WFE returns is not checked: it also ends on the event
	 * register, and QEMU's TCG never traps WFE to EL2 (it only yields), so
	 * under QEMU it does not block. The ticks must come at their rate, though.
	 */
	test_context("%d ticks in %lu counter ticks, %lu WFEs", TICKS, (unsigned long)elapsed,
		     sleeps);
	CHECK(sleeps >= 1);
	CHECK(elapsed * RATE_HZ >= (TICKS - 1) * freq);
	CHECK(elapsed * RATE_HZ <= (TICKS + 2) * freq);
	test_context(NULL);
	printf("timer: %d ticks ended %lu WFEs\n", TICKS, sleeps);
}
