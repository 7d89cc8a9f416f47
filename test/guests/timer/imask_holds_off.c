// SPDX-License-Identifier: MIT
/* With CNTV_CTL.IMASK set, a timer whose deadline has passed raises no interrupt until unmasked. */
#include <libos/arm64.h>
#include <libos/counter.h>
#include <libos/test.h>
#include <libos/timer.h>

#include "../common/irq_setup.h"
#include "../common/spin_wait.h"

static bool fired_since(uint64_t before, uint64_t deadline)
{
	while (timer_fired_count() == before) {
		if (counter_read() >= deadline) {
			return timer_fired_count() != before;
		}
	}
	return true;
}

TEST(timer, imask_holds_off)
{
	uint64_t freq = counter_frequency();
	uint64_t fired_before;

	REQUIRE(freq > 0);
	REQUIRE(irq_setup_boot());
	timer_stop();
	fired_before = timer_fired_count();

	/* Masked first, then a deadline already in the past, then enabled: the condition holds. */
	WRITE_SYSREG(cntv_ctl_el0, TIMER_CTL_IMASK);
	WRITE_SYSREG(cntv_cval_el0, counter_read() - 1);
	WRITE_SYSREG(cntv_ctl_el0, TIMER_CTL_ENABLE | TIMER_CTL_IMASK);
	__asm__ volatile("isb" ::: "memory");

	test_context("masked, deadline passed, 200 ms with IRQs open");
	spin_wait_until(counter_read() + freq / 5);
	CHECK_EQ(timer_fired_count() - fired_before, 0);
	CHECK_EQ(READ_SYSREG(cntv_ctl_el0), TIMER_CTL_ENABLE | TIMER_CTL_IMASK | TIMER_CTL_ISTATUS);

	/* Unmasked: it comes, and the handler turns the one-shot timer off. */
	test_context("unmasked");
	WRITE_SYSREG(cntv_ctl_el0, TIMER_CTL_ENABLE);
	__asm__ volatile("isb" ::: "memory");
	CHECK(fired_since(fired_before, counter_read() + freq));
	CHECK_EQ(timer_fired_count() - fired_before, 1);
	CHECK_EQ(READ_SYSREG(cntv_ctl_el0) & TIMER_CTL_ENABLE, 0);

	/* Disabled (ENABLE clear) holds it off as well. */
	test_context("disabled, deadline passed");
	WRITE_SYSREG(cntv_cval_el0, counter_read() - 1);
	WRITE_SYSREG(cntv_ctl_el0, 0);
	__asm__ volatile("isb" ::: "memory");
	spin_wait_until(counter_read() + freq / 10);
	CHECK_EQ(timer_fired_count() - fired_before, 1);
	test_context(NULL);
}
