/* SPDX-License-Identifier: MIT */
/*
 * The virtual GICv3 each domain sees: an emulated distributor and one
 * emulated redistributor per vCPU (MMIO traps at the addresses of
 * abi/guest_layout.h), and the CPU interface of the hardware (ICH list
 * registers), into which pending interrupts are put on every guest entry.
 */
#ifndef VGIC_H
#define VGIC_H

#include <abi/guest_layout.h>
#include <spinlock.h>
#include <types.h>

#define VGIC_PRIVATE 32 /* SGIs 0-15 and PPIs 16-31, per vCPU */
#define VGIC_SPI_BASE 32
#define VGIC_SPI_COUNT (GUEST_SPI_LAST + 1 - VGIC_SPI_BASE)
#define VGIC_LR_MAX 16

#define VGIC_PPI_TIMER 27     /* the virtual timer, forwarded from the hardware */
#define VGIC_PPI_HYP_TIMER 26 /* the core's own timer (CNTHP) */

/** One virtual interrupt. */
struct vgic_irq {
	uint8_t priority; /* top 5 bits kept */
	bool enabled;
	bool pending;    /* pending and not in a list register */
	bool active;     /* active and not in a list register */
	bool edge;       /* edge-triggered (SGIs always) */
	bool hw;         /* its pending state comes from the physical INTID of the same number */
	bool device;     /* a passed-through SPI: the physical one is unmasked when the guest
			  * completes this one */
	int8_t lr;       /* list register holding it, -1 if none */
	uint8_t lr_vcpu; /* for an SPI in a list register: whose */
};

/** A vCPU's redistributor and CPU interface state. */
struct vgic_cpu {
	struct spinlock lock; /* protects priv[], pending_hint, sleep; leaf lock */
	struct vgic_irq priv[VGIC_PRIVATE];
	uint32_t pending_hint; /* bit i clear: priv[i] is not pending, so an entry need not
				* look at it; set under the lock, read without it by vgic_flush */
	bool sleep;            /* GICR_WAKER.ProcessorSleep */
	/* The list registers and what goes with them; live in hardware while the
	 * vCPU runs, touched only by the pCPU running it. */
	uint64_t lr[VGIC_LR_MAX];
	uint32_t lr_used; /* bit n: lr[n] may hold an interrupt (none outside it does) */
	uint64_t vmcr;
	uint64_t apr[2][4]; /* active priorities: ICH_AP0R<n>_EL2, ICH_AP1R<n>_EL2 */
	uint64_t hcr;
	bool timer_active; /* physical INTID 27 was active for it when it was switched out */
};

/** A domain's distributor state. */
struct vgic_dist {
	struct spinlock lock; /* protects everything below; may be taken under a vCPU's vgic lock */
	bool enabled;         /* GICD_CTLR.EnableGrp1A */
	bool spis_used;       /* an SPI was ever made pending: until then flushes skip them */
	struct vgic_irq spi[VGIC_SPI_COUNT];
	uint64_t route[VGIC_SPI_COUNT]; /* GICD_IROUTER */
};

struct vcpu;
struct domain;

/** Put a vCPU's virtual interface in its reset state. */
void vgic_vcpu_reset(struct vcpu *v);

/** Put the GICD and GICR windows in d's MMIO table (empty until then). */
void vgic_mmio_register(struct domain *d);

/** Trapped write of ICC_SGI1R_EL1 by v. */
void vgic_sgi(struct vcpu *v, uint64_t value);

/** Make a private interrupt of v pending (SGIs, the virtual timer's) and get it to v. */
void vgic_inject(struct vcpu *v, unsigned int intid);

/** A passed-through device raised SPI intid of d: make it pending for its target vCPU. */
void vgic_inject_spi(struct domain *d, unsigned int intid);

/** The list register state (bits 63:62) of an interrupt held in one, else 0. */
unsigned int vgic_lr_state(struct vcpu *v, unsigned int intid, const struct vgic_irq *irq);

/** After a trap: take back what the guest did with its list registers. */
void vgic_sync(struct vcpu *v);

/** Before entering v: put its pending interrupts in the list registers. */
void vgic_flush(struct vcpu *v);

/** true if v has an interrupt it could take (used to end WFI). */
bool vgic_pending(struct vcpu *v);

/** Switching v out of / into this pCPU: its list registers and timer state. */
void vgic_save(struct vcpu *v);
void vgic_restore(struct vcpu *v);

/** Per-pCPU set-up of the virtual CPU interface; reads how many list registers there are. */
void vgic_init_cpu(void);

#endif
