// SPDX-License-Identifier: MIT
/*
 * Switching a pCPU between vCPUs: the EL1 system registers, the virtual timer,
 * FP/SIMD (eagerly: guests and their library OS use it freely) and what EL2
 * holds per vCPU (VMPIDR, VTTBR, HCR). The general registers are saved by the
 * trap entry itself.
 */
#include <arch.h>
#include <domain.h>
#include <evtchn.h>
#include <lib.h>
#include <pcpu.h>
#include <sysreg.h>
#include <timer.h>
#include <vcpu.h>
#include <vgic.h>

#define CNTV_ENABLE (1ull << 0)
#define CNTV_IMASK (1ull << 1)

/* The EL1 registers switched as they are: field of struct vcpu_arch, register.
 * One list, so that what is saved is what is loaded. */
/* clang-format off */
#define EL1_REGS(X)                                                                       \
	X(sctlr, sctlr_el1) X(cpacr, cpacr_el1) X(ttbr0, ttbr0_el1) X(ttbr1, ttbr1_el1)    \
	X(tcr, tcr_el1) X(mair, mair_el1) X(amair, amair_el1) X(vbar, vbar_el1)            \
	X(contextidr, contextidr_el1) X(tpidr_el0, tpidr_el0) X(tpidrro_el0, tpidrro_el0)  \
	X(tpidr_el1, tpidr_el1) X(sp_el0, sp_el0) X(sp_el1, sp_el1) X(elr_el1, elr_el1)    \
	X(spsr_el1, spsr_el1) X(esr, esr_el1) X(far, far_el1) X(afsr0, afsr0_el1)          \
	X(afsr1, afsr1_el1) X(par, par_el1) X(cntkctl, cntkctl_el1) X(csselr, csselr_el1)
#define SAVE_REG(field, reg) a->field = read_sysreg(reg);
#define LOAD_REG(field, reg) write_sysreg(reg, a->field);
/* clang-format on */

void fp_save(struct vcpu_fp *fp);
void fp_restore(const struct vcpu_fp *fp);

void arch_vcpu_reset(struct vcpu *v, ipa_t pc, uint64_t x0)
{
	memset(v->regs.x, 0, sizeof(v->regs.x));
	v->regs.x[0] = x0;
	v->regs.pc = pc.ipa; /* the MMU is off: IPA and address are one */
	v->regs.pstate = PSR_MODE_EL1h | PSR_DAIF;
	/* Everything but the vGIC (FP/SIMD included), whose lock another pCPU may
	 * hold right now: vgic_vcpu_reset takes it to reset that part. */
	memset(&v->arch, 0, __builtin_offsetof(struct vcpu_arch, vgic));
	v->arch.sctlr = SCTLR_EL1_RESET;
	v->arch.vmpidr = v->mpidr;
	vgic_vcpu_reset(v);
}

/* The virtual timer's deadline in ns if it can interrupt, 0 if not. */
static uint64_t timer_deadline(uint64_t ctl, uint64_t cval)
{
	if ((ctl & (CNTV_ENABLE | CNTV_IMASK)) != CNTV_ENABLE) {
		return 0;
	}
	return ticks_to_ns(cval) + 1;
}

uint64_t arch_vcpu_timer_deadline(struct vcpu *v)
{
	if (v->loaded) {
		return timer_deadline(read_sysreg(cntv_ctl_el0), read_sysreg(cntv_cval_el0));
	}
	return timer_deadline(v->arch.cntv_ctl, v->arch.cntv_cval);
}

bool arch_vcpu_irq_pending(struct vcpu *v)
{
	uint64_t deadline = arch_vcpu_timer_deadline(v);

	return vgic_pending(v) || evtchn_upcall_pending(v) ||
	       (deadline && deadline <= arch_now_ns());
}

void arch_vcpu_save(struct vcpu *v)
{
	struct vcpu_arch *a = &v->arch;

	EL1_REGS(SAVE_REG)
	a->cntv_ctl = read_sysreg(cntv_ctl_el0);
	a->cntv_cval = read_sysreg(cntv_cval_el0);
	/* Stop its timer so it cannot fire for the next vCPU. */
	write_sysreg(cntv_ctl_el0, 0);
	isb();
	vgic_save(v);
	fp_save(&a->fp);
}

void arch_vcpu_load(struct vcpu *v)
{
	const struct vcpu_arch *a = &v->arch;

	EL1_REGS(LOAD_REG)
	write_sysreg(cntv_cval_el0, a->cntv_cval);
	write_sysreg(cntv_ctl_el0, a->cntv_ctl);
	write_sysreg(vmpidr_el2, a->vmpidr);
	write_sysreg(vttbr_el2, stage2_vttbr(&v->domain->s2));
	/* WFE (a spinning vCPU, or Linux's delay loop on the timer's event stream)
	 * is trapped only when another vCPU waits for this pCPU: then it yields.
	 * Alone on its pCPU there is nobody to yield to, and each trap is waste. */
	write_sysreg(hcr_el2, HCR_GUEST | (pcpus[v->pcpu].load > 1 ? HCR_TWE : 0));
	fp_restore(&a->fp);
	vgic_restore(v);
	isb();
}
