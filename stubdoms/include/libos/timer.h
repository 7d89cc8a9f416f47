/* SPDX-License-Identifier: MIT */
/* The calling vCPU's virtual timer (CNTV, PPI 27): one-shot and periodic, programmed through CVAL.
 */
#ifndef LIBOS_TIMER_H
#define LIBOS_TIMER_H

#include <stdint.h>

/*
 * Each vCPU has its own virtual timer; every call here acts on the calling
 * vCPU's. Deadlines are values of the virtual counter (counter.h), which
 * reads the same on every vCPU of a domain. The timer interrupt is PPI 27
 * (GUEST_VTIMER_PPI), level-sensitive: it stays asserted while the counter
 * has passed CNTV_CVAL_EL0 and the timer is enabled and not masked, so the
 * handler here moves CVAL on (periodic) or turns the timer off (one-shot)
 * before the interrupt ends.
 */

/* CNTV_CTL_EL0: ENABLE, IMASK (the interrupt is masked), ISTATUS (the condition is met; RO). */
#define TIMER_CTL_ENABLE (1u << 0)
#define TIMER_CTL_IMASK (1u << 1)
#define TIMER_CTL_ISTATUS (1u << 2)

/** What a firing timer calls, in IRQ context on the vCPU that owns the timer. */
typedef void (*timer_fn)(void *arg);

/**
 * Prepare the calling vCPU's timer: stopped, its PPI handled and enabled at
 * the GIC. Call after gic_init / gic_cpu_init on each vCPU that uses it.
 * Returns 0 or an error of the GIC driver.
 */
int timer_init(void);

/** Fire once when the counter reaches deadline (at once if it has); fn may be NULL. */
void timer_oneshot_at(uint64_t deadline, timer_fn fn, void *arg);

/** Fire once ns nanoseconds from now. */
void timer_oneshot_after(uint64_t ns, timer_fn fn, void *arg);

/**
 * Fire hz times a second from now on, each deadline one period after the
 * previous one, so the rate does not drift: a tick that comes late is
 * followed at once by the ones it held up. Returns 0, or -EINVAL if hz is 0
 * or above the counter frequency.
 */
int timer_periodic_start(uint64_t hz, timer_fn fn, void *arg);

/** Stop the timer (one-shot or periodic); a tick already pending may still come. */
void timer_stop(void);

/** How many times the calling vCPU's timer has fired since boot. */
uint64_t timer_fired_count(void);

#endif
