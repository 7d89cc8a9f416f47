// SPDX-License-Identifier: MIT
/* GICv3 driver: distributor and redistributor set-up, per-INTID control, SGIs, ack and EOI. */
#include <errno.h>
#include <libos/arm64.h>
#include <libos/config.h>
#include <libos/gic.h>
#include <libos/mmio.h>
#include <libos/smp.h>

/*
 * What the hypervisor emulates is trusted only as far as the ABI promises:
 * identification registers are checked before use, every wait on a GIC
 * state bit is bounded, and the SPI count it reports is clamped to what the
 * architecture allows.
 *
 * Locking: none. gic_init runs once on the boot vCPU before the others are
 * started; afterwards gic_dist_spi_limit is read-only and each vCPU only
 * writes its own slot of gic_sgi_frames. Registers of one SPI may be changed
 * by several vCPUs at once only through the set/clear register pairs, which
 * the GIC applies atomically; ICFGR changes are read-modify-write and belong
 * to whoever owns the interrupt.
 */

#define GIC_GICD ((uintptr_t)GUEST_GICD_BASE)
/* Largest INTID + 1 a distributor can have: 1020 (the special INTIDs start there). */
#define GIC_INTID_LIMIT GIC_INTID_SPECIAL
/* How many times a GIC state bit (RWP, ChildrenAsleep) is polled before giving up. */
#define GIC_POLL_LIMIT 1000000u

/* ICC_SRE_EL1.SRE: the CPU interface is used through the ICC_* system registers. */
#define ICC_SRE_SRE 1u
/* ICC_IAR1_EL1: the INTID is in bits [23:0]. */
#define ICC_IAR_INTID_MASK 0xffffffu
/* A priority byte repeated in the four bytes of an IPRIORITYR word. */
#define GIC_PRIORITY_WORD(p) ((uint32_t)(p)*0x01010101u)

static unsigned int gic_dist_spi_limit;
/* SGI_base frame of each vCPU that ran gic_cpu_init; 0 before. */
static uintptr_t gic_sgi_frames[LIBOS_MAX_CPUS];

/* Poll until (read32(addr) & bit) == 0; false if it never clears. */
static bool gic_wait_clear(uintptr_t addr, uint32_t bit)
{
	for (unsigned int i = 0; i < GIC_POLL_LIMIT; i++) {
		if ((mmio_read32(addr) & bit) == 0) {
			return true;
		}
	}
	return false;
}

/* The calling vCPU's SGI_base frame, or 0 before its gic_cpu_init. */
static uintptr_t gic_own_sgi_frame(void)
{
	unsigned int cpu = smp_cpu_id();

	return cpu < LIBOS_MAX_CPUS ? gic_sgi_frames[cpu] : 0;
}

/*
 * Where intid's field lives in a register array: the calling vCPU's SGI_base
 * frame + sgi_offset for SGIs and PPIs, the distributor + dist_offset for
 * SPIs; bytes_per_word INTIDs share a word of per_intid_bits bits each.
 * Returns 0 with *word_addr and *shift filled, or -EINVAL / -ENODEV.
 */
static int gic_locate(unsigned int intid, uint32_t dist_offset, uint32_t sgi_offset,
		      unsigned int per_intid_bits, uintptr_t *word_addr, unsigned int *shift)
{
	unsigned int per_word = 32u / per_intid_bits;
	uintptr_t base;

	if (intid < GIC_PRIVATE_COUNT) {
		base = gic_own_sgi_frame();
		if (base == 0) {
			return -ENODEV;
		}
		base += sgi_offset;
	} else if (intid < gic_dist_spi_limit) {
		base = GIC_GICD + dist_offset;
	} else {
		return -EINVAL;
	}
	*word_addr = base + intid / per_word * 4u;
	*shift = intid % per_word * per_intid_bits;
	return 0;
}

/* Write the one-bit-per-INTID register pair member at the given offsets for intid. */
static int gic_write_bit(unsigned int intid, uint32_t dist_offset, uint32_t sgi_offset)
{
	uintptr_t addr;
	unsigned int shift;
	int rc = gic_locate(intid, dist_offset, sgi_offset, 1, &addr, &shift);

	if (rc == 0) {
		mmio_write32(addr, 1u << shift);
	}
	return rc;
}

/* Wait for the register write that affects intid to take effect (GICD or GICR RWP). */
static void gic_wait_rwp(unsigned int intid)
{
	if (intid < GIC_PRIVATE_COUNT) {
		(void)gic_wait_clear(gic_own_sgi_frame() - GICR_SGI_BASE + GICR_CTLR,
				     GICR_CTLR_RWP);
	} else {
		(void)gic_wait_clear(GIC_GICD + GICD_CTLR, GICD_CTLR_RWP);
	}
}

/* Put every SPI in its reset state: disabled, idle, Group 1, level, default priority, here. */
static void gic_dist_reset_spis(uint64_t affinity)
{
	for (unsigned int intid = GIC_SPI_BASE; intid < gic_dist_spi_limit; intid += 32) {
		uintptr_t word = intid / 32u * 4u;

		mmio_write32(GIC_GICD + GICD_ICENABLER + word, 0xffffffffu);
		mmio_write32(GIC_GICD + GICD_ICPENDR + word, 0xffffffffu);
		mmio_write32(GIC_GICD + GICD_ICACTIVER + word, 0xffffffffu);
		mmio_write32(GIC_GICD + GICD_IGROUPR + word, 0xffffffffu);
	}
	for (unsigned int intid = GIC_SPI_BASE; intid < gic_dist_spi_limit; intid += 4) {
		mmio_write32(GIC_GICD + GICD_IPRIORITYR + intid,
			     GIC_PRIORITY_WORD(GIC_PRIORITY_DEFAULT));
	}
	for (unsigned int intid = GIC_SPI_BASE; intid < gic_dist_spi_limit; intid += 16) {
		mmio_write32(GIC_GICD + GICD_ICFGR + intid / 16u * 4u, 0);
	}
	for (unsigned int intid = GIC_SPI_BASE; intid < gic_dist_spi_limit; intid++) {
		mmio_write64(GIC_GICD + GICD_IROUTER + intid * 8u, affinity);
	}
	(void)gic_wait_clear(GIC_GICD + GICD_CTLR, GICD_CTLR_RWP);
}

int gic_init(void)
{
	uint32_t itlines;

	if (GIC_PIDR2_ARCHREV(mmio_read32(GIC_GICD + GICD_PIDR2)) < 3) {
		return -ENODEV;
	}
	/* Both groups off while the SPIs are reset; affinity routing asked for (and fixed on). */
	mmio_write32(GIC_GICD + GICD_CTLR, GICD_CTLR_ARE_NS);
	if (!gic_wait_clear(GIC_GICD + GICD_CTLR, GICD_CTLR_RWP) ||
	    (mmio_read32(GIC_GICD + GICD_CTLR) & GICD_CTLR_ARE_NS) == 0) {
		return -ENODEV;
	}
	itlines = GICD_TYPER_ITLINES(mmio_read32(GIC_GICD + GICD_TYPER));
	gic_dist_spi_limit = 32u * (itlines + 1u);
	if (gic_dist_spi_limit > GIC_INTID_LIMIT) {
		gic_dist_spi_limit = GIC_INTID_LIMIT;
	}
	gic_dist_reset_spis(READ_SYSREG(mpidr_el1) & GUEST_MPIDR_AFF_MASK);
	mmio_write32(GIC_GICD + GICD_CTLR, GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A);
	(void)gic_wait_clear(GIC_GICD + GICD_CTLR, GICD_CTLR_RWP);
	return gic_cpu_init();
}

/* Reset the private interrupts of the redistributor whose SGI_base frame is sgi. */
static void gic_redist_reset(uintptr_t sgi, uintptr_t rd)
{
	mmio_write32(sgi + GICR_ICENABLER0, 0xffffffffu);
	(void)gic_wait_clear(rd + GICR_CTLR, GICR_CTLR_RWP);
	mmio_write32(sgi + GICR_ICPENDR0, 0xffffffffu);
	mmio_write32(sgi + GICR_ICACTIVER0, 0xffffffffu);
	mmio_write32(sgi + GICR_IGROUPR0, 0xffffffffu);
	for (unsigned int intid = 0; intid < GIC_PRIVATE_COUNT; intid += 4) {
		mmio_write32(sgi + GICR_IPRIORITYR0 + intid,
			     GIC_PRIORITY_WORD(GIC_PRIORITY_DEFAULT));
	}
	mmio_write32(sgi + GICR_ICFGR1, 0);
}

/* Turn on the system register interface and let Group 1 interrupts through; false if refused. */
static bool gic_cpu_interface_init(void)
{
	WRITE_SYSREG(icc_sre_el1, READ_SYSREG(icc_sre_el1) | ICC_SRE_SRE);
	__asm__ volatile("isb" ::: "memory");
	if ((READ_SYSREG(icc_sre_el1) & ICC_SRE_SRE) == 0) {
		return false;
	}
	WRITE_SYSREG(icc_pmr_el1, GIC_PRIORITY_MASK);
	WRITE_SYSREG(icc_bpr1_el1, 0);
	/* EOImode 0: a write to ICC_EOIR1_EL1 both drops the priority and deactivates. */
	WRITE_SYSREG(icc_ctlr_el1, 0);
	WRITE_SYSREG(icc_igrpen1_el1, 1);
	__asm__ volatile("isb" ::: "memory");
	return true;
}

int gic_cpu_init(void)
{
	unsigned int cpu = smp_cpu_id();
	uint64_t mpidr = READ_SYSREG(mpidr_el1);
	uintptr_t rd;
	uint64_t typer;

	if (cpu >= LIBOS_MAX_CPUS) {
		return -ENODEV;
	}
	rd = gic_redist_frame(cpu);
	typer = mmio_read64(rd + GICR_TYPER);
	if (GICR_TYPER_AFFINITY(typer) != gic_packed_affinity(mpidr) ||
	    GIC_PIDR2_ARCHREV(mmio_read32(rd + GICR_PIDR2)) < 3) {
		return -ENODEV;
	}
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	if (!gic_wait_clear(rd + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP)) {
		return -ETIMEDOUT;
	}
	gic_redist_reset(rd + GICR_SGI_BASE, rd);
	if (!gic_cpu_interface_init()) {
		return -ENODEV;
	}
	gic_sgi_frames[cpu] = rd + GICR_SGI_BASE;
	return 0;
}

unsigned int gic_spi_limit(void)
{
	return gic_dist_spi_limit;
}

int gic_irq_enable(unsigned int intid)
{
	return gic_write_bit(intid, GICD_ISENABLER, GICR_ISENABLER0);
}

int gic_irq_disable(unsigned int intid)
{
	int rc = gic_write_bit(intid, GICD_ICENABLER, GICR_ICENABLER0);

	if (rc == 0) {
		gic_wait_rwp(intid);
	}
	return rc;
}

int gic_irq_set_pending(unsigned int intid, bool pending)
{
	if (pending) {
		return gic_write_bit(intid, GICD_ISPENDR, GICR_ISPENDR0);
	}
	return gic_write_bit(intid, GICD_ICPENDR, GICR_ICPENDR0);
}

int gic_irq_set_priority(unsigned int intid, uint8_t priority)
{
	uintptr_t word;
	unsigned int shift;
	int rc = gic_locate(intid, GICD_IPRIORITYR, GICR_IPRIORITYR0, 8, &word, &shift);

	if (rc == 0) {
		mmio_write8(word + shift / 8u, priority);
	}
	return rc;
}

int gic_irq_set_edge(unsigned int intid, bool edge)
{
	uintptr_t word;
	unsigned int shift;
	uint32_t value;
	int rc;

	if (intid < GIC_SGI_COUNT) {
		return edge ? 0 : -EINVAL;
	}
	rc = gic_locate(intid, GICD_ICFGR, GICR_ICFGR0, 2, &word, &shift);
	if (rc != 0) {
		return rc;
	}
	/* Of each 2-bit field, the upper bit says edge (1) or level (0). */
	value = mmio_read32(word) & ~(2u << shift);
	mmio_write32(word, value | (edge ? 2u << shift : 0));
	return 0;
}

int gic_spi_route(unsigned int intid, unsigned int vcpu)
{
	if (intid < GIC_SPI_BASE || intid >= gic_dist_spi_limit || vcpu >= LIBOS_MAX_CPUS) {
		return -EINVAL;
	}
	mmio_write64(GIC_GICD + GICD_IROUTER + intid * 8u,
		     GUEST_MPIDR(vcpu) & GUEST_MPIDR_AFF_MASK);
	return 0;
}

void gic_sgi_write_raw(uint64_t value)
{
	/* Make earlier memory writes visible to the targets before they can take the SGI. */
	__asm__ volatile("dsb ishst" ::: "memory");
	WRITE_SYSREG(icc_sgi1r_el1, value);
	__asm__ volatile("isb" ::: "memory");
}

int gic_sgi_send(unsigned int intid, uint64_t vcpu_mask)
{
	if (intid >= GIC_SGI_COUNT) {
		return -EINVAL;
	}
	/* GUEST_MPIDR: Aff0 = id % 16, Aff1 = id / 16, so each Aff1 cluster is one write. */
	for (unsigned int cluster = 0; cluster < 4; cluster++) {
		uint64_t targets = vcpu_mask >> (cluster * 16u) & 0xffffu;

		if (targets != 0) {
			gic_sgi_write_raw(GIC_SGI1R_INTID(intid) | GIC_SGI1R_AFF1(cluster) |
					  targets);
		}
	}
	return 0;
}

int gic_sgi_send_others(unsigned int intid)
{
	if (intid >= GIC_SGI_COUNT) {
		return -EINVAL;
	}
	gic_sgi_write_raw(GIC_SGI1R_INTID(intid) | GIC_SGI1R_IRM);
	return 0;
}

uint32_t gic_ack(void)
{
	return (uint32_t)(READ_SYSREG(icc_iar1_el1) & ICC_IAR_INTID_MASK);
}

void gic_eoi(uint32_t intid)
{
	WRITE_SYSREG(icc_eoir1_el1, intid);
	__asm__ volatile("isb" ::: "memory");
}
