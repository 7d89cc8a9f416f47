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

unsigned int vgic_hw_lr_count(void)
{
	return lr_count;
}

/* ICH_LR<n>_EL2: S3_4_C12_C12_<n> for n < 8, S3_4_C12_C13_<n - 8> above. */
/* clang-format off */
#define FOR_EACH_LR(X)                                                                 \
	X(0, S3_4_C12_C12_0) X(1, S3_4_C12_C12_1) X(2, S3_4_C12_C12_2) X(3, S3_4_C12_C12_3) \
	X(4, S3_4_C12_C12_4) X(5, S3_4_C12_C12_5) X(6, S3_4_C12_C12_6) X(7, S3_4_C12_C12_7) \
	X(8, S3_4_C12_C13_0) X(9, S3_4_C12_C13_1) X(10, S3_4_C12_C13_2) X(11, S3_4_C12_C13_3) \
	X(12, S3_4_C12_C13_4) X(13, S3_4_C12_C13_5) X(14, S3_4_C12_C13_6) X(15, S3_4_C12_C13_7)
#define LR_READ(n, reg) case n: return read_sysreg(reg);
#define LR_WRITE(n, reg) case n: write_sysreg(reg, v); break;
/* clang-format on */

uint64_t vgic_hw_lr_read(unsigned int n)
{
	switch (n) {
		FOR_EACH_LR(LR_READ)
	default:
		return 0; /* n < lr_count <= 16 */
	}
}

void vgic_hw_lr_write(unsigned int n, uint64_t v)
{
	switch (n) {
		FOR_EACH_LR(LR_WRITE)
	default:
		break;
	}
}

void vgic_init_cpu(void)
{
	lr_count = (unsigned int)(read_sysreg(S3_4_C12_C11_1) & 0x1f) + 1; /* ICH_VTR_EL2 */
	if (lr_count > VGIC_LR_MAX) {
		lr_count = VGIC_LR_MAX;
	}
}

void vgic_hw_set_hcr(uint64_t hcr)
{
	write_sysreg(S3_4_C12_C11_0, hcr); /* ICH_HCR_EL2 */
}

void vgic_hw_save(uint64_t *vmcr, uint64_t ap1r[4])
{
	*vmcr = read_sysreg(S3_4_C12_C11_7);  /* ICH_VMCR_EL2 */
	ap1r[0] = read_sysreg(S3_4_C12_C9_0); /* ICH_AP1R0_EL2: 5 priority bits need only it */
	write_sysreg(S3_4_C12_C9_0, 0);
	write_sysreg(S3_4_C12_C11_0, 0);
}

void vgic_hw_restore(uint64_t vmcr, const uint64_t ap1r[4], uint64_t hcr)
{
	write_sysreg(S3_4_C12_C11_7, vmcr);
	write_sysreg(S3_4_C12_C9_0, ap1r[0]);
	write_sysreg(S3_4_C12_C11_0, hcr);
}
