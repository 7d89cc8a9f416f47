// SPDX-License-Identifier: MIT
/* IRQ dispatch through a per-INTID handler table, acknowledging and ending at the GIC. */
#include <errno.h>
#include <libos/config.h>
#include <libos/gic.h>
#include <libos/irq.h>
#include <libos/smp.h>
#include <stddef.h>

/*
 * Locking: none. A handler slot is written whole before its INTID is
 * enabled (release), and read with acquire in the IRQ path; the unhandled
 * counters have one slot per vCPU, written only by that vCPU.
 */

/* At most this many interrupts are taken in one IRQ exception, so a stuck one cannot hang it. */
#define IRQ_BATCH 16

struct irq_slot {
	irq_handler_fn fn;
	void *arg;
};

static struct irq_slot irq_slots[LIBOS_IRQ_COUNT];
static uint64_t irq_unhandled[LIBOS_MAX_CPUS];

int irq_set_handler(unsigned int intid, irq_handler_fn fn, void *arg)
{
	if (intid >= LIBOS_IRQ_COUNT) {
		return -EINVAL;
	}
	__atomic_store_n(&irq_slots[intid].fn, NULL, __ATOMIC_RELEASE);
	__atomic_store_n(&irq_slots[intid].arg, arg, __ATOMIC_RELAXED);
	__atomic_store_n(&irq_slots[intid].fn, fn, __ATOMIC_RELEASE);
	return 0;
}

uint64_t irq_unhandled_count(void)
{
	return __atomic_load_n(&irq_unhandled[smp_cpu_id()], __ATOMIC_RELAXED);
}

/* Run intid's handler; an INTID nobody handles is disabled (if the GIC has it) and counted. */
static void irq_dispatch(uint32_t intid)
{
	irq_handler_fn fn = NULL;
	void *arg = NULL;

	if (intid < LIBOS_IRQ_COUNT) {
		fn = __atomic_load_n(&irq_slots[intid].fn, __ATOMIC_ACQUIRE);
		arg = __atomic_load_n(&irq_slots[intid].arg, __ATOMIC_RELAXED);
	}
	if (fn != NULL) {
		fn(intid, arg);
		return;
	}
	(void)gic_irq_disable(intid); /* -EINVAL for an INTID the GIC does not have: fine */
	__atomic_add_fetch(&irq_unhandled[smp_cpu_id()], 1, __ATOMIC_RELAXED);
}

void irq_handle(void)
{
	for (int n = 0; n < IRQ_BATCH; n++) {
		uint32_t intid = gic_ack();

		if (intid >= GIC_INTID_SPECIAL) {
			return; /* nothing (more) pending for us */
		}
		irq_dispatch(intid);
		gic_eoi(intid);
	}
}
