// SPDX-License-Identifier: MIT
/*
 * The physical GICv3, as far as the core needs it: SGIs between pCPUs, the
 * core's timer, the vGIC maintenance interrupt and the guests' virtual timer.
 * All interrupts are Group 1 and taken at EL2 (HCR_EL2.IMO while a guest
 * runs); EL2 itself runs with interrupts masked and polls in its idle loop.
 *
 * Registers: GICD_CTLR at the distributor base; per pCPU a redistributor of
 * two 64 KiB frames (RD_base, then SGI_base); the CPU interface through ICC_*
 * system registers.
 */
#include <arch.h>
#include <gicv3.h>
#include <sysreg.h>

#define GICD_CTLR_RWP (1u << 31)

#define GICR_TYPER_LAST (1ull << 4)
#define GICR_FRAME 0x20000
#define GICR_IGROUPR0 (GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)

#define GICR_ISACTIVER0 (GICR_SGI + 0x0300)
#define GICR_ICACTIVER0 (GICR_SGI + 0x0380)
#define ICC_CTLR_EOIMODE (1ull << 1)
#define ICC_SRE_SRE (1ull << 0)
#define ICC_SRE_ENABLE (1ull << 3)

/* The private interrupts the core takes: its kick, the vGIC maintenance
 * interrupt, its own timer, and the guests' virtual timer (forwarded). */
static const unsigned int core_ppis[] = { SGI_KICK, 25, 26, 27 };

static uint8_t *gicd;
static struct mem_range gicr_region;
static uint8_t *cpu_rd[BOOT_CPUS_MAX]; /* each pCPU's redistributor, set by that pCPU */

static uint32_t rd32(uint8_t *base, uint64_t off)
{
	return *(volatile uint32_t *)(base + off);
}

static void wr32(uint8_t *base, uint64_t off, uint32_t v)
{
	*(volatile uint32_t *)(base + off) = v;
}

void gic_init(const struct boot_info *bi)
{
	gicd = arch_pa_to_va(bi->gicd.base);
	gicr_region = bi->gicr;
	wr32(gicd, GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	while (rd32(gicd, GICD_CTLR) & GICD_CTLR_RWP) {
	}
}

/* MPIDR affinity in the GICR_TYPER[63:32] format: Aff3.Aff2.Aff1.Aff0. */
static uint32_t typer_affinity(uint64_t mpidr)
{
	return (uint32_t)(((mpidr >> 8) & 0xff000000) | (mpidr & 0xffffff));
}

static uint8_t *find_redistributor(uint64_t mpidr)
{
	for (uint64_t off = 0; off + GICR_FRAME <= gicr_region.size; off += GICR_FRAME) {
		uint8_t *rd = arch_pa_to_va(pa_add(gicr_region.base, off));
		uint64_t typer = *(volatile uint64_t *)(rd + GICR_TYPER);

		if ((uint32_t)(typer >> 32) == typer_affinity(mpidr)) {
			return rd;
		}
		if (typer & GICR_TYPER_LAST) {
			break;
		}
	}
	return NULL;
}

bool gic_init_cpu(uint64_t mpidr)
{
	uint8_t *rd = find_redistributor(mpidr);
	uint32_t enable = 0;

	if (!rd) {
		return false;
	}
	cpu_rd[arch_cpu_index()] = rd;
	wr32(rd, GICR_WAKER, rd32(rd, GICR_WAKER) & ~GICR_WAKER_SLEEP);
	while (rd32(rd, GICR_WAKER) & GICR_WAKER_ASLEEP) {
	}
	wr32(rd, GICR_IGROUPR0, 0xffffffff);
	for (unsigned int i = 0; i < ARRAY_SIZE(core_ppis); i++) {
		*(volatile uint8_t *)(rd + GICR_IPRIORITYR + core_ppis[i]) = 0x80;
		enable |= 1u << core_ppis[i];
	}
	wr32(rd, GICR_ISENABLER0, enable);

	/* System register interface at EL2, and for the guests' EL1 too. */
	write_sysreg(S3_4_C12_C9_5, read_sysreg(S3_4_C12_C9_5) | ICC_SRE_SRE | ICC_SRE_ENABLE);
	isb();
	write_sysreg(S3_0_C4_C6_0, 0xff); /* ICC_PMR_EL1: let every priority through */
	write_sysreg(S3_0_C12_C12_3, 0);  /* ICC_BPR1_EL1 */
	/* ICC_CTLR_EL1: EOI only drops the priority; deactivation is separate, so a
	 * forwarded interrupt stays active until the guest completes it. */
	write_sysreg(S3_0_C12_C12_4, ICC_CTLR_EOIMODE);
	write_sysreg(S3_0_C12_C12_7, 1); /* ICC_IGRPEN1_EL1 */
	isb();
	return true;
}

void gic_send_sgi(uint64_t mpidr, unsigned int intid)
{
	uint64_t v = (1ull << (mpidr & 0xf)) | (((mpidr >> 8) & 0xff) << 16) |
		     ((uint64_t)(intid & 0xf) << 24) | (((mpidr >> 16) & 0xff) << 32) |
		     (((mpidr >> 32) & 0xff) << 48);

	dsb_ish();
	write_sysreg(S3_0_C12_C11_5, v); /* ICC_SGI1R_EL1 */
	isb();
}

unsigned int gic_ack(void)
{
	return (unsigned int)read_sysreg(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */
}

void gic_priority_drop(unsigned int intid)
{
	write_sysreg(S3_0_C12_C12_1, intid); /* ICC_EOIR1_EL1 */
	isb();
}

void gic_deactivate(unsigned int intid)
{
	write_sysreg(S3_0_C12_C11_1, intid); /* ICC_DIR_EL1 */
	isb();
}

void gic_spi_setup(unsigned int intid, uint64_t target_mpidr)
{
	uint32_t bit = 1u << (intid % 32);
	uint64_t route = target_mpidr & MPIDR_AFF_MASK;

	wr32(gicd, GICD_IGROUPR + 4 * (intid / 32),
	     rd32(gicd, GICD_IGROUPR + 4 * (intid / 32)) | bit);
	*(volatile uint8_t *)(gicd + GICD_IPRIORITYR + intid) = 0xa0;
	*(volatile uint64_t *)(gicd + GICD_IROUTER + 8 * intid) = route;
	gic_spi_enable(intid, true);
}

void gic_spi_enable(unsigned int intid, bool enable)
{
	wr32(gicd, (enable ? GICD_ISENABLER : GICD_ICENABLER) + 4 * (intid / 32),
	     1u << (intid % 32));
	while (!enable && (rd32(gicd, GICD_CTLR) & GICD_CTLR_RWP)) {
	}
}

bool gic_ppi_active(unsigned int intid)
{
	return (rd32(cpu_rd[arch_cpu_index()], GICR_ISACTIVER0) >> intid) & 1;
}

void gic_ppi_set_active(unsigned int intid, bool active)
{
	wr32(cpu_rd[arch_cpu_index()], active ? GICR_ISACTIVER0 : GICR_ICACTIVER0, 1u << intid);
}
