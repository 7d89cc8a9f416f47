// SPDX-License-Identifier: MIT
/*
 * Injecting synchronous exceptions into the running vCPU, as the hardware
 * would deliver them to EL1: ELR_EL1/SPSR_EL1/ESR_EL1/FAR_EL1 set, PSTATE
 * switched to EL1h with DAIF masked, pc at the right offset of VBAR_EL1.
 * The vCPU's EL1 registers are live on this pCPU while it traps.
 */
#include <sysreg.h>
#include <traps.h>

#define VECTOR_CURRENT_SP0 0x000
#define VECTOR_CURRENT_SPX 0x200
#define VECTOR_LOWER_A64 0x400
#define VECTOR_LOWER_A32 0x600

#define FSC_SYNC_EXTERNAL 0x10

static bool from_el1(const struct vcpu *v)
{
	return !(v->regs.pstate & PSR_MODE32) && (v->regs.pstate & PSR_MODE_MASK) != PSR_MODE_EL0t;
}

static uint64_t vector_offset(const struct vcpu *v)
{
	if (v->regs.pstate & PSR_MODE32) {
		return VECTOR_LOWER_A32;
	}
	switch (v->regs.pstate & PSR_MODE_MASK) {
	case PSR_MODE_EL1t:
		return VECTOR_CURRENT_SP0;
	case PSR_MODE_EL1h:
		return VECTOR_CURRENT_SPX;
	default:
		return VECTOR_LOWER_A64;
	}
}

static void deliver(struct vcpu *v, uint64_t esr, gva_t far, bool set_far)
{
	uint64_t pstate = PSR_MODE_EL1h | PSR_DAIF;

	/* With PAN implemented and SCTLR_EL1.SPAN clear, taking an exception sets PAN. */
	if (((read_sysreg(id_aa64mmfr1_el1) >> 20) & 0xf) &&
	    !(read_sysreg(sctlr_el1) & SCTLR_EL1_SPAN)) {
		pstate |= PSR_PAN;
	}
	write_sysreg(elr_el1, v->regs.pc);
	write_sysreg(spsr_el1, v->regs.pstate);
	write_sysreg(esr_el1, esr);
	if (set_far) {
		write_sysreg(far_el1, far.gva);
	}
	v->regs.pc = read_sysreg(vbar_el1) + vector_offset(v);
	v->regs.pstate = pstate;
}

void inject_undef(struct vcpu *v)
{
	deliver(v, ((uint64_t)EC_UNKNOWN << 26) | ESR_IL, gva_make(0), false);
}

void inject_external_abort(struct vcpu *v, bool is_data, bool write, gva_t far, bool far_valid)
{
	unsigned int ec;
	uint64_t iss = FSC_SYNC_EXTERNAL;

	if (is_data) {
		ec = from_el1(v) ? EC_DABT_CUR : EC_DABT_LOW;
		iss |= write ? ESR_ISS_WNR : 0;
	} else {
		ec = from_el1(v) ? EC_IABT_CUR : EC_IABT_LOW;
	}
	if (!far_valid) {
		iss |= ESR_ISS_FNV;
	}
	deliver(v, ((uint64_t)ec << 26) | ESR_IL | iss, far, far_valid);
}
