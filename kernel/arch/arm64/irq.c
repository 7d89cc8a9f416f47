// SPDX-License-Identifier: MIT
/*
 * Physical interrupts taken at EL2, from a guest or in the idle loop. The
 * virtual timer's interrupt goes to the vCPU that was running, still active:
 * the guest's completion deactivates it (vgic.c). Everything else is the
 * core's own and is completed here.
 */
#include <gicv3.h>
#include <irq.h>
#include <sched.h>
#include <vgic.h>

#define INTID_SPURIOUS 1020

void irq_handle(struct vcpu *v)
{
	for (;;) {
		unsigned int intid = gic_ack();

		if (intid >= INTID_SPURIOUS) {
			return;
		}
		gic_priority_drop(intid);
		if (intid == VGIC_PPI_TIMER && v) {
			vgic_inject_timer(v);
			continue;
		}
		if (intid == VGIC_PPI_HYP_TIMER) {
			sched_timer_expired();
		}
		/* SGI_KICK and maintenance: the reschedule and vgic_flush that follow
		 * every trap are the whole answer. */
		gic_deactivate(intid);
	}
}
