/* SPDX-License-Identifier: MIT */
/* The ICH_* registers of the virtual CPU interface, as vgic.c uses them. */
#ifndef VGIC_HW_H
#define VGIC_HW_H

#include <types.h>

/** How many list registers this pCPU has (ICH_VTR_EL2.ListRegs + 1, at most VGIC_LR_MAX). */
unsigned int vgic_hw_lr_count(void);

uint64_t vgic_hw_lr_read(unsigned int n);
void vgic_hw_lr_write(unsigned int n, uint64_t value);

/** ICH_HCR_EL2. */
void vgic_hw_set_hcr(uint64_t hcr);

/** Save ICH_VMCR_EL2 and the active priorities of both groups (apr[group][n],
 * as many registers as the pCPU has), clear them and switch the interface off. */
void vgic_hw_save(uint64_t *vmcr, uint64_t apr[2][4]);

/** Load them back and switch the interface on with hcr. */
void vgic_hw_restore(uint64_t vmcr, const uint64_t apr[2][4], uint64_t hcr);

#endif
