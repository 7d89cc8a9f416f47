// SPDX-License-Identifier: MIT
/* WFI / WFE sleep loops on a condition, and timed sleeps on the virtual timer. */
#include <libos/counter.h>
#include <libos/intr.h>
#include <libos/timer.h>
#include <libos/wait.h>
#include <stddef.h>

/* Locking: none; everything here acts on the calling vCPU. */

/* Sleep once (WFE or WFI) with IRQs masked, then let in and take what woke the vCPU. */
static void wait_sleep_once(bool wfe)
{
	/* The DSB completes earlier memory accesses first, as the architecture asks before WFx. */
	if (wfe) {
		__asm__ volatile("dsb sy\n\twfe" ::: "memory");
	} else {
		__asm__ volatile("dsb sy\n\twfi" ::: "memory");
	}
	/* Unmasking is seen by the ISB at the latest: a pending IRQ is taken before the mask
	 * returns. */
	__asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
}

static unsigned long wait_loop(wait_cond_fn cond, void *arg, bool wfe)
{
	uint64_t daif = intr_save();
	unsigned long sleeps = 0;

	while (!cond(arg)) {
		wait_sleep_once(wfe);
		sleeps++;
	}
	intr_restore(daif);
	return sleeps;
}

unsigned long wait_event(wait_cond_fn cond, void *arg)
{
	return wait_loop(cond, arg, false);
}

unsigned long wait_event_wfe(wait_cond_fn cond, void *arg)
{
	return wait_loop(cond, arg, true);
}

/** The condition and the deadline of wait_event_until. */
struct wait_deadline {
	wait_cond_fn cond;
	void *arg;
	uint64_t deadline;
	bool held;
};

static bool wait_cond_or_deadline(void *arg)
{
	struct wait_deadline *w = arg;

	w->held = w->cond(w->arg);
	return w->held || counter_read() >= w->deadline;
}

bool wait_event_until(wait_cond_fn cond, void *arg, uint64_t deadline)
{
	struct wait_deadline w = { .cond = cond, .arg = arg, .deadline = deadline, .held = false };

	timer_oneshot_at(deadline, NULL, NULL);
	(void)wait_loop(wait_cond_or_deadline, &w, false);
	timer_stop();
	return w.held;
}

static bool wait_never(void *unused)
{
	(void)unused;
	return false;
}

void wait_sleep_until(uint64_t deadline)
{
	(void)wait_event_until(wait_never, NULL, deadline);
}
