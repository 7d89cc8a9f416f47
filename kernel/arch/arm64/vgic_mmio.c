// SPDX-License-Identifier: MIT
/*
 * The emulated GICv3 distributor and redistributors: two ranges of the
 * domain's MMIO table, whose trap code hands over each decoded access.
 * Accepted: 32-bit accesses, 8-bit ones to the priority registers, 64-bit
 * ones to GICD_IROUTER and GICR_TYPER, all naturally aligned. Anything else gets an external abort;
 * a reserved offset inside an implemented frame reads as zero and ignores writes.
 */
#include <abi/guest_layout.h>
#include <domain.h>
#include <gicv3.h>
#include <lib.h>
#include <mmio.h>
#include <sched.h>
#include <vgic.h>

#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_ICFGR 0x0C00
#define GICD_PIDR2 0xFFE8

#define GICR_IIDR 0x0004
#define GICR_PIDR2 0xFFE8

#define CTLR_DS (1u << 6)
#define IIDR_VALUE 0x0000043Bu /* implementer: Arm's JEP106 code */
#define PIDR2_GICV3 0x3Bu      /* ArchRev 3 */
/* 10 INTID bits; ITLinesNumber: 32 * (N + 1) INTIDs in all */
#define TYPER_VALUE ((9u << 19) | ((GUEST_SPI_LAST + 1) / 32 - 1))
#define PRIORITY_MASK 0xF8u

/* Which bank of interrupts a register names: private (this vCPU's) or SPIs. */
static struct vgic_irq *irq_of(struct vcpu *v, unsigned int intid)
{
	if (intid < VGIC_PRIVATE) {
		return &v->arch.vgic.priv[intid];
	}
	if (intid - VGIC_SPI_BASE < VGIC_SPI_COUNT) {
		return &v->domain->arch.vgic.spi[intid - VGIC_SPI_BASE];
	}
	return NULL;
}

/* One bit per interrupt: ISENABLER and friends, for 32 INTIDs starting at base. */
static uint32_t bits_read(struct vcpu *v, unsigned int base, uint64_t reg)
{
	uint32_t out = 0;

	for (unsigned int i = 0; i < 32; i++) {
		struct vgic_irq *irq = irq_of(v, base + i);
		bool on = false;

		if (!irq) {
			continue;
		}
		switch (reg) {
		case GICD_ISENABLER:
		case GICD_ICENABLER:
			on = irq->enabled;
			break;
		case GICD_ISPENDR:
		case GICD_ICPENDR:
			on = irq->pending || (vgic_lr_state(v, base + i, irq) & 1);
			break;
		default:
			on = irq->active || (vgic_lr_state(v, base + i, irq) & 2);
			break;
		}
		out |= (uint32_t)on << i;
	}
	return out;
}

static void bits_write(struct vcpu *v, unsigned int base, uint64_t reg, uint32_t value)
{
	for (unsigned int i = 0; i < 32; i++) {
		struct vgic_irq *irq = irq_of(v, base + i);

		if (!irq || !(value & (1u << i))) {
			continue;
		}
		switch (reg) {
		case GICD_ISENABLER:
			irq->enabled = true;
			break;
		case GICD_ICENABLER:
			irq->enabled = false;
			break;
		case GICD_ISPENDR:
			/* A forwarded interrupt follows its hardware: software cannot pend it. */
			irq->pending |= !irq->hw;
			/* A private one: v is the target, its lock held (redist_mmio). */
			v->arch.vgic.pending_hint |= (uint32_t)(irq->pending && base == 0) << i;
			if (base + i >= VGIC_SPI_BASE) {
				__atomic_store_n(&v->domain->arch.vgic.spis_used, true,
						 __ATOMIC_RELEASE);
			}
			break;
		case GICD_ICPENDR:
			irq->pending = false;
			break;
		case GICD_ISACTIVER:
			irq->active |= !irq->hw;
			break;
		default:
			irq->active = false;
			break;
		}
	}
}

/* The registers the distributor and the SGI frame share, relative to their bases. */
static void banked_access(struct vcpu *v, unsigned int base, struct mmio_access *a)
{
	uint64_t reg = a->offset & ~0x7full; /* the register group */
	unsigned int first = base + (unsigned int)(a->offset & 0x7f) * 8;

	if (reg >= GICD_ISENABLER && reg <= GICD_ICACTIVER) {
		if (a->write) {
			bits_write(v, first, reg, (uint32_t)a->value);
		} else {
			a->value = bits_read(v, first, reg);
		}
	}
}

static void priority_access(struct vcpu *v, unsigned int first, struct mmio_access *a)
{
	for (unsigned int i = 0; i < a->size; i++) {
		struct vgic_irq *irq = irq_of(v, first + i);

		if (!irq) {
			continue;
		}
		if (a->write) {
			irq->priority = (uint8_t)(a->value >> (8 * i)) & PRIORITY_MASK;
		} else {
			a->value |= (uint64_t)irq->priority << (8 * i);
		}
	}
}

/* ICFGR: two bits an interrupt, bit 1 of each pair set for edge-triggered. */
static void config_access(struct vcpu *v, unsigned int first, struct mmio_access *a)
{
	for (unsigned int i = 0; i < 16; i++) {
		struct vgic_irq *irq = irq_of(v, first + i);

		if (!irq) {
			continue;
		}
		if (a->write && first + i >= VGIC_SPI_BASE) {
			irq->edge = (a->value >> (2 * i + 1)) & 1;
		} else if (!a->write) {
			a->value |= (uint64_t)irq->edge << (2 * i + 1);
		}
	}
}

static bool size_ok(const struct mmio_access *a, bool bytes_too, bool dwords_too)
{
	if (a->offset & (a->size - 1)) {
		return false;
	}
	return a->size == 4 || (bytes_too && a->size == 1) || (dwords_too && a->size == 8);
}

static bool dist_access(struct vcpu *v, struct mmio_access *a)
{
	struct vgic_dist *dist = &v->domain->arch.vgic;
	uint64_t off = a->offset;

	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400) {
		if (!size_ok(a, true, false)) {
			return false;
		}
		if (off >= GICD_IPRIORITYR + VGIC_SPI_BASE) { /* private ones live in the GICR */
			priority_access(v, (unsigned int)(off - GICD_IPRIORITYR), a);
		}
		return true;
	}
	if (off >= GICD_IROUTER && off < GICD_IROUTER + 8 * 1024) {
		unsigned int n = (unsigned int)((off - GICD_IROUTER) / 8);
		unsigned int shift = (off & 4) * 8;

		if (!size_ok(a, false, true)) {
			return false;
		}
		if (n >= VGIC_SPI_BASE && n - VGIC_SPI_BASE < VGIC_SPI_COUNT) {
			uint64_t *route = &dist->route[n - VGIC_SPI_BASE];
			uint64_t mask = a->size == 8 ? ~0ull : 0xffffffffull << shift;

			if (a->write) {
				*route = (*route & ~mask) |
					 ((a->value << shift) & mask & 0xff80ffffffull);
			} else {
				a->value = (*route & mask) >> shift;
			}
		}
		return true;
	}
	if (!size_ok(a, false, false)) {
		return false;
	}
	switch (off) {
	case GICD_CTLR:
		if (a->write) {
			dist->enabled = a->value & GICD_CTLR_GRP1;
		}
		a->value = GICD_CTLR_ARE | CTLR_DS | (dist->enabled ? GICD_CTLR_GRP1 : 0);
		return true;
	case GICD_TYPER:
		a->value = TYPER_VALUE;
		return true;
	case GICD_IIDR:
		a->value = IIDR_VALUE;
		return true;
	case GICD_PIDR2:
		a->value = PIDR2_GICV3;
		return true;
	default:
		break;
	}
	/* The per-interrupt registers, for the SPIs only: SGIs and PPIs live in the GICR. */
	if (off >= GICD_IGROUPR + 4 && off < GICD_IGROUPR + 4 * ((GUEST_SPI_LAST + 1) / 32)) {
		a->value = 0xffffffff; /* all Group 1 */
	} else if (off >= GICD_ISENABLER && off < GICD_ICACTIVER + 0x80 && (off & 0x7f) >= 4 &&
		   (off & 0x7f) < 4 * ((GUEST_SPI_LAST + 1) / 32)) {
		banked_access(v, 0, a);
	} else if (off >= GICD_ICFGR + 8 && off < GICD_ICFGR + 8 * ((GUEST_SPI_LAST + 1) / 32)) {
		config_access(v, (unsigned int)(off - GICD_ICFGR) * 4, a);
	}
	return true; /* anything else: RAZ/WI */
}

static bool redist_access(struct vcpu *target, struct mmio_access *a)
{
	struct vgic_cpu *c = &target->arch.vgic;
	uint64_t off = a->offset;

	if (off == GICR_TYPER || off == GICR_TYPER + 4) {
		uint64_t aff = target->mpidr & 0xffffff;
		uint64_t typer = (aff << 32) | ((uint64_t)target->id << 8) |
				 (target->id + 1 == target->domain->vcpu_count ? 1u << 4 : 0);

		if (!size_ok(a, false, true) || a->write) {
			return size_ok(a, false, true);
		}
		a->value = a->size == 8 ? typer : (typer >> ((off & 4) * 8)) & 0xffffffff;
		return true;
	}
	if (off >= GICR_SGI + GICD_IPRIORITYR && off < GICR_SGI + GICD_IPRIORITYR + 32) {
		if (!size_ok(a, true, false)) {
			return false;
		}
		priority_access(target, (unsigned int)(off - GICR_SGI - GICD_IPRIORITYR), a);
		return true;
	}
	if (!size_ok(a, false, false)) {
		return false;
	}
	switch (off) {
	case GICR_IIDR:
		a->value = IIDR_VALUE;
		return true;
	case GICR_WAKER:
		if (a->write) {
			c->sleep = a->value & GICR_WAKER_SLEEP;
		}
		a->value = c->sleep ? GICR_WAKER_SLEEP | GICR_WAKER_ASLEEP : 0;
		return true;
	case GICR_PIDR2:
	case GICR_SGI + GICR_PIDR2:
		a->value = PIDR2_GICV3;
		return true;
	case GICR_SGI + GICD_IGROUPR:
		a->value = 0xffffffff;
		return true;
	case GICR_SGI + GICD_ICFGR:
		a->value = 0xaaaaaaaa; /* SGIs: edge, fixed */
		return true;
	case GICR_SGI + GICD_ICFGR + 4:
		a->value = 0; /* PPIs: level */
		return true;
	default:
		break;
	}
	if (off >= GICR_SGI + GICD_ISENABLER && off <= GICR_SGI + GICD_ICACTIVER &&
	    (off & 0x7f) == 0) {
		a->offset = off - GICR_SGI;
		banked_access(target, 0, a);
	}
	return true;
}

/* After a distributor write: an SPI may have become deliverable on another vCPU. */
static void kick_pending(struct domain *d, struct vcpu *self)
{
	for (unsigned int i = 0; i < d->vcpu_count; i++) {
		if (d->vcpus[i] != self && vgic_pending(d->vcpus[i])) {
			sched_vcpu_kick(d->vcpus[i]);
		}
	}
}

static bool dist_mmio(struct vcpu *v, struct mmio_access *a)
{
	struct domain *d = v->domain;
	bool ok;

	spin_lock(&d->arch.vgic.lock);
	ok = dist_access(v, a);
	spin_unlock(&d->arch.vgic.lock);
	if (ok && a->write) {
		kick_pending(d, v);
	}
	return ok;
}

static bool redist_mmio(struct vcpu *v, struct mmio_access *a)
{
	struct domain *d = v->domain;
	uint64_t index = a->offset / GUEST_GICR_STRIDE;
	struct vcpu *target = domain_vcpu(d, index);
	bool ok;

	if (!target) {
		return false; /* no redistributor there */
	}
	a->offset %= GUEST_GICR_STRIDE;
	spin_lock(&target->arch.vgic.lock);
	ok = redist_access(target, a);
	spin_unlock(&target->arch.vgic.lock);
	if (ok && a->write && target != v) {
		sched_vcpu_kick(target);
	}
	return ok;
}

void vgic_mmio_register(struct domain *d)
{
	struct mmio_table *t = &d->arch.mmio;

	if (mmio_register(t, ipa_make(GUEST_GICD_BASE), GUEST_GICD_SIZE, dist_mmio) < 0 ||
	    mmio_register(t, ipa_make(GUEST_GICR_BASE), GUEST_GICR_STRIDE * DOMAIN_VCPUS_MAX,
			  redist_mmio) < 0) {
		panic("d%u: no room for the vGIC's MMIO windows", d->domid);
	}
}
