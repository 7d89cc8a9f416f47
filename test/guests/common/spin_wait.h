/* SPDX-License-Identifier: MIT */
/* Busy waits on the virtual counter, for tests that must not sleep (or cannot be woken). */
#ifndef TEST_GUESTS_SPIN_WAIT_H
#define TEST_GUESTS_SPIN_WAIT_H

#include <libos/counter.h>
#include <stdbool.h>
#include <stdint.h>

/** Spin until the counter reaches deadline. */
static inline void spin_wait_until(uint64_t deadline)
{
	while (counter_read() < deadline) {
	}
}

/** Spin until *flag is non-zero or the counter reaches deadline; returns whether it was set. */
static inline bool spin_wait_flag(const uint64_t *flag, uint64_t deadline)
{
	while (__atomic_load_n(flag, __ATOMIC_ACQUIRE) == 0) {
		if (counter_read() >= deadline) {
			return __atomic_load_n(flag, __ATOMIC_ACQUIRE) != 0;
		}
	}
	return true;
}

#endif
