/* SPDX-License-Identifier: MIT */
/* The guest physical (IPA) layout every domain sees on arm64. */
#ifndef ABI_GUEST_LAYOUT_H
#define ABI_GUEST_LAYOUT_H

/*
 * The same addresses Xen uses for its Arm guests, so a device tree written
 * for one fits the other. The boot tooling writes them into each domain's
 * DT; the core maps and emulates exactly these ranges.
 *
 *   0x03001000  GICv3 distributor, 64 KiB
 *   0x03020000  GICv3 redistributors, 128 KiB per vCPU
 *   0x38000000  grant-table region, 16 MiB (the /hypervisor node's reg)
 *   0x39000000  "magic" pages: console ring, then xenstore ring
 *   0x40000000  RAM, up to GUEST_RAM_MAX bytes
 * Stage 2 is 40 bits wide: every IPA a guest can name is below 1 << 40.
 */
#define GUEST_GICD_BASE 0x03001000ull
#define GUEST_GICD_SIZE 0x00010000ull
#define GUEST_GICR_BASE 0x03020000ull
#define GUEST_GICR_STRIDE 0x00020000ull
#define GUEST_GRANT_BASE 0x38000000ull
#define GUEST_GRANT_SIZE 0x01000000ull
#define GUEST_MAGIC_BASE 0x39000000ull
#define GUEST_CONSOLE_PFN (GUEST_MAGIC_BASE >> 12)
#define GUEST_XENSTORE_PFN ((GUEST_MAGIC_BASE >> 12) + 1)
#define GUEST_RAM_BASE 0x40000000ull
#define GUEST_RAM_MAX 0xC0000000ull
#define GUEST_IPA_BITS 40

/* SPIs a domain's virtual GIC implements: INTIDs 32..GUEST_SPI_LAST
 * (GICD_TYPER.ITLinesNumber = 2). A passed-through device keeps its INTID. */
#define GUEST_SPI_LAST 95

/* Interrupts: virtual timer PPI and the event-channel upcall PPI (INTIDs). */
#define GUEST_VTIMER_PPI 27
#define GUEST_EVTCHN_PPI 31

/* A vCPU's MPIDR: bit 31 RES1, Aff0 = vCPU id (16 per cluster), Aff1 = id / 16. */
#define GUEST_MPIDR(vcpu_id) (0x80000000ull | (((vcpu_id) / 16ull) << 8) | ((vcpu_id) % 16ull))
#define GUEST_MPIDR_AFF_MASK 0xFF00FFFFFFull

#endif
