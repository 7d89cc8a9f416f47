/* SPDX-License-Identifier: MIT */
/* System register access and the EL2 register values the core programs. */
#ifndef SYSREG_H
#define SYSREG_H

#include <types.h>

#define read_sysreg(r)                                       \
	({                                                   \
		uint64_t __r;                                \
		__asm__ volatile("mrs %0, " #r : "=r"(__r)); \
		__r;                                         \
	})

#define write_sysreg(r, v)                                                  \
	do {                                                                \
		uint64_t __v = (uint64_t)(v);                               \
		__asm__ volatile("msr " #r ", %0" : : "r"(__v) : "memory"); \
	} while (0)

/* Clean, or clean and invalidate, one data cache line by set/way. */
#define dc_csw(v) __asm__ volatile("dc csw, %0" : : "r"((uint64_t)(v)) : "memory")
#define dc_cisw(v) __asm__ volatile("dc cisw, %0" : : "r"((uint64_t)(v)) : "memory")

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" : : : "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

/* The affinity fields of an MPIDR (Aff3, Aff2, Aff1, Aff0); GICD_IROUTER has the same layout. */
#define MPIDR_AFF_MASK 0xff00ffffffull

/* HCR_EL2 bits. */
#define HCR_VM (1ull << 0)
#define HCR_SWIO (1ull << 1)
#define HCR_PTW (1ull << 2)
#define HCR_FMO (1ull << 3)
#define HCR_IMO (1ull << 4)
#define HCR_AMO (1ull << 5)
#define HCR_FB (1ull << 9)
#define HCR_BSU_INNER (1ull << 10)
#define HCR_TWI (1ull << 13)
#define HCR_TWE (1ull << 14)
#define HCR_TID3 (1ull << 18)
#define HCR_TSC (1ull << 19)
#define HCR_TIDCP (1ull << 20)
#define HCR_TACR (1ull << 21)
#define HCR_TSW (1ull << 22)
#define HCR_RW (1ull << 31)
#define HCR_TERR (1ull << 36)

/* What every guest runs with: stage 2 on, physical interrupts and SErrors to
 * EL2, WFI trapped (the vCPU sleeps; WFE too while it shares its pCPU, see
 * vcpu.c), ID registers trapped (so features the core does not virtualise
 * stay hidden), SMC trapped (PSCI),
 * set/way cache operations and implementation-defined registers trapped,
 * ACTLR_EL1 trapped (its bits belong to the implementation, and are not
 * switched: it reads as zero), RAS error records trapped (hidden from the ID
 * registers, so an access is UNDEF; TERR is RES0, and ignored, without RAS),
 * broadcast maintenance inner shareable, EL1 in AArch64. */
#define HCR_GUEST                                                                             \
	(HCR_VM | HCR_SWIO | HCR_PTW | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_INNER | \
	 HCR_TWI | HCR_TID3 | HCR_TSC | HCR_TIDCP | HCR_TACR | HCR_TSW | HCR_RW | HCR_TERR)

/* MDCR_EL2: trap debug, OS lock and PMU accesses (answered RAZ/WI). */
#define MDCR_TPMCR (1ull << 5)
#define MDCR_TPM (1ull << 6)
#define MDCR_TDA (1ull << 9)
#define MDCR_TDOSA (1ull << 10)
#define MDCR_TDRA (1ull << 11)

/* VTCR_EL2: 4 KiB granule, T0SZ 24 (40-bit IPA), start at level 1,
 * walks inner-shareable write-back, PS 40 bits, 8-bit VMID (VS adds 16-bit). */
#define VTCR_GUEST                                                                               \
	((1ull << 31) | (2ull << 16) | (3ull << 12) | (1ull << 10) | (1ull << 8) | (1ull << 6) | \
	 24ull)
#define VTCR_VS (1ull << 19)

/* ESR exception classes. */
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25

#define ESR_EC(esr) ((unsigned int)(((esr) >> 26) & 0x3f))
#define ESR_IL (1ull << 25)
/* Data and instruction abort ISS: FAR not valid; a write (data aborts). */
#define ESR_ISS_FNV (1ull << 10)
#define ESR_ISS_WNR (1ull << 6)

/* PSTATE / SPSR fields. */
#define PSR_MODE_MASK 0xfull
#define PSR_MODE_EL0t 0x0ull
#define PSR_MODE_EL1t 0x4ull
#define PSR_MODE_EL1h 0x5ull
#define PSR_MODE32 (1ull << 4)
#define PSR_DAIF (0xfull << 6)
#define PSR_PAN (1ull << 22)

/* SCTLR_EL1 reset value for a guest: RES1 bits only, MMU and caches off. */
#define SCTLR_EL1_RESET 0x30D00800ull
#define SCTLR_EL1_SPAN (1ull << 23)

#endif
