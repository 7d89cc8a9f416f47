// SPDX-License-Identifier: MIT
/*
 * System register accesses trapped by MDCR_EL2: the debug, OS lock and PMU
 * registers read as zero and ignore writes, so a guest sees no debug
 * hardware and no counters and cannot reach the real ones. Anything else that
 * traps here is not emulated and gets an UNDEF.
 *
 * ISS of EC 0x18: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10],
 * Rt [9:5], CRm [4:1], Direction [0] (1 = read).
 */
#include <sysreg.h>
#include <traps.h>

struct sysreg_access {
	unsigned int op0, op1, crn, crm, op2, rt;
	bool read;
};

static struct sysreg_access decode(uint64_t esr)
{
	return (struct sysreg_access){
		.op0 = (unsigned int)(esr >> 20) & 3,
		.op2 = (unsigned int)(esr >> 17) & 7,
		.op1 = (unsigned int)(esr >> 14) & 7,
		.crn = (unsigned int)(esr >> 10) & 15,
		.rt = (unsigned int)(esr >> 5) & 31,
		.crm = (unsigned int)(esr >> 1) & 15,
		.read = esr & 1,
	};
}

/* Debug and OS lock registers live at Op0 = 2; PMU registers at Op0 = 3,
 * CRn = 9 (CRm 12..14) and CRn = 14 with Op1 = 3. */
static bool raz_wi(const struct sysreg_access *a)
{
	if (a->op0 == 2) {
		return true;
	}
	if (a->op0 == 3 && a->crn == 9 && a->crm >= 12 && (a->op1 == 0 || a->op1 == 3)) {
		return true;
	}
	return a->op0 == 3 && a->crn == 14 && a->op1 == 3 && a->crm >= 8;
}

bool sysreg_emulate(struct vcpu *v, uint64_t esr)
{
	struct sysreg_access a = decode(esr);

	if (!raz_wi(&a)) {
		return false;
	}
	if (a.read && a.rt != 31) {
		v->regs.x[a.rt] = 0;
	}
	v->regs.pc += 4;
	return true;
}
