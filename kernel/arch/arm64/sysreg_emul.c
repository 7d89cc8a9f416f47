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
 * - debug, OS lock and PMU registers (MDCR_EL2 traps) and ACTLR_EL1
 *   (HCR_EL2.TACR): read as zero, writes ignored;
 * - activity monitors (CPTR_EL2.TAM) and RAS error records (HCR_EL2.TERR),
 *   hidden from the ID registers: not emulated.
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

/* A mask clearing 4-bit ID fields: bit i of fields names bits 4i+3..4i. */
static uint64_t fields_mask(uint32_t fields)
{
	uint64_t mask = 0;

	for (unsigned int i = 0; i < 16; i++) {
		if (fields & (1u << i)) {
			mask |= 0xfull << (4 * i);
		}
	}
	return ~mask;
}

#define F(i) (1u << (i))

/* One ID register: its value on this pCPU with the fields named hidden. */
#define ID_REG(crm, op2, hidden)                                                    \
	case ENC(3, 0, 0, crm, op2):                                                \
		*value = read_sysreg(S3_0_C0_C##crm##_##op2) & fields_mask(hidden); \
		break

/* The value a guest reads from an ID register; false if a is not one. */
static bool id_register(const struct sysreg_access *a, uint64_t *value)
{
	if (a->op0 != 3 || a->op1 != 0 || a->crn != 0 || a->crm < 1 || a->crm > 7) {
		return false;
	}
	switch (encoding(a)) {
		ID_REG(4, 0, F(7) | F(8) | F(10) | F(11)); /* ID_AA64PFR0: RAS, SVE, MPAM, AMU */
		ID_REG(4, 1, 0xfffc);                      /* ID_AA64PFR1: only BT and SSBS kept */
		ID_REG(5, 0, F(1) | F(2) | F(8) | F(11));  /* ID_AA64DFR0: PMU, trace, SPE, TRBE */
		ID_REG(6, 0, 0);                           /* ID_AA64ISAR0 */
		ID_REG(6, 1, F(1) | F(2) | F(6) | F(7)); /* ID_AA64ISAR1: pointer authentication */
		ID_REG(7, 0, 0);                         /* ID_AA64MMFR0..2 */
		ID_REG(7, 1, 0);
		ID_REG(7, 2, 0);
		ID_REG(1, 0, 0); /* ID_PFR0 ... the AArch32 view, as the hardware has it */
		ID_REG(1, 1, 0);
		ID_REG(1, 2, F(3) | F(6)); /* ID_DFR0: PMU and trace */
		ID_REG(1, 4, 0);
		ID_REG(1, 5, 0);
		ID_REG(1, 6, 0);
		ID_REG(1, 7, 0);
		ID_REG(2, 0, 0);
		ID_REG(2, 1, 0);
		ID_REG(2, 2, 0);
		ID_REG(2, 3, 0);
		ID_REG(2, 4, 0);
		ID_REG(2, 5, 0);
		ID_REG(3, 0, 0); /* MVFR0..2 */
		ID_REG(3, 1, 0);
		ID_REG(3, 2, 0);
	default: /* SVE, SME and reserved ID registers: zero */
		*value = 0;
		break;
	}
	return true;
}

/* Debug and OS lock registers live at Op0 = 2; PMU registers at Op0 = 3,
 * CRn = 9 (CRm 12..14) and CRn = 14 with Op1 = 3. ACTLR_EL1's bits are the
 * implementation's and shared by every domain on a pCPU: none may set them. */
static bool raz_wi(const struct sysreg_access *a)
{
	if (a->op0 == 2 || encoding(a) == ENC(3, 0, 1, 0, 1)) {
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
		dc_csw(operand);
		return true;
	}
	if (a->crm == 6 || a->crm == 14) {
		dc_cisw(operand);
		return true;
	}
	return false;
}

static bool sgi_register(struct vcpu *v, const struct sysreg_access *a, uint64_t value)
{
	switch (encoding(a)) {
	case ENC(3, 0, 12, 11, 5): /* ICC_SGI1R_EL1 */
		vgic_sgi(v, value);
		return true;
	case ENC(3, 1, 12, 11, 6): /* ICC_ASGI1R_EL1 */
	case ENC(3, 2, 12, 11, 7): /* ICC_SGI0R_EL1 */
		return true;
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
