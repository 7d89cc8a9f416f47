// SPDX-License-Identifier: MIT
/* The virtual counter (CNTVCT_EL0) and its frequency as a clock. */
#include <libos/arm64.h>
#include <libos/counter.h>

uint64_t counter_read(void)
{
	/* The ISB keeps the read from being taken early, ahead of the code it measures. */
	__asm__ volatile("isb" ::: "memory");
	return READ_SYSREG(cntvct_el0);
}

uint64_t counter_frequency(void)
{
	return READ_SYSREG(cntfrq_el0);
}

uint64_t counter_ns(void)
{
	return counter_to_ns(counter_read());
}

uint64_t counter_to_ns(uint64_t ticks)
{
	uint64_t freq = counter_frequency();

	if (freq == 0) {
		return 0;
	}
	/* Split so neither product overflows for any realistic frequency. */
	return ticks / freq * 1000000000u + ticks % freq * 1000000000u / freq;
}

uint64_t counter_from_ns(uint64_t ns)
{
	uint64_t freq = counter_frequency();

	/* The same split: the remainder is below 10^9, times a frequency below 10^10. */
	return ns / 1000000000u * freq + ns % 1000000000u * freq / 1000000000u;
}
