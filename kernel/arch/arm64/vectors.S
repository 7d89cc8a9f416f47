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

/* Store or load x2..x30 at byte 8 * n from base, as struct vcpu_regs and struct
 * hyp_frame lay them out: pair is stp or ldp, single str or ldr. */
.macro regs_x2_x30 pair, single, base
	\pair	x2, x3, [\base, #16]
	\pair	x4, x5, [\base, #32]
	\pair	x6, x7, [\base, #48]
	\pair	x8, x9, [\base, #64]
	\pair	x10, x11, [\base, #80]
	\pair	x12, x13, [\base, #96]
	\pair	x14, x15, [\base, #112]
	\pair	x16, x17, [\base, #128]
	\pair	x18, x19, [\base, #144]
	\pair	x20, x21, [\base, #160]
	\pair	x22, x23, [\base, #176]
	\pair	x24, x25, [\base, #192]
	\pair	x26, x27, [\base, #208]
	\pair	x28, x29, [\base, #224]
	\single	x30, [\base, #240]
.endm

.macro save_guest kind
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_CURRENT]
	regs_x2_x30 stp, str, x0
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
	regs_x2_x30 stp, str, sp
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
	regs_x2_x30 ldp, ldr, x0
	ldp	x0, x1, [x0, #0]
	eret
