/* SPDX-License-Identifier: MIT */
/* The wall clock at boot, from the PL031 real-time clock. */
#ifndef WALLCLOCK_H
#define WALLCLOCK_H

#include <types.h>

/** Read the RTC at rtc once (it must be mapped). */
void wallclock_init(paddr_t rtc);

#endif
