// SPDX-License-Identifier: MIT
/* The virtual timer: one-shot and periodic deadlines through CNTV_CVAL_EL0, PPI 27 handler. */
#include <abi/guest_layout.h>
#include <errno.h>
#include <libos/arm64.h>
#include <libos/config.h>
#include <libos/counter.h>
#include <libos/gic.h>
#include <libos/intr.h>
#include <libos/irq.h>
#include <libos/smp.h>
#include <libos/timer.h>
#include <stddef.h>

/*
 * Locking: each vCPU's slot is touched only by that vCPU, from thread
 * context with IRQs masked and from its timer IRQ handler.
 */

/** The state of one vCPU's timer. */
struct timer_vcpu {
	timer_fn fn;
	void *arg;
	uint64_t period;   /* counter ticks between periodic deadlines; 0 for one-shot */
	uint64_t deadline; /* the CVAL programmed last */
	uint64_t fired;    /* interrupts taken */
};

static struct timer_vcpu timer_vcpus[LIBOS_MAX_CPUS];

static struct timer_vcpu *timer_own(void)
{
	return &timer_vcpus[smp_cpu_id()];
}

static void timer_program(uint64_t deadline, uint64_t ctl)
{
	WRITE_SYSREG(cntv_cval_el0, deadline);
	WRITE_SYSREG(cntv_ctl_el0, ctl);
	__asm__ volatile("isb" ::: "memory");
}

/* PPI 27 handler: lower the interrupt line, then tell the owner. */
static void timer_irq(unsigned int intid, void *unused)
{
	struct timer_vcpu *t = timer_own();
	uint64_t ctl = READ_SYSREG(cntv_ctl_el0);

	(void)intid;
	(void)unused;
	if ((ctl & (TIMER_CTL_ENABLE | TIMER_CTL_IMASK | TIMER_CTL_ISTATUS)) !=
	    (TIMER_CTL_ENABLE | TIMER_CTL_ISTATUS)) {
		return; /* not (or no longer) asserted: stopped, masked or moved on meanwhile */
	}
	if (t->period != 0) {
		t->deadline += t->period;
		timer_program(t->deadline, TIMER_CTL_ENABLE);
	} else {
		timer_program(t->deadline, 0);
	}
	__atomic_store_n(&t->fired, t->fired + 1, __ATOMIC_RELAXED);
	if (t->fn != NULL) {
		t->fn(t->arg);
	}
}

int timer_init(void)
{
	int rc;

	timer_stop();
	rc = irq_set_handler(GUEST_VTIMER_PPI, timer_irq, NULL);
	if (rc == 0) {
		rc = gic_irq_set_priority(GUEST_VTIMER_PPI, GIC_PRIORITY_DEFAULT);
	}
	if (rc == 0) {
		rc = gic_irq_enable(GUEST_VTIMER_PPI);
	}
	return rc;
}

/* Arm the calling vCPU's timer; IRQs are masked so the handler cannot see half an update. */
static void timer_arm(uint64_t deadline, uint64_t period, timer_fn fn, void *arg)
{
	struct timer_vcpu *t = timer_own();
	uint64_t daif = intr_save();

	t->fn = fn;
	t->arg = arg;
	t->period = period;
	t->deadline = deadline;
	timer_program(deadline, TIMER_CTL_ENABLE);
	intr_restore(daif);
}

void timer_oneshot_at(uint64_t deadline, timer_fn fn, void *arg)
{
	timer_arm(deadline, 0, fn, arg);
}

void timer_oneshot_after(uint64_t ns, timer_fn fn, void *arg)
{
	timer_arm(counter_read() + counter_from_ns(ns), 0, fn, arg);
}

int timer_periodic_start(uint64_t hz, timer_fn fn, void *arg)
{
	uint64_t freq = counter_frequency();

	if (hz == 0 || hz > freq) {
		return -EINVAL;
	}
	timer_arm(counter_read() + freq / hz, freq / hz, fn, arg);
	return 0;
}

void timer_stop(void)
{
	uint64_t daif = intr_save();
	struct timer_vcpu *t = timer_own();

	WRITE_SYSREG(cntv_ctl_el0, 0);
	__asm__ volatile("isb" ::: "memory");
	t->period = 0;
	t->fn = NULL;
	intr_restore(daif);
}

uint64_t timer_fired_count(void)
{
	return __atomic_load_n(&timer_own()->fired, __ATOMIC_RELAXED);
}
