/* SPDX-License-Identifier: MIT */
/* GICv3 driver for a guest: distributor, this vCPU's redistributor, the ICC_* CPU interface. */
#ifndef LIBOS_GIC_H
#define LIBOS_GIC_H

#include <abi/guest_layout.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * The GIC a domain sees (abi/guest_layout.h): a distributor at
 * GUEST_GICD_BASE and, per vCPU n, a redistributor at GUEST_GICR_BASE +
 * n * GUEST_GICR_STRIDE made of two 64 KiB frames, RD_base then SGI_base.
 * Affinity routing is always on and every interrupt is Group 1, signalled
 * as IRQ. The driver uses 32-bit accesses, 8-bit ones for priorities and
 * 64-bit ones for GICD_IROUTER and GICR_TYPER only, as the ABI allows.
 *
 * INTIDs: 0-15 SGIs, 16-31 PPIs (both private to each vCPU: the calls below
 * act on the calling vCPU's redistributor), 32 up to gic_spi_limit() SPIs,
 * 1020-1023 special (1023: nothing pending).
 */
#define GIC_SGI_COUNT 16u
#define GIC_PRIVATE_COUNT 32u
#define GIC_SPI_BASE 32u
#define GIC_INTID_SPECIAL 1020u
#define GIC_INTID_SPURIOUS 1023u

/* Priorities: lower is more urgent; only the top bits are implemented (5 under Tessera). */
#define GIC_PRIORITY_DEFAULT 0xA0u
/* ICC_PMR_EL1 while running: every priority numerically below this gets through. */
#define GIC_PRIORITY_MASK 0xF0u

/* Distributor registers (offsets from GUEST_GICD_BASE). */
#define GICD_CTLR 0x0000u
#define GICD_TYPER 0x0004u
#define GICD_IIDR 0x0008u
#define GICD_IGROUPR 0x0080u /* 1 bit per INTID, 32 a word */
#define GICD_ISENABLER 0x0100u
#define GICD_ICENABLER 0x0180u
#define GICD_ISPENDR 0x0200u
#define GICD_ICPENDR 0x0280u
#define GICD_ISACTIVER 0x0300u
#define GICD_ICACTIVER 0x0380u
#define GICD_IPRIORITYR 0x0400u /* 1 byte per INTID */
#define GICD_ICFGR 0x0C00u      /* 2 bits per INTID, 16 a word */
#define GICD_IROUTER 0x6000u    /* 8 bytes per INTID, SPIs only */
#define GICD_PIDR2 0xFFE8u

/* GICD_CTLR: RWP (a write is still taking effect), DS, ARE_NS, EnableGrp1A. */
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_DS (1u << 6)
#define GICD_CTLR_ARE_NS (1u << 4)
#define GICD_CTLR_ENABLE_G1A (1u << 1)
/* GICD_TYPER: ITLinesNumber; the distributor has 32 * (N + 1) INTIDs (at most 1020). */
#define GICD_TYPER_ITLINES(typer) ((typer)&0x1fu)
/* GICD_PIDR2 / GICR_PIDR2: ArchRev in bits [7:4], 3 for GICv3, 4 for GICv4. */
#define GIC_PIDR2_ARCHREV(pidr2) (((pidr2) >> 4) & 0xfu)

/* Redistributor RD_base frame registers (offsets from the vCPU's frame). */
#define GICR_CTLR 0x0000u
#define GICR_IIDR 0x0004u
#define GICR_TYPER 0x0008u /* 64-bit */
#define GICR_WAKER 0x0014u
#define GICR_PIDR2 0xFFE8u
/* The SGI_base frame follows RD_base. */
#define GICR_SGI_BASE 0x10000u
/* SGI_base frame registers (offsets from the SGI_base frame). */
#define GICR_IGROUPR0 0x0080u
#define GICR_ISENABLER0 0x0100u
#define GICR_ICENABLER0 0x0180u
#define GICR_ISPENDR0 0x0200u
#define GICR_ICPENDR0 0x0280u
#define GICR_ISACTIVER0 0x0300u
#define GICR_ICACTIVER0 0x0380u
#define GICR_IPRIORITYR0 0x0400u /* 8 words, 1 byte per INTID 0-31 */
#define GICR_ICFGR0 0x0C00u      /* SGIs: read-only, all edge */
#define GICR_ICFGR1 0x0C04u      /* PPIs */

/* GICR_CTLR: RWP (a write to ICENABLER0 is still taking effect). */
#define GICR_CTLR_RWP (1u << 3)
/* GICR_TYPER: affinity [63:32] as Aff3.Aff2.Aff1.Aff0, Processor_Number [23:8], Last (bit 4). */
#define GICR_TYPER_AFFINITY(typer) ((uint32_t)((typer) >> 32))
#define GICR_TYPER_PROCESSOR(typer) ((uint32_t)((typer) >> 8) & 0xffffu)
#define GICR_TYPER_LAST (1ull << 4)
/* GICR_WAKER: ProcessorSleep (bit 1) and ChildrenAsleep (bit 2, read-only). */
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)

/*
 * ICC_SGI1R_EL1: INTID [27:24], TargetList [15:0] (one bit per Aff0 value
 * 16 * RS + n), Aff1 [23:16], Aff2 [39:32], Aff3 [55:48], RS [47:44], IRM
 * (bit 40): 1 sends to every vCPU but the sender.
 */
#define GIC_SGI1R_INTID(intid) ((uint64_t)(intid) << 24)
#define GIC_SGI1R_AFF1(aff) ((uint64_t)(aff) << 16)
#define GIC_SGI1R_AFF2(aff) ((uint64_t)(aff) << 32)
#define GIC_SGI1R_AFF3(aff) ((uint64_t)(aff) << 48)
#define GIC_SGI1R_RS(rs) ((uint64_t)(rs) << 44)
#define GIC_SGI1R_IRM (1ull << 40)

/** A vCPU's affinity packed as GICR_TYPER [63:32] holds it: Aff3.Aff2.Aff1.Aff0. */
static inline uint32_t gic_packed_affinity(uint64_t mpidr)
{
	return (uint32_t)(((mpidr >> 8) & 0xff000000u) | (mpidr & 0xffffffu));
}

/** The RD_base frame of vCPU vcpu's redistributor. */
static inline uintptr_t gic_redist_frame(unsigned int vcpu)
{
	return (uintptr_t)(GUEST_GICR_BASE + GUEST_GICR_STRIDE * vcpu);
}

/**
 * Set up the distributor and then the calling vCPU's redistributor and CPU
 * interface (gic_cpu_init). Call once, on the boot vCPU, before any other
 * vCPU calls gic_cpu_init. Every SPI starts disabled, inactive, not pending,
 * level-sensitive, at GIC_PRIORITY_DEFAULT and routed to the calling vCPU.
 * Returns 0; -ENODEV if the distributor is no GICv3 with affinity routing,
 * or an error of gic_cpu_init.
 */
int gic_init(void);

/**
 * Set up the calling vCPU's redistributor (waking it through GICR_WAKER) and
 * its CPU interface. Every SGI and PPI starts disabled, inactive, not pending,
 * at GIC_PRIORITY_DEFAULT, PPIs level-sensitive; the priority mask lets
 * every priority below GIC_PRIORITY_MASK through. IRQs stay masked at the
 * vCPU (see intr.h). Returns 0; -ENODEV if the frame at the vCPU's slot does
 * not describe this vCPU or the system register interface cannot be turned
 * on; -ETIMEDOUT if the redistributor does not wake up.
 */
int gic_cpu_init(void);

/** One past the largest SPI INTID the distributor implements (0 before gic_init). */
unsigned int gic_spi_limit(void);

/*
 * The per-INTID calls below return 0, or -EINVAL for an INTID the GIC does
 * not implement (or a value out of range), or -ENODEV for an SGI or PPI on a
 * vCPU that has not run gic_cpu_init.
 */

/** Let intid be signalled. */
int gic_irq_enable(unsigned int intid);

/** Stop intid from being signalled; returns once the GIC says the change took effect. */
int gic_irq_disable(unsigned int intid);

/** Set intid's priority (the GIC keeps only its top bits). */
int gic_irq_set_priority(unsigned int intid, uint8_t priority);

/**
 * Make intid edge-triggered (edge) or level-sensitive. SGIs are always edge:
 * asking for level gives -EINVAL. Change it only while intid is disabled.
 */
int gic_irq_set_edge(unsigned int intid, bool edge);

/** Make intid pending (pending) or clear its pending state. */
int gic_irq_set_pending(unsigned int intid, bool pending);

/** Route SPI intid to vCPU vcpu (its affinity in GICD_IROUTER). */
int gic_spi_route(unsigned int intid, unsigned int vcpu);

/**
 * Send SGI intid (0-15) to every vCPU whose bit is set in vcpu_mask (bit n:
 * vCPU n, whose MPIDR is GUEST_MPIDR(n)); the sender may be one of them.
 * Memory writes before the call are visible to the targets' handlers.
 */
int gic_sgi_send(unsigned int intid, uint64_t vcpu_mask);

/** Send SGI intid to every vCPU of the domain but the caller (IRM = 1). */
int gic_sgi_send_others(unsigned int intid);

/** Write value to ICC_SGI1R_EL1 as it is: for tests of odd target encodings. */
void gic_sgi_write_raw(uint64_t value);

/** Acknowledge the highest priority pending interrupt: its INTID, or >= GIC_INTID_SPECIAL. */
uint32_t gic_ack(void);

/** End (priority drop and deactivation) of the acknowledged interrupt intid. */
void gic_eoi(uint32_t intid);

#endif
