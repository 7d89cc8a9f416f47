// SPDX-License-Identifier: MIT
/*
 * Delivering virtual interrupts through the list registers.
 *
 * A list register (ICH_LR<n>_EL2) holds one virtual interrupt:
 *   [31:0] vINTID, [41:32] pINTID (with HW), [55:48] priority, [60] group 1,
 *   [61] HW: deactivating it deactivates the physical pINTID,
 *   [63:62] state: 0 invalid, 1 pending, 2 active, 3 pending and active.
 * On every trap the core reads back what the guest did (vgic_sync); before
 * every entry it puts the most urgent pending interrupts into free list
 * registers (vgic_flush) and asks for a maintenance interrupt when some did
 * not fit. The virtual timer's interrupt is forwarded with HW set, so the
 * guest's EOI also completes the physical one; while its vCPU is switched out,
 * the physical active state is parked in the vCPU.
 *
 * Locking: a vCPU's vgic lock protects its private interrupts; a domain's
 * vgic lock its SPIs. Order: a vCPU's vgic lock, then its domain's; the only
 * lock taken under either is irq.c's leaf lock on device SPIs.
 */
#include <abi/guest_layout.h>
#include <domain.h>
#include <evtchn.h>
#include <gicv3.h>
#include <irq.h>
#include <lib.h>
#include <sched.h>
#include <sysreg.h>
#include <vgic.h>
#include <vgic_hw.h>

#define LR_STATE_SHIFT 62
#define LR_PENDING (1ull << 62)
#define LR_GROUP1 (1ull << 60)
#define LR_HW (1ull << 61)
#define LR_PINTID_SHIFT 32
#define LR_EOI (1ull << 41) /* software interrupt: maintenance interrupt when completed */
#define LR_PRIORITY_SHIFT 48

#define ICH_HCR_EN (1ull << 0)
#define ICH_HCR_UIE (1ull << 1)

static void irq_reset(struct vgic_irq *irq, bool edge)
{
	*irq = (struct vgic_irq){ .priority = 0, .edge = edge, .lr = -1 };
}

void vgic_vcpu_reset(struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.vgic;

	spin_lock(&c->lock);
	for (unsigned int i = 0; i < VGIC_PRIVATE; i++) {
		irq_reset(&c->priv[i], i < 16);
	}
	c->priv[VGIC_PPI_TIMER].hw = true;
	c->sleep = true;
	memset(c->lr, 0, sizeof(c->lr));
	c->lr_used = 0;
	c->vmcr = 0;
	memset(c->apr, 0, sizeof(c->apr));
	c->hcr = ICH_HCR_EN;
	c->timer_active = false;
	spin_unlock(&c->lock);
}

static void domain_reset(struct domain *d)
{
	struct vgic_dist *dist = &d->arch.vgic;

	spin_lock(&dist->lock);
	dist->enabled = false;
	for (unsigned int i = 0; i < VGIC_SPI_COUNT; i++) {
		irq_reset(&dist->spi[i], false);
		dist->route[i] = 0;
	}
	spin_unlock(&dist->lock);
}

/* SGI target test: does ICC_SGI1R value name vCPU t (sent by v)? */
static bool sgi_targets(uint64_t value, const struct vcpu *v, const struct vcpu *t)
{
	uint64_t aff1 = (value >> 16) & 0xff, aff2 = (value >> 32) & 0xff,
		 aff3 = (value >> 48) & 0xff;

	if (value & (1ull << 40)) { /* IRM: every PE but the sender */
		return t != v;
	}
	if (((t->mpidr >> 8) & 0xff) != aff1 || ((t->mpidr >> 16) & 0xff) != aff2 ||
	    ((t->mpidr >> 32) & 0xff) != aff3) {
		return false;
	}
	return (value >> (t->mpidr & 0xf)) & 1;
}

void vgic_sgi(struct vcpu *v, uint64_t value)
{
	unsigned int intid = (unsigned int)(value >> 24) & 0xf;
	struct domain *d = v->domain;

	for (unsigned int i = 0; i < d->vcpu_count; i++) {
		if (sgi_targets(value, v, d->vcpus[i])) {
			vgic_inject(d->vcpus[i], intid);
		}
	}
}

void vgic_inject(struct vcpu *v, unsigned int intid)
{
	struct vgic_cpu *c = &v->arch.vgic;

	if (intid >= VGIC_PRIVATE) {
		return;
	}
	spin_lock(&c->lock);
	c->priv[intid].pending = true;
	c->pending_hint |= 1u << intid;
	spin_unlock(&c->lock);
	sched_vcpu_kick(v);
}

static struct vcpu *spi_target(struct domain *d, unsigned int intid)
{
	uint64_t route = d->arch.vgic.route[intid - VGIC_SPI_BASE] & MPIDR_AFF_MASK;

	for (unsigned int i = 0; i < d->vcpu_count; i++) {
		if ((d->vcpus[i]->mpidr & MPIDR_AFF_MASK) == route) {
			return d->vcpus[i];
		}
	}
	return d->vcpus[0];
}

void vgic_inject_spi(struct domain *d, unsigned int intid)
{
	struct vgic_dist *dist = &d->arch.vgic;
	struct vcpu *target;

	spin_lock(&dist->lock);
	dist->spi[intid - VGIC_SPI_BASE].pending = true;
	dist->spi[intid - VGIC_SPI_BASE].device = true;
	__atomic_store_n(&dist->spis_used, true, __ATOMIC_RELEASE);
	target = spi_target(d, intid);
	spin_unlock(&dist->lock);
	sched_vcpu_kick(target);
}

/* A private interrupt's lr changes without the lock when it completes (vgic_sync): read once. */
unsigned int vgic_lr_state(struct vcpu *v, unsigned int intid, const struct vgic_irq *irq)
{
	struct vcpu *holder = intid < VGIC_PRIVATE ? v : v->domain->vcpus[irq->lr_vcpu];
	int8_t n = __atomic_load_n(&irq->lr, __ATOMIC_RELAXED);
	uint64_t lr = n < 0 ? 0 : __atomic_load_n(&holder->arch.vgic.lr[n], __ATOMIC_RELAXED);

	return (uint32_t)lr == intid ? (unsigned int)(lr >> LR_STATE_SHIFT) : 0;
}

/* A list register came back empty: the guest completed intid. */
static void completed(struct vcpu *v, unsigned int intid)
{
	struct vgic_dist *dist = &v->domain->arch.vgic;
	struct vgic_irq *spi;

	if (intid < VGIC_PRIVATE) {
		__atomic_store_n(&v->arch.vgic.priv[intid].lr, -1, __ATOMIC_RELAXED);
		return;
	}
	if (intid - VGIC_SPI_BASE >= VGIC_SPI_COUNT) {
		return;
	}
	spin_lock(&dist->lock);
	spi = &dist->spi[intid - VGIC_SPI_BASE];
	spi->lr = -1;
	if (spi->device) {
		irq_spi_completed(v->domain, intid);
	}
	spin_unlock(&dist->lock);
}

/* Without the vgic lock: the list registers, lr[] and lr_used are this pCPU's
 * own while v runs, and what else this changes, a private interrupt's lr, is
 * only read elsewhere (vgic_lr_state), where a completion seen a little early
 * or late is the same answer. */
void vgic_sync(struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.vgic;

	for (uint32_t used = c->lr_used; used; used &= used - 1) {
		unsigned int n = (unsigned int)__builtin_ctz(used);
		uint64_t lr = vgic_hw_lr_read(n);

		c->lr[n] = lr;
		if (lr >> LR_STATE_SHIFT) {
			continue;
		}
		completed(v, (unsigned int)lr);
		c->lr[n] = 0;
		c->lr_used &= ~(1u << n);
		if (lr & LR_EOI) { /* an empty one that asked for maintenance would go on asking; */
			vgic_hw_lr_write(n, 0); /* the others are rewritten whole when reused */
		}
	}
}

/* The more urgent of best and irq (pending, enabled, not listed), by priority. */
static struct vgic_irq *more_urgent(struct vgic_irq *best, struct vgic_irq *irq, unsigned int i,
				    unsigned int *intid)
{
	if (!irq->pending || !irq->enabled || irq->lr >= 0 ||
	    (best && irq->priority >= best->priority)) {
		return best;
	}
	*intid = i;
	return irq;
}

/* The SPIs routed to v, under the distributor's lock. */
static struct vgic_irq *best_spi(struct vcpu *v, struct vgic_irq *best, unsigned int *intid)
{
	struct vgic_dist *dist = &v->domain->arch.vgic;

	spin_lock(&dist->lock);
	for (unsigned int i = VGIC_SPI_BASE; i < VGIC_SPI_BASE + VGIC_SPI_COUNT; i++) {
		if (spi_target(v->domain, i) == v) {
			best = more_urgent(best, &dist->spi[i - VGIC_SPI_BASE], i, intid);
		}
	}
	spin_unlock(&dist->lock);
	return best;
}

/*
 * Most urgent pending, enabled interrupt for v not yet in a list register:
 * its private ones and the SPIs routed to it. vgic lock held. NULL if none.
 * The distributor's lock is shared by all the domain's vCPUs: it is taken
 * only once an SPI has been used.
 */
static struct vgic_irq *best_pending(struct vcpu *v, unsigned int *intid)
{
	struct vgic_dist *dist = &v->domain->arch.vgic;
	struct vgic_irq *best = NULL;

	if (!__atomic_load_n(&dist->enabled, __ATOMIC_ACQUIRE)) {
		return NULL;
	}
	/* Only those the hint names: most entries look at none, the others at one. */
	for (uint32_t hint = v->arch.vgic.pending_hint; hint; hint &= hint - 1) {
		unsigned int i = (unsigned int)__builtin_ctz(hint);

		if (!v->arch.vgic.priv[i].pending) {
			v->arch.vgic.pending_hint &= ~(1u << i);
		}
		best = more_urgent(best, &v->arch.vgic.priv[i], i, intid);
	}
	if (__atomic_load_n(&dist->spis_used, __ATOMIC_ACQUIRE)) {
		best = best_spi(v, best, intid);
	}
	return best;
}

/*
 * Before an entry, for one listed interrupt: take it back if still pending
 * (not acknowledged) and the guest has disabled it; or, if pending again
 * while the guest handles it, let it ride in the same list register as
 * pending and active, so the guest takes it right after its EOI.
 */
static void refresh_one(struct vgic_cpu *c, unsigned int n, struct vgic_irq *irq)
{
	unsigned int state = (unsigned int)(c->lr[n] >> LR_STATE_SHIFT);

	if (c->lr[n] & LR_HW) {
		return;
	}
	if (state == 1 && !irq->enabled) {
		irq->pending = true;
		c->pending_hint |= (uint32_t)c->lr[n] < VGIC_PRIVATE ? 1u << (uint32_t)c->lr[n] : 0;
		irq->lr = -1;
		c->lr[n] = 0;
		c->lr_used &= ~(1u << n);
		vgic_hw_lr_write(n, 0);
	} else if (state == 2 && irq->pending && irq->enabled) {
		irq->pending = false;
		c->lr[n] |= LR_PENDING;
		vgic_hw_lr_write(n, c->lr[n]);
	}
}

/* Every listed interrupt; an SPI's state needs the distributor's lock. vgic lock held
 * (its one caller, vgic_flush, takes it). */
static void refresh_listed(struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.vgic;
	struct vgic_dist *dist = &v->domain->arch.vgic;

	for (uint32_t used = c->lr_used; used; used &= used - 1) {
		unsigned int n = (unsigned int)__builtin_ctz(used);
		uint32_t intid = (uint32_t)c->lr[n]; /* an empty one is left alone */

		if (intid < VGIC_PRIVATE) {
			refresh_one(c, n, &c->priv[intid]);
		} else if (intid - VGIC_SPI_BASE < VGIC_SPI_COUNT) {
			spin_lock(&dist->lock);
			refresh_one(c, n, &dist->spi[intid - VGIC_SPI_BASE]);
			spin_unlock(&dist->lock);
		}
	}
}

/* Put irq, pending and not listed, into the free list register n. vgic lock held. */
static ALWAYS_INLINE void list_irq(struct vcpu *v, unsigned int n, unsigned int intid,
				   struct vgic_irq *irq)
{
	struct vgic_cpu *c = &v->arch.vgic;
	uint64_t lr =
		intid | LR_PENDING | LR_GROUP1 | ((uint64_t)irq->priority << LR_PRIORITY_SHIFT);

	if (irq->hw) {
		lr |= LR_HW | ((uint64_t)intid << LR_PINTID_SHIFT);
	} else if (irq->device) {
		lr |= LR_EOI;
	}
	irq->pending = false; /* listed: its bit of the hint goes too */
	c->pending_hint &= ~(intid < VGIC_PRIVATE ? 1u << intid : 0);
	irq->lr = (int8_t)n;
	irq->lr_vcpu = (uint8_t)v->id;
	c->lr[n] = lr;
	c->lr_used |= 1u << n;
	vgic_hw_lr_write(n, lr);
}

void vgic_flush(struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.vgic;
	struct vgic_irq *irq, *upcall = &c->priv[GUEST_EVTCHN_PPI];
	bool spis = __atomic_load_n(&v->domain->arch.vgic.spis_used, __ATOMIC_ACQUIRE);
	unsigned int intid = GUEST_EVTCHN_PPI;

	/* Nothing listed and nothing that may be pending (one left over for
	 * want of a list register keeps the hint set): the common entry, after a
	 * hypercall, has nothing to do. Read without the lock: lr_used is this
	 * pCPU's own while v runs, and whoever makes an interrupt pending sets
	 * the hint under the lock, then kicks this pCPU, so what this misses the
	 * kick's trap finds. */
	if (!c->lr_used && !__atomic_load_n(&c->pending_hint, __ATOMIC_ACQUIRE) && !spis &&
	    !evtchn_upcall_pending(v)) {
		return;
	}
	spin_lock(&c->lock);
	refresh_listed(v);
	/* The event upcall is a level: asserted while the guest's flag says so. */
	if (evtchn_upcall_pending(v) && upcall->lr < 0) {
		upcall->pending = true;
		c->pending_hint |= 1u << GUEST_EVTCHN_PPI;
	}
	/* The common event entry: the upcall is the one candidate and every list
	 * register is free, so there is nothing to choose between. Its hint bit
	 * alone does not say it is pending (a guest's ICPENDR leaves the bit). */
	if (c->pending_hint == 1u << GUEST_EVTCHN_PPI && upcall->pending && !c->lr_used && !spis &&
	    upcall->enabled && __atomic_load_n(&v->domain->arch.vgic.enabled, __ATOMIC_ACQUIRE)) {
		list_irq(v, 0, intid, upcall);
		irq = NULL;
	} else {
		irq = best_pending(v, &intid); /* always the most urgent one not listed yet */
	}
	for (unsigned int n = 0; irq && n < vgic_hw_lr_count(); n++) {
		if (!(c->lr[n] >> LR_STATE_SHIFT)) {
			list_irq(v, n, intid, irq);
			irq = best_pending(v, &intid);
		}
	}
	/* One left over: ask for the underflow interrupt, to list it once an LR frees up. */
	c->hcr = irq ? (c->hcr | ICH_HCR_UIE) : (c->hcr & ~ICH_HCR_UIE);
	vgic_hw_set_hcr(c->hcr);
	spin_unlock(&c->lock);
}

bool vgic_pending(struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.vgic;
	unsigned int intid;
	bool any;

	spin_lock(&c->lock);
	any = best_pending(v, &intid) != NULL;
	for (unsigned int n = 0; n < vgic_hw_lr_count() && !any; n++) {
		any = (c->lr[n] >> LR_STATE_SHIFT) == 1;
	}
	spin_unlock(&c->lock);
	return any;
}

void vgic_save(struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.vgic;

	for (unsigned int n = 0; n < vgic_hw_lr_count(); n++) {
		if (c->lr[n] >> LR_STATE_SHIFT) {
			c->lr[n] = vgic_hw_lr_read(n);
		}
		vgic_hw_lr_write(n, 0);
	}
	vgic_hw_save(&c->vmcr, c->apr);
	/* The forwarded timer interrupt may still be active: park that state. */
	c->timer_active = gic_ppi_active(VGIC_PPI_TIMER);
	if (c->timer_active) {
		gic_ppi_set_active(VGIC_PPI_TIMER, false);
	}
}

void vgic_restore(struct vcpu *v)
{
	struct vgic_cpu *c = &v->arch.vgic;

	if (c->timer_active) {
		gic_ppi_set_active(VGIC_PPI_TIMER, true);
	}
	for (unsigned int n = 0; n < vgic_hw_lr_count(); n++) {
		vgic_hw_lr_write(n, c->lr[n]);
	}
	vgic_hw_restore(c->vmcr, c->apr, c->hcr);
}

/* The upcall is a level vgic_flush lists from the guest's flag, whenever v is entered: a
 * kick gets v there. */
void arch_vcpu_raise_upcall(struct vcpu *v)
{
	sched_vcpu_kick(v);
}

void arch_domain_init(struct domain *d)
{
	domain_reset(d);
	mmio_reset(&d->arch.mmio);
	vgic_mmio_register(d);
}
