// SPDX-License-Identifier: MIT
/*
 * Physical interrupts taken at EL2, from a guest or in the idle loop. The
 * virtual timer's interrupt goes to the vCPU that was running, still active:
 * the guest's completion deactivates it (vgic.c). A device SPI goes to the
 * domain that owns it, masked until that domain completes it. Everything else
 * is the core's own and is completed here.
 */
#include <abi/guest_layout.h>
#include <domain.h>
#include <gicv3.h>
#include <irq.h>
#include <lib.h>
#include <pcpu.h>
#include <sched.h>
#include <vgic.h>

#define INTID_SPURIOUS 1020

/* Interrupts taken per call: an interrupt asserted without end still lets the
 * pCPU return to its scheduler between calls. */
#define IRQ_BATCH 16

/* Which domain owns each SPI a domain may be given. Locking: spi_lock protects
 * spi_owner, spi_reported and every change of an owned SPI's mask, so an SPI
 * is never unmasked without an owner; a leaf lock (taken under a vGIC lock by
 * irq_spi_completed). A pCPU taking the interrupt holds a reference on the
 * owner while it delivers, so the domain cannot go from under it. */
static struct spinlock spi_lock = SPINLOCK_INIT;
static struct domain *spi_owner[GUEST_SPI_LAST + 1];
static uint64_t spi_reported[(INTID_SPURIOUS + 63) / 64];

void arch_domain_assign_irq(struct domain *d, uint32_t intid)
{
	spin_lock(&spi_lock);
	spi_owner[intid] = d;
	gic_spi_setup(intid, pcpus[0].mpidr);
	spin_unlock(&spi_lock);
}

void arch_domain_release_irq(struct domain *d, uint32_t intid)
{
	spin_lock(&spi_lock);
	if (spi_owner[intid] == d) {
		gic_spi_enable(intid, false);
		spi_owner[intid] = NULL;
	}
	spin_unlock(&spi_lock);
}

void irq_spi_completed(struct domain *d, unsigned int intid)
{
	spin_lock(&spi_lock);
	/* Released meanwhile (its domain is shutting down): it stays masked. */
	if (intid <= GUEST_SPI_LAST && spi_owner[intid] == d) {
		gic_spi_enable(intid, true);
	}
	spin_unlock(&spi_lock);
}

/* An SPI with no owner was taken (asserted as it was released): it stays
 * masked, so it cannot be taken again, and is reported once. */
static void report_unowned(unsigned int intid)
{
	uint64_t bit = 1ull << (intid % 64);
	bool first;

	spin_lock(&spi_lock);
	first = !(spi_reported[intid / 64] & bit);
	spi_reported[intid / 64] |= bit;
	spin_unlock(&spi_lock);
	if (first) {
		log_info("SPI %u has no owner: left masked", intid);
	}
}

/* A device interrupt: masked until its domain has handled it (irq_spi_completed). */
static void forward_spi(unsigned int intid)
{
	struct domain *owner = NULL;

	spin_lock(&spi_lock);
	gic_spi_enable(intid, false);
	if (intid <= GUEST_SPI_LAST) {
		owner = spi_owner[intid];
	}
	if (owner) {
		__atomic_fetch_add(&owner->refs, 1, __ATOMIC_ACQ_REL);
	}
	spin_unlock(&spi_lock);
	if (!owner) {
		report_unowned(intid);
		return;
	}
	vgic_inject_spi(owner, intid);
	domain_put(owner);
}

void irq_handle(struct vcpu *v)
{
	for (unsigned int n = 0; n < IRQ_BATCH; n++) {
		unsigned int intid = gic_ack();

		if (intid >= INTID_SPURIOUS) {
			return;
		}
		gic_priority_drop(intid);
		if (intid == VGIC_PPI_TIMER && v) {
			vgic_inject(v, VGIC_PPI_TIMER); /* v runs here: the kick costs nothing */
			continue;
		}
		if (intid == VGIC_PPI_HYP_TIMER) {
			sched_timer_expired();
		} else if (intid >= 32) {
			forward_spi(intid);
		}
		/* SGI_KICK and maintenance: the reschedule and vgic_flush that follow
		 * every trap are the whole answer. */
		gic_deactivate(intid);
	}
}
