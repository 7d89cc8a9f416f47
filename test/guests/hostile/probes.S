/* SPDX-License-Identifier: MIT */
/* Hostile probes: odd conduit immediates, SMC as a conduit, and register preservation. */

#include <abi/hypercall.h>
#include <libos/probe.inc>

#define PSCI_VERSION_FID 0x84000000	/* PSCI_0_2_VERSION, abi/psci.h */
#define XENVER_VERSION_CMD 0		/* XENVER_version, abi/version.h */

	.text

/* uint64_t probe_smc_psci_version(uint64_t *steps) */
	.global	probe_smc_psci_version
	.type	probe_smc_psci_version, %function
probe_smc_psci_version:
	stp	x19, x20, [sp, #-16]!
	mov	x19, x0
	mov	x20, #0
	mov	x0, #PSCI_VERSION_FID
	mov	x1, #0
	mov	x2, #0
	mov	x3, #0
	smc	#0
	add	x20, x20, #1		/* skipped if the hypervisor advanced the PC twice */
	add	x20, x20, #2
	str	x20, [x19]
	ldp	x19, x20, [sp], #16
	ret
	.size	probe_smc_psci_version, . - probe_smc_psci_version


	probe probe_hvc_1, hvc #1
	probe probe_hvc_ffff, hvc #0xffff
	probe probe_smc_1, smc #1

/* A distinct 64-bit value per register number. */
#define PATTERN(n) (0x5eed0000c0de0000 + (n) * 0x0101000000000101)

.macro fill_reg n
	ldr	x\n, =PATTERN(\n)
.endm

/* x0 is scratch; the mask of changed registers lives at [sp, #96]. */
.macro check_reg n
	ldr	x0, =PATTERN(\n)
	cmp	x\n, x0
	b.eq	1f
	ldr	x0, [sp, #96]
	orr	x0, x0, #(1 << \n)
	str	x0, [sp, #96]
1:
.endm

/* Save x19..x30 (the frame is 112 bytes: 96 for registers, the mask, padding). */
.macro save_callee
	stp	x29, x30, [sp, #-112]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	str	xzr, [sp, #96]
.endm

.macro restore_callee_return_mask
	ldr	x0, [sp, #96]
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #112
	ret
.endm

	.global	probe_hypercall_clobbers
	.type	probe_hypercall_clobbers, %function
probe_hypercall_clobbers:
	save_callee
	.irp n, 2,3,4,5,6,7,8,9,10,11,12,13,14,15,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	fill_reg \n
	.endr
	mov	x0, #XENVER_VERSION_CMD
	mov	x1, #0
	mov	x16, #__HYPERVISOR_xen_version
	hvc	#XEN_HVC_IMM
	.irp n, 2,3,4,5,6,7,8,9,10,11,12,13,14,15,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	check_reg \n
	.endr
	restore_callee_return_mask
	.size	probe_hypercall_clobbers, . - probe_hypercall_clobbers

	.global	probe_psci_clobbers
	.type	probe_psci_clobbers, %function
probe_psci_clobbers:
	save_callee
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	fill_reg \n
	.endr
	mov	x0, #PSCI_VERSION_FID
	hvc	#0
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	check_reg \n
	.endr
	restore_callee_return_mask
	.size	probe_psci_clobbers, . - probe_psci_clobbers

	.ltorg

	.section .note.GNU-stack, "", %progbits
