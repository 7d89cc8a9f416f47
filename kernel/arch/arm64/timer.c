// SPDX-License-Identifier: MIT
/*
 * Time for the core: the generic counter, in nanoseconds, and the EL2
 * physical timer (CNTHP, PPI 26), which ends time slices and wakes sleeping
 * vCPUs. Guests use the virtual timer, which CNTVOFF_EL2 = 0 ties to the same
 * counter, so their deadlines and the core's are on one clock.
 */
#include <arch.h>
#include <sysreg.h>
#include <timer.h>

#define NS_PER_S 1000000000ull
#define CNTHP_ENABLE 1ull

static uint64_t frequency(void)
{
	return read_sysreg(cntfrq_el0);
}

/* Whole seconds, then the rest: exact, no product past 64 bits for any counter
 * under 18 GHz, and no 128-bit division on every trap. */
uint64_t ticks_to_ns(uint64_t ticks)
{
	return ticks / frequency() * NS_PER_S + ticks % frequency() * NS_PER_S / frequency();
}

static uint64_t ns_to_ticks(uint64_t ns)
{
	return ns / NS_PER_S * frequency() + ns % NS_PER_S * frequency() / NS_PER_S;
}

uint64_t arch_now_ns(void)
{
	isb();
	return ticks_to_ns(read_sysreg(cntpct_el0));
}

void arch_timer_set(uint64_t deadline_ns)
{
	if (!deadline_ns) {
		write_sysreg(cnthp_ctl_el2, 0);
		return;
	}
	write_sysreg(cnthp_cval_el2, ns_to_ticks(deadline_ns));
	write_sysreg(cnthp_ctl_el2, CNTHP_ENABLE);
	isb();
}
