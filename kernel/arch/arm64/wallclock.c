// SPDX-License-Identifier: MIT
/*
 * The wall clock guests find in shared_info: read once from the machine's
 * PL031 real-time clock (seconds) and referred back to counter 0. A machine
 * without one reports the epoch.
 */
#include <arch.h>
#include <lib.h>
#include <wallclock.h>

static uint64_t boot_seconds;

void wallclock_init(paddr_t rtc)
{
	uint64_t now = arch_now_ns() / 1000000000ull;
	uint32_t seconds = *(volatile uint32_t *)arch_pa_to_va(rtc);

	boot_seconds = seconds > now ? seconds - now : 0;
	log_info("wall clock: %lu s since the epoch at boot", (unsigned long)boot_seconds);
}

void arch_wallclock(uint32_t *sec, uint32_t *nsec, uint32_t *sec_hi)
{
	*sec = (uint32_t)boot_seconds;
	*sec_hi = (uint32_t)(boot_seconds >> 32);
	*nsec = 0;
}
