/* SPDX-License-Identifier: MIT */
/* The generic timer's virtual counter as a clock. */
#ifndef LIBOS_COUNTER_H
#define LIBOS_COUNTER_H

#include <stdint.h>

/** CNTVCT_EL0, ordered after earlier instructions. */
uint64_t counter_read(void);

/** CNTFRQ_EL0 in Hz (0 if the hypervisor left it unset). */
uint64_t counter_frequency(void);

/** Nanoseconds since the counter's zero; 0 if the frequency is unknown. */
uint64_t counter_ns(void);

/** A span of ticks of the counter in nanoseconds; 0 if the frequency is unknown. */
uint64_t counter_to_ns(uint64_t ticks);

/** A span of nanoseconds in ticks of the counter, rounded down. */
uint64_t counter_from_ns(uint64_t ns);

#endif
