/* SPDX-License-Identifier: MIT */
/*
 * Copies between the core and the running vCPU's virtual address space. The
 * only way the core reads or writes guest memory named by a guest pointer.
 */
#ifndef GUEST_COPY_H
#define GUEST_COPY_H

#include <vcpu.h>

/**
 * Copy len bytes from guest virtual address gva of v, which must be the vCPU
 * running on this pCPU. Returns 0, or -EFAULT if any byte is not mapped
 * readable RAM at both stages or the range wraps.
 */
int copy_from_guest(struct vcpu *v, void *dst, gva_t gva, size_t len);

/** Copy len bytes to guest virtual address gva of v; 0 or -EFAULT, as above. */
int copy_to_guest(struct vcpu *v, gva_t gva, const void *src, size_t len);

/** Translate a guest virtual address of the running vCPU through its stage 1; 0 or -EFAULT. */
int arch_gva_to_ipa(gva_t gva, bool write, ipa_t *ipa);

#endif
