// SPDX-License-Identifier: MIT
/*
 * Physical interrupts taken at EL2, from a guest or in the idle loop. The
 * virtual timer's interrupt goes to the vCPU that was running, still active:
 * the guest's completion deactivates it (vgic.c). Everything else is the
 * core's own and is completed here.
 */
#include <abi/guest_layout.h>
#include <domain.h>
#include <gicv3.h>
#include <irq.h>
#include <pcpu.h>
#include <sched.h>
#include <vgic.h>

#define INTID_SPURIOUS 1020

/* Which domain owns each SPI a domain may be given. Locking: spi_lock protects
 * spi_owner; a leaf lock. A pCPU taking the interrupt holds a reference on the
 * owner while it delivers, so the domain cannot go from under it. */
static struct spinlock spi_lock = SPINLOCK_INIT;
static struct domain *spi_owner[GUEST_SPI_LAST + 1];

void arch_domain_assign_irq(struct domain *d, uint32_t intid)
{
	spin_lock(&spi_lock);
	spi_owner[intid] = d;
	spin_unlock(&spi_lock);
	gic_spi_setup(intid, pcpus[0].mpidr);
}

void arch_domain_release_irq(struct domain *d, uint32_t intid)
{
	gic_spi_enable(intid, false);
	spin_lock(&spi_lock);
	if (spi_owner[intid] == d) {
		spi_owner[intid] = NULL;
	}
	spin_unlock(&spi_lock);
}

/* A device interrupt for its domain: masked until the guest has handled it
 * (vgic_sync unmasks it when the guest completes the virtual one). */
static bool forward_spi(unsigned int intid)
{
	struct domain *owner;

	if (intid < 32 || intid > GUEST_SPI_LAST) {
		return false;
	}
	spin_lock(&spi_lock);
	owner = spi_owner[intid];
	if (owner) {
		__atomic_fetch_add(&owner->refs, 1, __ATOMIC_ACQ_REL);
	}
	spin_unlock(&spi_lock);
	if (!owner) {
		return false;
	}
	gic_spi_enable(intid, false);
	vgic_inject_spi(owner, intid);
	domain_put(owner);
	return true;
}

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
		forward_spi(intid);
		/* SGI_KICK and maintenance: the reschedule and vgic_flush that follow
		 * every trap are the whole answer. */
		gic_deactivate(intid);
	}
}
