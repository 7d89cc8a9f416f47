// SPDX-License-Identifier: MIT
/* A one-shot deadline far ahead does not fire early, spinning or blocked in WFI, and fires once. */
#include <libos/arm64.h>
#include <libos/counter.h>
#include <libos/test.h>
#include <libos/timer.h>
#include <libos/wait.h>

#include "../common/irq_setup.h"
#include "../common/spin_wait.h"

/* Runs in the timer's IRQ: when it fired, by the counter. */
static void record_fire(void *fired_at)
{
	__atomic_store_n((uint64_t *)fired_at, counter_read(), __ATOMIC_RELEASE);
}

static bool has_fired(void *fired_at)
{
	return __atomic_load_n((uint64_t *)fired_at, __ATOMIC_ACQUIRE) != 0;
}

TEST(timer, oneshot_not_early)
{
	uint64_t freq = counter_frequency();
	uint64_t fired_at = 0;
	uint64_t fired_before;
	uint64_t deadline;
	unsigned long sleeps;

	REQUIRE(freq > 0);
	REQUIRE(irq_setup_boot());
	fired_before = timer_fired_count();

	/* 10 s ahead: nothing for 300 ms of spinning with IRQs open. */
	test_context("deadline 10 s ahead, spinning 300 ms");
	deadline = counter_read() + 10 * freq;
	timer_oneshot_at(deadline, record_fire, &fired_at);
	spin_wait_until(counter_read() + freq * 3 / 10);
	CHECK_EQ(__atomic_load_n(&fired_at, __ATOMIC_ACQUIRE), 0);
	CHECK_EQ(READ_SYSREG(cntv_ctl_el0) & TIMER_CTL_ISTATUS, 0);
	CHECK_EQ(timer_fired_count() - fired_before, 0);

	/* 1 s ahead, blocked in WFI: the timer is the only thing that can wake the vCPU. */
	test_context("deadline 1 s ahead, sleeping in WFI");
	deadline = counter_read() + freq;
	timer_oneshot_at(deadline, record_fire, &fired_at);
	sleeps = wait_event(has_fired, &fired_at);
	CHECK(fired_at >= deadline);
	CHECK(fired_at - deadline < freq / 2);
	CHECK(sleeps >= 1);
	CHECK(sleeps <= 2);
	CHECK_EQ(timer_fired_count() - fired_before, 1);

	/* One-shot: it is off now and stays quiet. */
	test_context("after the one-shot fired");
	CHECK_EQ(READ_SYSREG(cntv_ctl_el0) & TIMER_CTL_ENABLE, 0);
	spin_wait_until(counter_read() + freq / 5);
	CHECK_EQ(timer_fired_count() - fired_before, 1);
	test_context(NULL);
}
