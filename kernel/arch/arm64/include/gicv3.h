/* SPDX-License-Identifier: MIT */
/* The physical GICv3, for the core's own interrupts. */
#ifndef GICV3_H
#define GICV3_H

#include <boot_info.h>

/* The register map of the distributor and redistributors, physical or emulated. */
#define GICD_CTLR 0x0000
#define GICD_CTLR_GRP1 (1u << 1)
#define GICD_CTLR_ARE (1u << 4)
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_SGI 0x10000 /* the SGI_base frame, after RD_base */

/* SGI the core sends a pCPU to make it look at its run queue. */
#define SGI_KICK 0

/** Set up the distributor (boot pCPU, once). */
void gic_init(const struct boot_info *bi);

/** Set up the calling pCPU's redistributor and CPU interface; false if none matches it. */
bool gic_init_cpu(uint64_t mpidr);

/** Send an SGI to the pCPU with this MPIDR. */
void gic_send_sgi(uint64_t mpidr, unsigned int intid);

/** Acknowledge the most urgent pending interrupt: its INTID, 1023 when none. */
unsigned int gic_ack(void);

/** Drop the running priority of an acknowledged interrupt (EOImode 1). */
void gic_priority_drop(unsigned int intid);

/** Deactivate an interrupt: it may be taken again. */
void gic_deactivate(unsigned int intid);

/** Set up physical SPI intid for a domain: Group 1, edge or level as the device
 * is, taken by the pCPU with MPIDR target, enabled. */
void gic_spi_setup(unsigned int intid, uint64_t target_mpidr);

/** Mask or unmask a physical SPI at the distributor. */
void gic_spi_enable(unsigned int intid, bool enable);

/** Active state of one of this pCPU's private interrupts. */
bool gic_ppi_active(unsigned int intid);
void gic_ppi_set_active(unsigned int intid, bool active);

#endif
