/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception vectors. A trap from a guest saves x0..x30, ELR and SPSR into
 * the running vCPU (pcpu->current, whose regs come first), calls
 * trap_guest(vcpu, kind) in C on a fresh stack, and enters whatever vCPU that
 * returns. Exceptions taken at EL2 itself are bugs of the core: their
 * registers go on the stack and trap_hyp() reports them and stops.
 */
#include <asm.h>

#define KIND_SYNC 0
#define KIND_IRQ 1
#define KIND_FIQ 2
#define KIND_SERROR 3

.macro save_guest kind
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_CURRENT]
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	stp	x18, x19, [x0, #144]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
	str	x30, [x0, #240]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #248]
	mov	x1, #\kind
	bl	trap_guest
	b	guest_enter
.endm

.macro save_hyp kind
	sub	sp, sp, #(34 * 8)
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x0, x1, [sp, #248]
	mov	x0, sp
	mov	x1, #\kind
	bl	trap_hyp
	b	park
.endm

.macro ventry target
	.balign	0x80
	b	\target
.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.global el2_vectors
el2_vectors:
	ventry	hyp_sync		/* current EL, SP_EL0 */
	ventry	hyp_irq
	ventry	hyp_fiq
	ventry	hyp_serror
	ventry	hyp_sync		/* current EL, SP_ELx */
	ventry	hyp_irq
	ventry	hyp_fiq
	ventry	hyp_serror
	ventry	guest_sync		/* lower EL, AArch64 */
	ventry	guest_irq
	ventry	guest_fiq
	ventry	guest_serror
	ventry	guest_sync		/* lower EL, AArch32 (EL0 only) */
	ventry	guest_irq
	ventry	guest_fiq
	ventry	guest_serror

hyp_sync:	save_hyp KIND_SYNC
hyp_irq:	save_hyp KIND_IRQ
hyp_fiq:	save_hyp KIND_FIQ
hyp_serror:	save_hyp KIND_SERROR
guest_sync:	save_guest KIND_SYNC
guest_irq:	save_guest KIND_IRQ
guest_fiq:	save_guest KIND_FIQ
guest_serror:	save_guest KIND_SERROR

/* x0 = the vCPU to run, already loaded on this pCPU. Does not return. */
	.global guest_enter
guest_enter:
	mrs	x1, tpidr_el2
	ldr	x1, [x1, #PCPU_STACK_TOP]
	mov	sp, x1
	ldp	x2, x3, [x0, #248]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	ldp	x0, x1, [x0, #0]
	eret
