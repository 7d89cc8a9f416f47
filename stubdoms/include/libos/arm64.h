/* SPDX-License-Identifier: MIT */
/* Arm64 architectural constants and system register access used by the libOS and its tests. */
#ifndef LIBOS_ARM64_H
#define LIBOS_ARM64_H

#include <stdint.h>

/* Read a system register by name: READ_SYSREG(esr_el1). */
#define READ_SYSREG(name)                                                 \
	({                                                                \
		uint64_t sysreg_value_;                                   \
		__asm__ volatile("mrs %0, " #name : "=r"(sysreg_value_)); \
		sysreg_value_;                                            \
	})

/* Write a system register by name: WRITE_SYSREG(cntv_ctl_el0, 0). Add an ISB where needed. */
#define WRITE_SYSREG(name, value) \
	__asm__ volatile("msr " #name ", %0" ::"r"((uint64_t)(value)) : "memory")

/*
 * ESR_ELx: EC in bits [31:26], IL in bit 25, ISS in [24:0]. For data and
 * instruction aborts the fault status code (DFSC / IFSC) is ISS[5:0].
 */
#define ESR_EC(esr) (((esr) >> 26) & 0x3fu)
#define ESR_FSC(esr) (0x3fu & (esr))

#define ESR_EC_UNKNOWN 0x00u  /* UNDEFINED instruction, or an injected UNDEF */
#define ESR_EC_HVC64 0x16u    /* HVC from AArch64 (seen only by EL2) */
#define ESR_EC_SMC64 0x17u    /* SMC from AArch64 (seen only by EL2/EL3) */
#define ESR_EC_IABT_CUR 0x21u /* instruction abort taken without a change of EL */
#define ESR_EC_DABT_CUR 0x25u /* data abort taken without a change of EL */

/* Fault status: synchronous external abort, not on a translation table walk. */
#define ESR_FSC_SYNC_EXTERNAL 0x10u
/* Fault status: alignment fault (an unaligned access to Device memory, say). */
#define ESR_FSC_ALIGNMENT 0x21u

/* Data abort ISS: WnR (bit 6) is 1 when the faulting access was a write. */
#define ESR_DABT_WNR (1u << 6)

/* MPIDR_EL1: the affinity fields (Aff3 in [39:32], Aff2..Aff0 in [23:0]) and bit 31, RES1. */
#define MPIDR_AFF_MASK 0xff00ffffffull
#define MPIDR_RES1 0x80000000ull

#endif
