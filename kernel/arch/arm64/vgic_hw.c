// SPDX-License-Identifier: MIT
/*
 * The hardware side of the vGIC: the ICH_* registers of the virtual CPU
 * interface. Kept apart so the list register logic in vgic.c can be tested
 * on the host against a model of these registers.
 */
#include <sysreg.h>
#include <vgic.h>
#include <vgic_hw.h>

static unsigned int lr_count;
static unsigned int apr_count; /* active priority registers of each group */

unsigned int vgic_hw_lr_count(void)
{
	return lr_count;
}

/* ICH_LR<n>_EL2 (n 0..15): S3_4_C12_C12_<n> for n < 8, S3_4_C12_C13_<n - 8> above. Then,
 * numbered APR(group, n), ICH_AP0R<n>_EL2 (S3_4_C12_C8_<n>) and ICH_AP1R<n>_EL2
 * (S3_4_C12_C9_<n>): one 32-bit register for each 32 preemption levels, so 1, 2 or 4 of each. */
/* clang-format off */
#define FOR_EACH_ICH(X)                                                                 \
	X(0, S3_4_C12_C12_0) X(1, S3_4_C12_C12_1) X(2, S3_4_C12_C12_2) X(3, S3_4_C12_C12_3) \
	X(4, S3_4_C12_C12_4) X(5, S3_4_C12_C12_5) X(6, S3_4_C12_C12_6) X(7, S3_4_C12_C12_7) \
	X(8, S3_4_C12_C13_0) X(9, S3_4_C12_C13_1) X(10, S3_4_C12_C13_2) X(11, S3_4_C12_C13_3) \
	X(12, S3_4_C12_C13_4) X(13, S3_4_C12_C13_5) X(14, S3_4_C12_C13_6) X(15, S3_4_C12_C13_7) \
	X(16, S3_4_C12_C8_0) X(17, S3_4_C12_C8_1) X(18, S3_4_C12_C8_2) X(19, S3_4_C12_C8_3) \
	X(20, S3_4_C12_C9_0) X(21, S3_4_C12_C9_1) X(22, S3_4_C12_C9_2) X(23, S3_4_C12_C9_3)
#define CASE_READ(n, reg) case n: return read_sysreg(reg);
#define CASE_WRITE(n, reg) case n: write_sysreg(reg, v); break;
/* clang-format on */
#define APR(group, n) (16 + 4 * (group) + (n))

static uint64_t ich_read(unsigned int n)
{
	switch (n) {
		FOR_EACH_ICH(CASE_READ)
	default:
		return 0; /* n < 16 for an LR, APR(1, apr_count - 1) at most */
	}
}

static void ich_write(unsigned int n, uint64_t v)
{
	switch (n) {
		FOR_EACH_ICH(CASE_WRITE)
	default:
		break;
	}
}

uint64_t vgic_hw_lr_read(unsigned int n)
{
	return ich_read(n);
}

void vgic_hw_lr_write(unsigned int n, uint64_t v)
{
	ich_write(n, v);
}

void vgic_init_cpu(void)
{
	uint64_t vtr = read_sysreg(S3_4_C12_C11_1); /* ICH_VTR_EL2 */
	unsigned int preemption_bits = (unsigned int)((vtr >> 26) & 7) + 1;

	lr_count = MIN((unsigned int)(vtr & 0x1f) + 1, VGIC_LR_MAX);
	/* 5, 6 or 7 preemption bits (the architecture allows no other). */
	apr_count = preemption_bits >= 7 ? 4 : preemption_bits == 6 ? 2 : 1;
}

void vgic_hw_set_hcr(uint64_t hcr)
{
	write_sysreg(S3_4_C12_C11_0, hcr); /* ICH_HCR_EL2 */
}

/* Both groups: a guest can write its Group 0 active priorities too, and they
 * would hold back the next vCPU's interrupts on this pCPU. */
void vgic_hw_save(uint64_t *vmcr, uint64_t apr[2][4])
{
	*vmcr = read_sysreg(S3_4_C12_C11_7); /* ICH_VMCR_EL2 */
	for (unsigned int g = 0; g < 2; g++) {
		for (unsigned int n = 0; n < apr_count; n++) {
			apr[g][n] = ich_read(APR(g, n));
			ich_write(APR(g, n), 0);
		}
	}
	write_sysreg(S3_4_C12_C11_0, 0);
}

void vgic_hw_restore(uint64_t vmcr, const uint64_t apr[2][4], uint64_t hcr)
{
	write_sysreg(S3_4_C12_C11_7, vmcr);
	for (unsigned int g = 0; g < 2; g++) {
		for (unsigned int n = 0; n < apr_count; n++) {
			ich_write(APR(g, n), apr[g][n]);
		}
	}
	write_sysreg(S3_4_C12_C11_0, hcr);
}
