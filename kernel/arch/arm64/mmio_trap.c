// SPDX-License-Identifier: MIT
/*
 * Stage-2 data aborts inside a domain's emulated MMIO ranges. The syndrome
 * (ESR_EL2's ISS for a data abort) is decoded here once for every device:
 *   ISV  bit 24      the fields below are valid (not for e.g. a load pair)
 *   SAS  bits 23:22  access size, 1 << SAS bytes
 *   SSE  bit 21      a load sign-extends to the register
 *   SRT  bits 20:16  the general register (31: xzr)
 *   SF   bit 15      the register is 64-bit (X), else 32-bit (W)
 *   WnR  bit 6       a write
 * The device's handler sees only the access; the load's register is filled here.
 */
#include <domain.h>
#include <mmio.h>
#include <traps.h>

#define ESR_ISV (1ull << 24)
#define ESR_SAS(e) (((e) >> 22) & 3)
#define ESR_SSE (1ull << 21)
#define ESR_SRT(e) ((unsigned int)((e) >> 16) & 31)
#define ESR_SF (1ull << 15)
#define ESR_WNR (1ull << 6)

/* false when the access cannot be emulated at all (no syndrome). */
static bool decode(const struct vcpu *v, uint64_t esr, struct mmio_access *a)
{
	unsigned int rt = ESR_SRT(esr);

	if (!(esr & ESR_ISV)) {
		return false;
	}
	a->size = 1u << ESR_SAS(esr);
	a->write = esr & ESR_WNR;
	a->value = 0;
	if (a->write && rt != 31) {
		a->value = v->regs.x[rt];
		if (a->size < 8) {
			a->value &= (1ull << (8 * a->size)) - 1;
		}
	}
	return true;
}

static void complete_read(struct vcpu *v, uint64_t esr, const struct mmio_access *a)
{
	unsigned int rt = ESR_SRT(esr);
	uint64_t value = a->value;

	if (a->size < 8) {
		value &= (1ull << (8 * a->size)) - 1;
		if ((esr & ESR_SSE) && (value >> (8 * a->size - 1)) & 1) {
			value |= ~0ull << (8 * a->size);
		}
		if (!(esr & ESR_SF)) {
			value &= 0xffffffffull;
		}
	}
	if (rt != 31) {
		v->regs.x[rt] = value;
	}
}

bool mmio_trap(struct vcpu *v, ipa_t ipa, uint64_t esr)
{
	const struct mmio_range *r = mmio_find(&v->domain->arch.mmio, ipa);
	struct mmio_access a;

	if (!r || !decode(v, esr, &a)) {
		return false;
	}
	a.addr = ipa;
	a.offset = ipa.ipa - r->base.ipa;
	if (!r->handler(v, &a)) {
		return false;
	}
	if (!a.write) {
		complete_read(v, esr, &a);
	}
	v->regs.pc += 4;
	return true;
}
