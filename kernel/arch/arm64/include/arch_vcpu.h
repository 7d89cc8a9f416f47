/* SPDX-License-Identifier: MIT */
/* The arm64 part of a vCPU: what is switched when the pCPU changes vCPU. */
#ifndef ARCH_VCPU_H
#define ARCH_VCPU_H

#include <types.h>
#include <vgic.h>

/** FP/SIMD registers; the layout is known to fp.S. */
struct vcpu_fp {
	uint64_t q[64]; /* q0..q31, low half first */
	uint32_t fpsr;
	uint32_t fpcr;
};
_Static_assert(__builtin_offsetof(struct vcpu_fp, fpsr) == 512, "fp.S layout");

/** EL1 system registers of a vCPU, plus what EL2 holds for it. */
struct vcpu_arch {
	uint64_t sctlr, cpacr, ttbr0, ttbr1, tcr, mair, amair, vbar;
	uint64_t contextidr, tpidr_el0, tpidrro_el0, tpidr_el1, sp_el0, sp_el1;
	uint64_t elr_el1, spsr_el1, esr, far, afsr0, afsr1, par, cntkctl, csselr;
	uint64_t cntv_ctl, cntv_cval;
	uint64_t vmpidr; /* VMPIDR_EL2 */
	struct vcpu_fp fp;
	struct vgic_cpu vgic;
};

#endif
