/* SPDX-License-Identifier: MIT */
/* Sleeping until something an interrupt handler does: WFI / WFE loops without lost wake-ups. */
#ifndef LIBOS_WAIT_H
#define LIBOS_WAIT_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The condition is tested with IRQs masked and the vCPU sleeps with them
 * still masked: an interrupt pending after the test ends the sleep anyway,
 * and is taken right after, before the next test. So a wake-up between test
 * and sleep cannot be lost. Under Tessera WFI and WFE trap and the vCPU is
 * blocked until an interrupt is pending for it. The caller's IRQ mask is
 * restored on return. Conditions run with IRQs masked and must be quick.
 */

/** A wake-up condition; arg is what the caller passed along. */
typedef bool (*wait_cond_fn)(void *arg);

/**
 * Sleep in WFI until cond(arg) holds. Something must make it hold: an
 * interrupt handler of this vCPU, or another vCPU followed by an interrupt
 * to this one. Returns how many times the vCPU slept.
 */
unsigned long wait_event(wait_cond_fn cond, void *arg);

/** As wait_event, sleeping in WFE. */
unsigned long wait_event_wfe(wait_cond_fn cond, void *arg);

/**
 * As wait_event, but give up when the counter reaches deadline, for which
 * it arms the calling vCPU's one-shot timer (and stops it on return): do not
 * use while that timer does other work. Returns whether cond held.
 */
bool wait_event_until(wait_cond_fn cond, void *arg, uint64_t deadline);

/** Sleep in WFI until the counter reaches deadline; the same timer caveat. */
void wait_sleep_until(uint64_t deadline);

#endif
