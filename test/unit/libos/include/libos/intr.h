/* SPDX-License-Identifier: MIT */
/* The host's stand-in for libos/intr.h: the unit tests have no IRQ mask to touch. */
#ifndef LIBOS_INTR_H
#define LIBOS_INTR_H

/** Counts the calls, so a test can see the code under test let IRQs in. */
extern unsigned int fake_intr_enabled;

static inline void intr_enable(void)
{
	fake_intr_enabled++;
}

#endif
