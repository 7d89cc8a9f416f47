/* SPDX-License-Identifier: MIT */
/* Conversions between generic counter ticks and nanoseconds. */
#ifndef TIMER_H
#define TIMER_H

#include <types.h>

uint64_t ticks_to_ns(uint64_t ticks);

#endif
