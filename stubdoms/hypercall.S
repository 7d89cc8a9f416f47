/* SPDX-License-Identifier: MIT */
/* Hypercall stubs: HVC #0xEA1, number in x16, arguments in x0..x4, result in x0. */

#include <abi/hypercall.h>

/*
 * The typed stubs take their arguments in x0..x4 already, as the C calling
 * convention passes them, so each only loads the number. The hypervisor may
 * clobber x16 and the argument registers; the C convention lets it.
 */
.macro hypercall_stub name, number
	.global	hypercall_\name
	.type	hypercall_\name, %function
hypercall_\name:
	mov	x16, #\number
	hvc	#XEN_HVC_IMM
	ret
	.size	hypercall_\name, . - hypercall_\name
.endm

	.text

/* long hypercall(nr, a0, a1, a2, a3, a4): any number, any arguments (hostile tests). */
	.global	hypercall
	.type	hypercall, %function
hypercall:
	mov	x16, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	hvc	#XEN_HVC_IMM
	ret
	.size	hypercall, . - hypercall

	hypercall_stub xen_version, __HYPERVISOR_xen_version
	hypercall_stub console_io, __HYPERVISOR_console_io
	hypercall_stub sched_op, __HYPERVISOR_sched_op
	hypercall_stub vcpu_op, __HYPERVISOR_vcpu_op
	hypercall_stub memory_op, __HYPERVISOR_memory_op
	hypercall_stub grant_table_op, __HYPERVISOR_grant_table_op
	hypercall_stub event_channel_op, __HYPERVISOR_event_channel_op
	hypercall_stub hvm_op, __HYPERVISOR_hvm_op

	.section .note.GNU-stack, "", %progbits
