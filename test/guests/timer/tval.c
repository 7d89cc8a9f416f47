// SPDX-License-Identifier: MIT
/* CNTV_TVAL_EL0 writes set CVAL relative to the counter and reads count down. */
#include <libos/arm64.h>
#include <libos/counter.h>
#include <libos/test.h>
#include <libos/timer.h>

#include "../common/irq_setup.h"

TEST(timer, tval)
{
	uint64_t freq = counter_frequency();
	uint64_t before;
	uint64_t after;
	uint64_t cval;
	int32_t tval1;
	int32_t tval2;

	REQUIRE(freq > 0);
	REQUIRE(irq_setup_boot());
	timer_stop();

	before = counter_read();
	WRITE_SYSREG(cntv_tval_el0, freq / 10);
	__asm__ volatile("isb" ::: "memory");
	after = counter_read();
	cval = READ_SYSREG(cntv_cval_el0);
	CHECK(cval >= before + freq / 10);
	CHECK(cval <= after + freq / 10);

	/* TVAL reads as CVAL - counter, a signed 32-bit value. */
	tval1 = (int32_t)READ_SYSREG(cntv_tval_el0);
	tval2 = (int32_t)READ_SYSREG(cntv_tval_el0);
	CHECK(tval1 > 0);
	CHECK(tval1 <= (int32_t)(freq / 10));
	CHECK(tval2 <= tval1);

	/* A negative TVAL puts the deadline in the past. */
	WRITE_SYSREG(cntv_tval_el0, (uint32_t)-1000);
	__asm__ volatile("isb" ::: "memory");
	CHECK(READ_SYSREG(cntv_cval_el0) < counter_read());
	CHECK((int32_t)READ_SYSREG(cntv_tval_el0) < 0);
	WRITE_SYSREG(cntv_ctl_el0, 0);
}
