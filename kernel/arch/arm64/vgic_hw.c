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

uint64_t vgic_hw_lr_read(unsigned int n)
{
	switch (n) {
	case 0:
		return read_sysreg(S3_4_C12_C12_0);
	case 1:
		return read_sysreg(S3_4_C12_C12_1);
	case 2:
		return read_sysreg(S3_4_C12_C12_2);
	case 3:
		return read_sysreg(S3_4_C12_C12_3);
	case 4:
		return read_sysreg(S3_4_C12_C12_4);
	case 5:
		return read_sysreg(S3_4_C12_C12_5);
	case 6:
		return read_sysreg(S3_4_C12_C12_6);
	case 7:
		return read_sysreg(S3_4_C12_C12_7);
	case 8:
		return read_sysreg(S3_4_C12_C13_0);
	case 9:
		return read_sysreg(S3_4_C12_C13_1);
	case 10:
		return read_sysreg(S3_4_C12_C13_2);
	case 11:
		return read_sysreg(S3_4_C12_C13_3);
	case 12:
		return read_sysreg(S3_4_C12_C13_4);
	case 13:
		return read_sysreg(S3_4_C12_C13_5);
	case 14:
		return read_sysreg(S3_4_C12_C13_6);
	default:
		return read_sysreg(S3_4_C12_C13_7);
	}
}

void vgic_hw_lr_write(unsigned int n, uint64_t v)
{
	switch (n) {
	case 0:
		write_sysreg(S3_4_C12_C12_0, v);
		break;
	case 1:
		write_sysreg(S3_4_C12_C12_1, v);
		break;
	case 2:
		write_sysreg(S3_4_C12_C12_2, v);
		break;
	case 3:
		write_sysreg(S3_4_C12_C12_3, v);
		break;
	case 4:
		write_sysreg(S3_4_C12_C12_4, v);
		break;
	case 5:
		write_sysreg(S3_4_C12_C12_5, v);
		break;
	case 6:
		write_sysreg(S3_4_C12_C12_6, v);
		break;
	case 7:
		write_sysreg(S3_4_C12_C12_7, v);
		break;
	case 8:
		write_sysreg(S3_4_C12_C13_0, v);
		break;
	case 9:
		write_sysreg(S3_4_C12_C13_1, v);
		break;
	case 10:
		write_sysreg(S3_4_C12_C13_2, v);
		break;
	case 11:
		write_sysreg(S3_4_C12_C13_3, v);
		break;
	case 12:
		write_sysreg(S3_4_C12_C13_4, v);
		break;
	case 13:
		write_sysreg(S3_4_C12_C13_5, v);
		break;
	case 14:
		write_sysreg(S3_4_C12_C13_6, v);
		break;
	default:
		write_sysreg(S3_4_C12_C13_7, v);
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
