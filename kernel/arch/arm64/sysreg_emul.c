// SPDX-License-Identifier: MIT
/*
 * Trapped system register and cache maintenance instructions (EC 0x18):
 * - ID registers (HCR_EL2.TID3): the real values with what the core does not
 *   virtualise hidden (SVE, SME, MTE, AMU, RAS, PMU, pointer authentication,
 *   trace); reserved encodings of the ID space read as zero;
 * - ICC_SGI1R_EL1: an SGI to the domain's vCPUs (Group 0 and alternate SGI
 *   registers are ignored: guests have Group 1 only);
 * - DC ISW/CSW/CISW (HCR_EL2.TSW): done on the pCPU as clean (and invalidate):
 *   never a plain invalidate, which could drop another domain's dirty data;
 * - debug, OS lock and PMU registers (MDCR_EL2 traps): read as zero, writes ignored.
 * Anything else is not emulated: the caller injects an UNDEF.
 *
 * ISS: Op0 [21:20], Op2 [19:17], Op1 [16:14], CRn [13:10], Rt [9:5],
 * CRm [4:1], Direction [0] (1 = read).
 */
#include <sysreg.h>
#include <traps.h>
#include <vgic.h>

struct sysreg_access {
	unsigned int op0, op1, crn, crm, op2, rt;
	bool read;
};

#define ENC(op0, op1, crn, crm, op2) \
	(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))

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

static unsigned int encoding(const struct sysreg_access *a)
{
	return ENC(a->op0, a->op1, a->crn, a->crm, a->op2);
}

/* Clear 4-bit ID fields: each set bit of fields names one field (bit i: bits 4i+3..4i). */
static uint64_t hide(uint64_t value, uint32_t fields)
{
	for (unsigned int i = 0; i < 16; i++) {
		if (fields & (1u << i)) {
			value &= ~(0xfull << (4 * i));
		}
	}
	return value;
}

#define F(i) (1u << (i))

/* The value a guest reads from an ID register; false if a is not one. */
static bool id_register(const struct sysreg_access *a, uint64_t *value)
{
	if (a->op0 != 3 || a->op1 != 0 || a->crn != 0 || a->crm < 1 || a->crm > 7) {
		return false;
	}
	switch (encoding(a)) {
	case ENC(3, 0, 0, 4, 0): /* ID_AA64PFR0_EL1: RAS, SVE, MPAM, AMU hidden */
		*value = hide(read_sysreg(id_aa64pfr0_el1), F(7) | F(8) | F(10) | F(11));
		break;
	case ENC(3, 0, 0, 4, 1): /* ID_AA64PFR1_EL1: only BT and SSBS kept */
		*value = read_sysreg(S3_0_C0_C4_1) & 0xffull;
		break;
	case ENC(3, 0, 0, 5, 0): /* ID_AA64DFR0_EL1: PMU, trace, SPE, TRBE hidden */
		*value = hide(read_sysreg(id_aa64dfr0_el1), F(1) | F(2) | F(8) | F(11));
		break;
	case ENC(3, 0, 0, 6, 0): /* ID_AA64ISAR0_EL1 */
		*value = read_sysreg(id_aa64isar0_el1);
		break;
	case ENC(3, 0, 0, 6, 1): /* ID_AA64ISAR1_EL1: pointer authentication hidden */
		*value = hide(read_sysreg(id_aa64isar1_el1), F(1) | F(2) | F(6) | F(7));
		break;
	case ENC(3, 0, 0, 7, 0): /* ID_AA64MMFR0_EL1 */
		*value = read_sysreg(id_aa64mmfr0_el1);
		break;
	case ENC(3, 0, 0, 7, 1): /* ID_AA64MMFR1_EL1 */
		*value = read_sysreg(id_aa64mmfr1_el1);
		break;
	case ENC(3, 0, 0, 7, 2): /* ID_AA64MMFR2_EL1 */
		*value = read_sysreg(S3_0_C0_C7_2);
		break;
	case ENC(3, 0, 0, 1, 0): /* ID_PFR0_EL1 ... the AArch32 view, as the hardware has it */
		*value = read_sysreg(S3_0_C0_C1_0);
		break;
	case ENC(3, 0, 0, 1, 1):
		*value = read_sysreg(S3_0_C0_C1_1);
		break;
	case ENC(3, 0, 0, 1, 2): /* ID_DFR0_EL1: PMU and trace hidden */
		*value = hide(read_sysreg(S3_0_C0_C1_2), F(3) | F(6));
		break;
	case ENC(3, 0, 0, 1, 4):
		*value = read_sysreg(S3_0_C0_C1_4);
		break;
	case ENC(3, 0, 0, 1, 5):
		*value = read_sysreg(S3_0_C0_C1_5);
		break;
	case ENC(3, 0, 0, 1, 6):
		*value = read_sysreg(S3_0_C0_C1_6);
		break;
	case ENC(3, 0, 0, 1, 7):
		*value = read_sysreg(S3_0_C0_C1_7);
		break;
	case ENC(3, 0, 0, 2, 0):
		*value = read_sysreg(S3_0_C0_C2_0);
		break;
	case ENC(3, 0, 0, 2, 1):
		*value = read_sysreg(S3_0_C0_C2_1);
		break;
	case ENC(3, 0, 0, 2, 2):
		*value = read_sysreg(S3_0_C0_C2_2);
		break;
	case ENC(3, 0, 0, 2, 3):
		*value = read_sysreg(S3_0_C0_C2_3);
		break;
	case ENC(3, 0, 0, 2, 4):
		*value = read_sysreg(S3_0_C0_C2_4);
		break;
	case ENC(3, 0, 0, 2, 5):
		*value = read_sysreg(S3_0_C0_C2_5);
		break;
	case ENC(3, 0, 0, 3, 0): /* MVFR0..2 */
		*value = read_sysreg(S3_0_C0_C3_0);
		break;
	case ENC(3, 0, 0, 3, 1):
		*value = read_sysreg(S3_0_C0_C3_1);
		break;
	case ENC(3, 0, 0, 3, 2):
		*value = read_sysreg(S3_0_C0_C3_2);
		break;
	default: /* SVE, SME and reserved ID registers: zero */
		*value = 0;
		break;
	}
	return true;
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

/* DC ISW (CRm 6), DC CSW (CRm 10), DC CISW (CRm 14): op0 1, op1 0, CRn 7, op2 2. */
static bool set_way(const struct sysreg_access *a, uint64_t operand)
{
	if (a->op0 != 1 || a->op1 != 0 || a->crn != 7 || a->op2 != 2) {
		return false;
	}
	if (a->crm == 10) {
		__asm__ volatile("dc csw, %0" : : "r"(operand) : "memory");
		return true;
	}
	if (a->crm == 6 || a->crm == 14) {
		__asm__ volatile("dc cisw, %0" : : "r"(operand) : "memory");
		return true;
	}
	return false;
}

static bool sgi_register(struct vcpu *v, const struct sysreg_access *a, uint64_t value)
{
	switch (encoding(a)) {
	case ENC(3, 0, 12, 11, 5): /* ICC_SGI1R_EL1 */
		if (!a->read) {
			vgic_sgi(v, value);
		}
		return !a->read;
	case ENC(3, 1, 12, 11, 6): /* ICC_ASGI1R_EL1 */
	case ENC(3, 2, 12, 11, 7): /* ICC_SGI0R_EL1 */
		return !a->read;
	default:
		return false;
	}
}

bool sysreg_emulate(struct vcpu *v, uint64_t esr)
{
	struct sysreg_access a = decode(esr);
	uint64_t in = a.rt == 31 ? 0 : v->regs.x[a.rt], out = 0;
	bool done;

	if (a.read) {
		done = id_register(&a, &out) || raz_wi(&a);
	} else {
		done = sgi_register(v, &a, in) || set_way(&a, in) || raz_wi(&a);
	}
	if (!done) {
		return false;
	}
	if (a.read && a.rt != 31) {
		v->regs.x[a.rt] = out;
	}
	v->regs.pc += 4;
	return true;
}
